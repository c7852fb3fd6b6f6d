"""The browse app: the data it shows, and leaving it (q or Ctrl-C, exit status 0)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from ..model import Dataset
from ..search import Index
from .screens import MainScreen


class BrowseApp(App[int]):
    """The entries on the left, the highlighted one in full on the right, a filter box above."""

    TITLE = "kzreforms browse"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(self, dataset: Dataset, index: Index, text: str = "") -> None:
        import gc

        super().__init__()
        self.dataset, self.index, self.text = dataset, index, text
        # The data lives as long as the app: set aside from the garbage collector, which would
        # otherwise walk every record of it every few keystrokes (some 100 ms at 10,000 entries).
        gc.freeze()

    def get_default_screen(self) -> Screen[None]:
        return MainScreen(self.text)

    async def action_quit(self) -> None:
        self.exit(0)
