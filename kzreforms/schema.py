"""The data file's schema: a parsed TOML document -> validated models, and back.

:func:`build` walks the document and collects every problem (missing or wrong-typed field,
duplicate id, unknown key, a threshold that is not a number), each naming the entry and
the field; the record functions turn models back into the file's own schema for tomli-w.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Mapping
from typing import Any

from .model import KINDS, Dataset, Event, Figure, GlossaryTerm, Reform, Step, Threshold

_DATE = re.compile(r"\d{4}(?:-(\d{2})(?:-(\d{2}))?)?")


# --------------------------------------------------------------------------------------
# Validation: a walk over the parsed document that collects every problem
# --------------------------------------------------------------------------------------

_TYPE_NAMES = {
    bool: "boolean",
    int: "integer",
    float: "number",
    str: "string",
    list: "list",
    dict: "table",
    datetime.date: "date",
    datetime.datetime: "date-time",
    datetime.time: "time",
}


def _type_name(value: object) -> str:
    return _TYPE_NAMES.get(type(value), type(value).__name__)


class _Checker:
    """Checks one table's fields against what it may hold, recording problems."""

    def __init__(self, problems: list[str], where: str, table: object) -> None:
        self.problems = problems
        self.where = where
        self.table: Mapping[str, Any] = table if isinstance(table, dict) else {}
        self.ok = isinstance(table, dict)
        if not self.ok:
            self.fail(f"must be a table, not {_type_name(table)}")

    def fail(self, message: str) -> None:
        self.problems.append(f"{self.where}: {message}")
        self.ok = False

    def known(self, *keys: str) -> None:
        for key in self.table:
            if key not in keys:
                self.fail(f"unknown key '{key}'")

    def _get(self, key: str, required: bool) -> Any:
        if key not in self.table:
            if required:
                self.fail(f"missing field '{key}'")
            return None
        return self.table[key]

    def text(self, key: str, required: bool = True) -> str | None:
        value = self._get(key, required)
        if value is None:
            return None
        if not isinstance(value, str):
            self.fail(f"field '{key}' must be a string, not {_type_name(value)}")
            return None
        if not value.strip():
            self.fail(f"field '{key}' must not be empty")
            return None
        return value

    def integer(self, key: str) -> int | None:
        value = self._get(key, True)
        if value is None:
            return None
        if type(value) is not int:
            self.fail(f"field '{key}' must be an integer, not {_type_name(value)}")
            return None
        return value

    def number(self, key: str, required: bool = True) -> int | float | None:
        value = self._get(key, required)
        if value is None:
            return None
        if type(value) not in (int, float):
            self.fail(f"field '{key}' must be a number, not {_type_name(value)}")
            return None
        if not math.isfinite(value):
            self.fail(f"field '{key}' must be a finite number, not {value}")
            return None
        return value  # type: ignore[no-any-return]

    def texts(self, key: str, required: bool = True) -> tuple[str, ...]:
        value = self._get(key, required)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.fail(f"field '{key}' must be a list of strings")
            return ()
        if required and not value:
            self.fail(f"field '{key}' must not be empty")
        if any(not item.strip() for item in value):
            self.fail(f"field '{key}' must not hold empty strings")
        return tuple(value)

    def date(self, key: str) -> str | None:
        value = self._get(key, True)
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return value.isoformat()
        if value is None:
            return None
        if isinstance(value, str) and _valid_date(value):
            return value
        self.fail(f'field \'{key}\' must be a date like "2022", "2022-06" or "2022-06-05"')
        return None

    def tables(self, key: str) -> list[object]:
        value = self._get(key, False)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(f"field '{key}' must be a list of tables, not {_type_name(value)}")
            return []
        return value


def _valid_date(value: str) -> bool:
    match = _DATE.fullmatch(value)
    if not match:
        return False
    month, day = match.groups()
    try:
        datetime.date(int(value[:4]), int(month or 1), int(day or 1))
    except ValueError:
        return False
    return True


_REFORM_KEYS = (
    "id", "kind", "title", "before", "after", "before_short", "after_short",
    "topics", "measures", "thresholds", "figures", "events", "sources",
)  # fmt: skip


def build(document: Mapping[str, Any], name: str) -> Dataset:
    """Validate a parsed document and build the dataset, or raise DataError with every problem."""
    problems: list[str] = []
    top = _Checker(problems, name, document)
    top.known("reforms", "events", "glossary")
    if "reforms" not in document:
        top.fail("missing the [[reforms]] list")
    reforms: list[Reform] = []
    seen: dict[int, int] = {}
    for position, table in enumerate(top.tables("reforms"), start=1):
        reform = _build_reform(problems, name, position, table)
        if reform is None:
            continue
        if reform.id in seen:
            problems.append(f"{name}: reform {reform.id}: duplicate id (also at position {seen[reform.id]})")
            continue
        seen[reform.id] = position
        reforms.append(reform)
    events = tuple(
        event
        for position, table in enumerate(top.tables("events"), start=1)
        if (event := _build_event(problems, f"{name}: events[{position}]", table, None))
    )
    glossary: list[GlossaryTerm] = []
    terms: set[str] = set()
    for position, table in enumerate(top.tables("glossary"), start=1):
        check = _Checker(problems, f"{name}: glossary[{position}]", table)
        check.known("term", "meaning", "forms")
        term, meaning = check.text("term"), check.text("meaning")
        forms = check.texts("forms", required=False)
        if term and term.casefold() in terms:
            check.fail(f"duplicate term '{term}'")
        if check.ok and term and meaning:
            terms.add(term.casefold())
            glossary.append(GlossaryTerm(term, meaning, forms))
    if problems:
        from .data import DataError

        raise DataError(problems)
    return Dataset(tuple(reforms), events, tuple(glossary))


def _build_reform(problems: list[str], name: str, position: int, table: object) -> Reform | None:
    raw_id = table.get("id") if isinstance(table, dict) else None
    label = f"reform {raw_id}" if type(raw_id) is int else f"reform at position {position}"
    start = len(problems)
    check = _Checker(problems, f"{name}: {label}", table)
    if not check.ok:
        return None
    check.known(*_REFORM_KEYS)
    reform_id = check.integer("id")
    kind = check.text("kind")
    if kind is not None and kind not in KINDS:
        check.fail(f"field 'kind' must be one of {', '.join(repr(k) for k in KINDS)}, not {kind!r}")
    title, before, after = check.text("title"), check.text("before"), check.text("after")
    before_short = check.text("before_short", required=False)
    after_short = check.text("after_short", required=False)
    topics = check.texts("topics")
    measures = check.texts("measures", required=False)
    sources = check.texts("sources")
    thresholds = tuple(
        threshold
        for index, item in enumerate(check.tables("thresholds"), start=1)
        if (threshold := _build_threshold(problems, f"{check.where}: thresholds[{index}]", item))
    )
    figures = tuple(
        figure
        for index, item in enumerate(check.tables("figures"), start=1)
        if (figure := _build_figure(problems, f"{check.where}: figures[{index}]", item))
    )
    events = tuple(
        event
        for index, item in enumerate(check.tables("events"), start=1)
        if (event := _build_event(problems, f"{check.where}: events[{index}]", item, reform_id))
    )
    if len(problems) != start:
        return None
    assert (
        reform_id is not None
        and title
        and before
        and after
        and (kind == "package" or kind == "constitutional")
    )
    return Reform(
        id=reform_id,
        kind="package" if kind == "package" else "constitutional",
        title=title,
        before=before,
        after=after,
        topics=topics,
        sources=sources,
        before_short=before_short,
        after_short=after_short,
        measures=measures,
        thresholds=thresholds,
        figures=figures,
        events=events,
    )


def _build_threshold(problems: list[str], where: str, table: object) -> Threshold | None:
    check = _Checker(problems, where, table)
    if not check.ok:
        return None
    check.known("label", "before", "after", "unit", "steps", "source")
    label, unit, source = check.text("label"), check.text("unit"), check.text("source", False)
    before, after = check.number("before", required=False), check.number("after")
    steps: list[Step] = []
    for index, item in enumerate(check.tables("steps"), start=1):
        step_check = _Checker(problems, f"{where}: steps[{index}]", item)
        if not step_check.ok:
            continue
        step_check.known("value", "date", "source")
        value = step_check.number("value")
        date = step_check.date("date") if "date" in step_check.table else None
        step_source = step_check.text("source", required=False)
        if step_check.ok and value is not None:
            steps.append(Step(value, date, step_source))
        else:
            check.ok = False
    if not check.ok or label is None or unit is None or after is None:
        return None
    return Threshold(label, after, unit, before, tuple(steps), source)


def _build_figure(problems: list[str], where: str, table: object) -> Figure | None:
    check = _Checker(problems, where, table)
    if not check.ok:
        return None
    check.known("label", "value", "unit", "source")
    label, value = check.text("label"), check.number("value")
    unit, source = check.text("unit"), check.text("source", required=False)
    if not check.ok or label is None or value is None or unit is None:
        return None
    return Figure(label, value, unit, source)


def _build_event(problems: list[str], where: str, table: object, reform: int | None) -> Event | None:
    check = _Checker(problems, where, table)
    if not check.ok:
        return None
    check.known("date", "text", "source")
    date, text, source = check.date("date"), check.text("text"), check.text("source")
    if not check.ok or date is None or text is None or source is None:
        return None
    return Event(date, text, source, reform)


# --------------------------------------------------------------------------------------
# Models -> plain records: the data file's schema (for TOML export)
# --------------------------------------------------------------------------------------


def _without_empty(record: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in record.items() if value not in (None, [], ())}


def reform_record(reform: Reform) -> dict[str, Any]:
    """A reform in the data file's schema, optional fields left out when empty."""
    return _without_empty(
        {
            "id": reform.id,
            "kind": reform.kind,
            "title": reform.title,
            "before": reform.before,
            "after": reform.after,
            "before_short": reform.before_short,
            "after_short": reform.after_short,
            "topics": list(reform.topics),
            "measures": list(reform.measures),
            "sources": list(reform.sources),
            "thresholds": [
                _without_empty(
                    {
                        "label": t.label,
                        "before": t.before,
                        "after": t.after,
                        "unit": t.unit,
                        "source": t.source,
                        "steps": [
                            _without_empty({"value": s.value, "date": s.date, "source": s.source})
                            for s in t.steps
                        ],
                    }
                )
                for t in reform.thresholds
            ],
            "figures": [
                _without_empty({"label": f.label, "value": f.value, "unit": f.unit, "source": f.source})
                for f in reform.figures
            ],
            "events": [event_record(event) for event in reform.events],
        }
    )


def event_record(event: Event) -> dict[str, Any]:
    return {"date": event.date, "text": event.text, "source": event.source}


def dataset_record(dataset: Dataset) -> dict[str, Any]:
    """The whole dataset in the data file's schema, ready for tomli-w."""
    return _without_empty(
        {
            "reforms": [reform_record(reform) for reform in dataset.reforms],
            "events": [event_record(event) for event in dataset.events],
            "glossary": [
                _without_empty({"term": g.term, "meaning": g.meaning, "forms": list(g.forms)})
                for g in dataset.glossary
            ],
        }
    )
