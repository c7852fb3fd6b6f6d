"""The console script's entry point: Ctrl-C and a closed pipe end quietly, with the right status;
a terminal that cannot encode a character gets a '?' rather than a traceback; a failed write to
stdout is one line and status 1; a closed stderr changes no status, and a closed or full
stderr drops the message; a closed standard descriptor is plugged with /dev/null.

These run in-process, with streams that fail as real ones do; tests/test_streams.py runs the
real program with real file descriptors."""

from __future__ import annotations

import builtins
import contextlib
import io
import os
import runpy
import sys
from pathlib import Path
from typing import Any

import pytest

from kzreforms import __version__, _entry, cli

from .conftest import SAMPLE


def test_ctrl_c_exits_130(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def interrupted() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "main", interrupted)
    with pytest.raises(SystemExit) as stopped:
        _entry.main()
    assert stopped.value.code == 130
    assert capsys.readouterr().err == "\n"


def test_ctrl_c_while_the_command_line_is_imported_exits_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real_import = builtins.__import__

    def importing(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "cli" or name.endswith(".cli"):
            raise KeyboardInterrupt
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", importing)
    with pytest.raises(SystemExit) as stopped:
        _entry.main()
    assert stopped.value.code == 130
    assert capsys.readouterr().err == "\n"


def test_a_closed_pipe_exits_1_and_silences_stdout(monkeypatch: pytest.MonkeyPatch) -> None:
    def reader_gone() -> None:
        raise BrokenPipeError

    redirected: list[tuple[int, int]] = []
    monkeypatch.setattr(cli, "main", reader_gone)
    monkeypatch.setattr(os, "dup2", lambda source, target: redirected.append((source, target)))
    monkeypatch.setattr(sys, "stdout", open(os.devnull, "w"))  # noqa: SIM115 - closed by the interpreter
    with pytest.raises(SystemExit) as stopped:
        _entry.main()
    assert stopped.value.code == 1
    assert [target for _, target in redirected] == [sys.stdout.fileno()]


def test_a_stream_that_cannot_encode_gets_question_marks(monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.TextIOWrapper(io.BytesIO(), encoding="ascii", errors="strict")
    err = io.TextIOWrapper(io.BytesIO(), encoding="ascii", errors="strict")
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(cli, "main", lambda: print("40,000 → 5,000"))
    _entry.main()
    assert (out.errors, err.errors) == ("replace", "replace")
    out.flush()
    buffer = out.buffer
    assert isinstance(buffer, io.BytesIO)
    assert buffer.getvalue() == b"40,000 ? 5,000\n"


def test_python_dash_m_goes_through_the_entry_point(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KZREFORMS_DATA", str(SAMPLE))
    monkeypatch.setattr(sys, "argv", ["kzreforms", "--version"])
    with pytest.raises(SystemExit) as stopped:
        runpy.run_module("kzreforms", run_name="__main__")
    assert stopped.value.code == 0
    assert capsys.readouterr().out == f"kzreforms {__version__} (data as of 2026-11-30, 14 entries)\n"


NO_SPACE = "kzreforms: error: cannot write to standard output: No space left on device\n"


class Failing(io.StringIO):
    """A stream that fails when it has something to write, as /dev/full or a closed pipe does."""

    def __init__(self, error: OSError) -> None:
        super().__init__()
        self.error = error

    def flush(self) -> None:
        if self.getvalue():
            raise self.error


def entry(monkeypatch: pytest.MonkeyPatch, *args: str) -> object:
    """Run the entry point on ``args`` with the sample data: its exit code, None if it returned."""
    monkeypatch.setattr(sys, "argv", ["kzreforms", "--data", str(SAMPLE), *args])
    try:
        _entry.main()
    except SystemExit as stopped:
        return stopped.code
    return None


@pytest.mark.parametrize("args", [["list"], ["show", "2", "--json"], ["export"], ["--version"], ["--help"]])
def test_a_full_stdout_is_one_line_and_status_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    monkeypatch.setattr(sys, "stdout", Failing(OSError(28, "No space left on device")))
    monkeypatch.setattr(_entry, "_silence", lambda stream: None)
    assert entry(monkeypatch, *args) == 1
    assert capsys.readouterr().err == NO_SPACE


def test_a_full_stdout_keeps_a_failure_status(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdout", Failing(OSError(28, "No space left on device")))
    monkeypatch.setattr(_entry, "_silence", lambda stream: None)
    monkeypatch.setattr(cli, "main", lambda: (sys.stdout.write("x\n"), sys.exit(130)))
    assert entry(monkeypatch) == 130
    assert capsys.readouterr().err == NO_SPACE


def test_a_closed_stdout_fails_at_the_first_write_only(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    plugged: list[int] = []
    monkeypatch.setattr(_entry, "_plug", plugged.append)
    monkeypatch.setattr(sys, "stdout", None)
    assert entry(monkeypatch, "show", "2") == 1
    assert (
        capsys.readouterr().err == "kzreforms: error: cannot write to standard output: Bad file descriptor\n"
    )
    assert entry(monkeypatch, "search", "zzz") == 1  # nothing written: its own message only
    assert capsys.readouterr().err == "kzreforms: no entries match 'zzz'\n"
    assert entry(monkeypatch, "export", "-f") == 2
    assert capsys.readouterr().err == (
        "kzreforms: error: Option '-f' requires an argument. (see 'kzreforms export --help')\n"
    )
    assert plugged == [1, 1, 1]
    assert sys.stdout is None  # given back as it was


def test_a_closed_stderr_changes_no_status(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    plugged: list[int] = []
    monkeypatch.setattr(_entry, "_plug", plugged.append)
    monkeypatch.setattr(sys, "stderr", None)
    assert entry(monkeypatch, "export", "--output", str(tmp_path / "out.toml")) == 0
    assert entry(monkeypatch, "list", "--bogus") == 2
    assert entry(monkeypatch, "show", "99") == 1
    assert plugged == [2, 2, 2]
    full = io.TextIOWrapper(open(os.devnull, "wb"))  # noqa: SIM115 - closed below
    full.write = lambda text: (_ for _ in ()).throw(OSError(28, "No space left on device"))  # type: ignore[method-assign]
    monkeypatch.setattr(sys, "stderr", full)
    assert entry(monkeypatch, "list", "--bogus") == 2
    full.close()


def test_a_reader_that_goes_away_mid_write_ends_quietly(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    silenced: list[object] = []
    stream = Failing(BrokenPipeError(32, "Broken pipe"))
    monkeypatch.setattr(sys, "stdout", stream)
    monkeypatch.setattr(_entry, "_silence", silenced.append)
    assert entry(monkeypatch, "list") == 1
    assert capsys.readouterr().err == ""
    assert silenced == [stream]


def test_another_os_error_is_not_taken_for_a_failed_write(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> None:
        raise OSError(5, "Input/output error")

    out = sys.stdout
    monkeypatch.setattr(cli, "main", broken)
    with pytest.raises(OSError, match="Input/output error"):
        _entry.main()
    assert sys.stdout is out


def test_the_checked_stream_behaves_as_a_stream() -> None:
    failed = _entry._Failed()
    text = _entry._Checked(io.TextIOWrapper(io.BytesIO(), encoding="utf-8"), failed, text=True)
    with pytest.raises(TypeError, match="must be str, not bytes"):
        text.write(b"x")
    with pytest.raises(TypeError, match="must be bytes, not str"):
        text.buffer.write("x")
    assert text.write("") == 0 and text.buffer.write(b"") == 0
    assert text.write("a  \nb ") == 6  # "b " waits for the end of its line
    text.flush()
    assert text.buffer.write(b"c") == 1
    text.flush()
    assert text.encoding == "utf-8" and not text.isatty()
    raw = text._stream.buffer.getvalue()
    assert raw == b"a\nb c"
    closed = _entry._Checked(None, _entry._Failed(), text=True)
    closed.flush()  # nothing written: nothing fails
    with pytest.raises(OSError, match="Bad file descriptor"):
        closed.buffer.write(b"x")
    with pytest.raises(OSError, match="Bad file descriptor"):
        closed.write("x\n")  # the same failure again


def test_silence_and_plug_use_real_descriptors(tmp_path: Any) -> None:
    target = tmp_path / "target"
    with open(target, "w") as stream:
        stream.write("pending")
        _entry._silence(stream)  # what it still holds now goes to /dev/null
    assert target.read_text() == ""
    _entry._silence(None)
    spare = os.dup(0)
    try:
        os.close(spare)
        _entry._plug(spare)  # a closed descriptor gets /dev/null
        assert os.readlink(f"/proc/self/fd/{spare}") == os.devnull
    finally:
        os.close(spare)


def test_stderr_keeps_the_characters_it_cannot_encode_as_escapes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Only a strict stream is made lenient: stderr's own backslashreplace (Python's default)
    keeps an error message's characters readable, where stdout gets '?'."""
    out = io.TextIOWrapper(io.BytesIO(), encoding="ascii", errors="strict")
    err = io.TextIOWrapper(io.BytesIO(), encoding="ascii", errors="backslashreplace")
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    assert entry(monkeypatch, "show", "Мәж") == 1
    assert (out.errors, err.errors) == ("replace", "backslashreplace")
    err.flush()
    assert err.buffer.getvalue() == (  # type: ignore[attr-defined]
        b"kzreforms: error: no entry named '\\u041c\\u04d9\\u0436'; valid ids: 1\\u201314\n"
    )


def test_a_failed_write_without_an_error_number_is_named_by_its_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdout", Failing(OSError("the network drive went away")))
    monkeypatch.setattr(_entry, "_silence", lambda stream: None)
    assert entry(monkeypatch, "list") == 1
    assert capsys.readouterr().err == (
        "kzreforms: error: cannot write to standard output: the network drive went away\n"
    )


class Ended(Exception):
    """os._exit, caught: it would end the test run itself."""


@pytest.mark.parametrize(
    ("ends", "status", "stderr"),
    [
        (lambda: None, 0, ""),
        (lambda: sys.exit(2), 2, ""),
        (lambda: sys.exit(None), 0, ""),
        (lambda: sys.exit("kzreforms: stopped"), 1, "kzreforms: stopped\n"),
        (lambda: sys.exit(1.5), 1, "1.5\n"),  # not a status: printed, as Python itself does
    ],
    ids=["returns", "exit 2", "exit None", "exit with a message", "exit with an odd value"],
)
def test_the_console_script_flushes_both_streams_then_ends_at_once(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    ends: Any,
    status: int,
    stderr: str,
) -> None:
    flushed: list[str] = []

    class Stream(io.StringIO):
        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

        def flush(self) -> None:
            flushed.append(self.name)

    def exit_now(code: int) -> None:
        raise Ended(code)

    monkeypatch.setattr(_entry, "main", ends)
    monkeypatch.setattr(os, "_exit", exit_now)
    monkeypatch.setattr(sys, "stdout", Stream("stdout"))
    monkeypatch.setattr(sys, "stderr", Stream("stderr"))
    with pytest.raises(Ended) as ended:
        _entry.script()
    assert ended.value.args == (status,)
    assert flushed == ["stdout", "stderr"]
    assert sys.stderr.getvalue() == stderr  # type: ignore[attr-defined]


def test_the_console_script_survives_streams_that_cannot_flush(monkeypatch: pytest.MonkeyPatch) -> None:
    def exit_now(code: int) -> None:
        raise Ended(code)

    closed = io.TextIOWrapper(io.BytesIO())
    closed.close()
    monkeypatch.setattr(_entry, "main", lambda: None)
    monkeypatch.setattr(os, "_exit", exit_now)
    monkeypatch.setattr(sys, "stdout", closed)  # ValueError on flush
    monkeypatch.setattr(sys, "stderr", None)  # AttributeError on flush
    with pytest.raises(Ended) as ended:
        _entry.script()
    assert ended.value.args == (0,)

    class Gone(io.StringIO):
        def flush(self) -> None:
            raise OSError(5, "Input/output error")

    monkeypatch.setattr(sys, "stdout", Gone())  # OSError on flush: a terminal that went away
    monkeypatch.setattr(sys, "stderr", closed)
    with pytest.raises(Ended) as ended:
        _entry.script()
    assert ended.value.args == (0,)


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
