"""What `kzreforms export` and `thresholds --csv` promise, as README.md states them (found by scripts/mutation).

Markdown ("kzreforms export", `--format markdown`): every entry with its status, other names,
topics, legal basis, before and after (with the short form when there is one), thresholds
with the values on the way, figures with their dates, each fact with its numbered sources,
then the context and every source with its address; text shown as written, its line breaks
kept and its indentation dropped; an address stays one link, whatever it holds; an empty
export says "No entries."; a field added to the entries is listed without a change to the
exporter ("Why msgspec").

CSV: `export --format csv --table NAME` is the SQLite export's table NAME, column for column and
row for row, for every table (one declaration, `export.sqlite_tables`, serves both); `to_csv`
writes the entries unless asked for another table; `thresholds --csv` is the thresholds table,
with `change` and `change_unit` empty where there is nothing to compare, and its steps (a step
without a date too) in the steps table.

How the file of `--output` is written (safely) is in test_files.py.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import msgspec
import pytest

from kzreforms import export
from kzreforms._options import CsvTable
from kzreforms.model import Dataset, Reform, Source

from .conftest import SAMPLE, make_dataset, make_reform, run

# One entry with every part the Markdown lays out: two other names, two laws, a before with
# two lines (the second indented) and no short form, a threshold with a dated step and one
# with neither date nor sources, a threshold with nothing to compare, a dated figure, an
# address with characters a Markdown link cannot hold, and context citing two sources.
EVERY_PART = r"""
as_of = "2026-11-30"

[sources.article]
kind = "article"
title = "The article"
url = "https://example.org/a<b>c\u200e"

[sources.law]
kind = "law"
title = "On parties"
author = "Parliament"
date = "2020-05-25"
law_number = "333-VI"
language = "en"
url = "https://example.org/law"

[[reforms]]
id = 1
period = "2019-2021"
title = "Registering a party"
aliases = ["party law", "law on parties"]
status = "in force"
topics = ["elections", "political parties"]
legal_basis = ["Law No. 333-VI", "Constitution, Art. 5"]

[reforms.before]
text = "A party needed 40,000 members.\n   Each branch needed 600."
sources = ["article"]

[reforms.after]
text = "A party needs 5,000 members."
short = "5,000 members"
sources = ["article", "law"]

[[reforms.thresholds]]
label = "Members needed"
before = 40000
after = 5000
unit = "members"
sources = ["article"]

[[reforms.thresholds.steps]]
value = 20000
date = "2020-05"
sources = ["law"]

[[reforms.thresholds.steps]]
value = 10000

[[reforms.thresholds]]
label = "Members of a new branch"
after = 100
unit = "members"
sources = ["law"]

[[reforms.figures]]
label = "Parties registered"
value = 7
unit = "parties"
date = "2023-03"
sources = ["law"]

[[context]]
date = "2022-01"
text = "Protests."
sources = ["article", "law"]
"""

ARTICLE_LINK = "<https://example.org/a%3Cb%3Ec%3CU+200E%3E>"
EVERY_PART_MARKDOWN = f"""\
# Kazakhstan's political reforms since 2019

Data as of 30 Nov 2026 (schema version 2).

## Reforms of 2019–2021

### 1. Registering a party

- Status: in force
- Also known as: party law; law on parties
- Topics: elections, political parties
- Legal basis: Law No. 333-VI; Constitution, Art. 5
- **Before**: A party needed 40,000 members.{"  "}
Each branch needed 600. [1]
- **After** (5,000 members): A party needs 5,000 members. [1][2]

Thresholds:

- Members needed: 40,000 → 5,000 members (−87.5%) [1]; on the way: 20,000 members (May 2020) [2], 10,000 members
- Members of a new branch: none → 100 members [2]

Figures:

- Parties registered: 7 parties (Mar 2023) [2]

Sources:

1. "The article" (article; key `article`), {ARTICLE_LINK}
2. Parliament, "On parties", 25 May 2020, No. 333-VI (law, en; key `law`), <https://example.org/law>

## Context

- Jan 2022: Protests. (sources: `article`, `law`)

## All sources

- `article`: "The article" (article; key `article`), {ARTICLE_LINK}
- `law`: Parliament, "On parties", 25 May 2020, No. 333-VI (law, en; key `law`), <https://example.org/law>
"""


@pytest.fixture
def every_part(tmp_path: Path) -> Path:
    path = tmp_path / "every.toml"
    path.write_text(EVERY_PART, encoding="utf-8")
    return path


# --------------------------------------------------------------------------------------
# Markdown
# --------------------------------------------------------------------------------------


def test_markdown_lays_out_every_part_of_an_entry_with_its_numbered_sources(every_part: Path) -> None:
    result = run("--data", str(every_part), "export", "--format", "markdown")
    assert (result.code, result.stderr) == (0, "")
    assert result.stdout == EVERY_PART_MARKDOWN


@pytest.mark.parametrize(
    ("url", "link"),
    [
        ("https://example.org/a<b>c", "<https://example.org/a%3Cb%3Ec>"),
        ("https://example.org/a b", "<https://example.org/a%20b>"),  # data built in Python, unchecked
        ("https://example.org/\u200f", "<https://example.org/%3CU+200F%3E>"),
    ],
)
def test_a_markdown_address_stays_one_link_whatever_it_holds(url: str, link: str) -> None:
    dataset = make_dataset(sources={"src": Source(kind="article", title="A source", url=url)})
    assert export.to_markdown(dataset).splitlines()[-1] == f'- `src`: "A source" (article; key `src`), {link}'


def test_a_line_break_written_crlf_is_one_markdown_break(tmp_path: Path) -> None:
    """A text may hold "\\r\\n" (a TOML or JSON escape): Markdown shows a break, with no stand-in."""
    path = tmp_path / "crlf.json"
    document = msgspec.json.encode(
        msgspec.to_builtins(make_dataset(make_reform(before="First line.\r\nSecond line.")))
    )
    path.write_bytes(document)
    result = run("--data", str(path), "export", "--format", "markdown")
    assert (result.code, result.stderr) == (0, "")
    assert "First line.  \nSecond line." in result.stdout
    assert "␍" not in result.stdout
    # A carriage return alone is still shown, as everywhere else.
    assert "a␍b" in export.to_markdown(make_dataset(make_reform(after="a\rb")))


def test_a_markdown_export_of_no_entries_says_so_and_still_lists_the_sources() -> None:
    assert export.to_markdown(make_dataset()) == (
        "# Kazakhstan's political reforms since 2019\n"
        "\n"
        "Data as of 30 Nov 2026 (schema version 2).\n"
        "\n"
        "No entries.\n"
        "\n"
        "## All sources\n"
        "\n"
        '- `src`: "A source" (article; key `src`)\n'
    )


@pytest.mark.parametrize(
    ("fields", "line"),
    [
        ({"in_force": "2022-06-08"}, "- Status: in force, from 8 Jun 2022"),
        (
            {"status": "replaced", "in_force": "2022", "replaced_by": 9},
            "- Status: replaced, from 2022, replaced by entry 9",
        ),
        (
            {"status": "not known", "in_force": "2022-06-08", "replaced_by": 9},
            "- Status: not known (in force from 8 Jun 2022; its text replaced by entry 9)",
        ),
        ({"status": "not known"}, "- Status: not known"),
    ],
)
def test_the_markdown_status_line_says_what_became_of_the_rule(fields: dict[str, object], line: str) -> None:
    assert export.to_markdown(make_dataset(make_reform(**fields))).splitlines()[8] == line


class _ReformWithNotes(Reform, frozen=True, kw_only=True):
    """An entry as it would be with a new field declared in model.py."""

    notes: tuple[str, ...] = ()


def test_a_field_added_to_the_entries_is_listed_in_the_markdown_as_written() -> None:
    plain = msgspec.structs.asdict(make_reform())
    reform = _ReformWithNotes(**plain, notes=("Counted by hand", "see *annex*"))
    lines = export.to_markdown(make_dataset(reform)).splitlines()
    after = lines.index("- **After**: The new rule. [1]")
    assert lines[after + 1 : after + 3] == [r"- notes: Counted by hand; see \*annex\*", ""]


# --------------------------------------------------------------------------------------
# CSV
# --------------------------------------------------------------------------------------

ENTRY_COLUMNS = (
    "id,period,title,aliases,status,in_force,in_force_precision,replaced_by,topics,legal_basis,before_text,"
    "before_short,after_text,after_short"
)


def test_to_csv_without_a_table_writes_the_entries(sample: Dataset) -> None:
    written = export.to_csv(sample)
    assert written.startswith(ENTRY_COLUMNS + "\r\n1,2019-2021,Peaceful assembly by notification,")
    # the test runner's stdout reads CRLF as LF
    assert written.splitlines() == run("--data", str(SAMPLE), "export", "--format", "csv").stdout.splitlines()


def test_thresholds_csv_leaves_the_change_empty_and_its_steps_are_the_steps_table(every_part: Path) -> None:
    result = run("--data", str(every_part), "thresholds", "--csv")
    assert (result.code, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [  # CRLF line ends, read as LF by the test runner
        "id,entry_id,position,label,before,after,unit,change,change_unit",
        "1,1,1,Members needed,40000,5000,members,-87.5,%",
        "2,1,2,Members of a new branch,,100,members,,",
    ]
    steps = run("--data", str(every_part), "export", "--format", "csv", "--table", "steps")
    assert steps.stdout.splitlines() == [
        "id,threshold_id,position,value,date,date_precision",
        "1,1,1,20000,2020-05,month",
        "2,1,2,10000,,",  # a step without a date keeps its row
    ]


# ---------------------------------------------------------------------------------------
# SQLite: `export --format sqlite --output FILE`
# ---------------------------------------------------------------------------------------

SQLITE_COLUMNS = {
    "entries": [
        "id", "period", "title", "aliases", "status", "in_force", "in_force_precision", "replaced_by",
        "topics", "legal_basis", "before_text", "before_short", "after_text", "after_short",
    ],
    "thresholds": ["id", "entry_id", "position", "label", "before", "after", "unit", "change", "change_unit"],
    "steps": ["id", "threshold_id", "position", "value", "date", "date_precision"],
    "figures": ["id", "entry_id", "position", "label", "value", "unit", "date", "date_precision"],
    "measures": ["id", "entry_id", "position", "text"],
    "assessments": ["id", "entry_id", "position", "by", "date", "date_precision", "text"],
    "events": ["id", "entry_id", "position", "kind", "date", "date_precision", "text"],
    "ratings": ["id", "by", "title", "measure", "unit", "better", "covers"],
    "scores": ["id", "rating_id", "position", "edition", "value", "note"],
    "sources": [
        "key", "kind", "title", "author", "publisher", "date", "date_precision", "url", "accessed",
        "accessed_precision", "law_number", "language",
    ],
    "topics": ["entry_id", "topic"],
    "citations": ["record_table", "record_id", "field", "source_key", "position"],
    "glossary": ["term", "meaning", "aliases"],
    "meta": ["key", "value"],
}  # fmt: skip


@pytest.fixture
def database(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    path = tmp_path / "reforms.db"
    result = run("--data", str(SAMPLE), "export", "--format", "sqlite", "--output", str(path))
    assert (result.code, result.stdout, result.stderr) == (0, "", f"Wrote 14 entries to {path}\n")
    connection = sqlite3.connect(path)
    yield connection
    connection.close()


def test_sqlite_has_a_table_per_record_type_with_its_columns(database: sqlite3.Connection) -> None:
    tables = [name for (name,) in database.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    assert tables[: len(SQLITE_COLUMNS)] == list(SQLITE_COLUMNS)
    assert set(tables[len(SQLITE_COLUMNS) :]) <= {"entries_fts"} | {
        f"entries_fts_{n}" for n in ("data", "idx", "docsize", "config")
    }
    for table, columns in SQLITE_COLUMNS.items():
        assert [row[1] for row in database.execute(f'PRAGMA table_info("{table}")')] == columns, table


def test_sqlite_keys_hold_and_a_join_gives_each_threshold_with_its_entry_and_sources(
    database: sqlite3.Connection, sample: Dataset
) -> None:
    assert database.execute("PRAGMA foreign_key_check").fetchall() == []
    assert database.execute("PRAGMA foreign_key_list(thresholds)").fetchone()[2:5] == (
        "entries",
        "entry_id",
        "id",
    )
    rows = database.execute(
        "SELECT e.id, t.label, t.before, t.after, t.change, group_concat(c.source_key, ' ')"
        " FROM thresholds t JOIN entries e ON e.id = t.entry_id"
        " JOIN citations c ON c.record_table = 'thresholds' AND c.record_id = t.id"
        " GROUP BY t.id ORDER BY t.id"
    ).fetchall()
    expected = [
        (reform.id, t.label, t.before, t.after, t.change.amount if t.change else None, " ".join(t.sources))
        for reform in sample.reforms
        for t in reform.thresholds
    ]
    assert rows == expected
    counts = {
        table: database.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in SQLITE_COLUMNS
    }
    assert counts["entries"] == len(sample.reforms) and counts["sources"] == len(sample.sources)
    assert counts["events"] == sum(len(r.events) for r in sample.reforms) + len(sample.context)
    assert database.execute("SELECT value FROM meta WHERE key = 'as_of'").fetchone() == (sample.as_of,)


def test_sqlite_dates_have_their_precision_and_context_events_no_entry(database: sqlite3.Connection) -> None:
    assert database.execute("SELECT date, date_precision FROM steps").fetchall() == [("2020-05", "month")]
    precisions = dict(database.execute("SELECT date, date_precision FROM events"))
    assert {len(date): precision for date, precision in precisions.items()} == {
        4: "year",
        7: "month",
        10: "day",
    }
    context = database.execute("SELECT entry_id, position FROM events WHERE kind = 'context'").fetchall()
    assert context and all(entry is None for entry, _ in context)
    assert [position for _, position in context] == list(range(1, len(context) + 1))


def test_sqlite_entries_have_a_full_text_index(database: sqlite3.Connection) -> None:
    hits = database.execute("SELECT rowid FROM entries_fts WHERE entries_fts MATCH 'quota'").fetchall()
    titles = database.execute(
        "SELECT id FROM entries WHERE title || before_text || after_text LIKE '%quota%'"
    ).fetchall()
    assert hits and sorted(hits) == sorted(titles)


def test_sqlite_needs_a_file_and_never_replaces_one_unasked(tmp_path: Path) -> None:
    for args in ((), ("--output", "-")):
        result = run("--data", str(SAMPLE), "export", "--format", "sqlite", *args)
        assert (result.code, result.stdout, result.stderr) == (
            2, "", "kzreforms: error: --format sqlite writes a database file: give it --output FILE\n",
        )  # fmt: skip
    path = tmp_path / "reforms.db"
    path.write_text("mine")
    result = run("--data", str(SAMPLE), "export", "-f", "sqlite", "-o", str(path))
    assert (result.code, result.stderr) == (
        1,
        f"kzreforms: error: {path}: already exists (use --force to replace it)\n",
    )
    assert path.read_text() == "mine" and [p.name for p in tmp_path.iterdir()] == ["reforms.db"]
    assert run("--data", str(SAMPLE), "export", "-f", "sqlite", "-o", str(path), "--force").code == 0
    assert sqlite3.connect(path).execute("SELECT count(*) FROM entries").fetchone() == (14,)


def test_sqlite_of_a_selection_keeps_every_source(tmp_path: Path) -> None:
    path = tmp_path / "quota.db"
    result = run(
        "--data", str(SAMPLE), "export", "-f", "sqlite", "-o", str(path), "--topic", "representation"
    )
    assert result.code == 0
    connection = sqlite3.connect(path)
    ids = [entry for (entry,) in connection.execute("SELECT id FROM entries")]
    assert 0 < len(ids) < 14
    assert connection.execute("SELECT count(*) FROM sources").fetchone() == (22,)
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []


# ---------------------------------------------------------------------------------------
# CSV tables for analysis: `timeline --csv`, `sources --csv`, one thresholds table, precisions
# ---------------------------------------------------------------------------------------


def test_timeline_csv_has_each_date_with_its_precision_and_kind() -> None:
    result = run("--data", str(SAMPLE), "timeline", "--csv", "--year", "2021")
    assert (result.code, result.stderr) == (0, "")
    assert result.stdout == (
        "date,date_precision,text,sources,reform,kind,as_of\n"
        "2021-01-02,day,Law No. 404-VI ratifies the Second Optional Protocol.,"
        "rfe-rl-2-jan-2021; text-of-the-ratification-law-z,7,entry,2026-11-30\n"
        "2021-01-15,day,The President proposes lowering the barrier for the Mazhilis from 7% to 5%.,"
        "kazinform-15-jan-2021,5,entry,2026-11-30\n"
        "2021-05,month,Laws on the direct election of rural akims are signed.,"
        "kazinform-23-july-2021; kt-kz-26-july-2021,4,entry,2026-11-30\n"
        '2021-07-25,day,"First direct elections of rural akims, for 730 posts.",'
        "kazinform-23-july-2021; kt-kz-26-july-2021,4,entry,2026-11-30\n"
        "2021-12-29,day,Law No. 90-VII gives the Commissioner for Human Rights a law of its own.,"
        "adilet-zan-kz-z2100000090; ombudsman-s-office-news-gov-kz,9,entry,2026-11-30\n"
    )
    import csv

    rows = list(csv.DictReader(run("--data", str(SAMPLE), "timeline", "--csv").stdout.splitlines()))
    context = [row for row in rows if row["kind"] == "context"]
    assert context and all(row["reform"] == "" for row in context)
    assert all(len(row["date"]) == {"year": 4, "month": 7, "day": 10}[row["date_precision"]] for row in rows)
    both = run("--data", str(SAMPLE), "timeline", "--csv", "--json")
    assert (both.code, both.stderr) == (2, "kzreforms: error: --json and --csv: choose one\n")


def test_sources_csv_is_the_sources_table_with_the_addresses() -> None:
    result = run("--data", str(SAMPLE), "sources", "--csv")
    assert result.code == 0
    assert (
        result.stdout == run("--data", str(SAMPLE), "export", "--format", "csv", "--table", "sources").stdout
    )
    header, *rows = result.stdout.splitlines()
    assert header == (
        "key,kind,title,author,publisher,date,date_precision,url,accessed,accessed_precision,"
        "law_number,language"
    )
    assert len(rows) == 22 and any(",https://adilet.zan.kz/eng/docs/Z2000000333," in row for row in rows)
    both = run("--data", str(SAMPLE), "sources", "--csv", "--json")
    assert (both.code, both.stderr) == (2, "kzreforms: error: --json and --csv: choose one\n")


def test_the_thresholds_table_is_one_shape_everywhere() -> None:
    table = run("--data", str(SAMPLE), "export", "--format", "csv", "--table", "thresholds").stdout
    assert table == run("--data", str(SAMPLE), "thresholds", "--csv").stdout
    assert table.splitlines()[0] == ",".join(SQLITE_COLUMNS["thresholds"])


def test_writing_one_table_says_how_many_rows_of_it(tmp_path: Path) -> None:
    target = tmp_path / "thresholds.csv"
    written = run(
        "--data", str(SAMPLE), "export", "--format", "csv", "--table", "thresholds", "--output", str(target)
    )
    rows = target.read_text(encoding="utf-8").splitlines()[1:]
    assert written.stderr == f"Wrote {len(rows)} rows of the thresholds table to {target}\n" and len(rows) > 1
    entries = run("--data", str(SAMPLE), "export", "--format", "csv", "--output", str(tmp_path / "e.csv"))
    assert entries.stderr == f"Wrote 14 entries to {tmp_path / 'e.csv'}\n"  # the entries table: one row each
    meta = run(
        "--data",
        str(SAMPLE),
        "export",
        "--format",
        "csv",
        "--table",
        "meta",
        "--output",
        str(tmp_path / "m.csv"),
    )
    assert meta.stderr.startswith("Wrote ") and meta.stderr.endswith(
        f" rows of the meta table to {tmp_path / 'm.csv'}\n"
    )


def test_table_goes_with_csv_only(tmp_path: Path) -> None:
    for format_name in ("toml", "json", "markdown", "sqlite"):
        result = run("--data", str(SAMPLE), "export", "--format", format_name, "--table", "steps",
                     "--output", str(tmp_path / f"out.{format_name}"))  # fmt: skip
        assert (result.code, result.stdout, result.stderr) == (
            2, "", f"kzreforms: error: --table goes with --format csv only, not with --format {format_name}\n",
        )  # fmt: skip
    assert not list(tmp_path.iterdir())  # nothing written


def test_every_date_column_of_a_csv_table_has_its_precision() -> None:
    import csv

    for table in export.CSV_TABLES:
        text = run("--data", str(SAMPLE), "export", "--format", "csv", "--table", table).stdout
        rows = list(csv.DictReader(text.splitlines()))
        header = text.splitlines()[0].split(",")
        for column in header:
            if column == "date" or column.endswith(("_date", "in_force", "accessed")):
                assert header[header.index(column) + 1] == f"{column}_precision", (table, column)
                for row in rows:
                    want = {0: "", 4: "year", 7: "month", 10: "day"}[len(row[column])]
                    assert row[f"{column}_precision"] == want, (table, row)


def test_a_sqlite_export_that_fails_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(connection: sqlite3.Connection, dataset: Dataset) -> None:
        connection.execute("CREATE TABLE half (x)")
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(export, "fill_sqlite", broken)
    path = tmp_path / "reforms.db"
    result = run("--data", str(SAMPLE), "export", "-f", "sqlite", "-o", str(path))
    assert (result.code, result.stdout) == (1, "")
    assert result.stderr == f"kzreforms: error: {path}: cannot be written (database or disk is full)\n"
    assert list(tmp_path.iterdir()) == []


def test_the_csv_tables_are_the_sqlite_tables() -> None:
    assert list(export.CSV_TABLES) == list(SQLITE_COLUMNS) == [table.value for table in CsvTable]
    assert list(export.sqlite_tables(make_dataset())) == list(SQLITE_COLUMNS)


RATED = """
[[ratings]]
by = "A watchdog"
title = "Freedom Index"
measure = "score out of 100"
unit = "of 100"
better = "higher"

[[ratings.scores]]
edition = 2020
value = 22
note = "Not Free"
sources = ["law-no-333-vi-of-25-may-2020-o"]
"""


@pytest.fixture(scope="module")
def rated_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample with a rating, so that every table of the export has rows."""
    path = tmp_path_factory.mktemp("rated") / "rated.toml"
    path.write_text(SAMPLE.read_text(encoding="utf-8") + RATED, encoding="utf-8")
    return path


@pytest.mark.parametrize("table", list(SQLITE_COLUMNS))
def test_each_csv_table_has_the_columns_and_rows_of_its_sqlite_table(
    tmp_path: Path, rated_sample: Path, table: str
) -> None:
    import csv

    path = tmp_path / "reforms.db"
    assert run("--data", str(rated_sample), "export", "--format", "sqlite", "--output", str(path)).code == 0
    database = sqlite3.connect(path)
    text = run("--data", str(rated_sample), "export", "--format", "csv", "--table", table).stdout
    header, *rows = list(csv.reader(text.splitlines()))
    assert header == [row[1] for row in database.execute(f'PRAGMA table_info("{table}")')]
    stored = database.execute(f'SELECT * FROM "{table}"').fetchall()
    database.close()
    assert rows == [["" if cell is None else export._cell(cell) for cell in row] for row in stored]
    assert rows, f"the data has no {table}"
    empty = export.to_csv(Dataset(as_of="2026-11-30", sources={}, reforms=()), table)
    assert empty.splitlines()[0] == ",".join(header)  # an empty table has its header
