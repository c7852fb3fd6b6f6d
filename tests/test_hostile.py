"""Hard to break: a hostile data file never drives the terminal, and the tool fails cleanly.

The data file below puts terminal escapes (CSI, OSC), other C0 and C1 controls,
bidirectional overrides and Rich markup into every text field. Every command and every
view must show them harmlessly; JSON must keep them exact.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import tomli_w

from .conftest import run

CLEAR = "\x1b[2J"  # CSI: clear the screen
TITLE = "\x1b]0;owned\x07"  # OSC: set the window title
LINK = "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\"  # OSC 8 hyperlink
C1_CSI = "\x9b31m"  # the one-byte C1 form of CSI
BIDI = "\u202eevil\u202c"  # right-to-left override
MARKUP = "[bold red]markup[/] [link=http://evil.example]x[/link]"
PAYLOADS = [CLEAR, TITLE, LINK, C1_CSI, BIDI, "\x00\x07\x08\x7f"]
RAW_DANGER = ["\x1b[2J", "\x1b]", "\x9b", "\u202e", "\u202c", "\x07", "\x00", "\x08", "\x7f"]


def hostile_text(label: str) -> str:
    return f"{label} {CLEAR}{TITLE}{LINK}{C1_CSI}{BIDI}\x00\x07\x08\x7f {MARKUP}"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    document = {
        "reforms": [
            {
                "id": 1,
                "kind": "package",
                "title": hostile_text("Title quota"),
                "before": hostile_text("Before"),
                "after": hostile_text("After"),
                "before_short": hostile_text("b"),
                "after_short": hostile_text("a"),
                "topics": [hostile_text("topic")],
                "measures": [hostile_text("measure")],
                "sources": [hostile_text("source")],
                "thresholds": [
                    {
                        "label": hostile_text("label"),
                        "before": 40000,
                        "after": 5000,
                        "unit": hostile_text("unit"),
                        "steps": [{"value": 20000, "date": "2020-05", "source": hostile_text("step")}],
                        "source": hostile_text("threshold source"),
                    }
                ],
                "figures": [{"label": hostile_text("figure"), "value": 5.8, "unit": "%"}],
                "events": [
                    {"date": "2020-05-25", "text": hostile_text("event"), "source": hostile_text("s")}
                ],
            }
        ],
        "events": [{"date": "2019-06", "text": hostile_text("context"), "source": hostile_text("s")}],
        "glossary": [{"term": "quota", "meaning": hostile_text("meaning"), "forms": [hostile_text("form")]}],
    }
    path = tmp_path_factory.mktemp("hostile") / "hostile.toml"
    path.write_text(tomli_w.dumps(document), encoding="utf-8")
    return path


def assert_harmless(output: str) -> None:
    for danger in RAW_DANGER:
        assert danger not in output, repr(danger)


COMMANDS = [
    ["list"],
    ["show", "1"],
    ["search", "quota"],
    ["thresholds"],
    ["timeline"],
    ["topics"],
    ["glossary"],
    ["glossary", "quota"],
    ["validate"],
    ["export", "--format", "csv"],
    ["export", "--format", "markdown"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c))
@pytest.mark.parametrize("colour", ["piped", "FORCE_COLOR"])
def test_hostile_text_never_reaches_the_terminal(hostile: Path, command: list[str], colour: str) -> None:
    env = {"FORCE_COLOR": "1"} if colour == "FORCE_COLOR" else {}
    result = run("--data", str(hostile), *command, env=env)
    assert result.code == 0, result.stderr
    assert_harmless(result.stdout + result.stderr)
    if command[0] not in ("validate", "topics"):
        assert "␛[2J" in result.stdout or "␛" in result.stdout.replace("\n", "")


@pytest.mark.parametrize("command", [["list"], ["show", "1"], ["search", "quota"], ["topics"]])
def test_markup_in_data_shows_literally(hostile: Path, command: list[str]) -> None:
    flat = " ".join(run("--data", str(hostile), *command, columns=300).stdout.split())
    assert "[bold red]markup[/]" in flat or "[bold" in flat


@pytest.mark.parametrize("view", [["show", "1"], ["list"], ["thresholds"], ["timeline"]])
def test_saved_pictures_are_harmless(hostile: Path, tmp_path: Path, view: list[str]) -> None:
    svg, html = tmp_path / "v.svg", tmp_path / "v.html"
    assert run("--data", str(hostile), *view, "--svg", str(svg), "--html", str(html)).code == 0
    for path in (svg, html):
        content = path.read_text(encoding="utf-8")
        assert_harmless(content)
        assert "[link=http://evil.example]" in content or view == ["thresholds"]


@pytest.mark.parametrize("command", [["list", "--json"], ["show", "1", "--json"], ["export", "-f", "json"]])
def test_json_keeps_the_data_exact_and_escaped(hostile: Path, command: list[str]) -> None:
    result = run("--data", str(hostile), *command)
    assert_harmless(result.stdout)
    loaded = json.loads(result.stdout)
    entry = loaded if isinstance(loaded, dict) else loaded[0]
    assert entry["title"] == hostile_text("Title quota")
    assert entry["thresholds"][0]["unit"] == hostile_text("unit")


def test_toml_export_keeps_the_data_exact_and_escaped(hostile: Path, tmp_path: Path) -> None:
    text = run("--data", str(hostile), "export", "-f", "toml").stdout
    assert_harmless(text)
    copy = tmp_path / "copy.toml"
    copy.write_text(text, encoding="utf-8")
    assert (
        run("--data", str(copy), "list", "--json").stdout
        == run("--data", str(hostile), "list", "--json").stdout
    )


def test_hostile_keys_and_values_in_problems_are_shown_harmlessly(tmp_path: Path) -> None:
    path = tmp_path / "keys.toml"
    path.write_text(
        '[[reforms]]\nid = 1\n"\\u001b[2Jkey\\u202e\\n" = 1\nkind = "\\u001b]0;x\\u0007"\n', encoding="utf-8"
    )
    for command in (["validate", str(path)], ["--data", str(path), "list"]):
        result = run(*command)
        assert result.code == 1
        assert_harmless(result.stdout + result.stderr)
        assert "unknown key '␛[2Jkey<U+202E>␤'" in result.stdout + result.stderr
        lines = (result.stdout + result.stderr).splitlines()
        assert all(str(path) in line for line in lines)  # a line break in a key split nothing
        assert len(lines) == 1 or command[0] == "validate"


# --------------------------------------------------------------------------------------
# Narrow terminals
# --------------------------------------------------------------------------------------

VIEWS = [["list"], ["show", "2"], ["search", "quota"], ["thresholds"], ["timeline"], ["topics"], ["glossary"]]


@pytest.mark.parametrize("command", VIEWS, ids=lambda c: " ".join(c))
def test_at_40_columns_nothing_is_wider_and_numbers_stay_whole(command: list[str]) -> None:
    output = run(*command, columns=40).stdout
    assert max(len(line.rstrip()) for line in output.splitlines()) <= 40
    tokens = set(output.split())
    for number in ("40,000", "5,000", "(−87.5%)", "7%", "5%", "−2", "30%"):
        if number in " ".join(run(*command, columns=200).stdout.split()):
            assert any(number in token for token in tokens), number


@pytest.mark.parametrize("command", VIEWS, ids=lambda c: " ".join(c))
@pytest.mark.parametrize("columns", [20, 10, 1])
def test_very_narrow_terminals_do_not_crash(command: list[str], columns: int) -> None:
    result = run(*command, columns=columns)
    assert result.code == 0, result.stderr


def test_a_width_of_zero_falls_back_to_80_columns() -> None:
    assert run("show", "5", columns=0).stdout == run("show", "5", columns=80).stdout


# --------------------------------------------------------------------------------------
# Broken pipes and Ctrl-C, with the installed console script in a real process
# --------------------------------------------------------------------------------------


def console_script() -> list[str]:
    script = Path(sys.executable).parent / "kzreforms"
    return [str(script)] if script.exists() else [sys.executable, "-m", "kzreforms"]


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    entries = [
        {
            "id": number,
            "kind": "package",
            "title": f"Reform number {number} about quota rules",
            "before": "An old rule that was in force. " * 3,
            "after": "A new rule that is in force now. " * 3,
            "topics": ["elections"],
            "sources": ["Generated"],
        }
        for number in range(1, 3001)
    ]
    path = tmp_path_factory.mktemp("large") / "large.toml"
    path.write_text(tomli_w.dumps({"reforms": entries}), encoding="utf-8")
    return path


@pytest.mark.parametrize("command", [["list"], ["list", "--json"], ["export", "-f", "csv"]])
def test_a_closed_pipe_ends_quietly(large: Path, tmp_path: Path, command: list[str]) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    process = subprocess.Popen(
        [*console_script(), "--data", str(large), *command],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )  # fmt: skip
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
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
    process.stdout.readline()  # it is writing; its output is far larger than the pipe holds,
    time.sleep(0.3)  # so it now waits for us to read more
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert b"Traceback" not in stderr and b"KeyboardInterrupt" not in stderr


def test_a_terminal_that_cannot_encode_unicode_gets_no_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path), "PYTHONIOENCODING": "ascii"}
    shown = subprocess.run([*console_script(), "show", "2"], capture_output=True, env=env, check=False)
    assert shown.returncode == 0, shown.stderr
    assert b"40,000 ? 5,000 members (?87.5%)" in shown.stdout
    kazakh = tmp_path / "kazakh.toml"
    reform = {
        "id": 1, "kind": "package", "title": "Ауылдық әкімдер сайлауы", "before": "Әкімдер тағайындалды.",
        "after": "Әкімдер сайланады.", "topics": ["сайлау"], "sources": ["Қазақстан"],
    }  # fmt: skip
    kazakh.write_text(tomli_w.dumps({"reforms": [reform]}), encoding="utf-8")
    command = [*console_script(), "--data", str(kazakh), "list"]
    as_json = subprocess.run([*command, "--json"], capture_output=True, env=env, check=False)
    assert as_json.returncode == 0, as_json.stderr
    assert as_json.stdout.isascii()
    assert json.loads(as_json.stdout)[0]["title"] == "Ауылдық әкімдер сайлауы"
    listed = subprocess.run(command, capture_output=True, env=env, check=False)
    assert listed.returncode == 0, listed.stderr
    assert b"??????? ??????? ???????" in listed.stdout  # the title, each letter a "?"
