"""Researchers' own data: --data and $KZREFORMS_DATA, validate, export, and safe writing."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from kzreforms import data, export, schema
from kzreforms.model import Dataset

from .conftest import ROOT, TESTS, run
from .strategies import datasets

BUNDLED = ROOT / "data" / "reforms.toml"
INVALID = TESTS / "data" / "invalid"

ONE_REFORM = """\
[[reforms]]
id = 1
kind = "package"
title = "A reform of my own"
before = "The old rule."
after = "The new rule."
topics = ["elections"]
sources = ["My notes"]
"""


@pytest.fixture
def own(tmp_path: Path) -> Path:
    path = tmp_path / "mine.toml"
    path.write_text(ONE_REFORM, encoding="utf-8")
    return path


def test_data_option_replaces_the_bundled_data(own: Path) -> None:
    result = run("--data", str(own), "list", "--json")
    assert [entry["title"] for entry in json.loads(result.stdout)] == ["A reform of my own"]


def test_environment_variable_replaces_the_bundled_data(own: Path) -> None:
    result = run("show", "1", env={"KZREFORMS_DATA": str(own)})
    assert "A reform of my own" in result.stdout


def test_the_option_wins_over_the_variable(own: Path, tmp_path: Path) -> None:
    result = run("--data", str(own), "list", env={"KZREFORMS_DATA": str(tmp_path / "missing.toml")})
    assert result.code == 0 and "A reform of my own" in result.stdout


@pytest.mark.parametrize("command", [["list"], ["show", "1"], ["search", "rule"], ["export"]])
def test_every_command_reports_a_bad_data_file_in_one_line(command: list[str]) -> None:
    path = INVALID / "syntax-bad-value.toml"
    result = run("--data", str(path), *command)
    assert result.code == 1
    assert result.stdout == ""
    assert result.stderr == f"kzreforms: error: {path}:3:9: TOML syntax error: Invalid value\n"


@pytest.mark.parametrize("path", sorted(INVALID.glob("*.toml")), ids=lambda p: p.stem)
def test_validate_lists_the_exact_problem_and_exits_1(path: Path) -> None:
    expected = path.with_suffix(".error").read_text(encoding="utf-8").replace("{path}", str(path))
    result = run("validate", str(path))
    assert result.code == 1
    assert result.stdout.splitlines()[0] == expected.split(" (and ")[0]


def test_validate_lists_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "two.toml"
    path.write_text(ONE_REFORM.replace('title = "A reform of my own"\n', "colour = 1\n"), encoding="utf-8")
    result = run("validate", str(path))
    assert (result.code, result.stderr) == (1, "")
    assert result.stdout == (
        f"{path}: reform 1: unknown key 'colour'\n{path}: reform 1: missing field 'title'\n"
    )


def test_validate_a_good_file(own: Path) -> None:
    result = run("validate", str(own))
    assert (result.code, result.stdout) == (0, "OK: 1 entry\n")


def test_validate_defaults_to_the_data_in_use(own: Path) -> None:
    assert run("validate").stdout == "OK: 14 entries\n"
    assert run("--data", str(own), "validate").stdout == "OK: 1 entry\n"
    assert run("validate", env={"KZREFORMS_DATA": str(own)}).stdout == "OK: 1 entry\n"


def test_validate_json(tmp_path: Path, own: Path) -> None:
    assert json.loads(run("validate", str(own), "--json").stdout) == {
        "file": str(own),
        "ok": True,
        "entries": 1,
        "problems": [],
    }
    path = INVALID / "unknown-key.toml"
    result = run("validate", str(path), "--json")
    assert result.code == 1
    assert json.loads(result.stdout)["problems"] == [f"{path}: reform 1: unknown key 'sumary'"]


def unusable_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    binary = tmp_path / "latin1.toml"
    binary.write_bytes(ONE_REFORM.replace("old", "\xe9").encode("latin-1"))
    empty = tmp_path / "empty.toml"
    empty.write_text("", encoding="utf-8")
    return {
        "missing": (tmp_path / "nope.toml", "no such file"),
        "folder": (folder, "is a folder, not a data file"),
        "invalid UTF-8": (binary, "5:15: not valid UTF-8 (byte 0xe9)"),
        "empty": (empty, "the file is empty"),
    }


@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
def test_a_data_file_that_is_not_a_regular_file_is_refused(tmp_path: Path, special: str) -> None:
    path = Path(special)
    if special == "fifo":
        path = tmp_path / "reforms.toml"
        os.mkfifo(path)  # opening it must not wait for a writer
    result = run("--data", str(path), "list")
    assert (result.code, result.stderr) == (1, f"kzreforms: error: {path}: not a regular file\n")


@pytest.mark.parametrize("case", ["missing", "folder", "invalid UTF-8", "empty"])
def test_unusable_files_get_one_line_naming_them(tmp_path: Path, case: str) -> None:
    path, message = unusable_files(tmp_path)[case]
    result = run("--data", str(path), "list")
    assert result.code == 1
    separator = "" if message[0].isdigit() else " "
    assert result.stderr == f"kzreforms: error: {path}:{separator}{message}\n"


@pytest.mark.parametrize(
    ("case", "stream"),
    [("missing", "stderr"), ("folder", "stderr"), ("invalid UTF-8", "stdout"), ("empty", "stdout")],
)
def test_validate_reports_problems_on_stdout_and_unopenable_files_on_stderr(
    tmp_path: Path, case: str, stream: str
) -> None:
    path, message = unusable_files(tmp_path)[case]
    result = run("validate", str(path))
    assert result.code == 1
    separator = "" if message[0].isdigit() else " "
    line = f"{path}:{separator}{message}\n"
    if stream == "stderr":
        assert (result.stdout, result.stderr) == ("", f"kzreforms: error: {line}")
    else:
        assert (result.stdout, result.stderr) == (line, "")


def test_an_unreadable_file(own: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Root can read any file, so the refusal is simulated for this one path.
    real_open = os.open

    def refuse(path: str | os.PathLike[str], flags: int, *args: int) -> int:
        if Path(path) == own:
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", refuse)
    result = run("--data", str(own), "list")
    assert (result.code, result.stderr) == (1, f"kzreforms: error: {own}: permission denied\n")


# --------------------------------------------------------------------------------------
# export
# --------------------------------------------------------------------------------------


def test_toml_export_round_trips_the_bundled_data(tmp_path: Path) -> None:
    exported = tmp_path / "exported.toml"
    assert run("export", "--format", "toml", "--output", str(exported)).code == 0
    assert run("--data", str(exported), "list", "--json").stdout == run("list", "--json").stdout
    assert data.load(exported) == data.load(BUNDLED)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(dataset=datasets())
def test_toml_export_round_trips_any_dataset(tmp_path: Path, dataset: Dataset) -> None:
    path = tmp_path / "generated.toml"
    path.write_text(export.to_toml(dataset), encoding="utf-8")
    loaded = schema.build(data.parse_toml(path.read_text(encoding="utf-8"), path), str(path))
    assert export.to_json(loaded) == export.to_json(dataset)
    assert loaded == dataset


def test_json_export_is_the_documented_shape() -> None:
    assert run("export", "--format", "json").stdout == run("list", "--json").stdout


def test_csv_export_opens_as_a_spreadsheet_would() -> None:
    text = run("export", "--format", "csv").stdout
    assert text.startswith("\ufeffid,title,before,after,kind,before_short,after_short,topics,thresholds,")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert len(rows) == 14
    party = rows[1]
    assert party["id"] == "2"
    assert party["topics"] == "political parties; elections"
    assert (
        party["thresholds"].splitlines()[0]
        == "Members needed to register a party: 40,000 → 5,000 members (−87.5%)"
    )
    assert party["sources"].splitlines()[0].startswith('Joy Cho, "Significant reforms')


def test_csv_export_quotes_and_defuses_formulas(tmp_path: Path) -> None:
    path = tmp_path / "tricky.toml"
    path.write_text(
        ONE_REFORM.replace('"A reform of my own"', '"=HYPERLINK(\\"x\\"), with \\"quotes\\""'),
        encoding="utf-8",
    )
    text = run("--data", str(path), "export", "-f", "csv").stdout
    (row,) = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))
    assert row["title"] == '\'=HYPERLINK("x"), with "quotes"'


def test_markdown_export_is_a_table_with_sources(tmp_path: Path) -> None:
    path = tmp_path / "pipes.toml"
    path.write_text(ONE_REFORM.replace("The old rule.", "Old | rule *with* <b>marks</b>"), encoding="utf-8")
    text = run("--data", str(path), "export", "--format", "markdown").stdout
    assert text == (
        "| ID | Reform | Before | After | Thresholds |\n"
        "|---:|---|---|---|---|\n"
        "| 1 | A reform of my own | Old \\| rule \\*with\\* \\<b\\>marks\\</b\\> | The new rule. |  |\n"
        "\n"
        "Sources:\n"
        "\n"
        "- 1. A reform of my own: My notes\n"
    )


def test_export_takes_the_same_filters_as_list() -> None:
    exported = json.loads(run("export", "--format", "json", "--topic", "constitution").stdout)
    listed = json.loads(run("list", "--topic", "constitution", "--json").stdout)
    assert exported == listed and [entry["id"] for entry in exported] == [10, 11, 12, 13, 14]


def test_export_never_replaces_a_file_without_force(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("precious", encoding="utf-8")
    result = run("export", "-f", "csv", "-o", str(target))
    assert result.code == 1
    assert result.stderr == f"kzreforms: error: {target}: already exists (use --force to replace it)\n"
    assert target.read_text(encoding="utf-8") == "precious"
    assert run("export", "-f", "csv", "-o", str(target), "--force").code == 0
    assert target.read_text(encoding="utf-8").startswith("\ufeffid,")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_a_failed_write_leaves_the_old_file_intact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.toml"
    target.write_text("precious", encoding="utf-8")

    def broken_replace(source: str, destination: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    result = run("export", "-o", str(target), "--force")
    assert result.code == 1
    assert result.stderr == f"kzreforms: error: {target}: cannot be written (No space left on device)\n"
    assert target.read_text(encoding="utf-8") == "precious"
    assert [p.name for p in tmp_path.iterdir()] == ["out.toml"]


def test_export_keeps_the_replaced_files_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("{}", encoding="utf-8")
    target.chmod(0o640)
    assert run("export", "-f", "json", "-o", str(target), "--force").code == 0
    assert target.stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("missing/out.toml", "no such folder: {parent}"),
        (".", "is a folder"),
        ("/dev/null", "not a regular file"),
    ],
)
def test_export_to_an_impossible_place(tmp_path: Path, where: str, message: str) -> None:
    target = tmp_path / where
    result = run("export", "-o", str(target), "--force")
    assert result.code == 1
    assert result.stderr == f"kzreforms: error: {target}: {message.format(parent=target.parent)}\n"


def test_export_says_what_it_wrote_on_stderr(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    result = run("export", "-f", "markdown", "-o", str(target), "--topic", "elections")
    assert (result.stdout, result.stderr) == ("", f"Wrote 7 entries to {target}\n")
