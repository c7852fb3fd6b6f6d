"""docs/researchers.md: its Python examples run, in order, against the database it writes.

The page's ```sh block is run by tests/test_readme.py; here the database, thresholds.csv and
steps.csv it writes are written the same way, and every ```python block runs after that in one namespace, as a reader pasting them
into one session would, with `kzreforms` on PATH.
"""

from __future__ import annotations

import os
import re
import shlex
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, run

PAGE = ROOT / "docs" / "researchers.md"
PYTHON = re.compile(r"```python\n(.*?)```", re.DOTALL)


def test_the_page_has_python_examples_and_says_which_output_is_for_analysis() -> None:
    text = PAGE.read_text(encoding="utf-8")
    assert len(PYTHON.findall(text)) == 5
    assert "kzreforms export --format sqlite --output reforms.db" in text
    assert "**Analysis**" in text and "`list --json`" in text


def test_the_python_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bin_folder = tmp_path / ".bin"
    bin_folder.mkdir()
    command = bin_folder / "kzreforms"
    command.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m kzreforms "$@"\n')
    command.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_folder}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.chdir(tmp_path)
    assert run("export", "--format", "sqlite", "--output", "reforms.db").code == 0
    (tmp_path / "thresholds.csv").write_text(run("thresholds", "--csv").stdout, encoding="utf-8")
    assert run("export", "--format", "csv", "--table", "steps", "--output", "steps.csv").code == 0
    namespace: dict[str, object] = {}
    for block in PYTHON.findall(PAGE.read_text(encoding="utf-8")):
        exec(compile(block, str(PAGE), "exec"), namespace)
    import pandas as pd

    change = namespace["change"]
    assert isinstance(change, pd.Series) and len(change) > 3 and change.is_monotonic_increasing
    assert change["Members needed to register a party"] == -87.5
    on_the_way = namespace["on_the_way"]
    assert isinstance(on_the_way, pd.DataFrame)
    party = on_the_way[on_the_way.label == "Members needed to register a party"]
    assert list(zip(party.value, party.date, party.date_precision, strict=True)) == [
        (20000, "2020-05", "month")
    ]
    thresholds = namespace["thresholds"]
    assert isinstance(thresholds, pd.DataFrame) and len(thresholds) > 10
    days = namespace["days"]
    assert isinstance(days, pd.DataFrame) and str(days.date.dtype).startswith("datetime64")
    most_cited = namespace["most_cited"]
    assert isinstance(most_cited, pd.DataFrame) and most_cited.facts.is_monotonic_decreasing
    quota = namespace["quota"]
    assert isinstance(quota, pd.DataFrame) and 3 in set(quota.id)
