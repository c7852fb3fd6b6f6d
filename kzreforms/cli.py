"""The commands and their options: each parses, loads the data, calls the library and hands the
result to the run's :class:`~kzreforms.output.Output`.

Only Typer is imported at the top; each command imports what it needs, so that start-up
stays at the floor of a Typer + Rich program. The group that builds only the command that runs
is :mod:`kzreforms._group`; the output, the pager and the one-line errors are
:mod:`kzreforms.output`; pictures are :mod:`kzreforms.pictures`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from . import PROG, __version__
from ._group import Group, Settings, commands, settings
from .output import Colour, ExitCode, Output, fail, note

if TYPE_CHECKING:
    from .model import Dataset, Reform
    from .pictures import Picture
    from .query import TimeSpan

command = commands.command

app = typer.Typer(
    cls=Group,
    name=PROG,
    help="What Kazakhstan's political reforms since 2019 changed: before and after, with sources.",
    epilog="Example: kzreforms show 5",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def output(ctx: typer.Context) -> Output:
    """This run's output (--color, --no-pager), made by the group for the run."""
    return settings(ctx).output


def _version(ctx: typer.Context, value: bool) -> None:
    """'kzreforms VERSION (data as of DATE, N entries)': the version, and the data in use."""
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


@app.callback()
def _top(
    ctx: typer.Context,
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            envvar="KZREFORMS_DATA",
            show_envvar=True,
            help="Use this data file (TOML or JSON; - for standard input) instead of the bundled one.",
            metavar="FILE",
            is_eager=True,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
    color: Annotated[
        Colour,
        typer.Option(
            "--color",
            case_sensitive=False,
            help="Colour: auto (in a terminal), always or never; wins over NO_COLOR and FORCE_COLOR.",
        ),
    ] = Colour.auto,
    no_pager: Annotated[
        bool, typer.Option("--no-pager", help="Never send long output to a pager; print it directly.")
    ] = False,
) -> None:
    run = ctx.find_object(Settings)
    if run is None:  # called without the group's main (as Typer's CliRunner may)
        run = ctx.obj = Settings()
    run.data = data
    run.output.colour = color
    run.output.pager = not no_pager


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


def _picture(
    title: str,
    svg: Path | None,
    html: Path | None,
    force: bool,
    json: bool,
    theme: str | None = None,
    other: str | None = None,
) -> Picture | None:
    """Where to save the view (see :func:`kzreforms.pictures.picture`), or None when not asked;
    ``other`` names an option other than --json that prints data instead of the view."""
    if svg is None and html is None and theme is None:
        return None  # no picture, and pictures.py not even imported
    from .pictures import picture

    return picture(title, svg, html, force, theme, other or ("--json" if json else None))


JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON (see docs/json.md).")]
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
YearOption = Annotated[
    str | None, typer.Option("--year", help="Only entries with a date in YEAR.", metavar="YEAR")
]


SvgOption = Annotated[
    Path | None, typer.Option("--svg", help="Also save the view as an SVG picture.", metavar="FILE")
]
HtmlOption = Annotated[
    Path | None, typer.Option("--html", help="Also save the view as an HTML page.", metavar="FILE")
]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace the --svg or --html file if it exists.")]


ThemeOption = Annotated[
    str | None,
    typer.Option(
        "--theme",
        help="Colours of the --svg or --html picture: dark (default for SVG) or light (default for HTML; "
        "for slides and print).",
        metavar="[dark|light]",
        show_default=False,
    ),
]


def _select(
    dataset: Dataset,
    topics: list[str] | None,
    statuses: list[str] | None = None,
    when: TimeSpan | None = None,
) -> tuple[Reform, ...]:
    from .query import UnknownName, select

    try:
        return select(dataset, topics or (), statuses or (), when)
    except UnknownName as unknown:
        fail(str(unknown))


def _when(since: str | None, until: str | None, year: str | None) -> TimeSpan | None:
    """The period of --since, --until and --year, or a usage error naming the bad date."""
    from .query import BadDate, TimeSpan

    try:
        return TimeSpan.of(since, until, year)
    except BadDate as bad:
        fail(str(bad), ExitCode.USAGE)


@command("list")
def list_command(
    ctx: typer.Context,
    topic: TopicOption = None,
    status: StatusOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    year: YearOption = None,
    json: JsonOption = False,
    svg: SvgOption = None,
    html: HtmlOption = None,
    theme: ThemeOption = None,
    force: ForceOption = False,
) -> None:
    """List every reform by period: id, title, status, a short before → after, and each threshold's change.

    Example: kzreforms list --topic elections --status "in force"
    """
    picture = _picture("kzreforms list", svg, html, force, json, theme)
    dataset = load(ctx)
    when = _when(since, until, year)
    reforms = _select(dataset, topic, status, when)
    if json:
        from .export import reform_json

        output(ctx).emit_json([reform_json(reform, dataset.sources) for reform in reforms])
        return
    from .render import reform_list, reform_list_parts

    if picture is None and not output(ctx).terminal:  # piped: print each part as it comes, not all at the end
        for part in reform_list_parts(reforms, dataset.as_of):
            output(ctx).emit(part)
        return
    if picture is not None:
        from .cite import cited_keys

        picture.cite((key for reform in reforms for key in cited_keys(reform)), dataset.as_of)
    output(ctx).emit(reform_list(reforms, dataset.as_of), picture)


IdArgument = Annotated[str, typer.Argument(metavar="ID", help="The entry's id, as `list` shows it.")]


def _reform_by_id(dataset: Dataset, reform_id: str) -> Reform:
    """The entry with this id, or a one-line error that lists the valid ids."""
    from .formats import id_ranges, shorten

    reform = None
    if reform_id.isascii() and reform_id.isdigit() and len(reform_id) <= 19:
        reform = dataset.get(int(reform_id))
    if reform is None:
        valid = id_ranges([r.id for r in dataset.reforms]) or "none"
        what = "no entry with id" if reform_id.isascii() and reform_id.isdigit() else "not an id:"
        fail(f"{what} '{shorten(reform_id, 40)}'; valid ids: {valid}")
    return reform


@command("show")
def show(
    ctx: typer.Context,
    reform_id: IdArgument,
    json: JsonOption = False,
    svg: SvgOption = None,
    html: HtmlOption = None,
    theme: ThemeOption = None,
    force: ForceOption = False,
) -> None:
    """Show one reform: before and after side by side, its thresholds, dates, assessments and numbered sources.

    Example: kzreforms show 5
    """
    picture = _picture(f"kzreforms show {reform_id}", svg, html, force, json, theme)
    dataset = load(ctx)
    reform = _reform_by_id(dataset, reform_id)
    if json:
        from .export import reform_json

        output(ctx).emit_json(reform_json(reform, dataset.sources))
        return
    from .glossary import terms_used
    from .render import reform_detail

    if picture is not None:
        from .cite import cited_keys

        picture.cite(cited_keys(reform), dataset.as_of)
    output(ctx).emit(reform_detail(reform, terms_used(reform, dataset.glossary), dataset.sources), picture)


@command("search")
def search(
    ctx: typer.Context,
    query: Annotated[list[str], typer.Argument(help="Words to look for; every word must match.")],
    topic: TopicOption = None,
    status: StatusOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    year: YearOption = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Show at most this many hits.")] = 20,
    json: JsonOption = False,
) -> None:
    """Search titles, other names, topics, before and after, dates and sources. Exit 1 when nothing matches.

    Every word must match; plurals, typos in longer words, synonyms and Kazakh and Russian
    names count. Numbers and years match exactly; a year also matches an entry's dates.

    Example: kzreforms search quota

    kzreforms search "capital punishment"      (a phrase; also finds the death penalty)

    kzreforms search akim -rural               (leave out entries with "rural")

    kzreforms search 5%                        (5 with a percent sign, not 5,000)

    kzreforms search election --since 2023-01 --until 2023-06

    kzreforms search маслихат --status "in force"
    """
    from . import search as searching
    from .formats import shorten

    text = " ".join(query)
    shown = shorten(text, 60)
    if not searching.query_words(text):
        fail(f"the query '{shown}' has no words to search for", ExitCode.USAGE)
    from . import data

    dataset, index = _in_use(ctx, data.load_for_search)
    when = _when(since, until, year)
    only = None if not (topic or status or when) else [r.id for r in _select(dataset, topic, status, when)]
    result = searching.search(dataset.reforms, text, index=index, limit=limit, only=only)
    if json:
        from .export import hit_json

        output(ctx).emit_json([hit_json(hit, dataset.sources) for hit in result.hits])
    else:
        from .render import search_results

        if result.hits:
            output(ctx).emit(search_results(result))
    if not result.hits:
        if result.unmatched or len(result.words) == 1:
            hint = f"; did you mean: {', '.join(result.suggestions)}?" if result.suggestions else ""
            note(f"no entries match '{shown}'{hint}")
        else:
            note(f"no entry matches all of: {shorten(', '.join(result.words), 60)} (each matches on its own)")
        raise typer.Exit(ExitCode.FAILURE)


@command("thresholds")
def thresholds(
    ctx: typer.Context,
    topic: TopicOption = None,
    status: StatusOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    year: YearOption = None,
    json: JsonOption = False,
    csv: Annotated[
        bool, typer.Option("--csv", help="Print CSV: one row per threshold, ready for a spreadsheet chart.")
    ] = False,
    svg: SvgOption = None,
    html: HtmlOption = None,
    theme: ThemeOption = None,
    force: ForceOption = False,
) -> None:
    """Chart every numeric threshold: before and after as bars on one scale, with the change.

    Example: kzreforms thresholds --svg thresholds.svg

    kzreforms thresholds --csv > thresholds.csv      (the numbers, for a spreadsheet)
    """
    if json and csv:
        fail("--json and --csv: choose one", ExitCode.USAGE)
    picture = _picture("kzreforms thresholds", svg, html, force, json, theme, "--csv" if csv else None)
    dataset = load(ctx)
    when = _when(since, until, year)
    reforms = _select(dataset, topic, status, when)
    if json:
        from .export import thresholds_rows

        output(ctx).emit_json(thresholds_rows(reforms))
        return
    if csv:
        from .export import thresholds_csv

        output(ctx).write(thresholds_csv(reforms, dataset.as_of))
        return
    from .render import thresholds_chart

    if picture is not None:
        from .query import threshold_keys

        picture.cite(threshold_keys(reforms), dataset.as_of)
    output(ctx).emit(thresholds_chart(reforms), picture)


@command("timeline")
def timeline(
    ctx: typer.Context,
    topic: TopicOption = None,
    status: StatusOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    year: YearOption = None,
    json: JsonOption = False,
    svg: SvgOption = None,
    html: HtmlOption = None,
    theme: ThemeOption = None,
    force: ForceOption = False,
) -> None:
    """Show the dated events in order: laws, elections, steps of each reform, and the context.

    Example: kzreforms timeline --topic elections
    """
    picture = _picture("kzreforms timeline", svg, html, force, json, theme)
    dataset = load(ctx)
    when = _when(since, until, year)
    reforms = _select(dataset, topic, status, when)
    from . import query

    events = query.timeline(dataset, reforms, when=when)
    if json:
        from .export import event_json

        output(ctx).emit_json([event_json(event) for event in events])
        return
    from . import render

    titles = {reform.id: reform.title for reform in dataset.reforms}
    if picture is not None:
        picture.cite((key for event in events for key in event.sources), dataset.as_of)
    output(ctx).emit(render.timeline(events, reforms, titles), picture)


@command("topics")
def topics(ctx: typer.Context, json: JsonOption = False) -> None:
    """List each topic with how many entries have it; use one with --topic on list and search.

    Example: kzreforms topics
    """
    from .query import all_topics

    counts = all_topics(load(ctx))
    if json:
        from .export import topics_json

        output(ctx).emit_json(topics_json(counts))
        return
    from rich.text import Text

    from .render import topics_table

    output(ctx).emit(topics_table(counts) if counts else Text("No topics."))


@command("glossary")
def glossary(
    ctx: typer.Context,
    term: Annotated[str | None, typer.Argument(help="One term (any case, or another name of it).")] = None,
    json: JsonOption = False,
) -> None:
    """Explain the words a reader outside Kazakhstan may not know: akim, maslikhat, Mazhilis, ...

    Example: kzreforms glossary akim
    """
    from .glossary import lookup
    from .query import UnknownName, glossary_usage

    dataset = load(ctx)
    terms = dataset.glossary
    if term is not None:
        found = lookup(terms, term)
        if found is None:
            fail(str(UnknownName("glossary term", term, [t.term for t in terms])))
        terms = (found,)
    used_in = glossary_usage(dataset, terms)
    if json:
        from .export import glossary_json

        records = glossary_json(terms, used_in)
        output(ctx).emit_json(records[0] if term is not None else records)
        return
    from .render import glossary_table

    output(ctx).emit(glossary_table(terms, used_in))


@command("sources")
def sources(ctx: typer.Context, json: JsonOption = False) -> None:
    """List every source: its key, kind, title and address, and the entries that cite it.

    Example: kzreforms sources
    """
    from .query import citing

    dataset = load(ctx)
    cited_by = citing(dataset)
    if json:
        from .export import sources_json

        output(ctx).emit_json(sources_json(dataset.sources, cited_by))
        return
    from .render import sources_list

    output(ctx).emit(sources_list(dataset.sources, cited_by))


class CiteFormat(str, Enum):
    text = "text"
    bibtex = "bibtex"
    ris = "ris"
    csl_json = "csl-json"


@command("cite")
def cite(
    ctx: typer.Context,
    reform_id: IdArgument,
    format_name: Annotated[
        CiteFormat, typer.Option("--format", "-f", help="How to write the citations.", case_sensitive=False)
    ] = CiteFormat.text,
) -> None:
    """Print every source of one entry, to paste into a text or import into a citation manager.

    Example: kzreforms cite 5 --format bibtex > kazakhstan.bib
    """
    from . import cite as citations

    dataset = load(ctx)
    reform = _reform_by_id(dataset, reform_id)
    keys = citations.cited_keys(reform)
    output(ctx).write(citations.render([(key, dataset.sources[key]) for key in keys], format_name.value))


@command("validate")
def validate(
    ctx: typer.Context,
    file: Annotated[
        Path | None,
        typer.Argument(help="The data file to check (default: the data in use).", show_default=False),
    ] = None,
    json: JsonOption = False,
) -> None:
    """Check a data file: 'OK: N entries', or every problem found, one per line, and exit 1.

    Example: kzreforms validate my-reforms.toml
    """
    from . import data, formats

    path = file if file is not None else data.resolve_path(settings(ctx).data)
    try:
        dataset = data.parse(path)
    except data.UnreadableFile as unreadable:
        fail(str(unreadable))
    except data.DataError as problem:
        problems = problem.problems
    else:
        problems = []
    if json:
        entries = None if problems else len(dataset.reforms)
        from .export import validation_json

        output(ctx).emit_json(validation_json(str(path), entries, problems))
    elif problems:
        output(ctx).write("".join(f"{line}\n" for line in problems))  # each made one safe line
    else:
        output(ctx).write(f"OK: {formats.entries(len(dataset.reforms))}, data as of {dataset.as_of}\n")
    if problems:
        raise typer.Exit(ExitCode.FAILURE)


class ExportFormat(str, Enum):
    toml = "toml"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class CsvTable(str, Enum):
    entries = "entries"
    thresholds = "thresholds"
    figures = "figures"
    measures = "measures"
    events = "events"
    assessments = "assessments"
    context = "context"
    sources = "sources"
    glossary = "glossary"


OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", help="Write to this file instead of stdout (- is stdout).", metavar="FILE"
    ),
]
ReplaceOption = Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")]


def _write_output(ctx: typer.Context, text: str, target: Path | None, force: bool, what: str) -> None:
    """``text`` to stdout, or to the file of --output (- is stdout); then one line on stderr
    saying that ``what`` was written there."""
    if target is None or str(target) == "-":
        output(ctx).write(text)
        return
    from .files import WriteError, write_atomic
    from .formats import one_line

    try:
        write_atomic(target, text, force=force)
    except WriteError as problem:
        fail(str(problem))
    sys.stderr.write(f"Wrote {what} to {one_line(str(target))}\n")


@command("export")
def export(
    ctx: typer.Context,
    format_name: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="What to write.", case_sensitive=False)
    ] = ExportFormat.toml,
    output: OutputOption = None,
    force: ReplaceOption = False,
    topic: TopicOption = None,
    status: StatusOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    year: YearOption = None,
    table: Annotated[
        CsvTable,
        typer.Option("--table", help="With --format csv: which table, one row per item, linked by entry id."),
    ] = CsvTable.entries,
    bom: Annotated[
        bool, typer.Option("--bom", help="With --format csv: start with a byte-order mark.")
    ] = False,
) -> None:
    """Export the data in use as TOML or JSON (the data file's own schema, readable with --data), CSV or Markdown.

    Example: kzreforms export --format csv --table thresholds --output thresholds.csv
    """
    from .export import render_export
    from .formats import entries

    dataset = load(ctx)
    selected = dataset.with_reforms(_select(dataset, topic, status, _when(since, until, year)))
    text = render_export(selected, format_name.value, table.value, bom)
    _write_output(ctx, text, output, force, entries(len(selected.reforms)))


@command("schema")
def schema(
    ctx: typer.Context,
    what: Annotated[
        str,
        typer.Option(
            "--for",
            help="data: the data file (TOML or JSON); json: what the commands' --json print.",
            metavar="[data|json]",
        ),
    ] = "data",
    output: OutputOption = None,
    force: ReplaceOption = False,
) -> None:
    """Print a JSON Schema, derived from the model: of the data file, for editors, or of the --json outputs.

    Example: kzreforms schema --output kzreforms.schema.json

    A data file that starts with the line  #:schema ./kzreforms.schema.json  is checked as you type by Taplo and by VS Code with Even Better TOML.

    kzreforms schema --for json               (the shape of every command's --json)
    """
    from .export import dumps_json
    from .schemas import SCHEMAS

    what = what.lower()
    if what not in SCHEMAS:
        fail(f"--for must be data or json, not '{what}'", ExitCode.USAGE)
    text = dumps_json(SCHEMAS[what]())
    _write_output(
        ctx,
        text,
        output,
        force,
        f"the JSON Schema of the {'data file' if what == 'data' else '--json outputs'}",
    )


@command("browse")
def browse(
    ctx: typer.Context,
    query: Annotated[
        list[str] | None, typer.Argument(metavar="QUERY", help="Start with these words in the filter box.")
    ] = None,
    data: Annotated[
        Path | None,
        typer.Option("--data", help="Use this data file (as the top-level --data).", metavar="FILE"),
    ] = None,
) -> None:
    """Browse the entries in a full-screen terminal app: a filter box, the list, and the entry in full.

    Example: kzreforms browse quota
    """
    from .browse import needs_terminal

    why = needs_terminal()  # before Textual is imported
    if why is not None:
        fail(why, ExitCode.USAGE)
    if data is not None:
        settings(ctx).data = data
    from . import data as data_files
    from .browse import run

    dataset, index = _in_use(ctx, data_files.load_for_search)
    raise typer.Exit(run(dataset, index, " ".join(query or [])))


def main() -> None:
    """Run the command line (the console script goes through :mod:`kzreforms._entry`)."""
    app(prog_name=PROG)
