"""The console script's entry point: Ctrl-C and a closed pipe end quietly, with the right status;
a terminal that cannot encode a character gets a '?' rather than a traceback."""

from __future__ import annotations

import builtins
import io
import os
import runpy
import sys
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
