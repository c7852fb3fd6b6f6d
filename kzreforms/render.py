"""Models -> Rich renderables. Nothing here prints; the command line hands these to a console.

Every string that comes from a data file goes through :func:`text` (never parsed as
markup, control characters made visible).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from . import formats
from .model import PERIODS, GlossaryTerm, Number, Reform, Source

if TYPE_CHECKING:
    from rich.measure import Measurement
    from rich.table import Table
    from rich.terminal_theme import TerminalTheme

    from .query import Dated
    from .search import Hit, Result, Span

# Below this width the views stack their columns instead of putting them side by side.
NARROW = 70
# From this width the list gives before → after a column of its own.
WIDE = 100
BEFORE_STYLE = "bold red"
AFTER_STYLE = "bold green"
MATCH_STYLE = "bold reverse"
ID_STYLE = "bold cyan"
HEADING_STYLE = "bold"
DIM = "dim"
HORIZONTAL = "\u2500"


def text(value: str, style: str = "", spans: Iterable[Span] = (), span_style: str = "") -> Text:
    """Data text as a Rich Text, made safe, with ``spans`` styled."""
    safe = formats.visible(value)
    result = Text(safe, style=style)
    if len(safe) == len(value):  # spans still line up; visible() only lengthens
        for start, end in spans:
            result.stylize(span_style, start, end)
    return result


class Responsive:
    """One of two layouts, chosen by the width there is to render into."""

    def __init__(self, wide: RenderableType, narrow: RenderableType, breakpoint: int = NARROW) -> None:
        self.wide, self.narrow, self.breakpoint = wide, narrow, breakpoint

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.wide if options.max_width >= self.breakpoint else self.narrow


def heading(label: str) -> Text:
    return Text(label, style=HEADING_STYLE)


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
    "proposed": "cyan",
    "not adopted": "red",
}


def status_text(reform: Reform) -> Text:
    """'in force', 'replaced by 41', 'in force from 1 Jul 2026'."""
    words: str = reform.status
    if reform.replaced_by is not None:
        words += f" by {reform.replaced_by}"
    if reform.in_force and reform.status in ("in force", "partly in force"):
        words += f" from {formats.date(reform.in_force)}"
    return Text(words, style=STATUS_STYLES.get(reform.status, ""))


def _groups(reforms: Sequence[Reform]) -> list[tuple[str, list[Reform]]]:
    return [
        (heading, members)
        for period, heading in PERIODS.items()
        if (members := [reform for reform in reforms if reform.period == period])
    ]


def _before_after_status(reform: Reform) -> Text:
    """'7% of the vote → 5% of the vote (replaced by 40)'."""
    return Text.assemble(_before_after_short(reform), " (", status_text(reform), ")")


def _split(width: int, ratios: Sequence[int]) -> list[int]:
    """``width`` shared out by ``ratios``, every share at least 1; the rest goes to the last."""
    total = sum(ratios)
    shares = [max(1, width * ratio // total) for ratio in ratios]
    shares[-1] = max(1, width - sum(shares[:-1]))
    return shares


class TextTable:
    """Rows of text under a title and a header, in columns of fixed widths.

    It draws what a Rich table with a simple header and fixed widths would, at a fraction
    of the cost: each cell is wrapped once, and nothing is measured. `list` is run often.
    ``head`` and ``tail`` say whether to draw the title and header, and the blank line after
    the rows: a long table is printed a slice of rows at a time, each slice a TextTable.
    """

    def __init__(
        self,
        title: str,
        headers: Sequence[str],
        widths: Sequence[int],
        first_style: str = "",
        head: bool = True,
        tail: bool = True,
    ) -> None:
        self.title, self.headers, self.widths, self.first_style = title, headers, widths, first_style
        self.head, self.tail = head, tail
        self.rows: list[Sequence[Text]] = []

    def add_row(self, *cells: Text) -> None:
        self.rows.append(cells)

    def _line(self, cells: Sequence[Text]) -> Text:
        line = Text(" ")
        for number, (cell, width) in enumerate(zip(cells, self.widths, strict=True)):
            if number:
                line.append(" ")
            line.append(" ")
            cell.align("right" if number == 0 else "left", width)
            line.append_text(cell)
            line.append(" ")
        line.append(" ")
        return line

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        total = 2 + 3 * len(self.widths) - 1 + sum(self.widths)
        lines: list[Text] = []
        if self.head:
            lines += [
                Text(self.title, style=HEADING_STYLE),
                Text(""),
                self._line([Text(header, style=HEADING_STYLE) for header in self.headers]),
                Text(" " + HORIZONTAL * (total - 2) + " "),
            ]
        for row in self.rows:
            wrapped = [
                cell.wrap(console, width, overflow="fold")
                for cell, width in zip(row, self.widths, strict=True)
            ]
            for number in range(max(len(cell_lines) for cell_lines in wrapped)):
                cells = [
                    cell_lines[number] if number < len(cell_lines) else Text("") for cell_lines in wrapped
                ]
                cells[0].stylize(self.first_style)
                lines.append(self._line(cells))
        if self.tail:
            lines.append(Text(""))
        yield from _segments(console, lines)


def _longest_line(cells: Sequence[Text]) -> int:
    return max((cell_len(line) for cell in cells for line in cell.plain.splitlines()), default=0)


class _Period:
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
            widths = [self.id_width, *_split(rest, (1, 1)), *last[1]]
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

    def __init__(self, slices: Sequence[tuple[_Period, int, int]], foot: str = "") -> None:
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
    count = f"{len(reforms)} {'entry' if len(reforms) == 1 else 'entries'}"
    foot = f"{count}; data as of {formats.date(as_of)}. Sources: kzreforms show ID." if as_of else ""
    if not reforms:
        yield Text("No entries." + (f" Data as of {formats.date(as_of)}." if as_of else ""))
        return
    slices: list[tuple[_Period, int, int]] = []
    held = 0
    for label, members in _groups(reforms):
        period = _Period(label, members)
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


def _spaced(parts: list[RenderableType]) -> list[RenderableType]:
    spaced: list[RenderableType] = []
    for part in parts:
        if spaced:
            spaced.append(Text())
        spaced.append(part)
    return spaced


def _before_after(reform: Reform, cite: Callable[[Sequence[str]], str]) -> RenderableType:
    removed, added = formats.changed_spans(reform.before.text, reform.after.text)
    before = text(reform.before.text, spans=removed, span_style=BEFORE_STYLE)
    before.append(cite(reform.before.sources), style=CITE_STYLE)
    after = text(reform.after.text, spans=added, span_style=AFTER_STYLE)
    after.append(cite(reform.after.sources), style=CITE_STYLE)
    wide = SideBySide(("Before", before), ("After", after))
    narrow = Group(Text(), heading("Before"), before, Text(), heading("After"), after)
    return Responsive(wide, narrow, breakpoint=60)


class SideBySide:
    """Two texts side by side under their headings, in a rounded box of the full width.

    It draws what a two-column Rich table would, without loading Rich's table module:
    `show` is run often, and this is the only table it needs.
    """

    def __init__(self, left: tuple[str, Text], right: tuple[str, Text]) -> None:
        self.left, self.right = left, right

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        inner = max(2, options.max_width - 3)  # less the three upright lines
        left_width = (inner + 1) // 2  # each column's share, one space of padding on each side
        right_width = inner - left_width
        widths = (max(1, left_width - 2), max(1, right_width - 2))

        def row(left: Text, right: Text) -> Text:
            left.align("left", widths[0])
            right.align("left", widths[1])
            return Text.assemble("\u2502 ", left, " \u2502 ", right, " \u2502")

        def rule(start: str, middle: str, end: str) -> Text:
            return Text(start + HORIZONTAL * left_width + middle + HORIZONTAL * right_width + end)

        wrapped = [
            body.wrap(console, width, overflow="fold")
            for (_, body), width in zip((self.left, self.right), widths, strict=True)
        ]
        lines = [
            rule("\u256d", "\u252c", "\u256e"),
            row(Text(self.left[0], style=HEADING_STYLE), Text(self.right[0], style=HEADING_STYLE)),
            rule("\u251c", "\u253c", "\u2524"),
        ]
        for number in range(max(len(column) for column in wrapped)):
            left, right = (column[number] if number < len(column) else Text("") for column in wrapped)
            lines.append(row(left, right))
        lines.append(rule("\u2570", "\u2534", "\u256f"))
        yield from _segments(console, lines)


def _segments(console: Console, lines: Iterable[Text]) -> Iterator[Segment]:
    """Lines already cut to width, as segments: yielding the Text would have Rich wrap it again."""
    for line in lines:
        yield from line.render(console)
        yield Segment.line()


class Hanging:
    """``body`` after a ``marker``, its further lines indented under the first (a hanging indent).

    What a one-row grid would draw, without a table's cost: the body is wrapped once, or once
    more for each of the ``whole`` spans (a value such as "600 → 200 members (−66.7%)", a date)
    that would be split across lines: such a span starts a line of its own where it fits in one.
    """

    def __init__(
        self,
        marker: str,
        body: Text,
        marker_style: str = "",
        marker_width: int = 0,
        whole: Sequence[tuple[int, int]] = (),
    ) -> None:
        self.marker, self.body, self.marker_style, self.whole = marker, body, marker_style, whole
        self.indent = max(marker_width, len(marker)) + 1

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(1, options.max_width - self.indent)
        body = self.body
        lines = body.wrap(console, width, overflow="fold")
        for start, end in self.whole:
            span = body.plain[start:end]
            if start < 1 or body.plain[start - 1] != " " or cell_len(span) > width:
                continue
            if any(span in line.plain for line in lines):
                continue
            # The space before the span becomes a line break: every offset stays where it was.
            before, _, after = body.divide([start - 1, start])
            body = Text("\n").join([before, after])
            lines = body.wrap(console, width, overflow="fold")
        for line in lines:
            line.rstrip()
        first = Text(self.marker.ljust(self.indent), style=self.marker_style)
        gap = " " * self.indent
        yield from _segments(
            console, [Text.assemble(first if number == 0 else gap, line) for number, line in enumerate(lines)]
        )


def _section(label: str, rows: Sequence[RenderableType]) -> RenderableType:
    return Group(Text(), heading(label), *rows)


def _bullet(*parts: Text | str, whole: Sequence[tuple[int, int]] = ()) -> Hanging:
    return Hanging("•", Text.assemble(*parts), whole=whole)


def _append_whole(line: Text, part: Text, whole: list[tuple[int, int]]) -> None:
    """``part`` at the end of ``line``, its span noted in ``whole``: to be kept on one line."""
    start = len(line)
    line.append_text(part)
    whole.append((start, len(line)))


CITE_STYLE = "cyan"
# The fields of an entry that `show` lays out itself; any other is shown as it is, under its name.
LAID_OUT = frozenset(
    {"id", "period", "title", "aliases", "status", "in_force", "replaced_by", "topics", "legal_basis",
     "before", "after", "thresholds", "figures", "measures", "events", "assessments"}
)  # fmt: skip


def _plain(value: object) -> str:
    """A field's value as text: lists joined, records as their fields."""
    if isinstance(value, tuple):
        return "; ".join(_plain(item) for item in value)
    fields = getattr(value, "__struct_fields__", None)
    if fields is not None:
        return ", ".join(f"{field}: {_plain(getattr(value, field))}" for field in fields)
    return str(value)


def reform_detail(
    reform: Reform, glossary: Sequence[GlossaryTerm] = (), sources: Mapping[str, Source] | None = None
) -> RenderableType:
    """One entry in full: before and after side by side, then everything that came with it.

    Each fact carries the numbers of its sources, [1], which are listed at the foot.
    """
    from .cite import cited_keys

    numbers = {key: number for number, key in enumerate(cited_keys(reform), start=1)}

    def cite(keys: Sequence[str]) -> str:
        return " " + "".join(f"[{numbers[key]}]" for key in keys) if keys else ""

    period = PERIODS.get(reform.period, reform.period)
    parts: list[RenderableType] = [
        Text.assemble((f"{reform.id}. ", ID_STYLE), text(reform.title, HEADING_STYLE)),
        Text.assemble((f"{period} · ", DIM), status_text(reform)),
        _before_after(reform, cite),
    ]
    if reform.thresholds:
        rows: list[RenderableType] = []
        for threshold in reform.thresholds:
            whole: list[tuple[int, int]] = []
            line = Text.assemble(text(threshold.label), ": ")
            _append_whole(line, text(formats.threshold_text(threshold), "bold"), whole)
            line.append(cite(threshold.sources), style=CITE_STYLE)
            if threshold.steps:
                line.append("; on the way:", style=DIM)
                for number, step in enumerate(threshold.steps):
                    when = f" ({formats.date(step.date)})" if step.date else ""
                    line.append(", " if number else " ", style=DIM)
                    _append_whole(line, text(formats.amount(step.value, threshold.unit) + when, DIM), whole)
                    line.append(cite(step.sources), style=CITE_STYLE)
            rows.append(_bullet(line, whole=whole))
        parts.append(_section("Thresholds", rows))
    if reform.figures:
        rows = []
        for figure in reform.figures:
            whole = []
            line = Text.assemble(text(figure.label), ": ")
            value = text(formats.amount(figure.value, figure.unit), "bold")
            if figure.date:
                value.append(f" ({formats.date(figure.date)})", style="not bold")
            _append_whole(line, value, whole)
            line.append(cite(figure.sources), style=CITE_STYLE)
            rows.append(_bullet(line, whole=whole))
        parts.append(_section("Figures", rows))
    if reform.measures:
        parts.append(
            _section(
                "Further measures",
                [_bullet(text(m.text), Text(cite(m.sources), CITE_STYLE)) for m in reform.measures],
            )
        )
    if reform.events:
        parts.append(
            _section(
                "Dates", [_dated(event.date, event.text, cite(event.sources)) for event in reform.events]
            )
        )
    if reform.assessments:
        parts.append(
            _section(
                "Assessments",
                [
                    _bullet(
                        text(f"{a.by}, {formats.date(a.date)}: ", "bold"),
                        text(a.text),
                        Text(cite(a.sources), CITE_STYLE),
                    )
                    for a in reform.assessments
                ],
            )
        )
    if reform.legal_basis:
        parts.append(_section("Legal basis", [_bullet(text(law)) for law in reform.legal_basis]))
    parts.append(_section("Topics", [text(", ".join(reform.topics))]))
    if reform.aliases:
        parts.append(_section("Also known as", [text(", ".join(reform.aliases))]))
    for name in reform.__struct_fields__:  # a field added to the model shows before anyone lays it out
        value = getattr(reform, name)
        if name not in LAID_OUT and value not in (None, (), ""):
            parts.append(_section(name.replace("_", " ").capitalize(), [text(_plain(value))]))
    if glossary:
        parts.append(
            _section(
                "Glossary",
                [_bullet(text(term.term, "bold"), ": ", text(term.meaning)) for term in glossary],
            )
        )
    if sources is not None:
        parts.append(
            _section(
                "Sources",
                [source_line(number, key, sources[key]) for key, number in numbers.items() if key in sources],
            )
        )
    return Group(*parts)


def source_line(number: int, key: str, source: Source) -> Hanging:
    """'[1] Author, "Title", 5 Jun 2022, No. 333-VI' and the address below; the title links to it."""
    body = Text()
    whole: list[tuple[int, int]] = []
    if source.author:
        body.append_text(text(f"{source.author}, "))
    title = text(f'"{source.title}"')
    if source.url:
        title.stylize(Style(link=link_target(source.url)))
    body.append_text(title)
    if source.date:
        body.append(", ")
        _append_whole(body, Text(formats.date(source.date)), whole)
    if source.law_number:
        body.append(", ")
        _append_whole(body, text(f"No. {source.law_number}"), whole)
    if source.url:
        body.append_text(text(f"\n{source.url}", DIM))
    return Hanging(f"[{number}]", body, CITE_STYLE, whole=whole)


# What an address may not carry raw into a terminal's OSC 8 sequence or an HTML attribute.
_LINK_UNSAFE = frozenset('{}\\"<>^`|')


def link_target(url: str) -> str:
    """``url`` with every character outside printable ASCII, and any of ``{}\\"<>^`|``, percent-encoded.

    Rich writes a link's address raw into the terminal's OSC 8 sequence and into the href of
    the HTML export, where an escape or a quote would end it early and run the rest as a
    terminal command or as markup. Percent-encoding leaves the address pointing at the same place.
    """
    return "".join(
        "".join(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass"))
        if not "\x21" <= char <= "\x7e" or char in _LINK_UNSAFE
        else char
        for char in url
    )


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
    return Group(*_spaced(parts))


class ColourOr:
    """One renderable where there is colour, another where there is none (piped, NO_COLOR)."""

    def __init__(self, coloured: RenderableType, plain: RenderableType) -> None:
        self.coloured, self.plain = coloured, plain

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.plain if console.color_system is None or console.no_color else self.coloured


def bracketed(value: str, spans: Iterable[Span]) -> str:
    """``value`` with each span put in [brackets], overlapping spans merged."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    pieces, position = [], 0
    for start, end in merged:
        pieces += [value[position:start], "[", value[start:end], "]"]
        position = end
    return "".join([*pieces, value[position:]])


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
    return Group(
        Hanging(f"{reform.id:>3} ", title, ID_STYLE),
        Hanging("", summary, marker_width=4),
        Hanging("", body, marker_width=4),
    )


# --------------------------------------------------------------------------------------
# Views: thresholds as bars, the timeline, topics and the glossary
# --------------------------------------------------------------------------------------

BEFORE_BAR = "red"
AFTER_BAR = "green"
STEP_BAR = "yellow"


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
    return Group(*_spaced(parts))


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
    parts: list[RenderableType] = [Responsive(wide, Group(*_spaced(narrow)), breakpoint=50)]
    undated = [reform for reform in reforms if not reform.events]
    if undated:
        listing = Text("Not dated in the sources: ", DIM)
        listing.append_text(text("; ".join(f"{reform.id} {reform.title}" for reform in undated)))
        parts += [Text(), listing]
    return Group(*parts)


def topics_table(counts: dict[str, list[int]]) -> RenderableType:
    """Each topic with how many entries have it, and their ids."""
    return _Topics(counts)


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
    return Group(*_spaced(parts))


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
                Hanging("", line.body, marker_width=1, whole=line.whole),
                Hanging("", cited, marker_width=1),
            )
        )
    return Group(*_spaced(parts))


# --------------------------------------------------------------------------------------
# Pictures (--svg, --html): themes, a caption, and an SVG that renders the same everywhere
# --------------------------------------------------------------------------------------

# Fonts found on the reader's machine, never fetched: the picture opens offline, and makes no
# request. The widths of the cells are fixed by Rich (x and textLength of each run of text).
MONOSPACE = "'Fira Code', 'DejaVu Sans Mono', Menlo, Consolas, 'Liberation Mono', 'Courier New', monospace"
SANS = "'Helvetica Neue', Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"

# Rich's SVG template (rich/_export_format.py) with two changes: no @font-face that downloads
# Fira Code from a CDN (a local font stack instead), and xml:space="preserve" on the root, so
# that rsvg-convert and Inkscape keep the spaces of each run of text as browsers do (without
# it they drop the spaces at the ends of a run and merge words: "neededat least 7%of the").
SVG_FORMAT = """\
<svg class="rich-terminal" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg" \
xml:space="preserve">
    <!-- Generated with Rich https://www.textualize.io, for kzreforms -->
    <style>

    .{unique_id}-matrix {{
        font-family: MONOSPACE;
        font-size: {char_height}px;
        line-height: {line_height}px;
        font-variant-east-asian: full-width;
    }}

    .{unique_id}-title {{
        font-size: 18px;
        font-weight: bold;
        font-family: SANS;
    }}

    {styles}
    </style>

    <defs>
    <clipPath id="{unique_id}-clip-terminal">
      <rect x="0" y="0" width="{terminal_width}" height="{terminal_height}" />
    </clipPath>
    {lines}
    </defs>

    {chrome}
    <g transform="translate({terminal_x}, {terminal_y})" clip-path="url(#{unique_id}-clip-terminal)">
    {backgrounds}
    <g class="{unique_id}-matrix">
    {matrix}
    </g>
    </g>
</svg>
""".replace("MONOSPACE", MONOSPACE).replace("SANS", SANS)


def terminal_theme(name: str) -> TerminalTheme:
    """The colours of a picture: ``dark`` (Rich's SVG theme) or ``light`` (for slides and print:
    a white page, and colours dark enough to read on it)."""
    from rich.terminal_theme import SVG_EXPORT_THEME, TerminalTheme

    if name == "dark":
        return SVG_EXPORT_THEME
    normal = [
        (36, 41, 47), (207, 34, 46), (17, 99, 41), (125, 78, 0),
        (9, 105, 218), (130, 80, 223), (27, 124, 131), (87, 96, 106),
    ]  # fmt: skip
    bright = [
        (87, 96, 106), (164, 14, 38), (26, 127, 55), (99, 60, 1),
        (33, 139, 255), (163, 113, 247), (49, 146, 170), (36, 41, 47),
    ]  # fmt: skip
    return TerminalTheme((255, 255, 255), (36, 41, 47), normal, bright)


def caption(keys: Sequence[str], as_of: str, version: str) -> Text:
    """The foot of a picture: the keys of the sources of what it shows, and the data's date."""
    shown = ", ".join(keys) if keys else "none"
    return Text.assemble(
        (HORIZONTAL * 3, DIM),
        "\n",
        ("Source keys (kzreforms sources): ", DIM),
        text(shown, DIM),
        "\n",
        (f"Data as of {formats.date(as_of)}; kzreforms {version}.", DIM),
    )
