"""Which entries the list shows: the filter box's words and the topic, status and period picked.

Pure functions over the library: the words go through :func:`kzreforms.search.search`, the
same engine and query syntax as `kzreforms search`; topic and status through
:func:`kzreforms.query.select`, as `--topic` and `--status` do.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

from .. import query, search
from ..model import PERIODS, STATUSES, Dataset, Reform
from ..search import Index, Span

# The best hits of a query that the list shows. Building a hit (its snippet and spans) costs
# some 25 µs, so at 10,000 entries listing every hit of a common word would make each
# keystroke slow; the count still says how many match in all.
LIMIT = 500


class Filters(NamedTuple):
    """What the user asked for; empty means no filter of that kind."""

    text: str = ""
    topic: str = ""
    status: str = ""
    period: str = ""

    def labels(self) -> list[str]:
        """'topic: elections', 'status: in force', 'period: …' for the filters that are set."""
        labels = [f"topic: {self.topic}"] if self.topic else []
        labels += [f"status: {self.status}"] if self.status else []
        labels += [f"period: {PERIODS.get(self.period, self.period)}"] if self.period else []
        return labels


class Matches(NamedTuple):
    """The entries to list, in the data's order, and what the count line says about them."""

    reforms: tuple[Reform, ...]
    total: int  # how many entries match in all (more than len(reforms) past LIMIT)
    of: int  # how many entries the data has
    searched: bool  # whether the words of the filter box took part
    best: int | None = None  # the id of the best hit, for the cursor
    title_spans: Mapping[int, tuple[Span, ...]] = MappingProxyType({})  # the matched words of each title

    def summary(self) -> str:
        """'31 entries', '3 of 31 entries match', '5,118 of 10,000 match, the best 500 listed'."""
        if not self.searched and self.total == self.of:
            return f"{self.of:,} {'entry' if self.of == 1 else 'entries'}"
        text = f"{self.total:,} of {self.of:,} match"
        if self.total > len(self.reforms):
            text += f", the best {len(self.reforms):,} listed"
        return text


def topics(dataset: Dataset) -> list[tuple[str, int]]:
    """Each topic with how many entries have it, most common first."""
    return [(topic, len(ids)) for topic, ids in query.all_topics(dataset).items()]


def statuses(dataset: Dataset) -> list[tuple[str, int]]:
    """Each status the data has, in the model's order, with how many entries have it."""
    counts = {status: 0 for status in STATUSES}
    for reform in dataset.reforms:
        counts[reform.status] = counts.get(reform.status, 0) + 1
    return [(status, count) for status, count in counts.items() if count]


def periods(dataset: Dataset) -> list[tuple[str, int]]:
    """Each period the data has (its key), in order, with how many entries it holds."""
    counts = {period: 0 for period in PERIODS}
    for reform in dataset.reforms:
        counts[reform.period] = counts.get(reform.period, 0) + 1
    return [(period, count) for period, count in counts.items() if count]


def apply(dataset: Dataset, index: Index, filters: Filters) -> Matches:
    """The entries that pass every filter; the words ranked by the search engine."""
    allowed = dataset.reforms
    if filters.topic or filters.status:
        topics = [filters.topic] if filters.topic else []
        allowed = query.select(dataset, topics, [filters.status] if filters.status else [])
    if filters.period:
        allowed = tuple(reform for reform in allowed if reform.period == filters.period)
    of = len(dataset.reforms)
    if not search.query_words(filters.text):
        return Matches(allowed, len(allowed), of, searched=False)
    narrowed = allowed is not dataset.reforms
    only = [reform.id for reform in allowed] if narrowed else None
    # The list narrows as the reader types: every word must match, the last one as it is typed
    # so far (a prefix), and the list needs no snippets, only the titles' matched words.
    result = search.search(
        dataset.reforms,
        filters.text,
        index=index,
        limit=LIMIT,
        only=only,
        every=True,
        typing=True,
        snippets=False,
    )
    if not result.words:  # only exclusions ("-word"): search finds nothing to rank
        return Matches(allowed, len(allowed), of, searched=False)
    found = {id(hit.reform) for hit in result.hits}
    listed = tuple(reform for reform in dataset.reforms if id(reform) in found)
    best = result.hits[0].reform.id if result.hits else None
    spans = {hit.reform.id: hit.title_spans for hit in result.hits}
    return Matches(listed, result.total, of, True, best, spans)
