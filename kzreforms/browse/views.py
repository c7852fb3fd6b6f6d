"""What the right pane shows: one entry in full, or a view of the listed entries.

Every view is a renderable of :mod:`kzreforms.render`, the same ones `show`, `timeline`,
`thresholds`, `glossary` and `compare` print, so data text is made safe in one place.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.console import Group, RenderableType
from rich.text import Text

from .. import layout, query, render
from ..cite import cited_keys
from ..glossary import terms_used
from ..model import Dataset, Reform

# A view draws every row it is given; past this many entries it draws the first ones and
# says so (a chart of 10,000 entries' thresholds helps nobody and takes seconds).
VIEW_LIMIT = 200


def entry(dataset: Dataset, reform: Reform | None) -> RenderableType:
    """One entry as `show` prints it, or a line saying there is none to show."""
    if reform is None:
        return Text("No entry matches. Esc clears the filters.", style=layout.DIM)
    return render.reform_detail(reform, terms_used(reform, dataset.glossary), dataset.sources)


def _capped(reforms: Sequence[Reform]) -> tuple[Sequence[Reform], list[RenderableType]]:
    if len(reforms) <= VIEW_LIMIT:
        return reforms, []
    note = Text(
        f"The first {VIEW_LIMIT} of the {len(reforms):,} listed entries; filter to see others.", layout.DIM
    )
    return reforms[:VIEW_LIMIT], [note, Text()]


def timeline(dataset: Dataset, reforms: Sequence[Reform]) -> RenderableType:
    """The dated events of the listed entries and the context, as `timeline` prints them."""
    shown, note = _capped(reforms)
    titles = {reform.id: reform.title for reform in shown}
    return Group(*note, render.timeline(query.timeline(dataset, shown), shown, titles))


def thresholds(reforms: Sequence[Reform]) -> RenderableType:
    """The thresholds of the listed entries as bars, as `thresholds` prints them."""
    shown, note = _capped(reforms)
    return Group(*note, render.thresholds_chart(shown))


def comparison(dataset: Dataset, reforms: Sequence[Reform], first: str, second: str) -> RenderableType:
    """The rules of the listed entries on two days, as `compare` prints them."""
    from ..compare import compare, entries_by_id

    shown, note = _capped(reforms)
    result = compare(shown, first, second, entries=entries_by_id(dataset.reforms))
    return Group(*note, render.comparison(result, dataset.as_of, len(shown), dataset.sources))


def glossary(dataset: Dataset, used_in: Mapping[str, list[int]]) -> RenderableType:
    """Every glossary term, as `glossary` prints it."""
    return render.glossary_table(dataset.glossary, dict(used_in))


def first_address(dataset: Dataset, reform: Reform) -> str | None:
    """The address of the entry's first source (in the order `show` numbers them) that has one."""
    for key in cited_keys(reform):
        source = dataset.sources.get(key)
        if source is not None and source.url:
            return source.url
    return None
