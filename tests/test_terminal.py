"""In a real terminal: the installed tool runs inside tmux and the test reads the screen.

tmux is a test dependency of CI (`.ci/run` installs it). Elsewhere, without tmux, these
tests are skipped.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

TMUX = shutil.which("tmux")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(TMUX is None and os.environ.get("CI") != "true", reason="tmux is not installed"),
]
DONE = "__kzreforms_done__"


class Screen:
    """A tmux server of its own, with one window of a given size."""

    def __init__(self, folder: Path) -> None:
        self.socket = f"kzreforms-test-{uuid.uuid4().hex[:8]}"
        self.folder = folder

    def tmux(self, *args: str) -> str:
        assert TMUX is not None, "tmux is needed for these tests (CI installs it)"
        completed = subprocess.run(
            [TMUX, "-L", self.socket, *args], capture_output=True, text=True, check=True
        )
        return completed.stdout

    def run(self, command: str, width: int, height: int = 24, colours: bool = False) -> str:
        """Run ``command`` in a width x height terminal; the whole screen and scrollback."""
        bin_folder = Path(sys.executable).parent
        environment = (
            f"PATH={bin_folder}:/usr/bin:/bin XDG_CACHE_HOME={self.folder / 'cache'} LANG=C.UTF-8 "
            "TERM=xterm-256color"
        )
        script = f"env -u NO_COLOR -u FORCE_COLOR -u COLUMNS {environment} {command}; echo {DONE}; sleep 60"
        name = f"w{width}"
        self.tmux("new-session", "-d", "-s", name, "-x", str(width), "-y", str(height), script)
        deadline = time.monotonic() + 30
        screen = ""
        while time.monotonic() < deadline:
            screen = self.tmux("capture-pane", "-p", "-J", "-S", "-", "-t", name)
            if DONE in screen:
                break
            time.sleep(0.1)
        if colours:
            screen = self.tmux("capture-pane", "-p", "-e", "-S", "-", "-t", name)
        self.tmux("kill-session", "-t", name)
        assert DONE in screen, screen
        return screen.split(DONE)[0]

    def close(self) -> None:
        subprocess.run([TMUX or "tmux", "-L", self.socket, "kill-server"], capture_output=True, check=False)


@pytest.fixture
def screen(tmp_path: Path) -> Iterator[Screen]:
    opened = Screen(tmp_path)
    yield opened
    opened.close()


def lines_of(screen_text: str) -> list[str]:
    return [line.rstrip() for line in screen_text.splitlines() if line.strip()]


def test_show_at_80_by_24(screen: Screen) -> None:
    lines = lines_of(screen.run("kzreforms show 5", 80))
    assert lines[0] == "Reform package 5: Lower threshold to enter the Mazhilis"
    assert lines[1].startswith("╭") and lines[1].endswith("╮") and len(lines[1]) == 80
    assert "• Vote share a party needs to enter the Mazhilis: 7% → 5% (−2 pp)" in lines
    assert max(len(line) for line in lines) <= 80


def test_list_at_40_columns(screen: Screen) -> None:
    lines = lines_of(screen.run("kzreforms list", 40))
    assert max(len(line) for line in lines) <= 40
    assert "  40,000 → 5,000 members (−87.5%)" in lines
    assert "  7% → 5% (−2 pp)" in lines
    assert lines[0] == "Reform packages"


def test_show_at_40_columns_stacks_before_and_after(screen: Screen) -> None:
    lines = lines_of(screen.run("kzreforms show 2", 40))
    assert max(len(line) for line in lines) <= 40
    assert lines[lines.index("Before") + 1].startswith("A political party needed 40,000")
    assert "After" in lines
    assert "  40,000 → 5,000 members (−87.5%); on" in lines


def test_a_real_terminal_gets_colour(screen: Screen) -> None:
    coloured = screen.run("kzreforms show 5", 80, colours=True)
    assert "\x1b[" in coloured
    plain = screen.run("kzreforms show 5 | cat", 80, colours=True)
    assert "\x1b[" not in plain
