"""The command line's options and arguments, each declared once, and their values made the library's arguments.

Declared here: the top-level options (--data, --color, --no-pager, --version), the filters
(--topic, --status, --since, --until, --year, --period, --at), --json and --csv, an entry's ID,
and the choices of `cite` and `export`. Made from them, or a one-line error: the data in use,
the entry an ID names, a day, a time span, the entries the filters select, `cite`'s names.
Only Typer is imported at the top: this is loaded at every start-up.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from . import PROG, __version__
from ._group import settings
from .output import Colour, ExitCode, fail

if TYPE_CHECKING:
    from collections.abc import Callable

    from .model import Dataset, Reform
    from .query import TimeSpan
    from .search import Index

# The top-level options: kzreforms [--data FILE] [--color WHEN] [--no-pager] [--version] COMMAND


def show_version(ctx: typer.Context, value: bool) -> None:
    """--version: 'kzreforms VERSION (data as of DATE, N entries)', the version and the data in use."""
    if not value or ctx.resilient_parsing:
        return
    from . import data, formats

    try:
        dataset = data.load(data.resolve_path(ctx.params.get("data")))
    except data.DataError as problem:
        about = f"data: {problem}"
    else:
        about = f"data as of {dataset.as_of}, {formats.entries(len(dataset.reforms))}"
    sys.stdout.write(formats.one_line(f"{PROG} {__version__} ({about})") + "\n")
    raise typer.Exit()


DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        envvar="KZREFORMS_DATA",
        show_envvar=True,
        help="Use this data file (TOML or JSON; - for standard input) instead of the bundled one.",
        metavar="FILE",
        is_eager=True,
    ),
]
VersionOption = Annotated[
    bool, typer.Option("--version", callback=show_version, is_eager=True, help="Show the version and exit.")
]
ColorOption = Annotated[
    Colour,
    typer.Option(
        "--color",
        case_sensitive=False,
        help="Colour: auto (in a terminal), always or never; wins over NO_COLOR and FORCE_COLOR.",
    ),
]
NoPagerOption = Annotated[
    bool, typer.Option("--no-pager", help="Never send long output to a pager; print it directly.")
]

# The options and arguments of the commands

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
        help="Only entries with this status: in force, partly in force, replaced, repealed, not known, "
        "proposed, not adopted (repeat for any of several).",
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


def known_day(dataset: Dataset, value: str | None) -> str | None:
    """The day ``value`` on the command line stands for (None for None), or a usage error: not a
    date, or a day before the data begins, when it cannot say what the rules were."""
    from .compare import first_day
    from .formats import date

    if value is None:
        return None
    day, first = on_day(value), first_day(dataset)
    if first is not None and day < first:
        fail(
            f"'{value}' is before {date(first)}, where the data begins: it does not say what the rules were then",
            ExitCode.USAGE,
        )
    return day


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


def chosen_ids(
    dataset: Dataset,
    topics: list[str] | None,
    statuses: list[str] | None,
    when: TimeSpan | None,
    periods: list[str] | None,
) -> list[int] | None:
    """The ids of the entries the filters select, as :func:`chosen`; None when no filter is given."""
    if not (topics or statuses or when or periods):
        return None
    return [reform.id for reform in chosen(dataset, topics, statuses, when, periods)]


def time_span(since: str | None, until: str | None, year: str | None) -> TimeSpan | None:
    """The period of --since, --until and --year, or a usage error naming the bad date."""
    from .query import BadDate, TimeSpan

    try:
        return TimeSpan.of(since, until, year)
    except BadDate as bad:
        fail(str(bad), ExitCode.USAGE)


def printed_instead(json: bool, csv: bool = False) -> str | None:
    """The option given that prints data instead of the view ("--json", "--csv"), or None; both
    --json and --csv is a usage error."""
    if json and csv:
        fail("--json and --csv: choose one", ExitCode.USAGE)
    return "--csv" if csv else "--json" if json else None


_Loaded = TypeVar("_Loaded")


def _in_use(ctx: typer.Context, read: Callable[[Path], _Loaded]) -> _Loaded:
    """``read`` the data in use (--data, $KZREFORMS_DATA or the bundled file), or a one-line error."""
    from . import data

    try:
        return read(data.resolve_path(settings(ctx).data))
    except data.DataError as problem:
        fail(str(problem))


def load(ctx: typer.Context) -> Dataset:
    """The dataset in use, or a one-line error."""
    from . import data

    return _in_use(ctx, data.load)


def load_for_search(ctx: typer.Context) -> tuple[Dataset, Index]:
    """The dataset in use and its search index, or a one-line error."""
    from . import data

    return _in_use(ctx, data.load_for_search)


def entry(dataset: Dataset, reform_id: str) -> Reform:
    """The entry an ID names (its id or a name), or a one-line error that lists the valid ids or the candidates."""
    from .query import resolve

    found = resolve(dataset, reform_id)
    if isinstance(found, str):
        fail(found)
    return found


def cited(dataset: Dataset, names: list[str]) -> list[str]:
    """`cite`'s names (entry ids or names, source keys, ID:N) with each entry name made its id, or a
    one-line error where a name stands for several entries (see :func:`kzreforms.query.as_ids`)."""
    from .query import as_ids

    handles = as_ids(dataset, names)
    if isinstance(handles, str):
        fail(handles)
    return handles
