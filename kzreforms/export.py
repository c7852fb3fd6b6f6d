"""The documented JSON shapes, and the exports: TOML (tomli-w), JSON, CSV and Markdown.

JSON is built from plain dicts with ``json.dumps``, never through Rich; the key order of
every object is the order of the fields in model.py, and docs/json.md
documents it. The exports are derived from the declared fields: a field added to a record
appears in every export without a change here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from . import formats
from ._msgspec import msgspec
from .formats import visible
from .model import (
    Assessment,
    Dataset,
    Event,
    Figure,
    GlossaryTerm,
    Measure,
    Rating,
    Reform,
    Score,
    Source,
    Step,
    Threshold,
)
from .validation import dataset_record, record

if TYPE_CHECKING:
    from .compare import Comparison, Side, Value
    from .model import Number
    from .query import Dated, SourceProblem
    from .search import Hit

# Characters JSON or TOML may carry raw but a terminal would obey: C1 controls and
# bidirectional formatting (C0 controls are escaped by json and tomli-w themselves). They are
# written as \uXXXX escapes, so the data stays exact but inert.
_INERT = {code: f"\\u{code:04x}" for code in formats.UNSAFE if code >= 0x7F} | {
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def dumps_json(value: object, ascii_only: bool = False) -> str:
    """Indented JSON, UTF-8 text kept readable, control characters escaped; ends with a newline.

    ``ascii_only`` escapes every non-ASCII character, for an output that cannot encode them.
    """
    import json

    return json.dumps(value, ensure_ascii=ascii_only, indent=2, allow_nan=False).translate(_INERT) + "\n"


# --------------------------------------------------------------------------------------
# The JSON shapes of the commands' --json
# --------------------------------------------------------------------------------------


def change_json(threshold: Threshold) -> dict[str, Any] | None:
    change = threshold.change
    return None if change is None else {"amount": change.amount, "unit": change.unit}


def threshold_json(threshold: Threshold) -> dict[str, Any]:
    """A threshold with every field, and its computed ``change``."""
    plain: dict[str, Any] = record(threshold)
    plain["change"] = change_json(threshold)
    return plain


def source_json(key: str, source: Source, number: int | None = None) -> dict[str, Any]:
    head: dict[str, Any] = {"number": number} if number is not None else {}
    return {**head, "key": key, **record(source)}


def reform_json(reform: Reform, sources: Mapping[str, Source]) -> dict[str, Any]:
    """One entry in the documented JSON shape: every field, then its sources, numbered as `show` numbers them."""
    from .cite import numbered

    plain: dict[str, Any] = record(reform)
    plain["thresholds"] = [threshold_json(threshold) for threshold in reform.thresholds]
    plain["sources"] = [source_json(key, sources[key], number) for key, number in numbered(reform).items()]
    return plain


def event_json(event: Dated) -> dict[str, Any]:
    """A dated event for the timeline: ``reform`` is the entry's id, null for context."""
    return {"date": event.date, "text": event.text, "sources": list(event.sources), "reform": event.reform}


def hit_json(hit: Hit, sources: Mapping[str, Source]) -> dict[str, Any]:
    """A search hit: the entry's JSON, then how it matched."""
    plain = reform_json(hit.reform, sources)
    plain["match"] = {
        "score": hit.score,
        "field": hit.snippet.field,
        "snippet": hit.snippet.text,
        "spans": [list(span) for span in hit.snippet.spans],
        "missing": list(hit.missing),
    }
    return plain


def topics_json(counts: Mapping[str, list[int]]) -> list[dict[str, Any]]:
    """`topics --json`: each topic, how many entries have it, and their ids."""
    return [{"topic": topic, "count": len(ids), "ids": ids} for topic, ids in counts.items()]


def glossary_json(terms: Sequence[GlossaryTerm], used_in: Mapping[str, list[int]]) -> list[dict[str, Any]]:
    """`glossary --json`: each term's fields, and the ids of the entries that use it."""
    return [{**record(term), "used_in": used_in[term.term]} for term in terms]


def sources_json(sources: Mapping[str, Source], cited_by: Mapping[str, list[int]]) -> list[dict[str, Any]]:
    """`sources --json`: each source with its key, its fields, and the ids of the entries that cite it."""
    return [{**source_json(key, source), "cited_by": cited_by[key]} for key, source in sources.items()]


def validation_json(file: str, entries: int | None, problems: Sequence[str]) -> dict[str, Any]:
    """`validate --json`: the file, whether it is valid, its entries (null when not), every problem."""
    return {"file": file, "ok": not problems, "entries": entries, "problems": list(problems)}


def source_check_json(sources: int, problems: Sequence[SourceProblem]) -> dict[str, Any]:
    """`sources --check --json`: how many sources, whether all pass, and every problem found."""
    return {
        "sources": sources,
        "ok": not problems,
        "problems": [{"key": p.key, "problem": p.problem, "message": p.line()} for p in problems],
    }


def assessments_json(dataset: Dataset) -> dict[str, Any]:
    """`assessments --json`: every rating with its scores, and every assessment of an entry by date."""
    from .query import assessed

    return {
        "ratings": [record(rating) for rating in dataset.ratings],
        "assessments": [
            {**record(assessment), "reform": reform.id} for reform, assessment in assessed(dataset)
        ],
    }


def thresholds_rows(reforms: Sequence[Reform]) -> list[dict[str, Any]]:
    """One row per threshold, ready for a chart: the entry's id and title, then the threshold."""
    return [
        {"reform": reform.id, "reform_title": reform.title, **threshold_json(threshold)}
        for reform in reforms
        for threshold in reform.thresholds
    ]


# --------------------------------------------------------------------------------------
# Exports: the same dataset as TOML, JSON, CSV or Markdown
# --------------------------------------------------------------------------------------


def _keep_required(value: Any, plain: Any) -> Any:
    """``plain`` (a record with its empty fields left out) with its required fields put back.

    A required field may be empty: an export with no entries still has ``reforms = []``,
    else the loader would refuse the file for missing it.
    """
    if isinstance(value, msgspec.Struct) and isinstance(plain, dict):
        kept = {name: _keep_required(getattr(value, name), item) for name, item in plain.items()}
        for field in msgspec.structs.fields(value):
            if field.required and field.name not in kept:
                kept[field.name] = record(getattr(value, field.name))
        return kept
    if isinstance(value, tuple | list) and isinstance(plain, list):
        return [_keep_required(item, part) for item, part in zip(value, plain, strict=True)]
    if isinstance(value, dict) and isinstance(plain, dict):
        return {key: _keep_required(value[key], part) for key, part in plain.items()}
    return plain


def file_record(dataset: Dataset) -> dict[str, Any]:
    """The dataset in the data file's schema: empty optional fields left out, required ones kept."""
    plain: dict[str, Any] = _keep_required(dataset, dataset_record(dataset))
    return plain


def to_toml(dataset: Dataset) -> str:
    """The dataset in exactly the schema of data/reforms.toml, written by tomli-w."""
    import tomli_w

    return tomli_w.dumps(file_record(dataset)).translate(_INERT)


def to_json(dataset: Dataset) -> str:
    """The dataset in the data file's schema as JSON, which `--data` reads back: the values that
    are not given left out, as in the file, but every list kept, an empty one as ``[]``, so that
    a table built from it (``pandas.json_normalize``) finds every list it names."""
    return dumps_json(_without_nulls(record(dataset)))


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _without_nulls(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_without_nulls(item) for item in value]
    return value


# A spreadsheet treats a cell starting with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# The tables of the SQLite export, in its order; `export --format csv --table NAME` gives each
# with the same columns (tests/test_export.py checks both lists against :func:`sqlite_tables`).
CSV_TABLES = (
    "entries",
    "thresholds",
    "steps",
    "figures",
    "measures",
    "assessments",
    "events",
    "ratings",
    "scores",
    "sources",
    "topics",
    "citations",
    "glossary",
    "meta",
)


def _cell(value: Any) -> str:
    """A value as CSV cell text: lists joined by '; ', records as 'field: value' pairs."""
    if value is None:
        return ""
    if isinstance(value, msgspec.Struct):
        return "; ".join(
            f"{name}: {_cell(item)}" for name, item in _flat(value) if item not in (None, "", ())
        )
    if isinstance(value, tuple | list):
        if value and isinstance(value[0], msgspec.Struct):
            return "\n".join(_cell(item) for item in value)
        return "; ".join(_cell(item) for item in value)
    if isinstance(value, float | int) and not isinstance(value, bool):
        return repr(value) if isinstance(value, float) and not value.is_integer() else str(int(value))
    return str(value)


def _flat(value: msgspec.Struct, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """A record's fields, a nested record's as 'before.text', 'before.sources', …"""
    for name in value.__struct_fields__:
        item = getattr(value, name)
        if isinstance(item, msgspec.Struct):
            yield from _flat(item, f"{prefix}{name}.")
        else:
            yield f"{prefix}{name}", item


def _csv_safe(value: Any) -> str:
    """A cell's text; text (never a number) that a spreadsheet would run as a formula starts with "'"."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _cell(value)
    text = visible(_cell(value))
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(dataset: Dataset, table: str = "entries", bom: bool = False) -> str:
    """One table of the SQLite export as CSV: its columns, in its order, then one row per row.

    The columns and rows are those of :func:`sqlite_tables`, declared once for both; the data's
    ``as_of`` is in the ``meta`` table. UTF-8 (with a byte-order mark only when ``bom``), quoted
    as needed, CRLF line ends as RFC 4180 asks; cells that a spreadsheet would take for a formula
    start with "'".
    """
    return csv_table(dataset, table, bom)[0]


def csv_table(dataset: Dataset, table: str = "entries", bom: bool = False) -> tuple[str, int]:
    """:func:`to_csv`'s text, and how many rows it has (for `export`'s last line)."""
    import csv
    import io

    definitions, rows = sqlite_tables(dataset)[table]
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL)
    writer.writerow(_names(definitions))
    writer.writerows([_csv_safe(cell) for cell in row] for row in rows)
    return ("\ufeff" if bom else "") + buffer.getvalue(), len(rows)


def _names(definitions: Sequence[str]) -> list[str]:
    """The column names among a table's definitions ('"id" INTEGER PRIMARY KEY' -> 'id')."""
    return [definition.split('"')[1] for definition in definitions if definition.startswith('"')]


def _dated(columns: Sequence[str]) -> list[str]:
    """The date columns among ``columns``: those with a ``*_precision`` twin."""
    return [column[: -len("_precision")] for column in columns if column.endswith("_precision")]


def _write_csv(
    columns: Sequence[str], rows: Iterable[Mapping[str, Any]], as_of: str, bom: bool = False
) -> str:
    """A header row, then one row per item with the data's ``as_of`` last (see :func:`to_csv`)."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL)
    writer.writerow([*columns, "as_of"])
    for row in rows:
        row = {**row, **{f"{name}_precision": _precision(row.get(name)) for name in _dated(columns)}}
        writer.writerow([*(_csv_safe(row.get(column)) for column in columns), as_of])
    return ("\ufeff" if bom else "") + buffer.getvalue()


def timeline_csv(events: Sequence[Dated], as_of: str) -> str:
    """`timeline --csv`: the events of `timeline --json` in order, each date beside its precision,
    with ``kind`` "entry" or "context" (``reform`` is empty for context)."""
    rows = [event_json(event) | {"kind": "context" if event.reform is None else "entry"} for event in events]
    return _write_csv(["date", "date_precision", "text", "sources", "reform", "kind"], rows, as_of)


def thresholds_csv(reforms: Sequence[Reform], as_of: str, bom: bool = False) -> str:
    """`thresholds --csv`: the ``thresholds`` table of ``reforms`` (their steps are the ``steps``
    table, their sources in ``citations``), the same as `export --format csv --table thresholds`."""
    return to_csv(Dataset(as_of=as_of, sources={}, reforms=tuple(reforms)), "thresholds", bom)


def ratings_csv(dataset: Dataset) -> str:
    """`assessments --csv`: one row per edition of a rating, the rating's fields first, then the
    edition's (the ``ratings`` and ``scores`` tables joined, with each edition's sources)."""
    kept = [name for name in Rating.__struct_fields__ if name != "scores"]
    columns = [*kept, *Score.__struct_fields__]
    rows = (
        {
            **{name: getattr(rating, name) for name in kept},
            **{name: getattr(score, name) for name in Score.__struct_fields__},
        }
        for rating in dataset.ratings
        for score in rating.scores
    )
    return _write_csv(columns, rows, dataset.as_of)


# --------------------------------------------------------------------------------------
# compare: two days side by side
# --------------------------------------------------------------------------------------


def _side_json(side: Side) -> dict[str, Any]:
    from .compare import side_words

    return {
        "state": side.state,
        "since": side.since,
        "replaced_by": side.by.id if side.by is not None else None,
        "text": side_words(side),
        "rule": record(side.rule) if side.rule is not None else None,
        "by_then": record(side.by_then) if side.by_then is not None else None,
    }


def _value_json(value: Value) -> Number | None:
    return value.value if value.known else None


def at_json(reform: Reform, side: Side, sources: Mapping[str, Source]) -> dict[str, Any]:
    """`show ID --at DATE --json` (and each item of `list --at`): the entry, then ``at``: its rule on
    that day and its numbers then."""
    from .compare import value_words

    plain = reform_json(reform, sources)
    plain["at"] = {
        "day": side.day,
        **_side_json(side),
        "thresholds": [
            {
                "label": value.threshold.label,
                "unit": value.threshold.unit,
                "value": _value_json(value),
                "text": value_words(value, side.state),
            }
            for value in side.values
        ],
    }
    return plain


def comparison_json(result: Comparison, sources: Mapping[str, Source]) -> dict[str, Any]:
    """`compare --json`: the two days, each subject's entries with both sides and their numbers,
    the entries left out for want of a date, and every source the sides cite (docs/json.md)."""
    from .compare import cited as side_sources
    from .compare import values_words

    cited: dict[str, None] = {}
    subjects = []
    for name, rows in result.by_subject:
        entries = []
        for row in rows:
            for side in (row.first, row.second):
                cited.update(dict.fromkeys(side_sources(side)))
                cited.update(dict.fromkeys(side.by_then.sources if side.by_then else ()))
            cited.update(dict.fromkeys(key for t in row.reform.thresholds for key in t.sources))
            numbers = [
                {
                    "label": a.threshold.label,
                    "unit": a.threshold.unit,
                    "first": _value_json(a),
                    "second": _value_json(b),
                    "text": values_words(a, b, row.first.state, row.second.state),
                }
                for a, b in zip(row.first.values, row.second.values, strict=True)
            ]
            entries.append(
                {
                    "id": row.reform.id,
                    "title": row.reform.title,
                    "changed": row.differs,
                    "first": _side_json(row.first),
                    "second": _side_json(row.second),
                    "thresholds": numbers,
                }
            )
        subjects.append({"subject": name, "entries": entries})
    return {
        "first": result.first,
        "second": result.second,
        "all": result.everything,
        "subjects": subjects,
        "date_not_stated": [reform.id for reform in result.undated],
        "sources": [source_json(key, sources[key]) for key in cited if key in sources],
    }


def comparison_csv(result: Comparison, bom: bool = False) -> str:
    """`compare --csv`: one row per entry (what = rule) and per threshold (what = its label)."""
    from .compare import side_words, value_words

    columns = [
        "subject",
        "reform",
        "reform_title",
        "what",
        "first_date",
        "first",
        "second_date",
        "second",
        "changed",
    ]
    rows = []
    for name, grouped in result.by_subject:
        for row in grouped:
            head = {"subject": name, "reform": row.reform.id, "reform_title": row.reform.title}
            dates = {"first_date": result.first, "second_date": result.second}
            rows.append(
                {**head, "what": "rule", **dates, "first": side_words(row.first),
                 "second": side_words(row.second), "changed": "yes" if row.differs else "no"}
            )  # fmt: skip
            for a, b in zip(row.first.values, row.second.values, strict=True):
                changed = (a.value, a.known) != (b.value, b.known)
                rows.append(
                    {**head, "what": a.threshold.label, **dates, "first": value_words(a, row.first.state),
                     "second": value_words(b, row.second.state), "changed": "yes" if changed else "no"}
                )  # fmt: skip
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL)
    writer.writerow(columns)
    for item in rows:
        writer.writerow([_csv_safe(item[column]) for column in columns])
    return ("\ufeff" if bom else "") + buffer.getvalue()


# Characters that mean something anywhere in a line ("&" starts an entity such as &amp;) ...
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#~&])")
# ... and at the start of a line, where they begin a list, a heading underline or a rule.
_MARKDOWN_LINE_START = re.compile(r"^(?:([-+=])|([0-9]+)([.)]))", re.M)


def _md(value: str) -> str:
    """Text safe in Markdown: shown as written, specials escaped, line breaks kept as breaks.

    Spaces at the start of a line are dropped: Markdown would drop them too, or read the
    line as code, where escapes are shown as they are.
    """
    text = re.sub(r"^ +", "", visible(value.replace("\r\n", "\n")), flags=re.M)
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    escaped = _MARKDOWN_LINE_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", escaped)
    return escaped.replace("\n", "  \n")


def _md_url(url: str) -> str:
    return "<" + visible(url).replace("<", "%3C").replace(">", "%3E").replace(" ", "%20") + ">"


def _status(reform: Reform) -> str:
    """'in force, from 8 Jun 2022', 'replaced, from 2022, replaced by entry 29',
    'not known (in force from 8 Jun 2022; its text replaced by entry 28)'."""
    status: str = reform.status
    if reform.status == "not known":
        known = []
        if reform.in_force:
            known.append(f"in force from {formats.date(reform.in_force)}")
        if reform.replaced_by is not None:
            known.append(f"its text replaced by entry {reform.replaced_by}")
        status += f" ({'; '.join(known)})" if known else ""
    else:
        if reform.in_force:
            status += f", from {formats.date(reform.in_force)}"
        if reform.replaced_by is not None:
            status += f", replaced by entry {reform.replaced_by}"
    return status


def _reform_markdown(reform: Reform, sources: Mapping[str, Source]) -> list[str]:
    from .cite import numbered

    numbers = numbered(reform)

    def cites(keys: Sequence[str]) -> str:
        return " " + "".join(f"[{numbers[key]}]" for key in keys) if keys else ""

    lines = [f"### {reform.id}. {_md(reform.title)}", "", f"- Status: {_md(_status(reform))}"]
    if reform.aliases:
        lines.append(f"- Also known as: {_md('; '.join(reform.aliases))}")
    lines.append(f"- Topics: {_md(', '.join(reform.topics))}")
    if reform.legal_basis:
        lines.append(f"- Legal basis: {_md('; '.join(reform.legal_basis))}")
    for label, rule in (("Before", reform.before), ("After", reform.after)):
        short = f" ({_md(rule.short)})" if rule.short else ""
        lines.append(f"- **{label}**{short}: {_md(rule.text)}{cites(rule.sources)}")
    sections: list[tuple[str, list[str]]] = [
        ("Thresholds", [
            f"{_md(t.label)}: {_md(formats.threshold_text(t))}{cites(t.sources)}"
            + ("; on the way: " if t.steps else "")
            + ", ".join(
                _md(formats.amount(s.value, t.unit)) + (f" ({_md(formats.date(s.date))})" if s.date else "")
                + cites(s.sources)
                for s in t.steps
            )
            for t in reform.thresholds
        ]),
        ("Figures", [
            f"{_md(f.label)}: {_md(formats.amount(f.value, f.unit))}"
            + (f" ({_md(formats.date(f.date))})" if f.date else "") + cites(f.sources)
            for f in reform.figures
        ]),
        ("Further measures", [_md(m.text) + cites(m.sources) for m in reform.measures]),
        ("Dates", [f"{_md(formats.date(e.date))}: {_md(e.text)}{cites(e.sources)}" for e in reform.events]),
        ("Assessments", [
            f"{_md(a.by)}, {_md(formats.date(a.date))}: {_md(a.text)}{cites(a.sources)}" for a in reform.assessments
        ]),
    ]  # fmt: skip
    for name, value in formats.other_fields(reform):
        lines.append(f"- {name}: {_md(_cell(value))}")
    for heading, items in sections:
        if items:
            lines += ["", f"{heading}:", "", *(f"- {item}" for item in items)]
    lines += ["", "Sources:", ""]
    lines += [f"{number}. {_md_source(key, sources[key])}" for key, number in numbers.items()]
    return [*lines, ""]


def _md_source(key: str, source: Source) -> str:
    date = formats.date(source.date) if source.date else None
    parts = [source.author, f'"{source.title}"', source.publisher, date]
    if source.law_number:
        parts.append(f"No. {source.law_number}")
    text = _md(", ".join(part for part in parts if part))
    text += f" ({_md(source.kind)}{', ' + _md(source.language) if source.language else ''}; key `{key}`)"
    return f"{text}, {_md_url(source.url)}" if source.url else text


def to_markdown(dataset: Dataset) -> str:
    """The whole dataset as a Markdown document: every entry with its numbered sources, then the rest."""
    from .query import by_period

    lines = ["# Kazakhstan's political reforms since 2019", ""]
    lines.append(f"Data as of {formats.date(dataset.as_of)} (schema version {dataset.schema_version}).")
    if dataset.license:
        lines.append(f"Licence: {_md(dataset.license)}.")
    lines.append("")
    for _, heading, members in by_period(dataset.reforms):
        lines += [f"## {_md(heading)}", ""]
        for reform in members:
            lines += _reform_markdown(reform, dataset.sources)
    if not dataset.reforms:
        lines += ["No entries.", ""]
    if dataset.context:
        lines += ["## Context", ""]
        for event in dataset.context:
            keys = ", ".join(f"`{key}`" for key in event.sources)
            lines.append(f"- {_md(formats.date(event.date))}: {_md(event.text)} (sources: {keys})")
        lines.append("")
    if dataset.glossary:
        lines += ["## Glossary", ""]
        for term in dataset.glossary:
            aliases = f" ({_md(', '.join(term.aliases))})" if term.aliases else ""
            lines.append(f"- **{_md(term.term)}**{aliases}: {_md(term.meaning)}")
        lines.append("")
    for rating in dataset.ratings:
        lines += [
            f"## {_md(rating.by)}: {_md(rating.title)}",
            "",
            f"{_md(rating.measure)}; {rating.better} is better.",
        ]
        lines += [_md(rating.covers), ""] if rating.covers else [""]
        for score in rating.scores:
            note = f" ({_md(score.note)})" if score.note else ""
            keys = ", ".join(f"`{key}`" for key in score.sources)
            lines.append(
                f"- {score.edition}: {_md(formats.amount(score.value, rating.unit))}{note} (sources: {keys})"
            )
        lines.append("")
    if dataset.sources:
        lines += ["## All sources", ""]
        lines += [f"- `{key}`: {_md_source(key, source)}" for key, source in dataset.sources.items()]
        lines.append("")
    return "\n".join(lines)


def render_export(dataset: Dataset, format_name: str, table: str = "entries", bom: bool = False) -> str:
    if format_name == "csv":
        return to_csv(dataset, table, bom)
    exporters = {"toml": to_toml, "json": to_json, "markdown": to_markdown}
    return exporters[format_name](dataset)


# --------------------------------------------------------------------------------------
# SQLite: one table per record type, with primary and foreign keys
# --------------------------------------------------------------------------------------

# The tables of a record type inside another, by field name: (table, its parent's key column).
_PARENT_KEYS: dict[type, str] = {Reform: "entry_id", Threshold: "threshold_id", Rating: "rating_id"}


def _precision(date: str | None) -> str | None:
    """ "year", "month" or "day": how much of an ISO date the source gives."""
    if date is None:
        return None
    return ("year", "month", "day")[min(date.count("-"), 2)]


def _is_date(kind: type, name: str) -> bool:
    from .model import roles

    return (name, "date") in roles(kind)


def _sql_type(info: Any) -> str:
    """INTEGER, REAL or TEXT for a field's msgspec type (a list of values is TEXT, joined by '; ')."""
    while isinstance(info, msgspec.inspect.Metadata):
        info = info.type
    if isinstance(info, msgspec.inspect.UnionType):
        kinds = {
            _sql_type(member) for member in info.types if not isinstance(member, msgspec.inspect.NoneType)
        }
        return "INTEGER" if kinds == {"INTEGER"} else "REAL" if kinds <= {"INTEGER", "REAL"} else "TEXT"
    if isinstance(info, msgspec.inspect.IntType):
        return "INTEGER"
    return "REAL" if isinstance(info, msgspec.inspect.FloatType) else "TEXT"


def _member_struct(info: Any) -> type | None:
    """The record type of a field that holds a list of records, else None."""
    while isinstance(info, msgspec.inspect.Metadata):
        info = info.type
    if isinstance(info, msgspec.inspect.VarTupleType) and isinstance(
        info.item_type, msgspec.inspect.StructType
    ):
        cls: type = info.item_type.cls
        return cls
    return None


def _columns(kind: type, prefix: str = "") -> Iterator[tuple[str, str]]:
    """(column, SQL type) of a record's own fields: nested records' as 'before_text', a date's
    with its '_precision' twin; not its sources (the citations table) nor its lists of records."""
    for field in msgspec.inspect.type_info(kind).fields:  # type: ignore[attr-defined]
        info = field.type
        while isinstance(info, msgspec.inspect.Metadata):
            info = info.type
        if field.name == "sources" or _member_struct(info) is not None:
            continue
        if isinstance(info, msgspec.inspect.StructType):
            yield from _columns(info.cls, f"{prefix}{field.name}_")
            continue
        yield f"{prefix}{field.name}", _sql_type(info)
        if _is_date(kind, field.name):
            yield f"{prefix}{field.name}_precision", "TEXT"


def _row(value: msgspec.Struct, prefix: str = "") -> dict[str, Any]:
    row: dict[str, Any] = {}
    for name in value.__struct_fields__:
        item = getattr(value, name)
        if name == "sources" or (type(item) is tuple and item and isinstance(item[0], msgspec.Struct)):
            continue
        if isinstance(item, msgspec.Struct):
            row |= _row(item, f"{prefix}{name}_")
        elif type(item) is tuple:
            row[f"{prefix}{name}"] = "; ".join(str(part) for part in item) if item else None
        else:
            row[f"{prefix}{name}"] = item
            if _is_date(type(value), name):
                row[f"{prefix}{name}_precision"] = _precision(item)
    return row


def sqlite_tables(dataset: Dataset) -> dict[str, tuple[list[str], list[tuple[Any, ...]]]]:
    """Each table of the SQLite export: its column definitions (with keys) and its rows.

    ``entries`` (by ``id``) and ``sources`` (by ``key``); each list of records inside an entry
    (``thresholds``, ``figures``, ``measures``, ``events``, ``assessments``), inside a
    threshold (``steps``) and inside a rating (``scores``) a table with an ``id``, its parent's
    id (``entry_id``, ``threshold_id``, ``rating_id``) and its ``position`` there; ``ratings``; ``events`` also holds the context, with no
    ``entry_id`` and the ``kind`` "context"; ``topics`` (entry, topic); ``citations``, each
    fact's sources: the table and id of the record, the ``field`` ("before", "after", or ""
    for the record itself), the source key and its position; ``glossary``; ``meta``.
    """
    tables: dict[str, tuple[list[str], list[tuple[Any, ...]]]] = {}
    rows: dict[str, list[dict[str, Any]]] = {}
    citations: list[tuple[Any, ...]] = []

    def cite(table: str, record_id: Any, field: str, keys: Sequence[str]) -> None:
        citations.extend((table, record_id, field, key, position) for position, key in enumerate(keys, 1))

    def children(kind: type, parent: msgspec.Struct, parent_id: Any) -> None:
        for field in msgspec.inspect.type_info(kind).fields:  # type: ignore[attr-defined]
            member = _member_struct(field.type)
            if member is None:
                continue
            for position, item in enumerate(getattr(parent, field.name), start=1):
                table = rows.setdefault(field.name, [])
                item_id = len(table) + 1
                row = {"id": item_id, _PARENT_KEYS[kind]: parent_id, "position": position}
                if member is Event:
                    row["kind"] = "entry"
                row |= _row(item)
                if isinstance(item, Threshold):
                    change = item.change
                    row["change"] = None if change is None else change.amount
                    row["change_unit"] = None if change is None else change.unit
                table.append(row)
                cite(field.name, item_id, "", item.sources)
                children(member, item, item_id)

    for reform in dataset.reforms:
        rows.setdefault("entries", []).append(_row(reform))
        cite("entries", reform.id, "before", reform.before.sources)
        cite("entries", reform.id, "after", reform.after.sources)
        children(Reform, reform, reform.id)
    for number, rating in enumerate(dataset.ratings, start=1):
        rows.setdefault("ratings", []).append({"id": number} | _row(rating))
        children(Rating, rating, number)
    events = rows.setdefault("events", [])
    for position, event in enumerate(dataset.context, start=1):
        events.append(
            {"id": len(events) + 1, "entry_id": None, "position": position, "kind": "context"} | _row(event)
        )
        cite("events", len(events), "", event.sources)

    def define(name: str, kind: type, head: Sequence[str], key: str = "", extra: Sequence[str] = ()) -> None:
        """The table of a record type: ``head``, then its fields' columns (``key`` the primary key)."""
        own = [
            f'"{column}" {sql}' + (" PRIMARY KEY" if column == key else "") for column, sql in _columns(kind)
        ]
        columns = [*head, *own, *extra]
        names = _names(columns)
        tables[name] = (columns, [tuple(row.get(column) for column in names) for row in rows.get(name, [])])

    identity = [
        '"id" INTEGER PRIMARY KEY',
        '"entry_id" INTEGER REFERENCES entries(id)',
        '"position" INTEGER NOT NULL',
    ]
    define("entries", Reform, [], key="id")
    define("thresholds", Threshold, identity, extra=['"change" REAL', '"change_unit" TEXT'])
    step_identity = [
        '"id" INTEGER PRIMARY KEY',
        '"threshold_id" INTEGER REFERENCES thresholds(id)',
        identity[2],
    ]
    define("steps", Step, step_identity)
    for name, kind in (("figures", Figure), ("measures", Measure), ("assessments", Assessment)):
        define(name, kind, identity)
    define("events", Event, [*identity, '"kind" TEXT NOT NULL'])
    define("ratings", Rating, ['"id" INTEGER PRIMARY KEY'])
    score_identity = ['"id" INTEGER PRIMARY KEY', '"rating_id" INTEGER REFERENCES ratings(id)', identity[2]]
    define("scores", Score, score_identity)
    rows["sources"] = [{"key": key} | _row(source) for key, source in dataset.sources.items()]
    define("sources", Source, ['"key" TEXT PRIMARY KEY'])
    tables["topics"] = (
        [
            '"entry_id" INTEGER NOT NULL REFERENCES entries(id)',
            '"topic" TEXT NOT NULL',
            "PRIMARY KEY (entry_id, topic)",
        ],
        [(reform.id, topic) for reform in dataset.reforms for topic in dict.fromkeys(reform.topics)],
    )
    tables["citations"] = (
        ['"record_table" TEXT NOT NULL', '"record_id" NOT NULL', '"field" TEXT NOT NULL',
         '"source_key" TEXT NOT NULL REFERENCES sources(key)', '"position" INTEGER NOT NULL',
         'PRIMARY KEY (record_table, record_id, field, position)'],
        citations,
    )  # fmt: skip
    rows["glossary"] = [_row(term) for term in dataset.glossary]
    define("glossary", GlossaryTerm, [], key="term")
    tables["meta"] = (
        ['"key" TEXT PRIMARY KEY', '"value"'],
        [("as_of", dataset.as_of), ("license", dataset.license), ("schema_version", dataset.schema_version)],
    )
    return tables


def fill_sqlite(connection: Any, dataset: Dataset) -> None:
    """Create and fill the tables of :func:`sqlite_tables` in an empty database, and ``entries_fts``
    (a full-text index of the entries' titles and rules) where the SQLite in use has FTS5."""
    connection.execute("PRAGMA foreign_keys = ON")
    for name, (columns, table_rows) in sqlite_tables(dataset).items():
        connection.execute(f'CREATE TABLE "{name}" ({", ".join(columns)})')
        if table_rows:
            marks = ", ".join("?" * len(table_rows[0]))
            connection.executemany(f'INSERT INTO "{name}" VALUES ({marks})', table_rows)
    try:
        connection.execute(
            "CREATE VIRTUAL TABLE entries_fts USING fts5"
            "(title, aliases, before_text, after_text, content='entries', content_rowid='id')"
        )
    except Exception as error:
        if "fts5" not in str(error):
            raise
    else:
        connection.execute("INSERT INTO entries_fts(entries_fts) VALUES ('rebuild')")
    connection.commit()


def write_sqlite(dataset: Dataset, path: Any, force: bool = False) -> None:
    """The SQLite database of :func:`fill_sqlite` at ``path``, written as every export is (a
    temporary file beside it, synced, then renamed; never a clobber without ``force``)."""
    import os
    import sqlite3

    from .files import write_atomic_with

    def write(handle: int, temporary: str) -> None:
        os.close(handle)
        connection = sqlite3.connect(temporary)
        try:
            fill_sqlite(connection, dataset)
        except sqlite3.Error as error:
            raise OSError(str(error)) from None
        finally:
            connection.close()
        with open(temporary, "rb+") as stream:
            os.fsync(stream.fileno())

    write_atomic_with(path, write, force)
