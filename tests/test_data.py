"""The bundled data holds the article's facts, cited, and every invalid file gets its exact message."""

from __future__ import annotations

from pathlib import Path

import pytest

from kzreforms import data
from kzreforms.model import Dataset, Threshold

from .conftest import ROOT, TESTS

ARTICLE = "The Korea Post"
INVALID = sorted((TESTS / "data" / "invalid").glob("*.toml"))


def threshold(dataset: Dataset, reform_id: int, label_word: str) -> Threshold:
    reform = dataset.get(reform_id)
    assert reform is not None
    return next(t for t in reform.thresholds if label_word in t.label)


def test_the_nine_packages_come_first_in_the_articles_order(bundled: Dataset) -> None:
    packages = [r for r in bundled.reforms if r.kind == "package"]
    assert [r.id for r in packages] == list(range(1, 10))
    words = [
        "assembly",
        "party",
        "quota",
        "akims",
        "Mazhilis",
        "against all",
        "Libel",
        "petitions",
        "ombudsperson",
    ]
    for reform, word in zip(packages, words, strict=True):
        assert word.casefold() in reform.title.casefold()


def test_the_2022_constitutional_changes_are_entries_of_their_own(bundled: Dataset) -> None:
    changes = [r for r in bundled.reforms if r.kind == "constitutional"]
    assert [r.id for r in changes] == [10, 11, 12, 13, 14]
    after = " ".join(r.after for r in changes)
    for fact in [
        "5 June 2022",
        "maslikhats",
        "seven-year",
        "quasi-state companies",
        "regions, districts and cities",
    ]:
        assert fact in after


def test_party_registration_moved_from_40000_to_5000_by_way_of_20000(bundled: Dataset) -> None:
    members = threshold(bundled, 2, "register")
    assert (members.before, members.after, members.unit) == (40000, 5000, "members")
    assert [(s.value, s.date) for s in members.steps] == [(20000, "2020-05")]
    assert members.change is not None and members.change.amount == -87.5


def test_mazhilis_threshold_moved_from_7_to_5_percent(bundled: Dataset) -> None:
    vote = threshold(bundled, 5, "Mazhilis")
    assert (vote.before, vote.after, vote.unit) == (7, 5, "%")
    assert vote.change is not None and (vote.change.amount, vote.change.unit) == (-2, "pp")


def test_the_quota_had_no_before(bundled: Dataset) -> None:
    quota = threshold(bundled, 3, "women")
    assert (quota.before, quota.after, quota.unit) == (None, 30, "%")


def test_against_all_figure_is_the_articles_5_8_percent(bundled: Dataset) -> None:
    reform = bundled.get(6)
    assert reform is not None
    assert [(f.value, f.unit) for f in reform.figures] == [(5.8, "%")]
    assert "5.8%" in reform.after


def test_every_entry_cites_the_article_and_has_topics(bundled: Dataset) -> None:
    for reform in bundled.reforms:
        assert ARTICLE in reform.sources[0], reform.id
        assert reform.topics, reform.id


def test_facts_beyond_the_article_carry_their_source(bundled: Dataset) -> None:
    for reform in bundled.reforms:
        for event in reform.events:
            assert event.source.strip()
            cited = [part.strip() for part in event.source.split(";")]
            assert any(c.split(",")[0].lower() in " ".join(reform.sources).lower() for c in cited), event


def test_the_articles_context_is_attributed_to_it(bundled: Dataset) -> None:
    dates = {event.date: event for event in bundled.events}
    assert "2019-06" in dates and "2022-01" in dates
    unrest = dates["2022-01"]
    assert "According to the article" in unrest.text
    for figure in ["238", "173", "418"]:
        assert figure in unrest.text
    assert all(ARTICLE in event.source for event in bundled.events)


def test_where_the_source_gives_no_before_the_entry_says_so(bundled: Dataset) -> None:
    for reform_id in (10, 11, 12, 13):
        reform = bundled.get(reform_id)
        assert reform is not None and "source does not state" in reform.before


def test_the_bundled_file_is_found_from_a_checkout() -> None:
    assert data.bundled_path() == ROOT / "data" / "reforms.toml"


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_file_gets_its_exact_message(path: Path) -> None:
    expected = path.with_suffix(".error").read_text(encoding="utf-8").replace("{path}", str(path))
    with pytest.raises(data.DataError) as raised:
        data.load(path)
    assert str(raised.value) == expected
    assert "\n" not in str(raised.value)


def test_every_problem_is_collected(tmp_path: Path) -> None:
    path = tmp_path / "many.toml"
    path.write_text(
        '[[reforms]]\nid = 1\ntitle = 3\n\n[[reforms]]\nid = 1\nkind = "package"\n', encoding="utf-8"
    )
    with pytest.raises(data.DataError) as raised:
        data.load(path)
    assert raised.value.problems[:3] == [
        f"{path}: reform 1: missing field 'kind'",
        f"{path}: reform 1: field 'title' must be a string, not integer",
        f"{path}: reform 1: missing field 'before'",
    ]
    assert str(raised.value).endswith(f"(and {len(raised.value.problems) - 1} more problems)")


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("missing", "{path}: no such file"),
        ("folder", "{path}: is a folder, not a data file"),
    ],
)
def test_unusable_paths(tmp_path: Path, setup: str, message: str) -> None:
    path = tmp_path / "reforms.toml"
    if setup == "folder":
        path.mkdir()
    with pytest.raises(data.DataError) as raised:
        data.load(path)
    assert str(raised.value) == message.format(path=path)
