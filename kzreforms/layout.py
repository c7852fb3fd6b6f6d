"""Layout primitives the views are built from: safe text, tables of text, two texts side by side,
hanging indents, one of two layouts by width, and the styles every view shares.

Each draws what a Rich table or grid would, at a fraction of the cost (`list` and `show` are
run often): cells are wrapped once and nothing is measured. Nothing here knows an entry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, NamedTuple

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.containers import Lines
from rich.segment import Segment
from rich.text import Text

from . import formats

if TYPE_CHECKING:
    from .search import Span

# Below this width the views stack their columns instead of putting them side by side.
NARROW = 70
# From this width the list gives before → after a column of its own.
WIDE = 100


class Palette(NamedTuple):
    """The colours of before, after and the steps between them (hex #RRGGBB), for one background."""

    before: str
    after: str
    step: str


# The colours of before and after, in the terminal and in each theme of the pictures: Okabe and
# Ito's blue and orange, which say nothing good or bad about either (as red and green would) and
# stay apart for readers with red-green colour blindness. Each is shaded for its background to
# at least 4.5:1 (WCAG, for text): the terminal's for black and white alike, the dark pictures'
# for #292929, the light ones' for white. The steps are a neutral grey (3:1 or more: a bar).
# tests/test_palette.py computes the contrast and simulates deuteranopia and protanopia.
THEME_COLOURS = {
    "terminal": Palette(before="#007BC0", after="#C15500", step="#8C8C8C"),
    "dark": Palette(before="#56B4E9", after="#E69F00", step="#8C8C8C"),
    "light": Palette(before="#0072B2", after="#B75100", step="#8C8C8C"),
}
# The background each palette is for (the terminal's is either; see above).
BACKGROUNDS = {"terminal": ("#000000", "#FFFFFF"), "dark": ("#292929",), "light": ("#FFFFFF",)}
BEFORE_COLOUR, AFTER_COLOUR, STEP_COLOUR = THEME_COLOURS["terminal"]
BEFORE_STYLE = f"bold {BEFORE_COLOUR}"
AFTER_STYLE = f"bold {AFTER_COLOUR}"
MATCH_STYLE = "bold reverse"
ID_STYLE = "bold cyan"
HEADING_STYLE = "bold"
DIM = "dim"
HORIZONTAL = "\u2500"
CITE_STYLE = "cyan"
# What a line break must not split: a law's or an article's number from "No." or "Art." (No.
# 90-VII, Art. 46(4)), a day from its month (1 July; the year may go to the next line), and an
# entry's id from "entry" (replaced by entry 29).
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_KEEP_TOGETHER = re.compile(rf"\(?\b(?:Nos?|Arts?)\. [^\s,;]+|\b\d{{1,2}} (?:{_MONTHS})\b|\bentry \d+\b")


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


def split(width: int, ratios: Sequence[int]) -> list[int]:
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
            wrapped = [wrap(console, cell, width) for cell, width in zip(row, self.widths, strict=True)]
            for number in range(max(len(cell_lines) for cell_lines in wrapped)):
                cells = [
                    cell_lines[number] if number < len(cell_lines) else Text("") for cell_lines in wrapped
                ]
                cells[0].stylize(self.first_style)
                lines.append(self._line(cells))
        if self.tail:
            lines.append(Text(""))
        yield from segments(console, lines)


def spaced(parts: list[RenderableType]) -> list[RenderableType]:
    spaced: list[RenderableType] = []
    for part in parts:
        if spaced:
            spaced.append(Text())
        spaced.append(part)
    return spaced


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
            wrap(console, body, width)
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
        yield from segments(console, lines)


def break_before(body: Text, start: int) -> Text:
    """``body`` with the space before ``start`` made a line break: every offset stays where it was."""
    before, _, after = body.divide([start - 1, start])
    return Text("\n").join([before, after])


def wrap(console: Console, body: Text, width: int, whole: Iterable[tuple[int, int]] = ()) -> Lines:
    """``body`` cut into lines of ``width`` cells, never inside what ``_KEEP_TOGETHER`` keeps
    together ("No." and its number, a day and its month, "entry" and its id) nor inside one of the
    ``whole`` spans (start, end): such a span that a line would end inside starts the next line
    instead, where it fits in one."""
    lines = body.wrap(console, width, overflow="fold")
    if len(lines) < 2:
        return lines
    # Offsets stay where they were (a break takes the place of a space), so each span is found
    # once; each break may move the lines of the others, so all are looked at again after it.
    spans = [*(match.span() for match in _KEEP_TOGETHER.finditer(body.plain)), *whole]
    moved = True
    while moved:
        moved = False
        for start, end in spans:
            plain = body.plain
            span = plain[start:end]
            if start < 1 or plain[start - 1] != " " or cell_len(span) > width:
                continue
            if any(span in line.plain for line in lines):
                continue
            body = break_before(body, start)
            lines = body.wrap(console, width, overflow="fold")
            moved = True
    return lines


def segments(console: Console, lines: Iterable[Text]) -> Iterator[Segment]:
    """Lines already cut to width, as segments: yielding the Text would have Rich wrap it again."""
    for line in lines:
        yield from line.render(console)
        yield Segment.line()


# Where an address may be cut (The Chicago Manual of Style, 17th ed., 7.42 and 14.18): before
# these characters, and on either side of "=" and "&"; after "//" and after a colon.
_CUT_BEFORE = frozenset("/.-_?#%~,")
_CUT_AROUND = frozenset("=&")
_SHORTEST_LAST = 8


def _may_cut(address: str, at: int) -> bool:
    before, after = address[at - 1], address[at]
    if address[at - 1 : at + 1] == "//" or (before == ":" and address[at : at + 2] == "//"):
        return False  # never inside "://" or "//"
    if before == ":" or address[max(0, at - 2) : at] == "//":
        return True
    return after in _CUT_BEFORE or after in _CUT_AROUND or before in _CUT_AROUND


def address_lines(address: str, width: int) -> list[str]:
    """``address`` in lines of at most ``width`` cells, each cut where a style guide cuts a web
    address (before a slash, a dot, a hyphen, …; never inside "://"), mid-word only where no such
    place is in the second half of the line, and not so as to leave fewer than 8 characters for
    the last line where another place will do. Nothing is added: the lines joined are the address."""
    width = max(1, width)
    lines: list[str] = []
    start = 0
    while cell_len(address[start:]) > width:
        end = start + 1
        while end < len(address) and cell_len(address[start : end + 1]) <= width:
            end += 1
        cuts = [at for at in range(end, start + width // 2, -1) if _may_cut(address, at)]
        # a last line of a few characters ("en" of "?lang=en") reads as noise: cut earlier
        cut = next((at for at in cuts if len(address) - at >= _SHORTEST_LAST), cuts[0] if cuts else end)
        lines.append(address[start:cut])
        start = cut
    lines.append(address[start:])
    return lines


class Hanging:
    """``body`` after a ``marker``, its further lines indented under the first (a hanging indent).

    What a one-row grid would draw, without a table's cost: the body is wrapped once, or once
    more for each of the ``whole`` spans (a value such as "600 → 200 members (−66.7%)", a date)
    that would be split across lines: such a span starts a line of its own where it fits in one.
    An ``address`` (a web address) goes on the lines after the body, cut by :func:`address_lines`.
    """

    def __init__(
        self,
        marker: str,
        body: Text,
        marker_style: str = "",
        marker_width: int = 0,
        whole: Sequence[tuple[int, int]] = (),
        address: str = "",
    ) -> None:
        self.marker, self.body, self.marker_style, self.whole = marker, body, marker_style, whole
        self.indent = max(marker_width, len(marker)) + 1
        self.address = address

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(1, options.max_width - self.indent)
        lines = wrap(console, self.body, width, self.whole)
        if self.address:
            lines.extend(Text(line, DIM) for line in address_lines(formats.visible(self.address), width))
        for line in lines:
            line.rstrip()
        first = Text(self.marker.ljust(self.indent), style=self.marker_style)
        gap = " " * self.indent
        yield from segments(
            console, [Text.assemble(first if number == 0 else gap, line) for number, line in enumerate(lines)]
        )


def section(label: str, rows: Sequence[RenderableType]) -> RenderableType:
    return Group(Text(), heading(label), *rows)


def bullet(*parts: Text | str, whole: Sequence[tuple[int, int]] = ()) -> Hanging:
    return Hanging("•", Text.assemble(*parts), whole=whole)


def append_whole(line: Text, part: Text, whole: list[tuple[int, int]]) -> None:
    """``part`` at the end of ``line``, its span noted in ``whole``: to be kept on one line."""
    start = len(line)
    line.append_text(part)
    whole.append((start, len(line)))


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
