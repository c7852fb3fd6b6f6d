"""The README's examples are real: every ```console block starting with `$ kzreforms` is run,
in order, in an empty folder holding the files of tests/data/readme, at 80 columns, and
must print exactly what the README shows, and end with the exit status the README documents.
Every ```sh block is run too, in a shell, in that order and folder (but the two that install,
listed in NOT_RUN with the reason), and must succeed and write the files it names.

To refresh the examples after a change: python -m tests.test_readme
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

from .conftest import ROOT, TESTS, run

README = ROOT / "README.md"
FILES = TESTS / "data" / "readme"
BLOCK = re.compile(r"```console\n\$ (kzreforms [^\n]*)\n(.*?)```", re.DOTALL)


def _output(command: str) -> str:
    args = shlex.split(command)[1:]
    result = run(*args, columns=80)
    text = result.stdout + result.stderr
    return "".join(line.rstrip() + "\n" for line in text.splitlines())


def examples(text: str) -> list[tuple[str, str]]:
    return [(match.group(1), match.group(2)) for match in BLOCK.finditer(text)]


def _in_example_folder(folder: Path) -> None:
    shutil.copytree(FILES, folder, dirs_exist_ok=True)
    os.chdir(folder)


def test_readme_examples_are_what_the_tool_prints(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _in_example_folder(tmp_path)
    for command, shown in examples(README.read_text(encoding="utf-8")):
        assert _output(command) == shown, command


def test_readme_has_examples_of_every_command() -> None:
    commands = {command.split()[1] for command, _ in examples(README.read_text(encoding="utf-8"))}
    assert {
        "list",
        "show",
        "search",
        "thresholds",
        "timeline",
        "topics",
        "glossary",
        "sources",
        "cite",
        "validate",
        "export",
    } <= commands


# Each ```sh block, and each ```console block as the command it runs, in the README's order.
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
}
# A file a command writes: `> FILE`, `--output FILE`, `--svg FILE`, `--html FILE`.
WRITES = re.compile(r"(?:>|--output|--svg|--html) +([\w.-]+)")


def documented_status(command: str, stdout: str, stderr: str) -> int:
    """The exit status README.md documents ("Exit status", `validate`) for what a command said."""
    if command.startswith("kzreforms validate") and not stdout.startswith(("OK: ", "{")):
        return 1  # the problems of a data file, one per line
    if "--help')" in stderr:  # a mistake on the command line, with where to read about it
        return 2
    if stderr.startswith(("kzreforms: error:", "kzreforms: no entries match")):
        return 1
    return 0


def shell(script: str, folder: Path) -> subprocess.CompletedProcess[str]:
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
    return subprocess.run(
        ["bash", "-c", f"set -eo pipefail\n{script}"], cwd=folder, env=env, capture_output=True, text=True,
        check=False, timeout=120,
    )  # fmt: skip


def test_readme_shell_examples_run_and_end_with_the_documented_status(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _in_example_folder(tmp_path)
    ran = []
    for kind, body in BLOCKS.findall(README.read_text(encoding="utf-8")):
        if kind == "console":
            if not body.startswith("kzreforms "):
                continue
            command = body.split("\n", 1)[0]
            result = run(*shlex.split(command)[1:], columns=80)
            expected = documented_status(command, result.stdout, result.stderr)
            assert result.code == expected, (command, result.stderr)
            continue
        if body in NOT_RUN:
            continue
        done = shell(body, tmp_path)
        assert done.returncode == 0, f"{body}\n{done.stderr}"
        assert "kzreforms: error" not in done.stderr and "Traceback" not in done.stderr, body
        for name in WRITES.findall(body):
            assert (tmp_path / name).stat().st_size > 0, (body, name)
        ran.append(body)
    assert len(ran) >= 3  # the blocks of cite, pictures and KZREFORMS_DATA


def test_readme_sh_blocks_not_run_are_still_in_the_readme() -> None:
    blocks = [body for kind, body in BLOCKS.findall(README.read_text(encoding="utf-8")) if kind == "sh"]
    assert set(NOT_RUN) <= set(blocks)


def test_the_documented_exit_statuses(tmp_path: Path) -> None:
    """README.md, "Exit status": each status, as a real process in a shell."""
    text = " ".join(README.read_text(encoding="utf-8").split())
    paragraph = text.split("Exit status: ", 1)[1].split(" Output is flushed", 1)[0]
    assert re.findall(r"`(\d+)`", paragraph) == ["0", "1", "2", "130"]  # 130: tests/test_hostile.py
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


def update(path: Path = README) -> None:
    text = path.read_text(encoding="utf-8")
    here = Path.cwd()
    with tempfile.TemporaryDirectory() as folder:
        _in_example_folder(Path(folder))
        text = BLOCK.sub(lambda m: f"```console\n$ {m.group(1)}\n{_output(m.group(1))}```", text)
        os.chdir(here)
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    for name in ("FORCE_COLOR", "NO_COLOR", "KZREFORMS_DATA"):
        os.environ.pop(name, None)
    update()
