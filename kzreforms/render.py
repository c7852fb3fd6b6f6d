"""The views: models -> Rich renderables, one function per view. Nothing here prints; the command
line hands these to :class:`kzreforms.output.Output`.

Every string that comes from a data file goes through :func:`kzreforms.layout.text` (never
parsed as markup, control characters made visible). The pieces the views are built from are in
:mod:`kzreforms.layout`; the pictures of them (--svg, --html) in :mod:`kzreforms.pictures`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.style import Style
from rich.text import Text

from . import formats
from .layout import (
    AFTER_STYLE,
    BEFORE_STYLE,
    CITE_STYLE,
    DIM,
    HEADING_STYLE,
    ID_STYLE,
    MATCH_STYLE,
    NARROW,
    THEME_COLOURS,
    WIDE,
    ColourOr,
    Hanging,
    Responsive,
    SideBySide,
    TextTable,
    append_whole,
    bracketed,
    bullet,
    heading,
    section,
    segments,
    spaced,
    split,
    text,
)
from .model import (
    PERIODS,
    Assessment,
    Event,
    Figure,
    GlossaryTerm,
    Measure,
    Number,
    Rating,
    Reform,
    Source,
    Threshold,
)

if TYPE_CHECKING:
    from rich.measure import Measurement
    from rich.table import Table

    from .compare import Comparison, Row, Side
    from .query import Dated, SourceProblem
    from .search import Hit, Result, Span


def _thresholds_text(reform: Reform) -> Text:
    return Text("\n").join(text(formats.threshold_text(t)) for t in reform.thresholds)


def _before_after_short(reform: Reform) -> Text:
    before = reform.before.short or formats.shorten(reform.before.text, 40)
    after = reform.after.short or formats.shorten(reform.after.text, 40)
    return Text.assemble(text(before), f" {formats.ARROW} ", text(after))


STATUS_STYLES = {
    "in force": "green",
    "partly in force": "yellow",
    "replaced": "yellow",
    "repealed": "red",
    "not known": "yellow",
    "proposed": "cyan",
    "not adopted": "red",
}


def status_text(reform: Reform) -> Text:
    """'in force', 'replaced by entry 41', 'in force from 1 Jul 2026',
    'in force from 8 Jun 2022, not known after entry 28'."""
    words: str = reform.status
    if reform.status == "not known":
        since = f"in force from {formats.date(reform.in_force)}, " if reform.in_force else ""
        after = f" after entry {reform.replaced_by}" if reform.replaced_by is not None else ""
        words = f"{since}not known{after}"
    elif reform.replaced_by is not None:
        words += f" by entry {reform.replaced_by}"
    if reform.in_force and reform.status in ("in force", "partly in force"):
        words += f" from {formats.date(reform.in_force)}"
    return Text(words, style=STATUS_STYLES.get(reform.status, ""))


def _before_after_status(reform: Reform) -> Text:
    """'7% of the vote → 5% of the vote (replaced by entry 40)'."""
    return Text.assemble(_before_after_short(reform), " (", status_text(reform), ")")


class _PeriodRows:
    """One period's entries in the list, laid out for a width: what every slice of it shares."""

    def __init__(self, label: str, members: Sequence[Reform]) -> None:
        self.label, self.members = label, members
        self.id_width = max(len("ID"), *(len(str(reform.id)) for reform in members))
        self.with_thresholds = any(reform.thresholds for reform in members)
        self._longest: int | None = None

    def longest_threshold(self) -> int:
        """The longest line of any member's thresholds: measured once, one member at a time."""
        if self._longest is None:  # what _longest_line of each _thresholds_text gives, without the Texts
            self._longest = max(
                (
                    cell_len(line)
                    for reform in self.members
                    for threshold in reform.thresholds
                    for line in formats.visible(formats.threshold_text(threshold)).splitlines()
                ),
                default=0,
            )
        return self._longest

    def render(self, width: int, start: int = 0, stop: int | None = None) -> RenderableType:
        """The members from ``start`` to ``stop``; the title with the first, a blank line after the last."""
        stop = len(self.members) if stop is None else stop
        head, tail = start == 0, stop >= len(self.members)
        members = self.members[start:stop]
        if width >= NARROW:
            return self._wide(members, width, head, tail)
        return self._narrow(members, head)

    def _wide(self, members: Sequence[Reform], width: int, head: bool, tail: bool) -> TextTable:
        """A table: before → after in a column of its own from WIDE columns, under the title below.

        The thresholds get a column only where a member has one: an empty column says nothing.
        """
        with_thresholds = self.with_thresholds
        columns = (4 if width >= WIDE else 3) - (0 if with_thresholds else 1)
        # edges, dividers, padding
        available = max(columns, width - (2 + (columns - 1) + 2 * columns) - self.id_width)
        # The thresholds keep their lines whole when they can; the text columns share the rest.
        thresholds_width = 0
        if with_thresholds:
            thresholds_width = max(len("Thresholds"), min(self.longest_threshold(), available // 2))
        rest = max(1, available - thresholds_width)
        last = (["Thresholds"], [thresholds_width]) if with_thresholds else ([], [])
        if width >= WIDE:
            headers = ["ID", "Reform", f"Before {formats.ARROW} after", *last[0]]
            widths = [self.id_width, *split(rest, (1, 1)), *last[1]]
        else:
            headers = ["ID", f"Reform: before {formats.ARROW} after", *last[0]]
            widths = [self.id_width, rest, *last[1]]
        table = TextTable(self.label, headers, widths, ID_STYLE, head, tail)
        for reform in members:
            title, change = text(reform.title), _before_after_status(reform)
            thresholds = [_thresholds_text(reform)] if with_thresholds else []
            if width >= WIDE:
                table.add_row(Text(str(reform.id)), title, change, *thresholds)
            else:
                title.stylize(HEADING_STYLE)
                table.add_row(Text(str(reform.id)), Text("\n").join([title, change]), *thresholds)
        return table

    def _narrow(self, members: Sequence[Reform], head: bool) -> Table:
        from rich.table import Table

        table = Table(
            title=self.label if head else None, title_justify="left", title_style=HEADING_STYLE, box=None,
            show_header=False, expand=True, padding=(0, 1, 1, 0),
        )  # fmt: skip
        id_width = max(len(str(reform.id)) for reform in self.members)  # no header here
        table.add_column("ID", justify="right", style=ID_STYLE, no_wrap=True, width=id_width)
        # All the width left is the text's (so that every slice of the list lays out alike); a
        # number longer than the column wraps, never "…".
        table.add_column("Reform", overflow="fold", ratio=1)
        for reform in members:
            details = [text(reform.title, HEADING_STYLE), _before_after_status(reform)]
            if reform.thresholds:
                details.append(_thresholds_text(reform))
            table.add_row(str(reform.id), Text("\n").join(details))
        return table


class _ListPart:
    """Some rows of the list, laid out for the width they are printed at: a slice of a period
    each, and the foot if it is the end."""

    def __init__(self, slices: Sequence[tuple[_PeriodRows, int, int]], foot: str = "") -> None:
        self.slices, self.foot = slices, foot

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for period, start, stop in self.slices:
            yield period.render(options.max_width, start, stop)
        if self.foot:
            yield Text(self.foot, style=DIM)


# How many rows of the list a streamed part holds: few enough that the first appears at once.
LIST_ROWS_AT_A_TIME = 200


def reform_list_parts(
    reforms: Sequence[Reform], as_of: str | None = None, rows: int | None = None
) -> Iterator[RenderableType]:
    """:func:`reform_list` in parts of at most ``rows`` entries (LIST_ROWS_AT_A_TIME), each to be
    printed as it comes: together they print exactly what the whole does, and the first comes
    before the rest is laid out."""
    rows = rows or LIST_ROWS_AT_A_TIME
    count = formats.entries(len(reforms))
    foot = f"{count}; data as of {formats.date(as_of)}. Sources: kzreforms show ID." if as_of else ""
    if not reforms:
        yield Text("No entries." + (f" Data as of {formats.date(as_of)}." if as_of else ""))
        return
    from .query import by_period

    slices: list[tuple[_PeriodRows, int, int]] = []
    held = 0
    for _, label, members in by_period(reforms):
        period = _PeriodRows(label, members)
        for start in range(0, len(members), rows):
            stop = min(start + rows, len(members))
            if held + stop - start > rows and slices:
                yield _ListPart(slices)
                slices, held = [], 0
            slices.append((period, start, stop))
            held += stop - start
    yield _ListPart(slices, foot)


def reform_list(reforms: Sequence[Reform], as_of: str | None = None) -> RenderableType:
    """Every entry, grouped by period: id, title and status, a short before → after, thresholds.

    ``as_of``, the data's date, goes at the foot.
    """
    return Group(*reform_list_parts(reforms, as_of, rows=max(1, len(reforms))))


def _before_after(
    reform: Reform, cite: Callable[[Sequence[str]], str], at: Side | None = None
) -> RenderableType:
    removed, added = formats.changed_spans(reform.before.text, reform.after.text)
    before = text(reform.before.text, spans=removed, span_style=BEFORE_STYLE)
    before.append(cite(reform.before.sources), style=CITE_STYLE)
    after = text(reform.after.text, spans=added, span_style=AFTER_STYLE)
    after.append(cite(reform.after.sources), style=CITE_STYLE)
    marks = {"before": "Before", "after": "After"}
    if at is not None and at.state in marks:
        marks[at.state] += f" · in force on {formats.date(at.day)}"
    wide = SideBySide((marks["before"], before), (marks["after"], after))
    narrow = Group(Text(), heading(marks["before"]), before, Text(), heading(marks["after"]), after)
    return Responsive(wide, narrow, breakpoint=60)


class _Cite:
    """The numbers of an entry's sources, as ' [1][3]' after each fact (see :func:`kzreforms.cite.numbered`)."""

    def __init__(self, reform: Reform, keys: Sequence[str] | None = None) -> None:
        from .cite import numbered

        self.numbers = numbered(reform) if keys is None else {key: n for n, key in enumerate(keys, start=1)}

    def __call__(self, keys: Sequence[str]) -> str:
        return " " + "".join(f"[{self.numbers[key]}]" for key in keys) if keys else ""


def _heading_lines(reform: Reform) -> list[RenderableType]:
    period = PERIODS.get(reform.period, reform.period)
    return [
        Text.assemble((f"{reform.id}. ", ID_STYLE), text(reform.title, HEADING_STYLE)),
        Text.assemble((f"{period} · ", DIM), status_text(reform)),
    ]


def _threshold_row(threshold: Threshold, cite: _Cite) -> RenderableType:
    whole: list[tuple[int, int]] = []
    line = Text.assemble(text(threshold.label), ": ")
    append_whole(line, text(formats.threshold_text(threshold), "bold"), whole)
    line.append(cite(threshold.sources), style=CITE_STYLE)
    if threshold.steps:
        line.append("; on the way:", style=DIM)
        for number, step in enumerate(threshold.steps):
            when = f" ({formats.date(step.date)})" if step.date else ""
            line.append(", " if number else " ", style=DIM)
            append_whole(line, text(formats.amount(step.value, threshold.unit) + when, DIM), whole)
            line.append(cite(step.sources), style=CITE_STYLE)
    return bullet(line, whole=whole)


def _figure_row(figure: Figure, cite: _Cite) -> RenderableType:
    whole: list[tuple[int, int]] = []
    line = Text.assemble(text(figure.label), ": ")
    value = text(formats.amount(figure.value, figure.unit), "bold")
    if figure.date:
        value.append(f" ({formats.date(figure.date)})", style="not bold")
    append_whole(line, value, whole)
    line.append(cite(figure.sources), style=CITE_STYLE)
    return bullet(line, whole=whole)


def _measure_row(measure: Measure, cite: _Cite) -> RenderableType:
    return bullet(text(measure.text), Text(cite(measure.sources), CITE_STYLE))


def _event_row(event: Event, cite: _Cite) -> RenderableType:
    return _dated(event.date, event.text, cite(event.sources))


def _assessment_row(assessment: Assessment, cite: _Cite) -> RenderableType:
    return bullet(
        text(f"{assessment.by}, {formats.date(assessment.date)}: ", "bold"),
        text(assessment.text),
        Text(cite(assessment.sources), CITE_STYLE),
    )


def _items(
    label: str, records: Sequence[Any], row: Callable[[Any, _Cite], RenderableType], cite: _Cite
) -> list[RenderableType]:
    return [section(label, [row(record, cite) for record in records])] if records else []


def _facts(reform: Reform, cite: _Cite) -> list[RenderableType]:
    """The sections under before and after, in the order of :data:`kzreforms.formats.LAID_OUT`."""
    parts = [
        *_items("Thresholds", reform.thresholds, _threshold_row, cite),
        *_items("Figures", reform.figures, _figure_row, cite),
        *_items("Further measures", reform.measures, _measure_row, cite),
        *_items("Dates", reform.events, _event_row, cite),
        *_items("Assessments", reform.assessments, _assessment_row, cite),
    ]
    if reform.legal_basis:
        parts.append(section("Legal basis", [bullet(text(law)) for law in reform.legal_basis]))
    parts.append(section("Topics", [text(", ".join(reform.topics))]))
    if reform.aliases:
        parts.append(section("Also known as", [text(", ".join(reform.aliases))]))
    return parts


def _plain(value: object) -> str:
    """A field's value as text: lists joined, records as their fields."""
    if isinstance(value, tuple):
        return "; ".join(_plain(item) for item in value)
    fields = getattr(value, "__struct_fields__", None)
    if fields is not None:
        return ", ".join(f"{field}: {_plain(getattr(value, field))}" for field in fields)
    return str(value)


def _other_fields(reform: Reform) -> list[RenderableType]:
    """A field added to the model shows, as it is, before anyone lays it out."""
    return [
        section(name.replace("_", " ").capitalize(), [text(_plain(value))])
        for name, value in formats.other_fields(reform)
        if value not in (None, (), "")
    ]


def _glossary_section(glossary: Sequence[GlossaryTerm]) -> list[RenderableType]:
    if not glossary:
        return []
    return [
        section("Glossary", [bullet(text(term.term, "bold"), ": ", text(term.meaning)) for term in glossary])
    ]


def _sources_section(cite: _Cite, sources: Mapping[str, Source] | None) -> list[RenderableType]:
    if sources is None:
        return []
    lines = [source_line(number, key, sources[key]) for key, number in cite.numbers.items() if key in sources]
    return [section("Sources", lines)]


def reform_detail(
    reform: Reform,
    glossary: Sequence[GlossaryTerm] = (),
    sources: Mapping[str, Source] | None = None,
    at: Side | None = None,
) -> RenderableType:
    """One entry in full: before and after side by side, then everything that came with it.

    Each fact carries the numbers of its sources, [1], which are listed at the foot. ``at`` (from
    ``show --at``) marks the side in force on that day, or says what stood in their place.
    """
    cite = _Cite(reform)
    return Group(
        *_heading_lines(reform),
        *_at_line(at),
        _before_after(reform, cite, at),
        *_facts(reform, cite),
        *_other_fields(reform),
        *_glossary_section(glossary),
        *_sources_section(cite, sources),
    )


# What `show --only` shows alone.
PARTS = ("before-after",)


def before_after_keys(reform: Reform) -> list[str]:
    """The keys of the sources of the entry's before and after, each once, in that order."""
    return list(dict.fromkeys([*reform.before.sources, *reform.after.sources]))


def reform_comparison(reform: Reform, sources: Mapping[str, Source] | None = None) -> RenderableType:
    """The entry's before and after alone (`show N --only before-after`, for a slide): its heading,
    the two side by side, and the sources they cite, numbered in that order."""
    cite = _Cite(reform, before_after_keys(reform))
    return Group(*_heading_lines(reform), _before_after(reform, cite), *_sources_section(cite, sources))


def _at_line(at: Side | None) -> list[RenderableType]:
    """'On 31 Dec 2021 the before was in force.', or what stood on that day instead."""
    if at is None:
        return []
    from .compare import side_words

    day = formats.date(at.day)
    if at.state in ("before", "after"):
        words = f"On {day} the {at.state} was in force."
    else:
        words = f"On {day}: {side_words(at)}."
    return [Text(words, style=HEADING_STYLE if at.state in ("before", "after", "replaced") else DIM)]


def source_line(number: int, key: str, source: Source) -> Hanging:
    """'[1] Author, "Title", Publisher, 5 Jun 2022, No. 333-VI' and the address below; the title links to it."""
    body = Text()
    whole: list[tuple[int, int]] = []
    if source.author:
        body.append_text(text(f"{source.author}, "))
    title = text(f'"{source.title}"')
    if source.url:
        title.stylize(Style(link=link_target(source.url)))
    body.append_text(title)
    if source.publisher:
        body.append_text(text(f", {source.publisher}"))
    if source.date:
        body.append(", ")
        append_whole(body, Text(formats.date(source.date)), whole)
    if source.law_number:
        body.append(", ")
        append_whole(body, text(f"No. {source.law_number}"), whole)
    return Hanging(f"[{number}]", body, CITE_STYLE, whole=whole, address=source.url or "")


def link_target(url: str) -> str:
    """``url`` with every character outside printable ASCII, and any of ``{}\\"<>^`|``, percent-encoded.

    Rich writes a link's address raw into the terminal's OSC 8 sequence and into the href of
    the HTML export, where an escape or a quote would end it early and run the rest as a
    terminal command or as markup. Percent-encoding leaves the address pointing at the same place.
    """
    return formats.url_escaped(url, ascii_only=True)


DATE_WIDTH = len("25 May 2020")


def _dated(date: str, what: str, cited: str = "") -> Hanging:
    body = text(what)
    if cited:
        body.append(cited, style=CITE_STYLE)
    return Hanging(formats.date(date), body, ID_STYLE, DATE_WIDTH + 1)


def search_results(result: Result) -> RenderableType:
    """Each hit: id, title and status; before → after and thresholds; the matched line; then how many more.

    Matched words are highlighted in colour, or put in [brackets] where there is no colour.
    """
    parts: list[RenderableType] = [
        ColourOr(_hit(hit, marked=False), _hit(hit, marked=True)) for hit in result.hits
    ]
    more = result.total - len(result.hits)
    if more > 0:
        parts.append(Text(f"… and {more:,} more (use --limit to see them)", style=DIM))
    return Group(*spaced(parts))


def _marked(value: str, spans: Sequence[Span], style: str, marked: bool) -> Text:
    if marked:
        return text(bracketed(value, spans), style)
    return text(value, style, spans, MATCH_STYLE)


def _hit(hit: Hit, marked: bool) -> RenderableType:
    reform = hit.reform
    title = _marked(reform.title, hit.title_spans, HEADING_STYLE, marked)
    title.append_text(Text.assemble(" (", status_text(reform), ")"))
    summary = Text("\n").join(
        [_before_after_short(reform), *(text(formats.threshold_text(t)) for t in reform.thresholds)]
    )
    summary.stylize(DIM)
    snippet = hit.snippet
    body = Text.assemble((f"{snippet.field}: ", DIM), _marked(snippet.text, snippet.spans, "", marked))
    lines = [
        Hanging(f"{reform.id:>3} ", title, ID_STYLE),
        Hanging("", summary, marker_width=4),
        Hanging("", body, marker_width=4),
    ]
    if hit.missing:
        lines.append(Hanging("", Text(f"missing: {', '.join(hit.missing)}", style=DIM), marker_width=4))
    return Group(*lines)


# --------------------------------------------------------------------------------------
# Views: thresholds as bars, the timeline, topics and the glossary
# --------------------------------------------------------------------------------------

BEFORE_BAR, AFTER_BAR, STEP_BAR = THEME_COLOURS["terminal"]  # blue, orange, grey: see layout.THEME_COLOURS


BAR_WIDTH = 50  # the longest a bar gets, however wide the terminal
VALUE_MIN_WIDTH = 24  # room for the longest number, −1,000,000,000,000,000, beside a bar at 40 columns


class _Bar:
    """A horizontal bar from 0 to ``value`` on a scale of ``scale``, at most ``longest`` long."""

    def __init__(self, value: float, scale: float, color: str, longest: int = BAR_WIDTH) -> None:
        self.value, self.scale, self.color, self.longest = value, scale, color, longest

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = min(options.max_width, BAR_WIDTH)
        from rich.bar import Bar

        yield Bar(size=self.scale, begin=0, end=self.value, width=width, color=self.color)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        from rich.measure import Measurement

        return Measurement(1, min(options.max_width, self.longest))


def _bar(value: Number | None, scale: float, color: str, longest: int = BAR_WIDTH) -> RenderableType:
    if value is None or scale == 0:
        return Text("")
    return _Bar(abs(value), scale, color, longest)


class _Bars:
    """One threshold's rows (label, bar, value) in a grid: the bars leave room for the longest
    word of the values (a number), which is then not split; a value still too long for its
    column wraps, never "…"."""

    def __init__(self, rows: Sequence[tuple[str, Number | None, str, str]], scale: float) -> None:
        self.rows, self.scale = rows, scale

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.table import Table

        longest = max(cell_len(word) for *_, value in self.rows for word in value.split())
        room = len("before") + 2 + min(longest, VALUE_MIN_WIDTH)
        bar_width = max(1, min(BAR_WIDTH, options.max_width - room))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, style=DIM)
        grid.add_column()
        grid.add_column(overflow="fold")
        for label, amount, color, value in self.rows:
            grid.add_row(label, _bar(amount, self.scale, color, bar_width), text(value))
        yield grid


def thresholds_chart(reforms: Sequence[Reform]) -> RenderableType:
    """Every threshold as two bars, before and after, on one scale per threshold."""
    parts: list[RenderableType] = []
    for reform in reforms:
        for threshold in reform.thresholds:
            scale = max(
                abs(threshold.before or 0),
                abs(threshold.after),
                *(abs(step.value) for step in threshold.steps),
            )
            header = Text.assemble(
                (f"{reform.id} ", ID_STYLE),
                text(threshold.label, HEADING_STYLE),
                "  ",
                (formats.change(threshold.change), "bold"),
            )
            before = "none" if threshold.before is None else formats.amount(threshold.before, threshold.unit)
            rows: list[tuple[str, Number | None, str, str]] = [
                ("before", threshold.before, BEFORE_BAR, before)
            ]
            for step in threshold.steps:
                when = f" ({formats.date(step.date)})" if step.date else ""
                value = formats.amount(step.value, threshold.unit) + when
                rows.append(("step", step.value, STEP_BAR, value))
            after = formats.amount(threshold.after, threshold.unit)
            rows.append(("after", threshold.after, AFTER_BAR, after))
            parts.append(Group(header, _Bars(rows, scale)))
    if not parts:
        return Text("No thresholds.")
    return Group(*spaced(parts))


def timeline(events: Sequence[Dated], reforms: Sequence[Reform], titles: Mapping[int, str]) -> RenderableType:
    """Dated events in order, each with the entry it belongs to; then the undated entries."""
    from rich.table import Table

    if not events and not reforms:
        return Text("No dated events.")
    wide = Table.grid(padding=(0, 2))
    wide.add_column(no_wrap=True, style=ID_STYLE)
    wide.add_column(ratio=1)
    narrow: list[RenderableType] = []
    for event in events:
        belongs = "context" if event.reform is None else f"{event.reform} {titles.get(event.reform, '')}"
        body = Text.assemble(text(belongs, DIM), "\n", text(event.text))
        wide.add_row(formats.date(event.date), body)
        narrow.append(Group(Text(formats.date(event.date), ID_STYLE), body))
    parts: list[RenderableType] = [Responsive(wide, Group(*spaced(narrow)), breakpoint=50)]
    undated = [reform for reform in reforms if not reform.events]
    if undated:
        listing = Text("Not dated in the sources: ", DIM)
        listing.append_text(text("; ".join(f"{reform.id} {reform.title}" for reform in undated)))
        parts += [Text(), listing]
    return Group(*parts)


def topics_table(counts: dict[str, list[int]]) -> RenderableType:
    """Each topic with how many entries have it, and their ids ("No topics." when there is none)."""
    return _Topics(counts) if counts else Text("No topics.")


class _Topics:
    """The topics table, its column widths set for the width there is, so that nothing is cut:
    a topic stays whole from 60 columns while it fits in two fifths of the width, and below
    that its longest word stays whole,
    an id stays whole where it fits beside it, and whatever is still too long wraps, never "…"."""

    def __init__(self, counts: dict[str, list[int]]) -> None:
        self.counts = counts

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich import box
        from rich.table import Table

        topics = {formats.visible(topic): ids for topic, ids in self.counts.items()}
        ids_text = {topic: ", ".join(str(i) for i in ids) for topic, ids in topics.items()}
        entries = max(len("Entries"), *(len(str(len(ids))) for ids in topics.values()))
        room = max(2, options.max_width - 8 - entries)  # less the padding and the two dividers
        topic_full = max(len("Topic"), *(cell_len(topic) for topic in topics))
        topic_word = max(cell_len(word) for topic in topics for word in topic.split())
        ids_full = max(len("IDs"), *(len(line) for line in ids_text.values()))
        ids_word = max(len(str(i)) + 1 for ids in topics.values() for i in ids)  # "14,"
        # The whole topic where there is room (from 60 columns, up to two fifths of the width);
        # in narrower terminals its longest word, so that the ids keep their room.
        roomy = options.max_width * 2 // 5 if options.max_width >= 60 else 0
        topic_width = min(topic_full, max(topic_word, roomy, room - ids_full))
        topic_width = max(1, min(topic_width, room - min(ids_word, room // 2)))
        ids_width = max(1, min(ids_full, room - topic_width))
        table = Table(box=box.SIMPLE_HEAD, show_edge=False)
        table.add_column("Topic", width=topic_width, overflow="fold")
        table.add_column("Entries", justify="right", width=entries, overflow="fold")
        table.add_column("IDs", width=ids_width, overflow="fold")
        for topic, ids in topics.items():
            table.add_row(Text(topic), str(len(ids)), ids_text[topic])
        yield table


def glossary_table(terms: Sequence[GlossaryTerm], used_in: dict[str, list[int]]) -> RenderableType:
    """Each term with its meaning, other names and the entries that use it."""
    if not terms:
        return Text("No glossary terms.")
    parts: list[RenderableType] = []
    for term in terms:
        line = Text.assemble(text(term.term, HEADING_STYLE))
        if term.aliases:
            line.append_text(text(f" ({', '.join(term.aliases)})", DIM))
        details = [line, text(term.meaning)]
        ids = used_in.get(term.term, [])
        if ids:
            details.append(Text(f"Used in: {', '.join(str(i) for i in ids)}", DIM))
        parts.append(Group(*details))
    return Group(*spaced(parts))


def sources_list(sources: Mapping[str, Source], citing: Mapping[str, Sequence[int]]) -> RenderableType:
    """Every source with its key and kind, its address, and the entries that cite it."""
    if not sources:
        return Text("No sources.")
    parts: list[RenderableType] = []
    for key, source in sources.items():
        line = source_line(0, key, source)
        head = Text.assemble(text(key, HEADING_STYLE), (f"  {source.kind}", DIM))
        ids = citing.get(key, [])
        cited = Text(f"Cited by: {', '.join(str(i) for i in ids)}" if ids else "Cited by no entry", style=DIM)
        parts.append(
            Group(
                head,
                Hanging("", line.body, marker_width=1, whole=line.whole, address=line.address),
                Hanging("", cited, marker_width=1),
            )
        )
    return Group(*spaced(parts))


def source_check(count: int, problems: Sequence[SourceProblem]) -> str:
    """`sources --check`: one line a problem, or one line saying every source passes."""
    if problems:
        return "".join(f"{formats.one_line(problem.line())}\n" for problem in problems)
    return f"OK: {count} {'source' if count == 1 else 'sources'}, each with an address and a title of its own, each cited\n"


def assessments_view(
    ratings: Sequence[Rating], assessed: Sequence[tuple[Reform, Assessment]], sources: Mapping[str, Source]
) -> RenderableType:
    """Each rating edition by edition, with the change from the edition before and the numbered
    sources; then what independent bodies said of single entries, by date."""
    cite = _Numbers()
    parts: list[RenderableType] = []
    for rating in ratings:
        rows: list[RenderableType] = [heading(f"{rating.by}: {rating.title}")]
        about = f"{rating.measure[:1].upper()}{rating.measure[1:]}; {rating.better} is better."
        rows.append(text(f"{about} {rating.covers}" if rating.covers else about, DIM))
        before: Number | None = None
        for score in rating.scores:
            body = Text()
            whole: list[tuple[int, int]] = []
            append_whole(body, text(formats.amount(score.value, rating.unit)), whole)
            if before is not None:
                body.append_text(text(f" ({formats.moved(score.value - before, rating.better)})", DIM))
            if score.note:
                body.append_text(text(f" · {score.note}"))
            body.append_text(text(cite(score.sources), CITE_STYLE))
            rows.append(Hanging(str(score.edition), body, ID_STYLE, whole=whole))
            before = score.value
        missing = _missing_editions(rating)
        if missing:
            rows.append(text(f"No source states the {missing}.", DIM))
        parts.append(Group(*rows))
    if assessed:
        rows = [heading("Assessments of single reforms")]
        for reform, assessment in assessed:
            line = Text.assemble(text(assessment.by), (" on ", DIM), text(f"{reform.id}. {reform.title}"))
            rows.append(Hanging(formats.date(assessment.date), line, ID_STYLE, marker_width=DATE_WIDTH))
        rows.append(text("kzreforms show ID gives each in full, with its sources.", DIM))
        parts.append(Group(*rows))
    if not parts:
        return Text("No ratings or assessments.")
    if cite.numbers:
        parts.append(Group(heading("Sources"), *_numbered_sources(cite, sources)))
    return Group(*spaced(parts))


def _missing_editions(rating: Rating) -> str:
    """The editions between the first and the last that no score gives: '2019 edition',
    '2019 and 2021 editions', '2017, 2019 and 2021 editions'; empty where none is missing."""
    given = {score.edition for score in rating.scores}
    gaps = [str(year) for year in range(min(given), max(given)) if year not in given]
    if len(gaps) < 2:
        return f"{gaps[0]} edition" if gaps else ""
    return f"{', '.join(gaps[:-1])} and {gaps[-1]} editions"


# --------------------------------------------------------------------------------------
# compare: the rules in force on two days
# --------------------------------------------------------------------------------------


class _Numbers:
    """One numbering of sources for a whole view: [1] for the first key cited, and so on."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def __call__(self, keys: Sequence[str]) -> str:
        for key in keys:
            self.numbers.setdefault(key, len(self.numbers) + 1)
        return " " + "".join(f"[{self.numbers[key]}]" for key in dict.fromkeys(keys)) if keys else ""


def _side_text(side: Side, cite: _Numbers, style: str) -> Text:
    from .compare import cited, side_words

    words = text(side_words(side), style if side.state in ("before", "after", "replaced") else DIM)
    return Text.assemble(words, (cite(cited(side)), CITE_STYLE))


def _by_then_line(event: Event, cite: _Numbers) -> RenderableType:
    """'Already on 29 Dec 2021: First step: …': what had happened on the way to the change."""
    from .compare import on_date

    line = Text.assemble(
        (f"Already {on_date(event.date)}: ", DIM), text(event.text, DIM), (cite(event.sources), CITE_STYLE)
    )
    return Hanging("    •", line)


class _Dates:
    """The two dates over the columns of the wide layout; nothing in the narrow one."""

    def __init__(self, labels: tuple[str, str]) -> None:
        self.labels = labels

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if options.max_width >= WIDE:
            width = (options.max_width - 6) // 2
            yield Text()
            yield Text.assemble(
                "    ", (self.labels[0].ljust(width), HEADING_STYLE), "  ", (self.labels[1], HEADING_STYLE)
            )


class _TwoSides:
    """The two days' rules side by side under their dates (wide), or one under the other (narrow)."""

    def __init__(self, labels: tuple[str, str], sides: tuple[Text, Text]) -> None:
        self.labels, self.sides = labels, sides

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if options.max_width >= WIDE:
            width = (options.max_width - 6) // 2
            columns = [side.wrap(console, width, overflow="fold") for side in self.sides]
            lines = []
            for number in range(max(len(column) for column in columns)):
                left, right = (column[number] if number < len(column) else Text("") for column in columns)
                left.rstrip()
                right.rstrip()
                left.align("left", width)
                lines.append(Text.assemble("    ", left, "  ", right))
            yield from segments(console, lines)
            return
        marker = max(len(label) for label in self.labels)
        for label, side in zip(self.labels, self.sides, strict=True):
            yield Hanging("    " + label, side, DIM, marker + 5)


def comparison(result: Comparison, as_of: str, total: int, sources: Mapping[str, Source]) -> RenderableType:
    """Two days side by side: a heading that says what differs, then each subject's entries, each
    with its rule on both days and the numbers that changed; the sources, numbered, at the foot."""
    first, second = wide_labels = formats.date(result.first), formats.date(result.second)
    cite = _Numbers()
    parts = _comparison_head(result, as_of, total, wide_labels)
    parts.append(_Dates(wide_labels))
    for name, rows in result.by_subject:
        parts += [Text(), heading(name[0].upper() + name[1:])]
        for row in rows:
            parts += _comparison_row(row, result.everything, wide_labels, cite)
    if not result.rows:
        parts += [Text(), Text(f"The rules were the same on {first} and on {second}.")]
    if any("uncertain" in (row.first.state, row.second.state) for row in result.rows):
        parts += [
            Text(),
            Text(
                "Uncertain: the sources give only the month or the year of that change, and the "
                "date falls inside it.",
                style=DIM,
            ),
        ]
    return Group(*parts, *_comparison_foot(result, cite, sources))


def _comparison_head(
    result: Comparison, as_of: str, total: int, labels: tuple[str, str]
) -> list[RenderableType]:
    """'What changed between 1 Jul 2022 and 1 Dec 2026', how many entries differ, the data's date."""
    first, second = labels
    changed = sum(1 for row in result.rows if row.differs)
    counted = total - len(result.undated)
    what = (
        f"{changed} of {counted} entries differ" + (", all shown." if result.everything else ".")
        if changed or result.everything
        else f"None of the {counted} entries differ."
    )
    parts: list[RenderableType] = [
        Text(f"What changed between {first} and {second}", style=HEADING_STYLE),
        Text(
            f"{what} A year stands for its last day, a month for its last day. Data as of "
            f"{formats.date(as_of)}.",
            style=DIM,
        ),
    ]
    if max(result.first, result.second) > as_of:
        parts.append(
            Text(
                f"The data was last checked on {formats.date(as_of)}: a later date shows the rules as "
                "they stood then.",
                style=DIM,
            )
        )
    return parts


def _comparison_row(
    row: Row, everything: bool, wide_labels: tuple[str, str], cite: _Numbers
) -> list[RenderableType]:
    """One entry: its title, its rule on both days, the steps already taken, the changed numbers."""
    from .compare import changed_values, values_words

    parts: list[RenderableType] = [
        Text(),
        Hanging(f"{row.reform.id}.", text(row.reform.title, HEADING_STYLE), ID_STYLE),
        _TwoSides(
            wide_labels,
            (_side_text(row.first, cite, BEFORE_STYLE), _side_text(row.second, cite, AFTER_STYLE)),
        ),
    ]
    events = [side.by_then for side in (row.first, row.second) if side.by_then is not None]
    for event in dict.fromkeys(events) if row.differs else ():
        parts.append(_by_then_line(event, cite))
    pairs = changed_values(row) if not everything else zip(row.first.values, row.second.values, strict=True)
    for a, b in pairs:
        line = Text.assemble(
            text(a.threshold.label), ": ",
            text(values_words(a, b, row.first.state, row.second.state), "bold"),
            (cite(a.threshold.sources), CITE_STYLE),
        )  # fmt: skip
        parts.append(Hanging("    •", line))
    return parts


def _comparison_foot(
    result: Comparison, cite: _Numbers, sources: Mapping[str, Source]
) -> list[RenderableType]:
    """The entries left out for want of an in_force date, then the sources, numbered as cited."""
    parts: list[RenderableType] = []
    if result.undated:
        ids = formats.id_ranges([reform.id for reform in result.undated])
        parts += [Text(), Text(f"Left out, no in_force date stated: {ids} (see `show`).", style=DIM)]
    listed = _numbered_sources(cite, sources)
    if listed:
        parts.append(section("Sources", listed))
    return parts


def _numbered_sources(cite: _Numbers, sources: Mapping[str, Source]) -> list[RenderableType]:
    """Each source cited in a view, in the order of its number."""
    return [source_line(number, key, sources[key]) for key, number in cite.numbers.items() if key in sources]


def rules_on(result: Comparison, as_of: str, total: int, sources: Mapping[str, Source]) -> RenderableType:
    """`list --at DATE`: every entry's rule on one day, grouped by subject, with its numbers then;
    the sources numbered at the foot."""
    from .compare import value_words

    day = formats.date(result.first)
    cite = _Numbers()
    counted = total - len(result.undated)
    parts: list[RenderableType] = [
        Text(f"The rules on {day}", style=HEADING_STYLE),
        Text(
            f"{formats.entries(counted)}. A year stands for its last day, a month for "
            f"its last day. Data as of {formats.date(as_of)}.",
            style=DIM,
        ),
    ]
    for name, rows in result.by_subject:
        parts += [Text(), heading(name[0].upper() + name[1:])]
        for row in rows:
            side = row.first
            parts.append(Hanging(f"{row.reform.id}.", text(row.reform.title, HEADING_STYLE), ID_STYLE))
            parts.append(Hanging("   ", _side_text(side, cite, AFTER_STYLE)))
            if side.by_then is not None:
                parts.append(_by_then_line(side.by_then, cite))
            for value in side.values:
                number = Text.assemble(
                    text(value.threshold.label),
                    ": ",
                    text(value_words(value, side.state), "bold"),
                    (cite(value.threshold.sources), CITE_STYLE),
                )
                parts.append(Hanging("    •", number))
    return Group(*parts, *_comparison_foot(result, cite, sources))
