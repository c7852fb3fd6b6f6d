"""Reading a data file: the one-line errors for a JSON file nested too deeply, and for an
integer with more digits than Python reads, in TOML or JSON.

An integer too long for ``int()`` is named at its line and column wherever it stands (after
``=``, in a JSON object, alone on a line of a multi-line array, on a line after a blank first
line), with the limit in force: Python's 4,300 digits, or the one the user set with
``PYTHONINTMAXSTRDIGITS``. Each file is checked as a user checks it, with `kzreforms validate`,
and refused with the same line by every other command.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import run

REASON = "a number has more than 4,300 digits; numbers may be at most 10^15"
LONG = "7" * 5_000  # more digits than Python's int() reads by default (4,300)


def message(path: Path) -> str:
    """The one line `kzreforms validate PATH` prints for an invalid file (exit status 1);
    `kzreforms --data PATH list` refuses it with the same line on stderr."""
    result = run("validate", str(path))
    assert (result.code, result.stderr) == (1, ""), result
    assert result.stdout.endswith("\n") and result.stdout.count("\n") == 1, result.stdout
    refused = run("--data", str(path), "list")
    assert (refused.code, refused.stdout, refused.stderr) == (1, "", f"kzreforms: error: {result.stdout}")
    return result.stdout.rstrip("\n")


def written(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def digits_limit() -> Iterator[None]:
    """Python's limit on the digits of an integer restored after the test."""
    before = sys.get_int_max_str_digits()
    yield
    sys.set_int_max_str_digits(before)


# --------------------------------------------------------------------------------------
# JSON
# --------------------------------------------------------------------------------------


def test_a_json_file_nested_too_deeply_is_one_line(tmp_path: Path) -> None:
    path = written(tmp_path, "deep.json", '{"as_of": ' + "[" * 100_000 + "]" * 100_000 + "}")
    assert message(path) == f"{path}: JSON syntax error: nested too deeply"


def test_a_json_integer_with_too_many_digits_is_named_at_its_line_and_column(tmp_path: Path) -> None:
    path = written(
        tmp_path, "long.json", '{\n  "as_of": "2026-11-30",\n  "schema_version": ' + LONG + "\n}\n"
    )
    assert message(path) == f"{path}:3:21: {REASON}"


# --------------------------------------------------------------------------------------
# TOML
# --------------------------------------------------------------------------------------


def test_an_integer_alone_on_a_line_of_an_array_is_named_at_its_line_and_column(tmp_path: Path) -> None:
    path = written(tmp_path, "array.toml", f'as_of = "2026-11-30"\nfigures = [\n  1,\n  {LONG},\n]\n')
    assert message(path) == f"{path}:4:3: {REASON}"


def test_an_integer_after_a_blank_first_line_is_named_at_its_line_and_column(tmp_path: Path) -> None:
    path = written(tmp_path, "blank.toml", f"\nschema_version = {LONG}\n")
    assert message(path) == f"{path}:2:18: {REASON}"


def test_the_limit_the_user_set_is_the_one_named(tmp_path: Path, digits_limit: None) -> None:
    # As with PYTHONINTMAXSTRDIGITS=1000: 1,500 digits are too many.
    sys.set_int_max_str_digits(1_000)
    path = written(tmp_path, "lower.toml", f'as_of = "2026-11-30"\nschema_version = {"7" * 1_500}\n')
    assert message(path) == f"{path}:2:18: a number has more than 1,000 digits; numbers may be at most 10^15"


@pytest.mark.parametrize(
    ("error", "shown"),
    [
        (PermissionError(13, "Permission denied"), "permission denied"),  # root reads anything: made up
        (OSError("the network drive went away"), "cannot be read (the network drive went away)"),
    ],
    ids=["permission", "no error number"],
)
def test_a_file_that_cannot_be_opened_is_one_line_saying_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, shown: str
) -> None:
    import os

    path = written(tmp_path, "reforms.toml", "")
    real_open = os.open

    def refused(name: Any, *args: Any, **kwargs: Any) -> int:
        if str(name) == str(path):
            raise error
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(os, "open", refused)
    for command in (["validate", str(path)], ["--data", str(path), "list"]):
        result = run(*command)
        assert (result.code, result.stdout, result.stderr) == (1, "", f"kzreforms: error: {path}: {shown}\n")
