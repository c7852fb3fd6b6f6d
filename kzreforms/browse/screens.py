"""The main screen: the filter bar above, the list on the left, the viewer on the right.

It owns the keys that work everywhere on it (views, filters, sources, help, quit) and wires
the widgets: the filter bar says what was typed, the list which entry is highlighted, and
the screen tells the viewer what to show.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer

from ..formats import one_line, shorten
from ..model import PERIODS, STATUSES, Reform
from . import filtering, links, views
from .dialogs import ChoiceScreen, DatesScreen, HelpScreen, Section, sections_of
from .widgets import EntryList, FilterBar, Viewer

if TYPE_CHECKING:
    from .app import BrowseApp


class MainScreen(Screen[None]):
    DEFAULT_CSS = """
    MainScreen > #panes {
        height: 1fr;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Filter"),
        Binding("t", "pick('topic')", "Topic"),
        Binding("s", "pick('status')", "Status"),
        Binding("p", "pick('period')", "Period", show=False),
        Binding("e", "view('entry')", "The highlighted entry", show=False),
        Binding("d", "view('timeline')", "Timeline"),
        Binding("b", "view('thresholds')", "Thresholds (bars)", show=False),
        Binding("g", "view('glossary')", "Glossary", show=False),
        Binding("w", "compare", "Compare the rules on two dates", show=False),
        Binding("o", "source", "Open source"),
        Binding("c", "source(True)", "Copy the first source's address", show=False),
        Binding("tab", "app.focus_next", "Next pane", show=False),
        Binding("shift+tab", "app.focus_previous", "Previous pane", show=False),
        Binding("escape", "back", "Back: to the list, to the entry, then clear the filters", show=False),
        Binding("question_mark", "help", "Keys"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, text: str = "") -> None:
        super().__init__()
        self.filters = filtering.Filters(text=text)
        self.view = "entry"
        self.matches: filtering.Matches | None = None
        self._used_in: dict[str, list[int]] | None = None
        self.dates: tuple[str, str] | None = None  # the two days of the compare view

    @property
    def browser(self) -> BrowseApp:
        from .app import BrowseApp

        assert isinstance(self.app, BrowseApp)
        return self.app

    def compose(self) -> ComposeResult:
        yield FilterBar(self.filters.text)
        with Horizontal(id="panes"):
            yield EntryList(id="entries")
            yield Viewer(id="viewer")
        yield Footer()

    def on_mount(self) -> None:
        self.refilter()
        self.query_one(EntryList).focus()

    # -- filtering -------------------------------------------------------------------

    def refilter(self) -> None:
        """List the entries that pass the filters, the best hit under the cursor."""
        app = self.browser
        self.matches = filtering.apply(app.dataset, app.index, self.filters)
        entries = self.query_one(EntryList)
        keep = entries.highlighted.id if entries.highlighted and not self.matches.searched else None
        entries.show(self.matches.reforms, self.matches.title_spans, self.matches.best or keep)
        self.query_one(FilterBar).set_count(self.matches.summary(), self.filters.labels())
        if self.view != "entry":
            self.show_view()

    @on(FilterBar.Changed)
    def _typed(self, event: FilterBar.Changed) -> None:
        if event.text != self.filters.text:
            self.filters = self.filters._replace(text=event.text)
            self.refilter()

    @on(FilterBar.Done)
    def _filter_done(self) -> None:
        self.set_focus(self.query_one(EntryList))

    def action_filter(self) -> None:
        # At once, not as focus() does (later): keys typed right after / go to the box.
        self.set_focus(self.query_one(FilterBar).input)

    def action_pick(self, kind: str) -> None:
        dataset = self.browser.dataset
        if kind == "topic":
            found = filtering.topics(dataset)
            choices = [("", "Any topic", 0), *((topic, topic, count) for topic, count in found)]
            current = self.filters.topic
        elif kind == "status":
            found = filtering.statuses(dataset)
            choices = [("", "Any status", 0), *((status, status, count) for status, count in found)]
            current = self.filters.status
        else:
            found = filtering.periods(dataset)
            choices = [("", "Any period", 0), *((key, PERIODS[key], count) for key, count in found)]
            current = self.filters.period

        def picked(value: str | None) -> None:
            if value is not None and value != current:
                self.filters = self.filters._replace(**{kind: value})
                self.refilter()

        self.app.push_screen(ChoiceScreen(f"Only entries with this {kind}", choices, current), picked)

    # -- the right pane --------------------------------------------------------------

    @on(EntryList.Highlighted)
    def _highlighted(self, event: EntryList.Highlighted) -> None:
        if self.view == "entry":
            self.show_view()

    @on(EntryList.Selected)
    def _selected(self, event: EntryList.Selected) -> None:
        self.view = "entry"
        self.show_view()
        self.set_focus(self.query_one(Viewer))

    def show_view(self) -> None:
        app, viewer = self.browser, self.query_one(Viewer)
        listed = self.query_one(EntryList).entries
        of = f"{len(listed):,} {'entry' if len(listed) == 1 else 'entries'}"
        if self.view == "timeline":
            viewer.show(views.timeline(app.dataset, listed), f"Timeline of {of}")
        elif self.view == "compare" and self.dates is not None:
            first, second = self.dates
            shown = views.comparison(app.dataset, listed, first, second)
            viewer.show(shown, f"Compare {first} with {second}: {of}")
        elif self.view == "thresholds":
            viewer.show(views.thresholds(listed), f"Thresholds of {of}")
        elif self.view == "glossary":
            if self._used_in is None:
                from ..query import glossary_usage

                self._used_in = glossary_usage(app.dataset, app.dataset.glossary)
            viewer.show(views.glossary(app.dataset, self._used_in), "Glossary")
        else:
            reform = self.query_one(EntryList).highlighted
            viewer.show(views.entry(app.dataset, reform), "Entry" if reform is None else f"Entry {reform.id}")

    def action_view(self, name: str) -> None:
        self.view = name
        self.show_view()

    def action_compare(self) -> None:
        from ..compare import START

        def picked(days: tuple[str, str] | None) -> None:
            if days is not None:
                self.dates, self.view = days, "compare"
                self.show_view()

        self.app.push_screen(DatesScreen(START, self.browser.dataset.as_of), picked)

    def action_back(self) -> None:
        if not self.query_one(EntryList).has_focus:
            self.set_focus(self.query_one(EntryList))
        elif self.view != "entry":
            self.action_view("entry")
        elif self.filters != filtering.Filters():
            self.filters = filtering.Filters()
            self.query_one(FilterBar).set_text("")
            self.refilter()

    # -- sources, help ---------------------------------------------------------------

    def action_source(self, copy: bool = False) -> None:
        reform: Reform | None = self.query_one(EntryList).highlighted
        if reform is None:
            self.notify("No entry is highlighted.", severity="warning")
            return
        url = views.first_address(self.browser.dataset, reform)
        if url is None:
            self.notify(f"No source of entry {reform.id} has an address.", severity="warning")
        elif copy:
            self.app.copy_to_clipboard(url)
            self.notify(f"Copied {shorten(one_line(url), 70)} to the clipboard.", markup=False)
        else:
            self.notify(links.open_or_copy(url, self.app.copy_to_clipboard), markup=False)

    def help_sections(self) -> list[Section]:
        from .app import BrowseApp

        sections = sections_of(
            [
                ("Anywhere", [*self.BINDINGS, *BrowseApp.BINDINGS]),
                ("In the list", EntryList.BINDINGS),
                ("In the right pane", Viewer.BINDINGS),
                ("In the filter box", FilterBar.BINDINGS),
            ]
        )
        statuses = ", ".join(STATUSES)
        sections.append(
            (
                "The mouse and the filter",
                [
                    ("click", "Highlight an entry (twice: read it), focus a pane or the filter box"),
                    ("wheel", "Scroll the pane under the pointer"),
                    ("words", "As kzreforms search: every word must match; near misses match too"),
                    ("status", statuses),
                ],
            )
        )
        return sections

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.help_sections()))
