"""Hypothesis strategies for valid datasets, derived from the declarations in kzreforms/model.py.

:func:`for_type` walks ``msgspec.inspect.type_info`` of a record and builds a strategy from
what it finds: the fields of each Struct (optional ones sometimes left out), the
constraints of ``Annotated[..., Meta(...)]`` (lengths, patterns, ranges), Literal choices,
unions, tuples and dicts. Nothing here lists the fields of a record: a field added to
model.py is generated, with its constraints, without a change to this file.

Only the rules that span records are written by hand, in :func:`datasets`: a dataset is
generated first, then repaired, so that ids are unique, cited keys exist in the sources
table, ``replaced_by`` names another entry (and status "replaced" has one) that did not take
effect before it, dates are real calendar dates, topics are unique ignoring case, glossary
terms are unique and a rating gives each edition once.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

import msgspec
from hypothesis import strategies as st
from msgspec import inspect as mi

from kzreforms import model
from kzreforms.compare import span
from kzreforms.model import Dataset

# Generated sizes stay small, so that the suite stays fast; constraints still apply.
MAX_TEXT = 24  # characters of text with no tighter limit of its own
MAX_ITEMS = 3  # items of a tuple or a table

# Any character a UTF-8 data file can hold (no lone surrogates), with the characters that
# Markdown, CSV and spreadsheets treat specially drawn often.
SPECIAL = "=+-@*_`#<>&|[]\\!.)~:;\"' \t\n\r0123456789"
ALPHABET = st.sampled_from(SPECIAL) | st.characters(exclude_categories=["Cs"])

KEY = mi.type_info(model.Key)
DATE = mi.type_info(model.IsoDate)


def _string(info: mi.StrType) -> st.SearchStrategy[str]:
    low = info.min_length or 0
    high = info.max_length

    def fits(value: str) -> bool:
        return len(value) >= low and (high is None or len(value) <= high)

    if info.pattern is None:
        return st.text(ALPHABET, min_size=low, max_size=max(low, min(high or MAX_TEXT, MAX_TEXT)))
    if info.pattern.startswith("^"):
        # An anchored pattern: the whole value is generated from it.
        return st.from_regex(info.pattern, fullmatch=True, alphabet=ALPHABET).filter(fits)
    # A pattern that must occur somewhere (msgspec searches, it does not match the whole).
    pattern = re.compile(info.pattern)
    size = max(low, min(high or MAX_TEXT, MAX_TEXT))
    return st.text(ALPHABET, min_size=low, max_size=size).filter(lambda value: bool(pattern.search(value)))


def _number(info: mi.IntType | mi.FloatType) -> st.SearchStrategy[Any]:
    if isinstance(info, mi.IntType):
        if info.multiple_of is not None:
            raise TypeError(f"strategies.py: no strategy for multiple_of in {info!r}")
        low = info.ge if info.ge is not None else None if info.gt is None else info.gt + 1
        high = info.le if info.le is not None else None if info.lt is None else info.lt - 1
        return st.integers(min_value=low, max_value=high)
    return st.floats(
        min_value=info.ge if info.ge is not None else info.gt,
        max_value=info.le if info.le is not None else info.lt,
        exclude_min=info.gt is not None,
        exclude_max=info.lt is not None,
        allow_nan=False,
        allow_infinity=False,
    )


def _sized(info: mi.VarTupleType | mi.ListType | mi.DictType, full: bool) -> tuple[int, int]:
    low = max(info.min_length or 0, 1 if full else 0)
    high = min(info.max_length if info.max_length is not None else MAX_ITEMS, MAX_ITEMS)
    return low, max(low, high)


def _struct(info: mi.StructType, full: bool) -> st.SearchStrategy[Any]:
    required = {field.name: for_type(field.type, full) for field in info.fields if field.required or full}
    optional = {
        field.name: for_type(field.type, full) for field in info.fields if not (field.required or full)
    }
    cls = info.cls
    return st.fixed_dictionaries(required, optional=optional).map(lambda fields: cls(**fields))


def for_type(info: mi.Type, full: bool = False) -> st.SearchStrategy[Any]:
    """A strategy for values of a type described by msgspec.inspect, within its constraints.

    ``full`` fills everything: every optional field, never None, no empty list or table.
    """
    if isinstance(info, mi.Metadata):
        return for_type(info.type, full)
    if isinstance(info, mi.StructType):
        return _struct(info, full)
    if isinstance(info, mi.StrType):
        return _string(info)
    if isinstance(info, mi.IntType | mi.FloatType):
        return _number(info)
    if isinstance(info, mi.BoolType):
        return st.booleans()
    if isinstance(info, mi.NoneType):
        return st.none()
    if isinstance(info, mi.LiteralType):
        return st.sampled_from(info.values)
    if isinstance(info, mi.UnionType):
        members = [member for member in info.types if not (full and isinstance(member, mi.NoneType))]
        return st.one_of(*(for_type(member, full) for member in members))
    if isinstance(info, mi.VarTupleType | mi.ListType):
        low, high = _sized(info, full)
        items = st.lists(for_type(info.item_type, full), min_size=low, max_size=high)
        return items.map(tuple) if isinstance(info, mi.VarTupleType) else items
    if isinstance(info, mi.TupleType):
        return st.tuples(*(for_type(item, full) for item in info.item_types))
    if isinstance(info, mi.DictType):
        low, high = _sized(info, full)
        return st.dictionaries(
            for_type(info.key_type, full), for_type(info.value_type, full), min_size=low, max_size=high
        )
    raise TypeError(f"strategies.py: no strategy for {info!r}; add a case to for_type()")


def records(kind: type, full: bool = False) -> st.SearchStrategy[Any]:
    """Values of a record type (or any type msgspec can describe), each field within its constraints."""
    return for_type(mi.type_info(kind), full)


# --------------------------------------------------------------------------------------
# The rules that span records, restored after generation
# --------------------------------------------------------------------------------------


def _fields(kind: type) -> dict[str, mi.Field]:
    info = mi.type_info(kind)
    assert isinstance(info, mi.StructType)
    return {field.name: field for field in info.fields}


def _accepts(info: mi.Type, value: object) -> bool:
    """Whether ``value`` is of the (unconstrained) shape of ``info``: picks a union's member."""
    if isinstance(info, mi.Metadata):
        return _accepts(info.type, value)
    shapes: list[tuple[type, type | tuple[type, ...]]] = [
        (mi.StrType, str), (mi.NoneType, type(None)), (mi.VarTupleType, tuple), (mi.TupleType, tuple),
        (mi.ListType, list), (mi.DictType, dict), (mi.BoolType, bool), (mi.FloatType, float),
    ]  # fmt: skip
    if isinstance(info, mi.StructType):
        return isinstance(value, info.cls)
    if isinstance(info, mi.IntType):
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(info, mi.LiteralType):
        return value in info.values
    return any(isinstance(info, shape) and isinstance(value, kind) for shape, kind in shapes)


def _real_date(value: str) -> bool:
    year, month, day = [*value.split("-"), "01", "01"][:3]
    try:
        datetime.date(int(year), int(month), int(day))
    except ValueError:
        return False
    return True


real_dates = st.dates(min_value=datetime.date(1, 1, 1))


def _repair(draw: st.DrawFn, value: Any, info: mi.Type, keys: list[str]) -> Any:
    """``value`` with every cited key taken from ``keys`` and every date a real one."""
    if info == DATE and isinstance(value, str) and not _real_date(value):
        day = draw(real_dates)
        return "-".join([f"{day.year:04d}", f"{day.month:02d}", f"{day.day:02d}"][: value.count("-") + 1])
    if isinstance(info, mi.Metadata):
        info = info.type
    if isinstance(info, mi.UnionType):
        member = next(member for member in info.types if _accepts(member, value))
        return _repair(draw, value, member, keys)
    if isinstance(info, mi.VarTupleType):
        if info.item_type == KEY:  # a list of cited sources
            return tuple(draw(st.sampled_from(keys)) for _ in value)
        return tuple(_repair(draw, item, info.item_type, keys) for item in value)
    if isinstance(info, mi.DictType):
        return {key: _repair(draw, item, info.value_type, keys) for key, item in value.items()}
    if isinstance(info, mi.StructType):
        fields = {
            field.name: _repair(draw, getattr(value, field.name), field.type, keys) for field in info.fields
        }
        return msgspec.structs.replace(value, **fields)
    return value


def _unique(values: tuple[str, ...]) -> tuple[str, ...]:
    seen: set[str] = set()
    kept = []
    for value in values:
        if value.casefold() not in seen:
            seen.add(value.casefold())
            kept.append(value)
    return tuple(kept)


raw_datasets: st.SearchStrategy[Dataset] = records(Dataset)
full_datasets: st.SearchStrategy[Dataset] = records(Dataset, full=True)
raw_sources = records(_fields(Dataset)["sources"].type.value_type.cls)  # type: ignore[attr-defined]
ids = for_type(_fields(model.Reform)["id"].type)


@st.composite
def datasets(draw: st.DrawFn, full: bool = False) -> Dataset:
    """A dataset that the loader accepts: generated from the model, then made consistent.

    ``full`` gives every field of every record a value (see :func:`for_type`), except where
    a rule that spans records forbids it (the only entry cannot be replaced by another).
    """
    dataset = draw(full_datasets if full else raw_datasets)
    sources = dict(dataset.sources)
    if not sources:  # every entry cites at least one source
        sources[draw(for_type(KEY))] = draw(raw_sources)
    keys = sorted(sources)
    dataset = msgspec.structs.replace(dataset, sources=sources)
    dataset = _repair(draw, dataset, mi.type_info(Dataset), keys)

    reforms = list(dataset.reforms)
    unique_ids = draw(st.lists(ids, min_size=len(reforms), max_size=len(reforms), unique=True))
    reforms = [
        msgspec.structs.replace(reform, id=reform_id, topics=_unique(reform.topics))
        for reform, reform_id in zip(reforms, unique_ids, strict=True)
    ]
    for position, reform in enumerate(reforms):
        others = [other.id for other in reforms if other.id != reform.id]
        replaced_by = reform.replaced_by
        if replaced_by is not None or reform.status == "replaced":
            replaced_by = draw(st.sampled_from(others)) if others else None
        status = reform.status
        if status == "replaced" and replaced_by is None:
            status = draw(st.sampled_from([name for name in model.STATUSES if name != "replaced"]))
        reforms[position] = msgspec.structs.replace(reform, replaced_by=replaced_by, status=status)
    by_id = {reform.id: reform for reform in reforms}
    for position, reform in enumerate(reforms):  # no rule replaced before it took effect
        other = by_id.get(reform.replaced_by) if reform.replaced_by is not None else None
        dated = other is not None and other.in_force is not None and reform.in_force is not None
        if dated and span(other.in_force)[1] < span(reform.in_force)[0]:  # type: ignore[union-attr,arg-type]
            reforms[position] = msgspec.structs.replace(reform, in_force=None)

    terms: set[str] = set()
    glossary = []
    for term in dataset.glossary:
        if term.term.casefold() not in terms:
            terms.add(term.term.casefold())
            glossary.append(term)
    ratings = []
    for rating in dataset.ratings:  # each edition of a rating once: the first score of each
        firsts = {score.edition: score for score in reversed(rating.scores)}
        scores = tuple(score for score in rating.scores if firsts[score.edition] is score)
        ratings.append(msgspec.structs.replace(rating, scores=scores))
    repaired: Dataset = msgspec.structs.replace(
        dataset, reforms=tuple(reforms), glossary=tuple(glossary), ratings=tuple(ratings)
    )
    return repaired
