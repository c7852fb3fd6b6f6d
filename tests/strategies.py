"""Hypothesis strategies for valid datasets in the project's schema."""

from __future__ import annotations

from hypothesis import strategies as st

from kzreforms.model import KINDS, Dataset, Event, Figure, GlossaryTerm, Reform, Step, Threshold

# Any text a data file can hold: not empty, not only spaces, no lone surrogates.
texts = st.text(alphabet=st.characters(exclude_categories=("Cs",)), min_size=1, max_size=40).filter(
    lambda value: value.strip() != ""
)
numbers = st.one_of(
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
)
dates = st.dates().map(lambda d: f"{d.year:04d}-{d.month:02d}-{d.day:02d}") | st.integers(1000, 9999).map(str)
optional_texts = st.none() | texts

steps = st.builds(Step, value=numbers, date=st.none() | dates, source=optional_texts)
thresholds = st.builds(
    Threshold,
    label=texts,
    after=numbers,
    unit=st.sampled_from(["%", "members", "citizens"]) | texts,
    before=st.none() | numbers,
    steps=st.lists(steps, max_size=2).map(tuple),
    source=optional_texts,
)
figures = st.builds(Figure, label=texts, value=numbers, unit=texts, source=optional_texts)


def _reform(reform_id: int) -> st.SearchStrategy[Reform]:
    return st.builds(
        Reform,
        id=st.just(reform_id),
        kind=st.sampled_from(KINDS),
        title=texts,
        before=texts,
        after=texts,
        topics=st.lists(texts, min_size=1, max_size=3).map(tuple),
        sources=st.lists(texts, min_size=1, max_size=2).map(tuple),
        before_short=optional_texts,
        after_short=optional_texts,
        measures=st.lists(texts, max_size=2).map(tuple),
        thresholds=st.lists(thresholds, max_size=2).map(tuple),
        figures=st.lists(figures, max_size=2).map(tuple),
        events=st.lists(
            st.builds(Event, date=dates, text=texts, source=texts, reform=st.just(reform_id)), max_size=2
        ).map(tuple),
    )


@st.composite
def datasets(draw: st.DrawFn) -> Dataset:
    ids = draw(st.lists(st.integers(-1000, 10**9), min_size=1, max_size=5, unique=True))
    reforms = tuple(draw(_reform(reform_id)) for reform_id in ids)
    events = tuple(
        draw(st.lists(st.builds(Event, date=dates, text=texts, source=texts, reform=st.none()), max_size=2))
    )
    terms = draw(st.lists(texts, max_size=3, unique_by=str.casefold))
    glossary = tuple(
        GlossaryTerm(term, draw(texts), tuple(draw(st.lists(texts, max_size=2)))) for term in terms
    )
    return Dataset(reforms, events, glossary)
