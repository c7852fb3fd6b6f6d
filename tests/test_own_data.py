"""Researchers' own data: --data and $KZREFORMS_DATA, and export in every format.

Fixed content comes from tests/data/sample.toml or is written here; nothing depends on
the bundled data. (Invalid files and their messages are in test_data.py; how a file is
written, safely, in test_files.py.)
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import msgspec
import pytest
import tomli

from kzreforms import data, export
from kzreforms.model import Dataset, Event, Figure, Source, Threshold

from .conftest import ONE_ENTRY, ROOT, SAMPLE, data_file, run

FORMATS = ("toml", "json", "csv", "markdown")
BOM = "\ufeff"


def titles(result_stdout: str) -> list[str]:
    return [entry["title"] for entry in json.loads(result_stdout)]


def test_data_option_replaces_the_bundled_data(own: Path) -> None:
    assert titles(run("--data", str(own), "list", "--json").stdout) == ["Registering a party"]


def test_environment_variable_replaces_the_bundled_data(own: Path) -> None:
    result = run("show", "1", env={"KZREFORMS_DATA": str(own)})
    assert result.code == 0 and "Registering a party" in result.stdout
    assert titles(run("list", "--json", env={"KZREFORMS_DATA": str(own)}).stdout) == ["Registering a party"]


def test_the_option_wins_over_the_variable(own: Path, tmp_path: Path) -> None:
    result = run("--data", str(own), "list", "--json", env={"KZREFORMS_DATA": str(tmp_path / "missing.toml")})
    assert result.code == 0 and titles(result.stdout) == ["Registering a party"]
    # ... and the variable is used at all: a missing file there is an error.
    result = run("list", env={"KZREFORMS_DATA": str(tmp_path / "missing.toml")})
    assert (result.code, result.stderr) == (
        1,
        f"kzreforms: error: {tmp_path / 'missing.toml'}: no such file\n",
    )


def test_validate_and_export_use_the_data_in_use(own: Path) -> None:
    assert run("--data", str(own), "validate").stdout == "OK: 1 entry, data as of 2026-11-30\n"
    assert run("validate", env={"KZREFORMS_DATA": str(own)}).stdout == "OK: 1 entry, data as of 2026-11-30\n"
    exported = run("export", "-f", "json", env={"KZREFORMS_DATA": str(own)}).stdout
    assert [entry["title"] for entry in json.loads(exported)["reforms"]] == ["Registering a party"]


@pytest.mark.parametrize("command", [["list"], ["show", "1"], ["search", "rule"], ["export"], ["sources"]])
def test_every_command_reports_a_bad_data_file_in_one_line(tmp_path: Path, command: list[str]) -> None:
    path = data_file(
        tmp_path, ONE_ENTRY.replace('title = "Registering a party"', "title = Registering"), "bad.toml"
    )
    result = run("--data", str(path), *command)
    assert (result.code, result.stdout) == (1, "")
    assert result.stderr == f"kzreforms: error: {path}:10:9: TOML syntax error: Invalid value\n"


# --------------------------------------------------------------------------------------
# export: every format, to stdout and to a file
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("format_name", FORMATS)
def test_export_writes_the_same_to_a_file_as_to_stdout(
    tmp_path: Path, sample: Dataset, format_name: str
) -> None:
    expected = export.render_export(sample, format_name).encode("utf-8")
    target = tmp_path / f"out.{format_name}"
    written = run("--data", str(SAMPLE), "export", "--format", format_name, "--output", str(target))
    assert (written.code, written.stdout) == (0, "")
    assert written.stderr == f"Wrote 14 entries to {target}\n"
    assert target.read_bytes() == expected
    shown = run("--data", str(SAMPLE), "export", "-f", format_name)
    dash = run("--data", str(SAMPLE), "export", "-f", format_name, "--output", "-")
    assert (dash.code, dash.stderr) == (0, "") and dash.stdout == shown.stdout != ""
    assert not Path("-").exists()


def test_export_says_what_it_wrote_on_stderr(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    listed = json.loads(run("--data", str(SAMPLE), "list", "--topic", "elections", "--json").stdout)
    result = run("--data", str(SAMPLE), "export", "-f", "markdown", "-o", str(target), "--topic", "elections")
    assert (result.stdout, result.stderr) == ("", f"Wrote {len(listed)} entries to {target}\n")
    text = target.read_text(encoding="utf-8")
    assert all(f"### {entry['id']}. " in text for entry in listed)


@pytest.mark.parametrize("format_name", FORMATS)
def test_every_export_carries_the_data_date(sample: Dataset, format_name: str) -> None:
    table = ("--table", "meta") if format_name == "csv" else ()  # a CSV table has the columns of its own
    text = run("--data", str(SAMPLE), "export", "-f", format_name, *table).stdout
    expected = {"markdown": "Data as of 30 Nov 2026"}.get(format_name, sample.as_of)
    assert expected in text


def subprocess_export(
    data_file: Path, *args: str, cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    """The real command, for the bytes it writes to a pipe, in a locale that cannot encode Kazakh."""
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith(("KZREFORMS", "LC_", "LANG"))
    }
    environment |= {"PYTHONPATH": str(ROOT), "LC_ALL": "C", "PYTHONIOENCODING": "ascii"}
    return subprocess.run(
        [sys.executable, "-m", "kzreforms", "--data", str(data_file), "export", *args],
        capture_output=True, env=environment, cwd=cwd, check=False, timeout=60,
    )  # fmt: skip


@pytest.fixture
def kazakh(tmp_path: Path) -> Path:
    return data_file(tmp_path, ONE_ENTRY.replace("Registering a party", "Мәжіліс – «сайлау»"), "kazakh.toml")


@pytest.mark.parametrize("format_name", FORMATS)
def test_export_to_a_pipe_is_utf_8_with_no_byte_order_mark(
    tmp_path: Path, kazakh: Path, format_name: str
) -> None:
    result = subprocess_export(kazakh, "-f", format_name, cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, b"")
    assert not result.stdout.startswith(b"\xef\xbb\xbf")
    assert result.stdout == export.render_export(data.load(kazakh), format_name).encode("utf-8")
    assert "Мәжіліс – «сайлау»".encode() in result.stdout  # as UTF-8, not escaped
    dash = subprocess_export(kazakh, "-f", format_name, "--output", "-", cwd=tmp_path)
    assert dash.stdout == result.stdout and list(tmp_path.iterdir()) == [kazakh]  # no file named "-"


def test_csv_has_exactly_one_byte_order_mark_with_bom(tmp_path: Path, kazakh: Path) -> None:
    piped = subprocess_export(kazakh, "-f", "csv", "--bom", "--output", "-")
    assert piped.stdout.startswith(b"\xef\xbb\xbfid,")
    assert piped.stdout.count(b"\xef\xbb\xbf") == 1
    target = tmp_path / "excel.csv"
    assert run("--data", str(kazakh), "export", "-f", "csv", "--bom", "-o", str(target)).code == 0
    raw = target.read_bytes()
    assert raw == piped.stdout
    assert raw.decode("utf-8-sig") == subprocess_export(kazakh, "-f", "csv").stdout.decode("utf-8")
    for table in export.CSV_TABLES:
        text = run("--data", str(SAMPLE), "export", "-f", "csv", "--table", table, "--bom").stdout
        assert text.startswith(BOM) and text.count(BOM) == 1
        plain = run("--data", str(SAMPLE), "export", "-f", "csv", "--table", table).stdout
        assert BOM not in plain and text == BOM + plain


def test_json_export_reads_back_and_exports_the_same_toml(tmp_path: Path, sample: Dataset) -> None:
    as_json = tmp_path / "exported.json"
    assert run("--data", str(SAMPLE), "export", "-f", "json", "-o", str(as_json)).code == 0
    assert data.load(as_json) == sample
    original = run("--data", str(SAMPLE), "export", "-f", "toml").stdout
    assert run("--data", str(as_json), "export", "-f", "toml").stdout == original
    assert (
        run("--data", str(as_json), "list", "--json").stdout
        == run("--data", str(SAMPLE), "list", "--json").stdout
    )
    document = json.loads(as_json.read_text(encoding="utf-8"))
    assert document["schema_version"] == 2 and document["as_of"] == sample.as_of
    assert set(document["sources"]) == set(sample.sources)
    assert len(document["context"]) == len(sample.context) and len(document["glossary"]) == len(
        sample.glossary
    )


def _given(value: Any) -> Any:
    """A TOML document's values without the empty ones, which an export may leave out or write."""
    if isinstance(value, dict):
        return {key: _given(item) for key, item in value.items() if item not in ([], {}, None, "")}
    return [_given(item) for item in value] if isinstance(value, list) else value


def test_toml_export_keeps_every_value_the_file_gives() -> None:
    """Read by tomli, not by the loader under test: a value the loader dropped would be missing."""
    exported = tomli.loads(run("--data", str(SAMPLE), "export").stdout)
    original = tomli.loads(SAMPLE.read_text(encoding="utf-8"))
    exported.pop("schema_version", None)
    original.pop("schema_version", None)
    assert _given(exported) == _given(original)


def test_toml_export_reads_back_as_the_same_data(tmp_path: Path, sample: Dataset) -> None:
    exported = tmp_path / "exported.toml"
    assert run("--data", str(SAMPLE), "export", "--output", str(exported)).code == 0
    assert data.load(exported) == sample
    assert run("--data", str(exported), "export").stdout == exported.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "filters",
    [["--topic", "constitution"], ["--status", "in force"], ["--topic", "elections", "--status", "in force"]],
)
@pytest.mark.parametrize("format_name", ["json", "toml"])
def test_export_takes_the_same_filters_as_list(tmp_path: Path, filters: list[str], format_name: str) -> None:
    listed = [
        entry["id"] for entry in json.loads(run("--data", str(SAMPLE), "list", *filters, "--json").stdout)
    ]
    assert listed  # the filter keeps some entries, and not all
    assert len(listed) < 14 or filters == ["--status", "in force"]
    target = tmp_path / f"filtered.{format_name}"
    result = run("--data", str(SAMPLE), "export", "-f", format_name, *filters, "-o", str(target))
    assert result.stderr == f"Wrote {len(listed)} {'entry' if len(listed) == 1 else 'entries'} to {target}\n"
    loaded = data.load(target)  # a filtered export is a data file too
    assert [reform.id for reform in loaded.reforms] == listed
    assert loaded.sources == data.load(SAMPLE).sources


def test_a_filtered_export_of_a_replaced_entry_reads_back(tmp_path: Path) -> None:
    target = tmp_path / "replaced.toml"
    assert run("--data", str(SAMPLE), "export", "--status", "replaced", "-o", str(target)).code == 0
    assert [reform.status for reform in data.load(target).reforms] == ["replaced"]


def test_export_with_a_filter_that_matches_nothing_is_still_a_data_file(
    tmp_path: Path, sample: Dataset
) -> None:
    target = tmp_path / "none.json"
    result = run("--data", str(SAMPLE), "export", "-f", "json", "--status", "not adopted", "-o", str(target))
    assert result.stderr == f"Wrote 0 entries to {target}\n"
    loaded = data.load(target)
    assert loaded.reforms == () and loaded.sources == sample.sources and loaded.glossary == sample.glossary


@pytest.mark.parametrize("option", [["--topic", "no such topic"], ["--status", "dormant"]])
def test_export_refuses_an_unknown_filter(option: list[str]) -> None:
    result = run("--data", str(SAMPLE), "export", *option)
    assert result.code != 0 and result.stdout == ""
    assert option[1] in result.stderr


# --------------------------------------------------------------------------------------
# CSV
# --------------------------------------------------------------------------------------


def csv_rows(*args: str, data_file: Path = SAMPLE) -> list[dict[str, str]]:
    result = run("--data", str(data_file), "export", "-f", "csv", *args)
    assert result.code == 0, result.stderr
    assert not result.stdout.startswith(BOM)
    return list(csv.DictReader(io.StringIO(result.stdout, newline="")))


def test_csv_entries_are_one_row_per_entry(sample: Dataset) -> None:
    rows = csv_rows()
    assert [row["id"] for row in rows] == [str(reform.id) for reform in sample.reforms]
    party = next(row for row in rows if row["id"] == "2")
    reform = sample.get(2)
    assert reform is not None
    assert party["title"] == reform.title and party["status"] == reform.status
    assert party["topics"] == "; ".join(reform.topics)
    assert party["before_text"] == reform.before.text
    assert party["after_short"] == reform.after.short


def test_csv_tables_link_their_rows_to_entries(sample: Dataset) -> None:
    rows = csv_rows("--table", "thresholds")
    expected = [(reform.id, t) for reform in sample.reforms for t in reform.thresholds]
    assert [(int(row["entry_id"]), row["label"]) for row in rows] == [(i, t.label) for i, t in expected]
    members = next(row for row in rows if row["label"] == "Members needed to register a party")
    assert (members["before"], members["after"], members["unit"]) == ("40000", "5000", "members")
    assert (members["change"], members["change_unit"]) == ("-87.5", "%")
    for table in ("figures", "measures", "events", "assessments"):
        rows = csv_rows("--table", table)
        linked = [int(row["entry_id"]) for row in rows if row["entry_id"]]  # context events have none
        assert linked == [reform.id for reform in sample.reforms for _ in getattr(reform, table)]
        assert rows, f"the sample has no {table}"


def test_csv_sources_context_and_glossary(sample: Dataset) -> None:
    sources = csv_rows("--table", "sources")
    assert [row["key"] for row in sources] == list(sample.sources)
    citations = csv_rows("--table", "citations")
    cited = {row["record_id"] for row in citations if row["source_key"] == "joy-cho-significant-reforms-ha"}
    assert "2" in cited
    context = [row["text"] for row in csv_rows("--table", "events") if row["kind"] == "context"]
    assert context == [event.text for event in sample.context]
    glossary = csv_rows("--table", "glossary")
    assert [row["term"] for row in glossary] == [term.term for term in sample.glossary]


def test_csv_follows_the_filters() -> None:
    listed = [
        entry["id"]
        for entry in json.loads(run("--data", str(SAMPLE), "list", "--topic", "elections", "--json").stdout)
    ]
    rows = csv_rows("--topic", "elections", "--table", "thresholds")
    assert rows and {int(row["entry_id"]) for row in rows} <= set(listed)
    assert [int(row["id"]) for row in csv_rows("--status", "replaced")] == [5]


@pytest.fixture
def formulas(tmp_path: Path, sample: Dataset) -> Path:
    """The sample with text that a spreadsheet would run, and negative numbers that it must not touch."""
    reform = sample.reforms[0]
    keys = reform.before.sources
    changed = msgspec.structs.replace(
        reform,
        title='=HYPERLINK("http://x", "click")',
        topics=("+1 topic", "@SUM(A1)", "-2 topic", "plain"),
        thresholds=(Threshold(label="-lower", after=-5, unit="@units", before=-7.5, sources=keys),),
        figures=(Figure(label="+figure", value=-3, unit="=%", sources=keys),),
        events=(Event(date="2020-01-02", text="\tTabbed=1", sources=keys),),
    )
    path = tmp_path / "formulas.json"
    path.write_text(export.to_json(sample.with_reforms((changed,))), encoding="utf-8")
    return path


def test_csv_defuses_formulas_in_text_but_not_in_numbers(formulas: Path) -> None:
    (row,) = csv_rows(data_file=formulas)
    assert row["title"] == '\'=HYPERLINK("http://x", "click")'
    assert row["topics"] == "'+1 topic; @SUM(A1); -2 topic; plain"
    (threshold,) = csv_rows("--table", "thresholds", data_file=formulas)
    assert threshold["label"] == "'-lower"
    assert threshold["unit"] == "'@units"
    assert (threshold["before"], threshold["after"]) == ("-7.5", "-5")  # numbers stay numbers
    (figure,) = csv_rows("--table", "figures", data_file=formulas)
    assert (figure["label"], figure["value"], figure["unit"]) == ("'+figure", "-3", "'=%")
    (event,) = [row for row in csv_rows("--table", "events", data_file=formulas) if row["kind"] == "entry"]
    assert event["text"] == " Tabbed=1"  # a tab is shown as a space: no control character in a cell


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_each_formula_start_is_defused_in_every_text_column(
    tmp_path: Path, sample: Dataset, start: str
) -> None:
    source = Source(kind="law", title=f"{start}title", author=f"{start}author", law_number=f"{start}1")
    dataset = msgspec.structs.replace(sample, sources={**sample.sources, "odd": source})
    (row,) = [
        row for row in csv.DictReader(io.StringIO(export.to_csv(dataset, "sources"))) if row["key"] == "odd"
    ]
    assert (row["title"], row["author"], row["law_number"]) == (
        f"'{start}title",
        f"'{start}author",
        f"'{start}1",
    )
