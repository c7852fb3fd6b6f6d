"""The views: thresholds as bars, the timeline, topics, the glossary, and saved pictures."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .conftest import plain, run


def test_thresholds_at_40_columns() -> None:
    result = run("thresholds", "--topic", "political parties", columns=40)
    assert result.code == 0
    assert plain(result.stdout) == plain(
        """\
2 Members needed to register a party
−87.5%
before ████████████████ 40,000 members
step   ████████         20,000 members
                        (May 2020)
after  ██               5,000 members

2 Members in each regional branch
−66.7%
before █████████████████████ 600 members
after  ███████               200 members

2 Citizens in the founding initiative
group  −30%
before ██████████████████ 1,000 citizens
after  ████████████▌      700 citizens

3 Share of women and young people on
party lists  +30 pp
before                              none
after  ████████████████████████████ 30%

5 Vote share a party needs to enter the
Mazhilis  −2 pp
before ██████████████████████████████ 7%
after  █████████████████████▍         5%
"""
    )


def test_thresholds_at_80_columns_share_one_scale_per_threshold() -> None:
    result = run("thresholds", "--topic", "parliament", columns=80)
    assert plain(result.stdout) == plain(
        """\
5 Vote share a party needs to enter the Mazhilis  −2 pp
before ██████████████████████████████████████████████████ 7%
after  ███████████████████████████████████▋               5%
"""
    )


def test_thresholds_at_120_columns_keep_bars_readable() -> None:
    lines = run("thresholds", columns=120).stdout.splitlines()
    assert max(line.count("█") for line in lines) == 50
    assert "step   █████████████████████████                          20,000 members (May 2020)" in lines


def test_thresholds_json() -> None:
    rows = json.loads(run("thresholds", "--json").stdout)
    assert [(row["reform"], row["before"], row["after"], row["unit"]) for row in rows] == [
        (2, 40000, 5000, "members"),
        (2, 600, 200, "members"),
        (2, 1000, 700, "citizens"),
        (3, None, 30, "%"),
        (5, 7, 5, "%"),
    ]
    assert list(rows[0]) == [
        "reform",
        "reform_title",
        "label",
        "before",
        "after",
        "unit",
        "change",
        "steps",
        "source",
    ]


def test_timeline_in_date_order_at_80_columns() -> None:
    result = run("timeline", "--topic", "local government", columns=80)
    assert plain(result.stdout) == plain(
        """\
Jun 2019     context
             Tokayev is elected president; the article dates the reforms from
             this election.
May 2021     4 Direct election of rural akims
             Laws on the direct election of rural akims are signed.
25 Jul 2021  4 Direct election of rural akims
             First direct elections of rural akims, for 730 posts.
Jan 2022     context
             Mass protests and violence in Kazakhstan. According to the article,
             protests that began over a rise in liquefied gas (LPG) prices
             turned violent; it reports 238 people killed and 173 of 418
             suspects in prison, and names corruption and the wealth gap among
             the reported causes.

Not dated in the sources: 11 Stronger representative bodies and maslikhats; 14
Regional acts beyond the president's veto
"""
    )


def test_timeline_holds_the_milestones_in_order() -> None:
    events = json.loads(run("timeline", "--json").stdout)
    dates = [event["date"] for event in events]
    for earlier, later in [
        ("2019-06", "2020-05-25"),
        ("2020-05-25", "2021-07-25"),
        ("2021-07-25", "2022-01"),
        ("2022-01", "2022-06-05"),
        ("2022-06-05", "2022"),
    ]:
        assert dates.index(earlier) < dates.index(later)
    assert list(events[0]) == ["date", "text", "source", "reform"]
    assert events[0]["reform"] is None


@pytest.mark.parametrize("columns", [40, 80, 120])
def test_timeline_fits_the_width(columns: int) -> None:
    output = run("timeline", columns=columns).stdout
    assert max(len(line.rstrip()) for line in output.splitlines()) <= columns
    flat = " ".join(output.split())
    for fact in ["25 Jul 2021", "730 posts", "5 Jun 2022", "238 people killed", "5.8%"]:
        assert fact in flat


def test_topics_with_counts() -> None:
    result = run("topics", columns=80)
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert lines[0].split() == ["Topic", "Entries", "IDs"]
    assert lines[2] == " elections                 7   2, 3, 4, 5, 6, 10, 12"
    assert json.loads(run("topics", "--json").stdout)[0] == {
        "topic": "elections",
        "count": 7,
        "ids": [2, 3, 4, 5, 6, 10, 12],
    }


@pytest.mark.parametrize("spelling", ["CONSTITUTION", "Constitution", "constitution"])
def test_topic_filters_list_and_search_in_any_case(spelling: str) -> None:
    listed = json.loads(run("list", "--topic", spelling, "--json").stdout)
    assert [entry["id"] for entry in listed] == [10, 11, 12, 13, 14]
    found = json.loads(run("search", "president", "--topic", spelling, "--json").stdout)
    assert {hit["id"] for hit in found} <= {10, 11, 12, 13, 14} and found


def test_an_unknown_topic_names_the_topics() -> None:
    result = run("search", "quota", "--topic", "sport")
    assert result.code == 1
    assert result.stderr.startswith("kzreforms: error: no topic 'sport'; topics: elections, constitution,")


def test_glossary_term_in_any_form() -> None:
    result = run("glossary", "AKIMS", columns=80)
    assert plain(result.stdout) == plain(
        """\
akim (akims)
The appointed or elected head of a local executive body: a region, city,
district or rural area.
Used in: 4
"""
    )


def test_glossary_lists_every_term() -> None:
    terms = json.loads(run("glossary", "--json").stdout)
    names = [term["term"] for term in terms]
    for name in ["akim", "maslikhat", "Mazhilis", "Senate", "quasi-state company", "ombudsperson"]:
        assert name in names
    assert list(terms[0]) == ["term", "meaning", "forms", "used_in"]
    assert json.loads(run("glossary", "maslikhat", "--json").stdout)["used_in"] == [11]


def test_an_unknown_glossary_term() -> None:
    result = run("glossary", "zakon")
    assert result.code == 1
    assert result.stderr.startswith("kzreforms: error: no glossary term 'zakon'; terms: akim, maslikhat,")


def test_show_lists_the_glossary_terms_its_entry_uses() -> None:
    output = run("show", "4").stdout
    glossary = output[output.index("Glossary") : output.index("Sources")]
    assert "akim: The appointed or elected head" in glossary
    assert "Mazhilis" not in glossary


class _Balanced(HTMLParser):
    """Checks that every opened element is closed, in order."""

    VOID = frozenset({"meta", "br", "link", "img", "hr", "input"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack.pop() == tag


@pytest.mark.parametrize(
    ("command", "numbers"),
    [
        (["show", "2"], ["40,000", "5,000", "−87.5%", "20,000"]),
        (["list"], ["40,000", "−87.5%", "−2 pp", "+30 pp"]),
        (["thresholds"], ["40,000", "5,000", "7%", "5%", "−2 pp"]),
        (["timeline"], ["25 Jul 2021", "730", "238"]),
    ],
)
def test_svg_and_html_are_well_formed_and_hold_the_numbers(
    tmp_path: Path, command: list[str], numbers: list[str]
) -> None:
    svg, html = tmp_path / "view.svg", tmp_path / "view.html"
    result = run(*command, "--svg", str(svg), "--html", str(html))
    assert result.code == 0
    assert result.stderr == f"Saved {svg}\nSaved {html}\n"
    root = ElementTree.parse(svg).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    svg_text = "".join(root.itertext()).replace("\xa0", " ")
    checker = _Balanced()
    checker.feed(html.read_text(encoding="utf-8"))
    assert checker.stack == []
    html_text = html.read_text(encoding="utf-8")
    for number in numbers:
        assert number in svg_text, number
        assert number in html_text, number


def test_a_saved_picture_is_never_replaced_without_force(tmp_path: Path) -> None:
    svg = tmp_path / "view.svg"
    svg.write_text("mine", encoding="utf-8")
    result = run("show", "5", "--svg", str(svg))
    assert (result.code, result.stdout) == (1, "")
    assert result.stderr == f"kzreforms: error: {svg}: already exists (use --force to replace it)\n"
    assert svg.read_text(encoding="utf-8") == "mine"
    assert run("show", "5", "--svg", str(svg), "--force").code == 0
    assert svg.read_text(encoding="utf-8").startswith("<svg")


def test_a_picture_does_not_go_with_json(tmp_path: Path) -> None:
    result = run("show", "5", "--json", "--svg", str(tmp_path / "v.svg"))
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == (
        "kzreforms: error: --svg and --html save the view as it looks; they do not go with --json\n"
    )
    assert not (tmp_path / "v.svg").exists()
