"""Promises a user cannot see at a glance, each as README.md states it (found by scripts/mutation).

Writing a file (README, "kzreforms export"): through a temporary file `.kzreforms-XXXXXXXX.tmp` in
the same folder, renamed into place; an existing file only with --force, keeping its permissions;
SIGTERM or SIGHUP removes the temporary file and ends with 128 plus the signal's number.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from kzreforms import _entry, files

from .conftest import SAMPLE, run

TEMPORARY = re.compile(r"\.kzreforms-[a-z0-9_]{8}\.tmp")


@pytest.fixture
def umask() -> Iterator[int]:
    previous = os.umask(0o027)
    try:
        yield 0o027
    finally:
        os.umask(previous)


def test_an_export_goes_through_a_temporary_file_beside_the_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.toml"
    seen: list[list[str]] = []
    sync = os.fsync

    def watched(fd: int) -> None:
        seen.append(sorted(os.listdir(tmp_path)))
        sync(fd)

    monkeypatch.setattr(os, "fsync", watched)
    result = run("--data", str(SAMPLE), "export", "--output", str(target))
    assert (result.code, result.stderr) == (0, f"Wrote 14 entries to {target}\n")
    assert len(seen) == 1 and len(seen[0]) == 1 and TEMPORARY.fullmatch(seen[0][0]), seen
    assert os.listdir(tmp_path) == ["out.toml"]
    assert target.read_text(encoding="utf-8") == run("--data", str(SAMPLE), "export").stdout


def test_force_replaces_the_file_and_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.toml"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o604)
    refused = run("--data", str(SAMPLE), "export", "--output", str(target))
    assert (refused.code, refused.stderr) == (
        1,
        f"kzreforms: error: {target}: already exists (use --force to replace it)\n",
    )
    assert target.read_text(encoding="utf-8") == "old\n"
    forced = run("--data", str(SAMPLE), "export", "--output", str(target), "--force")
    assert forced.code == 0, forced.stderr
    assert target.read_text(encoding="utf-8") == run("--data", str(SAMPLE), "export").stdout
    assert stat.S_IMODE(target.stat().st_mode) == 0o604
    assert os.listdir(tmp_path) == ["out.toml"]


def test_a_new_file_gets_the_permissions_the_umask_allows(tmp_path: Path, umask: int) -> None:
    target = tmp_path / "new.csv"
    files.write_atomic(target, "id\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask == 0o640


def test_the_text_is_written_exactly_as_utf_8_line_ends_and_all(tmp_path: Path) -> None:
    target = tmp_path / "exact.csv"
    files.write_atomic(target, "a,Мәжіліс\r\nb\n")
    assert target.read_bytes() == "a,Мәжіліс\r\nb\n".encode()


class Exited(Exception):
    """os._exit, caught: the handler would end the test run itself."""


@pytest.mark.parametrize(("name", "status"), [("SIGTERM", 143), ("SIGHUP", 129)])
def test_sigterm_or_sighup_during_a_write_removes_the_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, status: int
) -> None:
    number = getattr(signal, name)
    before = signal.signal(number, signal.SIG_DFL)  # as in a user's shell, whatever runs the tests
    sync = os.fsync

    def exit_now(code: int) -> None:
        raise Exited(code)

    def signalled(fd: int) -> None:
        sync(fd)
        os.kill(os.getpid(), number)

    monkeypatch.setattr(os, "_exit", exit_now)
    monkeypatch.setattr(os, "fsync", signalled)
    target = tmp_path / "out.toml"
    try:
        with pytest.raises(Exited) as exited:
            files.write_atomic(target, "text\n")
        assert signal.getsignal(number) is signal.SIG_DFL  # the handlers are given back
    finally:
        signal.signal(number, before)
    assert exited.value.args == (status,)
    assert os.listdir(tmp_path) == []  # neither the temporary file nor a half-written target


def test_a_write_that_ends_normally_gives_the_signal_handlers_back(tmp_path: Path) -> None:
    before = [signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGHUP)]
    files.write_atomic(tmp_path / "a.md", "# a\n")
    assert [signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGHUP)] == before


def test_an_ignored_signal_stays_ignored_during_a_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`nohup kzreforms export ...`: SIGHUP is ignored, and the export must not end on it."""
    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    sync = os.fsync

    def hung_up(fd: int) -> None:
        sync(fd)
        os.kill(os.getpid(), signal.SIGHUP)

    try:
        monkeypatch.setattr(os, "fsync", hung_up)
        files.write_atomic(tmp_path / "kept.toml", "text\n")
        assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGHUP, previous)
    assert (tmp_path / "kept.toml").read_text(encoding="utf-8") == "text\n"


# --------------------------------------------------------------------------------------
# Standard output and error (README, "Output"; kzreforms/_entry.py)
# --------------------------------------------------------------------------------------

SGR_RED, SGR_END = "\x1b[1;31m", "\x1b[0m"
LINK = "\x1b]8;id=7;https://example.org\x1b\\"
LINK_END = "\x1b]8;;\x1b\\"


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("word   \n", "word\n"),
        ("a,b\r\n", "a,b\r\n"),  # CSV's line ends stay as written: only spaces go
        ("tab\t\n", "tab\t\n"),
        ("x" + " " * 3 + SGR_END + "\n", "x" + SGR_END + "\n"),
        (f"x {SGR_RED}  {SGR_END} \n", f"x{SGR_RED}{SGR_END}\n"),
        (f"{SGR_END}   \n", f"{SGR_END}\n"),  # a colour code at the start of the line
        ("x \x1b[38:5:1m \n", "x\x1b[38:5:1m\n"),  # colons, as some terminals write them
        ("x \x1b[1xm \n", "x \x1b[1xm\n"),  # not a colour code: kept, with the space before it
        ("rhythm \n", "rhythm\n"),  # ends in m, with no escape at all
        (f"{LINK}title{LINK_END}   \n", f"{LINK}title{LINK_END}\n"),
        (f"{LINK}title {LINK_END}  \n", f"{LINK}title{LINK_END}\n"),
        (f"{LINK}t{LINK_END} {LINK}u {LINK_END} \n", f"{LINK}t{LINK_END} {LINK}u{LINK_END}\n"),
        (f"a {SGR_RED}\x1b]8;;\x1b[0m\x1b\\ \n", f"a {SGR_RED}\x1b]8;;\x1b[0m\x1b\\\n"),  # not a link end
        ("tab\t  \n", "tab\t\n"),  # only spaces go, not other white space
        (f"tab\t {SGR_END} \n", f"tab\t{SGR_END}\n"),
        ("MAX  \n", "MAX\n"),
        (f"X {SGR_END}\n", f"X{SGR_END}\n"),
        ("x \x1b[1Xm \n", "x \x1b[1Xm\n"),  # a letter among the numbers: not a colour code
        ("x \x1b[x1m \n", "x \x1b[x1m\n"),
        ("a \x1b]8;;\x1b\x1b\\ \n", "a \x1b]8;;\x1b\x1b\\\n"),  # an escape inside: not a link end
    ],
)
def test_no_line_of_text_output_ends_in_spaces_and_escape_codes_stay(written: str, shown: str) -> None:
    assert _entry.strip_trailing_spaces(written) == shown


def test_stderr_that_is_closed_or_full_drops_the_message(tmp_path: Path) -> None:
    closed = open(tmp_path / "err", "w")  # noqa: SIM115 - closed below, as a closed stderr is
    closed.close()
    quiet = _entry._Quiet(closed)
    assert quiet.write("kzreforms: error: x\n") == len("kzreforms: error: x\n")
    quiet.flush()
    full = open("/dev/full", "w")  # noqa: SIM115 - closed below
    try:
        quiet = _entry._Quiet(full)
        quiet.write("x" * 10)
        quiet.flush()  # ENOSPC, dropped
        assert quiet.closed is False  # anything else is the stream's own
    finally:
        with contextlib.suppress(OSError):  # what it holds cannot be written either
            full.close()


def test_a_closed_standard_descriptor_is_plugged_with_dev_null() -> None:
    # A descriptor above free ones, so that /dev/null opens elsewhere and is moved onto it.
    low, high = os.dup(0), 100
    os.close(low)
    try:
        _entry._plug(high)
        assert os.readlink(f"/proc/self/fd/{high}") == os.devnull
        assert not os.path.exists(f"/proc/self/fd/{low}")  # and nothing else is left open
    finally:
        os.close(high)
