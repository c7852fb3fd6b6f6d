"""The command line as a user meets it: exact text, exit codes, JSON shapes.

These tests read tests/data/sample.toml (a fixed dataset); tests/test_content.py checks the
bundled data itself.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kzreforms import __version__

from .conftest import SAMPLE, Run, one_entry, plain, run

ESCAPE = "\x1b["
# The documented key order (README: "JSON format").
REFORM_KEYS = [
    "id", "period", "title", "aliases", "status", "in_force", "replaced_by", "topics", "legal_basis",
    "before", "after", "thresholds", "figures", "measures", "events", "assessments", "sources",
]  # fmt: skip
RULE_KEYS = ["text", "short", "sources"]
THRESHOLD_KEYS = ["label", "before", "after", "unit", "steps", "sources", "change"]
SOURCE_KEYS = [
    "number", "key", "kind", "title", "author", "publisher", "date", "url", "accessed", "law_number", "language",
]  # fmt: skip


def sample(*args: str, columns: int = 80, env: dict[str, str] | None = None) -> object:
    return run("--data", str(SAMPLE), *args, columns=columns, env=env)


def test_show_numbers_each_fact_and_lists_each_source_once_with_its_address() -> None:
    result = run("--data", str(SAMPLE), "show", "1")
    assert result.code == 0, result.stderr
    assert result.stderr == ""
    assert plain(result.stdout) == plain(
        """\
1. Peaceful assembly by notification
Reforms of 2019–2021 · in force from 25 May 2020
╭───────────────────────────────────────┬──────────────────────────────────────╮
│ Before                                │ After                                │
├───────────────────────────────────────┼──────────────────────────────────────┤
│ Organisers of a peaceful assembly had │ Organisers only have to notify the   │
│ to ask the authorities for permission │ authorities that they plan to hold a │
│ in advance. [1]                       │ peaceful assembly. [1][2][3][4]      │
╰───────────────────────────────────────┴──────────────────────────────────────╯

Dates
25 May 2020  Law No. 333-VI on peaceful assemblies replaces the 1995 law:
             assemblies now need a notification, not a permission. [5][3]

Legal basis
• Law No. 333-VI of 25 May 2020

Topics
civil liberties

Also known as
freedom of assembly

Sources
[1] "Joy Cho, "Significant reforms have been implemented since President
    Tokayev's election in June 2019", The Korea Post"
[2] "Law No. 333-VI of 25 May 2020 "On the procedure for organizing and holding
    peaceful assemblies", adilet.zan.kz/eng/docs/Z2000000333"
[3] "Ministry of Foreign Affairs of Kazakhstan, "On Peaceful Assemblies and
    Rallies in Kazakhstan", gov.kz"
[4] Parliament of Kazakhstan, "On the procedure for organizing and holding
    peaceful assemblies", 25 May 2020, No. 333-VI
    https://adilet.zan.kz/eng/docs/Z2000000333
[5] "adilet.zan.kz/eng/docs/Z2000000333"
"""
    )


def test_show_gives_the_status_and_the_entry_that_replaced_it() -> None:
    result = run("--data", str(SAMPLE), "show", "5")
    assert result.stdout.splitlines()[1] == "Reforms of 2019–2021 · replaced by entry 12"


def test_show_lists_assessments_with_who_said_it_and_when() -> None:
    output = " ".join(run("--data", str(SAMPLE), "show", "12").stdout.split())
    assert (
        "Assessments • Human Rights Watch, 16 Feb 2026: Said the draft would weaken checks on executive power. [2]"
        in output
    )


def test_list_gives_each_status_and_the_data_date_at_the_foot() -> None:
    result = run("--data", str(SAMPLE), "list", "--topic", "parliament")
    assert result.code == 0
    assert plain(result.stdout) == plain(
        """\
Reforms of 2019–2021

  ID   Reform: before → after                                  Thresholds
 ──────────────────────────────────────────────────────────────────────────────
   5   Lower threshold to enter the Mazhilis                   7% → 5% (−2 pp)
       7% of the vote → 5% of the vote (replaced by
       entry 12)

The constitutional amendments of 2022

  ID   Reform: before → after
 ──────────────────────────────────────────────────────────────────────────────
  11   Stronger representative bodies and maslikhats
       not stated → stronger, more independent (in force from 10 Apr 2023)

2 entries; data as of 30 Nov 2026. Sources: kzreforms show ID.
"""
    )


@pytest.mark.parametrize(
    ("options", "ids"),
    [
        (["--status", "replaced"], [5]),
        (["--status", "Replaced", "--status", "in force", "--topic", "parliament"], [5, 11]),
        (["--topic", "parliament", "--topic", "criminal law"], [5, 7, 11]),
        (["-t", "PARLIAMENT", "-s", "in force"], [11]),
    ],
)
def test_repeated_filters_mean_any_of_them(options: list[str], ids: list[int]) -> None:
    result = run("--data", str(SAMPLE), "list", *options, "--json")
    assert result.code == 0, result.stderr
    assert [entry["id"] for entry in json.loads(result.stdout)] == ids


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--status", "replace"], "no status 'replace'; did you mean 'replaced'?"),
        (["--topic", "elektions"], "no topic 'elektions'; did you mean 'elections'?"),
        (["--status", "zzz"], "no status 'zzz'; statuses: in force, partly in force, replaced, repealed, not known, "
         "proposed, not adopted"),
    ],
)  # fmt: skip
def test_an_unknown_filter_value_names_the_closest(options: list[str], message: str) -> None:
    result = run("--data", str(SAMPLE), "list", *options)
    assert (result.code, result.stdout) == (1, "")
    assert result.stderr == f"kzreforms: error: {message}\n"


@pytest.mark.parametrize("command", [["list"], ["show", "2"], ["search", "quota"], ["sources"], ["timeline"]])
def test_output_piped_is_plain_text_without_links(command: list[str]) -> None:
    result = run("--data", str(SAMPLE), *command)
    assert result.code == 0
    assert ESCAPE not in result.stdout and "\x1b]8;" not in result.stdout


def test_a_terminal_gets_colour_and_a_link_on_each_source_title() -> None:
    output = run("--data", str(SAMPLE), "show", "1", env={"FORCE_COLOR": "1"}).stdout
    assert ESCAPE in output
    assert "\x1b]8;id=" in output and ";https://adilet.zan.kz/eng/docs/Z2000000333\x1b\\" in output


def test_show_highlights_the_words_that_changed() -> None:
    # Blue and orange (layout.THEME_COLOURS), which a terminal of 8 colours shows as cyan and yellow.
    output = run("--data", str(SAMPLE), "show", "2", columns=200, env={"FORCE_COLOR": "1"}).stdout
    assert (
        "A political party \x1b[1;36mneeded 40,000\x1b[0m members \x1b[1;36mbefore it could\x1b[0m be"
        in output
    )
    assert (
        "A political party \x1b[1;33mneeds 5,000\x1b[0m members \x1b[1;33mto\x1b[0m be registered." in output
    )


@pytest.mark.parametrize(
    ("reform_id", "message"),
    [
        ("99", "no entry with id '99'"),
        ("0", "no entry with id '0'"),
        ("abc", "no entry named 'abc'"),
        ("2.5", "not an id: '2.5'"),
        ("-3", "not an id: '-3'"),
        ("٣", "not an id: '٣'"),
        ("9" * 5000, "no entry with id '" + "9" * 39 + "…'"),
    ],
)
def test_show_unknown_id_names_the_valid_ids(reform_id: str, message: str) -> None:
    result = run("--data", str(SAMPLE), "show", "--", reform_id)
    assert (result.code, result.stdout) == (1, "")
    assert result.stderr == f"kzreforms: error: {message}; valid ids: 1–14\n"


@pytest.mark.parametrize(
    ("name", "reform_id"),
    [("kurultai", 29), ("Kurultai", 29), ("курултай", 29), ("Құрылтай", 29), ("death-penalty", 21),
     ("death penalty", 21), ("nazarbayev", 22), ("vice-president", 30), ("peoples-council", 31)],
)  # fmt: skip
def test_show_and_cite_take_a_name_as_well_as_an_id(name: str, reform_id: int) -> None:
    shown = run("show", name, "--json")
    assert (shown.code, json.loads(shown.stdout)["id"]) == (0, reform_id)
    assert run("cite", name).stdout == run("cite", str(reform_id)).stdout


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("ombudsman", "'ombudsman' names 2 entries: 9, 24; give an id"),
        ("аким", "'аким' names 4 entries: 4, 14, 15, 16; give an id"),
        ("kurultaj", "no entry named 'kurultaj'; did you mean: kurultai, qurultay?"),
        ("xyzzy", "no entry named 'xyzzy'; valid ids: 1–31"),
    ],
)
def test_a_name_of_several_entries_or_of_none_is_one_line_naming_the_candidates(
    name: str, message: str
) -> None:
    result = run("show", name)
    assert (result.code, result.stdout, result.stderr) == (1, "", f"kzreforms: error: {message}\n")


def test_list_json_is_an_array_of_entries_with_a_fixed_key_order() -> None:
    entries = json.loads(run("--data", str(SAMPLE), "list", "--json").stdout)
    assert [entry["id"] for entry in entries] == list(range(1, 15))
    for entry in entries:
        assert list(entry) == REFORM_KEYS
        assert list(entry["before"]) == RULE_KEYS and list(entry["after"]) == RULE_KEYS
        for threshold in entry["thresholds"]:
            assert list(threshold) == THRESHOLD_KEYS
        for source in entry["sources"]:
            assert list(source) == SOURCE_KEYS
    party = entries[1]["thresholds"][0]
    assert party == {
        "label": "Members needed to register a party",
        "before": 40000,
        "after": 5000,
        "unit": "members",
        "steps": [{"value": 20000, "date": "2020-05", "sources": ["qazaq-tv-kazakh-senate-adopts"]}],
        "sources": ["joy-cho-significant-reforms-ha"],
        "change": {"amount": -87.5, "unit": "%"},
    }
    assert entries[2]["thresholds"][0]["before"] is None


def test_show_json_numbers_the_sources_as_show_does() -> None:
    entry = json.loads(run("--data", str(SAMPLE), "show", "1", "--json").stdout)
    assert [(s["number"], s["key"]) for s in entry["sources"]] == [
        (1, "joy-cho-significant-reforms-ha"),
        (2, "law-no-333-vi-of-25-may-2020-o"),
        (3, "ministry-of-foreign-affairs-of"),
        (4, "law-333"),
        (5, "adilet-zan-kz-eng-docs-z200000"),
    ]
    assert entry["sources"][3] == {
        "number": 4, "key": "law-333", "kind": "law",
        "title": "On the procedure for organizing and holding peaceful assemblies",
        "author": "Parliament of Kazakhstan", "publisher": None, "date": "2020-05-25",
        "url": "https://adilet.zan.kz/eng/docs/Z2000000333", "accessed": None, "law_number": "333-VI",
        "language": "en",
    }  # fmt: skip
    assert (
        entry["status"] == "in force" and entry["in_force"] == "2020-05-25" and entry["replaced_by"] is None
    )


def test_search_json_adds_how_each_entry_matched() -> None:
    hits = json.loads(run("--data", str(SAMPLE), "search", "quota", "--json").stdout)
    assert [hit["id"] for hit in hits] == [3]
    assert list(hits[0]) == [*REFORM_KEYS, "match"]
    match = hits[0]["match"]
    assert list(match) == ["score", "field", "snippet", "spans", "missing"]
    start, end = match["spans"][0]
    assert match["snippet"][start:end] == "quota"
    assert match["missing"] == []


def test_search_shows_entries_that_miss_words_after_the_others_saying_which() -> None:
    result = run("--data", str(SAMPLE), "--color", "never", "search", "what", "is", "a", "quota", "xxyyzz")
    assert result.code == 0
    assert result.stdout.splitlines()[-1] == "     missing: xxyyzz"
    hits = json.loads(run("--data", str(SAMPLE), "search", "quota", "xxyyzz", "--json").stdout)
    assert [(hit["id"], hit["match"]["missing"]) for hit in hits] == [(3, ["xxyyzz"])]


def test_sources_lists_every_source_with_the_entries_that_cite_it() -> None:
    result = run("--data", str(SAMPLE), "sources")
    assert result.code == 0
    assert (
        "law-333  law\n"
        '  Parliament of Kazakhstan, "On the procedure for organizing and holding\n'
        '  peaceful assemblies", 25 May 2020, No. 333-VI\n'
        "  https://adilet.zan.kz/eng/docs/Z2000000333\n"
        "  Cited by: 1\n"
    ) in plain(result.stdout)
    records = json.loads(run("--data", str(SAMPLE), "sources", "--json").stdout)
    assert list(records[0]) == [*SOURCE_KEYS[1:], "cited_by"]
    by_key = {record["key"]: record for record in records}
    assert by_key["law-333"]["cited_by"] == [1]
    assert by_key["hrw-2026"]["cited_by"] == [12]


def test_cite_prints_every_source_of_an_entry() -> None:
    result = run("--data", str(SAMPLE), "cite", "12")
    assert result.code == 0
    assert (
        result.stdout.splitlines()[-1]
        == '[hrw-2026] Human Rights Watch. "Kazakhstan: Draft Constitution Threatens Rights". 2026-02-16.'
    )
    bibtex = run("--data", str(SAMPLE), "cite", "1", "--format", "bibtex").stdout
    assert "@misc{law-333," in bibtex and "note = {Law No. 333-VI}" in bibtex
    items = json.loads(run("--data", str(SAMPLE), "cite", "1", "-f", "csl-json").stdout)
    assert [item["id"] for item in items][3] == "law-333"
    assert run("--data", str(SAMPLE), "cite", "1", "-f", "ris").stdout.count("ER  - ") == 5
    bad = run("--data", str(SAMPLE), "cite", "1", "-f", "apa")
    assert bad.code == 2 and bad.stderr.startswith("kzreforms: error: Invalid value for '--format' / '-f'")


def cited(*args: str) -> list[str]:
    """The keys that ``cite ARGS --format csl-json`` prints, in order."""
    result = run("--data", str(SAMPLE), "cite", *args, "-f", "csl-json")
    assert result.code == 0, result.stderr
    return [item["id"] for item in json.loads(result.stdout)]


def test_cite_takes_entry_ids_source_keys_and_numbered_sources_each_source_once() -> None:
    entry_1 = cited("1")
    assert cited("1:4") == ["law-333"] == [entry_1[3]]
    assert cited("hrw-2026") == ["hrw-2026"]
    # An entry's sources, then a key already among them and one that is not, then source [2] of 12.
    assert cited("1", "law-333", "hrw-2026", "12:1") == [*entry_1, "hrw-2026"]
    assert cited("12:2", "12") == ["hrw-2026", "joy-cho-significant-reforms-ha"]


def test_cite_all_gives_every_source_once_in_the_data_files_order() -> None:
    keys = cited("--all")
    assert len(keys) == len(set(keys)) == 22
    assert keys[0] == "joy-cho-significant-reforms-ha" and keys[-1] == "hrw-2026"
    assert cited("12:2", "--all")[:2] == ["hrw-2026", "joy-cho-significant-reforms-ha"]


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        ((), "give entry ids, source keys, ID:N, --all or --dataset (kzreforms cite --help)", 2),
        (("99",), "no entry with id '99'; valid ids: 1–14", 1),
        (("99:1",), "no entry with id '99'; valid ids: 1–14", 1),
        (("12:3",), "no source '3' in entry 12; its sources are 1-2 (kzreforms show 12)", 1),
        (("12:0",), "no source '0' in entry 12; its sources are 1-2 (kzreforms show 12)", 1),
        (("12:",), "no source '' in entry 12; its sources are 1-2 (kzreforms show 12)", 1),
        (("12:x",), "no source 'x' in entry 12; its sources are 1-2 (kzreforms show 12)", 1),
        (("hrw-2025",), "no entry id, name or source key 'hrw-2025'; did you mean 'hrw-2026'?", 1),
        (("nothing",), "no entry id, name or source key 'nothing'; kzreforms sources lists them", 1),
        (("1", "nothing"), "no entry id, name or source key 'nothing'; kzreforms sources lists them", 1),
    ],
)
def test_cite_refuses_a_name_that_names_no_source(args: tuple[str, ...], message: str, code: int) -> None:
    result = run("--data", str(SAMPLE), "cite", *args)
    assert (result.code, result.stdout, result.stderr) == (code, "", f"kzreforms: error: {message}\n")


def test_cite_takes_an_entry_by_name_as_show_does() -> None:
    assert run("cite", "kurultai").stdout == run("cite", "29").stdout != ""
    assert run("cite", "kurultai:2").stdout == run("cite", "29:2").stdout != ""
    assert run("show", "kurultai").stdout.startswith("29. ")


def test_version_names_the_data_date_and_size() -> None:
    assert run("--data", str(SAMPLE), "--version").stdout == (
        f"kzreforms {__version__} (data as of 2026-11-30, 14 entries)\n"
    )
    broken = run("--data", "/nonexistent.toml", "--version")
    assert broken.code == 0
    assert broken.stdout == f"kzreforms {__version__} (data: /nonexistent.toml: no such file)\n"


def test_search_ranks_title_matches_first_and_marks_the_words() -> None:
    coloured = run("--data", str(SAMPLE), "search", "quota", env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b[1;7mQuota\x1b[0m" in coloured and "\x1b[1;7mquota\x1b[0m" in coloured


@pytest.mark.parametrize("query", ["qouta", "quotas", "QUOTA", "Quota women"])
def test_search_forgives_near_misses_plurals_and_case(query: str) -> None:
    result = run("--data", str(SAMPLE), "search", *query.split())
    assert result.code == 0
    assert result.stdout.split()[0] == "3"


def test_search_without_hits_says_so_and_exits_1() -> None:
    result = run("--data", str(SAMPLE), "search", "zzzzzz")
    assert (result.code, result.stdout) == (1, "")
    assert result.stderr == "kzreforms: no entries match 'zzzzzz'\n"
    json_result = run("--data", str(SAMPLE), "search", "zzzzzz", "--json")
    assert (json_result.code, json.loads(json_result.stdout)) == (1, [])


def test_a_long_query_is_shortened_in_messages() -> None:
    result = run("--data", str(SAMPLE), "search", "zzzz " * 2000)
    assert result.code == 1
    assert len(result.stderr) < 120 and result.stderr.startswith("kzreforms: no entries match 'zzzz zzzz")


def test_search_ranks_when_each_word_matches_but_no_entry_has_them_all() -> None:
    result = run("--data", str(SAMPLE), "--color", "never", "search", "akims", "ballotz", "--json")
    assert (result.code, result.stderr) == (0, "")
    found = [(hit["id"], hit["match"]["missing"]) for hit in json.loads(result.stdout)]
    assert found == [(4, ["ballotz"]), (6, ["akims"])]


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


@pytest.mark.parametrize(
    "command",
    ["list", "show", "search", "thresholds", "timeline", "topics", "glossary", "sources", "cite", "validate",
     "export"],
)  # fmt: skip
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = run(command, "--help", columns=100)
    assert result.code == 0
    assert f"Example: kzreforms {command}" in result.stdout


def test_no_command_shows_help() -> None:
    result = run()
    assert result.code == 0
    assert "Usage: kzreforms" in result.stdout


def test_the_tools_help_says_what_it_is_and_ends_with_an_example() -> None:
    lines = [line.strip() for line in run("--help", columns=100).stdout.splitlines() if line.strip()]
    assert lines[0] == "Usage: kzreforms [OPTIONS] COMMAND [ARGS]..."
    assert (
        lines[1] == "What Kazakhstan's political reforms since 2019 changed: before and after, with sources."
    )
    assert lines[-1] == "Example: kzreforms show 5"


def test_usage_errors_are_one_line() -> None:
    result = run("show")
    assert result.code == 2
    assert result.stderr == "kzreforms: error: Missing argument 'ID'. (see 'kzreforms show --help')\n"
    result = run("frobnicate")
    assert result.code == 2
    # No command is close to it: no "Did you mean".
    assert result.stderr == "kzreforms: error: No such command 'frobnicate'. (see 'kzreforms --help')\n"


def test_only_color_and_no_pager_of_the_tools_options_go_after_a_command() -> None:
    # `kzreforms list --color never` works; the tool's other options belong before the command.
    assert run("list", "--color", "never").code == 0
    version = run("list", "--version")
    assert (version.code, version.stdout) == (2, "")
    assert version.stderr == (
        "kzreforms: error: No such option: --version (Possible options: --json, --period, --since)"
        " (see 'kzreforms list --help')\n"
    )
    data = run("show", "5", "--data", "other.toml")
    assert (data.code, data.stdout) == (2, "")
    assert data.stderr.startswith("kzreforms: error: No such option: --data")


@pytest.mark.parametrize(
    "args",
    [
        ["--color", "always", "--data", str(SAMPLE), "show", "5"],
        ["--data", str(SAMPLE), "show", "5", "--color", "always"],
    ],
    ids=["before the command", "after it"],
)
def test_color_always_reaches_the_command_wherever_it_is_given(args: list[str]) -> None:
    # One Settings for the whole run: the group's option and the command's output share it.
    coloured = run(*args)
    assert coloured.code == 0 and coloured.stdout.startswith("\x1b[1;36m5. \x1b[0m")
    assert not run("--data", str(SAMPLE), "show", "5").stdout.startswith("\x1b[")


def test_ctrl_c_during_a_command_ends_it_with_status_130_and_no_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # In process, as Group.main sees it (tests/test_entry.py presses Ctrl-C in a real process).
    from kzreforms import render

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(render, "reform_list_parts", interrupted)
    assert run("list") == Run(130, "", "")


def test_a_completion_request_for_an_unknown_shell_ends_with_status_1() -> None:
    asked = run(env={"_KZREFORMS_COMPLETE": "complete_tcsh"})
    assert asked == Run(1, "", "Shell tcsh not supported.\n")


def test_python_dash_m_runs_the_tool(tmp_path: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "kzreforms", "--data", str(SAMPLE), "show", "5"],
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
        f'[[reforms]]\nid = {i}\nperiod = "2022-2025"\ntitle = "Quota rule {i}"\nstatus = "in force"\n'
        f'topics = ["t"]\nbefore = {{ text = "b", sources = ["s"] }}\nafter = {{ text = "a", sources = ["s"] }}\n\n'
        for i in range(1, 46)
    )
    path = tmp_path / "many.toml"
    path.write_text(f'as_of = "2026"\n[sources.s]\nkind = "news"\ntitle = "S"\n\n{entries}', encoding="utf-8")
    result = run("--data", str(path), "search", "quota")
    assert result.stdout.count("[Quota] rule") == 20
    assert result.stdout.rstrip().endswith("… and 25 more (use --limit to see them)")
    limited = run("--data", str(path), "search", "quota", "--limit", "5", "--json")
    assert [hit["id"] for hit in json.loads(limited.stdout)] == [1, 2, 3, 4, 5]
    assert run("--data", str(path), "search", "quota", "--limit", "0").code == 2


@pytest.mark.parametrize(
    ("options", "ids"),
    [
        (["--year", "2021"], [4, 5, 7, 9]),
        (["--since", "2022-06"], [2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]),
        (["--until", "2020-06"], [1, 2, 3, 7]),  # 2020-05 and 2020-06 are within June 2020 at their precision
        (["--since", "2021-05", "--until", "2021-07-25"], [4]),
        (["--year", "2021", "--topic", "criminal law"], [7]),
        (["--since", "0000"], list(range(1, 15))),  # from the start: every dated entry (all of the sample)
    ],
)
def test_dates_filter_entries_by_any_of_their_dates(options: list[str], ids: list[int]) -> None:
    for command in (["list", "--json"], ["export", "-f", "json"]):
        result = run("--data", str(SAMPLE), *command, *options)
        assert result.code == 0, result.stderr
        entries = json.loads(result.stdout)
        assert [entry["id"] for entry in (entries if command[0] == "list" else entries["reforms"])] == ids


def test_the_timeline_keeps_only_the_events_in_the_period() -> None:
    result = run("--data", str(SAMPLE), "timeline", "--year", "2021", "--json")
    events = [(event["date"], event["reform"]) for event in json.loads(result.stdout)]
    assert events == [
        ("2021-01-02", 7),
        ("2021-01-15", 5),
        ("2021-05", 4),
        ("2021-07-25", 4),
        ("2021-12-29", 9),
    ]


def test_search_with_dates() -> None:
    hits = json.loads(
        run(
            "--data", str(SAMPLE), "search", "akims", "--since", "2021-07", "--until", "2021-07", "--json"
        ).stdout
    )
    assert [hit["id"] for hit in hits] == [4]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--since", "2022-02-30"], "'2022-02-30' is not a date in the calendar"),
        (["--until", "2022-00-10"], "'2022-00-10' is not a date in the calendar"),
        (["--year", "22"], "'22' is not a year"),
        (
            ["--until", "June"],
            "'June' is not a date: use a year (2022), a year and month (2022-06) or a full date (2022-06-05)",
        ),
    ],
)
def test_a_bad_date_is_a_usage_error(options: list[str], message: str) -> None:
    result = run("--data", str(SAMPLE), "list", *options)
    assert (result.code, result.stdout, result.stderr) == (2, "", f"kzreforms: error: {message}\n")


def test_sources_check_names_each_source_a_reader_cannot_follow(tmp_path: Path) -> None:
    import tomli_w

    document = one_entry()
    document["sources"] = {
        "article": {"kind": "article", "title": "The article", "url": "https://example.org/article"},
        "no-page": {"kind": "news", "title": "Senate adopts the law"},
        "made-up": {"kind": "news", "title": "[Report on the vote]", "url": "https://example.org/vote"},
        "described": {
            "kind": "news", "title": "Report of 1 May 2020 on the vote (headline not shown in the stored copy)",
            "url": "https://example.org/article",
        },
    }  # fmt: skip
    document["reforms"][0]["after"]["sources"] = ["article", "no-page", "made-up", "described"]
    document["reforms"].append({**document["reforms"][0], "id": 2})
    document["sources"]["unused"] = {"kind": "report", "title": "A report", "url": "https://example.org/r"}
    # A source that only a context event or a rating cites is cited.
    document["sources"]["context"] = {"kind": "news", "title": "An election", "url": "https://example.org/c"}
    document["context"] = [{"date": "2021-01-10", "text": "An election.", "sources": ["context"]}]
    document["sources"]["rating"] = {"kind": "report", "title": "An index", "url": "https://example.org/x"}
    document["ratings"] = [
        {
            "by": "A watchdog",
            "title": "An index",
            "measure": "score",
            "unit": "of 100",
            "better": "higher",
            "scores": [{"edition": 2021, "value": 23, "sources": ["rating"]}],
        }
    ]
    path = tmp_path / "mine.toml"
    path.write_text(tomli_w.dumps(document), encoding="utf-8")
    checked = run("--data", str(path), "sources", "--check")
    assert (checked.code, checked.stderr) == (1, "")
    assert checked.stdout == (
        "article: shared address: https://example.org/article is also the address of described\n"
        "no-page: no address: give the page's https:// address (url)\n"
        "made-up: not the page's title: '[Report on the vote]' describes the page; give its own headline\n"
        "described: not the page's title: 'Report of 1 May 2020 on the vote (headline not shown in the stored"
        " copy)' describes the page; give its own headline\n"
        "unused: not cited: nothing cites it; cite it or remove it\n"
    )
    report = json.loads(run("--data", str(path), "sources", "--check", "--json").stdout)
    assert (report["sources"], report["ok"]) == (7, False)
    assert [(p["key"], p["problem"]) for p in report["problems"]] == [
        ("article", "shared address"), ("no-page", "no address"), ("made-up", "not the page's title"),
        ("described", "not the page's title"), ("unused", "not cited"),
    ]  # fmt: skip
    assert report["problems"][1]["message"] == checked.stdout.splitlines()[1]


def test_sources_check_passes_a_file_whose_every_source_can_be_followed(tmp_path: Path) -> None:
    import tomli_w

    document = one_entry()
    document["sources"]["article"]["url"] = "https://example.org/article"
    path = tmp_path / "mine.toml"
    path.write_text(tomli_w.dumps(document), encoding="utf-8")
    checked = run("--data", str(path), "sources", "--check")
    assert (checked.code, checked.stdout, checked.stderr) == (
        0, "OK: 1 source, each with an address and a title of its own, each cited\n", "",
    )  # fmt: skip
    report = json.loads(run("--data", str(path), "sources", "--check", "--json").stdout)
    assert report == {"sources": 1, "ok": True, "problems": []}


def test_a_command_called_outside_a_run_gets_the_default_settings() -> None:
    import typer

    from kzreforms._group import Settings, settings
    from kzreforms.cli import app

    found = settings(typer.Context(typer.main.get_command(app)))  # no run's settings on it
    assert isinstance(found, Settings) and found.data is None and found.output.pager is True
