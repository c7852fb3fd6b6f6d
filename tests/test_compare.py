"""`compare`, `list --at` and `show --at`: the rule of each entry on a day, derived from the data.

Property tests over generated data (tests/strategies.py): on any day an entry is in exactly one
state, the one its dates give; a day compared with itself shows nothing; A with B shows the rows
of B with A, sides swapped. Then fixed cases on the bundled data, each written from what
../shared/source/FACTS.md or the Constitution's text states (cited beside it).
"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kzreforms.compare import (
    STATES,
    BadDay,
    Side,
    compare,
    day_of,
    entries_by_id,
    has_come,
    side_words,
    span,
    state_on,
    subject,
)
from kzreforms.model import Dataset, Reform

from .conftest import plain, run
from .strategies import datasets

days = st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31)).map(
    datetime.date.isoformat
)


@st.composite
def dataset_and_day(draw: st.DrawFn) -> tuple[Dataset, str]:
    """A dataset, and a day that is often at an edge of one of its dates (first or last day, or inside)."""
    dataset = draw(datasets())
    dates = [r.in_force for r in dataset.reforms if r.in_force] + [
        s.date for r in dataset.reforms for t in r.thresholds for s in t.steps if s.date
    ]
    if dates and draw(st.booleans()):
        first, last = span(draw(st.sampled_from(dates)))
        return dataset, draw(st.sampled_from([first, last]))
    return dataset, draw(days)


def expected_state(reform: Reform, day: str, entries: dict[int, Reform]) -> str:
    """The state the dates give, worked out case by case."""
    if reform.status in ("proposed", "not adopted"):
        return "before"
    if reform.in_force is None:
        return "not stated"
    first, last = span(reform.in_force)
    if day < first:
        return "before"
    if day < last:
        return "uncertain"
    if reform.replaced_by is None:
        return "after"
    by = entries.get(reform.replaced_by)
    if by is None or by.in_force is None:
        return "not stated"
    first, last = span(by.in_force)
    return "after" if day < first else "uncertain" if day < last else "replaced"


@pytest.mark.examples
@given(dataset_and_day())
def test_on_any_day_an_entry_is_in_exactly_the_state_its_dates_give(case: tuple[Dataset, str]) -> None:
    dataset, day = case
    entries = entries_by_id(dataset.reforms)
    for reform in dataset.reforms:
        side = state_on(reform, day, entries)
        assert side.state in STATES
        assert side.state == expected_state(reform, day, entries)
        assert (side.rule is None) == (side.state in ("uncertain", "not stated"))
        if side.state == "before":
            assert side.rule == reform.before
        if side.state == "after":
            assert side.rule == reform.after
            assert [v.value for v in side.values] == [t.after for t in reform.thresholds]
        if side.state == "replaced":
            assert side.by is not None and side.rule == side.by.after
            assert all(v.value is None for v in side.values)
        if side.by_then is not None:  # a step on the way: before the change, and by that day
            assert side.state == "before" and span(side.by_then.date)[1] <= day
            assert reform.status not in ("proposed", "not adopted")
            assert reform.in_force is None or span(side.by_then.date)[1] < span(reform.in_force)[0]


@pytest.mark.examples
@given(dataset_and_day())
def test_a_day_compared_with_itself_shows_nothing(case: tuple[Dataset, str]) -> None:
    dataset, day = case
    assert compare(dataset.reforms, day, day).rows == ()
    assert len(compare(dataset.reforms, day, day, everything=True).rows) == len(
        [r for r in dataset.reforms if r.in_force or r.status in ("proposed", "not adopted")]
    )


@pytest.mark.examples
@given(dataset_and_day(), days)
def test_a_with_b_is_b_with_a_sides_swapped(case: tuple[Dataset, str], other: str) -> None:
    dataset, day = case
    forth = compare(dataset.reforms, day, other)
    back = compare(dataset.reforms, other, day)
    assert [(r.reform.id, r.first, r.second) for r in forth.rows] == [
        (r.reform.id, r.second, r.first) for r in back.rows
    ]
    assert forth.undated == back.undated


def test_a_date_stands_for_its_whole_span_and_the_last_day_is_sure() -> None:
    assert span("2022") == ("2022-01-01", "2022-12-31")
    assert span("2024-02") == ("2024-02-01", "2024-02-29")
    assert span("2022-06-08") == ("2022-06-08", "2022-06-08")
    assert day_of("2021") == "2021-12-31" and day_of("2022-09") == "2022-09-30"
    assert (has_come("2022", "2021-12-31"), has_come("2022", "2022-06-01"), has_come("2022", "2022-12-31")) == (
        False, None, True,
    )  # fmt: skip
    for bad, message in [
        ("2022-13", "'2022-13' is not a date in the calendar"),
        ("2023-02-29", "'2023-02-29' is not a date in the calendar"),
        ("0000", "'0000' is not a date in the calendar"),
        ("2022-00", "'2022-00' is not a date in the calendar"),  # once read as all of 2022
        ("2022-06-00", "'2022-06-00' is not a date in the calendar"),  # once all of June
        (
            "soon",
            "'soon' is not a date: use a year (2021), a year and month (2022-09) or a full date (2022-09-17)",
        ),
    ]:
        with pytest.raises(BadDay) as raised:
            day_of(bad)
        assert str(raised.value) == message


# --------------------------------------------------------------------------------------
# The bundled data on fixed days (each expected value from FACTS.md or the Constitution)
# --------------------------------------------------------------------------------------


def on(bundled: Dataset, reform_id: int, day: str) -> Side:
    reform = bundled.get(reform_id)
    assert reform is not None
    return state_on(reform, day, entries_by_id(bundled.reforms))


def numbers(side: Side) -> list[object]:
    return [v.value if v.known else "uncertain" for v in side.values]


def test_the_presidential_term_on_fixed_days(bundled: Dataset) -> None:
    # FACTS.md: five years, two terms in a row, before; Law No. 142-VII of 17 Sep 2022: one of seven.
    assert (on(bundled, 12, "2021-12-31").state, numbers(on(bundled, 12, "2021-12-31"))) == ("before", [5, 2])
    assert (on(bundled, 12, "2022-09-17").state, numbers(on(bundled, 12, "2022-09-17"))) == ("after", [7, 1])
    assert (on(bundled, 12, "2026-12-01").state, numbers(on(bundled, 12, "2026-12-01"))) == ("after", [7, 1])


def test_the_members_a_party_needs_on_fixed_days(bundled: Dataset) -> None:
    # 40,000 until May 2020, then 20,000 (Qazaq TV, Qazweek); 5,000 in 2022 (The Astana Times, baytaq.kz).
    assert numbers(on(bundled, 2, "2019-06-09"))[0] == 40000
    assert numbers(on(bundled, 2, "2020-05-15"))[0] == "uncertain"  # signed some day in May 2020
    assert numbers(on(bundled, 2, "2021-01-01"))[0] == 20000
    assert on(bundled, 2, "2022-09-30").state == "uncertain"  # still 20,000 on 19 Sep 2022 (Musin)
    assert numbers(on(bundled, 2, "2023-01-01")) == [5000, 200, 700]


def test_the_mazhilis_threshold_lapsed_with_the_mazhilis(bundled: Dataset) -> None:
    assert numbers(on(bundled, 5, "2021-01-01")) == [7]  # lowered by the law of May 2021 (ANI)
    assert numbers(on(bundled, 5, "2021-12-31")) == [5]
    lapsed = on(bundled, 5, "2026-12-01")
    assert (lapsed.state, lapsed.since, numbers(lapsed)) == ("replaced", "2026-07-01", [None])
    assert lapsed.by is not None and lapsed.by.id == 29  # and no source gives the Kurultai's
    assert not lapsed.by.thresholds or all("vote" not in t.label for t in lapsed.by.thresholds)


def test_the_death_penalty_on_fixed_days(bundled: Dataset) -> None:
    # Allowed by Art. 15(2) under a moratorium; out of the Criminal Code on 29 Dec 2021;
    # prohibited by the Constitution from 8 June 2022 (akorda text).
    assert on(bundled, 21, "2021-12-01").state == "before"
    assert on(bundled, 21, "2022-06-07").state == "before"
    assert on(bundled, 21, "2022-06-08").state == "after"
    assert on(bundled, 21, "2026-12-01").state == "after"  # kept by the 2026 text (JURIST)


def test_the_senate_and_the_mazhilis_on_fixed_days(bundled: Dataset) -> None:
    assert numbers(on(bundled, 17, "2021-12-31")) == [49, 34, 15, None]
    assert numbers(on(bundled, 17, "2022-09-30")) == [50, 40, 10, 5]
    assert on(bundled, 17, "2026-08-31").state == "replaced"
    assert numbers(on(bundled, 18, "2022-09-30")) == [107, 9, 0, 98]  # the new make-up from 19 Mar 2023
    assert numbers(on(bundled, 18, "2023-03-19")) == [98, 0, 29, 69]
    assert on(bundled, 30, "2021-12-31").rule == bundled.get(30).before  # type: ignore[union-attr]


def test_a_bill_never_adopted_keeps_its_before(bundled: Dataset) -> None:
    assert on(bundled, 27, "2026-11-30").state == "before"


def test_each_entry_has_one_subject(bundled: Dataset) -> None:
    subjects = {reform.id: subject(reform) for reform in bundled.reforms}
    assert {i for i, name in subjects.items() if name == "the Constitution"} == {10, 28}
    assert {i for i, name in subjects.items() if name == "parliament"} == {5, 17, 18, 19, 29, 31}
    assert {i for i, name in subjects.items() if name == "presidency"} == {12, 13, 22, 30}
    assert {i for i, name in subjects.items() if name == "local government"} == {4, 11, 14, 15, 16}
    assert {i for i, name in subjects.items() if name == "elections and parties"} == {2, 3, 6}
    assert {i for i, name in subjects.items() if name == "rights and courts"} == {7, 9, 20, 21, 23, 24}
    assert {i for i, name in subjects.items() if name == "civic space"} == {1, 8, 25, 26, 27}


# --------------------------------------------------------------------------------------
# The command: the view at 80 and 120 columns, its JSON and CSV, and bad dates
# --------------------------------------------------------------------------------------

COMPARE = str(Path(__file__).parent / "data" / "compare.toml")

VIEW_80 = """\
What changed between 31 Dec 2021 and 31 Dec 2026
5 of 6 entries differ. A year stands for its last day, a month for its last day.
Data as of 30 Nov 2026.
The data was last checked on 30 Nov 2026: a later date shows the rules as they
stood then.

Parliament

2. Senate: fewer senators appointed by the President
    31 Dec 2021  15 appointed [1]
    31 Dec 2026  replaced on 1 Jul 2026 by entry 4: 1 chamber [2]
    • Senators appointed by the President: 15 senators → lapsed [1]

4. One chamber replaces two
    31 Dec 2021  2 chambers [2]
    31 Dec 2026  1 chamber [2]
    • Chambers of parliament: 2 → 1 chamber [2]

Presidency

5. Vice President: a new office
    31 Dec 2021  no such office [2]
    31 Dec 2026  named by the President [2]

Elections and parties

1. Members needed to register a party
    31 Dec 2021  20,000 members since May 2020, a step on the way [3]
    31 Dec 2026  5,000 members [1][3]
    • Members needed to register a party: 20,000 → 5,000 members [1]

Rights and courts

3. Constitutional Court
    31 Dec 2021  a council [1]
    31 Dec 2026  a court [1]

Left out, no in_force date stated: 7 (see `show`).

Sources
[1] "The article"
[2] "The new constitution", 1 Jul 2026
[3] "The law", May 2020
"""

VIEW_120 = """\
What changed between 31 Dec 2021 and 30 Jun 2022
2 of 6 entries differ. A year stands for its last day, a month for its last day. Data as of 30 Nov 2026.

    31 Dec 2021                                                30 Jun 2022

Parliament

2. Senate: fewer senators appointed by the President
    15 appointed [1]                                           10 appointed [1]
    • Senators appointed by the President: 15 → 10 senators [1]

Elections and parties

1. Members needed to register a party
    20,000 members since May 2020, a step on the way [2]       uncertain: the rule changed in 2022; the day is not given
    • Members needed to register a party: 20,000 members → 20,000 or 5,000 members [1]

Uncertain: the sources give only the month or the year of that change, and the date falls inside it.

Left out, no in_force date stated: 7 (see `show`).

Sources
[1] "The article"
[2] "The law", May 2020
"""


def test_the_view_at_80_columns() -> None:
    result = run("--data", COMPARE, "compare", "2021", "2026", columns=80)
    assert (result.code, result.stderr) == (0, "")
    assert plain(result.stdout) == VIEW_80


def test_the_view_at_120_columns_puts_the_two_dates_side_by_side() -> None:
    result = run("--data", COMPARE, "compare", "2021", "2022-06", columns=120)
    assert plain(result.stdout) == VIEW_120


def test_in_a_terminal_the_view_is_the_same_text_in_colour() -> None:
    result = run("--data", COMPARE, "--color", "always", "compare", "2021", "2026", columns=80)
    assert "\x1b[" in result.stdout
    assert plain(re.sub(r"\x1b\[[0-9;]*m|\x1b\]8;[^\x1b]*\x1b\\\\", "", result.stdout)) == VIEW_80


def test_the_same_dates_show_nothing_and_all_shows_every_dated_entry() -> None:
    same = run("--data", COMPARE, "compare", "2023", "2023-12-31")
    assert same.stdout.splitlines()[:2] == [
        "What changed between 31 Dec 2023 and 31 Dec 2023",
        "None of the 6 entries differ. A year stands for its last day, a month for its",
    ]
    assert "The rules were the same on 31 Dec 2023 and on 31 Dec 2023." in same.stdout
    every = json.loads(run("--data", COMPARE, "compare", "2023", "2023", "--all", "--json").stdout)
    ids = [entry["id"] for subject in every["subjects"] for entry in subject["entries"]]
    assert ids == [2, 4, 5, 1, 3, 6]
    assert {entry["changed"] for subject in every["subjects"] for entry in subject["entries"]} == {False}


def test_the_defaults_are_the_start_of_the_period_and_the_data_s_as_of() -> None:
    result = json.loads(run("--data", COMPARE, "compare", "--json").stdout)
    assert (result["first"], result["second"]) == ("2019-06-09", "2026-11-30")
    assert json.loads(run("--data", COMPARE, "compare", "2021", "--json").stdout)["second"] == "2026-11-30"


def test_the_json_shape() -> None:
    result = json.loads(run("--data", COMPARE, "compare", "2021", "2026-08", "--json").stdout)
    assert list(result) == ["first", "second", "all", "subjects", "date_not_stated", "sources"]
    assert [subject["subject"] for subject in result["subjects"]] == [
        "parliament", "presidency", "elections and parties", "rights and courts",
    ]  # fmt: skip
    senate = result["subjects"][0]["entries"][0]
    assert senate == {
        "id": 2,
        "title": "Senate: fewer senators appointed by the President",
        "changed": True,
        "first": {
            "state": "before",
            "since": None,
            "replaced_by": None,
            "text": "15 appointed",
            "rule": {
                "text": "The President appointed 15 senators.",
                "short": "15 appointed",
                "sources": ["article"],
            },
            "by_then": None,
        },
        "second": {
            "state": "replaced",
            "since": "2026-07-01",
            "replaced_by": 4,
            "text": "replaced on 1 Jul 2026 by entry 4: 1 chamber",
            "rule": {
                "text": "Parliament has one chamber.",
                "short": "1 chamber",
                "sources": ["constitution"],
            },
            "by_then": None,
        },
        "thresholds": [
            {
                "label": "Senators appointed by the President",
                "unit": "senators",
                "first": 15,
                "second": None,
                "text": "15 senators → lapsed",
            }
        ],
    }
    assert result["date_not_stated"] == [7]
    assert [source["key"] for source in result["sources"]] == ["article", "constitution", "law"]


def test_the_csv_has_a_row_per_rule_and_per_number() -> None:
    result = run("--data", COMPARE, "compare", "2021", "2022-06", "--csv")
    assert result.stdout.splitlines() == [
        "subject,reform,reform_title,what,first_date,first,second_date,second,changed",
        "parliament,2,Senate: fewer senators appointed by the President,rule,2021-12-31,15 appointed,"
        "2022-06-30,10 appointed,yes",
        "parliament,2,Senate: fewer senators appointed by the President,Senators appointed by the President,"
        "2021-12-31,15 senators,2022-06-30,10 senators,yes",
        'elections and parties,1,Members needed to register a party,rule,2021-12-31,"20,000 members since '
        'May 2020, a step on the way",2022-06-30,uncertain: the rule changed in 2022; the day is not given,yes',
        "elections and parties,1,Members needed to register a party,Members needed to register a party,"
        '2021-12-31,"20,000 members",2022-06-30,"20,000 or 5,000 members",yes',
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["2021-13"], "'2021-13' is not a date in the calendar"),
        (
            ["2021", "soon"],
            "'soon' is not a date: use a year (2021), a year and month (2022-09) or a full date (2022-09-17)",
        ),
        (["2021", "--json", "--csv"], "--json and --csv: choose one"),
    ],
)
def test_a_bad_date_is_one_line_and_exit_2(args: list[str], message: str) -> None:
    result = run("--data", COMPARE, "compare", *args)
    assert (result.code, result.stdout, result.stderr) == (2, "", f"kzreforms: error: {message}\n")


def test_the_bundled_data_reads_as_the_answer(bundled: Dataset) -> None:
    lines = [line.rstrip() for line in run("compare", "2021", "2022-09", columns=80).stdout.splitlines()]
    assert "    • Senators appointed by the President: 15 → 10 senators [6][7][1]" in lines
    later = [line.rstrip() for line in run("compare", "2021", "2026", columns=80).stdout.splitlines()]
    assert "    31 Dec 2021  no such office [1]" in later  # the Vice President (30)
    assert "    • Vote share a party needed to enter the Mazhilis: 5% → lapsed [8][9][10]" in later
    assert "    • Chambers of parliament: 2 → 1 chamber [12][7]" in later
    # Who may overturn the acts of akims (14): no source says what the 2026 text provides.
    akims = on(bundled, 14, "2026-08-31")
    assert (akims.state, akims.whole_text) == ("replaced", True)
    assert side_words(akims) == (
        "its text replaced on 1 Jul 2026 (entry 28: new Constitution); the rule under the new text is not stated"
    )
    assert not on(bundled, 17, "2026-08-31").whole_text  # the Senate: replaced by the Kurultai (29)


# --------------------------------------------------------------------------------------
# list --at and show --at
# --------------------------------------------------------------------------------------

LIST_AT = """\
The rules on 30 Jun 2022
6 entries. A year stands for its last day, a month for its last day. Data as of
30 Nov 2026.

Parliament
2. Senate: fewer senators appointed by the President
    10 appointed [1]
    • Senators appointed by the President: 10 senators [1]
4. One chamber replaces two
    2 chambers [2]
    • Chambers of parliament: 2 chambers [2]

Presidency
5. Vice President: a new office
    no such office [2]

Elections and parties
1. Members needed to register a party
    uncertain: the rule changed in 2022; the day is not given
    • Members needed to register a party: 20,000 or 5,000 members [1]

Rights and courts
3. Constitutional Court
    a council [1]

Civic space
6. A bill never adopted
    no such law [1]

Left out, no in_force date stated: 7 (see `show`).

Sources
[1] "The article"
[2] "The new constitution", 1 Jul 2026
"""


def test_list_at_a_date_gives_each_rule_on_that_day() -> None:
    result = run("--data", COMPARE, "list", "--at", "2022-06", columns=80)
    assert (result.code, result.stderr) == (0, "")
    assert plain(result.stdout) == LIST_AT


def test_list_at_json_adds_the_rule_on_that_day_to_each_entry() -> None:
    entries = json.loads(run("--data", COMPARE, "list", "--at", "2022-06", "--json").stdout)
    assert [entry["id"] for entry in entries] == [2, 4, 5, 1, 3, 6]
    assert entries[0]["at"] == {
        "day": "2022-06-30",
        "state": "after",
        "since": "2022-06-08",
        "replaced_by": None,
        "text": "10 appointed",
        "rule": {
            "text": "The President appointed 10 senators.",
            "short": "10 appointed",
            "sources": ["article"],
        },
        "by_then": None,
        "thresholds": [
            {
                "label": "Senators appointed by the President",
                "unit": "senators",
                "value": 10,
                "text": "10 senators",
            }
        ],
    }


def test_show_at_marks_the_side_in_force_or_says_what_stood_instead() -> None:
    before = run("--data", COMPARE, "show", "2", "--at", "2021", columns=80).stdout.splitlines()
    assert before[2:5] == [
        "On 31 Dec 2021 the before was in force.",
        "╭───────────────────────────────────────┬──────────────────────────────────────╮",
        "│ Before · in force on 31 Dec 2021      │ After                                │",
    ]
    after = run("--data", COMPARE, "show", "2", "--at", "2022-06-08", columns=80).stdout.splitlines()
    assert after[2] == "On 8 Jun 2022 the after was in force."
    assert after[4] == "│ Before                                │ After · in force on 8 Jun 2022       │"
    replaced = run("--data", COMPARE, "show", "2", "--at", "2026-07", columns=80).stdout.splitlines()
    assert replaced[2] == "On 31 Jul 2026: replaced on 1 Jul 2026 by entry 4: 1 chamber."
    assert replaced[4] == "│ Before                                │ After                                │"
    unsure = run("--data", COMPARE, "show", "1", "--at", "2022-06", columns=80).stdout.splitlines()
    assert unsure[2] == "On 30 Jun 2022: uncertain: the rule changed in 2022; the day is not given."
    undated = run("--data", COMPARE, "show", "7", "--at", "2022", columns=80).stdout.splitlines()
    assert undated[2] == "On 31 Dec 2022: date not stated."
    assert run("--data", COMPARE, "show", "2").stdout.splitlines()[2].startswith("╭")  # no --at, no line


@pytest.mark.parametrize("command", [["list"], ["show", "2"]])
def test_a_bad_at_date_is_one_line_and_exit_2(command: list[str]) -> None:
    result = run("--data", COMPARE, *command, "--at", "2021-02-30")
    assert (result.code, result.stdout, result.stderr) == (
        2, "", "kzreforms: error: '2021-02-30' is not a date in the calendar\n",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("command", "value"),
    [
        (["compare", "1990", "2019"], "1990"),
        (["list", "--at", "2019-05"], "2019-05"),
        (["show", "21", "--at", "2004"], "2004"),
    ],
)
def test_a_day_before_the_data_begins_is_refused(command: list[str], value: str) -> None:
    # The bundled data's context begins in June 2019; each before is the rule just before its
    # reform, since no one day: on 31 Dec 1990 the moratorium of entry 21 (2004) did not exist.
    result = run(*command)
    assert (result.code, result.stdout, result.stderr) == (
        2, "",
        f"kzreforms: error: '{value}' is before 1 Jun 2019, where the data begins: it does not say what the rules were then\n",
    )  # fmt: skip
    assert run("compare", "2019-06", "2026").code == 0  # the month the data begins is within it
    assert run("--data", COMPARE, "compare", "1990", "2021").code == 0  # a file without context: no floor


def test_show_at_on_the_bundled_data(bundled: Dataset) -> None:
    def said(*args: str) -> str:
        return next(line for line in run("show", *args).stdout.splitlines() if line.startswith("On "))

    # FACTS.md: the death penalty out of the Criminal Code on 29 Dec 2021, banned from 8 Jun 2022.
    assert said("21", "--at", "2022-01") == "On 31 Jan 2022 the before was in force."
    assert said("21", "--at", "2022-06-08") == "On 8 Jun 2022 the after was in force."
    assert (
        said("17", "--at", "2026-08")
        == "On 31 Aug 2026: replaced on 1 Jul 2026 by entry 29: 1 chamber, 145 seats."
    )


# --------------------------------------------------------------------------------------
# --period on list, search, thresholds, timeline and export
# --------------------------------------------------------------------------------------

SAMPLE = str(Path(__file__).parent / "data" / "sample.toml")


@pytest.mark.parametrize(
    ("periods", "ids"),
    [
        (["2019-2021"], [1, 2, 3, 4, 5, 6, 7, 8, 9]),
        (["2022"], [10, 11, 12, 13, 14]),
        (["2022-amendments"], [10, 11, 12, 13, 14]),
        (["2026"], []),
        (["2022", "2019-2021"], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]),
    ],
)
def test_period_keeps_the_entries_of_a_period(periods: list[str], ids: list[int]) -> None:
    options = [item for period in periods for item in ("--period", period)]
    listed = json.loads(run("--data", SAMPLE, "list", *options, "--json").stdout)
    assert [entry["id"] for entry in listed] == ids
    exported = json.loads(run("--data", SAMPLE, "export", "-f", "json", *options).stdout)
    assert [entry["id"] for entry in exported.get("reforms", [])] == ids
    rows = json.loads(run("--data", SAMPLE, "thresholds", *options, "--json").stdout)
    assert {row["reform"] for row in rows} <= set(ids)
    events = json.loads(run("--data", SAMPLE, "timeline", *options, "--json").stdout)
    assert {event["reform"] for event in events} - {None} <= set(ids)


def test_period_on_search_and_a_period_that_does_not_exist() -> None:
    hits = json.loads(run("--data", SAMPLE, "search", "president", "-p", "2022", "--json").stdout)
    assert sorted(hit["id"] for hit in hits) == [10, 12, 13, 14]  # and none of 2019-2021, in any order
    wrong = run("--data", SAMPLE, "list", "--period", "2023")
    assert (wrong.code, wrong.stdout) == (1, "")
    assert wrong.stderr == "kzreforms: error: no period '2023'; did you mean '2026', '2022'?\n"


def test_a_first_step_before_the_change_shows_and_makes_the_row_differ(bundled: Dataset) -> None:
    # FACTS.md: the death penalty left the Criminal Code on 29 Dec 2021; the Constitution banned it
    # from 8 Jun 2022. Between the two the rule (the Constitution's) had not changed, the Code had.
    assert on(bundled, 21, "2021-12-01").by_then is not None  # the ratification of 2 Jan 2021
    assert on(bundled, 21, "2021-12-31").by_then.date == "2021-12-29"  # type: ignore[union-attr]
    lines = [
        line.rstrip() for line in run("compare", "2021-12-01", "2022-01", columns=80).stdout.splitlines()
    ]
    start = lines.index("21. Death penalty: out of the Criminal Code, then banned by the Constitution")
    assert lines[start + 1 : start + 8] == [
        "    1 Dec 2021   allowed, under moratorium [8][9]",
        "    31 Jan 2022  allowed, under moratorium [8][9]",
        "    • Already on 2 Jan 2021: Law No. 404-VI ratifies the Second Optional",
        "      Protocol. [10][11]",
        "    • Already on 29 Dec 2021: First step: the President signs the law abolishing",
        "      the death penalty, which strikes the death penalty out of the Criminal",
        "      Code's list of punishments. [12][9]",
    ]
