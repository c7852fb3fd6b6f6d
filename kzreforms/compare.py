"""The rules in force on a date, and two dates side by side. No I/O, no Rich.

Nothing here is written twice in the data: the state of an entry's rule on a day is derived
from its ``in_force`` date, its ``replaced_by`` entry (and that entry's ``in_force``) and the
dated ``steps`` of its thresholds:

- before ``in_force``, the entry's ``before``; from it, its ``after``;
- from the ``in_force`` of the entry in ``replaced_by``, that entry's ``after`` ("replaced");
- a threshold's value follows its dated steps while the ``before`` holds (40,000 → 20,000 in
  May 2020 → 5,000 from ``in_force``).

Each date is compared at its own precision: "2022" stands for some day of 2022. A day inside
that span, before its last day, may fall before or after the change: the state is "uncertain",
never a guess. The last day of the span is sure to be on or after it. An entry without an
``in_force`` date is "not stated"; a proposal never adopted (status ``proposed`` or ``not
adopted``) keeps its ``before`` on every day.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Literal, NamedTuple

from .model import NEVER_IN_FORCE, Dataset, Event, Number, Reform, Rule, Threshold
from .query import date_range

State = Literal["before", "after", "replaced", "uncertain", "not stated"]
STATES: tuple[State, ...] = ("before", "after", "replaced", "uncertain", "not stated")

START = "2019-06-09"  # the day of the presidential election the period covered starts from

# The subjects `compare` groups its rows by, in the order it shows them.
SUBJECTS = (
    "the Constitution",
    "parliament",
    "presidency",
    "local government",
    "elections and parties",
    "rights and courts",
    "civic space",
    "other",
)
# Each topic's subject. An entry goes under the subject of the first topic in this table that it
# has (so "parliament" wins over "elections", and "constitution" only when nothing more specific
# is there); an entry none of whose topics is here goes under "other".
TOPIC_SUBJECTS: tuple[tuple[str, str], ...] = (
    ("local government", "local government"),
    ("parliament", "parliament"),
    ("presidency", "presidency"),
    ("courts", "rights and courts"),
    ("human rights", "rights and courts"),
    ("criminal law", "rights and courts"),
    ("property", "rights and courts"),
    ("constitution", "the Constitution"),
    ("political parties", "elections and parties"),
    ("representation", "elections and parties"),
    ("elections", "elections and parties"),
    ("civil liberties", "civic space"),
    ("civil society", "civic space"),
    ("media", "civic space"),
)


class BadDay(ValueError):
    """A date that is not a year, a year and month, or a date in the calendar."""


def span(value: str) -> tuple[str, str]:
    """The first and last day a date stands for at its own precision: '2022' → 2022-01-01, 2022-12-31.

    Raises :class:`BadDay` (see :func:`kzreforms.query.date_range`, the same reading of a date).
    """
    return date_range(value, BadDay, ("2021", "2022-09", "2022-09-17"), year_zero=False)


def day_of(value: str) -> str:
    """The day a date on the command line means: a year its last day, a month its last day."""
    return span(value)[1]


def first_day(dataset: Dataset) -> str | None:
    """The first day the data speaks of: where its context events begin (the bundled data's is
    June 2019). Each entry's before is the rule just before its reform, since a day no source
    gives: on an earlier day the data cannot say what the rules were. None without context."""
    return min((span(event.date)[0] for event in dataset.context), default=None)


def has_come(date: str, day: str) -> bool | None:
    """Whether ``date`` (at its precision) has surely come by ``day``: True, False, or None when
    ``day`` falls inside its span before the last day, so it may or may not have."""
    first, last = span(date)
    if day >= last:
        return True
    if day < first:
        return False
    return None


class Value(NamedTuple):
    """A threshold on a day: its value (None: no such rule, or it no longer applies) and since when."""

    threshold: Threshold
    value: Number | None
    since: str | None = None  # the date of the step or change it holds from; None for `before`
    known: bool = True  # False: the day falls inside the month or year of a step
    sources: tuple[str, ...] = ()  # a step's sources, where the value is a step's
    either: tuple[Number | None, Number | None] | None = None  # uncertain: the value before, after


class Side(NamedTuple):
    """An entry's rule on one day."""

    day: str
    state: State
    rule: Rule | None  # the rule in force; None when uncertain or not stated
    since: str | None  # when the state began (or, uncertain, the date that may or may not have come)
    by: Reform | None = None  # replaced (or may have been): the entry whose rule took its place
    values: tuple[Value, ...] = ()
    whole_text: bool = False  # replaced with a whole text (a new Constitution) that no source here
    # says how it treats this rule: the entry's subject is not "the Constitution", the other's is
    by_then: Event | None = None  # before the change: the entry's latest event by that day

    @property
    def key(self) -> tuple[object, ...]:
        """What a reader sees of the side: two sides with the same key show the same rule."""
        by = self.by.id if self.by is not None else None
        values = tuple((v.value, v.known) for v in self.values)
        since = self.since if self.state in ("uncertain", "not stated") else None
        return (self.state, self.rule, by, since, values, self.by_then)


def _before_values(reform: Reform, day: str) -> tuple[Value, ...]:
    values = []
    for threshold in reform.thresholds:
        value: Value = Value(threshold, threshold.before)
        for step in threshold.steps:
            if step.date is None:
                continue  # a step without a date cannot be placed on a day
            come = has_come(step.date, day)
            if come is None:
                value = Value(threshold, None, step.date, known=False)
                break
            if not come:
                break
            value = Value(threshold, step.value, step.date, sources=step.sources)
        values.append(value)
    return tuple(values)


def _by_then(reform: Reform, day: str) -> Event | None:
    """While the ``before`` holds: the entry's latest event that has surely come by ``day`` and
    came before the change (a first step, a proposal), or None."""
    change = span(reform.in_force)[0] if reform.in_force else "9999-12-31"
    latest = None
    for event in reform.events:
        last = span(event.date)[1]
        if last <= day and last < change and (latest is None or span(latest.date)[1] <= last):
            latest = event
    return latest


def _before(reform: Reform, day: str) -> Side:
    values = _before_values(reform, day)
    # a proposal never adopted had nothing on the way to a change: its events are not steps
    stepped = reform.status in NEVER_IN_FORCE or any(v.known and v.since is not None for v in values)
    return Side(
        day, "before", reform.before, None, None, values, by_then=None if stepped else _by_then(reform, day)
    )


def state_on(reform: Reform, day: str, entries: Mapping[int, Reform]) -> Side:
    """The entry's rule on ``day`` (YYYY-MM-DD); ``entries`` by id, to find the one in ``replaced_by``."""
    if reform.status in NEVER_IN_FORCE:
        return _before(reform, day)
    unknown = tuple(Value(t, None, None, known=False) for t in reform.thresholds)
    if reform.in_force is None:
        return Side(day, "not stated", None, None, None, unknown)
    come = has_come(reform.in_force, day)
    if come is False:
        return _before(reform, day)
    if come is None:
        maybe = tuple(
            Value(t, None, reform.in_force, known=False, either=(v.value if v.known else None, t.after))
            for t, v in zip(reform.thresholds, _before_values(reform, day), strict=True)
        )
        return Side(day, "uncertain", None, reform.in_force, None, maybe)
    after = Side(
        day, "after", reform.after, reform.in_force, None,
        tuple(Value(t, t.after, reform.in_force) for t in reform.thresholds),
    )  # fmt: skip
    if reform.replaced_by is None:
        return after
    by = entries.get(reform.replaced_by)
    if by is None or by.in_force is None:
        return Side(day, "not stated", None, None, by, unknown)  # replaced on a day no entry here gives
    replaced = has_come(by.in_force, day)
    if replaced is False:
        return after
    if replaced is None:
        maybe = tuple(
            Value(t, None, by.in_force, known=False, either=(t.after, None)) for t in reform.thresholds
        )
        return Side(day, "uncertain", None, by.in_force, by, maybe)
    lapsed = tuple(Value(t, None, by.in_force) for t in reform.thresholds)
    whole = subject(by) == "the Constitution" != subject(reform)
    return Side(day, "replaced", by.after, by.in_force, by, lapsed, whole)


def subject(reform: Reform) -> str:
    """The subject `compare` shows the entry under (see :data:`TOPIC_SUBJECTS`)."""
    topics = {topic.casefold() for topic in reform.topics}
    for topic, name in TOPIC_SUBJECTS:
        if topic in topics:
            return name
    return "other"


class Row(NamedTuple):
    """One entry on both days."""

    reform: Reform
    subject: str
    first: Side
    second: Side

    @property
    def differs(self) -> bool:
        return self.first.key != self.second.key


class Comparison(NamedTuple):
    """Two days side by side: the rows (in subject order, entries in data order within each)."""

    first: str
    second: str
    rows: tuple[Row, ...]
    undated: tuple[Reform, ...]  # left out: no in_force date ("date not stated")
    everything: bool = False  # rows that did not change are there too

    @property
    def by_subject(self) -> list[tuple[str, list[Row]]]:
        groups: dict[str, list[Row]] = {}
        for row in self.rows:
            groups.setdefault(row.subject, []).append(row)
        return [(name, groups[name]) for name in SUBJECTS if name in groups]


def entries_by_id(reforms: Iterable[Reform]) -> dict[int, Reform]:
    return {reform.id: reform for reform in reforms}


def compare(
    reforms: Sequence[Reform],
    first: str,
    second: str,
    everything: bool = False,
    entries: Mapping[int, Reform] | None = None,
) -> Comparison:
    """The rules of ``reforms`` on two days (YYYY-MM-DD): only those that differ unless ``everything``.

    ``entries`` (by id) are where ``replaced_by`` is looked up; by default ``reforms`` themselves.
    """
    known = entries if entries is not None else entries_by_id(reforms)
    rows: list[Row] = []
    undated: list[Reform] = []
    for reform in reforms:
        if reform.in_force is None and reform.status not in NEVER_IN_FORCE:
            undated.append(reform)
            continue
        row = Row(reform, subject(reform), state_on(reform, first, known), state_on(reform, second, known))
        if everything or row.differs:
            rows.append(row)
    order = {name: position for position, name in enumerate(SUBJECTS)}
    rows.sort(key=lambda row: order[row.subject])  # stable: entries keep their order
    return Comparison(first, second, tuple(rows), tuple(undated), everything)


def at(reforms: Sequence[Reform], day: str, entries: Mapping[int, Reform] | None = None) -> list[Side]:
    """Each entry's rule on ``day``, in order (entries without a date as "not stated")."""
    known = entries if entries is not None else entries_by_id(reforms)
    return [state_on(reform, day, known) for reform in reforms]


# --------------------------------------------------------------------------------------
# In words: what each side says, for the view, the CSV and --json's "text"
# --------------------------------------------------------------------------------------


def on_date(date: str) -> str:
    """'on 1 Jul 2026', 'in Sep 2022', 'in 2022': a date at its precision, as a sentence puts it."""
    from .formats import date as shown

    return f"on {shown(date)}" if len(date) == 10 else f"in {shown(date)}"


def side_words(side: Side) -> str:
    """The rule on that day in a few words: its short form, or what happened to it."""
    if side.state == "not stated":
        if side.by is not None:
            return f"replaced by entry {side.by.id}; the date is not stated"
        return "date not stated"
    if side.state == "uncertain":
        assert side.since is not None
        if side.by is not None:
            return f"uncertain: replaced by entry {side.by.id} {on_date(side.since)}; the day is not given"
        return f"uncertain: the rule changed {on_date(side.since)}; the day is not given"
    assert side.rule is not None
    rule = side.rule.short or side.rule.text
    steps = stepped(side)
    if steps:
        from .formats import amount, date

        reached = [
            f"{amount(v.value, v.threshold.unit)} since {date(v.since)}" for v in steps if v.value and v.since
        ]
        return "; ".join(reached) + ", a step on the way"
    if side.state == "replaced" and side.by is not None and side.since is not None:
        if side.whole_text:
            since = on_date(side.since)
            return f"its text replaced {since} (entry {side.by.id}: {rule}); the rule under the new text is not stated"
        return f"replaced {on_date(side.since)} by entry {side.by.id}: {rule}"
    return rule


def stepped(side: Side) -> list[Value]:
    """The thresholds that, on a day before the change, stood at a step on the way."""
    if side.state != "before":
        return []
    return [v for v in side.values if v.known and v.since is not None]


def cited(side: Side) -> tuple[str, ...]:
    """The sources of what a side says: its rule's, or those of the steps it stood at."""
    steps = stepped(side)
    if steps:
        return tuple(dict.fromkeys(key for v in steps for key in v.sources))
    return side.rule.sources if side.rule is not None else ()


def value_words(value: Value, state: State) -> str:
    """A threshold on that day: '15 senators', 'none' (no such rule), 'lapsed', 'uncertain'."""
    from .formats import amount

    if not value.known:
        if value.either is None:
            return "uncertain"
        before, after = value.either
        if before is None and after is None:
            return "uncertain"
        unit = value.threshold.unit
        a = "none" if before is None else amount(before, unit)
        b = (
            ("lapsed" if state == "uncertain" and after is None else "none")
            if after is None
            else amount(after, unit)
        )
        if before is not None and after is not None and not value.threshold.is_percentage:
            from .formats import number

            a = number(before)
        return f"{a} or {b}"
    if value.value is None:
        return "lapsed" if state == "replaced" else "none" if state == "before" else "not stated"
    return amount(value.value, value.threshold.unit)


def values_words(first: Value, second: Value, first_state: State, second_state: State) -> str:
    """'15 → 10 senators', '5% → lapsed', 'none → 30%': the unit once where both are numbers."""
    from .formats import ARROW, number

    a, b = value_words(first, first_state), value_words(second, second_state)
    both = first.value is not None and second.value is not None and first.known and second.known
    if both and first.value is not None and not first.threshold.is_percentage:
        a = number(first.value)
    return f"{a} {ARROW} {b}"


def changed_values(row: Row) -> list[tuple[Value, Value]]:
    """The thresholds whose value differs between the two days (all of them with ``everything``)."""
    pairs = list(zip(row.first.values, row.second.values, strict=True))
    return [(a, b) for a, b in pairs if (a.value, a.known) != (b.value, b.known)]


def comparison_keys(result: Comparison) -> list[str]:
    """Every source key the comparison's rows cite, once each, in the order of the rows."""
    keys: dict[str, None] = {}
    for row in result.rows:
        for side in (row.first, row.second):
            keys.update(dict.fromkeys(cited(side)))
        keys.update(dict.fromkeys(key for t in row.reform.thresholds for key in t.sources))
    return list(keys)
