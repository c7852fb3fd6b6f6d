"""Hard to break: a hostile data file never drives the terminal, and the tool fails cleanly.

The data file below puts terminal escapes (CSI, OSC, OSC 8), other C0 and C1 controls,
bidirectional overrides and Rich markup into every text field of the new schema: entries,
rules, thresholds, figures, measures, events, assessments, context, glossary and sources.
Every command and every view must show them harmlessly, piped, coloured, as SVG and as HTML;
JSON and TOML must keep them exact.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from .conftest import SAMPLE, Run, data_file, one_entry, run

CLEAR = "\x1b[2J"  # CSI: clear the screen
TITLE = "\x1b]0;owned\x07"  # OSC: set the window title
LINK = "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\"  # OSC 8 hyperlink
C1_CSI = "\x9b31m"  # the one-byte C1 form of CSI
BIDI = "\u202eevil\u202c"  # right-to-left override
ISOLATES = "\u2066a\u2069\u2067b\u2069\u2068c\u2069"  # left-to-right, right-to-left, first strong
MARKUP = "[bold red]markup[/] [link=http://evil.example]x[/link]"
RAW_DANGER = [
    "\x1b[2J", "\x1b]0", "\x1b]8;;http", "\x9b", "\u202e", "\u202c", "\u2066", "\u2067", "\u2068", "\u2069",
    "\x07", "\x00", "\x08", "\x7f",
]  # fmt: skip
# The address is valid; '&' and the query must reach the link as they are.
ADDRESS = "https://evil.example/law?a=1&b=2"


def hostile_text(label: str) -> str:
    return f"{label} {CLEAR}{TITLE}{LINK}{C1_CSI}{BIDI}{ISOLATES}\x00\x07\x08\x7f {MARKUP}"


def hostile_document() -> dict[str, Any]:
    cites = ["evil"]
    return {
        "as_of": "2026-11-30",
        "license": hostile_text("license"),
        "sources": {
            "evil": {
                "kind": "law",
                "title": hostile_text("source title"),
                "author": hostile_text("author"),
                "date": "2020-05-25",
                "url": ADDRESS,
                "law_number": hostile_text("No"),
                "language": "en",
            }
        },
        "reforms": [
            {
                "id": 1,
                "period": "2019-2021",
                "title": hostile_text("Title quota"),
                "status": "partly in force",
                "in_force": "2020-06-01",
                "topics": [hostile_text("topic")],
                "aliases": [hostile_text("alias")],
                "legal_basis": [hostile_text("law")],
                "before": {"text": hostile_text("Before"), "short": hostile_text("b"), "sources": cites},
                "after": {"text": hostile_text("After"), "short": hostile_text("a"), "sources": cites},
                "thresholds": [
                    {
                        "label": hostile_text("label"),
                        "before": 40000,
                        "after": 5000,
                        "unit": hostile_text("unit"),
                        "sources": cites,
                        "steps": [{"value": 20000, "date": "2020-05", "sources": cites}],
                    }
                ],
                "figures": [{"label": hostile_text("figure"), "value": 5.8, "unit": "%", "sources": cites}],
                "measures": [{"text": hostile_text("measure"), "sources": cites}],
                "events": [{"date": "2020-05-25", "text": hostile_text("event"), "sources": cites}],
                "assessments": [
                    {
                        "by": hostile_text("by"),
                        "date": "2021-03",
                        "text": hostile_text("said"),
                        "sources": cites,
                    }
                ],
            }
        ],
        "context": [{"date": "2019-06", "text": hostile_text("context"), "sources": cites}],
        "glossary": [
            {"term": "quota", "meaning": hostile_text("meaning"), "aliases": [hostile_text("form")]}
        ],
    }


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "hostile.toml"
    path.write_text(tomli_w.dumps(hostile_document()), encoding="utf-8")
    return path


def assert_harmless(output: str) -> None:
    for danger in RAW_DANGER:
        assert danger not in output, repr(danger)


def assert_only_colours_and_safe_links(output: str) -> None:
    """Every escape is a colour (SGR) or an OSC 8 hyperlink to the source's own address."""
    rest = re.sub(r"\x1b\[[0-9;]*m", "", output)
    rest = re.sub(r"\x1b\]8;(id=\d+)?;(" + re.escape(ADDRESS) + r")?\x1b\\", "", rest)
    assert "\x1b" not in rest, repr(rest[rest.index("\x1b") - 20 : rest.index("\x1b") + 20])


# Each command, with text it must show (made visible) and numbers it must keep.
COMMANDS: list[tuple[list[str], list[str]]] = [
    (
        ["list"],
        [
            "Title quota",
            "␛[2J␛]0;owned␇",
            "40,000 → 5,000",
            "(−87.5%)",
            "(partly in force from 1 Jun 2020)",
            "30 Nov 2026",
        ],
    ),
    (
        ["show", "1"],
        [
            "Title quota ␛[2J",
            "measure ␛[2J",
            "said ␛[2J",
            "(−87.5%) [1]",
            "20,000",
            "5.8%",
            "[1] author ␛[2J",
        ],
    ),
    (["search", "quota"], ["1 Title [quota] ␛[2J", "(partly in force from 1 Jun 2020)", "40,000 → 5,000"]),
    (["search", "label"], ["1 Title quota ␛[2J", "thresholds: [label] ␛[2J"]),
    (["thresholds"], ["label ␛[2J", "−87.5%", "40,000", "20,000", "5,000"]),
    (["timeline"], ["context ␛[2J", "event ␛[2J", "25 May 2020", "Jun 2019"]),
    (["topics"], ["topic ␛[2J", " 1 "]),
    (["glossary"], ["meaning ␛[2J", "form ␛[2J", "Used in: 1"]),
    (["glossary", "quota"], ["meaning ␛[2J", "Used in: 1"]),
    (["sources"], ["source title ␛[2J", "No ␛[2J", "25 May 2020", "Cited by: 1", ADDRESS]),
    (["cite", "1"], ["source title", "2020-05-25", ADDRESS]),
    (["cite", "1", "--format", "bibtex"], ["source title", "2020"]),
    (["cite", "1", "--format", "ris"], ["source title", "2020"]),
    (["validate"], ["OK: 1 entry, data as of 2026-11-30"]),
    (["export", "--format", "csv"], ["Title quota"]),
    (["export", "--format", "csv", "--table", "thresholds"], ["40000"]),
    (["export", "--format", "csv", "--table", "sources"], ["source title", ADDRESS]),
    (["export", "--format", "markdown"], ["Title quota", "40,000", "5.8%"]),
]
SHOWS_CONTROLS = {"list", "show", "search", "thresholds", "timeline", "topics", "glossary", "sources"}


@pytest.mark.parametrize(("command", "expected"), COMMANDS, ids=[" ".join(c) for c, _ in COMMANDS])
@pytest.mark.parametrize("colour", ["piped", "FORCE_COLOR"])
def test_hostile_text_never_reaches_the_terminal(
    hostile: Path, command: list[str], expected: list[str], colour: str
) -> None:
    env = {"FORCE_COLOR": "1"} if colour == "FORCE_COLOR" else {}
    result = run("--data", str(hostile), *command, columns=200, env=env)
    assert result.code == 0, result.stderr
    assert_harmless(result.stdout + result.stderr)
    if colour == "piped":
        assert "\x1b" not in result.stdout
    else:
        assert_only_colours_and_safe_links(result.stdout)
    shown = re.sub(r"\x1b\[[0-9;]*m|\x1b\]8;[^\x1b]*\x1b\\", "", result.stdout)
    if "markdown" in command:  # as a Markdown reader shows it: backslash escapes undone
        shown = re.sub(r"\\(.)", r"\1", shown)
    for text in expected:
        if colour != "piped":  # search marks matched words in [brackets] only where there is no colour
            text = re.sub(r"\[(quota|label)\]", r"\1", text)
        assert text in " ".join(shown.split()), text
    if command[0] in SHOWS_CONTROLS:
        assert "␛]0;owned␇" in shown and "<U+009B>31m" in shown and "<U+202E>evil<U+202C>" in shown
        assert all(f"<U+{code:04X}>" in "".join(shown.split()) for code in range(0x2066, 0x206A))


def test_a_coloured_show_links_the_source_title_to_its_address(hostile: Path) -> None:
    shown = run("--data", str(hostile), "show", "1", columns=300, env={"FORCE_COLOR": "1"}).stdout
    links = re.findall(r"\x1b\]8;id=\d+;([^\x1b]*)\x1b\\", shown)
    assert links and set(links) == {ADDRESS}


@pytest.mark.parametrize("command", [["list"], ["show", "1"], ["search", "quota"], ["topics"], ["sources"]])
def test_markup_in_data_shows_literally(hostile: Path, command: list[str]) -> None:
    flat = " ".join(run("--data", str(hostile), *command, columns=300).stdout.split())
    assert MARKUP in flat


@pytest.mark.parametrize(
    ("view", "numbers"),
    [
        (["show", "1"], ["40,000", "5,000", "−87.5%", "20,000", "5.8%", "[1]"]),
        (["list"], ["40,000", "−87.5%", "30 Nov 2026"]),
        (["thresholds"], ["40,000", "5,000", "−87.5%"]),
        (["timeline"], ["25 May 2020", "Jun 2019"]),
    ],
)
def test_saved_pictures_are_harmless(
    hostile: Path, tmp_path: Path, view: list[str], numbers: list[str]
) -> None:
    svg, html = tmp_path / "v.svg", tmp_path / "v.html"
    result = run("--data", str(hostile), *view, "--svg", str(svg), "--html", str(html))
    assert result.code == 0, result.stderr
    for path in (svg, html):
        content = path.read_text(encoding="utf-8")
        assert_harmless(content)
        assert "\x1b" not in content
        assert "<script" not in content
        # Rich markup in the data is shown, escaped for XML and HTML, never obeyed.
        assert "[link=http://evil.example]x[/link]" in content.replace("&#160;", " ").replace("\xa0", " ")
        for number in numbers:
            assert number in content.replace("&#160;", " ").replace("\xa0", " "), (path.name, number)
    if view == ["show", "1"]:
        assert 'href="https://evil.example/law?a=1&b=2"' in html.read_text(encoding="utf-8")


def test_a_hostile_address_is_refused_or_shown_harmlessly(tmp_path: Path) -> None:
    document = hostile_document()
    document["sources"]["evil"]["url"] = 'https://evil.example/\x1b\\\x1b[2J\x07"><script>alert(1)</script>'
    path = tmp_path / "address.toml"
    path.write_text(tomli_w.dumps(document), encoding="utf-8")
    svg, html = tmp_path / "v.svg", tmp_path / "v.html"
    coloured = run(
        "--data", str(path), "show", "1", "--svg", str(svg), "--html", str(html), env={"FORCE_COLOR": "1"}
    )
    assert_harmless(coloured.stdout + coloured.stderr)
    if coloured.code == 1:  # the loader refuses such an address: one line, made visible
        assert coloured.stdout == ""
        assert len(coloured.stderr.splitlines()) == 1 and "url" in coloured.stderr
        return
    assert coloured.code == 0, coloured.stderr
    links = re.findall(r"\x1b\]8;id=\d+;([^\x1b]*)\x1b\\", coloured.stdout)
    assert set(links) == {"https://evil.example/%1B%5C%1B[2J%07%22%3E%3Cscript%3Ealert(1)%3C/script%3E"}
    page = html.read_text(encoding="utf-8")
    assert_harmless(page)
    assert "<script" not in page and '"><script' not in page
    assert_harmless(svg.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "command",
    [["list", "--json"], ["show", "1", "--json"], ["export", "-f", "json"], ["search", "quota", "--json"]],
)
def test_json_keeps_the_data_exact_and_escaped(hostile: Path, command: list[str]) -> None:
    result = run("--data", str(hostile), *command)
    assert result.code == 0, result.stderr
    assert_harmless(result.stdout)
    loaded = json.loads(result.stdout)
    entry = loaded if isinstance(loaded, dict) else loaded[0]
    if "reforms" in entry:  # the export: the whole dataset
        assert entry["sources"]["evil"]["title"] == hostile_text("source title")
        assert entry["context"][0]["text"] == hostile_text("context")
        entry = entry["reforms"][0]
    assert entry["title"] == hostile_text("Title quota")
    if command[0] != "search":
        assert entry["thresholds"][0]["unit"] == hostile_text("unit")
        assert entry["assessments"][0]["by"] == hostile_text("by")
        assert entry["before"]["text"] == hostile_text("Before")


def test_sources_json_and_csl_json_keep_the_data_exact(hostile: Path) -> None:
    listed = run("--data", str(hostile), "sources", "--json").stdout
    assert_harmless(listed)
    assert json.loads(listed)[0]["title"] == hostile_text("source title")
    csl = run("--data", str(hostile), "cite", "1", "--format", "csl-json").stdout
    assert_harmless(csl)
    assert json.loads(csl)[0]["title"] == hostile_text("source title")


def test_toml_export_keeps_the_data_exact_and_escaped(hostile: Path, tmp_path: Path) -> None:
    text = run("--data", str(hostile), "export", "-f", "toml").stdout
    assert_harmless(text)
    copy = tmp_path / "copy.toml"
    copy.write_text(text, encoding="utf-8")
    assert (
        run("--data", str(copy), "export", "-f", "json").stdout
        == run("--data", str(hostile), "export", "-f", "json").stdout
    )
    assert (
        run("--data", str(copy), "list", "--json").stdout
        == run("--data", str(hostile), "list", "--json").stdout
    )


def test_hostile_keys_and_values_in_problems_are_shown_harmlessly(tmp_path: Path) -> None:
    path = tmp_path / "keys.toml"
    path.write_text(
        'as_of = "2026-01-01"\n[sources.s]\nkind = "news"\ntitle = "T"\n'
        '[[reforms]]\nid = 1\n"\\u001b[2Jkey\\u202e\\n" = 1\nperiod = "\\u001b]0;x\\u0007"\n',
        encoding="utf-8",
    )
    for command in (["validate", str(path)], ["--data", str(path), "list"]):
        result = run(*command)
        assert result.code == 1
        assert_harmless(result.stdout + result.stderr)
        assert f"{path}: reform 1: unknown key '␛[2Jkey<U+202E>␤'" in result.stdout + result.stderr
        lines = (result.stdout + result.stderr).splitlines()
        assert all(str(path) in line for line in lines)  # a line break in a key split nothing
        assert len(lines) == 1 or command[0] == "validate"


# --------------------------------------------------------------------------------------
# Narrow terminals: the sample data, every command
# --------------------------------------------------------------------------------------

# Each command with what it must keep on one line, however narrow the terminal.
VIEWS: list[tuple[list[str], list[str]]] = [
    (["list"], ["40,000", "5,000", "(−87.5%)", "7%", "5%", "(+30", "(−2"]),
    (["show", "2"], ["40,000 → 5,000 members (−87.5%) [1];", "600 → 200 members (−66.7%) [3][4]", "[4]"]),
    (["search", "40,000"], ["40,000", "2  Registering"]),
    (["search", "quota"], ["3  [Quota]", "none → 30% (+30 pp)"]),
    (["thresholds"], ["40,000 members", "5,000 members", "−87.5%", "−2 pp", "30%"]),
    (["timeline"], ["25 Jul 2021", "730 posts.", "238", "5.8%", "context"]),
    (["topics"], ["elections", "7", "2, 3, 4, 5,", "representation"]),
    (["glossary"], ["akim (akims)", "Used in: 4", "Used in: 9, 10", "Used in: 10"]),
    (["sources"], ["law-333  law", "Cited by: 1", "25 May 2020", "No. 333-VI", "16 Feb 2026"]),
]


def sample(*args: str, columns: int = 80, env: dict[str, str] | None = None) -> Run:
    return run("--data", str(SAMPLE), *args, columns=columns, env=env)


@pytest.mark.parametrize(("command", "kept"), VIEWS, ids=[" ".join(c) for c, _ in VIEWS])
def test_at_40_columns_nothing_is_wider_and_numbers_stay_whole(command: list[str], kept: list[str]) -> None:
    for columns in (40, 200):
        result = sample(*command, columns=columns)
        assert result.code == 0, result.stderr
        lines = result.stdout.splitlines()
        assert max(len(line.rstrip()) for line in lines) <= columns
        for number in kept:
            assert any(number in line for line in lines), (columns, number)


@pytest.mark.parametrize(("command", "kept"), VIEWS, ids=[" ".join(c) for c, _ in VIEWS])
@pytest.mark.parametrize("columns", [20, 10, 1])
def test_very_narrow_terminals_do_not_crash(command: list[str], kept: list[str], columns: int) -> None:
    result = sample(*command, columns=columns)
    assert result.code == 0, result.stderr
    assert result.stdout.strip() or columns == 1


def test_a_width_of_zero_falls_back_to_80_columns() -> None:
    assert sample("show", "5", columns=0).stdout == sample("show", "5", columns=80).stdout


# --------------------------------------------------------------------------------------
# Broken pipes and Ctrl-C, with the installed console script in a real process
# --------------------------------------------------------------------------------------


def console_script() -> list[str]:
    script = Path(sys.executable).parent / "kzreforms"
    return [str(script)] if script.exists() else [sys.executable, "-m", "kzreforms"]


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rule = {"sources": ["gen"]}
    entries = [
        {
            "id": number,
            "period": "2019-2021",
            "title": f"Reform number {number} about quota rules",
            "status": "in force",
            "topics": ["elections"],
            "before": {**rule, "text": "An old rule that was in force. " * 3},
            "after": {**rule, "text": "A new rule that is in force now. " * 3},
        }
        for number in range(1, 3001)
    ]
    document = {"as_of": "2026-11-30", "sources": {"gen": {"kind": "dataset", "title": "Generated"}}}
    path = tmp_path_factory.mktemp("large") / "large.toml"
    path.write_text(tomli_w.dumps({**document, "reforms": entries}), encoding="utf-8")
    return path


@pytest.mark.parametrize("command", [["list"], ["list", "--json"], ["export", "-f", "csv"]])
def test_a_closed_pipe_ends_quietly(large: Path, tmp_path: Path, command: list[str]) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    process = subprocess.Popen(
        [*console_script(), "--data", str(large), *command],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )  # fmt: skip
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline()
    process.stdout.close()  # as `| head -1` does
    stderr = process.stderr.read().decode()
    process.wait(timeout=60)
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr and "Exception ignored" not in stderr
    assert stderr == ""
    assert process.returncode in (0, 1)


def test_ctrl_c_exits_130_without_a_traceback(large: Path, tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    process = subprocess.Popen(
        [*console_script(), "--data", str(large), "list"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )  # fmt: skip
    assert process.stdout is not None
    assert process.stdout.readline()  # it is writing; its output is far larger than the pipe holds,
    time.sleep(0.3)  # so it now waits for us to read more
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert b"Traceback" not in stderr and b"KeyboardInterrupt" not in stderr


def test_a_terminal_that_cannot_encode_unicode_gets_no_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path), "PYTHONIOENCODING": "ascii", "COLUMNS": "80"}
    shown = subprocess.run(
        [*console_script(), "--data", str(SAMPLE), "show", "2"], capture_output=True, env=env, check=False
    )
    assert shown.returncode == 0, shown.stderr
    assert b"40,000 ? 5,000 members (?87.5%) [1]" in shown.stdout
    cites = {"sources": ["article"]}
    document = one_entry(
        title="Ауылдық әкімдер сайлауы",
        topics=["сайлау"],
        before={**cites, "text": "Әкімдер тағайындалды."},
        after={**cites, "text": "Әкімдер сайланады."},
    )
    document["sources"]["article"]["title"] = "Қазақстан"
    kazakh = data_file(tmp_path, tomli_w.dumps(document), "kazakh.toml")
    command = [*console_script(), "--data", str(kazakh), "list"]
    as_json = subprocess.run([*command, "--json"], capture_output=True, env=env, check=False)
    assert as_json.returncode == 0, as_json.stderr
    assert as_json.stdout.isascii()
    assert json.loads(as_json.stdout)[0]["title"] == "Ауылдық әкімдер сайлауы"
    listed = subprocess.run(command, capture_output=True, env=env, check=False)
    assert listed.returncode == 0, listed.stderr
    assert b"??????? ??????? ???????" in listed.stdout  # the title, each letter a "?"
