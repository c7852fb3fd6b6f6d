"""Output streams as the operating system gives them: full, closed, not UTF-8, a terminal, a pager.

The stream cases run the real program (``python -m kzreforms``) with real file descriptors:
stdout on ``/dev/full`` or closed, stderr closed, a pseudo-terminal of a given size. The cases of
one test start together, so that the whole file takes a few seconds. Colour and trailing spaces
are checked in-process, at 80 and 40 columns. One test pages through the real ``less`` in tmux.
The data is tests/data/sample.toml.
"""

from __future__ import annotations

import fcntl
import io
import json
import os
import pty
import re
import shlex
import shutil
import signal
import struct
import subprocess
import sys
import termios
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import typer
from rich.text import Text
from typer.testing import CliRunner

from kzreforms import _entry
from kzreforms._group import Group
from kzreforms._typer_compat import registered_names
from kzreforms.cli import app, commands
from kzreforms.output import Colour, Output, strip_trailing_spaces

from .conftest import SAMPLE, needs, run

FULL = "kzreforms: error: cannot write to standard output: No space left on device\n"
CLOSED = "kzreforms: error: cannot write to standard output: Bad file descriptor\n"
# Every command that prints, with arguments that make it print (sample data).
EVERY = {
    "list": ["list"],
    "show": ["show", "2"],
    "search": ["search", "quota"],
    "thresholds": ["thresholds"],
    "timeline": ["timeline"],
    "topics": ["topics"],
    "glossary": ["glossary"],
    "sources": ["sources"],
    "cite": ["cite", "2"],
    "assessments": ["assessments"],
    "validate": ["validate"],
    "export": ["export"],
    "schema": ["schema"],
    "compare": ["compare", "2021", "2022"],
}
INTERACTIVE = {"browse"}  # full-screen; it has tests of its own
MORE = {
    "--version": ["--version"],
    "--help": ["--help"],
    "no arguments": [],
    "list --json": ["list", "--json"],
}
CODES = re.compile(r"\x1b\[[0-9;]*m|\x1b\]8;[^\x1b]*\x1b\\")

# The words of a rule that changed, in the colour of before (blue, layout.THEME_COLOURS): cyan in a
# terminal of 8 colours (FORCE_COLOR), colour 31 of 256 in the real terminals below.
BEFORE_SGR, BEFORE_SGR_256 = "\x1b[1;36m", "\x1b[1;38;5;31m"


def environment(**extra: str) -> dict[str, str]:
    """A clean environment for the real program: sample data, 80 columns, UTF-8, no colour settings."""
    values = {
        "PATH": "/usr/bin:/bin",
        "HOME": os.environ.get("HOME", "/"),
        "LANG": "C.UTF-8",
        "COLUMNS": "80",
        "KZREFORMS_DATA": str(SAMPLE),
        "XDG_CACHE_HOME": os.environ["XDG_CACHE_HOME"],  # the session's, from conftest
    }
    if "PYTHONPATH" in os.environ:
        values["PYTHONPATH"] = os.environ["PYTHONPATH"]
    return {**values, **extra}


@dataclass
class Case:
    args: Sequence[str]
    stdout: str = "pipe"  # "pipe", "full" (/dev/full) or "closed"
    stderr: str = "pipe"  # "pipe" or "closed"
    env: dict[str, str] = field(default_factory=dict)


@dataclass
class Done:
    code: int
    stdout: bytes
    stderr: str


def closing(fds: list[int]) -> Callable[[], None] | None:
    """What the child runs before the program: close these descriptors (as `>&-` and `2>&-` do)."""

    def close() -> None:
        for fd in fds:
            os.close(fd)

    return close if fds else None


def run_all(cases: dict[Any, Case]) -> dict[Any, Done]:
    """Run every case at once as ``python -m kzreforms``; closed descriptors are closed in the child."""
    started = {}
    with open(os.devnull, "wb") as devnull, open("/dev/full", "wb") as full:
        for name, case in cases.items():
            stdout: Any = {"pipe": subprocess.PIPE, "full": full}.get(case.stdout, devnull)
            started[name] = subprocess.Popen(
                [sys.executable, "-m", "kzreforms", *case.args],
                stdin=subprocess.DEVNULL,
                stdout=stdout,
                stderr=subprocess.PIPE if case.stderr == "pipe" else devnull,
                env=environment(**case.env),
                preexec_fn=closing(
                    [fd for fd, how in ((1, case.stdout), (2, case.stderr)) if how == "closed"]
                ),
            )
        done = {}
        for name, process in started.items():
            out, err = process.communicate(timeout=60)
            done[name] = Done(process.returncode, out or b"", (err or b"").decode())
    return done


def test_the_stream_tests_cover_every_command() -> None:
    assert set(registered_names(commands)) - INTERACTIVE == set(EVERY)


def test_a_full_stdout_ends_with_one_line_and_status_1(tmp_path: Path) -> None:
    cases = {name: Case(args, stdout="full") for name, args in {**EVERY, **MORE}.items()}
    # Output that fails anyway, or is not written, keeps its own message and status.
    cases["no hits"] = Case(["search", "zzz"], stdout="full")
    cases["usage"] = Case(["list", "--bogus"], stdout="full")
    cases["to a file"] = Case(["export", "--output", str(tmp_path / "out.toml")], stdout="full")
    done = run_all(cases)
    for name in {**EVERY, **MORE}:
        assert (done[name].code, done[name].stderr) == (1, FULL), name
    assert (done["no hits"].code, done["no hits"].stderr) == (1, "kzreforms: no entries match 'zzz'\n")
    assert (done["usage"].code, done["usage"].stderr) == (
        2,
        "kzreforms: error: No such option: --bogus (see 'kzreforms list --help')\n",
    )
    assert (done["to a file"].code, done["to a file"].stderr) == (
        0,
        f"Wrote 14 entries to {tmp_path / 'out.toml'}\n",
    )


# Where stdout was closed, some commands printed a traceback and others ended with 0.
SOME = ["list", "show", "search", "export", "cite", "--version", "list --json"]


def test_a_closed_stdout_ends_with_one_line_and_status_1(tmp_path: Path) -> None:
    written = tmp_path / "out.toml"
    every = {**EVERY, **MORE}
    cases = {name: Case(every[name], stdout="closed") for name in SOME}
    cases["no hits"] = Case(["search", "zzz"], stdout="closed")
    cases["usage"] = Case(["export", "-f"], stdout="closed")
    cases["to a file"] = Case(["export", "--output", str(written)], stdout="closed")
    done = run_all(cases)
    for name in SOME:
        assert (done[name].code, done[name].stderr) == (1, CLOSED), name
    assert (done["no hits"].code, done["no hits"].stderr) == (1, "kzreforms: no entries match 'zzz'\n")
    assert (done["usage"].code, done["usage"].stderr) == (
        2,
        "kzreforms: error: Option '-f' requires an argument. (see 'kzreforms export --help')\n",
    )
    assert (done["to a file"].code, done["to a file"].stderr) == (0, f"Wrote 14 entries to {written}\n")
    assert written.read_text(encoding="utf-8").startswith("schema_version = 2\n")


def test_a_closed_stderr_changes_no_exit_status(tmp_path: Path) -> None:
    written = tmp_path / "out.csv"
    done = run_all(
        {
            "export --output": Case(["export", "-f", "csv", "--output", str(written)], stderr="closed"),
            "list": Case(["list", "--topic", "elections"], stderr="closed"),
            "usage": Case(["list", "--bogus"], stderr="closed"),
            "missing value": Case(["export", "-f"], stderr="closed"),
            "unknown id": Case(["show", "99"], stderr="closed"),
            "full and closed": Case(["show", "2"], stdout="full", stderr="closed"),
        }
    )
    codes = {name: result.code for name, result in done.items()}
    assert codes == {
        "export --output": 0, "list": 0, "usage": 2, "missing value": 2, "unknown id": 1, "full and closed": 1,
    }  # fmt: skip
    assert written.read_text(encoding="utf-8").startswith("id,")
    assert done["list"].stdout.decode().startswith("Reforms of 2019–2021\n")


def test_the_help_pointer_of_a_missing_value_names_its_command() -> None:
    result = run("export", "-f")
    assert (result.code, result.stderr) == (
        2,
        "kzreforms: error: Option '-f' requires an argument. (see 'kzreforms export --help')\n",
    )
    result = run("--data")
    assert (
        result.stderr == "kzreforms: error: Option '--data' requires an argument. (see 'kzreforms --help')\n"
    )


def test_exports_and_json_are_utf_8_bytes_whatever_the_locale(tmp_path: Path) -> None:
    kazakh = tmp_path / "kazakh.toml"
    text = SAMPLE.read_text(encoding="utf-8").replace("Kazakh", "Қазақ")
    kazakh.write_text(
        text.replace("Registering a political party", "Саяси партияны тіркеу"), encoding="utf-8"
    )
    commands = {
        **{f"export {name}": ["export", "-f", name] for name in ("toml", "json", "csv", "markdown")},
        "cite": ["cite", "2"],
        "cite csl-json": ["cite", "2", "-f", "csl-json"],
        "list --json": ["list", "--json"],
    }
    cases = {
        (name, encoding): Case(args, env={"KZREFORMS_DATA": str(kazakh), "PYTHONIOENCODING": encoding})
        for name, args in commands.items()
        for encoding in ("cp1252", "ascii")
        if (encoding == "cp1252") != (name == "list --json")
    }
    done = run_all(cases)
    for (name, encoding), result in done.items():
        assert (result.code, result.stderr) == (0, ""), (name, encoding)
        utf8 = CliRunner().invoke(app, ["--data", str(kazakh), *commands[name]]).stdout_bytes
        assert not utf8.isascii()  # there is something to get wrong
        if name == "list --json":  # JSON escapes what the stream cannot encode: the same data
            assert result.stdout.isascii()
            assert json.loads(result.stdout) == json.loads(utf8)
        else:
            assert result.stdout == utf8, (name, encoding)


# Colour


@pytest.mark.parametrize(
    ("args", "env", "coloured"),
    [
        (["--color", "always", "show", "2"], {}, True),
        (["show", "2", "--color", "always"], {}, True),
        (["--color", "ALWAYS", "show", "2"], {"NO_COLOR": "1"}, True),
        (["--color", "never", "show", "2"], {"FORCE_COLOR": "1"}, False),
        (["show", "2", "--color", "never"], {"FORCE_COLOR": "1"}, False),
        (["--color", "always", "show", "2", "--color", "never"], {}, False),
        (["--color", "auto", "show", "2"], {"FORCE_COLOR": "1"}, True),
        (["show", "2"], {"FORCE_COLOR": "1"}, True),
        (["show", "2"], {"FORCE_COLOR": "0"}, False),
        (["show", "2"], {"FORCE_COLOR": ""}, False),
        (["show", "2"], {"FORCE_COLOR": "false"}, False),
        (["show", "2"], {}, False),
    ],
)
def test_color_option_and_force_color(args: list[str], env: dict[str, str], coloured: bool) -> None:
    result = run("--data", str(SAMPLE), *args, columns=200, env=env)
    assert result.code == 0, result.stderr
    changed = f"A political party {BEFORE_SGR}needed 40,000\x1b[0m members"
    assert (changed in result.stdout) is coloured
    assert ("\x1b" in result.stdout) is coloured
    assert "A political party needed 40,000 members" in CODES.sub("", result.stdout)


@pytest.mark.parametrize("term", ["dumb", "unknown"])
def test_color_always_colours_a_dumb_terminal_too(term: str) -> None:
    result = run("--data", str(SAMPLE), "--color", "always", "show", "2", env={"TERM": term})
    assert (result.code, result.stderr) == (0, "")
    assert "A political party \x1b[1;36mneeded 40,000\x1b[0m" in result.stdout  # before, in 8 colours


def test_color_always_colours_the_search_highlights_instead_of_brackets() -> None:
    coloured = run("--data", str(SAMPLE), "search", "quota", "--color", "always").stdout
    plain = run("--data", str(SAMPLE), "search", "quota", "--color", "never", env={"FORCE_COLOR": "1"}).stdout
    assert "[quota]" not in coloured and "\x1b[" in coloured
    assert "[quota]" in plain and "\x1b" not in plain


def test_a_wrong_color_is_a_usage_error() -> None:
    result = run("--color", "sometimes", "list")
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == (
        "kzreforms: error: Invalid value for '--color': 'sometimes' is not one of 'auto', 'always', "
        "'never'. (see 'kzreforms --help')\n"
    )


HELP_COLOUR = {
    "piped": ([], {}, False),
    "piped, FORCE_COLOR=0": ([], {"FORCE_COLOR": "0"}, False),
    "piped, FORCE_COLOR=1": ([], {"FORCE_COLOR": "1"}, True),
    "piped, --color always": (["--color", "always"], {}, True),
    "piped, --color never, FORCE_COLOR=1": (["--color", "never"], {"FORCE_COLOR": "1"}, False),
    "piped, --color=never after --help": (["--help", "--color=never"], {"FORCE_COLOR": "1"}, False),
    "piped, no option after --": (["--help", "--", "--color", "never"], {"FORCE_COLOR": "1"}, True),
}


@pytest.mark.parametrize("command", [["--help"], ["list", "--help"]], ids=["--help", "list --help"])
def test_help_follows_the_color_option_and_force_color(command: list[str]) -> None:
    done = run_all({name: Case([*command, *args], env=env) for name, (args, env, _) in HELP_COLOUR.items()})
    shown = all_in_terminals(
        {
            "terminal": ([*command], environment(), 60),
            "terminal, --color never": ([*command, "--color", "never"], environment(), 60),
            "terminal, FORCE_COLOR=0": ([*command], environment(FORCE_COLOR="0"), 60),
        }
    )
    plain = done["piped"].stdout.decode()
    assert "Usage: kzreforms" in plain
    for name, (_, _, coloured) in HELP_COLOUR.items():
        result = done[name]
        assert (result.code, result.stderr) == (0, ""), name
        assert (b"\x1b[" in result.stdout) is coloured, name
        assert CODES.sub("", result.stdout.decode()) == plain, name
    assert shown["terminal"].code == 0 and b"\x1b[1;33mUsage:" in shown["terminal"].screen
    for name in ("terminal, --color never", "terminal, FORCE_COLOR=0"):
        assert (shown[name].code, shown[name].stderr) == (0, ""), name
        assert b"Usage: kzreforms" in shown[name].screen and b"\x1b[" not in shown[name].screen, name


# The same in-process (Typer's CliRunner), where the help's console is made in this process:
# the command line, its environment, and whether the help is coloured.
HELP_COLOUR_IN_PROCESS = {
    "--help": (["--help"], {}, False),
    "-h": (["-h"], {"FORCE_COLOR": "0"}, False),
    "no arguments, FORCE_COLOR=1": ([], {"FORCE_COLOR": "1"}, True),
    "no arguments, FORCE_COLOR=0": ([], {"FORCE_COLOR": "0"}, False),
    "--help, FORCE_COLOR=0": (["--help"], {"FORCE_COLOR": "0"}, False),
    "--help, FORCE_COLOR=false": (["--help"], {"FORCE_COLOR": "false"}, False),
    "--help, FORCE_COLOR=1": (["--help"], {"FORCE_COLOR": "1"}, True),
    "--help --color always": (["--help", "--color", "always"], {}, True),
    "-h --color always": (["-h", "--color", "always"], {}, True),
    "--help --color ALWAYS": (["--help", "--color", "ALWAYS"], {}, True),
    "--help --color=always": (["--help", "--color=always"], {}, True),
    "--help --color=ALWAYS": (["--help", "--color=ALWAYS"], {}, True),
    "--color always before --help": (["--color", "always", "--help"], {}, True),
    "--color always, list --help": (["--color", "always", "list", "--help"], {}, True),
    "list -h --color=always": (["list", "-h", "--color=always"], {}, True),
    "--help --color always, TERM=dumb": (["--help", "--color", "always"], {"TERM": "dumb"}, True),
    "--help --color never, FORCE_COLOR=1": (["--help", "--color", "never"], {"FORCE_COLOR": "1"}, False),
    "--help --color=never, FORCE_COLOR=1": (["--help", "--color=never"], {"FORCE_COLOR": "1"}, False),
    "--help --color never --color always": (["--help", "--color", "never", "--color", "always"], {}, True),
    "--help --color auto, FORCE_COLOR=1": (["--help", "--color", "auto"], {"FORCE_COLOR": "1"}, True),
    "--help --color auto, FORCE_COLOR=0": (["--help", "--color", "auto"], {"FORCE_COLOR": "0"}, False),
    "--help --color sometimes": (["--help", "--color", "sometimes"], {}, False),
    "--help --color=x=never, FORCE_COLOR=1": (["--help", "--color=x=never"], {"FORCE_COLOR": "1"}, True),
    "--data=never --help, FORCE_COLOR=1": (["--data=never", "--help"], {"FORCE_COLOR": "1"}, True),
    "no option after --": (["--help", "--", "--color", "always"], {}, False),
    "no option after --, FORCE_COLOR=0": (["--help", "--", "--color", "always"], {"FORCE_COLOR": "0"}, False),
}


@pytest.mark.parametrize("name", HELP_COLOUR_IN_PROCESS)
def test_help_follows_the_color_option_and_force_color_in_process(name: str) -> None:
    from typer import rich_utils

    args, env, coloured = HELP_COLOUR_IN_PROCESS[name]
    typers_own = rich_utils.COLOR_SYSTEM, rich_utils.FORCE_TERMINAL
    result = run(*args, env=env)
    same = ["--color", "never", *(["list"] if "list" in args else []), "--help"] if args else []
    plain = run(*same, env={"FORCE_COLOR": "0"}).stdout
    assert (result.code, result.stderr) == (0, "")
    assert ("\x1b[" in result.stdout) is coloured
    assert CODES.sub("", result.stdout) == plain
    assert "Usage: kzreforms" in plain and "\x1b" not in plain
    assert typers_own == (rich_utils.COLOR_SYSTEM, rich_utils.FORCE_TERMINAL)  # put back after the help


def test_help_with_color_missing_its_value_is_a_usage_error() -> None:
    result = run("--help", "--color", env={"FORCE_COLOR": "1"})
    assert (result.code, result.stdout) == (2, "")
    assert (
        result.stderr == "kzreforms: error: Option '--color' requires an argument. (see 'kzreforms --help')\n"
    )


# Trailing spaces


def test_strip_trailing_spaces_keeps_the_escape_codes() -> None:
    strip = strip_trailing_spaces
    assert strip("a  \n  b \n   \n") == "a\n  b\n\n"
    assert strip("x\x1b[2m   \x1b[0m\ny") == "x\x1b[2m\x1b[0m\ny"
    assert strip("x \x1b[1m \x1b[0m ") == "x\x1b[1m\x1b[0m"
    link = "\x1b]8;id=1;https://e.kz\x1b\\t\x1b]8;;\x1b\\"
    assert strip(f"{link}  \x1b[0m  \n") == f"{link}\x1b[0m\n"
    assert strip("a\x1b[31mb c\x1b[0m") == "a\x1b[31mb c\x1b[0m"
    assert strip("no spaces\n") == "no spaces\n"


SGR_RED, SGR_END = "\x1b[1;31m", "\x1b[0m"
LINK = "\x1b]8;id=7;https://example.org\x1b\\"
LINK_END = "\x1b]8;;\x1b\\"


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("word   \n", "word\n"),
        ("a,b\r\n", "a,b\r\n"),  # CSV's line ends stay as written: only spaces go
        ("tab\t\n", "tab\t\n"),
        ("x" + " " * 3 + SGR_END + "\n", "x" + SGR_END + "\n"),
        (f"x {SGR_RED}  {SGR_END} \n", f"x{SGR_RED}{SGR_END}\n"),
        (f"{SGR_END}   \n", f"{SGR_END}\n"),  # a colour code at the start of the line
        ("x \x1b[38:5:1m \n", "x\x1b[38:5:1m\n"),  # colons, as some terminals write them
        ("x \x1b[1xm \n", "x \x1b[1xm\n"),  # not a colour code: kept, with the space before it
        ("rhythm \n", "rhythm\n"),  # ends in m, with no escape at all
        (f"{LINK}title{LINK_END}   \n", f"{LINK}title{LINK_END}\n"),
        (f"{LINK}title {LINK_END}  \n", f"{LINK}title{LINK_END}\n"),
        (f"{LINK}t{LINK_END} {LINK}u {LINK_END} \n", f"{LINK}t{LINK_END} {LINK}u{LINK_END}\n"),
        (f"a {SGR_RED}\x1b]8;;\x1b[0m\x1b\\ \n", f"a {SGR_RED}\x1b]8;;\x1b[0m\x1b\\\n"),  # not a link end
        ("tab\t  \n", "tab\t\n"),  # only spaces go, not other white space
        (f"tab\t {SGR_END} \n", f"tab\t{SGR_END}\n"),
        ("MAX  \n", "MAX\n"),
        (f"X {SGR_END}\n", f"X{SGR_END}\n"),
        ("x \x1b[1Xm \n", "x \x1b[1Xm\n"),  # a letter among the numbers: not a colour code
        ("x \x1b[x1m \n", "x \x1b[x1m\n"),
        ("a \x1b]8;;\x1b\x1b\\ \n", "a \x1b]8;;\x1b\x1b\\\n"),  # an escape inside: not a link end
    ],
)
def test_no_line_of_text_output_ends_in_spaces_and_escape_codes_stay(written: str, shown: str) -> None:
    assert _entry.strip_trailing_spaces(written) == shown


@pytest.mark.parametrize("columns", [80, 40])
@pytest.mark.parametrize("colour", [{}, {"FORCE_COLOR": "1"}], ids=["piped", "FORCE_COLOR=1"])
def test_no_line_ends_in_spaces(columns: int, colour: dict[str, str]) -> None:
    for args in [
        *EVERY.values(),
        ["glossary", "akim"],
        ["list", "--json"],
        ["timeline", "--topic", "elections"],
    ]:
        result = run("--data", str(SAMPLE), *args, columns=columns, env=colour)
        assert result.code == 0, (args, result.stderr)
        for line in result.stdout.splitlines():
            assert not line.endswith(" ") and not CODES.sub("", line).endswith(" "), (args, line)


@pytest.mark.parametrize("columns", ["80", "40"])
@pytest.mark.parametrize("colour", ["", "1"])
def test_no_line_of_help_ends_in_spaces(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], columns: str, colour: str
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    if colour:
        monkeypatch.setenv("FORCE_COLOR", colour)
    for args in (["--help"], ["list", "--help"], []):
        monkeypatch.setattr(sys, "argv", ["kzreforms", *args])
        with pytest.raises(SystemExit) as stopped:
            _entry.main()
        assert stopped.value.code == 0
        output = capsys.readouterr().out
        assert "Usage: kzreforms" in CODES.sub("", output)
        for line in output.splitlines():
            assert not line.endswith(" ") and not CODES.sub("", line).endswith(" "), (args, line)


# The pager, in a pseudo-terminal


@dataclass
class Terminal:
    code: int
    screen: bytes  # what reached the terminal directly
    stderr: str


def start_in_terminal(
    args: Sequence[str], env: dict[str, str], lines: int = 10, columns: int = 80
) -> tuple[subprocess.Popen[bytes], int]:
    """Start the program with stdin and stdout on a pseudo-terminal of lines x columns."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
    env = {key: value for key, value in env.items() if key not in ("COLUMNS", "LINES")}
    process = subprocess.Popen(
        [sys.executable, "-m", "kzreforms", *args],
        stdin=slave, stdout=slave, stderr=subprocess.PIPE, env={"TERM": "xterm-256color", **env},
        start_new_session=True,
    )  # fmt: skip
    os.close(slave)
    return process, master


def finish_in_terminal(process: subprocess.Popen[bytes], master: int) -> Terminal:
    screen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: every end of the terminal is closed
            break
        if not chunk:
            break
        screen += chunk
    os.close(master)
    assert process.stderr is not None
    stderr = process.stderr.read().decode()
    process.wait(timeout=60)
    process.stderr.close()
    return Terminal(process.returncode, screen, stderr)


def all_in_terminals(cases: dict[str, tuple[Sequence[str], dict[str, str], int]]) -> dict[str, Terminal]:
    """Run every case (arguments, environment, lines) at once, each in a terminal of its own."""
    started = {name: start_in_terminal(args, env, lines) for name, (args, env, lines) in cases.items()}
    return {name: finish_in_terminal(*process) for name, process in started.items()}


@pytest.fixture
def pager(tmp_path: Path) -> Path:
    """A fake pager: writes what it receives to $PAGED_TO, and its arguments and $LESS to $PAGED_TO.args."""
    script = tmp_path / "fake pager"
    script.write_text('#!/bin/sh\nprintf "%s|" "$@" "LESS=$LESS" > "$PAGED_TO.args"\ncat > "$PAGED_TO"\n')
    script.chmod(0o755)
    return script


def test_long_output_in_a_terminal_goes_through_the_pager_with_its_colour(
    tmp_path: Path, pager: Path
) -> None:
    paged = {name: tmp_path / name for name in ("show", "json", "csv")}
    command = shlex.quote(str(pager)) + " --x"
    shown = all_in_terminals(
        {
            "show": (["show", "2"], environment(KZREFORMS_PAGER=command, PAGED_TO=str(paged["show"])), 10),
            "json": (["show", "2", "--json"], environment(PAGER=command, PAGED_TO=str(paged["json"])), 10),
            "csv": (["export", "-f", "csv"], environment(PAGER=command, PAGED_TO=str(paged["csv"])), 10),
        }
    )
    for name, result in shown.items():
        assert (result.code, result.stderr, result.screen) == (0, "", b""), name
        assert Path(f"{paged[name]}.args").read_text() == "--x|LESS=FRX|"
    text = paged["show"].read_text(encoding="utf-8")
    assert f"{BEFORE_SGR_256}needed 40,000\x1b[0m" in text  # the colour is kept
    assert CODES.sub("", text) == run("--data", str(SAMPLE), "show", "2", columns=80).stdout
    assert not any(line.endswith(" ") for line in CODES.sub("", text).splitlines())
    # JSON and exports go through as they are.
    assert (
        paged["json"].read_text(encoding="utf-8") == run("--data", str(SAMPLE), "show", "2", "--json").stdout
    )
    assert (
        paged["csv"].read_text(encoding="utf-8") == run("--data", str(SAMPLE), "export", "-f", "csv").stdout
    )


def test_the_pager_is_chosen_as_git_chooses_it(tmp_path: Path, pager: Path) -> None:
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    (bin_folder / "less").symlink_to(pager)
    (bin_folder / "other").symlink_to(pager)
    path = f"{bin_folder}:/usr/bin:/bin"
    chosen = {
        "default": {},
        "PAGER": {"PAGER": "other -S", "LESS": "R"},
        "KZREFORMS_PAGER": {"PAGER": "nothing-here", "KZREFORMS_PAGER": "other --first"},
        "shell": {"PAGER": 'sed s/political/POLITICAL/ | other "$0" x'},  # shell syntax: run by the shell
    }
    shown = all_in_terminals(
        {
            name: (["show", "2"], environment(PATH=path, PAGED_TO=str(tmp_path / name), **env), 10)
            for name, env in chosen.items()
        }
    )
    assert {name: result.code for name, result in shown.items()} == dict.fromkeys(chosen, 0)
    assert {name: Path(f"{tmp_path / name}.args").read_text() for name in chosen} == {
        "default": "-FRX|LESS=FRX|", "PAGER": "-S|LESS=R|", "KZREFORMS_PAGER": "--first|LESS=FRX|",
        "shell": "/bin/sh|x|LESS=FRX|",
    }  # fmt: skip
    shell = CODES.sub("", (tmp_path / "shell").read_text(encoding="utf-8"))
    assert shell.startswith("2. Registering a POLITICAL party\n")


def test_no_pager_when_it_fits_or_is_turned_off_or_is_missing(tmp_path: Path, pager: Path) -> None:
    paged = tmp_path / "paged"
    env = environment(KZREFORMS_PAGER=shlex.quote(str(pager)), PAGED_TO=str(paged))
    shown = all_in_terminals(
        {
            "fits": (["show", "2"], env, 60),
            "--no-pager": (["--no-pager", "show", "2"], env, 10),
            "--no-pager after": (["show", "2", "--no-pager"], env, 10),
            "missing": (["show", "2"], {**env, "KZREFORMS_PAGER": "/nonexistent/pager -R"}, 10),
            "cat": (["show", "2"], {**env, "KZREFORMS_PAGER": "cat"}, 10),
            "empty": (["show", "2"], {**env, "KZREFORMS_PAGER": "", "PAGER": str(pager)}, 10),
        }
    )
    for name, result in shown.items():
        assert (result.code, result.stderr) == (0, ""), name
        coloured = f"{BEFORE_SGR_256}needed 40,000\x1b[0m".encode()
        assert coloured in result.screen, name  # coloured, on the terminal
        for line in result.screen.decode().splitlines():
            assert not line.endswith(" ") and not CODES.sub("", line).endswith(" "), (name, line)
    piped = run_all(
        {"piped": Case(["show", "2"], env={"KZREFORMS_PAGER": str(pager), "PAGED_TO": str(paged)})}
    )
    assert piped["piped"].stdout.startswith(b"2. ")
    assert not paged.exists()


def test_colour_in_a_terminal_follows_color_and_force_color() -> None:
    shown = all_in_terminals(
        {
            "auto": (["show", "2"], environment(), 60),
            "FORCE_COLOR=0": (["show", "2"], environment(FORCE_COLOR="0"), 60),
            "--color never": (["--color", "never", "show", "2"], environment(), 60),
            "NO_COLOR, --color always": (["show", "2", "--color", "always"], environment(NO_COLOR="1"), 60),
        }
    )
    assert {name: BEFORE_SGR_256.encode() in result.screen for name, result in shown.items()} == {
        "auto": True, "FORCE_COLOR=0": False, "--color never": False, "NO_COLOR, --color always": True,
    }  # fmt: skip
    assert b"\x1b" not in shown["FORCE_COLOR=0"].screen


def test_a_pager_that_quits_early_ends_quietly(tmp_path: Path) -> None:
    quitter = tmp_path / "quitter"
    quitter.write_text("#!/bin/sh\nhead -c 100 > /dev/null\n")
    quitter.chmod(0o755)
    env = environment(KZREFORMS_PAGER=str(quitter))
    del env["KZREFORMS_DATA"]  # the bundled data: 80 kB, more than a pipe holds
    shown = all_in_terminals({"export": (["export"], env, 10)})["export"]
    assert (shown.code, shown.stderr, shown.screen) == (0, "", b"")


def wait_for(path: Path) -> None:
    deadline = time.monotonic() + 30
    while not path.exists():
        assert time.monotonic() < deadline, f"timed out waiting for {path}"
        time.sleep(0.01)


def test_ctrl_c_while_paging_ends_quietly(tmp_path: Path) -> None:
    """Ctrl-C goes to the whole foreground group: a pager such as less keeps it and goes on, and
    the command ends with the pager; a pager that Ctrl-C ends ends the command too, with 130."""
    started = {}
    for name, trap in (("keeps running", "trap '' INT\n"), ("ends", "")):
        folder = tmp_path / name.replace(" ", "-")
        folder.mkdir()
        script = folder / "pager"
        script.write_text(
            f"#!/bin/sh\n{trap}touch {folder / 'started'}\n"
            f"while [ ! -e {folder / 'go'} ]; do sleep 0.01; done\ncat > {folder / 'paged'}\n"
        )
        script.chmod(0o755)
        started[name] = (folder, start_in_terminal(["show", "2"], environment(KZREFORMS_PAGER=str(script))))
    for folder, (process, _) in started.values():
        wait_for(folder / "started")
        os.killpg(process.pid, signal.SIGINT)
    time.sleep(0.2)
    for folder, _ in started.values():
        (folder / "go").touch()
    shown = {name: finish_in_terminal(*process) for name, (_, process) in started.items()}
    assert {name: (result.code, result.stderr, result.screen) for name, result in shown.items()} == {
        "keeps running": (0, "", b""), "ends": (130, "", b""),
    }  # fmt: skip
    assert "needed 40,000" in (tmp_path / "keeps-running" / "paged").read_text(encoding="utf-8")


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, pager: Path) -> Tty:
    """In-process: a terminal of 10 lines, the fake pager writing to tmp_path/paged. Each test
    makes it stdout itself (pytest sets stdout again after the fixtures)."""
    monkeypatch.setenv("LINES", "10")
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("KZREFORMS_PAGER", shlex.quote(str(pager)))
    monkeypatch.setenv("PAGED_TO", str(tmp_path / "paged"))
    return Tty()


def test_views_and_text_go_through_the_pager_in_process(
    monkeypatch: pytest.MonkeyPatch, terminal: Tty, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys, "stdout", terminal)
    out = Output()
    out.emit(Text("line  \n" * 20))
    assert (tmp_path / "paged").read_text(encoding="utf-8") == "line\n" * 20 + "\n"
    out.write("ü\n" * 10)
    assert (tmp_path / "paged").read_bytes() == "ü\n".encode() * 10
    out.write("short\n")
    out.emit(Text("short"))
    assert terminal.getvalue() == "short\nshort\n"


@pytest.mark.parametrize(
    ("args", "paged"),
    [(["show", "2"], True), (["--no-pager", "show", "2"], False), (["show", "2", "--no-pager"], False),
     (["show", "2", "--color", "never"], True), (["show", "--no-pager", "2", "--json"], False)],
    ids=["paged", "before", "after", "another option after", "json"],
)  # fmt: skip
def test_no_pager_before_or_after_the_command_in_process(
    monkeypatch: pytest.MonkeyPatch, terminal: Tty, tmp_path: Path, args: list[str], paged: bool
) -> None:
    monkeypatch.setattr(sys, "stdout", terminal)
    group = typer.main.get_command(app)
    assert isinstance(group, Group)
    assert group.main(["--data", str(SAMPLE), *args], standalone_mode=False) == 0
    assert (tmp_path / "paged").exists() is paged
    shown = (tmp_path / "paged").read_text(encoding="utf-8") if paged else terminal.getvalue()
    assert "needed 40,000" in shown and (terminal.getvalue() == "") is paged


def test_when_the_pager_is_not_used(monkeypatch: pytest.MonkeyPatch, terminal: Tty) -> None:
    monkeypatch.setattr(sys, "stdout", terminal)
    out = Output()
    assert out.pager_command(9) is None  # fits a screen of 10 lines with the prompt
    assert out.pager_command(10) is not None
    for name, value in (
        ("KZREFORMS_PAGER", '"unclosed'),
        ("KZREFORMS_PAGER", "  "),
        ("KZREFORMS_PAGER", "cat"),
    ):
        monkeypatch.setenv(name, value)
        assert out.pager_command(100) is None, value
    monkeypatch.delenv("KZREFORMS_PAGER")
    monkeypatch.setenv("TERM", "dumb")  # git's rule: no default pager on a dumb terminal
    assert out.pager_command(100) is None
    monkeypatch.setenv("PAGER", "sh -c")
    assert out.pager_command(100) == [shutil.which("sh"), "-c"]
    out.pager = False
    assert out.pager_command(100) is None
    out.pager = True
    monkeypatch.setattr(terminal, "isatty", lambda: (_ for _ in ()).throw(ValueError("closed")))
    assert out.pager_command(100) is None


def test_the_pager_is_chosen_as_git_chooses_it_in_process(
    monkeypatch: pytest.MonkeyPatch, terminal: Tty
) -> None:
    monkeypatch.setattr(sys, "stdout", terminal)
    out = Output()
    monkeypatch.delenv("KZREFORMS_PAGER")
    assert out.pager_command(100) == [shutil.which("less"), "-FRX"]  # the default, as git's
    monkeypatch.setenv("PAGER", "less -S")
    assert out.pager_command(100) == [shutil.which("less"), "-S"]
    monkeypatch.setenv("KZREFORMS_PAGER", "sh -e")  # wins over PAGER
    assert out.pager_command(100) == [shutil.which("sh"), "-e"]
    for shell_syntax in ("less -R | cat", "LESS=R less", "less ~/x", "$HOME/pager"):
        monkeypatch.setenv("KZREFORMS_PAGER", shell_syntax)
        assert out.pager_command(100) == ["/bin/sh", "-c", shell_syntax]


def test_the_pager_gets_less_and_lv_settings_unless_the_user_has_some(
    monkeypatch: pytest.MonkeyPatch, terminal: Tty, tmp_path: Path
) -> None:
    script = tmp_path / "env pager"
    script.write_text(
        '#!/bin/sh\nprintf "LESS=%s LV=%s\\n" "$LESS" "$LV" > "$PAGED_TO.env"\ncat > "$PAGED_TO"\n'
    )
    script.chmod(0o755)
    monkeypatch.setenv("KZREFORMS_PAGER", shlex.quote(str(script)))
    monkeypatch.setattr(sys, "stdout", terminal)
    monkeypatch.delenv("LESS", raising=False)
    monkeypatch.delenv("LV", raising=False)
    Output().write("line\n" * 20)
    assert (tmp_path / "paged.env").read_text(encoding="utf-8") == "LESS=FRX LV=-c\n"
    monkeypatch.setenv("LESS", "S")
    monkeypatch.setenv("LV", "-a")
    Output().write("line\n" * 20)
    assert (tmp_path / "paged.env").read_text(encoding="utf-8") == "LESS=S LV=-a\n"
    assert (tmp_path / "paged").read_text(encoding="utf-8") == "line\n" * 20
    assert terminal.getvalue() == ""


def test_ctrl_c_while_the_pager_runs_is_the_pager_s_in_process(
    monkeypatch: pytest.MonkeyPatch, terminal: Tty, tmp_path: Path
) -> None:
    script = tmp_path / "pager pressed"
    script.write_text('#!/bin/sh\nkill -INT $PPID\ncat > "$PAGED_TO"\n')  # Ctrl-C reaches us too
    script.chmod(0o755)
    monkeypatch.setenv("KZREFORMS_PAGER", shlex.quote(str(script)))
    monkeypatch.setattr(sys, "stdout", terminal)
    handler = signal.getsignal(signal.SIGINT)
    try:
        Output().write("y\n" * 20)
    except KeyboardInterrupt:
        pytest.fail("Ctrl-C in the pager ended kzreforms")
    assert (tmp_path / "paged").read_text(encoding="utf-8") == "y\n" * 20
    assert signal.getsignal(signal.SIGINT) is handler  # given back


def test_a_thread_of_a_program_using_kzreforms_can_page_too(
    monkeypatch: pytest.MonkeyPatch, terminal: Tty, tmp_path: Path
) -> None:
    import threading

    monkeypatch.setattr(sys, "stdout", terminal)
    problems: list[BaseException] = []

    def page() -> None:
        try:
            Output().write("z\n" * 20)  # only the main thread may set a Ctrl-C handler
        except BaseException as problem:  # any, to report it here
            problems.append(problem)

    thread = threading.Thread(target=page)
    thread.start()
    thread.join()
    assert problems == []
    assert (tmp_path / "paged").read_text(encoding="utf-8") == "z\n" * 20


def test_a_pager_that_cannot_start_or_dies_of_ctrl_c(
    monkeypatch: pytest.MonkeyPatch, terminal: Tty, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys, "stdout", terminal)
    out = Output()
    broken = tmp_path / "broken"
    broken.write_bytes(b"\x7fELF not really")
    broken.chmod(0o755)
    monkeypatch.setenv("KZREFORMS_PAGER", str(broken))
    out.emit(Text("x\n" * 20))  # printed directly
    assert terminal.getvalue() == "x\n" * 20 + "\n"
    dies = tmp_path / "dies"
    dies.write_text("#!/bin/sh\nkill -INT $$\n")
    dies.chmod(0o755)
    monkeypatch.setenv("KZREFORMS_PAGER", str(dies))
    handler = signal.getsignal(signal.SIGINT)
    with pytest.raises(KeyboardInterrupt):
        out.write("y\n" * 20)
    assert signal.getsignal(signal.SIGINT) is handler  # given back


# The real pager in a real terminal

TMUX, LESS = shutil.which("tmux"), shutil.which("less")


@pytest.mark.slow
@needs("tmux", "less")
def test_less_pages_in_a_real_terminal_and_q_or_ctrl_c_end_it_quietly(tmp_path: Path) -> None:
    assert TMUX is not None
    socket = f"kzreforms-pager-{uuid.uuid4().hex[:8]}"

    def tmux(*args: str) -> str:
        done = subprocess.run(
            [TMUX, "-L", socket, "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def screen(*options: str) -> str:
        return tmux("capture-pane", "-p", *options, "-t", "pager")

    def until(what: str, check: Any) -> str:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            shown = screen()
            if check(shown):
                return shown
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}: {screen()!r}")

    ready = tmp_path / "ready"
    env = environment(PATH=f"{Path(sys.executable).parent}:/usr/bin:/bin", TERM="xterm-256color")
    del env["COLUMNS"]
    assignments = " ".join(f"{key}={shlex.quote(value)}" for key, value in env.items())
    script = (
        f"while [ ! -e {ready} ]; do sleep 0.05; done; "
        f"env -i {assignments} {shlex.quote(sys.executable)} -m kzreforms show 2; echo __done__ $?; sleep 60"
    )
    try:
        tmux("new-session", "-d", "-s", "pager", "-x", "80", "-y", "12", script)
        ready.touch()
        shown = until("less", lambda text: text.rstrip().endswith(":"))
        assert shown.splitlines()[0] == "2. Registering a political party"
        assert "\x1b[" in screen("-e")  # less -R keeps the colour
        tmux("send-keys", "-t", "pager", "C-c")
        time.sleep(0.3)
        assert "__done__" not in screen()  # Ctrl-C belongs to less, which stays
        tmux("send-keys", "-t", "pager", "q")
        shown = until("the end", lambda text: "__done__" in text)
        assert "__done__ 0" in shown
        assert "Traceback" not in shown and "KeyboardInterrupt" not in shown
    finally:
        subprocess.run([TMUX, "-L", socket, "kill-server"], capture_output=True, timeout=30, check=False)
        folder = Path(os.environ.get("TMUX_TMPDIR") or "/tmp") / f"tmux-{os.getuid()}"
        (folder / socket).unlink(missing_ok=True)


@pytest.mark.parametrize(
    ("encoding", "escaped"),
    [(None, False), ("utf-8", False), ("UTF-8", False), ("utf_8", False), ("utf8", False),
     ("ascii", True), ("ANSI_X3.4-1968", True), ("cp1252", True), ("latin-1", True)],
)  # fmt: skip
def test_json_escapes_only_where_stdout_cannot_take_utf_8_in_process(
    monkeypatch: pytest.MonkeyPatch, encoding: str | None, escaped: bool
) -> None:
    class Stream(io.StringIO):
        pass

    stream = Stream()
    monkeypatch.setattr(Stream, "encoding", encoding, raising=False)
    monkeypatch.setattr(sys, "stdout", stream)
    Output().emit_json({"title": "Қазақ ü"})
    shown = (
        '{\n  "title": "\\u049a\\u0430\\u0437\\u0430\\u049b \\u00fc"\n}\n'
        if escaped
        else '{\n  "title": "Қазақ ü"\n}\n'
    )
    assert stream.getvalue() == shown


def test_json_to_a_stream_that_names_no_encoding_is_utf_8(monkeypatch: pytest.MonkeyPatch) -> None:
    class Bare:  # only write and flush, as a stand-in for stdout in a program using kzreforms
        def __init__(self) -> None:
            self.written: list[str] = []

        def write(self, text: str) -> None:
            self.written.append(text)

        def flush(self) -> None:
            pass

    stream = Bare()
    monkeypatch.setattr(sys, "stdout", stream)
    Output().emit_json({"title": "Қазақ"})
    Output().emit(Text("Қазақ"))
    assert "".join(stream.written) == '{\n  "title": "Қазақ"\n}\nҚазақ\n'


def test_a_view_goes_to_the_pager_in_the_terminal_s_encoding(
    monkeypatch: pytest.MonkeyPatch, terminal: Tty, tmp_path: Path
) -> None:
    monkeypatch.setattr(Tty, "encoding", "ascii", raising=False)
    monkeypatch.setattr(sys, "stdout", terminal)
    Output().emit(Text("Қазақ ü\n" * 20))  # what an ASCII terminal cannot show becomes ?
    assert (tmp_path / "paged").read_bytes() == b"????? ?\n" * 20 + b"\n"
    Output().write("ü\n" * 20)  # text output is UTF-8 whatever the terminal
    assert (tmp_path / "paged").read_bytes() == "ü\n".encode() * 20


def test_columns_0_lays_out_at_80_columns_and_1_at_1(tmp_path: Path) -> None:
    at_80 = run("--data", str(SAMPLE), "list", columns=80).stdout
    assert run("--data", str(SAMPLE), "list", columns=0).stdout == at_80  # 0 would print nothing
    assert run("--data", str(SAMPLE), "topics", columns=1).stdout.startswith("\n─\n\n")  # as asked
    for columns, name in ((0, "at-0.svg"), (80, "at-80.svg")):  # the picture too
        assert (
            run("--data", str(SAMPLE), "show", "2", "--svg", str(tmp_path / name), columns=columns).code == 0
        )
    assert (tmp_path / "at-0.svg").read_text(encoding="utf-8") == (tmp_path / "at-80.svg").read_text(
        encoding="utf-8"
    )


def test_a_string_is_printed_as_it_is_never_as_markup_emoji_or_highlighted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stream = io.StringIO()
    monkeypatch.setattr(sys, "stdout", stream)
    monkeypatch.setenv("COLUMNS", "80")
    text = "[bold]5,000[/bold] members :smile: since 2019-06-05, see https://example.kz/a"
    Output(Colour.always).emit(text)
    assert stream.getvalue() == text + "\n"


@pytest.mark.parametrize("value", ["", "0", "false", " FALSE "])
def test_force_color_0_or_empty_means_no_colour_in_a_terminal_too(
    monkeypatch: pytest.MonkeyPatch, terminal: Tty, value: str
) -> None:
    monkeypatch.setattr(sys, "stdout", terminal)
    monkeypatch.setenv("TERM", "xterm-256color")
    Output().emit(Text("needed 40,000", style="bold red"))  # a terminal is coloured
    assert terminal.getvalue() == "\x1b[1;31mneeded 40,000\x1b[0m\n"
    monkeypatch.setenv("FORCE_COLOR", value)
    Output().emit(Text("needed 40,000", style="bold red"))
    assert terminal.getvalue().endswith("\x1b[0m\nneeded 40,000\n")


def test_text_output_is_utf_8_bytes_on_a_stdout_of_another_encoding_in_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="cp1252")
    monkeypatch.setattr(sys, "stdout", stream)
    Output().write("Қазақ ü\n")  # TOML, JSON and CSV must be UTF-8 whatever the locale
    assert raw.getvalue() == "Қазақ ü\n".encode()
