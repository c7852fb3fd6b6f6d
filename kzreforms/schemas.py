"""JSON Schemas, derived from the model: the data file's (``kzreforms schema``) and the ``--json``
outputs' (``kzreforms schema --for json``).

The data file's schema is ``msgspec.json.schema(Dataset)``, with what no field's type can say
(unique ids, source keys that exist, …) written into its description. The outputs are
declared here as Structs built on the model's records, adding only the computed fields that
:mod:`kzreforms.export` adds (a threshold's ``change``, an entry's numbered ``sources``, a
hit's ``match``, …), so a field added to the model is in both schemas without a change here.
Nothing here builds the outputs: tests/test_schema.py checks every command's ``--json``
against these declarations.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from . import model
from ._msgspec import msgspec
from .model import (
    Assessment,
    Change,
    Event,
    GlossaryTerm,
    Id,
    Key,
    Number,
    Rating,
    Reform,
    Source,
    Text,
    Threshold,
)
from .query import SourceProblemKind

Meta = msgspec.Meta
Struct = msgspec.Struct
# The data file's schema says draft 7, what editors' TOML validators (Taplo, Even Better TOML)
# read; it uses nothing later drafts changed. The outputs' uses 2020-12 (a span is a tuple:
# prefixItems), for programs.
DATA_DIALECT = "http://json-schema.org/draft-07/schema#"
OUTPUT_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# What `kzreforms validate` checks that a JSON Schema cannot say (mostly rules across records).
CROSS_RECORD_RULES = (
    "every key in a `sources` list names an entry of the [sources] table",
    "no two entries have the same id",
    "`replaced_by` does not name the entry itself",
    "`replaced_by` does not name an entry whose `in_force` is earlier than this entry's",
    "every entry has an `in_force` date unless its `status` is `proposed` or `not adopted`"
    " (checked by `kzreforms validate` only: the other commands read an entry without one)",
    "a date is a date in the calendar (not 2022-02-30)",
    "an entry lists each topic once (topics ignore case)",
    "no two glossary terms are the same (ignoring case)",
    "a rating gives each edition once",
    "a number is finite (TOML's nan is no JSON value, so a schema cannot refuse it)",
)

# --------------------------------------------------------------------------------------
# The data file
# --------------------------------------------------------------------------------------


def data_schema() -> dict[str, Any]:
    """The JSON Schema of a data file (TOML or JSON), for editors and validators."""
    schema: dict[str, Any] = msgspec.json.schema(model.Dataset)
    defs = schema["$defs"]
    rules = "; ".join(CROSS_RECORD_RULES)
    head = {
        "$schema": DATA_DIALECT,
        "title": f"kzreforms data file, schema version {model.SCHEMA_VERSION}",
        "description": (
            "Kazakhstan's political reforms: entries with the rule before and after, and the sources "
            "that state each fact. Declared in kzreforms/model.py; documented in docs/data-format.md. "
            f"Also checked by `kzreforms validate`, not by this schema: {rules}."
        ),
    }
    reform = defs["Reform"]
    # A rule across two fields of one entry that JSON Schema can say.
    reform["if"] = {"properties": {"status": {"const": "replaced"}}, "required": ["status"]}
    reform["then"] = {
        "required": ["replaced_by"],
        "properties": {"replaced_by": {"type": "integer"}},
    }
    reform["description"] = (
        f"{reform.get('description', '')} An entry whose status is 'replaced' names the entry that "
        "replaced it in `replaced_by`; ids are unique in the file."
    ).strip()
    for name, record in defs.items():
        for field, declared in record.get("properties", {}).items():
            if field == "sources" and name != "Dataset":
                declared.setdefault(
                    "description", "Keys of the [sources] table that state this; each must exist there."
                )
    defs["Dataset"]["properties"]["sources"]["description"] = (
        "Every source, by its key; facts cite these keys in their `sources` lists."
    )
    return {**head, **schema}


# --------------------------------------------------------------------------------------
# The --json outputs (docs/json.md)
# --------------------------------------------------------------------------------------


class ThresholdJson(Threshold, frozen=True, kw_only=True):
    """A threshold as the outputs give it: every field, then how far it moved."""

    change: Annotated[
        Change | None,
        Meta(description="Percentage points for a percentage, else percent; null when nothing to compare."),
    ]


class NumberedSource(Source, frozen=True, kw_only=True):
    """A source an entry cites, numbered as `show` numbers it ([1], [2], …)."""

    number: Annotated[int, Meta(ge=1)]
    key: Key


class EntryJson(Reform, frozen=True, kw_only=True):
    """An entry (`show --json`, each item of `list --json`): every field, its thresholds with their
    change, then the sources it cites, numbered."""

    thresholds: tuple[ThresholdJson, ...]
    sources: tuple[NumberedSource, ...]


class Match(Struct, frozen=True, kw_only=True):
    """How a search hit matched: its score, the field its snippet comes from, the matched words'
    spans, and the query's words it does not match (empty when it matches every word)."""

    score: float
    field: str
    snippet: str
    spans: tuple[
        Annotated[
            tuple[Annotated[int, Meta(ge=0)], Annotated[int, Meta(ge=0)]], Meta(description="start, end")
        ],
        ...,
    ]
    missing: tuple[str, ...]


class SearchHit(EntryJson, frozen=True, kw_only=True):
    """A search hit (`search --json`): the entry, then how it matched."""

    match: Match


class ThresholdRow(ThresholdJson, frozen=True, kw_only=True):
    """One row of `thresholds --json`: the entry's id and title, then the threshold."""

    reform: Id
    reform_title: Text


class TimelineEvent(Event, frozen=True, kw_only=True):
    """An event of `timeline --json`, in date order: ``reform`` is its entry's id, null for context."""

    reform: Id | None


class TopicCount(Struct, frozen=True, kw_only=True):
    """A topic of `topics --json`, most common first."""

    topic: Text
    count: Annotated[int, Meta(ge=1)]
    ids: tuple[Id, ...]


class GlossaryJson(GlossaryTerm, frozen=True, kw_only=True):
    """A glossary term of `glossary --json`, with the ids of the entries that use it."""

    used_in: tuple[Id, ...]


class ListedSource(Source, frozen=True, kw_only=True):
    """A source of `sources --json`, with the ids of the entries that cite it."""

    key: Key
    cited_by: tuple[Id, ...]


class Validation(Struct, frozen=True, kw_only=True):
    """What `validate --json` found: ``entries`` is null when the file has problems."""

    file: str
    ok: bool
    entries: Annotated[int, Meta(ge=0)] | None
    problems: tuple[str, ...]


class SourceCheckProblem(Struct, frozen=True, kw_only=True):
    """One problem `sources --check` found: the source's key, which problem, the line it prints."""

    key: Key
    problem: SourceProblemKind
    message: str


class SourceCheck(Struct, frozen=True, kw_only=True):
    """What `sources --check --json` found: ``ok`` when no source has a problem."""

    sources: Annotated[int, Meta(ge=0)]
    ok: bool
    problems: tuple[SourceCheckProblem, ...]


class AssessedJson(Assessment, frozen=True, kw_only=True):
    """An assessment of `assessments --json`, with the id of the entry it assesses."""

    reform: Id


class AssessmentsJson(Struct, frozen=True, kw_only=True):
    """`assessments --json`: every rating with its scores, and every assessment of an entry by date."""

    ratings: tuple[Rating, ...]
    assessments: tuple[AssessedJson, ...]


class KeyedSource(Source, frozen=True, kw_only=True):
    """A source, with its key."""

    key: Key


class CompareRule(Struct, frozen=True, kw_only=True):
    """The rule as the data states it: its text, short form and the keys of its sources."""

    text: Text
    short: Text | None
    sources: tuple[Key, ...]


class CompareSide(Struct, frozen=True, kw_only=True):
    """An entry's rule on one of the two dates (`compare --json`)."""

    state: Annotated[
        Literal["before", "after", "replaced", "uncertain", "not stated"],
        Meta(
            description="before or after the entry's in_force; replaced: from the in_force of the entry "
            "in replaced_by; uncertain: the date falls inside the month or year of the change; not "
            "stated: no date is given"
        ),
    ]
    since: Annotated[str | None, Meta(description="The date the state began (uncertain: of the change).")]
    replaced_by: Annotated[Id | None, Meta(description="The entry whose rule took its place (or may have).")]
    text: Annotated[str, Meta(description="The rule on that date in words, as the view shows it.")]
    rule: Annotated[
        CompareRule | None, Meta(description="The rule in force; null when uncertain or not stated.")
    ]
    by_then: Annotated[
        Event | None,
        Meta(
            description="Before the change: the entry's latest event by that date (a first step, a proposal)."
        ),
    ]


class CompareNumber(Struct, frozen=True, kw_only=True):
    """A threshold of the entry on both dates: null where there is no such rule, it lapsed or is uncertain."""

    label: Text
    unit: Text
    first: Number | None
    second: Number | None
    text: Annotated[
        str, Meta(description="'15 → 10 senators', '5% → lapsed', '20,000 or 5,000 members → …'.")
    ]


class CompareEntry(Struct, frozen=True, kw_only=True):
    """An entry on both dates; ``changed`` is false only in `compare --all`."""

    id: Id
    title: Text
    changed: bool
    first: CompareSide
    second: CompareSide
    thresholds: tuple[CompareNumber, ...]


class CompareSubject(Struct, frozen=True, kw_only=True):
    """A subject (parliament, presidency, …) and its entries, in the data's order."""

    subject: str
    entries: tuple[CompareEntry, ...]


class Comparison(Struct, frozen=True, kw_only=True):
    """`compare A B --json`: the two dates (each a day, YYYY-MM-DD), the subjects with their entries,
    the ids left out for want of an in_force date, and the sources the rules cite."""

    first: str
    second: str
    all: bool
    subjects: tuple[CompareSubject, ...]
    date_not_stated: tuple[Id, ...]
    sources: tuple[KeyedSource, ...]


class AtNumber(Struct, frozen=True, kw_only=True):
    """A threshold on the day of --at: null where there was no such rule, it lapsed or is uncertain."""

    label: Text
    unit: Text
    value: Number | None
    text: str


class At(CompareSide, frozen=True, kw_only=True):
    """The entry on the day of --at (a year or a month given becomes its last day)."""

    day: str
    thresholds: tuple[AtNumber, ...]


class EntryAt(EntryJson, frozen=True, kw_only=True):
    """`show ID --at DATE --json`, each item of `list --at DATE --json`: the entry, then ``at``."""

    at: At


# Each command's --json, by the name its definition has in the schema.
OUTPUTS: dict[str, Any] = {
    "list": tuple[EntryJson, ...],
    "show": EntryJson,
    "search": tuple[SearchHit, ...],
    "thresholds": tuple[ThresholdRow, ...],
    "assessments": AssessmentsJson,
    "timeline": tuple[TimelineEvent, ...],
    "topics": tuple[TopicCount, ...],
    "glossary": tuple[GlossaryJson, ...],
    "glossary-term": GlossaryJson,
    "sources": tuple[ListedSource, ...],
    "sources-check": SourceCheck,
    "validate": Validation,
    "compare": Comparison,
    "list-at": tuple[EntryAt, ...],
    "show-at": EntryAt,
}


def output_schema() -> dict[str, Any]:
    """The JSON Schema of every command's --json: ``#/$defs/show`` is `show --json`, and so on.

    Every key of an output object is always there (null or [] when empty), so every property
    is required. `export --format json` writes a data file: see :func:`data_schema`.
    """
    schemas, components = msgspec.json.schema_components(OUTPUTS.values(), ref_template="#/$defs/{name}")
    for record in components.values():
        if "properties" in record:
            record["required"] = list(record["properties"])
    commands = dict(zip(OUTPUTS, schemas, strict=True))
    usage = {
        "compare": "compare A B",
        "show": "show ID",
        "search": "search QUERY",
        "glossary-term": "glossary TERM",
        "sources-check": "sources --check",
    }
    for name, schema in commands.items():
        schema["description"] = f"kzreforms {usage.get(name, name)} --json"
    return {
        "$schema": OUTPUT_DIALECT,
        "title": "kzreforms --json output",
        "description": (
            "The output of a kzreforms command's --json: one of the definitions named after the "
            "commands (#/$defs/show is `kzreforms show ID --json`). Keys come in the order of the "
            "model's fields; docs/json.md documents them. `export --format json` "
            "writes a data file, described by `kzreforms schema`."
        ),
        "anyOf": [{"$ref": f"#/$defs/{name}"} for name in commands],
        "$defs": {**commands, **components},
    }


SCHEMAS = {"data": data_schema, "json": output_schema}
