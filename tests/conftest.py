from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterator
from copy import deepcopy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import tomli
from hypothesis import HealthCheck, settings
from rich.console import Console, RenderableType
from typer.testing import CliRunner

from kzreforms import data
from kzreforms.cli import app
from kzreforms.model import Dataset, Reform, Rule, Source

# What the code does is tested here, its speed in bench/: no property test may fail because a
# loaded machine ran one example or drew one input slowly (Hypothesis's defaults: a 200 ms
# deadline per example, and a health check on slow generation). One did, under load.
settings.register_profile("kzreforms", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("kzreforms")

ROOT = Path(__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent
# A small dataset in the data file's schema with every kind of record: tests that need
# fixed content use it, so that they do not change when the bundled data is edited.
SAMPLE = TESTS / "data" / "sample.toml"
# The smallest valid data file: one source, one entry. Tests that need a data file of the
# user's own take it: as text (ONE_ENTRY), as a file (the fixture ``own``, or ``data_file``
# for an edited copy), or as the parsed document (``one_entry``) to change and write.
ONE_ENTRY = """\
as_of = "2026-11-30"

[sources.article]
kind = "article"
title = "The article"

[[reforms]]
id = 1
period = "2019-2021"
title = "Registering a party"
status = "in force"
in_force = "2022"
topics = ["elections"]

[reforms.before]
text = "A party needed 40,000 members."
sources = ["article"]

[reforms.after]
text = "A party needs 5,000 members."
sources = ["article"]
"""


def data_file(folder: Path, text: str = ONE_ENTRY, name: str = "mine.toml") -> Path:
    """``text`` (by default ONE_ENTRY) written as UTF-8 to ``folder / name``."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def own(tmp_path: Path) -> Path:
    """A data file of the user's own, with one entry: ONE_ENTRY in tmp_path / "mine.toml"."""
    return data_file(tmp_path)


_ONE_ENTRY_DOCUMENT = tomli.loads(ONE_ENTRY)


def one_entry(**entry: Any) -> dict[str, Any]:
    """ONE_ENTRY as a document to change: a new copy each time; ``entry`` replaces or adds
    fields of the entry (which cites the source 'article')."""
    document = deepcopy(_ONE_ENTRY_DOCUMENT)
    document["reforms"][0].update(entry)
    return document


def needs(*programs: str) -> pytest.MarkDecorator:
    """Skip a test when a program it runs is missing, except in CI (CI=true), which installs them
    all (.ci/run): there a missing program fails the test instead of skipping it unseen."""
    missing = [program for program in programs if shutil.which(program) is None]
    return pytest.mark.skipif(
        bool(missing) and os.environ.get("CI") != "true",
        reason=f"{' and '.join(missing)} not installed (.ci/run installs it)",
    )


# Variables that change how the tool or Rich behaves; every test starts without them.
ENVIRONMENT = (
    "FORCE_COLOR", "NO_COLOR", "COLUMNS", "LINES", "TERM", "COLORTERM", "KZREFORMS_DATA",
    "KZREFORMS_CACHE", "XDG_CACHE_HOME", "TTY_COMPATIBLE", "TTY_INTERACTIVE",
)  # fmt: skip


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    # Each test session caches parsed data in a folder of its own.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str


def run(*args: str, columns: int = 80, env: dict[str, str] | None = None) -> Run:
    """Run the command line as a user would, with stdout not a terminal."""
    environment = {"COLUMNS": str(columns), **(env or {})}
    result = CliRunner().invoke(app, list(args), env=environment, catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)


def render(renderable: RenderableType, width: int) -> str:
    """Render as plain text at a fixed width, trailing spaces removed from each line."""
    console = Console(
        width=width,
        record=True,
        color_system=None,
        highlight=False,
        markup=False,
        emoji=False,
        file=io.StringIO(),
    )
    console.print(renderable)
    return "\n".join(line.rstrip() for line in console.export_text().splitlines()) + "\n"


def plain(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


@pytest.fixture(scope="session")
def bundled() -> Iterator[Dataset]:
    yield data.load(data.bundled_path())


@pytest.fixture(scope="session")
def sample() -> Iterator[Dataset]:
    yield data.load(SAMPLE)


def make_reform(
    reform_id: int = 1,
    title: str = "A reform",
    before: str | Rule = "The old rule.",
    after: str | Rule = "The new rule.",
    **fields: object,
) -> Reform:
    """An entry for a test, citing the source 'src'; ``fields`` sets any other field."""
    values: dict[str, object] = {
        "id": reform_id, "period": "2019-2021", "title": title, "status": "in force", "topics": ("elections",),
        "before": before if isinstance(before, Rule) else Rule(text=before, sources=("src",)),
        "after": after if isinstance(after, Rule) else Rule(text=after, sources=("src",)),
    }  # fmt: skip
    values.update(fields)
    return Reform(**values)  # type: ignore[arg-type]


def make_dataset(*reforms: Reform, **fields: object) -> Dataset:
    """A dataset of ``reforms`` with the one source 'src' they cite."""
    values: dict[str, object] = {
        "as_of": "2026-11-30", "sources": {"src": Source(kind="article", title="A source")}, "reforms": reforms,
    }  # fmt: skip
    values.update(fields)
    return Dataset(**values)  # type: ignore[arg-type]


def pytest_configure(config: pytest.Config) -> None:
    # A shell starts a background job (`cmd &` without job control: a script, CI) with Ctrl-C
    # ignored, and Python then installs no handler for it: every Ctrl-C test would fail there,
    # the tests' processes and those they start. Each test presses Ctrl-C as in a terminal.
    import signal

    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
