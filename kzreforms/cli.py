"""The commands and their options: each parses, calls the library and hands the result to the output.

Only Typer is imported at the top; each command imports what it needs, so that start-up stays at the
floor of a Typer + Rich program. The shared options, and their values made the library's arguments
(the data in use, the entries the filters select), are :mod:`kzreforms._options`; the group that
builds only the command that runs is :mod:`kzreforms._group`; the output (the pager, --json,
--output, the one-line errors) is :mod:`kzreforms.output`; pictures are :mod:`kzreforms.pictures`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from . import PROG, __version__
from ._group import Settings, commands, root, settings
from ._options import (
    AtOption,
    CiteFormat,
    ColorOption,
    CsvOption,
    CsvTable,
    DataOption,
    ExportFormat,
    IdArgument,
    JsonOption,
    NoPagerOption,
    OutputOption,
    PeriodOption,
    ReplaceOption,
    SinceOption,
    StatusOption,
    TopicOption,
    UntilOption,
    VersionOption,
    YearOption,
    chosen,
    chosen_ids,
    cited,
    entry,
    known_day,
    load,
    load_for_search,
    printed_instead,
    time_span,
)
from ._picture_options import PictureRequest, picture_options
from .output import Colour, ExitCode, Output, fail, note

if TYPE_CHECKING:
    from collections.abc import Iterable

    from rich.console import RenderableType

    from .model import Dataset, Reform
    from .pictures import Picture

command = commands.command
NO_PICTURE = PictureRequest()

app = root(
    help="What Kazakhstan's political reforms since 2019 changed: before and after, with sources.",
    epilog="Example: kzreforms show 5",
)


def output(ctx: typer.Context) -> Output:
    """This run's output (--color, --no-pager), made by the group for the run."""
    return settings(ctx).output


@app.callback()
def _top(
    ctx: typer.Context,
    data: DataOption = None,
    version: VersionOption = False,
    color: ColorOption = Colour.auto,
    no_pager: NoPagerOption = False,
) -> None:
    run = ctx.find_object(Settings)
    if run is None:  # called without the group's main (as Typer's CliRunner may)
        run = ctx.obj = Settings()
    run.data = data
    run.output.colour = color
    run.output.pager = not no_pager


def _picture(title: str, request: PictureRequest, instead: str | None) -> Picture | None:
    """Where to save the view (:func:`kzreforms.pictures.picture`), or None when not asked; ``instead``
    names the option given that prints data instead of the view (:func:`~kzreforms._options.printed_instead`)."""
    if not request.asked():
        return None  # no picture, and pictures.py not even imported
    from .pictures import picture

    return picture(title, request, instead)


def _view(
    ctx: typer.Context, view: RenderableType, picture: Picture | None, dataset: Dataset, keys: Iterable[str]
) -> None:
    """Print ``view``; then save the picture asked for, if any, its caption naming the sources in ``keys``."""
    if picture is not None:
        picture.cite(keys, dataset)
    output(ctx).emit(view, picture)


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
    picture = _picture("kzreforms list", request, printed_instead(json))
    dataset = load(ctx)
    day = known_day(dataset, at)
    reforms = chosen(dataset, topic, status, time_span(since, until, year), period)
    if day is not None:
        _list_at(ctx, dataset, reforms, day, json, picture)
        return
    if json:
        from .export import reform_json

        output(ctx).emit_json([reform_json(reform, dataset.sources) for reform in reforms])
        return
    from .query import cited_in
    from .render import reform_list, reform_list_parts

    if picture is None and not output(ctx).terminal:  # piped: print each part as it comes, not all at the end
        for part in reform_list_parts(reforms, dataset.as_of):
            output(ctx).emit(part)
        return
    _view(ctx, reform_list(reforms, dataset.as_of), picture, dataset, cited_in(reforms))


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
    from .query import cited_in
    from .render import rules_on

    view = rules_on(result, dataset.as_of, len(reforms), dataset.sources)
    _view(ctx, view, picture, dataset, cited_in(reforms))


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
    picture = _picture(f"kzreforms show {reform_id}", request, printed_instead(json))
    dataset = load(ctx)
    day = known_day(dataset, at)
    reform = entry(dataset, reform_id)
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
    _view(ctx, view, picture, dataset, keys)


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

    kzreforms search "akim -rural"             (leave out entries with "rural")

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
    dataset, index = load_for_search(ctx)
    only = chosen_ids(dataset, topic, status, time_span(since, until, year), period)
    result = searching.search(dataset.reforms, text, index=index, limit=limit, only=only)
    if json:
        from .export import hit_json

        output(ctx).emit_json([hit_json(hit, dataset.sources) for hit in result.hits])
    elif result.hits:
        from .render import search_results

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
    """Chart every numeric threshold: before and after as bars, a scale for each, with the change.

    Example: kzreforms thresholds --svg thresholds.svg

    kzreforms thresholds --csv > thresholds.csv      (the numbers, for a spreadsheet)
    """
    picture = _picture("kzreforms thresholds", request, printed_instead(json, csv))
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
    from .query import threshold_keys
    from .render import thresholds_chart

    _view(ctx, thresholds_chart(reforms), picture, dataset, threshold_keys(reforms))


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
    picture = _picture("kzreforms timeline", request, printed_instead(json, csv))
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
    view = render.timeline(events, reforms, titles)
    _view(ctx, view, picture, dataset, (key for event in events for key in event.sources))


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
    picture = _picture("kzreforms assessments", request, printed_instead(json, csv))
    dataset = load(ctx)
    from . import export, query

    if json:
        return output(ctx).emit_json(export.assessments_json(dataset))
    if csv:
        return output(ctx).write(export.ratings_csv(dataset))
    from .render import assessments_view

    view = assessments_view(dataset.ratings, query.assessed(dataset), dataset.sources)
    keys = (key for rating in dataset.ratings for score in rating.scores for key in score.sources)
    _view(ctx, view, picture, dataset, keys)


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
    from .compare import START, comparison_keys, entries_by_id
    from .compare import compare as compared

    shown = " ".join(value for value in (first, second) if value is not None)
    picture = _picture(f"kzreforms compare {shown}".strip(), request, printed_instead(json, csv))
    dataset = load(ctx)
    days = [known_day(dataset, value) for value in (first, second)]
    reforms = chosen(dataset, topic)
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

    view = comparison(result, dataset.as_of, len(reforms), dataset.sources)
    _view(ctx, view, picture, dataset, comparison_keys(result))


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
    from .render import topics_table

    output(ctx).emit(topics_table(counts))


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

    printed_instead(json, csv)
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
    dataset = load(ctx)
    handles = cited(dataset, names or [])
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
        dataset, problems = data.check(path)
    except data.UnreadableFile as unreadable:
        fail(str(unreadable))
    if json:
        from .export import validation_json

        entries = None if dataset is None else len(dataset.reforms)
        output(ctx).emit_json(validation_json(str(path), entries, problems))
    elif dataset is None:
        output(ctx).write("".join(f"{line}\n" for line in problems))  # each made one safe line
    else:
        output(ctx).write(f"OK: {formats.entries(len(dataset.reforms))}, data as of {dataset.as_of}\n")
    if problems:
        raise typer.Exit(ExitCode.FAILURE)


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
        CsvTable | None,
        typer.Option(
            "--table",
            help="With --format csv: which table, one row per item, linked by entry id (default: entries).",
            show_default=False,
        ),
    ] = None,
    bom: Annotated[
        bool, typer.Option("--bom", help="With --format csv: start with a byte-order mark.")
    ] = False,
) -> None:
    """Export the data in use as TOML or JSON (the data file's own schema, readable with --data), CSV, Markdown or SQLite.

    Example: kzreforms export --format csv --table thresholds --output thresholds.csv

    kzreforms export --format sqlite --output reforms.db   (a table per record type, with keys)
    """
    from .export import csv_table, render_export, write_sqlite
    from .formats import entries, unit_of

    sqlite = format_name is ExportFormat.sqlite
    if sqlite and (output is None or str(output) == "-"):
        fail("--format sqlite writes a database file: give it --output FILE", ExitCode.USAGE)
    if table is not None and format_name is not ExportFormat.csv:
        fail(f"--table goes with --format csv only, not with --format {format_name.value}", ExitCode.USAGE)
    table = table or CsvTable.entries
    dataset = load(ctx)
    selected = dataset.with_reforms(chosen(dataset, topic, status, time_span(since, until, year), period))
    what = entries(len(selected.reforms))
    if sqlite:
        text: str | Callable[[], None] = lambda: write_sqlite(selected, output, force)  # noqa: E731
    elif format_name is ExportFormat.csv and table is not CsvTable.entries:
        text, rows = csv_table(selected, table.value, bom)
        what = f"{rows} {unit_of(rows, 'rows')} of the {table.value} table"
    else:
        text = render_export(selected, format_name.value, table.value, bom)
    settings(ctx).output.save(text, output, force, what)


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
    written = f"the JSON Schema of the {'data file' if what == 'data' else '--json outputs'}"
    settings(ctx).output.save(dumps_json(SCHEMAS[what]()), output, force, written)


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
    from .browse import run

    dataset, index = load_for_search(ctx)
    raise typer.Exit(run(dataset, index, " ".join(query or [])))


def main() -> None:
    """Run the command line (the console script goes through :mod:`kzreforms._entry`)."""
    app(prog_name=PROG)
