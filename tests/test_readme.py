"""The examples of README.md and of every docs/*.md are real.

Each file's examples run in their order, in an empty folder of its own holding the files of
tests/data/readme, at 80 columns:

- Every ```console block starts with `$ kzreforms …` and must print exactly what the file
  shows, and end with the exit status the docs document (docs/commands.md, "Exit status").
  A command with a pipe in it (`$ kzreforms sources | head -20`) runs in bash, as typed: a
  long listing is shown truncated that way, and what it shows is still compared whole.
- Every ```sh block runs in bash (but those listed in NOT_RUN, with the reason), and must
  succeed and write the files it names.

To refresh every example after a change: python -m tests.test_readme
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import typer

from kzreforms.cli import app

from .conftest import ROOT, TESTS, run

README = ROOT / "README.md"
COMMANDS = ROOT / "docs" / "commands.md"
# The files whose examples are run: the README and every page of docs/.
DOCS = [README, *sorted((ROOT / "docs").glob("*.md"))]
FILES = TESTS / "data" / "readme"
BLOCK = re.compile(r"```console\n\$ (kzreforms [^\n]*)\n(.*?)```", re.DOTALL)
# The longest listing a page may paste; a longer one is shown through `| head -N`.
LONGEST = 30


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _piped(command: str) -> bool:
    """Whether ``command`` is a pipeline (`kzreforms sources | head -20`), not one command."""
    return "|" in shlex.split(command)


def _output(command: str, folder: Path) -> str:
    """What ``command`` prints, stdout then stderr, as a user at 80 columns sees it."""
    if _piped(command):
        done = shell(command, folder, pipefail=False)
        text = done.stdout + done.stderr
    else:
        result = run(*shlex.split(command)[1:], columns=80)
        text = result.stdout + result.stderr
    return "".join(line.rstrip() + "\n" for line in text.splitlines())


def examples(text: str) -> list[tuple[str, str]]:
    return [(match.group(1), match.group(2)) for match in BLOCK.finditer(text)]


def _in_example_folder(folder: Path) -> None:
    shutil.copytree(FILES, folder, dirs_exist_ok=True)
    os.chdir(folder)


def _commands() -> list[str]:
    """Every command the tool has, as `kzreforms --help` lists them."""
    group = typer.main.get_command(app)
    return list(group.list_commands(typer.Context(group)))  # type: ignore[attr-defined]


def test_the_pages_are_found() -> None:
    names = {path.name for path in DOCS}
    assert {"README.md", "commands.md", "json.md", "search.md", "own-data.md", "pictures.md"} <= names


@pytest.mark.parametrize("doc", DOCS, ids=_name)
def test_examples_are_what_the_tool_prints(
    doc: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _in_example_folder(tmp_path)
    for command, shown in examples(doc.read_text(encoding="utf-8")):
        assert _output(command, tmp_path) == shown, f"{_name(doc)}: {command}"


@pytest.mark.parametrize("doc", DOCS, ids=_name)
def test_every_console_block_is_an_example_and_no_listing_is_long(doc: Path) -> None:
    """A console block the test would not run, or a listing pasted whole, cannot creep in."""
    text = doc.read_text(encoding="utf-8")
    assert text.count("```console\n") == len(examples(text)), (
        f"{_name(doc)}: a console block not starting '$ kzreforms'"
    )
    for command, shown in examples(text):
        assert shown.count("\n") <= LONGEST, (
            f"{_name(doc)}: {command} shows more than {LONGEST} lines; use | head"
        )


def _readme_commands() -> set[str]:
    """The commands README.md has an example of: in a console block, or a line of an sh block."""
    text = README.read_text(encoding="utf-8")
    lines = [command for command, _ in examples(text)]
    lines += [line for kind, body in BLOCKS.findall(text) if kind == "sh" for line in body.splitlines()]
    return {line.split()[1] for line in lines if line.startswith("kzreforms ") and len(line.split()) > 1}


def test_the_readme_has_an_example_of_every_command() -> None:
    assert sorted(set(_commands()) - _readme_commands()) == []


def test_the_reference_has_a_section_for_every_command_and_names_every_option() -> None:
    text = COMMANDS.read_text(encoding="utf-8")
    sections = set(re.findall(r"^### `kzreforms ([a-z]+)", text, re.MULTILINE))
    assert sorted(set(_commands()) - sections) == [], "docs/commands.md has no section for these"
    group = typer.main.get_command(app)
    context = typer.Context(group)
    options = {name for param in group.params for name in param.opts}  # type: ignore[attr-defined]
    for name in _commands():
        built = group.get_command(context, name)  # type: ignore[attr-defined]
        options |= {option for param in built.params for option in param.opts if option.startswith("--")}
    assert sorted(option for option in options if f"`{option}" not in text) == [], "not in docs/commands.md"


LINK = re.compile(r"\]\(([^)\s]+)\)")


def _anchors(page: Path) -> set[str]:
    """The anchors GitHub gives the headings of ``page``: `## Exit status` is `#exit-status`."""
    headings = re.findall(r"^#+ (.*)$", page.read_text(encoding="utf-8"), re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-") for heading in headings}


@pytest.mark.parametrize("doc", DOCS, ids=_name)
def test_every_link_between_the_pages_leads_somewhere(doc: Path) -> None:
    broken = []
    for target in LINK.findall(doc.read_text(encoding="utf-8")):
        if target.startswith(("https://", "http://")):
            continue
        path, _, fragment = target.partition("#")
        page = (doc.parent / path).resolve() if path else doc
        if not page.exists() or (fragment and fragment not in _anchors(page)):
            broken.append(target)
    assert broken == [], _name(doc)


# Each ```sh block, and each ```console block as the command it runs, in a page's order.
BLOCKS = re.compile(r"```(sh|console)\n(?:\$ )?(.*?)\n```", re.DOTALL)
# The ```sh blocks that are not run here, and why.
NOT_RUN = {
    "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/kzreforms list": (
        "installs from the network; tests/test_wheel.py builds the wheel and installs it offline"
    ),
    "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/python -m pytest --cov=kzreforms": (
        "runs this very suite; .ci/run runs exactly this command"
    ),
    "kzreforms --install-completion        # for the shell you are in; or name it: --install-completion zsh": (
        "changes the shell's start-up files; tests/test_completion.py installs it into a temporary home"
    ),
    "kzreforms browse party                # q quits": (
        "full-screen, it needs a terminal; tests/test_browse.py and tests/test_terminal.py drive it"
    ),
}
# A file a command writes: `> FILE`, `--output FILE`, `--svg FILE`, `--html FILE`, `--png FILE`.
WRITES = re.compile(r"(?:>|--output|--svg|--html|--png) +([\w.-]+)")


def documented_status(command: str, stdout: str, stderr: str) -> int:
    """The exit status docs/commands.md documents ("Exit status", `validate`) for what a command said."""
    if _piped(command):
        return 0  # a pipeline's status is its last command's (`| head`)
    if command.startswith("kzreforms validate") and not stdout.startswith(("OK: ", "{")):
        return 1  # the problems of a data file, one per line
    if "--help')" in stderr:  # a mistake on the command line, with where to read about it
        return 2
    if stderr.startswith(("kzreforms: error:", "kzreforms: no entries match")):
        return 1
    return 0


def shell(script: str, folder: Path, pipefail: bool = True) -> subprocess.CompletedProcess[str]:
    """Run ``script`` with bash as a user would, `kzreforms` on the PATH, in ``folder``."""
    bin_folder = folder / ".bin"
    bin_folder.mkdir(exist_ok=True)
    command = bin_folder / "kzreforms"
    command.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m kzreforms "$@"\n')
    command.chmod(0o755)
    env = {
        **os.environ, "PATH": f"{bin_folder}:{os.environ.get('PATH', '/usr/bin:/bin')}", "COLUMNS": "80",
        "HOME": str(folder),  # nothing an example does reaches the real home
    }  # fmt: skip
    options = "set -eo pipefail" if pipefail else "set -e"
    return subprocess.run(
        ["bash", "-c", f"{options}\n{script}"], cwd=folder, env=env, capture_output=True, text=True,
        check=False, timeout=120,
    )  # fmt: skip


@pytest.mark.parametrize("doc", DOCS, ids=_name)
def test_shell_examples_run_and_end_with_the_documented_status(
    doc: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _in_example_folder(tmp_path)
    for kind, body in BLOCKS.findall(doc.read_text(encoding="utf-8")):
        if kind == "console":
            command = body.split("\n", 1)[0]
            if _piped(command):
                done = shell(command, tmp_path, pipefail=False)
                code, stdout, stderr = done.returncode, done.stdout, done.stderr
            else:
                result = run(*shlex.split(command)[1:], columns=80)
                code, stdout, stderr = result.code, result.stdout, result.stderr
            assert code == documented_status(command, stdout, stderr), (_name(doc), command, stderr)
            continue
        if body in NOT_RUN:
            continue
        done = shell(body, tmp_path)
        assert done.returncode == 0, f"{_name(doc)}: {body}\n{done.stderr}"
        assert "kzreforms: error" not in done.stderr and "Traceback" not in done.stderr, body
        for name in WRITES.findall(body):
            assert (tmp_path / name).stat().st_size > 0, (body, name)


def test_the_sh_blocks_run_are_many_and_those_not_run_are_still_there() -> None:
    blocks = [
        body for doc in DOCS for kind, body in BLOCKS.findall(doc.read_text(encoding="utf-8")) if kind == "sh"
    ]
    assert set(NOT_RUN) <= set(blocks)
    assert len([body for body in blocks if body not in NOT_RUN]) >= 4  # cite, two of pictures, KZREFORMS_DATA


def test_the_documented_exit_statuses(tmp_path: Path) -> None:
    """docs/commands.md, "Exit status": each status, as a real process in a shell."""
    text = " ".join(COMMANDS.read_text(encoding="utf-8").split())
    paragraph = text.split("Exit status: ", 1)[1].split(" Output is flushed", 1)[0]
    # 129: tests/test_hangup.py; 130: tests/test_hostile.py
    assert re.findall(r"`(\d+)`", paragraph) == ["0", "1", "2", "129", "130"]
    cases = {
        "kzreforms list > /dev/null": (0, ""),
        "kzreforms search zzz": (1, "kzreforms: no entries match 'zzz'\n"),
        "kzreforms show 999": (1, None),
        "kzreforms validate broken.toml > /dev/null": (1, ""),
        "kzreforms list > /dev/full": (1, "kzreforms: error: cannot write to standard output: No space left on device\n"),
        "kzreforms lst": (2, "kzreforms: error: No such command 'lst'. Did you mean 'list'? (see 'kzreforms --help')\n"),
        "kzreforms list 2>&-": (0, ""),
    }  # fmt: skip
    shutil.copytree(FILES, tmp_path, dirs_exist_ok=True)
    for command, (status, stderr) in cases.items():
        done = shell(command, tmp_path)
        assert done.returncode == status, (command, done.stderr)
        if stderr is not None:
            assert done.stderr == stderr, command
        else:
            assert done.stderr.startswith("kzreforms: error: "), command
    # A reader that went away (`kzreforms list | head -1`): the pipe's other end is closed.
    read, write = os.pipe()
    os.close(read)
    try:
        gone = subprocess.run(
            [sys.executable, "-m", "kzreforms", "list"], stdout=write, stderr=subprocess.PIPE, check=False
        )
    finally:
        os.close(write)
    assert (gone.returncode, gone.stderr) == (1, b"")


def update(path: Path) -> None:
    """Write what each console block's command prints into the block, in ``path``."""
    text = path.read_text(encoding="utf-8")
    here = Path.cwd()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        _in_example_folder(folder)
        text = BLOCK.sub(lambda m: f"```console\n$ {m.group(1)}\n{_output(m.group(1), folder)}```", text)
        os.chdir(here)
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    for variable in ("FORCE_COLOR", "NO_COLOR", "KZREFORMS_DATA"):
        os.environ.pop(variable, None)
    for doc in DOCS:
        update(doc)
        print(f"refreshed {_name(doc)}")
