"""`kzreforms browse`: the app driven by Textual's pilot, its screenshots, and the real thing in tmux.

The pilot tests run the app headless at 80×24 on tests/data/sample.toml and read the screen as
text. The snapshot tests (pytest-textual-snapshot) compare SVG screenshots at 80×24 and 120×40
with tests/__snapshots__/test_browse/; after a change to the app, look at the new ones before
accepting them with ``pytest tests/test_browse.py --snapshot-update``. docs/browse.svg, the
README's screenshot, is kept current by test_readme_screenshot (refresh it with
``python -m tests.test_browse``).
"""

from __future__ import annotations

import asyncio
import io
import re
import shlex
import subprocess
import sys
import time
import webbrowser
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import OptionList

from kzreforms import data, search
from kzreforms.browse import filtering, views
from kzreforms.browse.app import BrowseApp
from kzreforms.browse.dialogs import ChoiceScreen, HelpScreen, key_names
from kzreforms.browse.screens import MainScreen
from kzreforms.browse.widgets import EntryList, FilterBar, Viewer
from kzreforms.model import Dataset, Event, Rule, Source
from kzreforms.search import Index

from .conftest import ROOT, SAMPLE, make_dataset, make_reform, needs, run

SCREENSHOT = ROOT / "docs" / "browse.svg"
Steps = Callable[[BrowseApp, Pilot[int]], Awaitable[None]]


@pytest.fixture(scope="module")
def loaded() -> tuple[Dataset, Index]:
    return data.load_for_search(SAMPLE)


def drive(
    loaded: tuple[Dataset, Index],
    steps: Steps,
    size: tuple[int, int] = (80, 24),
    text: str = "",
    notifications: bool = False,
) -> BrowseApp:
    """Run the app headless, let ``steps`` press keys and look; the app, afterwards."""
    app = BrowseApp(*loaded, text)
    app.animation_level = "none"  # smooth scrolling makes each key wait for the animation

    async def main() -> None:
        async with app.run_test(size=size, notifications=notifications) as pilot:
            await first_screen_drawn(app, pilot)
            await steps(app, pilot)

    asyncio.run(main())
    return app


async def first_screen_drawn(app: BrowseApp, pilot: Pilot[int], timeout: float = 20) -> None:
    """Wait until the first screen is whole: the filter bar, the list and the footer's keys drawn.
    On a loaded machine the footer can come a few frames after the list, so a test that read the
    screen after one pause saw it empty; this polls with a deadline instead of sleeping."""
    deadline = time.monotonic() + timeout
    while True:
        await pilot.pause()
        lines = screen_text(app).splitlines()
        if lines and lines[0].strip() and "Quit" in lines[-1]:
            return
        if time.monotonic() > deadline:
            raise AssertionError("the first screen was not drawn in time:\n" + "\n".join(lines))
        await asyncio.sleep(0.02)


def screen_text(app: BrowseApp) -> str:
    """What the terminal shows, as text (Textual has no public call for this; its screenshot
    export goes through the same compositor)."""
    width, height = app.size
    console = Console(
        width=width, height=height, file=io.StringIO(), force_terminal=True, color_system=None,
        record=True, legacy_windows=False,
    )  # fmt: skip
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


def listed(app: BrowseApp) -> list[int]:
    return [reform.id for reform in app.screen.query_one(EntryList).entries]


def highlighted(app: BrowseApp) -> int | None:
    reform = app.screen.query_one(EntryList).highlighted
    return None if reform is None else reform.id


def pane_title(app: BrowseApp) -> str:
    return str(app.screen.query_one(Viewer).border_title)


# --------------------------------------------------------------------------------------
# The first screen, the list and the keys that move in it
# --------------------------------------------------------------------------------------


def test_the_first_screen_fits_80_by_24(loaded: tuple[Dataset, Index]) -> None:
    shown: list[str] = []

    async def steps(app: BrowseApp, pilot: Pilot[int]) -> None:
        shown.append(screen_text(app))

    drive(loaded, steps)
    lines = shown[0].splitlines()
    assert len(lines) == 24 and all(len(line) <= 80 for line in lines)
    assert lines[0].startswith(" / Filter: words") and lines[0].rstrip().endswith("14 entries")
    assert "Entries (14)" in lines[1] and "Entry 1" in lines[1]
    assert lines[2].startswith("Reforms of 2019–2021 · 9 ")
    assert "1. Peaceful assembly by notification" in lines[2]
    assert lines[3].startswith("  1 Peaceful assembly by notific…")
    assert lines[4].startswith("    in force from 25 May 2020 · …")  # the topics cut at the pane's edge
    assert "Reforms of 2019–2021 · in force" in lines[3]
    assert " ".join(lines[-1].split()) == "/ Filter t Topic s Status d Timeline o Open source ? Keys q Quit"


def test_arrows_pages_home_and_end_move_the_cursor_and_the_right_pane_follows(
    loaded: tuple[Dataset, Index],
) -> None:
    seen: list[tuple[int | None, str]] = []

    async def steps(app: BrowseApp, pilot: Pilot[int]) -> None:
        for key in ["down", "down", "up", "end", "home", "pagedown", "pageup", "j", "k", "up"]:
            await pilot.press(key)
            seen.append((highlighted(app), pane_title(app)))

    drive(loaded, steps)
    ids = [entry for entry, _ in seen]
    assert ids[:5] == [2, 3, 2, 14, 1]
    assert ids[5] > 3 and ids[6] == 1  # a page is several entries
    assert ids[7:] == [2, 1, 1]  # j and k as down and up; up at the top stays
    assert all(title == f"Entry {entry}" for entry, title in seen)


def test_the_list_scrolls_to_keep_the_cursor_in_view(loaded: tuple[Dataset, Index]) -> None:
    async def steps(app: BrowseApp, pilot: Pilot[int]) -> None:
        await pilot.press("end")
        text = screen_text(app)
        assert " 14 " in text and "The constitutional amendments" in text
        assert app.screen.query_one(EntryList).scroll_y > 0
        await pilot.press("home")
        assert app.screen.query_one(EntryList).scroll_y == 0

    drive(loaded, steps)


def test_enter_reads_the_entry_and_esc_comes_back(loaded: tuple[Dataset, Index]) -> None:
    async def steps(app: BrowseApp, pilot: Pilot[int]) -> None:
        await pilot.press("down", "enter")
        viewer = app.screen.query_one(Viewer)
        assert viewer.has_focus
        await pilot.press("pagedown", "down")
        assert viewer.scroll_y > 0
        await pilot.press("end")
        assert "Sources" in screen_text(app)
        await pilot.press("home")
        assert viewer.scroll_y == 0
        await pilot.press("escape")
        assert app.screen.query_one(EntryList).has_focus
        assert highlighted(app) == 2
        await pilot.press("tab")
        assert viewer.has_focus
        await pilot.press("shift+tab")
        assert app.screen.query_one(EntryList).has_focus

    drive(loaded, steps)


def test_the_mouse_highlights_an_entry_and_a_double_click_reads_it(loaded: tuple[Dataset, Index]) -> None:
    async def steps(app: BrowseApp, pilot: Pilot[int]) -> None:
        # Under the list's top border (y 0): the heading (1), entry 1 (2-3), entry 2 (4-5), entry 3 (6-7).
        await pilot.click(EntryList, offset=(6, 5))
        assert highlighted(app) == 2
        assert pane_title(app) == "Entry 2"
        await pilot.click(EntryList, offset=(6, 1))  # a heading: nothing changes
        assert highlighted(app) == 2
        await pilot.double_click(EntryList, offset=(6, 6))
        assert highlighted(app) == 3
        assert app.screen.query_one(Viewer).has_focus
        await pilot.click(FilterBar, offset=(10, 0))
        assert app.screen.query_one(FilterBar).input.has_focus

    drive(loaded, steps)


# --------------------------------------------------------------------------------------
# Filtering
# --------------------------------------------------------------------------------------


def test_typing_filters_as_you_type_with_the_search_engine(loaded: tuple[Dataset, Index]) -> None:
    counts: list[str] = []

    async def steps(app: BrowseApp, pilot: Pilot[int]) -> None:
        await pilot.press("slash")
        assert app.screen.query_one(FilterBar).input.has_focus
        for key in "qouta":  # a near miss, as `search` takes it
            await pilot.press(key)
            counts.append(screen_text(app).splitlines()[0])
        assert listed(app) == [3]
        assert pane_title(app) == "Entry 3"
        text = screen_text(app)
        assert "3. Quota for women and youth on party lists" in text
        await pilot.press("enter")
        assert app.screen.query_one(EntryList).has_focus
        assert app.screen.query_one(FilterBar).text == "qouta"

    drive(loaded, steps)
    assert counts[0].startswith(" / q ")
    assert counts[-1].startswith(" / qouta ") and counts[-1].rstrip().endswith("1 of 14 match")


def test_the_list_holds_what_search_finds(loaded: tuple[Dataset, Index]) -> None:
    dataset, index = loaded

    async def steps(app: BrowseApp, pilot: Pilot[int]) -> None:
        for words in ["elections", "mazhilis threshold", "2020", "party -quota", "zzz"]:
            # every word must match, the last as typed so far
            result = search.search(dataset.reforms, words, index=index, limit=None, every=True, typing=True)
            found = sorted(hit.reform.id for hit in result.hits)
            app.screen.query_one(FilterBar).set_text(words)  # as if typed (typing is tested above)
            await pilot.pause()
            assert sorted(listed(app)) == found, words
            head = screen_text(app).splitlines()[0].rstrip()
            assert head.endswith(f"{len(found)} of 14 match"), words
            if found:
                assert highlighted(app) == result.hits[0].reform.id  # the cursor on the best hit
            else:
                assert pane_title(app) == "Entry"
                assert "No entry matches. Esc clears the filters." in screen_text(app)

    drive(loaded, steps)


def test_a_query_given_on_the_command_line_starts_in_the_box(loaded: tuple[Dataset, Index]) -> None:
    async def steps(app: BrowseApp, pilot: Pilot[int]) -> None:
        assert app.screen.query_one(FilterBar).text == "quota"
        assert listed(app) == [3]

    drive(loaded, steps, text="quota")


def test_esc_in_the_box_clears_it_and_esc_in_the_list_clears_every_filter(
    loaded: tuple[Dataset, Index],
) -> None:
    async def steps(app: BrowseApp, pilot: Pilot[int]) -> None:
        await pilot.press("slash", "p", "a", "escape")
        assert app.screen.query_one(FilterBar).text == ""
        assert app.screen.query_one(EntryList).has_focus
        assert len(listed(app)) == 14
        await pilot.press("slash", "e", "l", "e", "c", "t", "down")  # down leaves the box too
        assert app.screen.query_one(EntryList).has_focus
        narrowed = listed(app)
        assert 0 < len(narrowed) < 14
        await pilot.press("escape")
        assert len(listed(app)) == 14
        assert app.screen.query_one(FilterBar).text == ""

    drive(loaded, steps)


def pick(kind: str, label: str) -> Callable[[BrowseApp, Pilot[int]], Awaitable[None]]:
    """Press the key of ``kind``'s picker and choose ``label`` with the arrows and Enter."""

    async def steps(app: BrowseApp, pilot: Pilot[int]) -> None:
        await pilot.press(kind[0])
        dialog = app.screen
        assert isinstance(dialog, ChoiceScreen)
        labels = [label for _, label, _ in dialog.choices]
        options = dialog.query_one(OptionList)
        moves = labels.index(label) - (options.highlighted or 0)
        for _ in range(abs(moves)):
            await pilot.press("down" if moves > 0 else "up")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)

    return steps


PICKS = [
    ("topic", "elections", lambda r: "elections" in r.topics, "topic: elections"),
    ("status", "replaced", lambda r: r.status == "replaced", "status: replaced"),
    (
        "period",
        "The constitutional amendments of 2022",
        lambda r: r.period == "2022-amendments",
        "period: The constitutional amendments of 2022",
    ),
]


def test_topic_status_and_period_are_picked_from_the_keyboard(loaded: tuple[Dataset, Index]) -> None:
    dataset = loaded[0]

    async def steps(app: BrowseApp, pilot: Pilot[int]) -> None:
        for kind, label, check, labels in PICKS:
            expected = [reform.id for reform in dataset.reforms if check(reform)]
            await pick(kind, label)(app, pilot)
            assert listed(app) == expected, kind
            head = screen_text(app).splitlines()[0].rstrip()
            assert head.endswith(f"{len(expected)} of 14 match · {labels}"), head
            await pilot.press(kind[0], "escape")  # Esc in the picker keeps the filter
            assert listed(app) == expected
            if kind == "topic":
                await pick(kind, "Any topic")(app, pilot)
            else:
                await pilot.press("escape")  # Esc in the list clears every filter
            assert len(listed(app)) == 14

    drive(loaded, steps, size=(120, 40))


def test_filters_combine(loaded: tuple[Dataset, Index]) -> None:
    async def steps(app: BrowseApp, pilot: Pilot[int]) -> None:
        await pick("topic", "elections")(app, pilot)
        await pick("status", "replaced")(app, pilot)
        assert listed(app) == [5]
        app.screen.query_one(FilterBar).set_text("quota")
        await pilot.pause()
        assert listed(app) == []
        assert "0 of 14 match · topic: elections · status: replaced" in screen_text(app)

    drive(loaded, steps, size=(120, 40))


def test_the_word_being_typed_matches_as_a_prefix_so_the_list_narrows_with_each_letter(
    loaded: tuple[Dataset, Index],
) -> None:
    dataset, index = loaded
    counts = [
        filtering.apply(dataset, index, filtering.Filters(text="party quota"[:end])).total
        for end in range(1, 12)
    ]
    assert all(count > 0 for count in counts), counts
    assert counts == sorted(counts, reverse=True), counts  # never more as letters are added
    assert counts[0] > counts[4]  # 'p' lists more than 'party'
    typed = filtering.apply(dataset, index, filtering.Filters(text="party q"))
    assert 3 in [reform.id for reform in typed.reforms] and typed.total < counts[4]


def test_past_the_limit_the_best_hits_are_listed_and_counted() -> None:
    reforms = [make_reform(number, f"Reform {number}", after="A quota of seats.") for number in range(1, 8)]
    dataset = make_dataset(*reforms)
    index = search.build_index(dataset)
    limit = filtering.LIMIT
    try:
        filtering.LIMIT = 3
        matches = filtering.apply(dataset, index, filtering.Filters(text="quota"))
    finally:
        filtering.LIMIT = limit
    assert len(matches.reforms) == 3 and matches.total == 7
    assert matches.summary() == "7 of 7 match, the best 3 listed"
    assert filtering.apply(dataset, index, filtering.Filters()).summary() == "7 entries"
    one = make_dataset(reforms[0])
    assert filtering.apply(one, search.build_index(one), filtering.Filters()).summary() == "1 entry"


# --------------------------------------------------------------------------------------
# Views, help, sources, quitting
# --------------------------------------------------------------------------------------


def test_keys_switch_the_right_pane_to_each_view_and_back(loaded: tuple[Dataset, Index]) -> None:
    async def steps(app: BrowseApp, pilot: Pilot[int]) -> None:
        await pilot.press("d")
        assert pane_title(app) == "Timeline of 14 entries"
        assert "25 May 2020" in screen_text(app)
        await pilot.press("b")
        assert pane_title(app) == "Thresholds of 14 entries"
        assert "before" in screen_text(app) and "█" in screen_text(app)
        await pilot.press("g")
        assert pane_title(app) == "Glossary"
        await pilot.press("down")  # the list still moves; the view stays
        assert pane_title(app) == "Glossary" and highlighted(app) == 2
        await pilot.press("e")
        assert pane_title(app) == "Entry 2"
        await pilot.press("d", "escape")
        assert pane_title(app) == "Entry 2"
        await pick("topic", "elections")(app, pilot)
        await pilot.press("d")
        assert pane_title(app) == "Timeline of 7 entries"
        app.screen.query_one(FilterBar).set_text("quota")
        await pilot.pause()
        assert pane_title(app) == "Timeline of 1 entry"

    drive(loaded, steps)


def test_a_view_of_many_entries_shows_the_first_ones_and_says_so() -> None:
    reforms = [
        make_reform(
            number, f"Reform {number}", events=(Event(date="2020-01-01", text="A law.", sources=("src",)),)
        )
        for number in range(1, views.VIEW_LIMIT + 3)
    ]
    dataset = make_dataset(*reforms)
    text = Console(width=80, file=io.StringIO(), record=True)
    text.print(views.timeline(dataset, dataset.reforms))
    assert f"The first {views.VIEW_LIMIT} of the {views.VIEW_LIMIT + 2} listed entries" in text.export_text()


def test_help_lists_every_key(loaded: tuple[Dataset, Index]) -> None:
    async def steps(app: BrowseApp, pilot: Pilot[int]) -> None:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        shown = "\n".join(
            " ".join(names.split()) + " " + what for _, keys in app.screen.sections for names, what in keys
        )
        for widget in (MainScreen, EntryList, Viewer, FilterBar, BrowseApp):
            for binding in widget.BINDINGS:
                assert f"{key_names(binding)} {binding.description}" in shown  # type: ignore[union-attr]
        text = screen_text(app)
        assert "Keys (Esc closes)" in text and "Anywhere" in text
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        await pilot.press("question_mark", "q")  # q in the help closes the help
        assert isinstance(app.screen, MainScreen)

    app = drive(loaded, steps)
    assert app.return_code is None  # q in the help closes the help, not the app


class Browser:
    """A stand-in for a graphical web browser."""

    def __init__(self, works: bool | None = True) -> None:
        self.works, self.opened = works, []

    def open(self, url: str, new: int = 0) -> bool:
        self.opened.append(url)
        if self.works is None:
            raise OSError("no such program")
        return self.works


ADDRESS = "https://adilet.zan.kz/eng/docs/Z2000000333"


@pytest.fixture
def notes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The notifications the app shows, as they are given to it (never as markup)."""
    said: list[str] = []

    def notify(self: BrowseApp, message: str, *, markup: bool = True, **options: object) -> None:
        assert not markup or "https" not in message
        said.append(message)

    monkeypatch.setattr(BrowseApp, "notify", notify)
    return said


def test_o_opens_the_first_source_address_in_the_web_browser(
    loaded: tuple[Dataset, Index], monkeypatch: pytest.MonkeyPatch, notes: list[str]
) -> None:
    browser = Browser()
    monkeypatch.setattr(webbrowser, "get", lambda using=None: browser)

    async def steps(app: BrowseApp, pilot: Pilot[int]) -> None:
        await pilot.press("o")

    app = drive(loaded, steps)
    assert notes == [f"Opened {ADDRESS} in the web browser."]
    assert browser.opened == [ADDRESS]
    assert app.clipboard == ""


@pytest.mark.parametrize("where", ["none", "text browser", "fails", "breaks"])
def test_without_a_graphical_browser_o_copies_the_address(
    loaded: tuple[Dataset, Index], monkeypatch: pytest.MonkeyPatch, notes: list[str], where: str
) -> None:
    def get(using: str | None = None) -> object:
        if where == "none":
            raise webbrowser.Error("could not locate runnable browser")
        if where == "text browser":
            return webbrowser.GenericBrowser("lynx")  # would take over the terminal: never run
        return Browser(works=False if where == "fails" else None)

    monkeypatch.setattr(webbrowser, "get", get)

    async def steps(app: BrowseApp, pilot: Pilot[int]) -> None:
        await pilot.press("o")

    app = drive(loaded, steps)
    assert notes == [f"Copied {ADDRESS} to the clipboard (no graphical web browser here)."]
    assert app.clipboard == ADDRESS


def test_c_copies_and_an_entry_without_an_address_says_so(
    loaded: tuple[Dataset, Index], monkeypatch: pytest.MonkeyPatch, notes: list[str]
) -> None:
    monkeypatch.setattr(webbrowser, "get", lambda using=None: pytest.fail("no browser for c"))

    async def steps(app: BrowseApp, pilot: Pilot[int]) -> None:
        await pilot.press("c", "down", "o", "slash", "z", "z", "z", "enter", "o")

    app = drive(loaded, steps)
    assert notes == [
        f"Copied {ADDRESS} to the clipboard.",
        "No source of entry 2 has an address.",
        "No entry is highlighted.",
    ]
    assert app.clipboard == ADDRESS


@pytest.mark.parametrize("key", ["q", "ctrl+c"])
def test_q_and_ctrl_c_quit_with_status_0(loaded: tuple[Dataset, Index], key: str) -> None:
    async def steps(app: BrowseApp, pilot: Pilot[int]) -> None:
        if key == "ctrl+c":
            await pilot.press("slash", "a")  # even from the filter box
        await pilot.press(key)
        await pilot.pause()
        assert not app.is_running

    app = drive(loaded, steps)
    assert app.return_code == 0 and app.return_value == 0


# --------------------------------------------------------------------------------------
# Hostile data, colour, the command line
# --------------------------------------------------------------------------------------


def test_escape_sequences_and_markup_in_the_data_stay_inert() -> None:
    hostile = "\x1b[2J\x1b]52;c;AAAA\x07[bold red]loud[/] $(rm) [@click=app.quit]x[/]"
    dataset = make_dataset(
        make_reform(1, hostile, after=Rule(text=hostile, sources=("src",)), topics=(hostile,)),
        sources={"src": Source(kind="news", title=hostile, url="https://example.org/[b]x[/b]")},
    )
    app = BrowseApp(dataset, search.build_index(dataset))

    async def main() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await first_screen_drawn(app, pilot)
            text = screen_text(app)
            assert "\x1b" not in text and "\x07" not in text
            assert "␛[2J␛]52;c;AAAA␇[bold red]loud[/]" in text
            await pilot.press("t")
            assert "[bold red]loud[/]" in screen_text(app)
            await pilot.press("escape", "slash", "l", "o", "u", "d", "enter")
            assert listed(app) == [1]
            await pilot.press("d", "b", "g", "c")
            assert app.is_running

    asyncio.run(main())
    assert app.clipboard == "https://example.org/[b]x[/b]"


def test_no_color_makes_the_screen_grey(
    loaded: tuple[Dataset, Index], monkeypatch: pytest.MonkeyPatch
) -> None:
    def colours(svg: str) -> set[str]:
        found = {colour.lower() for colour in re.findall(r"(?:fill|color)[:=]\s*\"?(#[0-9a-fA-F]{6})", svg)}
        return found - {"#ff5f57", "#febc2e", "#28c840", "#c5c8c6"}  # the picture's window buttons and text

    def grey(colour: str) -> bool:
        return colour[1:3] == colour[3:5] == colour[5:7]

    svgs: list[str] = []

    async def steps(app: BrowseApp, pilot: Pilot[int]) -> None:
        svgs.append(app.export_screenshot())

    drive(loaded, steps)
    assert not all(grey(colour) for colour in colours(svgs[0]))
    monkeypatch.setenv("NO_COLOR", "1")
    drive(loaded, steps)
    assert colours(svgs[1]) and all(grey(colour) for colour in colours(svgs[1]))


@pytest.mark.parametrize("env", [{}, {"TERM": "dumb"}])
def test_without_a_terminal_it_says_so_in_one_line_and_exits_2(env: dict[str, str]) -> None:
    result = run("--data", str(SAMPLE), "browse", env=env)
    assert result.code == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("kzreforms: error: browse needs a terminal")


class Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_a_terminal_is_stdin_and_stdout_both(monkeypatch: pytest.MonkeyPatch) -> None:
    import kzreforms.browse as browse

    monkeypatch.setattr(sys, "stdout", Stream(True))
    monkeypatch.setattr(sys, "stdin", Stream(True))
    assert browse.needs_terminal() is None
    monkeypatch.setattr(sys, "stdin", Stream(False))
    assert str(browse.needs_terminal()).startswith("browse needs a terminal (standard input is not one)")


def test_run_hands_back_the_exit_status(
    monkeypatch: pytest.MonkeyPatch, loaded: tuple[Dataset, Index]
) -> None:
    import kzreforms.browse as browse

    ran: list[str] = []
    monkeypatch.setattr(BrowseApp, "run", lambda self: ran.append(self.text))
    assert browse.run(*loaded, "quota") == 0
    assert ran == ["quota"]


def test_textual_is_imported_by_browse_alone() -> None:
    def imported(*args: str) -> str:
        completed = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "kzreforms", "--data", str(SAMPLE), *args],
            capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL,
        )  # fmt: skip
        return completed.stderr

    assert "textual" not in imported("show", "5")
    assert "textual" not in imported("list")
    assert "textual" not in imported("browse")  # no terminal: it stops before loading Textual


def test_browse_takes_data_after_the_command_too(monkeypatch: pytest.MonkeyPatch) -> None:
    import kzreforms.browse as browse

    calls: list[tuple[int, str]] = []
    monkeypatch.setattr(browse, "needs_terminal", lambda: None)
    monkeypatch.setattr(
        browse, "run", lambda dataset, index, text: calls.append((len(dataset.reforms), text)) or 0
    )
    result = run("browse", "--data", str(SAMPLE), "party", "lists")
    assert result.code == 0, result.stderr
    assert calls == [(14, "party lists")]
    result = run("browse", "--data", str(ROOT / "tests" / "data" / "invalid" / "bad-period.toml"))
    assert result.code == 1 and result.stderr.startswith("kzreforms: error: ")


# --------------------------------------------------------------------------------------
# Screenshots
# --------------------------------------------------------------------------------------


def test_snapshot_80_by_24(snap_compare: Callable[..., bool], loaded: tuple[Dataset, Index]) -> None:
    """The first screen on the sample data: the list, entry 1, the footer."""
    assert snap_compare(BrowseApp(*loaded), terminal_size=(80, 24))


def test_snapshot_120_by_40_filtered(
    snap_compare: Callable[..., bool], loaded: tuple[Dataset, Index]
) -> None:
    """Filtered by 'elections': the count, the matched word marked in a title, the cursor moved
    two down from the best hit (4) to entry 6, shown in full with before and after side by side."""
    press = ["slash", "e", "l", "e", "c", "t", "i", "o", "n", "s", "enter", "down", "down"]
    assert snap_compare(BrowseApp(*loaded), press=press, terminal_size=(120, 40))


def readme_screenshot() -> str:
    """The README's picture: the bundled data at 100×30, filtered by 'party', an entry read."""
    from textual._doc import take_svg_screenshot

    app = BrowseApp(*data.load_for_search(data.bundled_path()), "")
    press = ["slash", "p", "a", "r", "t", "y", "enter"]
    svg = take_svg_screenshot(app, press=press, terminal_size=(100, 30), title="kzreforms browse")
    return re.sub(r"\bterminal-\d+-", "terminal-", svg)  # the random id Rich puts in each picture


def test_readme_screenshot() -> None:
    expected = SCREENSHOT.read_text(encoding="utf-8") if SCREENSHOT.exists() else ""
    assert readme_screenshot() == expected, "docs/browse.svg is out of date: run python -m tests.test_browse"


# --------------------------------------------------------------------------------------
# In a real terminal
# --------------------------------------------------------------------------------------


@pytest.mark.slow
@needs("tmux")
def test_in_a_real_terminal_filter_select_read_and_quit(tmp_path: Path) -> None:
    from .test_terminal import TIMEOUT, Screen

    screen = Screen(tmp_path)
    name = "browse"
    status = tmp_path / "status"
    environment = (
        f"PATH={shlex.quote(f'{Path(sys.executable).parent}:/usr/bin:/bin')} "
        f"XDG_CACHE_HOME={shlex.quote(str(tmp_path / 'cache'))} "
        f"KZREFORMS_DATA={shlex.quote(str(SAMPLE))} LANG=C.UTF-8 TERM=xterm-256color"
    )
    command = f"env -u NO_COLOR -u FORCE_COLOR -u COLUMNS -u LINES {environment} kzreforms browse"

    def shown() -> str:
        return screen.tmux("capture-pane", "-p", "-t", name)

    def wait_until(what: str, ready: Callable[[str], bool]) -> str:
        """The screen, once ``ready`` says it shows ``what``: polled with a deadline, no sleep."""
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            if ready(now := shown()):
                return now
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}; the screen:\n{shown()}")

    def wait_for(text: str) -> str:
        return wait_until(repr(text), lambda now: text in now)

    def footer(now: str) -> str:
        return " ".join(now.rstrip().splitlines()[-1].split())

    try:
        screen.tmux(
            "new-session", "-d", "-s", name, "-x", "80", "-y", "24",
            f"{command}; echo exit=$? > {shlex.quote(str(status))}; sleep 120",
        )  # fmt: skip
        first = wait_for("1. Peaceful assembly by notification")
        assert "14 entries" in first
        screen.tmux("send-keys", "-t", name, "/")
        # Keys sent at once with / would reach the list before the box has focus; the footer
        # shows only "/ Filter" once the box has it.
        wait_until("the filter box's footer", lambda now: footer(now) == "/ Filter")
        screen.tmux("send-keys", "-t", name, "-l", "party")
        wait_for("of 14 match")
        screen.tmux("send-keys", "-t", name, "Enter")
        wait_until("the list's footer", lambda now: footer(now).endswith("q Quit"))  # the list has it again
        screen.tmux("send-keys", "-t", name, "Down")
        read = wait_for("Entry 3")
        lines = read.splitlines()
        assert lines[0].startswith(" / party") and lines[0].rstrip().endswith("3 of 14 match")
        assert "3. Quota for women and youth on party lists" in read
        assert all(len(line) <= 80 for line in lines)
        screen.tmux("send-keys", "-t", name, "q")
        deadline = time.monotonic() + TIMEOUT
        while not status.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert status.read_text().strip() == "exit=0"
        after = shown()
        assert "Entries (" not in after  # the screen is the shell's again
    finally:
        screen.close()


if __name__ == "__main__":
    SCREENSHOT.parent.mkdir(exist_ok=True)
    SCREENSHOT.write_text(readme_screenshot(), encoding="utf-8")
    print(f"wrote {SCREENSHOT.relative_to(ROOT)}; look at it before committing", file=sys.stderr)


def test_the_mouse_wheel_scrolls_the_entry(loaded: tuple[Dataset, Index]) -> None:
    from textual import events

    async def steps(app: BrowseApp, pilot: Pilot[int]) -> None:
        viewer = app.screen.query_one(Viewer)
        assert viewer.scroll_y == 0 and viewer.max_scroll_y > 0  # an entry longer than the pane
        await pilot._post_mouse_events([events.MouseScrollDown], Viewer, offset=(5, 5), times=3)
        await pilot.pause()
        assert viewer.scroll_y > 0
        down = viewer.scroll_y
        await pilot._post_mouse_events([events.MouseScrollUp], Viewer, offset=(5, 5))
        await pilot.pause()
        assert viewer.scroll_y < down

    drive(loaded, steps)


def test_w_compares_the_listed_entries_on_two_dates(loaded: tuple[Dataset, Index]) -> None:
    async def steps(app: BrowseApp, pilot: Pilot[int]) -> None:
        await pilot.press("w")
        assert "Compare the rules on two dates" in screen_text(app)
        await pilot.press(*"20x1", "enter")  # not a date: said in the dialog, which stays
        assert "'20x1' is not a date: use a year (2021)" in screen_text(app)
        await pilot.press(*["backspace"] * 4, *"2021 2023", "enter")
        assert pane_title(app) == "Compare 2021-12-31 with 2023-12-31: 14 entries"
        shown = screen_text(app)
        assert "What changed between 31 Dec 2021 and 31 Dec 2023" in shown
        assert "5. Lower threshold to enter the Mazhilis" in shown
        await pilot.press("w", "escape")  # cancelled: the view stays
        assert pane_title(app) == "Compare 2021-12-31 with 2023-12-31: 14 entries"
        await pilot.press("w", "enter")  # Enter alone: the defaults
        assert pane_title(app) == "Compare 2019-06-09 with 2026-11-30: 14 entries"
        await pilot.press("e")
        assert pane_title(app) == "Entry 1"

    drive(loaded, steps, size=(100, 30))
