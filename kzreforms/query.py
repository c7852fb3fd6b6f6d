"""Questions asked of a dataset: filters, topics, the timeline, who cites what. Pure functions.

These are the library's answers behind every command; a script can use them as they are:

    >>> from kzreforms import data, query
    >>> dataset = data.load(data.bundled_path())
    >>> [r.id for r in query.select(dataset, topics=["elections"], statuses=["in force"])][:3]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from .model import STATUSES, Dataset, GlossaryTerm, Reform


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


def select(dataset: Dataset, topics: Iterable[str] = (), statuses: Iterable[str] = ()) -> tuple[Reform, ...]:
    """The entries with any of ``topics`` and any of ``statuses`` (no filter where empty).

    Raises UnknownName for a topic or status that no entry could have.
    """
    wanted_topics = {topic.casefold().strip() for topic in topics}
    known = all_topics(dataset)
    for topic in wanted_topics:
        if not any(name.casefold() == topic for name in known):
            raise UnknownName("topic", topic, list(known))
    wanted_statuses = {status.casefold().strip() for status in statuses}
    for status in wanted_statuses:
        if status not in STATUSES:
            raise UnknownName("status", status, STATUSES)
    return tuple(
        reform
        for reform in dataset.reforms
        if (not wanted_topics or any(t.casefold() in wanted_topics for t in reform.topics))
        and (not wanted_statuses or reform.status in wanted_statuses)
    )


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


def timeline(dataset: Dataset, reforms: Sequence[Reform], context: bool = True) -> list[Dated]:
    """The context events (unless ``context`` is False) and the events of ``reforms``, in date order."""
    events = [Dated(e.date, e.text, e.sources, None) for e in dataset.context] if context else []
    events += [Dated(e.date, e.text, e.sources, r.id) for r in reforms for e in r.events]
    return sorted(events, key=lambda event: (date_key(event.date), event.reform or 0))


def glossary_usage(dataset: Dataset, terms: Sequence[GlossaryTerm]) -> dict[str, list[int]]:
    """Each term with the ids of the entries whose text uses it."""
    from .glossary import terms_used

    return {term.term: [r.id for r in dataset.reforms if terms_used(r, (term,))] for term in terms}


def citing(dataset: Dataset) -> dict[str, list[int]]:
    """Each source key, in the order of the sources table, with the ids of the entries that cite it."""
    from .cite import cited_keys

    ids: dict[str, list[int]] = {key: [] for key in dataset.sources}
    for reform in dataset.reforms:
        for key in cited_keys(reform):
            ids.setdefault(key, []).append(reform.id)
    return ids


def in_context(dataset: Dataset) -> set[str]:
    """The source keys that the context events cite."""
    return {key for event in dataset.context for key in event.sources}
