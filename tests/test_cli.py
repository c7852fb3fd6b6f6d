"""The command line as a user meets it: exact text, exit codes, JSON shapes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kzreforms import __version__

from .conftest import plain, run

ESCAPE = "\x1b["
REFORM_KEYS = [
    "id", "kind", "title", "before", "after", "before_short", "after_short", "topics",
    "thresholds", "figures", "measures", "events", "sources",
]  # fmt: skip
THRESHOLD_KEYS = ["label", "before", "after", "unit", "change", "steps", "source"]


def test_show_puts_before_and_after_side_by_side_at_80_columns() -> None:
    result = run("show", "3")
    assert result.code == 0, result.stderr
    assert result.stderr == ""
    assert plain(result.stdout) == plain(
        """\
Reform package 3: Quota for women and youth on party lists
╭───────────────────────────────────────┬──────────────────────────────────────╮
│ Before                                │ After                                │
├───────────────────────────────────────┼──────────────────────────────────────┤
│ Parties drew up their election lists  │ At least 30% of the candidates on a  │
│ without any quota for women or young  │ party's election list must be women  │
│ people.                               │ or young people.                     │
╰───────────────────────────────────────┴──────────────────────────────────────╯

Thresholds
• Share of women and young people on party lists: none → 30% (+30 pp)

Dates
25 May 2020  Constitutional Laws No. 335-VI and 336-VI require party lists to be
             at least 30% women and people under 29. (International IDEA, Gender
             Quotas Database, Kazakhstan)
Mar 2023     Persons with disabilities join the quota, which now also applies
             when seats are distributed. (Astana Times, March 2023, "Kazakhstan
             Expands Political Participation through Parliamentary Quota")

Topics
elections, political parties, representation

Glossary
• party list: The ordered list of candidates a party puts forward in a
  proportional election.

Sources
• Joy Cho, "Significant reforms have been implemented since President Tokayev's
  election in June 2019", The Korea Post
• International IDEA, Gender Quotas Database, Kazakhstan
• Astana Times, March 2023, "Kazakhstan Expands Political Participation through
  Parliamentary Quota"
"""
    )


def test_list_at_120_columns_shows_each_threshold_with_its_change() -> None:
    result = run("list", "--topic", "Political Parties", columns=120)
    assert result.code == 0
    assert plain(result.stdout) == plain(
        """\
Reform packages

  ID   Reform                                  Before → after                          Thresholds
 ──────────────────────────────────────────────────────────────────────────────────────────────────────────────────────
   2   Registering a political party           40,000 members → 5,000 members          40,000 → 5,000 members (−87.5%)
                                                                                       600 → 200 members (−66.7%)
                                                                                       1,000 → 700 citizens (−30%)
   3   Quota for women and youth on party      no quota → 30% quota                    none → 30% (+30 pp)
       lists
   5   Lower threshold to enter the Mazhilis   7% of the vote → 5% of the vote         7% → 5% (−2 pp)

"""
    )


def test_list_at_80_columns_puts_before_and_after_under_the_title() -> None:
    result = run("list", "--topic", "political parties", columns=80)
    assert plain(result.stdout) == plain(
        """\
Reform packages

  ID   Reform: before → after                  Thresholds
 ──────────────────────────────────────────────────────────────────────────────
   2   Registering a political party           40,000 → 5,000 members (−87.5%)
       40,000 members → 5,000 members          600 → 200 members (−66.7%)
                                               1,000 → 700 citizens (−30%)
   3   Quota for women and youth on party      none → 30% (+30 pp)
       lists
       no quota → 30% quota
   5   Lower threshold to enter the Mazhilis   7% → 5% (−2 pp)
       7% of the vote → 5% of the vote

"""
    )


def test_list_at_40_columns_stacks_each_entry() -> None:
    result = run("list", "--topic", "parliament", columns=40)
    assert plain(result.stdout) == plain(
        """\
Reform packages
5 Lower threshold to enter the Mazhilis
  7% of the vote → 5% of the vote
  7% → 5% (−2 pp)

Constitutional changes of 2022
11 Stronger representative bodies and
   maslikhats
   not stated → stronger, more
   independent

"""
    )


def test_list_groups_packages_and_constitutional_changes() -> None:
    result = run("list", columns=120)
    packages = result.stdout.index("Reform packages")
    constitutional = result.stdout.index("Constitutional changes of 2022")
    assert packages < result.stdout.index("Online petitions") < constitutional
    assert constitutional < result.stdout.index("A single seven-year")


@pytest.mark.parametrize("columns", [40, 60, 80, 120])
def test_list_keeps_every_number_whole_and_fits_the_width(columns: int) -> None:
    result = run("list", columns=columns)
    for line in result.stdout.splitlines():
        assert len(line.rstrip()) <= columns, line
    flat = re.sub(r"\s+", " ", result.stdout)
    for number in [
        "40,000",
        "5,000",
        "(−87.5%)",
        "7% → 5%",
        "(−2 pp)",
        "(+30 pp)",
        "600",
        "1,000",
        "(−66.7%)",
    ]:
        assert number in flat, (columns, number)


@pytest.mark.parametrize("command", [["list"], ["show", "2"], ["search", "quota"]])
def test_output_piped_is_plain_text(command: list[str]) -> None:
    result = run(*command)
    assert ESCAPE not in result.stdout


def test_force_color_adds_colour_and_no_color_removes_it() -> None:
    assert ESCAPE in run("show", "2", env={"FORCE_COLOR": "1"}).stdout
    assert ESCAPE not in run("show", "2", env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout.replace(
        "\x1b[1m", ""
    ).replace("\x1b[0m", "").replace("\x1b[2m", "").replace("\x1b[7m", "")


def test_show_highlights_the_words_that_changed() -> None:
    output = run("show", "2", columns=200, env={"FORCE_COLOR": "1"}).stdout
    assert (
        "A political party \x1b[1;31mneeded 40,000\x1b[0m members \x1b[1;31mbefore it could\x1b[0m be"
        in output
    )
    assert (
        "A political party \x1b[1;32mneeds 5,000\x1b[0m members \x1b[1;32mto\x1b[0m be registered." in output
    )


@pytest.mark.parametrize("reform_id", ["99", "abc", "0", "2.5", "٣"])
def test_show_unknown_id_names_the_valid_ids(reform_id: str) -> None:
    result = run("show", reform_id)
    assert result.code == 1
    assert result.stdout == ""
    assert result.stderr == f"kzreforms: error: no entry with id '{reform_id}'; valid ids: 1–14\n"


def test_search_ranks_title_matches_first_and_marks_the_words() -> None:
    result = run("search", "quota")
    assert result.code == 0
    assert plain(result.stdout) == plain(
        """\
  3  Quota for women and youth on party lists
     before: Parties drew up their election lists without any quota for women or
     young people.
"""
    )
    coloured = run("search", "quota", env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b[1;7mQuota\x1b[0m" in coloured and "\x1b[1;7mquota\x1b[0m" in coloured


@pytest.mark.parametrize("query", ["qouta", "quotas", "QUOTA", "Quota women"])
def test_search_forgives_near_misses_plurals_and_case(query: str) -> None:
    result = run("search", *query.split())
    assert result.code == 0
    assert result.stdout.split()[0] == "3"


def test_search_needs_every_word() -> None:
    assert run("search", "quota", "akims").code == 1


def test_search_without_hits_says_so_and_exits_1() -> None:
    result = run("search", "zzzzzz")
    assert (result.code, result.stdout) == (1, "")
    assert result.stderr == "kzreforms: no entries match 'zzzzzz'\n"


def test_search_without_hits_suggests_close_words() -> None:
    result = run("search", "ombudsprsonnn")
    assert (result.code, result.stdout) == (1, "")
    assert result.stderr == "kzreforms: no entries match 'ombudsprsonnn'; did you mean: ombudsperson?\n"


def test_search_says_when_each_word_matches_but_no_entry_has_them_all() -> None:
    result = run("search", "akims", "ballotz")
    assert result.code == 1
    assert result.stderr == "kzreforms: no entry matches all of: akims, ballotz (each matches on its own)\n"


def test_a_mistyped_command_gets_a_suggestion() -> None:
    result = run("lst")
    assert result.code == 2
    assert (
        result.stderr
        == "kzreforms: error: No such command 'lst'. Did you mean 'list'? (see 'kzreforms --help')\n"
    )


def test_search_with_an_empty_query_is_a_usage_error() -> None:
    result = run("search", " ")
    assert result.code == 2
    assert result.stderr == "kzreforms: error: the query ' ' has no words to search for\n"


def test_list_json_is_an_array_of_entries_with_a_fixed_key_order() -> None:
    result = run("list", "--json")
    entries = json.loads(result.stdout)
    assert [entry["id"] for entry in entries] == list(range(1, 15))
    for entry in entries:
        assert list(entry) == REFORM_KEYS
        for threshold in entry["thresholds"]:
            assert list(threshold) == THRESHOLD_KEYS
    party = entries[1]["thresholds"][0]
    assert party == {
        "label": "Members needed to register a party",
        "before": 40000,
        "after": 5000,
        "unit": "members",
        "change": {"amount": -87.5, "unit": "%"},
        "steps": [
            {
                "value": 20000,
                "date": "2020-05",
                "source": 'Qazaq TV, "Kazakh Senate adopts amendments to electoral laws and laws on political parties"',
            }
        ],
        "source": None,
    }
    assert entries[2]["thresholds"][0]["before"] is None


def test_show_json_is_one_object() -> None:
    entry = json.loads(run("show", "5", "--json").stdout)
    assert list(entry) == REFORM_KEYS
    assert entry["thresholds"][0]["change"] == {"amount": -2, "unit": "pp"}


def test_search_json_adds_how_each_entry_matched() -> None:
    hits = json.loads(run("search", "quota", "--json").stdout)
    assert [hit["id"] for hit in hits] == [3]
    assert list(hits[0]) == [*REFORM_KEYS, "match"]
    match = hits[0]["match"]
    assert list(match) == ["score", "field", "snippet", "spans"]
    start, end = match["spans"][0]
    assert match["snippet"][start:end] == "quota"


def test_search_json_without_hits_prints_an_empty_array_and_exits_1() -> None:
    result = run("search", "zzzzzz", "--json")
    assert (result.code, json.loads(result.stdout)) == (1, [])


def test_version() -> None:
    assert run("--version").stdout == f"kzreforms {__version__}\n"


@pytest.mark.parametrize(
    "command",
    ["list", "show", "search", "thresholds", "timeline", "topics", "glossary", "validate", "export"],
)
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = run(command, "--help", columns=100)
    assert result.code == 0
    assert f"Example: kzreforms {command}" in result.stdout


def test_no_command_shows_help() -> None:
    result = run()
    assert result.code == 0
    assert "Usage: kzreforms" in result.stdout


def test_usage_errors_are_one_line() -> None:
    result = run("show")
    assert result.code == 2
    assert result.stderr == "kzreforms: error: Missing argument 'ID'. (see 'kzreforms show --help')\n"
    result = run("frobnicate")
    assert result.code == 2
    assert result.stderr.count("\n") == 1 and "No such command 'frobnicate'" in result.stderr


def test_python_dash_m_runs_the_tool(tmp_path: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "kzreforms", "show", "5"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8"},
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "7% → 5% (−2 pp)" in completed.stdout


def test_search_on_large_data_shows_20_and_says_how_many_more(tmp_path: Path) -> None:
    entries = "".join(
        f'[[reforms]]\nid = {i}\nkind = "package"\ntitle = "Quota rule {i}"\nbefore = "b"\nafter = "a"\n'
        f'topics = ["t"]\nsources = ["s"]\n\n'
        for i in range(1, 46)
    )
    path = tmp_path / "many.toml"
    path.write_text(entries, encoding="utf-8")
    result = run("--data", str(path), "search", "quota")
    assert result.stdout.count("Quota rule") == 20
    assert result.stdout.rstrip().endswith("… and 25 more (use --limit to see them)")
    limited = run("--data", str(path), "search", "quota", "--limit", "5", "--json")
    assert [hit["id"] for hit in json.loads(limited.stdout)] == [1, 2, 3, 4, 5]
    assert run("--data", str(path), "search", "quota", "--limit", "0").code == 2
