"""The README's Python example runs, and the library answers what the commands print."""

from __future__ import annotations

import contextlib
import io
import json
import re

from kzreforms import data, query
from kzreforms.export import reform_json

from .conftest import ROOT, SAMPLE, run


def test_the_readme_python_example_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (example,) = re.findall(r"```python\n(.*?)```", readme, re.DOTALL)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(example, "README.md", "exec"), {})  # our own documentation
    lines = printed.getvalue().splitlines()
    assert lines[0] == "2026-11-30 31"
    assert "replaced 29" in lines[1]


def test_the_library_gives_what_the_commands_print() -> None:
    dataset = data.load(SAMPLE)
    listed = json.loads(run("--data", str(SAMPLE), "list", "--status", "in force", "--json").stdout)
    assert [reform_json(r, dataset.sources) for r in query.select(dataset, statuses=["in force"])] == listed
    timeline = json.loads(run("--data", str(SAMPLE), "timeline", "--json").stdout)
    assert [event.date for event in query.timeline(dataset, dataset.reforms)] == [e["date"] for e in timeline]
