"""The README's examples are real: every ```console block starting with `$ kzreforms` is run
at 80 columns and must print exactly what the README shows.

To refresh the examples after a change: python -m tests.test_readme
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from .conftest import ROOT, run

README = ROOT / "README.md"
BLOCK = re.compile(r"```console\n\$ (kzreforms [^\n]*)\n(.*?)```", re.DOTALL)


def _output(command: str) -> str:
    args = shlex.split(command)[1:]
    result = run(*args, columns=80)
    text = result.stdout + result.stderr
    return "".join(line.rstrip() + "\n" for line in text.splitlines())


def examples(text: str) -> list[tuple[str, str]]:
    return [(match.group(1), match.group(2)) for match in BLOCK.finditer(text)]


@pytest.mark.parametrize(("command", "shown"), examples(README.read_text(encoding="utf-8")))
def test_readme_example_is_what_the_tool_prints(command: str, shown: str) -> None:
    assert _output(command) == shown


def test_readme_has_examples_of_every_command() -> None:
    commands = {command.split()[1] for command, _ in examples(README.read_text(encoding="utf-8"))}
    assert {"list", "show", "search"} <= commands


def update(path: Path = README) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(
        BLOCK.sub(lambda m: f"```console\n$ {m.group(1)}\n{_output(m.group(1))}```", text), encoding="utf-8"
    )


if __name__ == "__main__":
    import os

    for name in ("FORCE_COLOR", "NO_COLOR", "KZREFORMS_DATA"):
        os.environ.pop(name, None)
    update()
