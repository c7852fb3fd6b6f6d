"""The reform data as frozen dataclasses. No I/O, nothing imported that costs start-up."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Number = int | float
Kind = Literal["package", "constitutional"]
KINDS: tuple[Kind, ...] = ("package", "constitutional")
KIND_HEADINGS: dict[str, str] = {
    "package": "Reform packages",
    "constitutional": "Constitutional changes of 2022",
}
PERCENT = "%"


@dataclass(frozen=True, slots=True)
class Step:
    """A value a threshold passed through between its before and after."""

    value: Number
    date: str | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Change:
    """How far a threshold moved: percent for counts, percentage points for percentages."""

    amount: float
    unit: Literal["%", "pp"]


@dataclass(frozen=True, slots=True)
class Threshold:
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
    def change(self) -> Change | None:
        if self.is_percentage:
            return Change(round(self.after - (self.before or 0), 2), "pp")
        if not self.before:
            return None
        return Change(round((self.after - self.before) / self.before * 100, 1), "%")


@dataclass(frozen=True, slots=True)
class Figure:
    """A number the data reports that is not a before/after pair (5.8% voted against all)."""

    label: str
    value: Number
    unit: str
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """A dated event: a law, an election, a step of a reform, or context from the article.

    ``date`` is ISO 8601 to the precision known: "2022", "2022-06" or "2022-06-05".
    """

    date: str
    text: str
    source: str
    reform: int | None = None


@dataclass(frozen=True, slots=True)
class Reform:
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


@dataclass(frozen=True, slots=True)
class GlossaryTerm:
    """A word a reader outside Kazakhstan may not know, with its other forms."""

    term: str
    meaning: str
    forms: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Dataset:
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

    def with_reforms(self, reforms: tuple[Reform, ...]) -> Dataset:
        return Dataset(reforms, self.events, self.glossary)
