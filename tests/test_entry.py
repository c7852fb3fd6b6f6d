"""The console script's entry point: Ctrl-C and a closed pipe end quietly, with the right status."""

from __future__ import annotations

import os
import runpy
import sys

import pytest

from kzreforms import _entry, cli


def test_ctrl_c_exits_130(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def interrupted() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "main", interrupted)
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


def test_python_dash_m_goes_through_the_entry_point(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["kzreforms", "--version"])
    with pytest.raises(SystemExit) as stopped:
        runpy.run_module("kzreforms", run_name="__main__")
    assert stopped.value.code == 0
    assert capsys.readouterr().out.startswith("kzreforms ")
