"""The views through the command line: thresholds as bars, the timeline, topics, the glossary,
the sources, and saved pictures. Fixed content: tests/data/sample.toml (``--data SAMPLE``)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .conftest import SAMPLE, Run, plain
from .conftest import run as run_cli


def run(*args: str, columns: int = 80) -> Run:
    return run_cli("--data", str(SAMPLE), *args, columns=columns)


def widest(output: str) -> int:
    return max(len(line.rstrip()) for line in output.splitlines())


def flat(output: str) -> str:
    return " ".join(output.split())


# --------------------------------------------------------------------------------------
# show --only before-after: the comparison alone
# --------------------------------------------------------------------------------------


def test_show_only_before_after_at_80_columns() -> None:
    result = run("show", "5", "--only", "before-after")
    assert (result.code, result.stderr) == (0, "")
    assert plain(result.stdout) == plain(
        """\
5. Lower threshold to enter the Mazhilis
Reforms of 2019–2021 · replaced by entry 12
╭───────────────────────────────────────┬──────────────────────────────────────╮
│ Before                                │ After                                │
├───────────────────────────────────────┼──────────────────────────────────────┤
│ A party needed at least 7% of the     │ A party needs at least 5% of the     │
│ vote to win seats in the Mazhilis,    │ vote to win seats in the Mazhilis.   │
│ the lower house of parliament. [1]    │ [1][2][3]                            │
╰───────────────────────────────────────┴──────────────────────────────────────╯

Sources
[1] "Joy Cho, "Significant reforms have been implemented since President
    Tokayev's election in June 2019", The Korea Post"
[2] "Kazinform, 15 Jan 2021"
[3] "Interfax, 19 Jan 2023, "Kazakh president dissolves lower parliamentary
    chamber""
"""
    )


def test_show_only_before_after_lists_only_the_sources_it_cites(tmp_path: Path) -> None:
    whole = run("show", "12").stdout
    alone = run("show", "12", "--only", "before-after").stdout
    assert "[2] Human Rights Watch" in whole  # cited by an assessment, not by before or after
    assert alone.endswith(
        "Sources\n"
        '[1] "Joy Cho, "Significant reforms have been implemented since President\n'
        '    Tokayev\'s election in June 2019", The Korea Post"\n'
    )
    assert "[2]" not in alone and "Human Rights Watch" not in alone
    picture = tmp_path / "twelve.svg"
    saved = run("show", "12", "--only", "before-after", "--svg", str(picture))
    assert saved.stdout == alone
    svg = picture.read_text(encoding="utf-8")
    assert "Assessments" not in svg and "Human&#160;Rights" not in svg and "Human Rights" not in svg


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--only", "thresholds"], "--only must be before-after, not 'thresholds'"),
        (["--only", "before-after", "--json"], "--only is for the view; --json gives the whole entry"),
        (
            ["--only", "before-after", "--at", "2021"],
            "--only before-after shows the entry's before and after, not a date's rules: drop --at",
        ),
    ],
)
def test_show_only_refuses_what_it_cannot_show(options: list[str], message: str) -> None:
    result = run("show", "5", *options)
    assert (result.code, result.stdout, result.stderr) == (2, "", f"kzreforms: error: {message}\n")


# --------------------------------------------------------------------------------------
# Thresholds
# --------------------------------------------------------------------------------------


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
    assert widest("\n".join(lines)) <= 120


def test_thresholds_with_none_to_show() -> None:
    result = run("thresholds", "--topic", "human rights")
    assert (result.code, result.stdout) == (0, "No thresholds.\n")


def test_thresholds_json() -> None:
    rows = json.loads(run("thresholds", "--json").stdout)
    assert [(row["reform"], row["before"], row["after"], row["unit"]) for row in rows] == [
        (2, 40000, 5000, "members"),
        (2, 600, 200, "members"),
        (2, 1000, 700, "citizens"),
        (3, None, 30, "%"),
        (5, 7, 5, "%"),
    ]
    assert rows[0]["sources"] == ["joy-cho-significant-reforms-ha"]
    assert rows[0]["steps"] == [
        {"value": 20000, "date": "2020-05", "sources": ["qazaq-tv-kazakh-senate-adopts"]}
    ]
    assert rows[0]["change"] == {"amount": -87.5, "unit": "%"}


# --------------------------------------------------------------------------------------
# Timeline
# --------------------------------------------------------------------------------------


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


def test_timeline_at_40_columns_stacks_each_event() -> None:
    result = run("timeline", "--topic", "parliament", columns=40)
    assert plain(result.stdout) == plain(
        """\
Jun 2019
context
Tokayev is elected president; the
article dates the reforms from this
election.

15 Jan 2021
5 Lower threshold to enter the Mazhilis
The President proposes lowering the
barrier for the Mazhilis from 7% to 5%.

Jan 2022
context
Mass protests and violence in
Kazakhstan. According to the article,
protests that began over a rise in
liquefied gas (LPG) prices turned
violent; it reports 238 people killed
and 173 of 418 suspects in prison, and
names corruption and the wealth gap
among the reported causes.

19 Mar 2023
5 Lower threshold to enter the Mazhilis
The 5% barrier applies at the Mazhilis
election.

Not dated in the sources: 11 Stronger
representative bodies and maslikhats
"""
    )


def test_timeline_holds_the_events_in_date_order() -> None:
    events = json.loads(run("timeline", "--json").stdout)
    dates = [event["date"] for event in events]
    for earlier, later in [
        ("2019-06", "2020-05-25"),
        ("2020-05-25", "2020-05"),  # a date known to the month comes after the days in it
        ("2020-05", "2021-07-25"),
        ("2021-07-25", "2022-01"),
        ("2022-01", "2022-06-05"),
        ("2022-11-05", "2022"),
        ("2022", "2023-03-19"),
    ]:
        assert dates.index(earlier) < dates.index(later), (earlier, later)
    assert list(events[0]) == ["date", "text", "sources", "reform"]
    assert events[0]["reform"] is None
    context = [event for event in events if event["reform"] is None]
    assert [event["date"] for event in context] == ["2019-06", "2022-01"]


def test_the_context_events_are_marked_context() -> None:
    lines = [line.rstrip() for line in run("timeline", columns=80).stdout.splitlines()]
    assert lines[0] == "Jun 2019     context"
    assert "Jan 2022     context" in lines
    assert sum(line.endswith("  context") for line in lines) == 2


@pytest.mark.parametrize("columns", [40, 80, 120])
def test_timeline_fits_the_width(columns: int) -> None:
    output = run("timeline", columns=columns).stdout
    assert widest(output) <= columns
    for fact in ["25 Jul 2021", "730 posts", "5 Jun 2022", "238 people killed", "5.8%", "40,000 to 20,000"]:
        assert fact in flat(output), fact
    assert "\n\n\n" not in output  # one blank line between events, never two


# --------------------------------------------------------------------------------------
# Topics, glossary, sources
# --------------------------------------------------------------------------------------


def test_topics_at_80_columns() -> None:
    result = run("topics", columns=80)
    assert plain(result.stdout) == plain(
        """\
 Topic               Entries   IDs
─────────────────────────────────────────────────────
 elections                 7   2, 3, 4, 5, 6, 10, 12
 constitution              5   10, 11, 12, 13, 14
 civil liberties           3   1, 7, 8
 local government          3   4, 11, 14
 political parties         3   2, 3, 5
 presidency                3   12, 13, 14
 human rights              2   7, 9
 parliament                2   5, 11
 criminal law              1   7
 representation            1   3
"""
    )
    rows = json.loads(run("topics", "--json").stdout)
    assert list(rows[0].items()) == [("topic", "elections"), ("count", 7), ("ids", [2, 3, 4, 5, 6, 10, 12])]
    assert all(list(row) == ["topic", "count", "ids"] for row in rows)  # the documented key order


@pytest.mark.parametrize("columns", [40, 120])
def test_topics_keep_every_topic_whole(columns: int) -> None:
    output = run("topics", columns=columns).stdout
    assert widest(output) <= columns
    assert "…" not in output
    assert " representation " in output  # its longest word, not cut to "representati…"
    assert "10, 11, 12," in output


@pytest.mark.parametrize("spelling", ["CONSTITUTION", "Constitution", "constitution"])
def test_topic_filters_list_and_search_in_any_case(spelling: str) -> None:
    listed = json.loads(run("list", "--topic", spelling, "--json").stdout)
    assert [entry["id"] for entry in listed] == [10, 11, 12, 13, 14]
    found = json.loads(run("search", "president", "--topic", spelling, "--json").stdout)
    assert {hit["id"] for hit in found} <= {10, 11, 12, 13, 14} and found


def test_an_unknown_topic_names_the_topics() -> None:
    result = run("search", "quota", "--topic", "sport")
    assert (result.code, result.stdout) == (1, "")
    assert result.stderr == (
        "kzreforms: error: no topic 'sport'; topics: elections, constitution, civil liberties, "
        "local government, political parties, presidency, human rights, parliament, criminal law, "
        "representation\n"
    )


@pytest.mark.parametrize("name", ["parties", "Political", "political part"])
def test_a_topic_is_named_by_a_word_or_the_start_of_its_name(name: str) -> None:
    assert (
        run("thresholds", "--topic", name).stdout == run("thresholds", "--topic", "political parties").stdout
    )
    assert run("list", "--topic", name).code == 0


def test_a_word_of_two_topics_or_two_letters_name_no_topic() -> None:
    from kzreforms.query import UnknownName, topic_named

    with pytest.raises(UnknownName) as raised:
        topic_named("civil", ["civil liberties", "civil society", "courts"])
    assert str(raised.value) == "no topic 'civil'; topics: civil liberties, civil society"
    result = run("list", "--topic", "lo")  # the start of "local government", but too short to say so
    assert (result.code, result.stdout) == (1, "")
    assert result.stderr.startswith("kzreforms: error: no topic 'lo'; ")


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


@pytest.mark.parametrize("columns", [40, 80, 120])
def test_glossary_lists_every_term(columns: int) -> None:
    output = run("glossary", columns=columns).stdout
    assert widest(output) <= columns
    for name in [
        "akim (akims)",
        "maslikhat (maslikhats)",
        "Mazhilis",
        "Senate",
        "quasi-state company (quasi-state companies)",
    ]:
        assert name in flat(output), name
    assert "Used in: 4" in output.splitlines()
    terms = json.loads(run("glossary", "--json").stdout)
    assert len(terms) == 11
    assert list(terms[0]) == ["term", "meaning", "aliases", "used_in"]
    assert json.loads(run("glossary", "maslikhat", "--json").stdout)["used_in"] == [11]


def test_an_unknown_glossary_term() -> None:
    result = run("glossary", "zakon")
    assert (result.code, result.stdout) == (1, "")
    assert result.stderr == (
        "kzreforms: error: no glossary term 'zakon'; glossary terms: akim, maslikhat, Mazhilis, Senate, "
        "quasi-state company, ombudsperson, ICCPR, Second Optional Protocol, party list, against all, "
        "referendum\n"
    )
    close = run("glossary", "maslikat")
    assert close.stderr == "kzreforms: error: no glossary term 'maslikat'; did you mean 'maslikhat'?\n"


def test_show_lists_the_glossary_terms_its_entry_uses() -> None:
    output = run("show", "4").stdout
    glossary = output[output.index("\nGlossary\n") : output.index("\nSources\n")]
    assert "• akim: The appointed or elected head" in glossary
    assert "Mazhilis" not in glossary


def test_sources_at_80_columns() -> None:
    output = run("sources", columns=80).stdout
    assert output.startswith(
        "joy-cho-significant-reforms-ha  news\n"
        '  "Joy Cho, "Significant reforms have been implemented since President Tokayev\'s\n'
        '  election in June 2019", The Korea Post"\n'
        "  Cited by: 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14\n"
        "\n"
    )
    assert plain(output).endswith(
        "law-333  law\n"
        '  Parliament of Kazakhstan, "On the procedure for organizing and holding\n'
        '  peaceful assemblies", 25 May 2020, No. 333-VI\n'
        "  https://adilet.zan.kz/eng/docs/Z2000000333\n"
        "  Cited by: 1\n"
        "\n"
        "hrw-2026  report\n"
        '  Human Rights Watch, "Kazakhstan: Draft Constitution Threatens Rights",\n'
        "  16 Feb 2026\n"
        "  Cited by: 12\n"
    )


@pytest.mark.parametrize("columns", [40, 120])
def test_sources_fit_the_width_and_list_every_source(columns: int) -> None:
    output = run("sources", columns=columns).stdout
    assert widest(output) <= columns
    keys = [line.split()[0] for line in output.splitlines() if line and not line.startswith(" ")]
    assert len(keys) == 22 and keys[-2:] == ["law-333", "hrw-2026"]
    # an address too long for the line is cut before a slash, as a style guide cuts one
    address = (
        ["https://adilet.zan.kz/eng/docs/Z2000000333"]
        if columns > 44
        else ["https://adilet.zan.kz/eng/docs", "/Z2000000333"]
    )
    assert "\n".join(f"  {line}" for line in address) + "\n" in output


# --------------------------------------------------------------------------------------
# list and show through the command line
# --------------------------------------------------------------------------------------


def test_list_shows_status_and_the_as_of_date_at_its_foot() -> None:
    output = run("list", columns=80).stdout
    assert "       7% of the vote → 5% of the vote\n" in plain(output)
    assert "       (replaced by entry 12)\n" in plain(output)
    assert plain(output).endswith("\n14 entries; data as of 30 Nov 2026. Sources: kzreforms show ID.\n")
    assert (
        "2. Registering a political party\nReforms of 2019–2021 · in force from 2022\n"
        in run("show", "2").stdout
    )


def test_show_numbers_each_fact_and_lists_its_sources_once() -> None:
    output = plain(run("show", "1", columns=80).stdout)
    assert "│ in advance. [1]                       │ peaceful assembly. [1][2][3][4]      │" in output
    assert "25 May 2020  Law No. 333-VI on peaceful assemblies replaces the 1995 law:" in output
    assert "             assemblies now need a notification, not a permission. [5][3]" in output
    foot = output[output.index("\nSources\n") :]
    assert [line[:3] for line in foot.splitlines() if line.startswith("[")] == [
        "[1]",
        "[2]",
        "[3]",
        "[4]",
        "[5]",
    ]
    assert "[4] Parliament of Kazakhstan," in foot
    assert "    https://adilet.zan.kz/eng/docs/Z2000000333\n" in foot
    assert foot.count("Joy Cho") == 1
    assert output.count("Joy Cho") == 1  # only at the foot: each fact has a number


# --------------------------------------------------------------------------------------
# Saved pictures
# --------------------------------------------------------------------------------------


class _Balanced(HTMLParser):
    """Checks that every opened element is closed, in order."""

    VOID = frozenset({"meta", "br", "link", "img", "hr", "input"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.links: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.links.append(dict(attrs).get("href"))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack.pop() == tag


@pytest.mark.parametrize(
    ("command", "numbers"),
    [
        (["show", "2"], ["40,000", "5,000", "−87.5%", "20,000", "[1]", "[4]"]),
        (["show", "1"], ["333-VI", "25 May 2020", "[5]"]),
        (["list"], ["40,000", "−87.5%", "−2 pp", "+30 pp", "30 Nov 2026"]),
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
    html_text = html.read_text(encoding="utf-8")
    checker.feed(html_text)
    assert checker.stack == []
    for number in numbers:
        assert number in svg_text, number
        assert number in html_text, number
    if command == ["show", "1"]:
        # The title links to the address (on each line it spans); nothing else links.
        assert set(checker.links) == {"https://adilet.zan.kz/eng/docs/Z2000000333"}


@pytest.mark.parametrize("command", [["show", "5"], ["list"], ["thresholds"], ["timeline"]])
def test_a_picture_does_not_go_with_json(tmp_path: Path, command: list[str]) -> None:
    result = run(*command, "--json", "--svg", str(tmp_path / "v.svg"), "--html", str(tmp_path / "v.html"))
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == (
        "kzreforms: error: --svg, --html and --png save the view as it looks; they do not go with --json\n"
    )
    assert not (tmp_path / "v.svg").exists() and not (tmp_path / "v.html").exists()
