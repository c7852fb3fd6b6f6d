"""The model is the schema: every declared field survives every format, without a test of its own.

Datasets come from tests/strategies.py, which derives them from model.py; the checks here
walk the declared fields too. A field added to a record is generated, round-tripped,
exported and checked by these tests with no change to them.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any
from unittest import mock
from urllib.parse import unquote

import msgspec
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from markdown_it import MarkdownIt
from msgspec import Meta
from msgspec import inspect as mi

from kzreforms import cache, data, export, model, validation
from kzreforms.formats import visible
from kzreforms.model import Dataset, Reform

from .strategies import datasets, full_datasets, raw_datasets, records

EXAMPLES = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,  # the same examples on every run: the coverage check below cannot flake
    database=None,
    # No "explain" phase: on a failure it reruns the test for every part of a large
    # dataset, which takes minutes; the shrunk example says enough.
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
TEXT = mi.type_info(model.Text)
URL = mi.type_info(model.Url)


def record_types() -> list[type[msgspec.Struct]]:
    """Every record type reachable from Dataset, found by walking its declared types."""
    found: list[type[msgspec.Struct]] = []

    def walk(info: mi.Type) -> None:
        if isinstance(info, mi.Metadata):
            walk(info.type)
        elif isinstance(info, mi.StructType):
            if info.cls not in found:
                found.append(info.cls)
                for field in info.fields:
                    walk(field.type)
        elif isinstance(info, mi.UnionType):
            for member in info.types:
                walk(member)
        elif isinstance(info, mi.VarTupleType | mi.ListType):
            walk(info.item_type)
        elif isinstance(info, mi.DictType):
            walk(info.key_type)
            walk(info.value_type)

    walk(mi.type_info(Dataset))
    return found


def every_field() -> set[tuple[str, str]]:
    return {(kind.__name__, field.name) for kind in record_types() for field in msgspec.structs.fields(kind)}


def exercised(value: object) -> Iterator[tuple[str, str]]:
    """(record, field) for every field that holds something other than its default or nothing."""
    if isinstance(value, msgspec.Struct):
        for field in msgspec.structs.fields(value):
            item = getattr(value, field.name)
            empty = item is None or (isinstance(item, tuple | dict | str) and not item)
            if not empty and (field.required or item != field.default):
                yield type(value).__name__, field.name
            yield from exercised(item)
    elif isinstance(value, tuple):
        for item in value:
            yield from exercised(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from exercised(item)


def values_of(value: Any, info: mi.Type) -> Iterator[tuple[mi.Type, Any]]:
    """(declared type, value) of every scalar below ``value``, unions resolved to the member in use."""
    if isinstance(info, mi.UnionType):
        if value is None:
            return
        for member in info.types:
            if not isinstance(member, mi.NoneType):
                base = member.type if isinstance(member, mi.Metadata) else member
                if isinstance(base, mi.StructType) == isinstance(value, msgspec.Struct):
                    yield from values_of(value, member)
                    return
    base = info.type if isinstance(info, mi.Metadata) else info
    if isinstance(base, mi.StructType):
        for field in base.fields:
            yield from values_of(getattr(value, field.name), field.type)
    elif isinstance(base, mi.VarTupleType):
        for item in value:
            yield from values_of(item, base.item_type)
    elif isinstance(base, mi.DictType):
        for key, item in value.items():
            yield base.key_type, key
            yield from values_of(item, base.value_type)
    else:
        yield info, value


# --------------------------------------------------------------------------------------
# The strategies are the model's
# --------------------------------------------------------------------------------------


def test_every_record_type_of_the_model_is_part_of_a_dataset() -> None:
    declared = {
        kind for kind in vars(model).values() if isinstance(kind, type) and issubclass(kind, model._Record)
    }
    assert declared - {model._Record} == set(record_types())


@pytest.mark.examples
@settings(EXAMPLES, max_examples=30)
@given(dataset=raw_datasets | full_datasets)
def test_generated_records_keep_every_declared_constraint(dataset: Dataset) -> None:
    # A Struct's constructor checks nothing: convert from plain values, as the loader does.
    assert msgspec.convert(msgspec.to_builtins(dataset), Dataset) == dataset


@pytest.mark.examples
@settings(EXAMPLES, max_examples=30)
@given(dataset=datasets() | datasets(full=True))
def test_generated_datasets_pass_every_check_that_spans_records(dataset: Dataset) -> None:
    assert validation.build(msgspec.to_builtins(dataset), "generated") == dataset


class Extended(model._Record, frozen=True, kw_only=True):
    """A record as a contributor might extend one: the strategies must need no change for it."""

    note: model.Text
    rank: Annotated[int, Meta(ge=3, le=5)]
    place: Annotated[str, Meta(pattern=r"^[A-Z]{2}$")] | None = None
    tags: Annotated[tuple[model.Key, ...], Meta(min_length=2)] = ("a", "b")
    status: model.Status = "proposed"
    rule: model.Rule | None = None


def test_a_field_added_to_a_record_is_generated_with_its_constraints() -> None:
    seen: set[str] = set()

    @settings(EXAMPLES, max_examples=60)
    @given(value=records(Extended))
    def check(value: Extended) -> None:
        assert msgspec.convert(msgspec.to_builtins(value), Extended) == value
        seen.update(field for record, field in exercised(value) if record == "Extended")

    check()
    assert seen == {"note", "rank", "place", "tags", "status", "rule"}


# --------------------------------------------------------------------------------------
# load -> cache -> JSON -> TOML -> load
# --------------------------------------------------------------------------------------


@pytest.mark.examples
def test_every_declared_field_survives_load_cache_json_and_toml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv(cache.ENV_VAR, raising=False)
    seen: set[tuple[str, str]] = set()
    numbers = itertools.count()

    @EXAMPLES
    @given(dataset=datasets() | datasets(full=True))
    def round_trip(dataset: Dataset) -> None:
        folder = tmp_path / str(next(numbers))
        folder.mkdir()
        original = folder / "original.toml"
        original.write_text(export.to_toml(dataset), encoding="utf-8")
        assert data.load(original) == dataset  # parsed, and written to the cache

        where = cache.folder()
        assert where is not None and (where / cache.key(original.read_bytes())).is_file()
        with mock.patch.object(
            data, "parse_bytes", side_effect=AssertionError("parsed again: the cache was not used")
        ):
            cached = data.load(original)
        assert cached == dataset

        as_json = folder / "exported.json"
        as_json.write_text(export.to_json(cached), encoding="utf-8")
        from_json = data.load(as_json)
        assert from_json == dataset

        again = folder / "again.toml"
        again.write_text(export.to_toml(from_json), encoding="utf-8")
        final = data.load(again)
        assert final == dataset
        # Equal as text too: an integer that came back a float (5 == 5.0) would show here.
        assert again.read_text(encoding="utf-8") == original.read_text(encoding="utf-8")
        seen.update(exercised(dataset))

    round_trip()
    missing = every_field() - seen
    assert not missing, f"no generated dataset gave these fields a value: {sorted(missing)}"


# --------------------------------------------------------------------------------------
# The walks over the records (validation's checks, cite's keys) follow one plan
# --------------------------------------------------------------------------------------


def expected_role(info: mi.Type) -> str | None:
    """What a field holds, read from msgspec's own view of the type (not the way model.roles reads it)."""
    if isinstance(info, mi.Metadata):
        return expected_role(info.type)
    if isinstance(info, mi.UnionType):
        kinds = {expected_role(member) for member in info.types if not isinstance(member, mi.NoneType)}
        return kinds.pop() if len(kinds) == 1 else None
    if is_date(info):
        return "date"
    if isinstance(info, mi.StructType):
        return "record"
    if isinstance(info, mi.VarTupleType):
        item = info.item_type.type if isinstance(info.item_type, mi.Metadata) else info.item_type
        if isinstance(item, mi.StructType):
            return "records"
        return "cites" if isinstance(item, mi.StrType) and item.pattern == KEY_PATTERN else None
    return None


KEY_PATTERN = model.Key.__metadata__[0].pattern


@pytest.mark.parametrize("kind", record_types(), ids=lambda kind: kind.__name__)
def test_every_walk_visits_the_dates_the_sources_and_the_records_inside_a_record(
    kind: type[msgspec.Struct],
) -> None:
    fields = mi.type_info(kind).fields  # type: ignore[attr-defined]
    expected = [(field.name, role) for field in fields if (role := expected_role(field.type)) is not None]
    assert list(model.roles(kind)) == expected


def test_the_plan_of_an_entry_and_a_threshold() -> None:
    assert model.roles(Reform) == (
        ("in_force", "date"), ("before", "record"), ("after", "record"), ("thresholds", "records"),
        ("figures", "records"), ("measures", "records"), ("events", "records"), ("assessments", "records"),
    )  # fmt: skip
    assert model.roles(model.Threshold) == (("steps", "records"), ("sources", "cites"))
    assert model.roles(model.Source) == (("date", "date"), ("accessed", "date"))


# --------------------------------------------------------------------------------------
# CSV (the SQLite export's tables): every field has its column
# --------------------------------------------------------------------------------------


def own_columns(kind: type[msgspec.Struct], prefix: str = "") -> list[tuple[str, tuple[str, ...]]]:
    """(column, path of fields) of a record's own values: a nested record's as 'before_text'; not
    its sources (the citations table) nor its lists of records (tables of their own)."""
    columns: list[tuple[str, tuple[str, ...]]] = []
    for field in mi.type_info(kind).fields:  # type: ignore[attr-defined]
        declared = field.type.type if isinstance(field.type, mi.Metadata) else field.type
        if field.name == "sources" or (
            isinstance(declared, mi.VarTupleType) and isinstance(declared.item_type, mi.StructType)
        ):
            continue
        if isinstance(declared, mi.StructType):
            columns += [
                (f"{field.name}_{name}", (field.name, *path)) for name, path in own_columns(declared.cls)
            ]
        else:
            columns.append((field.name, (field.name,)))
    return columns


_ISO_DATE = model.IsoDate.__metadata__[0].pattern


def is_date(info: Any) -> bool:
    """Whether a field's msgspec type is an IsoDate (or an optional one)."""
    if isinstance(info, mi.Metadata):
        return is_date(info.type)
    if isinstance(info, mi.UnionType):
        return any(is_date(member) for member in info.types)
    return isinstance(info, mi.StrType) and info.pattern == _ISO_DATE


def with_precisions(kind: type[msgspec.Struct], names: list[str]) -> list[str]:
    """``names`` with a '*_precision' column after each date field of the record type."""
    dated = {field.name for field in mi.type_info(kind).fields if is_date(field.type)}  # type: ignore[attr-defined]
    return [column for name in names for column in ([name, f"{name}_precision"] if name in dated else [name])]


def header(dataset: Dataset, table: str) -> list[str]:
    return next(csv.reader(io.StringIO(export.to_csv(dataset, table))))


# The table of each record type; the rest of a table's columns are its keys and links
# (entry_id, position, …), an event's kind and a threshold's computed change.
RECORD_TABLES: dict[str, type[msgspec.Struct]] = {
    "entries": Reform, "thresholds": model.Threshold, "steps": model.Step, "figures": model.Figure,
    "measures": model.Measure, "assessments": model.Assessment, "events": model.Event,
    "ratings": model.Rating, "scores": model.Score, "sources": model.Source, "glossary": model.GlossaryTerm,
}  # fmt: skip
LINKS = {"id", "entry_id", "threshold_id", "rating_id", "position", "kind", "key", "change", "change_unit"}


def test_every_record_type_has_its_table() -> None:
    nested = {model.Rule}  # before and after: columns of their entry
    assert set(record_types()) - {Dataset} == set(RECORD_TABLES.values()) | nested
    assert set(RECORD_TABLES) <= set(export.CSV_TABLES)


def test_the_entries_header_lists_every_field_of_an_entry(sample: Dataset) -> None:
    columns = header(sample, "entries")
    assert columns[5:7] == ["in_force", "in_force_precision"]
    assert "before_text" in columns and "after_short" in columns and "before" not in columns
    assert (
        "after_sources" not in columns and "thresholds" not in columns
    )  # the citations and thresholds tables
    assert {field.name for field in msgspec.structs.fields(Reform)} - {
        "thresholds",
        "figures",
        "measures",
        "events",
        "assessments",
    } <= {name.split("_")[0] if name.startswith(("before_", "after_")) else name for name in columns}


@pytest.mark.parametrize("table", RECORD_TABLES)
def test_each_csv_table_has_a_column_for_every_field_of_its_record(sample: Dataset, table: str) -> None:
    empty = Dataset(as_of="2026-01-01", sources={}, reforms=())
    kind = RECORD_TABLES[table]
    expected = with_precisions(kind, [name for name, _ in own_columns(kind)])
    columns = header(sample, table)
    assert columns == header(empty, table)
    assert [column for column in columns if column in expected or column not in LINKS] == expected


def table_items(dataset: Dataset, table: str) -> list[tuple[Any, msgspec.Struct]]:
    """The records of a table, in its order, each with its key or its parent's position."""
    if table == "entries":
        return [(None, reform) for reform in dataset.reforms]
    if table == "sources":
        return list(dataset.sources.items())
    if table in ("glossary", "ratings"):
        return [(None, item) for item in getattr(dataset, table)]
    if table == "scores":
        return [(None, score) for rating in dataset.ratings for score in rating.scores]
    if table == "steps":
        return [(None, step) for reform in dataset.reforms for t in reform.thresholds for step in t.steps]
    items = [(reform.id, item) for reform in dataset.reforms for item in getattr(reform, table)]
    return items + [(None, event) for event in dataset.context] if table == "events" else items


@settings(EXAMPLES, max_examples=25)
@given(dataset=datasets())
def test_every_csv_cell_holds_its_value(dataset: Dataset) -> None:
    """Each row of each record's table carries every value of the record, readable by the csv module."""
    for table, kind in RECORD_TABLES.items():
        rows = list(csv.DictReader(io.StringIO(export.to_csv(dataset, table))))
        items = table_items(dataset, table)
        assert len(rows) == len(items)
        for row, (link, item) in zip(rows, items, strict=True):
            if table == "sources":
                assert row["key"] == link
            elif "entry_id" in row:
                assert row["entry_id"] == ("" if link is None else str(link))
            for name, path in own_columns(kind):
                value: Any = item
                for part in path:
                    value = getattr(value, part)
                assert_cell(row[name], value)
                if f"{name}_precision" in row:
                    want = {0: "", 4: "year", 7: "month", 10: "day"}[len(value or "")]
                    assert row[f"{name}_precision"] == want


def assert_cell(cell: str, value: Any) -> None:
    if value is None:
        assert cell == ""
    elif isinstance(value, int):
        assert int(cell) == value, (cell, value)  # exactly, past 2**53 too
    elif isinstance(value, float):
        assert float(cell) == value, (cell, value)
    elif isinstance(value, str):
        shown = visible(value)
        assert cell == ("'" + shown if shown.startswith(("=", "+", "-", "@", "\t", "\r")) else shown)
    elif isinstance(value, tuple) and all(isinstance(item, str) for item in value):
        shown = "; ".join(visible(item) for item in value)
        assert cell == ("'" + shown if shown.startswith(("=", "+", "-", "@", "\t", "\r")) else shown)


# --------------------------------------------------------------------------------------
# Markdown: every text a reader could need is there, as a Markdown reader sees it
# --------------------------------------------------------------------------------------

_PARSER = MarkdownIt("commonmark")


def rendered_text(document: str) -> tuple[str, list[str]]:
    """What a reader of the rendered Markdown sees: its text, white space collapsed, and the text of its links.

    (The address a link leads to is its text normalised by markdown-it: punycode, percent-encoding.)
    """
    parts: list[str] = []
    links: list[str] = []
    link: list[str] | None = None  # the text of the link being read
    for token in _PARSER.parse(document):
        if token.type in ("code_block", "fence"):
            parts.append(token.content)
        for child in token.children or ():
            if child.type in ("text", "code_inline"):
                parts.append(child.content)
                if link is not None:
                    link.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append(" ")
            elif child.type == "link_open":
                link = []
            elif child.type == "link_close" and link is not None:
                links.append("".join(link))
                link = None
        parts.append(" ")
    return collapse("".join(parts)), links


def collapse(text: str) -> str:
    return " ".join(text.split())


@settings(EXAMPLES, max_examples=30)
@given(dataset=datasets())
def test_the_markdown_shows_every_text_and_address(dataset: Dataset) -> None:
    document = export.to_markdown(dataset)
    shown, links = rendered_text(document)
    for info, value in values_of(dataset, mi.type_info(Dataset)):
        if info == TEXT:
            # a CRLF is a line break in Markdown, as a LF is
            assert collapse(visible(value.replace("\r\n", "\n"))) in shown, (
                f"{value!r} is not in the rendered Markdown"
            )
        elif info == URL:
            assert unquote(visible(value)) in {unquote(link) for link in links}, f"{value!r} is not a link"


@pytest.mark.parametrize(
    "text",
    [
        "AT&T &amp; &copy; &#65;",
        "*not emphasis* _nor this_ `nor code`",
        "- not a list",
        "+ not a list",
        "1. not a list",
        "2) not a list",
        "first line\n- not a list\n1. nor this\n===\n---\n> no quote",
        "    not *code*",
        "a paragraph\n\n    and not *code*\n \n1) nor a list",
        "<b>not html</b> <https://example.org>",
        "[not](a link) ![nor](an image)",
        "# not a heading",
        "\\ a backslash \\* and an escape",
    ],
)
def test_markdown_specials_in_text_are_shown_as_written(sample: Dataset, text: str) -> None:
    reform = sample.reforms[0]
    before = msgspec.structs.replace(reform.before, text=text)
    measures = (model.Measure(text=text, sources=reform.before.sources),)
    dataset = sample.with_reforms((msgspec.structs.replace(reform, before=before, measures=measures),))
    shown, _ = rendered_text(export.to_markdown(dataset))
    assert shown.count(collapse(text)) >= 2, re.sub(r"\s+", " ", export.to_markdown(dataset))[:2000]
