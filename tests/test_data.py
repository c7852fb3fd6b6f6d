"""Reading a data file: every invalid file gets its exact one-line message, every odd path one line.

Each file NAME.toml (or NAME.json) in tests/data/invalid is a data file with one mistake;
NAME.error holds exactly what `kzreforms validate` prints for it, with ``{path}`` for the
file's path. To add a case, add the two files.

A JSON file nested too deeply is one line, and an integer too long for ``int()`` is named at
its line and column wherever it stands (after ``=``, in a JSON object, alone on a line of a
multi-line array, on a line after a blank first line), with the limit in force: Python's 4,300
digits, or the one the user set with ``PYTHONINTMAXSTRDIGITS``. Each file is checked as a user
checks it, with `kzreforms validate`, and refused with the same line by every other command.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kzreforms import data
from kzreforms.model import Dataset

from .conftest import ONE_ENTRY, ROOT, SAMPLE, TESTS, data_file, run

INVALID_FOLDER = TESTS / "data" / "invalid"
INVALID = sorted(path for path in INVALID_FOLDER.iterdir() if path.suffix in (".toml", ".json"))


def expected_message(path: Path) -> str:
    return path.with_suffix(".error").read_text(encoding="utf-8").rstrip("\n").replace("{path}", str(path))


def refused(path: Path | str, *args: str) -> str:
    """The one line on stderr of `kzreforms --data PATH list`, which must fail with exit code 1."""
    result = run("--data", str(path), *(args or ("list",)))
    assert (result.code, result.stdout) == (1, ""), result
    assert result.stderr.endswith("\n") and result.stderr.count("\n") == 1, result.stderr
    return result.stderr


# --------------------------------------------------------------------------------------
# Invalid files
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", INVALID, ids=[path.name for path in INVALID])
def test_validate_prints_the_exact_message_for_an_invalid_file(path: Path) -> None:
    expected = expected_message(path)
    assert "\n" not in expected
    result = run("validate", str(path))
    assert (result.code, result.stdout, result.stderr) == (1, f"{expected}\n", "")
    # Every other command refuses the file with the same line, on stderr.
    assert refused(path) == f"kzreforms: error: {expected}\n"


def test_every_invalid_file_has_its_message_and_every_message_its_file() -> None:
    messages = {path.stem for path in INVALID_FOLDER.glob("*.error")}
    assert messages == {path.stem for path in INVALID}
    assert len(INVALID) == len(messages)  # no NAME.toml beside a NAME.json


def test_the_valid_file_the_fixtures_are_made_from_is_valid(own: Path) -> None:
    result = run("validate", str(own))
    assert (result.code, result.stdout, result.stderr) == (0, "OK: 1 entry, data as of 2026-11-30\n", "")


def entry(number: int, cites: str = '["article"]', **fields: str) -> str:
    """One [[reforms]] entry in TOML, its before citing ``cites``; ``fields`` replace or add lines."""
    lines = {
        "id": str(number),
        "period": '"2019-2021"',
        "title": f'"Reform {number}"',
        "status": '"in force"',
        "in_force": '"2022"',
    }
    head = "".join(
        f"{key} = {value}\n" for key, value in {**lines, "topics": '["elections"]', **fields}.items()
    )
    return (
        f'\n[[reforms]]\n{head}\n[reforms.before]\ntext = "Before."\nsources = {cites}\n'
        '\n[reforms.after]\ntext = "After."\nsources = ["article"]\n'
    )


def test_validate_lists_every_problem_one_per_line(tmp_path: Path) -> None:
    head = ONE_ENTRY[: ONE_ENTRY.index("[[reforms]]")]
    path = tmp_path / "many.toml"
    path.write_text(
        head + entry(1, sumary='"x"') + entry(2) + entry(3, id='"three"') + '\n[[glossary]]\nterm = "akim"\n',
        encoding="utf-8",
    )
    result = run("validate", str(path))
    assert (result.code, result.stderr) == (1, "")
    assert result.stdout.splitlines() == [
        f"{path}: reform 1: unknown key 'sumary'",
        f"{path}: reform at position 3: field 'id' must be an integer, not string",
        f"{path}: glossary[1]: missing field 'meaning'",
    ]
    # Other commands name the first problem and count the rest.
    assert (
        refused(path) == f"kzreforms: error: {path}: reform 1: unknown key 'sumary' (and 2 more problems)\n"
    )


def test_validate_lists_every_problem_found_across_entries(tmp_path: Path) -> None:
    head = ONE_ENTRY[: ONE_ENTRY.index("[[reforms]]")]
    path = tmp_path / "many.toml"
    path.write_text(
        head
        + entry(1, topics='["elections", "Elections"]')
        + entry(2, cites='["law-333"]')
        + entry(3, status='"replaced"')
        + entry(3),
        encoding="utf-8",
    )
    result = run("validate", str(path))
    assert (result.code, result.stderr) == (1, "")
    assert result.stdout.splitlines() == [
        f"{path}: reform 1: field 'topics' lists 'Elections' twice (topics ignore case)",
        f"{path}: reform 2: before: field 'sources' cites an unknown source 'law-333'",
        f"{path}: reform 3: status 'replaced' needs the field 'replaced_by'",
        f"{path}: reform 3: duplicate id (also at position 3)",
    ]


def test_validate_json_lists_every_problem(tmp_path: Path) -> None:
    import json

    path = INVALID_FOLDER / "unknown-source-key.toml"
    result = run("validate", "--json", str(path))
    assert result.code == 1
    assert json.loads(result.stdout) == {
        "file": str(path),
        "ok": False,
        "entries": None,
        "problems": [expected_message(path)],
    }


# --------------------------------------------------------------------------------------
# A JSON file nested too deeply, an integer with more digits than Python reads
# --------------------------------------------------------------------------------------

REASON = "a number has more than 4,300 digits; numbers may be at most 10^15"
LONG = "7" * 5_000  # more digits than Python's int() reads by default (4,300)


def message(path: Path) -> str:
    """The one line `kzreforms validate PATH` prints for an invalid file (exit status 1);
    `kzreforms --data PATH list` refuses it with the same line on stderr."""
    result = run("validate", str(path))
    assert (result.code, result.stderr) == (1, ""), result
    assert result.stdout.endswith("\n") and result.stdout.count("\n") == 1, result.stdout
    assert refused(path) == f"kzreforms: error: {result.stdout}"
    return result.stdout.rstrip("\n")


@pytest.fixture
def digits_limit() -> Iterator[None]:
    """Python's limit on the digits of an integer restored after the test."""
    before = sys.get_int_max_str_digits()
    yield
    sys.set_int_max_str_digits(before)


def test_a_json_file_nested_too_deeply_is_one_line(tmp_path: Path) -> None:
    path = data_file(tmp_path, '{"as_of": ' + "[" * 100_000 + "]" * 100_000 + "}", "deep.json")
    assert message(path) == f"{path}: JSON syntax error: nested too deeply"


def test_a_json_integer_with_too_many_digits_is_named_at_its_line_and_column(tmp_path: Path) -> None:
    path = data_file(
        tmp_path, '{\n  "as_of": "2026-11-30",\n  "schema_version": ' + LONG + "\n}\n", "long.json"
    )
    assert message(path) == f"{path}:3:21: {REASON}"


def test_an_integer_alone_on_a_line_of_an_array_is_named_at_its_line_and_column(tmp_path: Path) -> None:
    path = data_file(tmp_path, f'as_of = "2026-11-30"\nfigures = [\n  1,\n  {LONG},\n]\n', "array.toml")
    assert message(path) == f"{path}:4:3: {REASON}"


def test_an_integer_after_a_blank_first_line_is_named_at_its_line_and_column(tmp_path: Path) -> None:
    path = data_file(tmp_path, f"\nschema_version = {LONG}\n", "blank.toml")
    assert message(path) == f"{path}:2:18: {REASON}"


def test_the_limit_the_user_set_is_the_one_named(tmp_path: Path, digits_limit: None) -> None:
    # As with PYTHONINTMAXSTRDIGITS=1000: 1,500 digits are too many.
    sys.set_int_max_str_digits(1_000)
    path = data_file(tmp_path, f'as_of = "2026-11-30"\nschema_version = {"7" * 1_500}\n', "lower.toml")
    assert message(path) == f"{path}:2:18: a number has more than 1,000 digits; numbers may be at most 10^15"


# --------------------------------------------------------------------------------------
# Paths that lead nowhere: one line on stderr, exit code 1, on every Python
# --------------------------------------------------------------------------------------


def test_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "reforms.toml"
    assert refused(path) == f"kzreforms: error: {path}: no such file\n"


def test_a_folder(tmp_path: Path) -> None:
    assert refused(tmp_path) == f"kzreforms: error: {tmp_path}: is a folder, not a data file\n"


def test_a_symlink_loop(tmp_path: Path) -> None:
    path = tmp_path / "loop.toml"
    path.symlink_to(path)
    assert refused(path) == f"kzreforms: error: {path}: cannot be read (a loop of symbolic links)\n"
    assert refused(path, "validate") == refused(path)


def test_a_symlink_loop_of_two_links(tmp_path: Path) -> None:
    one, two = tmp_path / "one.toml", tmp_path / "two.toml"
    one.symlink_to(two)
    two.symlink_to(one)
    assert refused(one) == f"kzreforms: error: {one}: cannot be read (a loop of symbolic links)\n"


def test_a_dangling_symlink(tmp_path: Path) -> None:
    path = tmp_path / "reforms.toml"
    path.symlink_to(tmp_path / "deleted.toml")
    assert refused(path) == f"kzreforms: error: {path}: a link to a missing file\n"
    assert refused(path, "validate") == refused(path)


def test_a_path_that_runs_through_a_file(tmp_path: Path) -> None:
    file = data_file(tmp_path, name="reforms.toml")
    path = file / "reforms.toml"
    message = f"kzreforms: error: {path}: cannot be read (a part of the path is a file, not a folder)\n"
    assert refused(path) == message
    assert refused(path, "validate") == message


@pytest.mark.parametrize("how", ["a name of 300 characters", "a path of 5,000 characters"])
def test_a_path_that_is_too_long(tmp_path: Path, how: str) -> None:
    if how.startswith("a name"):
        path = tmp_path / ("r" * 296 + ".toml")
    else:
        path = tmp_path.joinpath(*["folder"] * 715, "reforms.toml")
        assert len(str(path)) > 5_000
    message = f"kzreforms: error: {path}: cannot be read (the name is too long)\n"
    assert refused(path) == message
    assert refused(path, "validate") == message


def test_a_fifo_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "reforms.toml"
    os.mkfifo(path)
    assert refused(path) == f"kzreforms: error: {path}: not a regular file\n"


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
    path = data_file(tmp_path, "", "reforms.toml")
    real_open = os.open

    def not_opened(name: Any, *args: Any, **kwargs: Any) -> int:
        if str(name) == str(path):
            raise error
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(os, "open", not_opened)
    for command in (["validate", str(path)], ["--data", str(path), "list"]):
        result = run(*command)
        assert (result.code, result.stdout, result.stderr) == (1, "", f"kzreforms: error: {path}: {shown}\n")


def test_the_bundled_file_is_found_from_a_checkout() -> None:
    assert data.bundled_path() == ROOT / "data" / "reforms.toml"


# --------------------------------------------------------------------------------------
# Standard input
# --------------------------------------------------------------------------------------


def kzreforms(*args: str, stdin: bytes) -> subprocess.CompletedProcess[bytes]:
    """The command run as a user runs it, with ``stdin`` piped in."""
    return subprocess.run(
        [sys.executable, "-m", "kzreforms", *args],
        input=stdin,
        capture_output=True,
        env={**os.environ, "COLUMNS": "80"},
        cwd=ROOT,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("name", ["-", "/dev/stdin"])
def test_data_from_standard_input(name: str) -> None:
    expected = run("--data", str(SAMPLE), "list").stdout
    assert "Registering a political party" in expected
    result = kzreforms("--data", name, "list", stdin=SAMPLE.read_bytes())
    assert (result.returncode, result.stderr.decode()) == (0, "")
    assert result.stdout.decode("utf-8") == expected


@pytest.mark.parametrize("name", ["-", "/dev/stdin"])
def test_validate_reads_standard_input(name: str) -> None:
    result = kzreforms("validate", name, stdin=SAMPLE.read_bytes())
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        b"OK: 14 entries, data as of 2026-11-30\n",
        b"",
    )
    invalid = (INVALID_FOLDER / "unknown-source-key.toml").read_bytes()
    result = kzreforms("validate", name, stdin=invalid)
    assert (result.returncode, result.stderr) == (1, b"")
    assert (
        result.stdout.decode()
        == expected_message(INVALID_FOLDER / "unknown-source-key.toml").replace(
            str(INVALID_FOLDER / "unknown-source-key.toml"), name
        )
        + "\n"
    )


def test_json_from_standard_input() -> None:
    exported = run("--data", str(SAMPLE), "export", "--format", "json")
    assert exported.code == 0
    result = kzreforms("--data", "-", "export", "--format", "toml", stdin=exported.stdout.encode())
    assert (result.returncode, result.stderr) == (0, b"")
    assert result.stdout.decode("utf-8") == run("--data", str(SAMPLE), "export", "--format", "toml").stdout


def test_empty_standard_input() -> None:
    result = kzreforms("--data", "-", "list", stdin=b"")
    assert (result.returncode, result.stdout, result.stderr) == (
        1,
        b"",
        b"kzreforms: error: -: the file is empty\n",
    )


# --------------------------------------------------------------------------------------
# Encodings and limits
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "named"),
    [
        ("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"), ("utf-16-be", "UTF-16"),
        ("utf-32", "UTF-32"), ("utf-32-le", "UTF-32"), ("utf-32-be", "UTF-32"),  # with a mark, and without
    ],
)  # fmt: skip
def test_a_file_in_utf_16_or_32_is_named_as_such(tmp_path: Path, encoding: str, named: str) -> None:
    path = tmp_path / "reforms.toml"
    path.write_bytes(ONE_ENTRY.encode(encoding))
    assert refused(path) == f"kzreforms: error: {path}: encoded as {named}; save it as UTF-8\n"


def test_a_one_character_file_in_utf_16_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "reforms.toml"
    path.write_bytes("#".encode("utf-16-le"))
    assert refused(path) == f"kzreforms: error: {path}: encoded as UTF-16; save it as UTF-8\n"


def test_a_file_in_latin_1_is_not_valid_utf_8(tmp_path: Path) -> None:
    path = tmp_path / "reforms.toml"
    path.write_bytes(ONE_ENTRY.replace("Registering", "Regístering").encode("latin-1"))
    assert refused(path) == (
        f"kzreforms: error: {path}:10:13: not valid UTF-8 (byte 0xed); save the file as UTF-8\n"
    )


def test_a_byte_order_mark_is_allowed(tmp_path: Path) -> None:
    path = tmp_path / "reforms.toml"
    path.write_bytes(ONE_ENTRY.encode("utf-8-sig"))
    assert run("validate", str(path)).stdout == "OK: 1 entry, data as of 2026-11-30\n"


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = data_file(tmp_path, name="reforms.toml")
    monkeypatch.setattr(data, "MAX_FILE_BYTES", len(ONE_ENTRY.encode()))
    assert run("validate", str(path)).code == 0  # at the limit
    path.write_text(ONE_ENTRY + "\n", encoding="utf-8")
    message = f"{path}: larger than {len(ONE_ENTRY.encode()):,} bytes, the most a data file may be (KZREFORMS_MAX_DATA sets the limit in MiB)"
    assert refused(path) == f"kzreforms: error: {message}\n"
    result = run("validate", str(path))
    assert (result.code, result.stdout) == (1, f"{message}\n")


def test_the_size_limit_is_stated_in_mebibytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert data.MAX_FILE_BYTES == 128 * 1024 * 1024
    path = tmp_path / "reforms.toml"
    with path.open("wb") as stream:
        stream.truncate(data.MAX_FILE_BYTES + 1)  # sparse: no 128 MiB written
    assert (
        refused(path)
        == f"kzreforms: error: {path}: larger than 128 MiB, the most a data file may be (KZREFORMS_MAX_DATA sets the limit in MiB)\n"
    )


def test_kzreforms_max_data_sets_the_limit_in_mebibytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "reforms.toml"
    path.write_text(ONE_ENTRY + "#" * (1024 * 1024), encoding="utf-8")  # just over 1 MiB
    monkeypatch.setenv("KZREFORMS_MAX_DATA", "1")
    assert (
        refused(path)
        == f"kzreforms: error: {path}: larger than 1 MiB, the most a data file may be (KZREFORMS_MAX_DATA sets the limit in MiB)\n"
    )
    monkeypatch.setenv("KZREFORMS_MAX_DATA", "2")
    assert run("validate", str(path)).stdout == "OK: 1 entry, data as of 2026-11-30\n"
    with path.open("wb") as stream:
        stream.truncate(data.MAX_FILE_BYTES + 1)  # past the default, within 200 MiB: read, then parsed
    monkeypatch.setenv("KZREFORMS_MAX_DATA", "200")
    assert "larger than" not in refused(path)


@pytest.mark.parametrize("setting", ["abc", "0", "1.5", "-3", "١٢"])
def test_a_bad_kzreforms_max_data_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, setting: str
) -> None:
    path = data_file(tmp_path, name="reforms.toml")
    monkeypatch.setenv("KZREFORMS_MAX_DATA", setting)
    assert refused(path) == (
        f"kzreforms: error: KZREFORMS_MAX_DATA={setting!r}: give the most a data file may be as a whole"
        " number of MiB, such as 512\n"
    )


def test_standard_input_over_the_size_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    result = kzreforms("--data", "-", "list", stdin=b"#" * (data.MAX_FILE_BYTES + 1))
    assert (result.returncode, result.stdout) == (1, b"")
    assert (
        result.stderr
        == b"kzreforms: error: -: larger than 128 MiB, the most a data file may be (KZREFORMS_MAX_DATA sets the limit in MiB)\n"
    )


# --------------------------------------------------------------------------------------
# The library
# --------------------------------------------------------------------------------------


def test_load_raises_one_data_error_with_every_problem(tmp_path: Path) -> None:
    path = data_file(
        tmp_path, ONE_ENTRY.replace("id = 1", "id = 0") + '\n[[glossary]]\nterm = "akim"\n', "two.toml"
    )
    with pytest.raises(data.DataError) as raised:
        data.load(path)
    assert raised.value.problems == [
        f"{path}: reform at position 1: field 'id' must be a whole number from 1 to 9223372036854775807",
        f"{path}: glossary[1]: missing field 'meaning'",
    ]
    assert str(raised.value) == f"{raised.value.problems[0]} (and 1 more problem)"


def test_the_sample_loads(sample: Dataset) -> None:
    assert len(sample.reforms) == 14 and sample.as_of == "2026-11-30"
