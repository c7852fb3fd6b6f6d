"""Questions asked of a dataset: filters, the dates they take, topics, the timeline, who cites what. Pure functions.

These are the library's answers behind every command; a script can use them as they are:

    >>> from kzreforms import data, query
    >>> dataset = data.load(data.bundled_path())
    >>> [r.id for r in query.select(dataset, topics=["elections"], statuses=["in force"])][:3]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Literal, NamedTuple

from .model import PERIODS, STATUSES, Assessment, Dataset, GlossaryTerm, Reform
from .texts import entry_dates


def by_period(reforms: Sequence[Reform]) -> list[tuple[str, str, list[Reform]]]:
    """The entries grouped by period, in the periods' order: (period, its heading, its entries),
    for each period that has an entry."""
    return [
        (period, heading, members)
        for period, heading in PERIODS.items()
        if (members := [reform for reform in reforms if reform.period == period])
    ]


class UnknownName(ValueError):
    """A topic, status or term the dataset does not have; the message names the closest ones."""

    def __init__(self, what: str, name: str, known: Sequence[str]) -> None:
        import difflib

        close = difflib.get_close_matches(name.casefold(), [k.casefold() for k in known], n=3, cutoff=0.6)
        by_folded = {k.casefold(): k for k in known}
        if close:
            hint = f"; did you mean {', '.join(repr(by_folded[c]) for c in close)}?"
        else:
            plural = what + ("es" if what.endswith("s") else "s")
            hint = f"; {plural}: {', '.join(known) or 'none'}"
        super().__init__(f"no {what} '{name}'{hint}")


def all_topics(dataset: Dataset) -> dict[str, list[int]]:
    """Each topic with the ids of the entries that have it, most common first, then by name.

    Topics are compared without regard to case; the first spelling met names the topic.
    """
    spelling: dict[str, str] = {}
    ids: dict[str, list[int]] = {}
    for reform in dataset.reforms:
        for topic in dict.fromkeys(topic.casefold() for topic in reform.topics):
            ids.setdefault(topic, []).append(reform.id)
        for topic in reform.topics:
            spelling.setdefault(topic.casefold(), topic)
    named = {spelling[folded]: members for folded, members in ids.items()}
    return dict(sorted(named.items(), key=lambda item: (-len(item[1]), item[0].casefold())))


def topic_named(name: str, known: Iterable[str]) -> str:
    """The topic (case-folded) that ``name`` names: the topic itself, or the only one of which it is a
    whole word or (three letters or more) the start: "parties", "political", "polit" for "political
    parties". Raises UnknownName."""
    folded = [topic.casefold() for topic in known]
    if name in folded:
        return name
    matches = [
        topic for topic in folded if (len(name) >= 3 and topic.startswith(name)) or name in topic.split()
    ]
    if len(matches) == 1:
        return matches[0]
    spelt = {topic.casefold(): topic for topic in known}
    raise UnknownName("topic", name, [spelt[m] for m in matches] if len(matches) > 1 else list(known))


# The names --period takes: as `list` groups the entries, in short (2022) or as the data names them.
PERIOD_NAMES = {
    "2019-2021": "2019-2021",
    "2022": "2022-amendments",
    "2022-amendments": "2022-amendments",
    "2022-2025": "2022-2025",
    "2026": "2026-constitution",
    "2026-constitution": "2026-constitution",
}


def select(
    dataset: Dataset,
    topics: Iterable[str] = (),
    statuses: Iterable[str] = (),
    when: TimeSpan | None = None,
    periods: Iterable[str] = (),
) -> tuple[Reform, ...]:
    """The entries with any of ``topics``, any of ``statuses``, a date in ``when`` and in any of
    ``periods`` (see :data:`PERIOD_NAMES`); no filter where empty.

    Raises UnknownName for a topic, status or period that no entry could have.
    """
    wanted_periods = set()
    for period in periods:
        name = PERIOD_NAMES.get(period.casefold().strip())
        if name is None:
            raise UnknownName("period", period.casefold().strip(), ["2019-2021", "2022", "2022-2025", "2026"])
        wanted_periods.add(name)
    known = all_topics(dataset)
    wanted_topics = {topic_named(topic.casefold().strip(), known) for topic in topics}
    wanted_statuses = {status.casefold().strip() for status in statuses}
    for status in wanted_statuses:
        if status not in STATUSES:
            raise UnknownName("status", status, STATUSES)
    return tuple(
        reform
        for reform in dataset.reforms
        if (not wanted_topics or any(t.casefold() in wanted_topics for t in reform.topics))
        and (not wanted_statuses or reform.status in wanted_statuses)
        and (when is None or any(when.holds(date) for date in entry_dates(reform)))
        and (not wanted_periods or reform.period in wanted_periods)
    )


class BadDate(ValueError):
    """A date on the command line that is not a year, a year and month, or a full date."""


def date_range(
    value: str,
    bad: type[ValueError] = BadDate,
    examples: tuple[str, str, str] = ("2022", "2022-06", "2022-06-05"),
    year_zero: bool = True,
) -> tuple[str, str]:
    """The first and last day a date stands for, at its own precision: '2022' -> 2022-01-01..2022-12-31.

    Raises ``bad`` for a value that is not a date, naming the ``examples`` (a year, a year and
    month, a full date), or for a day not in the calendar; the year 0000 alone is one only with
    ``year_zero`` (as ``--since 0000`` is; `compare` refuses it).
    """
    import calendar
    import datetime

    match = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", value.strip())
    if not match:
        year_example, month_example, day_example = examples
        raise bad(
            f"'{value}' is not a date: use a year ({year_example}), a year and month ({month_example}) "
            f"or a full date ({day_example})"
        )
    year, month, day = (int(part) if part else 0 for part in match.groups())
    try:
        if (match.group(2) and not month) or (match.group(3) and not day):
            raise ValueError(value)  # a month or day written as 00: no day of the calendar
        if not month:
            if not year and not year_zero:
                raise ValueError(year)
            return f"{year:04d}-01-01", f"{year:04d}-12-31"
        datetime.date(year, month, day or 1)
        if not day:
            last = calendar.monthrange(year, month)[1]
            return f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}"
        return f"{year:04d}-{month:02d}-{day:02d}", f"{year:04d}-{month:02d}-{day:02d}"
    except ValueError:
        raise bad(f"'{value}' is not a date in the calendar") from None


class TimeSpan(NamedTuple):
    """A span of time from --since, --until and --year; either end may be open."""

    first: str = "0000-01-01"
    last: str = "9999-12-31"

    @classmethod
    def of(
        cls, since: str | None = None, until: str | None = None, year: str | None = None
    ) -> TimeSpan | None:
        """The period the options ask for, or None for no filter. Raises BadDate."""
        if since is None and until is None and year is None:
            return None
        first, last = cls().first, cls().last
        if year is not None:
            if not re.fullmatch(r"\d{4}", year.strip()):
                raise BadDate(f"'{year}' is not a year")
            first, last = date_range(year)
        if since is not None:
            first = max(first, date_range(since)[0])
        if until is not None:
            last = min(last, date_range(until)[1])
        return cls(first, last)

    def holds(self, date: str) -> bool:
        """Whether a date, at its own precision, overlaps the period: '2022' is within --since 2022-06."""
        start, end = date_range(date)
        return start <= self.last and end >= self.first


class Dated(NamedTuple):
    """An event on the timeline: ``reform`` is the id of its entry, None for context."""

    date: str
    text: str
    sources: tuple[str, ...]
    reform: int | None


def date_key(value: str) -> tuple[int, int, int]:
    """Sort key: a date known only to the month or year comes after the exact dates within it."""
    parts = [int(part) for part in value.split("-")]
    return (parts[0], parts[1] if len(parts) > 1 else 13, parts[2] if len(parts) > 2 else 32)


def timeline(
    dataset: Dataset, reforms: Sequence[Reform], context: bool = True, when: TimeSpan | None = None
) -> list[Dated]:
    """The context events (unless ``context`` is False) and the events of ``reforms``, in date order.

    With ``when``, only the events in that period.
    """
    events = [Dated(e.date, e.text, e.sources, None) for e in dataset.context] if context else []
    events += [Dated(e.date, e.text, e.sources, r.id) for r in reforms for e in r.events]
    if when is not None:
        events = [event for event in events if when.holds(event.date)]
    return sorted(events, key=lambda event: (date_key(event.date), event.reform or 0))


def glossary_usage(dataset: Dataset, terms: Sequence[GlossaryTerm]) -> dict[str, list[int]]:
    """Each term with the ids of the entries whose text uses it."""
    from .glossary import terms_used

    return {term.term: [r.id for r in dataset.reforms if terms_used(r, (term,))] for term in terms}


def cited_in(reforms: Iterable[Reform]) -> Iterator[str]:
    """The keys of the sources ``reforms`` cite, entry by entry (a key may come again); worked out
    only as they are read."""
    from .cite import cited_keys

    for reform in reforms:
        yield from cited_keys(reform)


def citing(dataset: Dataset) -> dict[str, list[int]]:
    """Each source key, in the order of the sources table, with the ids of the entries that cite it."""
    from .cite import cited_keys

    ids: dict[str, list[int]] = {key: [] for key in dataset.sources}
    for reform in dataset.reforms:
        for key in cited_keys(reform):
            ids.setdefault(key, []).append(reform.id)
    return ids


def threshold_keys(reforms: Iterable[Reform]) -> Iterable[str]:
    """The keys of the sources of every threshold and its steps, as the chart shows them."""
    for reform in reforms:
        for threshold in reform.thresholds:
            yield from threshold.sources
            for step in threshold.steps:
                yield from step.sources


# --------------------------------------------------------------------------------------
# Names as handles: `show kurultai`, `show death-penalty`
# --------------------------------------------------------------------------------------


def slug(text: str) -> str:
    """A name as one lower-case word of letters and digits joined by '-': 'Death penalty' ->
    'death-penalty', 'Курултай' -> 'курултай'."""
    from .search import WORD, fold

    return "-".join(WORD.findall(fold(text).replace("'", "")))


def names(reform: Reform) -> list[str]:
    """The names an entry answers to: its title's slug, the slug of the title's part before a
    colon ('kurultai'), and each of its other names ('death-penalty', 'nazarbayev')."""
    found = [slug(reform.title)]
    if ":" in reform.title:
        found.append(slug(reform.title.split(":", 1)[0]))
    found += [slug(alias) for alias in reform.aliases]
    return [name for name in dict.fromkeys(found) if name]


def by_name(dataset: Dataset, name: str) -> tuple[Reform, ...]:
    """The entries that answer to ``name`` (as typed or as a slug): one, several, or none."""
    wanted = slug(name)
    if not wanted:
        return ()
    return tuple(reform for reform in dataset.reforms if wanted in names(reform))


def close_names(dataset: Dataset, name: str, most: int = 3) -> list[str]:
    """The names of entries closest to ``name``, for a 'did you mean'."""
    import difflib

    every = sorted({each for reform in dataset.reforms for each in names(reform)})
    return difflib.get_close_matches(slug(name), every, n=most, cutoff=0.75)


def resolve(dataset: Dataset, handle: str) -> Reform | str:
    """The entry with this id or name, or the one-line message saying why there is none: no
    such id (with the valid ids), several entries of that name (with their ids), or no such
    name (with the names close to it, or the valid ids)."""
    from .formats import id_ranges, shorten

    shown = shorten(handle, 40)
    valid = f"valid ids: {id_ranges([reform.id for reform in dataset.reforms]) or 'none'}"
    if handle.isascii() and handle.isdigit():
        reform = dataset.get(int(handle)) if len(handle) <= 19 else None
        return reform if reform is not None else f"no entry with id '{shown}'; {valid}"
    if not any(character.isalpha() for character in handle):
        return f"not an id: '{shown}'; {valid}"
    found = by_name(dataset, handle)
    if len(found) == 1:
        return found[0]
    if found:
        return f"'{shown}' names {len(found)} entries: {', '.join(str(r.id) for r in found)}; give an id"
    close = close_names(dataset, handle)
    return f"no entry named '{shown}'; " + (f"did you mean: {', '.join(close)}?" if close else valid)


def as_ids(dataset: Dataset, handles: Sequence[str]) -> list[str] | str:
    """`cite`'s names with each entry name made its id ('kurultai:2' -> '29:2'); source keys, ids
    and names of no entry stay as they are. The message instead, where a name stands for several."""
    from .formats import shorten

    made: list[str] = []
    for handle in handles:
        entry, colon, number = handle.partition(":")
        named = [] if handle in dataset.sources or entry.isdigit() else by_name(dataset, entry)
        if len(named) > 1:
            ids = ", ".join(str(reform.id) for reform in named)
            return f"'{shorten(entry, 40)}' names {len(named)} entries: {ids}; give an id"
        made.append(f"{named[0].id}{colon}{number}" if named else handle)
    return made


SourceProblemKind = Literal["no address", "not the page's title", "shared address", "not cited"]


class SourceProblem(NamedTuple):
    """What `sources --check` finds wrong with one source record (or an address two share)."""

    key: str  # the source's key; for a shared address, the first of its keys
    problem: SourceProblemKind
    detail: str  # the sentence a reader sees after the key

    def line(self) -> str:
        return f"{self.key}: {self.problem}: {self.detail}"


# A title a record was given because the page's own was not known: in square brackets, or with a
# note that the headline was not found. A reader cannot find a page by such a title.
_NOT_A_HEADLINE = re.compile(r"[\[\]]|headline not", re.IGNORECASE)


def source_problems(dataset: Dataset) -> list[SourceProblem]:
    """Every source without an address, every title that is not the page's own, every address
    two records share, and every record that nothing cites (no entry, context event or rating):
    in the order of the sources table."""
    cited = {key for key, ids in citing(dataset).items() if ids}
    cited.update(key for event in dataset.context for key in event.sources)
    cited.update(key for rating in dataset.ratings for score in rating.scores for key in score.sources)
    keys_of: dict[str, list[str]] = {}
    for key, source in dataset.sources.items():
        if source.url:
            keys_of.setdefault(source.url, []).append(key)
    problems: list[SourceProblem] = []
    for key, source in dataset.sources.items():
        if not source.url:
            problems.append(SourceProblem(key, "no address", "give the page's https:// address (url)"))
        if _NOT_A_HEADLINE.search(source.title):
            detail = f"{source.title!r} describes the page; give its own headline"
            problems.append(SourceProblem(key, "not the page's title", detail))
        shared = keys_of.get(source.url or "", [])
        if len(shared) > 1 and shared[0] == key:
            others = ", ".join(shared[1:])
            problems.append(
                SourceProblem(key, "shared address", f"{source.url} is also the address of {others}")
            )
        if key not in cited:
            problems.append(SourceProblem(key, "not cited", "nothing cites it; cite it or remove it"))
    return problems


def assessed(dataset: Dataset) -> list[tuple[Reform, Assessment]]:
    """Every assessment of an entry, with its entry, by date (the entries' order where dates tie)."""
    found = [(reform, assessment) for reform in dataset.reforms for assessment in reform.assessments]
    return sorted(found, key=lambda pair: pair[1].date)
