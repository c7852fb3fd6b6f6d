"""The widgets of the main screen, each with its own keys and CSS; they talk through messages.

- :class:`FilterBar`: the filter box and the count line.
- :class:`EntryList`: the entries grouped by period, drawn a line at a time, so 10,000
  entries cost no more to show than 30.
- :class:`Viewer`: the right pane, showing one of :mod:`.views`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from rich.console import RenderableType
from rich.segment import Segment
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.containers import Horizontal, VerticalScroll
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Input, Static

from .. import layout, render
from ..model import PERIODS, Reform
from ..search import Span


class FilterBar(Horizontal):
    """The filter box, as you type; beside it how many entries match and which filters are set."""

    DEFAULT_CSS = """
    FilterBar {
        height: 1;
        dock: top;
        background: $panel;
    }
    FilterBar > #filter-label {
        width: auto;
        padding: 0 1;
        color: $text-muted;
    }
    FilterBar > Input {
        width: 1fr;
        min-width: 16;
    }
    FilterBar > #count {
        width: auto;
        max-width: 60%;
        padding: 0 1;
        color: $text-muted;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "done", "Go to the list", show=False),
        Binding("down", "done", "Go to the list", show=False),
        Binding("escape", "cancel", "Clear the filter box", show=False),
    ]

    class Changed(Message):
        """The words in the filter box changed."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Done(Message):
        """The user left the filter box (its words stay)."""

    def __init__(self, text: str = "") -> None:
        super().__init__()
        self.initial = text

    def compose(self) -> ComposeResult:
        yield Static("/", id="filter-label")
        yield Input(
            self.initial, placeholder="Filter: words, as kzreforms search takes them", id="filter",
            compact=True, select_on_focus=False,
        )  # fmt: skip
        yield Static(id="count")

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    @property
    def text(self) -> str:
        return self.input.value

    def set_text(self, text: str) -> None:
        self.input.value = text  # posts Input.Changed, which becomes FilterBar.Changed

    def set_count(self, summary: str, labels: Sequence[str]) -> None:
        """'3 of 31 match · topic: elections' (labels can hold data text: never markup)."""
        self.query_one("#count", Static).update(Text(" · ".join([summary, *labels])))

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Done())

    def action_done(self) -> None:
        self.post_message(self.Done())

    def action_cancel(self) -> None:
        self.set_text("")
        self.post_message(self.Done())


class EntryList(ScrollView, can_focus=True):
    """The entries under their periods' headings: id and title, then the status.

    A Line API widget: only the lines on screen are drawn, and each is cached.
    """

    DEFAULT_CSS = """
    EntryList {
        width: 2fr;
        min-width: 34;
        max-width: 56;
        height: 1fr;
        overflow-x: hidden;
        scrollbar-size-vertical: 1;
        border-top: solid $panel-lighten-2;
        border-title-color: $text-muted;
    }
    EntryList:focus {
        border-top: solid $accent;
        border-title-color: $text;
    }
    EntryList > .entry-list--heading {
        text-style: bold;
        color: $text-accent;
    }
    EntryList > .entry-list--cursor {
        background: $panel-lighten-2;
    }
    EntryList:focus > .entry-list--cursor {
        background: $accent 50%;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"entry-list--heading", "entry-list--cursor"}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Previous entry", show=False),
        Binding("down,j", "cursor_down", "Next entry", show=False),
        Binding("pageup", "page_up", "A page up", show=False),
        Binding("pagedown", "page_down", "A page down", show=False),
        Binding("home", "first", "First entry", show=False),
        Binding("end", "last", "Last entry", show=False),
        Binding("enter", "select", "Read the entry (arrows then scroll it)", show=False),
    ]

    class Highlighted(Message):
        """The cursor moved to ``reform`` (None: the list is empty)."""

        def __init__(self, reform: Reform | None) -> None:
            super().__init__()
            self.reform = reform

    class Selected(Message):
        """Enter or a double click on ``reform``: the reader wants to read it."""

        def __init__(self, reform: Reform) -> None:
            super().__init__()
            self.reform = reform

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: list[Reform | tuple[str, int]] = []  # an entry, or a heading and its count
        self._first_line: list[int] = []  # the first line of each row
        self._line_row: list[int] = []  # the row of each line
        self._entry_rows: list[int] = []  # the rows that are entries, in order
        self._spans: Mapping[int, tuple[Span, ...]] = {}
        self._id_width = 2
        self.cursor = -1  # a position in _entry_rows; -1 when there is no entry
        self._cache: LRUCache[tuple[object, ...], Strip] = LRUCache(1024)
        self._generation = 0

    # -- what it shows ---------------------------------------------------------------

    def show(
        self,
        reforms: Sequence[Reform],
        spans: Mapping[int, tuple[Span, ...]] | None = None,
        cursor_on: int | None = None,
    ) -> None:
        """List ``reforms`` under their periods; put the cursor on the entry ``cursor_on`` (or the first)."""
        self._rows, self._first_line, self._line_row, self._entry_rows = [], [], [], []
        self._spans = spans or {}
        groups: dict[str, list[Reform]] = {period: [] for period in PERIODS}
        for reform in reforms:
            groups.setdefault(reform.period, []).append(reform)
        for period, members in groups.items():
            if not members:
                continue
            gap = 1 if self._rows else 0
            self._add_row((PERIODS.get(period, period), len(members)), gap + 1)
            for reform in members:
                self._entry_rows.append(len(self._rows))
                self._add_row(reform, 2)
        self._id_width = max((len(str(reform.id)) for reform in reforms), default=2)
        self._generation += 1
        self._cache.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, len(self._line_row))
        self.border_title = f"Entries ({len(reforms):,})"
        position = 0 if self._entry_rows else -1
        if cursor_on is not None:
            for number, row in enumerate(self._entry_rows):
                if self._entry(row).id == cursor_on:
                    position = number
                    break
        self.scroll_to(y=0, animate=False, immediate=True)
        self.cursor = -2  # so that move_to always reports the entry
        self.move_to(position)
        self.refresh()

    def _add_row(self, row: Reform | tuple[str, int], height: int) -> None:
        self._first_line.append(len(self._line_row))
        self._line_row.extend([len(self._rows)] * height)
        self._rows.append(row)

    def _entry(self, row: int) -> Reform:
        found = self._rows[row]
        assert isinstance(found, Reform)
        return found

    @property
    def highlighted(self) -> Reform | None:
        return self._entry(self._entry_rows[self.cursor]) if self.cursor >= 0 else None

    @property
    def entries(self) -> list[Reform]:
        """The entries listed, in order."""
        return [self._entry(row) for row in self._entry_rows]

    # -- the cursor ------------------------------------------------------------------

    def move_to(self, position: int) -> None:
        """Put the cursor on the entry at ``position`` (clamped), scroll to it and say so."""
        position = max(0, min(position, len(self._entry_rows) - 1)) if self._entry_rows else -1
        if position == self.cursor:
            return
        self.cursor = position
        self._generation += 1
        if position >= 0:
            row = self._entry_rows[position]
            top = self._first_line[row]
            bottom = top + 2
            if position == 0 or not isinstance(self._rows[row - 1], Reform):
                top = self._first_line[row - 1]  # show the heading above the first of a group
            height = self.scrollable_content_region.height
            if top < self.scroll_y:
                self.scroll_to(y=top, animate=False, immediate=True)
            elif height and bottom > self.scroll_y + height:
                self.scroll_to(y=bottom - height, animate=False, immediate=True)
        self.refresh()
        self.post_message(self.Highlighted(self.highlighted))

    def action_cursor_up(self) -> None:
        self.move_to(self.cursor - 1)

    def action_cursor_down(self) -> None:
        self.move_to(self.cursor + 1)

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height // 2 - 1)

    def action_page_up(self) -> None:
        self.move_to(self.cursor - self._page())

    def action_page_down(self) -> None:
        self.move_to(self.cursor + self._page())

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(len(self._entry_rows) - 1)

    def action_select(self) -> None:
        reform = self.highlighted
        if reform is not None:
            self.post_message(self.Selected(reform))

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        line = offset.y + int(self.scroll_y)
        if not 0 <= line < len(self._line_row):
            return
        row = self._line_row[line]
        if row in self._entry_rows:
            self.move_to(self._entry_rows.index(row))
            if event.chain >= 2:
                self.action_select()

    def _on_focus(self, event: events.Focus) -> None:
        self._generation += 1
        self.refresh()

    def _on_blur(self, event: events.Blur) -> None:
        self._generation += 1
        self.refresh()

    def _on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self._line_row))
        self._cache.clear()

    # -- drawing ---------------------------------------------------------------------

    def _line_text(self, row: int, part: int) -> Text:
        found = self._rows[row]
        if not isinstance(found, Reform):
            if part == 0 and row:
                return Text()
            label, count = found
            return Text.assemble(layout.text(label), (f" · {count:,}", layout.DIM))
        indent = self._id_width + 2
        if part == 0:
            title = layout.text(found.title, "bold", self._spans.get(found.id, ()), layout.MATCH_STYLE)
            return Text.assemble((f"{found.id:>{indent - 1}} ", layout.ID_STYLE), title)
        line = Text.assemble(" " * indent, render.status_text(found))
        line.append_text(layout.text(" · " + ", ".join(found.topics), layout.DIM))
        return line

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        number = y + int(self.scroll_y)
        if not 0 <= number < len(self._line_row):
            return Strip.blank(width, base)
        row = self._line_row[number]
        part = number - self._first_line[row]
        on_cursor = self.cursor >= 0 and row == self._entry_rows[self.cursor]
        key = (row, part, on_cursor, width, self.has_focus, self._generation if on_cursor else 0)
        strip = self._cache.get(key)
        if strip is None:
            style = base
            if on_cursor:
                style = base + self.get_component_rich_style("entry-list--cursor")
            elif not isinstance(self._rows[row], Reform):
                style = base + self.get_component_rich_style("entry-list--heading")
            text = self._line_text(row, part)
            text.truncate(width, overflow="ellipsis", pad=True)
            segments = Segment.apply_style(text.render(self.app.console, end=""), style)
            strip = Strip(list(segments)).crop_extend(0, width, style)
            self._cache[key] = strip
        return strip


class Viewer(VerticalScroll, can_focus=True):
    """The right pane: one entry in full, or the timeline, the thresholds or the glossary.

    Its keys are those of any scrolling pane: arrows, PgUp/PgDn, Home/End.
    """

    DEFAULT_CSS = """
    Viewer {
        width: 3fr;
        height: 1fr;
        padding: 0 0 0 1;
        scrollbar-size-vertical: 1;
        border-top: solid $panel-lighten-2;
        border-title-color: $text-muted;
    }
    Viewer:focus {
        border-top: solid $accent;
        border-title-color: $text;
    }
    Viewer > Static {
        width: 100%;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "scroll_up", "Scroll up", show=False),
        Binding("down,j", "scroll_down", "Scroll down", show=False),
        Binding("pageup", "page_up", "A page up", show=False),
        Binding("pagedown,space", "page_down", "A page down", show=False),
        Binding("home", "scroll_home", "To the top", show=False),
        Binding("end", "scroll_end", "To the end", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Static(id="view")

    def show(self, renderable: RenderableType, title: str) -> None:
        """Show ``renderable`` from its top, under ``title`` (our words, never data text)."""
        self.query_one("#view", Static).update(renderable)
        self.border_title = title
        self.scroll_home(animate=False, immediate=True)
