"""`kzreforms schema`: the JSON Schemas of the data file and of the --json outputs, checked with an
independent validator (the jsonschema package) against real files and real outputs."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import tomli

from kzreforms import data
from kzreforms.schemas import CROSS_RECORD_RULES, OUTPUTS

from .conftest import SAMPLE, TESTS, run

INVALID_FOLDER = TESTS / "data" / "invalid"
INVALID = sorted(path for path in INVALID_FOLDER.iterdir() if path.suffix in (".toml", ".json"))

# Invalid files whose mistake only `kzreforms validate` can find: a rule across records (see
# CROSS_RECORD_RULES) or a value JSON has not, or a file that is no TOML or JSON document at all.
ONLY_VALIDATE_TELLS = {
    "date-not-in-calendar",  # 2022-02-30 has the shape of a date
    "accessed-not-in-calendar",
    "duplicate-id",
    "replaced-by-itself",
    "replaced-before-in-force",  # a date compared with another entry's
    "topic-twice",
    "rating-edition-twice",
    "rating-unknown-source",
    "unknown-source-key",
    "threshold-nan",  # TOML's nan is no JSON value, so no schema can name it; it passes every bound
}
NOT_A_DOCUMENT = {
    "integer-too-long",
    "json-syntax-error",
    "nested-too-deep",
    "not-utf8",
    "syntax-bad-value",
    "syntax-duplicate-key",
    "syntax-unclosed-array",
    "utf-16",
    "utf-16-without-bom",
    "utf-32",
}


@cache
def schema(what: str) -> dict[str, Any]:
    result = run("schema", "--for", what)
    assert (result.code, result.stderr) == (0, "")
    loaded: dict[str, Any] = json.loads(result.stdout)
    return loaded


def validator(what: str, definition: str | None = None) -> Any:
    """A validator of the schema's own dialect (draft 7 for the data file, 2020-12 for the outputs)."""
    root = schema(what)
    kind = jsonschema.validators.validator_for(root)
    if definition is not None:
        root = {"$schema": root["$schema"], "$defs": root["$defs"], "$ref": f"#/$defs/{definition}"}
    return kind(root, format_checker=jsonschema.FormatChecker())


def document(path: Path) -> Any:
    """A data file as a TOML or JSON parser reads it, as an editor would validate it."""
    with path.open("rb") as stream:
        return json.load(stream) if path.suffix == ".json" else tomli.load(stream)


def test_the_schemas_are_valid_json_schemas_of_the_declared_dialect() -> None:
    # Draft 7 for the data file, which editors' TOML validators read; 2020-12 for the outputs.
    assert schema("data")["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert schema("json")["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft7Validator.check_schema(schema("data"))
    jsonschema.Draft202012Validator.check_schema(schema("json"))
    assert "prefixItems" not in json.dumps(schema("data"))  # nothing draft 7 would not read
    assert schema("data") == json.loads(run("schema").stdout)  # the data file's is the default


def test_the_data_schema_describes_what_only_validate_checks() -> None:
    description = schema("data")["description"]
    for rule in CROSS_RECORD_RULES:
        assert rule in description
    reform = schema("data")["$defs"]["Reform"]
    assert "required" in reform["then"] and "replaced_by" in reform["then"]["required"]


@pytest.mark.parametrize("path", [data.bundled_path(), SAMPLE], ids=["bundled", "sample"])
def test_the_data_files_are_valid(path: Path) -> None:
    errors = [error.message for error in validator("data").iter_errors(document(path))]
    assert errors == []


def test_an_export_to_json_is_a_valid_data_file() -> None:
    exported = json.loads(run("export", "--format", "json").stdout)
    assert list(validator("data").iter_errors(exported)) == []


@pytest.mark.parametrize("path", INVALID, ids=[path.name for path in INVALID])
def test_an_invalid_file_fails_validation_where_the_schema_can_tell(path: Path) -> None:
    if path.stem in NOT_A_DOCUMENT:
        with pytest.raises((ValueError, RecursionError)):  # TOML, JSON and UTF-8 decoding errors
            document(path)
        return
    errors = list(validator("data").iter_errors(document(path)))
    if path.stem in ONLY_VALIDATE_TELLS:
        assert errors == [], "the schema can tell this one now: take it out of ONLY_VALIDATE_TELLS"
    else:
        assert errors, f"{path.name} passes the schema"


def test_the_expected_exceptions_are_invalid_files() -> None:
    assert {path.stem for path in INVALID} >= ONLY_VALIDATE_TELLS | NOT_A_DOCUMENT


def test_the_schema_can_be_written_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "kzreforms.schema.json"
    result = run("schema", "--output", str(target))
    assert (result.code, result.stdout) == (0, "")
    assert result.stderr == f"Wrote the JSON Schema of the data file to {target}\n"
    assert json.loads(target.read_text(encoding="utf-8")) == schema("data")
    again = run("schema", "--for", "json", "-o", str(target))
    assert again.code == 1 and "already exists" in again.stderr
    assert run("schema", "--for", "json", "-o", str(target), "--force").code == 0
    assert json.loads(target.read_text(encoding="utf-8")) == schema("json")


# Every command's --json, on the bundled data and on the sample, against its definition.
COMMANDS = [
    ("list", ["list", "--json"]),
    ("show", ["show", "5", "--json"]),
    ("show", ["show", "2", "--json"]),
    ("search", ["search", "quota", "--json"]),
    ("search", ["search", "akim", "--json"]),
    ("thresholds", ["thresholds", "--json"]),
    ("assessments", ["assessments", "--json"]),
    ("timeline", ["timeline", "--json"]),
    ("topics", ["topics", "--json"]),
    ("glossary", ["glossary", "--json"]),
    ("glossary-term", ["glossary", "akim", "--json"]),
    ("sources", ["sources", "--json"]),
    ("sources-check", ["sources", "--check", "--json"]),
    ("validate", ["validate", "--json"]),
    ("compare", ["compare", "2021", "2026", "--json"]),
    ("compare", ["compare", "2022-09", "--all", "--json"]),
    ("list-at", ["list", "--at", "2022-09", "--json"]),
    ("show-at", ["show", "5", "--at", "2026", "--json"]),
    ("show-at", ["show", "2", "--at", "2022-09", "--json"]),
]


@pytest.mark.parametrize("dataset", ["bundled", "sample"])
@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[" ".join(c) for _, c in COMMANDS])
def test_every_json_output_matches_its_schema(name: str, command: list[str], dataset: str) -> None:
    prefix = ["--data", str(SAMPLE)] if dataset == "sample" else []
    result = run(*prefix, *command)
    # `sources --check` exits 1 when a source has a problem, and still prints its report.
    assert result.stderr == "" and result.code == (1 if '"ok": false' in result.stdout else 0), result
    output = json.loads(result.stdout)
    assert output
    errors = [
        f"{list(error.absolute_path)}: {error.message}"
        for error in validator("json", name).iter_errors(output)
    ]
    assert errors == []
    assert list(validator("json").iter_errors(output)) == []  # and the whole schema takes it


def test_every_output_declared_is_tested_and_every_key_is_required() -> None:
    assert {name for name, _ in COMMANDS} == set(OUTPUTS)
    entry = schema("json")["$defs"]["EntryJson"]
    assert entry["required"] == list(entry["properties"])
    assert list(entry["properties"])[-1] == "sources"


def test_a_wrong_output_fails_the_output_schema() -> None:
    shown = json.loads(run("show", "5", "--json").stdout)
    assert list(validator("json", "show").iter_errors(shown)) == []
    del shown["thresholds"][0]["change"]
    assert list(validator("json", "show").iter_errors(shown))
    rows = json.loads(run("thresholds", "--json").stdout)
    rows[0]["reform"] = "2"
    assert list(validator("json", "thresholds").iter_errors(rows))


def test_an_invalid_file_reported_by_validate_json_matches_its_schema() -> None:
    result = run("validate", "--json", str(INVALID_FOLDER / "duplicate-id.toml"))
    report = json.loads(result.stdout)
    assert report["ok"] is False and report["entries"] is None
    assert list(validator("json", "validate").iter_errors(report)) == []
