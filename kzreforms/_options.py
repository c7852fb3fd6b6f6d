"""The command line's shared options and arguments, each declared once: the filters (--topic,
--status, --since, --until, --year, --period, --at), --json and --csv, an entry's ID, and the
choices of `cite` and `export`; and the option values made the library's arguments (a day, a
time span, the entries the filters select), or a one-line error. Only Typer is imported at the
top: this is loaded at every start-up.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .output import ExitCode, fail

if TYPE_CHECKING:
    from .model import Dataset, Reform
    from .query import TimeSpan

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON (see docs/json.md).")]
CsvOption = Annotated[bool, typer.Option("--csv", help="Print CSV, one row each (see docs/json.md).")]
TopicOption = Annotated[
    list[str] | None,
    typer.Option(
        "--topic",
        "-t",
        help="Only entries with this topic (any case; repeat for any of several).",
        metavar="TOPIC",
    ),
]
StatusOption = Annotated[
    list[str] | None,
    typer.Option(
        "--status",
        "-s",
        help="Only entries with this status: in force, partly in force, replaced, repealed, proposed, "
        "not adopted (repeat for any of several).",
        metavar="STATUS",
    ),
]
SinceOption = Annotated[
    str | None,
    typer.Option(
        "--since",
        help="Only entries with a date on or after DATE: 2022, 2022-06 or 2022-06-05.",
        metavar="DATE",
    ),
]
UntilOption = Annotated[
    str | None,
    typer.Option(
        "--until",
        help="Only entries with a date on or before DATE (compared at its precision).",
        metavar="DATE",
    ),
]
PeriodOption = Annotated[
    list[str] | None,
    typer.Option(
        "--period",
        "-p",
        help="Only entries of this period, as `list` groups them: 2019-2021, 2022 (the amendments), "
        "2022-2025 or 2026 (the Constitution) (repeat for any of several).",
        metavar="PERIOD",
    ),
]
YearOption = Annotated[
    str | None, typer.Option("--year", help="Only entries with a date in YEAR.", metavar="YEAR")
]


AtOption = Annotated[
    str | None,
    typer.Option(
        "--at",
        help="The rules as they stood on DATE: a year (its last day), a year and month, or a date.",
        metavar="DATE",
    ),
]


IdArgument = Annotated[
    str,
    typer.Argument(
        metavar="ID", help="The entry's id, as `list` shows it, or a name: kurultai, death-penalty."
    ),
]


class CiteFormat(str, Enum):
    text = "text"
    bibtex = "bibtex"
    biblatex = "biblatex"
    ris = "ris"
    csl_json = "csl-json"


class ExportFormat(str, Enum):
    toml = "toml"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    sqlite = "sqlite"


class CsvTable(str, Enum):
    """The tables of `export --format csv --table`: those of the SQLite export (export.CSV_TABLES)."""

    entries = "entries"
    thresholds = "thresholds"
    steps = "steps"
    figures = "figures"
    measures = "measures"
    assessments = "assessments"
    events = "events"
    ratings = "ratings"
    scores = "scores"
    sources = "sources"
    topics = "topics"
    citations = "citations"
    glossary = "glossary"
    meta = "meta"


OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", help="Write to this file instead of stdout (- is stdout).", metavar="FILE"
    ),
]
ReplaceOption = Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")]


def on_day(value: str) -> str:
    """The day a date on the command line stands for, or a usage error naming the bad date."""
    from .compare import BadDay, day_of

    try:
        return day_of(value)
    except BadDay as bad:
        fail(str(bad), ExitCode.USAGE)


def chosen(
    dataset: Dataset,
    topics: list[str] | None,
    statuses: list[str] | None = None,
    when: TimeSpan | None = None,
    periods: list[str] | None = None,
) -> tuple[Reform, ...]:
    from .query import UnknownName, select

    try:
        return select(dataset, topics or (), statuses or (), when, periods or ())
    except UnknownName as unknown:
        fail(str(unknown))


def time_span(since: str | None, until: str | None, year: str | None) -> TimeSpan | None:
    """The period of --since, --until and --year, or a usage error naming the bad date."""
    from .query import BadDate, TimeSpan

    try:
        return TimeSpan.of(since, until, year)
    except BadDate as bad:
        fail(str(bad), ExitCode.USAGE)
