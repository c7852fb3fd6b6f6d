"""Validating a data file (README, "The data format"): what `kzreforms validate` says about a file
with mistakes in it.

The promises guarded here:

- every problem is listed, one line each, and not only the first: in an entry's lists of records
  (thresholds), in `[[context]]` and `[[glossary]]`, and at the top of the file;
- each line names the entry (by its id, the largest one too, or by its position when it has no
  usable id) and the field, and says in the data file's words what the value must be:
  "a string, not integer", "a quoted date ..., not a TOML datetime", "not nothing" for JSON's null;
- a value that is not even a table where an entry or a source belongs is "the value";
- the ranges are stated: ids and `replaced_by` from 1 to 2^63 − 1, `schema_version` from 1 to 2;
- a source's `language` says what an ISO 639 code is; a bad source key is named as it is, even
  when the file's name or the key holds the words "field 'key'";
- the year 0000 is not a date, in `as_of` or in any record;
- the checks across records name where each problem is: a date that is not in the calendar (at
  any depth: a threshold's step, a source, `as_of`), a source key that is not in `[sources]`, a
  glossary term twice, an id twice (with the position it was first at); dates at every precision
  the calendar has, and as many entries as the limit, are valid;
- every entry has an `in_force` date (TOML, JSON, or JSON's null): one line naming the entry and
  what to add, after every other problem, unless its status is `not adopted` or `proposed`;
  list, show and compare still read a file without it;
- a `replaced_by` entry in force before the entry it replaces is refused, each date at its own
  precision (2022 and 2022-06 are not one before the other);
- a valid file exports (`export --format json`) to its own fields, empty ones left out.

tests/data/invalid holds one file per single mistake; the files here have several, or values
(TOML datetimes and times, JSON's null) that are easier to write from Python.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from kzreforms import model

from .conftest import one_entry, run


def write(tmp_path: Path, doc: dict[str, Any], name: str = "reforms.toml") -> Path:
    path = tmp_path / name
    text = json.dumps(doc) if name.endswith(".json") else tomli_w.dumps(doc)
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    """The lines `kzreforms validate PATH` prints, each without the file's name; it must fail."""
    result = run("validate", str(path))
    assert (result.code, result.stderr) == (1, ""), result
    lines = result.stdout.splitlines()
    assert all(line.startswith(f"{path}: ") for line in lines), lines
    return [line.removeprefix(f"{path}: ") for line in lines]


# --------------------------------------------------------------------------------------
# Every problem, not only the first
# --------------------------------------------------------------------------------------


def test_every_problem_in_an_entrys_thresholds_is_listed(tmp_path: Path) -> None:
    thresholds = [
        {"label": "Members", "after": "many", "unit": "members", "sources": ["article"]},
        {"label": "Members", "after": 5000, "unit": "members"},
    ]
    path = write(tmp_path, one_entry(thresholds=thresholds))
    assert problems(path) == [
        "reform 1: thresholds[1]: field 'after' must be a number, not string",
        "reform 1: thresholds[2]: missing field 'sources'",
    ]


def test_every_problem_in_context_and_glossary_is_listed(tmp_path: Path) -> None:
    doc = {
        **one_entry(),
        "context": [
            {"date": "2022", "text": "Unrest."},
            {"date": "January 2022", "text": "Unrest.", "sources": ["article"]},
        ],
        "glossary": [{"term": "akim"}, {"meaning": "A regional governor."}],
    }
    assert problems(write(tmp_path, doc)) == [
        "context[1]: missing field 'sources'",
        'context[2]: field \'date\' must be a date like "2022", "2022-06" or "2022-06-05"',
        "glossary[1]: missing field 'meaning'",
        "glossary[2]: missing field 'term'",
    ]


def test_every_problem_at_the_top_of_the_file_is_listed(tmp_path: Path) -> None:
    doc = {"version": 2, "schema_version": 0, **one_entry(), "license": " "}
    assert problems(write(tmp_path, doc)) == [
        "unknown key 'version'",
        "field 'schema_version' must be a whole number from 1 to 2",
        "field 'license' must not be empty",
    ]


# --------------------------------------------------------------------------------------
# Each line names the entry and the field, in the data file's words
# --------------------------------------------------------------------------------------

WRONG_KINDS = [
    ({"title": 5}, "reform 1: field 'title' must be a string, not integer"),
    (
        {"in_force": datetime.datetime(2022, 6, 5, 10, 30)},
        "reform 1: field 'in_force' must be a quoted date like \"2022-06-05\", not a TOML datetime",
    ),
    (
        {"in_force": datetime.time(10, 30)},
        "reform 1: field 'in_force' must be a quoted date like \"2022-06-05\", not a TOML time",
    ),
    (
        {"id": datetime.datetime(2022, 6, 5, 10, 30)},
        "reform at position 1: field 'id' must be an integer, not date and time",
    ),
]


@pytest.mark.parametrize(("fields", "expected"), WRONG_KINDS, ids=["integer", "datetime", "time", "id"])
def test_a_value_of_the_wrong_kind_is_named_in_the_data_files_words(
    tmp_path: Path, fields: dict[str, Any], expected: str
) -> None:
    assert problems(write(tmp_path, one_entry(**fields))) == [expected]


def test_jsons_null_is_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, one_entry(title=None), "reforms.json")
    assert problems(path) == ["reform 1: field 'title' must be a string, not nothing"]


def test_an_entry_or_a_source_that_is_not_a_table_is_the_value(tmp_path: Path) -> None:
    doc = {**one_entry(), "reforms": [5]}
    doc["sources"]["article"] = "The article"
    assert problems(write(tmp_path, doc)) == [
        "sources: 'article': the value must be a table, not string",
        "reform at position 1: the value must be a table, not integer",
    ]


def test_an_entry_with_the_largest_id_is_named_by_its_id(tmp_path: Path) -> None:
    path = write(tmp_path, one_entry(id=model.MAX_ID, title=""))
    assert problems(path) == ["reform 9223372036854775807: field 'title' must not be empty"]


def test_replaced_by_must_be_an_id(tmp_path: Path) -> None:
    path = write(tmp_path, one_entry(status="replaced", replaced_by=0))
    assert problems(path) == [
        "reform 1: field 'replaced_by' must be a whole number from 1 to 9223372036854775807"
    ]


def test_a_language_that_is_no_iso_code_says_what_a_code_is(tmp_path: Path) -> None:
    doc = one_entry()
    doc["sources"]["article"]["language"] = "English"
    assert problems(write(tmp_path, doc)) == [
        "sources: 'article': field 'language' must be an ISO 639 code of 2 or 3 lower-case letters, "
        'like "en", "ru" or "kk"'
    ]


def test_a_bad_source_key_is_named_whatever_the_file_and_the_key_hold(tmp_path: Path) -> None:
    """The words "field 'key'" in the file's name or in the key itself are left as they are."""
    doc = one_entry()
    doc["sources"] = {"x: field 'key' y": doc["sources"]["article"]}
    path = write(tmp_path, doc, name="my: field 'key' copy.toml")
    assert problems(path)[0] == (
        "sources: 'x: field 'key' y': the key must be a source key, made of lower-case letters, "
        "digits, '.', '_' and '-'"
    )


def test_the_year_0000_is_no_date_anywhere(tmp_path: Path) -> None:
    doc = one_entry(events=[{"date": "0000", "text": "Year zero.", "sources": ["article"]}])
    assert problems(write(tmp_path, doc)) == [
        "reform 1: events[1]: field 'date' is not a date in the calendar (0000)"
    ]
    doc = one_entry()
    doc["as_of"] = "0000"
    assert problems(write(tmp_path, doc)) == ["field 'as_of' is not a date in the calendar (0000)"]


# --------------------------------------------------------------------------------------
# What no field's type can say: checks across records, each naming where it is
# --------------------------------------------------------------------------------------


def test_every_problem_across_records_is_listed_with_its_place(tmp_path: Path) -> None:
    doc = one_entry(
        in_force="2021-02-29",
        thresholds=[
            {
                "label": "Members",
                "after": 5000,
                "unit": "members",
                "sources": ["article"],
                "steps": [{"value": 20000, "date": "2020-13", "sources": ["nowhere"]}],
            }
        ],
        figures=[{"label": "Turnout", "value": 54.2, "unit": "%", "sources": ["gone"]}],
    )
    doc["as_of"] = "2026-02-30"
    doc["sources"]["law"] = {"kind": "law", "title": "The law", "date": "2020-04-31"}
    doc["context"] = [{"date": "2022-01", "text": "Unrest.", "sources": ["gone"]}]
    doc["glossary"] = [{"term": "akim", "meaning": "A governor."}, {"term": "Akim", "meaning": "The same."}]
    assert problems(write(tmp_path, doc)) == [
        "reform 1: field 'in_force' is not a date in the calendar (2021-02-29)",
        "reform 1: thresholds[1].steps[1]: field 'date' is not a date in the calendar (2020-13)",
        "reform 1: thresholds[1].steps[1]: field 'sources' cites an unknown source 'nowhere'",
        "reform 1: figures[1]: field 'sources' cites an unknown source 'gone'",
        "context[1]: field 'sources' cites an unknown source 'gone'",
        "glossary[2]: duplicate term 'Akim'",
        "sources: 'law': field 'date' is not a date in the calendar (2020-04-31)",
        "field 'as_of' is not a date in the calendar (2026-02-30)",
    ]


def test_each_repeated_id_names_where_the_id_was_first(tmp_path: Path) -> None:
    doc = one_entry()
    entry = doc["reforms"][0]
    doc["reforms"] = [entry, {**entry, "id": 2}, entry, entry]
    assert problems(write(tmp_path, doc)) == [
        "reform 1: duplicate id (also at position 1)",
        "reform 1: duplicate id (also at position 1)",
    ]


@pytest.mark.parametrize("as_of", ["2026", "2026-01", "2026-01-31"])
def test_dates_at_every_precision_the_calendar_has_are_valid(tmp_path: Path, as_of: str) -> None:
    doc = one_entry(
        in_force="2024-02-29",
        events=[
            {"date": "2022", "text": "A year.", "sources": ["article"]},
            {"date": "2022-12", "text": "A month.", "sources": ["article"]},
            {"date": "2022-12-31", "text": "A day.", "sources": ["article"]},
        ],
    )
    doc["as_of"] = as_of
    result = run("validate", str(write(tmp_path, doc)))
    assert (result.code, result.stdout) == (0, f"OK: 1 entry, data as of {as_of}\n")


def test_a_file_may_hold_as_many_entries_as_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(model, "MAX_ENTRIES", 3)
    doc = one_entry()
    entry = doc["reforms"][0]
    doc["reforms"] = [{**entry, "id": number} for number in (1, 2, 3)]
    result = run("validate", str(write(tmp_path, doc)))
    assert (result.code, result.stdout) == (0, "OK: 3 entries, data as of 2026-11-30\n")


# --------------------------------------------------------------------------------------
# Every entry has an in_force date; a replacement is not in force before what it replaces
# --------------------------------------------------------------------------------------

NO_DATE = (
    'missing field \'in_force\': add the date its rule took effect, as "2022-06-08", or "2022-06" or'
    ' "2022" where the day is not known'
)


def without_in_force(**entry: Any) -> dict[str, Any]:
    doc = one_entry(**entry)
    del doc["reforms"][0]["in_force"]
    return doc


@pytest.mark.parametrize("name", ["reforms.toml", "reforms.json"])
def test_validate_refuses_an_entry_without_an_in_force_date(tmp_path: Path, name: str) -> None:
    assert problems(write(tmp_path, without_in_force(), name)) == [f"reform 1: {NO_DATE}"]


def test_an_in_force_of_null_in_json_is_no_date(tmp_path: Path) -> None:
    assert problems(write(tmp_path, one_entry(in_force=None), "reforms.json")) == [f"reform 1: {NO_DATE}"]


@pytest.mark.parametrize("status", ["not adopted", "proposed"])
def test_an_entry_whose_rule_never_took_effect_needs_no_in_force_date(tmp_path: Path, status: str) -> None:
    result = run("validate", str(write(tmp_path, without_in_force(status=status))))
    assert (result.code, result.stdout, result.stderr) == (0, "OK: 1 entry, data as of 2026-11-30\n", "")


def test_the_entries_without_a_date_come_after_every_other_problem(tmp_path: Path) -> None:
    doc = without_in_force()
    doc["reforms"] += [{**doc["reforms"][0], "id": 2, "title": ""}, {**doc["reforms"][0], "id": 0}]
    assert problems(write(tmp_path, doc)) == [
        "reform 2: field 'title' must not be empty",
        "reform at position 3: field 'id' must be a whole number from 1 to 9223372036854775807",
        f"reform 1: {NO_DATE}",
        f"reform 2: {NO_DATE}",
        f"reform at position 3: {NO_DATE}",
    ]
    doc["reforms"] = [doc["reforms"][0], {**doc["reforms"][0], "id": 1, "in_force": "2022"}]
    assert problems(write(tmp_path, doc)) == [
        "reform 1: duplicate id (also at position 1)",
        f"reform 1: {NO_DATE}",
    ]


def test_validate_json_lists_an_entry_without_a_date(tmp_path: Path) -> None:
    path = write(tmp_path, without_in_force())
    result = run("validate", "--json", str(path))
    assert result.code == 1
    assert json.loads(result.stdout) == {
        "file": str(path), "ok": False, "entries": None, "problems": [f"{path}: reform 1: {NO_DATE}"],
    }  # fmt: skip


def test_the_other_commands_still_read_an_entry_without_a_date(tmp_path: Path) -> None:
    path = write(tmp_path, without_in_force())
    listed = run("--data", str(path), "list", "--json")
    assert listed.code == 0 and json.loads(listed.stdout)[0]["in_force"] is None
    assert run("--data", str(path), "show", "1").code == 0
    compared = run("--data", str(path), "compare", "2020", "2026")
    assert compared.code == 0 and "Left out, no in_force date stated: 1 (see `show`)." in compared.stdout


def replaced(first: str, second: str) -> dict[str, Any]:
    """Entry 1, in force from ``first``, replaced by entry 2, in force from ``second``."""
    doc = one_entry(status="replaced", in_force=first, replaced_by=2)
    doc["reforms"].append({**doc["reforms"][0], "id": 2, "status": "in force", "in_force": second})
    del doc["reforms"][1]["replaced_by"]
    return doc


@pytest.mark.parametrize(
    ("first", "second"),
    [("2022", "2022-06"), ("2022-06", "2022"), ("2022-06", "2022-06-08"), ("2022-06-08", "2022-06"),
     ("2022-06-08", "2022-06-08"), ("2022-06-08", "2023")],
)  # fmt: skip
def test_a_replacement_in_force_within_the_same_year_or_month_is_not_earlier(
    tmp_path: Path, first: str, second: str
) -> None:
    result = run("validate", str(write(tmp_path, replaced(first, second))))
    assert (result.code, result.stdout) == (0, "OK: 2 entries, data as of 2026-11-30\n")


@pytest.mark.parametrize(
    ("first", "second"), [("2022-06-08", "2022-06-07"), ("2022-06", "2022-05-31"), ("2023", "2022")]
)
def test_validate_refuses_a_replacement_in_force_before_the_entry_it_replaces(
    tmp_path: Path, first: str, second: str
) -> None:
    assert problems(write(tmp_path, replaced(first, second))) == [
        f"reform 1: field 'replaced_by' names reform 2, in force from {second}, before this entry's in_force ({first})"
    ]


# --------------------------------------------------------------------------------------
# The validated dataset, written back in the data file's schema
# --------------------------------------------------------------------------------------


def test_an_export_of_a_valid_file_has_its_fields_and_every_list(tmp_path: Path) -> None:
    # docs/json.md: `export --format json` is the data file itself, values not given left out,
    # every list kept ([] when empty) for pandas.json_normalize.
    doc = one_entry()
    path = write(tmp_path, doc)
    result = run("--data", str(path), "export", "--format", "json")
    assert (result.code, result.stderr) == (0, "")
    exported = json.loads(result.stdout)
    lists = {"aliases": [], "legal_basis": [], "thresholds": [], "figures": [], "measures": [], "events": []}
    entry = {**doc["reforms"][0], **lists, "assessments": []}
    empty = {"context": [], "glossary": [], "ratings": []}
    assert exported == {"schema_version": 2, **doc, "reforms": [entry], **empty}
    assert list(exported) == ["schema_version", "as_of", "sources", "reforms", *empty]
