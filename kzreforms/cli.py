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
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from . import PROG, __version__
from ._group import Group, Settings, commands, settings
from ._options import (
    AtOption,
    CiteFormat,
    CsvOption,
    CsvTable,
    ExportFormat,
    IdArgument,
    JsonOption,
    OutputOption,
    PeriodOption,
    ReplaceOption,
    SinceOption,
    StatusOption,
    TopicOption,
    UntilOption,
    YearOption,
    chosen,
    on_day,
    time_span,
)
from ._picture_options import PictureRequest, picture_options
from .output import Colour, ExitCode, Output, fail, note

if TYPE_CHECKING:
    from .model import Dataset, Reform
    from .pictures import Picture

command = commands.command
NO_PICTURE = PictureRequest()

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


def _picture(title: str, request: PictureRequest, json: bool, other: str | None = None) -> Picture | None:
    """Where to save the view (see :func:`kzreforms.pictures.picture`), or None when not asked;
    ``other`` names an option other than --json that prints data instead of the view."""
    if not request.asked():
        return None  # no picture, and pictures.py not even imported
    from .pictures import picture

    return picture(title, request, other or ("--json" if json else None))


def _csv_not_json(json: bool, csv: bool) -> str | None:
    """ "--csv" when it is asked for (an option that prints data instead of the view), None when
    not; both --json and --csv is a usage error."""
    if json and csv:
        fail("--json and --csv: choose one", ExitCode.USAGE)
    return "--csv" if csv else None


@command("list")
@picture_options
def list_command(
    ctx: typer.Context,
    topic: TopicOption = None,
    status: StatusOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    year: YearOption = None,
    period: PeriodOption = None,
    at: AtOption = None,
    json: JsonOption = False,
    request: PictureRequest = NO_PICTURE,
) -> None:
    """List every reform by period: id, title, status, a short before → after, and each threshold's change.

    With --at DATE, the rule of each entry on that date instead, grouped by subject.

    Example: kzreforms list --topic elections --status "in force"
    """
    picture = _picture("kzreforms list", request, json)
    day = on_day(at) if at is not None else None
    dataset = load(ctx)
    when = time_span(since, until, year)
    reforms = chosen(dataset, topic, status, when, period)
    if day is not None:
        _list_at(ctx, dataset, reforms, day, json, picture)
        return
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

        picture.cite((key for reform in reforms for key in cited_keys(reform)), dataset)
    output(ctx).emit(reform_list(reforms, dataset.as_of), picture)


def _list_at(
    ctx: typer.Context,
    dataset: Dataset,
    reforms: tuple[Reform, ...],
    day: str,
    json: bool,
    picture: Picture | None,
) -> None:
    """`list --at DATE`: each entry's rule on that day (see kzreforms.compare)."""
    from .compare import compare, entries_by_id

    result = compare(reforms, day, day, everything=True, entries=entries_by_id(dataset.reforms))
    if json:
        from .export import at_json

        output(ctx).emit_json([at_json(row.reform, row.first, dataset.sources) for row in result.rows])
        return
    from .render import rules_on

    if picture is not None:
        from .cite import cited_keys

        picture.cite((key for reform in reforms for key in cited_keys(reform)), dataset)
    output(ctx).emit(rules_on(result, dataset.as_of, len(reforms), dataset.sources), picture)


def _reform_by_id(dataset: Dataset, reform_id: str) -> Reform:
    """The entry with this id or name, or a one-line error that lists the valid ids or the candidates."""
    from .query import resolve

    found = resolve(dataset, reform_id)
    if isinstance(found, str):
        fail(found)
    return found


@command("show")
@picture_options
def show(
    ctx: typer.Context,
    reform_id: IdArgument,
    at: AtOption = None,
    json: JsonOption = False,
    only: Annotated[
        str | None,
        typer.Option(
            "--only", help="Show one part alone: before-after (the comparison, for a slide).", metavar="PART"
        ),
    ] = None,
    request: PictureRequest = NO_PICTURE,
) -> None:
    """Show one reform: before and after side by side, its thresholds, dates, assessments and numbered sources.

    With --at DATE, it also says which side was in force on that date.

    Example: kzreforms show 5

    kzreforms show 5 --only before-after --png slide.png      (the comparison alone)
    """
    if only is not None and only != "before-after":
        fail(f"--only must be before-after, not '{only}'", ExitCode.USAGE)
    if only and json:
        fail("--only is for the view; --json gives the whole entry", ExitCode.USAGE)
    if only and at is not None:
        fail(
            "--only before-after shows the entry's before and after, not a date's rules: drop --at",
            ExitCode.USAGE,
        )
    picture = _picture(f"kzreforms show {reform_id}", request, json)
    day = on_day(at) if at is not None else None
    dataset = load(ctx)
    reform = _reform_by_id(dataset, reform_id)
    side = None
    if day is not None:
        from .compare import entries_by_id, state_on

        side = state_on(reform, day, entries_by_id(dataset.reforms))
    if json:
        from .export import at_json, reform_json

        plain = (
            reform_json(reform, dataset.sources) if side is None else at_json(reform, side, dataset.sources)
        )
        output(ctx).emit_json(plain)
        return
    from . import render
    from .cite import cited_keys
    from .glossary import terms_used

    if only:
        view, keys = render.reform_comparison(reform, dataset.sources), render.before_after_keys(reform)
    else:
        view = render.reform_detail(reform, terms_used(reform, dataset.glossary), dataset.sources, side)
        keys = cited_keys(reform)
    if picture is not None:
        picture.cite(keys, dataset)
    output(ctx).emit(view, picture)


@command("search")
def search(
    ctx: typer.Context,
    query: Annotated[
        list[str], typer.Argument(help="Words or a question; entries that match every word come first.")
    ],
    topic: TopicOption = None,
    status: StatusOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    year: YearOption = None,
    period: PeriodOption = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Show at most this many hits.")] = 20,
    json: JsonOption = False,
) -> None:
    """Search titles, other names, topics, before and after, dates and sources. Exit 1 when nothing matches.

    Entries are ranked (BM25): those that match every word first, then the others, each saying
    which words it misses. Small words (what, is, что, қалай) need not match; other forms of a
    word (акимов, parties), typos in longer words, synonyms and Kazakh and Russian names count.
    Numbers match in any usual form (40 000, 40 thousand, 30 %); a year or a day (2022-06-05,
    5 June 2022, 5 июня 2022) also matches an entry's dates.

    Example: kzreforms search quota

    kzreforms search "capital punishment"      (a phrase; also finds the death penalty)

    kzreforms search akim -rural               (leave out entries with "rural")

    kzreforms search 5%                        (5 with a percent sign, not 5,000)

    kzreforms search what is an akim           (a question: the small words need not match)

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
    when = time_span(since, until, year)
    only = (
        None
        if not (topic or status or when or period)
        else [r.id for r in chosen(dataset, topic, status, when, period)]
    )
    result = searching.search(dataset.reforms, text, index=index, limit=limit, only=only)
    if json:
        from .export import hit_json

        output(ctx).emit_json([hit_json(hit, dataset.sources) for hit in result.hits])
    else:
        from .render import search_results

        if result.hits:
            output(ctx).emit(search_results(result))
    if not result.hits:
        hint = f"; did you mean: {', '.join(result.suggestions)}?" if result.suggestions else ""
        note(f"no entries match '{shown}'{hint}")
        raise typer.Exit(ExitCode.FAILURE)


@command("thresholds")
@picture_options
def thresholds(
    ctx: typer.Context,
    topic: TopicOption = None,
    status: StatusOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    year: YearOption = None,
    period: PeriodOption = None,
    json: JsonOption = False,
    csv: Annotated[
        bool, typer.Option("--csv", help="Print CSV: one row per threshold, ready for a spreadsheet chart.")
    ] = False,
    request: PictureRequest = NO_PICTURE,
) -> None:
    """Chart every numeric threshold: before and after as bars on one scale, with the change.

    Example: kzreforms thresholds --svg thresholds.svg

    kzreforms thresholds --csv > thresholds.csv      (the numbers, for a spreadsheet)
    """
    picture = _picture("kzreforms thresholds", request, json, _csv_not_json(json, csv))
    dataset = load(ctx)
    when = time_span(since, until, year)
    reforms = chosen(dataset, topic, status, when, period)
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

        picture.cite(threshold_keys(reforms), dataset)
    output(ctx).emit(thresholds_chart(reforms), picture)


@command("timeline")
@picture_options
def timeline(
    ctx: typer.Context,
    topic: TopicOption = None,
    status: StatusOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    year: YearOption = None,
    period: PeriodOption = None,
    json: JsonOption = False,
    csv: CsvOption = False,
    request: PictureRequest = NO_PICTURE,
) -> None:
    """Show the dated events in order: laws, elections, steps of each reform, and the context.

    Example: kzreforms timeline --topic elections
    """
    picture = _picture("kzreforms timeline", request, json, _csv_not_json(json, csv))
    dataset = load(ctx)
    when = time_span(since, until, year)
    reforms = chosen(dataset, topic, status, when, period)
    from . import query

    events = query.timeline(dataset, reforms, when=when)
    if json:
        from .export import event_json

        output(ctx).emit_json([event_json(event) for event in events])
        return
    if csv:
        from .export import timeline_csv

        output(ctx).write(timeline_csv(events, dataset.as_of))
        return
    from . import render

    titles = {reform.id: reform.title for reform in dataset.reforms}
    if picture is not None:
        picture.cite((key for event in events for key in event.sources), dataset)
    output(ctx).emit(render.timeline(events, reforms, titles), picture)


@command("assessments")
@picture_options
def assessments(
    ctx: typer.Context,
    json: JsonOption = False,
    csv: Annotated[bool, typer.Option("--csv", help="Print CSV: one row per edition of a rating.")] = False,
    request: PictureRequest = NO_PICTURE,
) -> None:
    """Show the independent ratings by year (Freedom House, RSF) and who assessed which reform.

    Example: kzreforms assessments
    """
    picture = _picture("kzreforms assessments", request, json, _csv_not_json(json, csv))
    dataset = load(ctx)
    from . import export, query

    if json:
        return output(ctx).emit_json(export.assessments_json(dataset))
    if csv:
        return output(ctx).write(export.ratings_csv(dataset))
    from .render import assessments_view

    if picture is not None:
        picture.cite(
            (key for rating in dataset.ratings for score in rating.scores for key in score.sources), dataset
        )
    output(ctx).emit(assessments_view(dataset.ratings, query.assessed(dataset), dataset.sources), picture)


@command("compare")
@picture_options
def compare(
    ctx: typer.Context,
    first: Annotated[
        str | None,
        typer.Argument(metavar="A", help="The first date (default 2019-06-09, where the period starts)."),
    ] = None,
    second: Annotated[
        str | None, typer.Argument(metavar="B", help="The second date (default: the data's as_of).")
    ] = None,
    everything: Annotated[
        bool, typer.Option("--all", help="Show every entry, also those that did not change.")
    ] = False,
    topic: TopicOption = None,
    json: JsonOption = False,
    csv: Annotated[bool, typer.Option("--csv", help="Print CSV: one row per rule and per number.")] = False,
    request: PictureRequest = NO_PICTURE,
) -> None:
    """Compare the rules in force on two dates, side by side, grouped by subject, with the numbers that changed.

    A and B are a year (2021), a year and month (2022-09) or a date (2022-09-17); a year stands for its last day (2021 is 31 Dec 2021), a month for its last day.

    Example: kzreforms compare 2021 2026
    """
    from .compare import START, BadDay, day_of

    if json and csv:
        fail("--json and --csv: choose one", ExitCode.USAGE)
    shown = " ".join(value for value in (first, second) if value is not None)
    picture = _picture(f"kzreforms compare {shown}".strip(), request, json, "--csv" if csv else None)
    try:
        days = [day_of(value) if value is not None else None for value in (first, second)]
    except BadDay as bad:
        fail(str(bad), ExitCode.USAGE)
    dataset = load(ctx)
    reforms = chosen(dataset, topic)
    from .compare import compare as compared
    from .compare import entries_by_id

    result = compared(
        reforms, days[0] or START, days[1] or dataset.as_of, everything, entries_by_id(dataset.reforms)
    )
    if json:
        from .export import comparison_json

        output(ctx).emit_json(comparison_json(result, dataset.sources))
        return
    if csv:
        from .export import comparison_csv

        output(ctx).write(comparison_csv(result))
        return
    from .render import comparison

    if picture is not None:
        from .compare import comparison_keys

        picture.cite(comparison_keys(result), dataset)
    output(ctx).emit(comparison(result, dataset.as_of, len(reforms), dataset.sources), picture)


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
def sources(
    ctx: typer.Context,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Print every source with no address, a title that is not the page's own, an address "
            "another shares, or no entry citing it; exit 1 if there is any.",
        ),
    ] = False,
    json: JsonOption = False,
    csv: CsvOption = False,
) -> None:
    """List every source: its key, kind, title and address, and the entries that cite it.

    Example: kzreforms sources --check
    """
    from .query import citing

    _csv_not_json(json, csv)
    dataset = load(ctx)
    if csv:
        from .export import to_csv

        output(ctx).write(to_csv(dataset, "sources"))
        return
    if check:
        from .export import source_check_json
        from .query import source_problems
        from .render import source_check

        problems = source_problems(dataset)
        if json:
            output(ctx).emit_json(source_check_json(len(dataset.sources), problems))
        else:
            output(ctx).write(source_check(len(dataset.sources), problems))
        if problems:
            raise typer.Exit(ExitCode.FAILURE)
        return
    cited_by = citing(dataset)
    if json:
        from .export import sources_json

        output(ctx).emit_json(sources_json(dataset.sources, cited_by))
        return
    from .render import sources_list

    output(ctx).emit(sources_list(dataset.sources, cited_by))


@command("cite")
def cite(
    ctx: typer.Context,
    names: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[ID|KEY|ID:N]...",
            help="Entry ids, source keys, or ID:N for source [N] of entry ID, as `show ID` numbers them.",
            show_default=False,
        ),
    ] = None,
    every: Annotated[bool, typer.Option("--all", help="Every source of the data, each once.")] = False,
    dataset_only: Annotated[
        bool, typer.Option("--dataset", help="The tool and the data themselves, as CITATION.cff cites them.")
    ] = False,
    format_name: Annotated[
        CiteFormat, typer.Option("--format", "-f", help="How to write the citations.", case_sensitive=False)
    ] = CiteFormat.text,
) -> None:
    """Print sources, each once, to paste into a text or import into a citation manager.

    Example: kzreforms cite 5 law-333-vi 28:4 --format bibtex > kazakhstan.bib
    """
    from . import cite as citations

    problem = citations.usage_problem(bool(names), every, dataset_only)
    if problem:
        fail(problem, ExitCode.USAGE)
    from .query import as_ids

    dataset = load(ctx)
    handles = as_ids(dataset, names or [])
    if isinstance(handles, str):
        fail(handles)
    try:
        text = citations.cite(dataset, handles, every, dataset_only, format_name.value, __version__)
    except citations.UnknownSource as unknown:
        fail(str(unknown))
    output(ctx).write(text)


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
        dataset = data.parse(path, strict=True)
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


def _write_output(
    ctx: typer.Context, text: str | Callable[[], None], target: Path | None, force: bool, what: str
) -> None:
    """``text`` to stdout, or to the file of --output (- is stdout), or ``text()`` writing that
    file itself; then one line on stderr saying that ``what`` was written there."""
    if isinstance(text, str) and (target is None or str(target) == "-"):
        output(ctx).write(text)
        return
    from .files import WriteError, write_atomic
    from .formats import one_line

    try:
        write_atomic(target, text, force=force) if isinstance(text, str) else text()  # type: ignore[arg-type]
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
    period: PeriodOption = None,
    table: Annotated[
        CsvTable,
        typer.Option("--table", help="With --format csv: which table, one row per item, linked by entry id."),
    ] = CsvTable.entries,
    bom: Annotated[
        bool, typer.Option("--bom", help="With --format csv: start with a byte-order mark.")
    ] = False,
) -> None:
    """Export the data in use as TOML or JSON (the data file's own schema, readable with --data), CSV, Markdown or SQLite.

    Example: kzreforms export --format csv --table thresholds --output thresholds.csv

    kzreforms export --format sqlite --output reforms.db   (a table per record type, with keys)
    """
    from .export import render_export
    from .formats import entries

    sqlite = format_name is ExportFormat.sqlite
    if sqlite and (output is None or str(output) == "-"):
        fail("--format sqlite writes a database file: give it --output FILE", ExitCode.USAGE)
    dataset = load(ctx)
    selected = dataset.with_reforms(chosen(dataset, topic, status, time_span(since, until, year), period))
    count = len(selected.reforms)
    if sqlite:
        from .export import write_sqlite

        text: str | Callable[[], None] = lambda: write_sqlite(selected, output, force)  # noqa: E731
    else:
        text = render_export(selected, format_name.value, table.value, bom)
    _write_output(ctx, text, output, force, entries(count))


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
