"""`kzreforms assessments`: the independent ratings edition by edition, and who assessed which
entry; as text at fixed widths, JSON, CSV and in the data file's own tables."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import tomli_w

from kzreforms import data

from .conftest import one_entry, run

RATINGS: list[dict[str, Any]] = [
    {
        "by": "A watchdog", "title": "Freedom Index", "measure": "score out of 100", "unit": "of 100",
        "better": "higher", "covers": "Each edition rates the year before it.",
        "scores": [
            {"edition": 2018, "value": 22, "note": "Not Free", "sources": ["article"]},
            {"edition": 2021, "value": 23, "sources": ["report"]},
            {"edition": 2022, "value": 23, "sources": ["report"]},
        ],
    },
    {
        "by": "Press monitor", "title": "Press Index", "measure": "rank among 180 countries", "unit": "of 180",
        "better": "lower", "scores": [{"edition": 2020, "value": 157, "sources": ["report"]},
                                      {"edition": 2021, "value": 155, "sources": ["report"]}],
    },
]  # fmt: skip


def rated(folder: Path, ratings: list[dict[str, Any]] = RATINGS) -> Path:
    document = one_entry(assessments=[{"by": "A rights group", "date": "2022-05-19", "text": "It said so.",
                                       "sources": ["article"]}])  # fmt: skip
    document["sources"]["report"] = {"kind": "report", "title": "The index", "url": "https://example.org/i"}
    document["ratings"] = ratings
    path = folder / "rated.toml"
    path.write_text(tomli_w.dumps(document), encoding="utf-8")
    return path


def test_each_rating_edition_by_edition_with_its_change_and_numbered_sources(tmp_path: Path) -> None:
    shown = run("--data", str(rated(tmp_path)), "assessments")
    assert (shown.code, shown.stderr) == (0, "")
    assert shown.stdout == (
        "A watchdog: Freedom Index\n"
        "Score out of 100; higher is better. Each edition rates the year before it.\n"
        "2018 22 of 100 · Not Free [1]\n"
        "2021 23 of 100 (+1, better) [2]\n"
        "2022 23 of 100 (±0) [2]\n"
        "No source states the 2019 and 2020 editions.\n"
        "\n"
        "Press monitor: Press Index\n"
        "Rank among 180 countries; lower is better.\n"
        "2020 157 of 180 [2]\n"
        "2021 155 of 180 (−2, better) [2]\n"
        "\n"
        "Assessments of single reforms\n"
        "19 May 2022 A rights group on 1. Registering a party\n"
        "kzreforms show ID gives each in full, with its sources.\n"
        "\n"
        "Sources\n"
        '[1] "The article"\n'
        '[2] "The index"\n'
        "    https://example.org/i\n"
    )


def test_a_change_says_whether_it_is_better_or_worse_as_the_rating_counts() -> None:
    from kzreforms import formats

    assert formats.moved(12, "lower") == "+12, worse"  # a rank that rose: RSF 122 -> 134
    assert formats.moved(-33, "lower") == "−33, better"
    assert formats.moved(1, "higher") == "+1, better"
    assert formats.moved(-2.5, "higher") == "−2.5, worse"
    assert formats.moved(0, "lower") == "±0"


def test_at_40_columns_a_long_line_hangs_under_its_edition(tmp_path: Path) -> None:
    lines = run("--data", str(rated(tmp_path)), "assessments", columns=40).stdout.splitlines()
    assert lines[1:4] == ["Score out of 100; higher is better. Each", "edition rates the year before it.",
                          "2018 22 of 100 · Not Free [1]"]  # fmt: skip
    assert "19 May 2022 A rights group on 1." in lines
    assert "            Registering a party" in lines
    assert all(len(line) <= 40 for line in lines)


def test_json_gives_the_ratings_as_in_the_data_and_the_assessments_with_their_entry(tmp_path: Path) -> None:
    report = json.loads(run("--data", str(rated(tmp_path)), "assessments", "--json").stdout)
    assert list(report) == ["ratings", "assessments"]
    assert report["ratings"][0] == {**RATINGS[0], "scores": [
        {"note": None, **score} for score in RATINGS[0]["scores"]]}  # fmt: skip
    assert report["ratings"][1]["covers"] is None
    assert report["assessments"] == [
        {
            "by": "A rights group",
            "date": "2022-05-19",
            "text": "It said so.",
            "sources": ["article"],
            "reform": 1,
        }
    ]


def test_csv_has_a_row_per_edition_the_ratings_and_scores_tables_joined(tmp_path: Path) -> None:
    path = rated(tmp_path)
    table = run("--data", str(path), "assessments", "--csv").stdout
    assert table.splitlines()[:2] == [
        "by,title,measure,unit,better,covers,edition,value,note,sources,as_of",
        "A watchdog,Freedom Index,score out of 100,of 100,higher,Each edition rates the year before it.,"
        "2018,22,Not Free,article,2026-11-30",
    ]
    assert len(table.splitlines()) == 1 + 5
    ratings = run("--data", str(path), "export", "--format", "csv", "--table", "ratings").stdout
    assert ratings.splitlines()[:2] == [
        "id,by,title,measure,unit,better,covers",
        "1,A watchdog,Freedom Index,score out of 100,of 100,higher,Each edition rates the year before it.",
    ]
    scores = run("--data", str(path), "export", "--format", "csv", "--table", "scores").stdout
    assert scores.splitlines()[:2] == ["id,rating_id,position,edition,value,note", "1,1,1,2018,22,Not Free"]


def test_the_ratings_survive_the_data_files_own_formats(tmp_path: Path) -> None:
    path = rated(tmp_path)
    for format_name in ("toml", "json"):
        copy = tmp_path / f"copy.{format_name}"
        copy.write_text(run("--data", str(path), "export", "--format", format_name).stdout, encoding="utf-8")
        assert data.load(copy).ratings == data.load(path).ratings
    markdown = run("--data", str(path), "export", "--format", "markdown").stdout
    assert "## Press monitor: Press Index\n\nrank among 180 countries; lower is better.\n\n" in markdown
    assert "- 2018: 22 of 100 (Not Free) (sources: `article`)\n" in markdown


def test_without_ratings_or_assessments_it_says_so(own: Path) -> None:
    shown = run("--data", str(own), "assessments")
    assert (shown.code, shown.stdout) == (0, "No ratings or assessments.\n")
    assert json.loads(run("--data", str(own), "assessments", "--json").stdout) == {
        "ratings": [],
        "assessments": [],
    }


def test_json_and_csv_together_is_a_usage_error() -> None:
    both = run("assessments", "--json", "--csv")
    assert (both.code, both.stdout, both.stderr) == (
        2,
        "",
        "kzreforms: error: --json and --csv: choose one\n",
    )


def test_the_bundled_ratings_are_the_sources_numbers() -> None:
    ratings = {rating.title: rating for rating in data.load(data.bundled_path()).ratings}
    freedom = {score.edition: score.value for score in ratings["Freedom in the World"].scores}
    press = {score.edition: score.value for score in ratings["World Press Freedom Index"].scores}
    # ../shared/source/FACTS.md, "Independent assessments by year", and the stored pages cited
    assert freedom == {2018: 22, 2020: 23, 2021: 23, 2022: 23, 2023: 23, 2024: 23}
    assert press == {2020: 157, 2021: 155, 2022: 122, 2023: 134, 2024: 142, 2025: 141}
