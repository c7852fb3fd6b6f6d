"""The README's examples are real: every ```console block starting with `$ kzreforms` is run,
in order, in an empty folder holding the files of tests/data/readme, at 80 columns, and
must print exactly what the README shows.

To refresh the examples after a change: python -m tests.test_readme
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
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
