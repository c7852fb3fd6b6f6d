"""Property-based tests: the loader on anything, search on any query."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kzreforms import data
from kzreforms.model import Dataset
from kzreforms.search import search

from .conftest import run

SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

keys = st.text(min_size=1, max_size=12)
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
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=4),
    max_leaves=20,
)
REFORM_KEYS = [
    "id", "kind", "title", "before", "after", "before_short", "after_short", "topics",
    "measures", "sources", "thresholds", "figures", "events", "glossary", "extra",
]  # fmt: skip
# Documents shaped like ours, with any values: they reach deep into the validation.
reform_like = st.dictionaries(st.sampled_from(REFORM_KEYS), values, max_size=10)
documents = st.one_of(
    st.dictionaries(keys, values, max_size=5),
    st.fixed_dictionaries(
        {"reforms": st.lists(reform_like, max_size=4)},
        optional={"events": values, "glossary": values},
    ),
)


def load_or_clean_error(path: Path) -> Dataset | None:
    """A dataset, or None for the project's own one-line error; anything else fails the test."""
    try:
        return data.parse(path)
    except data.DataError as problem:
        assert str(problem).startswith(str(path))
        assert "\n" not in str(problem)
        return None


@SETTINGS
@given(content=st.binary(max_size=400))
def test_the_loader_on_arbitrary_bytes(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "any.toml"
    path.write_bytes(content)
    load_or_clean_error(path)


@SETTINGS
@given(document=documents)
def test_the_loader_on_arbitrary_toml_documents(tmp_path: Path, document: dict[str, Any]) -> None:
    path = tmp_path / "any.toml"
    path.write_text(tomli_w.dumps(document), encoding="utf-8")
    dataset = load_or_clean_error(path)
    if dataset is not None:
        assert isinstance(dataset, Dataset)


@SETTINGS
@given(query=st.text(max_size=60))
def test_search_never_fails_on_any_query(bundled: Dataset, query: str) -> None:
    result = search(bundled.reforms, query, limit=5)
    assert result.total >= len(result.hits)
    for hit in result.hits:
        for start, end in hit.snippet.spans:
            assert 0 <= start < end <= len(hit.snippet.text)


@pytest.mark.parametrize(
    "query",
    ["(", "[a-z]+", ".*", "\\", "a|b", "quota)", "әкім", "Қазақстан", "x" * 5000, "🙂", "\x1b[2J", "0"],
)
def test_search_on_odd_queries_answers_cleanly(query: str) -> None:
    result = run("search", query)
    if result.code == 2:  # nothing in it to search for
        assert result.stderr.endswith("has no words to search for\n")
    else:
        assert result.code in (0, 1)
    assert "Traceback" not in result.stderr
    assert "\x1b" not in result.stdout + result.stderr


def test_a_toml_date_is_accepted_as_a_date(tmp_path: Path) -> None:
    path = tmp_path / "dated.toml"
    document = {
        "reforms": [
            {
                "id": 1, "kind": "package", "title": "T", "before": "B", "after": "A",
                "topics": ["t"], "sources": ["s"],
                "events": [{"date": datetime.date(2022, 6, 5), "text": "Referendum", "source": "s"}],
            }
        ]
    }  # fmt: skip
    path.write_text(tomli_w.dumps(document), encoding="utf-8")
    assert data.parse(path).reforms[0].events[0].date == "2022-06-05"
