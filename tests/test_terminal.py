"""In a real terminal: the installed tool runs inside tmux and the test reads the screen.

Each test has a tmux server of its own (``tmux -L NAME``), waits for the output by polling
``capture-pane`` and kills its server at the end, whatever happens. The raw bytes the tool
writes to the terminal are copied out with ``pipe-pane``, which is how the OSC 8 hyperlinks
are seen: tmux 3.3 does not keep them on the screen. The data is tests/data/sample.toml.

tmux is a test dependency of CI (`.ci/run` installs it). Elsewhere, without tmux, these
tests are skipped.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .conftest import SAMPLE, needs

TMUX = shutil.which("tmux")
pytestmark = [
    pytest.mark.slow,
    needs("tmux"),
]
DONE = "__kzreforms_done__"
TIMEOUT = 30.0


class Screen:
    """A tmux server of its own, with one window of a given size at a time."""

    def __init__(self, folder: Path) -> None:
        self.socket = f"kzreforms-test-{uuid.uuid4().hex[:8]}"
        self.folder = folder
        self.count = 0

    def tmux(self, *args: str) -> str:
        assert TMUX is not None, "tmux is needed for these tests (CI installs it)"
        completed = subprocess.run(
            [TMUX, "-L", self.socket, "-f", "/dev/null", *args],
            capture_output=True, text=True, check=False, timeout=TIMEOUT,
        )  # fmt: skip
        assert completed.returncode == 0, f"tmux {' '.join(args)}: {completed.stderr}"
        return completed.stdout

    def _wait_for(self, what: str, check: Callable[[], bool]) -> None:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            if check():
                return
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}")

    def run(self, command: str, width: int, height: int = 24, colours: bool = False) -> tuple[str, bytes]:
        """Run ``command`` in a width x height terminal: the screen with its scrollback, and the
        bytes written to the terminal."""
        self.count += 1
        name = f"w{width}-{self.count}"
        ready = self.folder / f"{name}.ready"
        raw = self.folder / f"{name}.raw"
        bin_folder = Path(sys.executable).parent
        environment = (
            f"PATH={shlex.quote(f'{bin_folder}:/usr/bin:/bin')} "
            f"XDG_CACHE_HOME={shlex.quote(str(self.folder / 'cache'))} "
            f"KZREFORMS_DATA={shlex.quote(str(SAMPLE))} LANG=C.UTF-8 TERM=xterm-256color"
            " KZREFORMS_PAGER=cat"  # the whole output on the screen (tests/test_streams.py pages)
        )
        # The command waits until pipe-pane is in place, so that no byte of it is missed.
        script = (
            f"while [ ! -e {shlex.quote(str(ready))} ]; do sleep 0.05; done; "
            f"env -u NO_COLOR -u FORCE_COLOR -u COLUMNS -u LINES {environment} {command}; "
            f"echo {DONE}; sleep 120"
        )
        self.tmux("new-session", "-d", "-s", name, "-x", str(width), "-y", str(height), script)
        self.tmux("pipe-pane", "-O", "-t", name, f"cat >> {shlex.quote(str(raw))}")
        ready.touch()
        screen = ""

        def finished() -> bool:
            nonlocal screen
            screen = self.tmux("capture-pane", "-p", "-J", "-S", "-", "-t", name)
            return DONE in screen

        self._wait_for(f"{command!r} to finish", finished)
        self._wait_for("the raw output", lambda: raw.exists() and DONE.encode() in raw.read_bytes())
        if colours:
            screen = self.tmux("capture-pane", "-p", "-e", "-S", "-", "-t", name)
        # The session stays until close() kills the server: killing the last session would end
        # the server while the next test of this screen starts one.
        return screen.split(DONE)[0], raw.read_bytes().split(DONE.encode())[0]

    def close(self) -> None:
        """Kill this test's server, and remove its socket, which tmux leaves behind."""
        subprocess.run(
            [TMUX or "tmux", "-L", self.socket, "kill-server"],
            capture_output=True,
            check=False,
            timeout=TIMEOUT,
        )
        folder = Path(os.environ.get("TMUX_TMPDIR") or "/tmp") / f"tmux-{os.getuid()}"
        (folder / self.socket).unlink(missing_ok=True)


@pytest.fixture
def screen(tmp_path: Path) -> Iterator[Screen]:
    opened = Screen(tmp_path)
    try:
        yield opened
    finally:
        opened.close()


def lines_of(screen_text: str) -> list[str]:
    return [line.rstrip() for line in screen_text.splitlines() if line.strip()]


def test_show_at_80_by_24(screen: Screen) -> None:
    lines = lines_of(screen.run("kzreforms show 5", 80)[0])
    assert lines[0] == "5. Lower threshold to enter the Mazhilis"
    assert lines[1] == "Reforms of 2019–2021 · replaced by entry 12"
    assert lines[2].startswith("╭") and lines[2].endswith("╮") and len(lines[2]) == 80
    assert "• Vote share a party needs to enter the Mazhilis: 7% → 5% (−2 pp) [1]" in lines
    assert max(len(line) for line in lines) <= 80
    sources = lines[lines.index("Sources") + 1 :]
    assert [line[:4] for line in sources if line.startswith("[")] == ["[1] ", "[2] ", "[3] "]


def test_list_at_40_columns(screen: Screen) -> None:
    lines = lines_of(screen.run("kzreforms list", 40)[0])
    assert max(len(line) for line in lines) <= 40
    assert lines[0] == "Reforms of 2019–2021"
    assert "  40,000 → 5,000 members (−87.5%)" in lines
    assert "  7% → 5% (−2 pp)" in lines
    assert "  (replaced by entry 12)" in lines
    assert lines[-2:] == ["14 entries; data as of 30 Nov 2026.", "Sources: kzreforms show ID."]


def test_show_at_40_columns_stacks_before_and_after(screen: Screen) -> None:
    lines = lines_of(screen.run("kzreforms show 2", 40)[0])
    assert max(len(line) for line in lines) <= 40
    assert lines[lines.index("Before") + 1] == "A political party needed 40,000 members"
    assert lines[lines.index("After") + 1] == "A political party needs 5,000 members to"
    assert "  40,000 → 5,000 members (−87.5%) [1];" in lines
    assert "  600 → 200 members (−66.7%) [3][4]" in lines


def test_a_real_terminal_gets_colour_and_links_and_a_pipe_neither(screen: Screen) -> None:
    coloured, raw = screen.run("kzreforms show 1", 120, colours=True)
    assert "\x1b[" in coloured
    # The title of the one source with an address links to it (OSC 8), and only that.
    assert b"\x1b]8;id=" in raw
    assert b";https://adilet.zan.kz/eng/docs/Z2000000333\x1b\\" in raw
    linked = raw.split(b";https://adilet.zan.kz/eng/docs/Z2000000333\x1b\\", 1)[1].split(b"\x1b]8;;\x1b\\")[0]
    assert linked == b'"On the procedure for organizing and holding peaceful assemblies"'
    plain, piped = screen.run("kzreforms show 1 | cat", 120, colours=True)
    assert "\x1b[" not in plain
    assert b"\x1b]8;" not in piped and b"\x1b[" not in piped
    assert b"https://adilet.zan.kz/eng/docs/Z2000000333" in piped  # the address is still written out
