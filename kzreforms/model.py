"""The reform data as immutable named tuples. No I/O, nothing imported that costs start-up.

Named tuples rather than frozen dataclasses: they are as immutable and as typed, and they
are created several times faster, which every command feels at start-up.
"""

from collections.abc import Iterator
from typing import Literal, NamedTuple

Number = int | float
Kind = Literal["package", "constitutional"]
KINDS: tuple[Kind, ...] = ("package", "constitutional")
KIND_HEADINGS: dict[str, str] = {
    "package": "Reform packages",
    "constitutional": "Constitutional changes of 2022",
}
PERCENT = "%"


class Step(NamedTuple):
    """A value a threshold passed through between its before and after."""

    value: Number
    date: str | None = None
    source: str | None = None


class Change(NamedTuple):
    """How far a threshold moved: percent for counts, percentage points for percentages."""

    amount: float
    unit: Literal["%", "pp"]


class Threshold(NamedTuple):
    """A number a reform moved, such as the members needed to register a party.

    ``before`` is None where there was no such rule (the quota did not exist).
    """

    label: str
    after: Number
    unit: str
    before: Number | None = None
    steps: tuple[Step, ...] = ()
    source: str | None = None

    @property
    def is_percentage(self) -> bool:
        return self.unit == PERCENT

    @property
    def change(self) -> "Change | None":
        if self.is_percentage:
            return Change(round(self.after - (self.before or 0), 2), "pp")
        if not self.before:
            return None
        return Change(round((self.after - self.before) / self.before * 100, 1), "%")


class Figure(NamedTuple):
    """A number the data reports that is not a before/after pair (5.8% voted against all)."""

    label: str
    value: Number
    unit: str
    source: str | None = None


class Event(NamedTuple):
    """A dated event: a law, an election, a step of a reform, or context from the article.

    ``date`` is ISO 8601 to the precision known: "2022", "2022-06" or "2022-06-05".
    """

    date: str
    text: str
    source: str
    reform: int | None = None


class Reform(NamedTuple):
    """One entry: a reform package or a constitutional change, before and after."""

    id: int
    kind: Kind
    title: str
    before: str
    after: str
    topics: tuple[str, ...]
    sources: tuple[str, ...]
    before_short: str | None = None
    after_short: str | None = None
    measures: tuple[str, ...] = ()
    thresholds: tuple[Threshold, ...] = ()
    figures: tuple[Figure, ...] = ()
    events: tuple[Event, ...] = ()


class GlossaryTerm(NamedTuple):
    """A word a reader outside Kazakhstan may not know, with its other forms."""

    term: str
    meaning: str
    forms: tuple[str, ...] = ()


class Dataset(NamedTuple):
    """Everything a data file holds."""

    reforms: tuple[Reform, ...]
    events: tuple[Event, ...] = ()
    glossary: tuple[GlossaryTerm, ...] = ()

    def get(self, reform_id: int) -> Reform | None:
        for reform in self.reforms:
            if reform.id == reform_id:
                return reform
        return None

    def topics(self) -> dict[str, list[int]]:
        """Each topic with the ids of the entries that have it, most common first, then by name."""
        ids: dict[str, list[int]] = {}
        for reform in self.reforms:
            for topic in reform.topics:
                ids.setdefault(topic, []).append(reform.id)
        return dict(sorted(ids.items(), key=lambda item: (-len(item[1]), item[0])))

    def with_reforms(self, reforms: tuple[Reform, ...]) -> "Dataset":
        return self._replace(reforms=reforms)


def fields(reform: Reform) -> Iterator[tuple[str, str]]:
    """Every searchable text of an entry, with the name of the field it comes from."""
    yield "title", reform.title
    for topic in reform.topics:
        yield "topics", topic
    yield "before", reform.before
    yield "after", reform.after
    if reform.before_short:
        yield "summary", reform.before_short
    if reform.after_short:
        yield "summary", reform.after_short
    for threshold in reform.thresholds:
        yield "thresholds", f"{threshold.label} ({threshold.unit})"
    for figure in reform.figures:
        yield "figures", f"{figure.label} ({figure.unit})"
    for measure in reform.measures:
        yield "measures", measure
    for event in reform.events:
        yield "events", event.text
    for source in reform.sources:
        yield "sources", source
