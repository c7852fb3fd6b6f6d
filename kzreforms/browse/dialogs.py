"""Dialogs over the main screen: every key (`?`), the topic, status and period pickers, and the
two dates to compare."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from .. import layout

KEY_NAMES = {
    "up": "↑", "down": "↓", "pageup": "PgUp", "pagedown": "PgDn", "home": "Home", "end": "End",
    "enter": "Enter", "escape": "Esc", "question_mark": "?", "slash": "/", "ctrl+c": "Ctrl-C",
    "space": "Space", "tab": "Tab", "shift+tab": "Shift-Tab", "ctrl+q": "Ctrl-Q",
}  # fmt: skip


def key_names(binding: Binding) -> str:
    """'up,k' -> '↑ k'."""
    return " ".join(KEY_NAMES.get(key.strip(), key.strip()) for key in binding.key.split(","))


Section = tuple[str, Sequence[tuple[str, str]]]


def sections_of(groups: Sequence[tuple[str, Sequence[BindingType]]]) -> list[Section]:
    """Each group's bindings as (keys, what they do), in their order."""
    return [
        (title, [(key_names(b), b.description) for b in bindings if isinstance(b, Binding)])
        for title, bindings in groups
    ]


class HelpScreen(ModalScreen[None]):
    """Every key of the app, by where it works, and what the mouse does."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    HelpScreen > VerticalScroll {
        width: 72;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $accent;
        border-title-align: center;
        background: $surface;
        padding: 0 1;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close this help"),
    ]

    def __init__(self, sections: Sequence[Section]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        parts: list[RenderableType] = []
        for title, keys in self.sections:
            table = Table.grid(padding=(0, 2))
            table.add_column(style=layout.ID_STYLE, no_wrap=True, min_width=9)
            table.add_column()
            for names, description in keys:
                table.add_row(names, description)
            parts += [Text(title, style=layout.HEADING_STYLE), table, Text()]
        with VerticalScroll() as scroll:
            scroll.border_title = "Keys (Esc closes)"
            yield Static(Group(*parts[:-1]))

    def action_close(self) -> None:
        self.dismiss(None)


class ChoiceScreen(ModalScreen[str | None]):
    """Pick one value (a topic, a status, a period) or any; Esc leaves the filter as it was.

    Dismissed with the value picked ("" for any), or None when cancelled.
    """

    DEFAULT_CSS = """
    ChoiceScreen {
        align: center middle;
    }
    ChoiceScreen > Vertical {
        width: 60;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $accent;
        border-title-align: center;
        background: $surface;
    }
    ChoiceScreen OptionList, ChoiceScreen OptionList:focus {
        height: auto;
        max-height: 20;
        border: none;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Close, keeping the filter"),
    ]

    def __init__(self, title: str, choices: Sequence[tuple[str, str, int]], current: str) -> None:
        """``choices``: (value, label, count); the first, "any", has the value ""."""
        super().__init__()
        self.title_text, self.choices, self.current = title, choices, current

    def compose(self) -> ComposeResult:
        options = []
        for value, label, count in self.choices:
            prompt = layout.text(label)  # data text: never markup
            if count:
                prompt.append(f"  {count:,}", style=layout.DIM)
            if value == self.current:
                prompt.append("  (now)", style=layout.DIM)
            options.append(Option(prompt))
        with Vertical() as box:
            box.border_title = self.title_text
            yield OptionList(*options)

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        values = [value for value, _, _ in self.choices]
        options.highlighted = values.index(self.current) if self.current in values else 0
        self.set_focus(options)

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.choices[event.option_index][0])

    def action_cancel(self) -> None:
        self.dismiss(None)


class DatesScreen(ModalScreen[tuple[str, str] | None]):
    """Two dates to compare, as `kzreforms compare A B` takes them; Esc cancels.

    Dismissed with the two days (YYYY-MM-DD), or None. A date that is not one is said below the
    box, in the words the command line uses, and the dialog stays.
    """

    DEFAULT_CSS = """
    DatesScreen {
        align: center middle;
    }
    DatesScreen > Vertical {
        width: 64;
        max-width: 100%;
        height: auto;
        border: round $accent;
        border-title-align: center;
        background: $surface;
        padding: 0 1;
    }
    DatesScreen #problem {
        color: $error;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Close, comparing nothing"),
    ]

    def __init__(self, first: str, second: str) -> None:
        super().__init__()
        self.first, self.second = first, second

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Compare the rules on two dates"
            yield Static(
                Text(
                    "Two dates, A B: a year (its last day), a year and month, or a date. "
                    f"Enter alone: {self.first} {self.second}.",
                    style=layout.DIM,
                )
            )
            yield Input(placeholder=f"{self.first} {self.second}", id="dates")
            yield Static(id="problem")

    def on_mount(self) -> None:
        self.set_focus(self.query_one(Input))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        from ..compare import BadDay, day_of

        event.stop()
        words = event.value.split() or [self.first, self.second]
        if len(words) > 2:
            self.query_one("#problem", Static).update(Text("Two dates at most: A B"))
            return
        words = [*words, self.second][:2]
        try:
            first, second = day_of(words[0]), day_of(words[1])
        except BadDay as bad:
            self.query_one("#problem", Static).update(Text(str(bad)))  # our words: never markup
            return
        self.dismiss((first, second))

    def action_cancel(self) -> None:
        self.dismiss(None)
