"""A parsed document -> a validated Dataset, and a Dataset -> plain records. Derived from model.py.

:func:`build` converts the document with msgspec in one call; only when that fails does it
convert record by record, so that ``validate`` can list every problem, each on one line
naming the entry and the field. The checks that span records (unique ids, source keys that
exist, real calendar dates, …) walk the declared fields; none of this module names a field
of an entry, so a field added to the model is validated, exported and cached without a
change here.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Iterator, Mapping
from typing import Annotated, Any, get_args, get_origin, get_type_hints

from . import model
from ._msgspec import msgspec
from .errors import DataError
from .model import Dataset, Reform

# --------------------------------------------------------------------------------------
# msgspec's messages, in the words of the data file
# --------------------------------------------------------------------------------------

_TYPE_WORDS = {
    "int": "an integer",
    "float": "a number",
    "int | float": "a number",
    "str": "a string",
    "bool": "a boolean",
    "array": "a list",
    "object": "a table",
    "null": "nothing",
    "date": "a date",
    "datetime": "a date and time",
    "time": "a time",
}


def _pattern(declared: Any) -> str:
    """The pattern of an ``Annotated[str, Meta(pattern=...)]``."""
    return str(get_args(declared)[1].pattern)


_PATTERNS = {
    _pattern(model.IsoDate): 'must be a date like "2022", "2022-06" or "2022-06-05"',
    _pattern(model.Key): "must be a source key, made of lower-case letters, digits, '.', '_' and '-'",
    _pattern(model.Url): 'must be a full address that starts with "https://" or "http://"',
    _pattern(model.Language): 'must be an ISO 639 code of 2 or 3 lower-case letters, like "en", "ru" or "kk"',
    model._NOT_BLANK: "must not be empty",
}
_CHOICES = {"kind": model.SOURCE_KINDS, "status": model.STATUSES, "period": tuple(model.PERIODS)}
_MESSAGE = re.compile(r"^(?P<message>.*?)(?: - at `(?P<path>[^`]*)`(?: in `(?P<outer>[^`]*)`)?)?$", re.S)


def _type_word(name: str) -> str:
    """msgspec's name of a type in the data file's words: 'int | float | null' -> 'a number'."""
    if name.endswith(" | null"):  # an optional field: what it must be when it is there
        name = name.removesuffix(" | null")
    return _TYPE_WORDS.get(name, name)


def _path(path: str) -> str:
    """'$.thresholds[0].sources' -> 'thresholds[1].sources' (positions count from 1)."""
    inner = path.removeprefix("$").removeprefix(".")
    return re.sub(r"\[(\d+)\]", lambda match: f"[{int(match.group(1)) + 1}]", inner)


def _problem(error: msgspec.ValidationError, root: str = "") -> str:
    """One of msgspec's messages as a phrase about the field: "field 'after' must be a number, not string".

    ``root`` names the value that was converted, when it is a field of its own.
    """
    parts = _MESSAGE.match(str(error))
    assert parts is not None  # the pattern matches any text
    path = _path(parts["path"] or "")
    path = f"{root}{'.' if root and path and not path.startswith('[') else ''}{path}"
    message = parts["message"]
    parent, _, name = path.rpartition(".")
    where = f"{parent}: " if parent else ""
    item = re.search(r"\[(\d+)\]$", name)
    name = name[: item.start()] if item else name
    if found := re.fullmatch(r"Object missing required field `(.*)`", message):
        return f"{path + ': ' if path else ''}missing field '{found[1]}'"
    if found := re.fullmatch(r"Object contains unknown field `(.*)`", message):
        return f"{path + ': ' if path else ''}unknown key '{found[1]}'"
    field = f"{where}field '{name}'{f' (item {item[1]})' if item else ''}" if name else "the value"
    if found := re.fullmatch(r"Invalid enum value (.*)", message):
        choices = _CHOICES.get(name, ())
        return f"{field} must be one of {', '.join(repr(c) for c in choices)}, not {found[1]}"
    if found := re.fullmatch(r"Expected `(.*?)`, got `(.*)`", message):
        expected, got = found[1], found[2]
        if got in ("date", "datetime", "time") and _type_word(expected) == "a string":
            return f'{field} must be a quoted date like "2022-06-05", not a TOML {got}'
        return f"{field} must be {_type_word(expected)}, not {_type_word(got).split(' ', 1)[-1]}"
    if found := re.fullmatch(r"Expected `(.*?)` matching regex '(.*)'", message, re.S):
        pattern = found[2].encode().decode("unicode_escape") if "\\\\" in found[2] else found[2]
        return f"{field} {_PATTERNS.get(pattern, _PATTERNS.get(found[2], f'does not match {found[2]}'))}"
    if found := re.fullmatch(r"Expected `(str|array|object)` of length >= 1", message):
        return f"{field} must not be empty"
    if found := re.fullmatch(r"Expected `(str|array|object)` of length <= (\d+)", message):
        return f"{field} is longer than {int(found[2]):,} {'characters' if found[1] == 'str' else 'items'}"
    if found := re.fullmatch(r"Expected `(int|float)` ([<>]=) (.*)", message):
        if name == "id" or name.endswith("replaced_by"):
            return f"{field} must be a whole number from 1 to {model.MAX_ID}"
        if name == "schema_version" and found[2] == "<=":
            return (
                f"{field} is newer than this version of kzreforms reads (up to {model.SCHEMA_VERSION}):"
                " upgrade kzreforms"
            )
        if name == "schema_version":
            return f"{field} must be a whole number from 1 to {model.SCHEMA_VERSION}"
        return f"{field} must be a finite number from −10^15 to 10^15"
    return f"{where}{name + ': ' if name else ''}{message}"  # pragma: no cover - a message msgspec may add


# --------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------


def build(document: Any, name: str, strict: bool = False) -> Dataset:
    """Validate a parsed document and build the dataset, or raise DataError with every problem.

    ``strict`` (`kzreforms validate`) also refuses an entry without an ``in_force`` date, after
    every other problem; loading stays lenient, so that the other commands read such a file.
    """
    entries = document.get("reforms") if isinstance(document, dict) else None
    if isinstance(entries, list) and len(entries) > model.MAX_ENTRIES:  # refused, not ground through
        limit = f"more than the {model.MAX_ENTRIES:,} a data file may hold"
        raise DataError([f"{name}: {len(entries):,} entries, {limit}"])
    undated = _undated(entries, name) if strict and isinstance(entries, list) else []
    try:
        dataset = msgspec.convert(document, Dataset)
    except msgspec.ValidationError as error:
        raise DataError(
            (_every_problem(document, name) or [f"{name}: {_problem(error)}"]) + undated
        ) from None
    problems = list(_cross_checks(dataset, name)) + undated
    if problems:
        raise DataError(problems)
    return dataset


def _undated(entries: list[Any], name: str) -> list[str]:
    """An entry without an ``in_force`` date, unless its status says its rule never took effect."""
    return [
        f"{name}: {_label(table, position)}: missing field 'in_force': add the date its rule took effect,"
        ' as "2022-06-08", or "2022-06" or "2022" where the day is not known'
        for position, table in enumerate(entries, start=1)
        if isinstance(table, dict)
        and table.get("in_force") is None
        and table.get("status") not in model.NEVER_IN_FORCE
    ]


def _label(table: object, position: int) -> str:
    """'reform 3', or 'reform at position 3' when the entry has no usable id (missing, 0, 10**4000)."""
    raw_id = table.get("id") if isinstance(table, dict) else None
    if type(raw_id) is int and 1 <= raw_id <= model.MAX_ID:
        return f"reform {raw_id}"
    return f"reform at position {position}"


def _every_problem(document: object, name: str) -> list[str]:
    """Convert the document one record at a time, to name every problem and not only the first."""
    if not isinstance(document, dict):
        return [f"{name}: the document must be a table"]
    problems: list[str] = []
    hints = _hints(Dataset)
    for key in document:
        if key not in hints:
            problems.append(f"{name}: unknown key '{key}'")
    for field in msgspec.structs.fields(Dataset):
        if field.name not in document:
            if field.required:
                wanted = "[[reforms]] list" if field.name == "reforms" else f"field '{field.name}'"
                problems.append(f"{name}: missing the {wanted}")
            continue
        value = document[field.name]
        if field.name == "reforms" and isinstance(value, list):
            for position, table in enumerate(value, start=1):
                problems += _record_problems(table, Reform, f"{name}: {_label(table, position)}")
        elif field.name == "sources" and isinstance(value, dict):
            for key, table in value.items():
                where = f"{name}: sources: '{key}'"
                problems += [  # "…: sources: 'x y': the key must be …", whatever the file and key hold
                    where + problem.removeprefix(where).replace(": field 'key' ", ": the key ", 1)
                    for problem in _record_problems(key, model.Key, where, "key")
                ]
                problems += _record_problems(table, model.Source, where)
        elif isinstance(value, list) and (member := _member_type(hints[field.name])) is not None:
            for position, table in enumerate(value, start=1):
                problems += _record_problems(table, member, f"{name}: {field.name}[{position}]")
        else:
            problems += _record_problems(value, hints[field.name], name, field.name)
    return problems


def _member_type(declared: Any) -> type | None:
    """The record type of a field declared as a tuple of records (annotated or not), else None."""
    if get_origin(declared) is Annotated:
        declared = get_args(declared)[0]
    members = get_args(declared)
    if len(members) == 2 and members[1] is Ellipsis and isinstance(members[0], type):
        return members[0] if issubclass(members[0], msgspec.Struct) else None
    return None


def _record_problems(value: object, kind: Any, where: str, root: str = "") -> list[str]:
    """Every problem of one value: a record field by field, so that each wrong field is named."""
    if not (isinstance(value, dict) and isinstance(kind, type) and issubclass(kind, msgspec.Struct)):
        try:
            msgspec.convert(value, kind)
        except msgspec.ValidationError as error:
            return [f"{where}: {_problem(error, root)}"]
        return []
    inside = f"{root}: " if root else ""
    hints = _hints(kind)
    problems = [f"{where}: {inside}unknown key '{key}'" for key in value if key not in hints]
    for field in msgspec.structs.fields(kind):
        if field.name not in value:
            if field.required:
                problems.append(f"{where}: {inside}missing field '{field.name}'")
            continue
        item, declared = value[field.name], hints[field.name]
        path = f"{root}.{field.name}" if root else field.name
        member = _member_type(declared)
        if member is not None and isinstance(item, list):
            for position, each in enumerate(item, start=1):
                problems += _record_problems(each, member, where, f"{path}[{position}]")
        else:
            problems += _record_problems(item, declared, where, path)
    return problems


@functools.cache
def _hints(kind: type) -> dict[str, Any]:
    return get_type_hints(kind, include_extras=True)


def _walk(value: msgspec.Struct, path: str) -> Iterator[tuple[str, str, str, Any]]:
    """The dates and citations below a record: (path of its record, field name, role, value)."""
    for field, role in model.roles(type(value)):
        item = getattr(value, field)
        if role == "record":
            if item is not None:
                yield from _walk(item, f"{path}{field}.")
        elif role == "records":
            for position, member in enumerate(item, start=1):
                yield from _walk(member, f"{path}{field}[{position}].")
        else:
            yield path, field, role, item


def _real_date(value: str) -> bool:
    year, month, day = [*value.split("-"), "01", "01"][:3]
    try:
        datetime.date(int(year), int(month), int(day))
    except ValueError:
        return False
    return True


def _cross_checks(dataset: Dataset, name: str) -> Iterator[str]:
    """What no field's type can say: unique ids, known source keys, real dates, topics once each.

    ``replaced_by`` may name an entry that is not in the file (a filtered export keeps it);
    tests/test_content.py checks that the bundled data's all exist.
    """
    seen: dict[int, int] = {}
    for position, reform in enumerate(dataset.reforms, start=1):
        where = f"{name}: reform {reform.id}"
        if reform.id in seen:
            yield f"{where}: duplicate id (also at position {seen[reform.id]})"
        seen.setdefault(reform.id, position)
        yield from _record_checks(reform, where, dataset.sources)
        if reform.replaced_by == reform.id:
            yield f"{where}: field 'replaced_by' names the entry itself"
        if reform.status == "replaced" and reform.replaced_by is None:
            yield f"{where}: status 'replaced' needs the field 'replaced_by'"
        folded: set[str] = set()
        for topic in reform.topics:
            if topic.casefold() in folded:
                yield f"{where}: field 'topics' lists '{topic}' twice (topics ignore case)"
            folded.add(topic.casefold())
    yield from _replacement_dates(dataset, name)
    for position, event in enumerate(dataset.context, start=1):
        yield from _record_checks(event, f"{name}: context[{position}]", dataset.sources)
    for position, rating in enumerate(dataset.ratings, start=1):
        where = f"{name}: ratings[{position}]"
        yield from _record_checks(rating, where, dataset.sources)
        editions = [score.edition for score in rating.scores]
        for edition in sorted({edition for edition in editions if editions.count(edition) > 1}):
            yield f"{where}: edition {edition} is given twice"
    terms: set[str] = set()
    for position, term in enumerate(dataset.glossary, start=1):
        if term.term.casefold() in terms:
            yield f"{name}: glossary[{position}]: duplicate term '{term.term}'"
        terms.add(term.term.casefold())
    for key, source in dataset.sources.items():
        yield from _record_checks(source, f"{name}: sources: '{key}'", dataset.sources)
    if not _real_date(dataset.as_of):
        yield f"{name}: field 'as_of' is not a date in the calendar ({dataset.as_of})"


def _replacement_dates(dataset: Dataset, name: str) -> Iterator[str]:
    """A rule cannot be replaced before it took effect: an entry's ``replaced_by`` must not name an
    entry whose ``in_force`` is surely earlier than its own (each date at its own precision, so
    "2022" and "2022-06-08" agree). Either date may be missing in a user's own data."""
    by_id = {reform.id: reform for reform in dataset.reforms}
    for reform in dataset.reforms:
        other = by_id.get(reform.replaced_by) if reform.replaced_by is not None else None
        if other is None or other.in_force is None or reform.in_force is None:
            continue
        if not (_real_date(other.in_force) and _real_date(reform.in_force)):
            continue  # reported as a date that is not in the calendar
        if _last_day(other.in_force) < _first_day(reform.in_force):
            yield (
                f"{name}: reform {reform.id}: field 'replaced_by' names reform {other.id}, in force from "
                f"{other.in_force}, before this entry's in_force ({reform.in_force})"
            )


def _first_day(value: str) -> str:
    return (value + "-01-01")[:10] if len(value) == 4 else (value + "-01")[:10]


def _last_day(value: str) -> str:
    import calendar

    parts = [int(part) for part in value.split("-")]
    if len(parts) == 3:
        return value
    month = parts[1] if len(parts) == 2 else 12
    return f"{parts[0]:04d}-{month:02d}-{calendar.monthrange(parts[0], month)[1]:02d}"


def _record_checks(record: msgspec.Struct, where: str, sources: Mapping[str, object]) -> Iterator[str]:
    for inside, field, role, value in _walk(record, ""):
        path = f"{inside[:-1]}: " if inside else ""
        if role == "date":
            if value is not None and not _real_date(value):
                yield f"{where}: {path}field '{field}' is not a date in the calendar ({value})"
        else:
            for key in value:
                if key not in sources:
                    yield f"{where}: {path}field '{field}' cites an unknown source '{key}'"


# --------------------------------------------------------------------------------------
# Models -> plain records
# --------------------------------------------------------------------------------------


def record(value: Any, omit_empty: bool = False) -> Any:
    """A record as plain dicts, lists, strings and numbers, fields in declared order.

    ``omit_empty`` leaves out fields that are None or empty, as the data file does; without
    it every field is there (null or []), as the documented JSON shape promises.
    """
    if isinstance(value, msgspec.Struct):
        fields = ((field, record(getattr(value, field), omit_empty)) for field in value.__struct_fields__)
        return {
            field: item
            for field, item in fields
            if not (omit_empty and (item is None or item == [] or item == {}))
        }
    if isinstance(value, tuple | list):
        return [record(item, omit_empty) for item in value]
    if isinstance(value, dict):
        return {key: record(item, omit_empty) for key, item in value.items()}
    return value


def dataset_record(dataset: Dataset) -> dict[str, Any]:
    """The whole dataset in the data file's schema (TOML or JSON), empty fields left out."""
    plain: dict[str, Any] = record(dataset, omit_empty=True)
    return plain
