"""The searchable texts of an entry, for search and the glossary. Cheap to import."""

from __future__ import annotations

from collections.abc import Iterator

from .model import Reform, Source


def fields(reform: Reform, sources: dict[str, Source] | None = None) -> Iterator[tuple[str, str]]:
    """Every searchable text of an entry, with the name of the field it comes from.

    Of its sources, only the titles and law numbers of those in ``sources`` are searched.
    """
    yield "title", reform.title
    for alias in reform.aliases:
        yield "aliases", alias
    for topic in reform.topics:
        yield "topics", topic
    yield "before", reform.before.text
    yield "after", reform.after.text
    for rule in (reform.before, reform.after):
        if rule.short:
            yield "summary", rule.short
    for threshold in reform.thresholds:
        yield "thresholds", f"{threshold.label} ({threshold.unit})"
    for figure in reform.figures:
        yield "figures", f"{figure.label} ({figure.unit})"
    for measure in reform.measures:
        yield "measures", measure.text
    for event in reform.events:
        yield "events", event.text
    for assessment in reform.assessments:
        yield "assessments", f"{assessment.by}: {assessment.text}"
    if sources:
        from .cite import cited_keys

        for key in cited_keys(reform):
            source = sources.get(key)
            if source is not None:
                yield "sources", source.title
                if source.law_number:
                    yield "sources", source.law_number


def entry_dates(reform: Reform) -> Iterator[str]:
    """Every date of an entry: when it took effect, its events, steps, figures and assessments."""
    if reform.in_force:
        yield reform.in_force
    for event in reform.events:
        yield event.date
    for threshold in reform.thresholds:
        yield from (step.date for step in threshold.steps if step.date)
    yield from (figure.date for figure in reform.figures if figure.date)
    yield from (assessment.date for assessment in reform.assessments)
