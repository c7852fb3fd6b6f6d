"""Property-based tests: the loader on anything, search on any data and any query.

The documents and datasets are derived from model.py (see tests/strategies.py): none of
this file lists the fields of a record.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import msgspec
import pytest
import tomli_w
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

from kzreforms import data, export
from kzreforms.model import Dataset
from kzreforms.search import WORD, build_index, query_words, search

from .conftest import SAMPLE, run
from .strategies import datasets
from .test_model import record_types

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],  # "explain" takes minutes here
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Every field name the model declares, and a few it does not: documents shaped like ours.
FIELD_NAMES = sorted({field.name for kind in record_types() for field in msgspec.structs.fields(kind)})
names = st.sampled_from([*FIELD_NAMES, "extra", "Title", ""]) | st.text(max_size=8)
scalars = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(),
    st.text(max_size=30),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.times(),
)
values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(names, children, max_size=4),
    max_leaves=20,
)


def load_or_clean_error(path: Path) -> Dataset | None:
    """A dataset, or None for the project's own one-line error; anything else fails the test."""
    try:
        return data.parse(path)
    except data.DataError as problem:
        assert problem.problems, "an error with no problem in it"
        for line in [str(problem), *problem.problems]:
            assert line.startswith(str(path)), line
            assert "\n" not in line and "\r" not in line
        return None


@SETTINGS
@given(content=st.binary(max_size=400))
def test_the_loader_on_arbitrary_bytes(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "any.toml"
    path.write_bytes(content)
    load_or_clean_error(path)


@SETTINGS
@given(document=st.dictionaries(names, values, max_size=6), as_json=st.booleans())
def test_the_loader_on_arbitrary_documents(tmp_path: Path, document: dict[str, Any], as_json: bool) -> None:
    path = tmp_path / "any.toml"
    if as_json:
        path.write_text(json.dumps(document, default=str), encoding="utf-8")
    else:
        path.write_text(tomli_w.dumps(document), encoding="utf-8")
    load_or_clean_error(path)


@st.composite
def damaged(draw: st.DrawFn) -> tuple[Any, str]:
    """A valid dataset as plain data with one thing changed deep inside: a value replaced or a key removed."""
    document = export.file_record(draw(datasets()))
    where: Any = document
    steps = draw(st.integers(0, 6))
    trail = ""
    for _ in range(steps):
        children = list(where.items()) if isinstance(where, dict) else list(enumerate(where))
        children = [(key, child) for key, child in children if isinstance(child, dict | list) and child]
        if not children:
            break
        key, where = draw(st.sampled_from(children))
        trail += f"/{key}"
    if isinstance(where, list):
        position = draw(st.integers(0, len(where) - 1)) if where else 0
        where[position:position] = [draw(values)]
    else:
        key = draw(st.sampled_from(sorted(where))) if where else "x"
        if draw(st.booleans()) and where:
            del where[key]
        else:
            where[key] = draw(values)
        trail += f"/{key}"
    return document, trail


@pytest.mark.examples
@SETTINGS
@given(case=damaged(), as_json=st.booleans())
def test_the_loader_on_a_valid_dataset_with_one_thing_wrong(
    tmp_path: Path, case: tuple[Any, str], as_json: bool
) -> None:
    document, _ = case
    path = tmp_path / "damaged.toml"
    try:
        text = json.dumps(document, default=str) if as_json else tomli_w.dumps(document)
    except (TypeError, ValueError):
        assume(False)  # not writable in this format (None, or a list of tables and values)
    path.write_text(text, encoding="utf-8")
    dataset = load_or_clean_error(path)
    if dataset is not None:
        assert isinstance(dataset, Dataset)


# --------------------------------------------------------------------------------------
# Search
# --------------------------------------------------------------------------------------


@pytest.mark.examples
@SETTINGS
@given(dataset=datasets(), query=st.text(max_size=40))
def test_search_never_fails_on_any_data_and_query(dataset: Dataset, query: str) -> None:
    result = search(dataset.reforms, query, build_index(dataset), limit=3)
    assert result.total >= len(result.hits) and len(result.hits) <= 3
    assert {hit.reform.id for hit in result.hits} <= {reform.id for reform in dataset.reforms}
    for hit in result.hits:
        for start, end in hit.snippet.spans:
            assert 0 <= start < end <= len(hit.snippet.text)
        for start, end in hit.title_spans:
            assert 0 <= start < end <= len(hit.reform.title)


def a_word(data_: st.DataObject, text: str) -> str:
    """A word of ``text`` that a reader could type to find it: not a number followed by "%",
    which is found as "5%" and never as "5" (README, "search")."""
    words = [
        found.group()
        for found in WORD.finditer(text)
        if query_words(found.group()) == (found.group().casefold(),)
        and not (found.group()[:1].isdigit() and text[found.end() : found.end() + 1] == "%")
    ]
    assume(words)
    word: str = data_.draw(st.sampled_from(words))
    return word


@pytest.mark.examples
@SETTINGS
@given(data_=st.data(), dataset=datasets())
def test_a_word_of_a_title_or_an_alias_finds_its_entry(data_: st.DataObject, dataset: Dataset) -> None:
    assume(dataset.reforms)
    reform = data_.draw(st.sampled_from(dataset.reforms))
    word = a_word(data_, data_.draw(st.sampled_from([reform.title, *reform.aliases])))
    result = search(dataset.reforms, word, build_index(dataset))
    assert reform.id in {hit.reform.id for hit in result.hits}
    assert result.total == len(result.hits) and result.unmatched == ()


@SETTINGS
@given(dataset=datasets(), query=st.text(max_size=20))
def test_the_cached_index_answers_as_a_fresh_one(
    tmp_path_factory: pytest.TempPathFactory, dataset: Dataset, query: str
) -> None:
    path = tmp_path_factory.mktemp("search") / "data.toml"
    path.write_text(export.to_toml(dataset), encoding="utf-8")
    data.load_for_search(path)  # builds and caches
    cached, index = data.load_for_search(path)
    assert cached == dataset and index == build_index(dataset)
    assert search(cached.reforms, query, index) == search(dataset.reforms, query, build_index(dataset))


@SETTINGS
@given(dataset=datasets(), query=st.text(max_size=20), data_=st.data())
def test_only_keeps_the_entries_asked_for(dataset: Dataset, query: str, data_: st.DataObject) -> None:
    ids = [reform.id for reform in dataset.reforms]
    only = data_.draw(st.lists(st.sampled_from(ids), unique=True)) if ids else []
    everything = search(dataset.reforms, query, build_index(dataset))
    some = search(dataset.reforms, query, build_index(dataset), only=only)
    assert [hit.reform.id for hit in some.hits] == [
        hit.reform.id for hit in everything.hits if hit.reform.id in only
    ]


@pytest.mark.parametrize(
    "query",
    ["(", "[a-z]+", ".*", "\\", "a|b", "quota)", "әкім", "Қазақстан", "x" * 5000, "🙂", "\x1b[2J", "0"],
)
def test_search_on_odd_queries_answers_cleanly(query: str) -> None:
    result = run("--data", str(SAMPLE), "search", query)
    if result.code == 2:  # nothing in it to search for
        assert result.stderr.endswith("has no words to search for\n")
    else:
        assert result.code in (0, 1)
    assert "Traceback" not in result.stderr
    assert "\x1b" not in result.stdout + result.stderr


# --------------------------------------------------------------------------------------
# Values the model refuses
# --------------------------------------------------------------------------------------


def test_a_toml_date_is_refused_with_a_hint_to_quote_it(tmp_path: Path, sample: Dataset) -> None:
    document = export.file_record(sample)
    document["reforms"][0]["in_force"] = datetime.date(2022, 6, 5)
    path = tmp_path / "dated.toml"
    path.write_text(tomli_w.dumps(document), encoding="utf-8")
    with pytest.raises(data.DataError) as caught:
        data.parse(path)
    reform_id = sample.reforms[0].id
    assert caught.value.problems == [
        f"{path}: reform {reform_id}: field 'in_force' must be a quoted date like \"2022-06-05\", not a TOML date"
    ]


@pytest.mark.parametrize("field", ["key", "date", "language", "url"])
def test_a_trailing_line_break_is_refused(tmp_path: Path, field: str) -> None:
    document = export.file_record(Dataset(as_of="2026-01-01", sources={}, reforms=()))
    source: dict[str, Any] = {"kind": "law", "title": "A law"}
    key = "law"
    if field == "key":
        key = "law\n"
    else:
        source[field] = {"date": "2020-01-02", "language": "en", "url": "https://example.org"}[field] + "\n"
    document["sources"] = {key: source}
    path = tmp_path / "newline.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(data.DataError):
        data.parse(path)


def test_a_matched_span_is_the_matched_word_whatever_case_folding_does(sample: Dataset) -> None:
    reform = msgspec.structs.replace(sample.reforms[0], title="Straße İİ quota")
    result = search((reform,), "quota", build_index(sample.with_reforms((reform,))))
    (hit,) = result.hits
    assert [reform.title[start:end] for start, end in hit.title_spans] == ["quota"]
