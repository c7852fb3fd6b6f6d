"""The command line: each command parses, loads the data, calls the library and emits.

Only Typer is imported at the top; each command imports what it needs, so that start-up
stays at the floor of a Typer + Rich program.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from enum import Enum, IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer
from typer._click import exceptions as click_exceptions
from typer.core import TyperGroup

from . import __version__

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from .model import Dataset, Reform


class ExitCode(IntEnum):
    OK = 0
    FAILURE = 1  # nothing found, invalid data, an unknown id
    USAGE = 2  # the command line itself is wrong
    INTERRUPTED = 130  # Ctrl-C


PROG = "kzreforms"


def note(message: str) -> None:
    """One line on stderr, with anything from a data file made visible."""
    from .formats import one_line

    sys.stderr.write(f"{PROG}: {one_line(message)}\n")
    sys.stderr.flush()


def error(message: str) -> None:
    note(f"error: {message}")


def fail(message: str, code: ExitCode = ExitCode.FAILURE) -> NoReturn:
    error(message)
    raise typer.Exit(code)


# The commands are registered here and built into Click commands only when used: building
# all of them at every start would cost more than the rest of a `show`.
_registry = typer.Typer()
command = _registry.command


class _Group(TyperGroup):
    """Builds only the command that runs, and turns every usage error into one line on stderr."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.built: dict[str, Any] = {}  # command name -> the Click command, or None if unknown

    def list_commands(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        return [info.name for info in _registry.registered_commands if info.name]

    def get_command(self, ctx: typer.Context, cmd_name: str) -> Any:  # type: ignore[override]
        if cmd_name not in self.built:
            infos = [info for info in _registry.registered_commands if info.name == cmd_name]
            self.built[cmd_name] = (
                typer.main.get_command_from_info(
                    infos[0], pretty_exceptions_short=True, rich_markup_mode=self.rich_markup_mode
                )
                if infos
                else None
            )
        return self.built[cmd_name]

    def resolve_command(self, ctx: typer.Context, args: list[str]) -> Any:  # type: ignore[override]
        name = args[0]
        if not name.startswith("-") and self.get_command(ctx, name) is None:
            import difflib

            close = difflib.get_close_matches(name, self.list_commands(ctx), n=1)
            hint = f" Did you mean '{close[0]}'?" if close else ""
            ctx.fail(f"No such command '{name}'.{hint}")
        return super().resolve_command(ctx, args)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            result = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except click_exceptions.NoArgsIsHelpError as help_requested:
            sys.stdout.write(help_requested.format_message())
            result = ExitCode.OK
        except click_exceptions.UsageError as usage:
            where = usage.ctx.command_path if usage.ctx else PROG
            error(f"{usage.format_message()} (see '{where} --help')")
            result = ExitCode.USAGE
        except typer.TyperException as problem:
            error(problem.format_message())
            result = problem.exit_code
        except typer.Abort:
            result = ExitCode.INTERRUPTED
        code = result if isinstance(result, int) else ExitCode.OK
        if standalone_mode:
            sys.exit(code)
        return code


app = typer.Typer(
    cls=_Group,
    name=PROG,
    help="What Kazakhstan's political reforms since 2019 changed: before and after, with sources.",
    epilog="Example: kzreforms show 5",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Settings:
    """What the top-level options chose, for every command."""

    def __init__(self, data: Path | None) -> None:
        self.data = data


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"{PROG} {__version__}\n")
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
            help="Use this data file instead of the bundled one.",
            metavar="FILE",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    ctx.obj = Settings(data)


def _settings(ctx: typer.Context) -> Settings:
    settings = ctx.find_object(Settings)
    return settings if settings is not None else Settings(None)


_Loaded = TypeVar("_Loaded")


def _in_use(ctx: typer.Context, read: Callable[[Path], _Loaded]) -> _Loaded:
    """``read`` the data in use (--data, $KZREFORMS_DATA or the bundled file), or a one-line error."""
    from . import data

    try:
        return read(data.resolve_path(_settings(ctx).data))
    except data.DataError as problem:
        fail(str(problem))


def load(ctx: typer.Context) -> Dataset:
    """The dataset in use, or a one-line error."""
    from . import data

    return _in_use(ctx, data.load)


def console() -> Console:
    """The console for stdout: Rich in a terminal, plain text when piped; NO_COLOR and FORCE_COLOR apply."""
    from rich.console import Console

    # No markup, emoji codes or highlighting: every string printed is ours or made safe, and
    # Rich need not load its emoji table (2 ms) to look for codes that are never there.
    out = Console(highlight=False, markup=False, emoji=False, soft_wrap=False)
    if out.width < 1:  # COLUMNS=0 would print nothing at all
        out.width = 80
    return out


class Picture:
    """Where to save a view as it looks in a terminal: --svg and --html."""

    def __init__(self, title: str, svg: Path | None, html: Path | None, force: bool) -> None:
        self.title, self.svg, self.html, self.force = title, svg, html, force

    def check(self) -> None:
        from .export import WriteError, check_target

        for path in (self.svg, self.html):
            if path is not None:
                try:
                    check_target(path, self.force)
                except WriteError as problem:
                    fail(str(problem))

    def save(self, renderable: RenderableType, width: int) -> None:
        import io

        from rich.console import Console

        from .export import WriteError, write_atomic
        from .formats import one_line

        recorder = Console(
            record=True, file=io.StringIO(), width=width, force_terminal=True, color_system="truecolor",
            highlight=False, markup=False, emoji=False, legacy_windows=False,
        )  # fmt: skip
        recorder.print(renderable)
        saved = []
        if self.svg is not None:
            saved.append((self.svg, recorder.export_svg(title=self.title, clear=False)))
        if self.html is not None:
            saved.append((self.html, recorder.export_html(clear=False)))
        for path, content in saved:
            try:
                write_atomic(path, content, force=self.force)
            except WriteError as problem:
                fail(str(problem))
            sys.stderr.write(f"Saved {one_line(str(path))}\n")


def emit(renderable: RenderableType, picture: Picture | None = None) -> None:
    out = console()
    out.print(renderable)
    if picture is not None:
        picture.save(renderable, out.width)


def emit_json(value: object) -> None:
    from .export import dumps_json

    encoding = (getattr(sys.stdout, "encoding", None) or "utf-8").lower().replace("-", "").replace("_", "")
    sys.stdout.write(dumps_json(value, ascii_only=not encoding.startswith("utf")))


JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON (see README: JSON format).")]
TopicOption = Annotated[
    str | None,
    typer.Option("--topic", "-t", help="Only entries with this topic (any case).", metavar="TOPIC"),
]


SvgOption = Annotated[
    Path | None, typer.Option("--svg", help="Also save the view as an SVG picture.", metavar="FILE")
]
HtmlOption = Annotated[
    Path | None, typer.Option("--html", help="Also save the view as an HTML page.", metavar="FILE")
]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace the --svg or --html file if it exists.")]


def _picture(title: str, svg: Path | None, html: Path | None, force: bool, json: bool) -> Picture | None:
    if svg is None and html is None:
        return None
    if json:
        fail("--svg and --html save the view as it looks; they do not go with --json", ExitCode.USAGE)
    picture = Picture(title, svg, html, force)
    picture.check()
    return picture


def _filter_topic(dataset: Dataset, topic: str | None) -> tuple[Reform, ...]:
    if topic is None:
        return dataset.reforms
    wanted = topic.casefold().strip()
    known = dataset.topics()
    if not any(name.casefold() == wanted for name in known):
        fail(f"no topic '{topic}'; topics: {', '.join(known)}")
    return tuple(r for r in dataset.reforms if any(t.casefold() == wanted for t in r.topics))


@command("list")
def list_command(
    ctx: typer.Context,
    topic: TopicOption = None,
    json: JsonOption = False,
    svg: SvgOption = None,
    html: HtmlOption = None,
    force: ForceOption = False,
) -> None:
    """List every reform: id, title, a short before → after, and each threshold's change.

    Example: kzreforms list --topic elections
    """
    picture = _picture("kzreforms list", svg, html, force, json)
    dataset = load(ctx)
    reforms = _filter_topic(dataset, topic)
    if json:
        from .export import reform_json

        emit_json([reform_json(reform) for reform in reforms])
        return
    from .render import reform_list

    emit(reform_list(reforms), picture)


def _id_ranges(ids: list[int]) -> str:
    """[1, 2, 3, 5] -> '1–3, 5'."""
    ranges: list[list[int]] = []
    for number in sorted(ids):
        if ranges and number == ranges[-1][1] + 1:
            ranges[-1][1] = number
        else:
            ranges.append([number, number])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in ranges)


@command("show")
def show(
    ctx: typer.Context,
    reform_id: Annotated[str, typer.Argument(metavar="ID", help="The entry's id, as `list` shows it.")],
    json: JsonOption = False,
    svg: SvgOption = None,
    html: HtmlOption = None,
    force: ForceOption = False,
) -> None:
    """Show one reform: before and after side by side, its thresholds, dates and sources.

    Example: kzreforms show 5
    """
    picture = _picture(f"kzreforms show {reform_id}", svg, html, force, json)
    dataset = load(ctx)
    reform = dataset.get(int(reform_id)) if reform_id.isascii() and reform_id.isdigit() else None
    if reform is None:
        valid = _id_ranges([r.id for r in dataset.reforms]) or "none"
        fail(f"no entry with id '{reform_id}'; valid ids: {valid}")
    if json:
        from .export import reform_json

        emit_json(reform_json(reform))
        return
    from .glossary import terms_used
    from .render import reform_detail

    emit(reform_detail(reform, terms_used(reform, dataset.glossary)), picture)


@command("search")
def search(
    ctx: typer.Context,
    query: Annotated[list[str], typer.Argument(help="Words to look for; every word must match.")],
    topic: TopicOption = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Show at most this many hits.")] = 20,
    json: JsonOption = False,
) -> None:
    """Search every text field and topic; near misses and plurals match too. Exit 1 when nothing matches.

    Example: kzreforms search quota
    """
    from . import search as searching

    text = " ".join(query)
    if not searching.query_words(text):
        fail(f"the query '{text}' has no words to search for", ExitCode.USAGE)
    from . import data

    dataset, index = _in_use(ctx, data.load_for_search)
    only = None if topic is None else [reform.id for reform in _filter_topic(dataset, topic)]
    result = searching.search(dataset.reforms, text, index=index, limit=limit, only=only)
    if json:
        from .export import hit_json

        emit_json([hit_json(hit) for hit in result.hits])
    else:
        from .render import search_results

        if result.hits:
            emit(search_results(result))
    if not result.hits:
        if result.unmatched or len(result.words) == 1:
            hint = f"; did you mean: {', '.join(result.suggestions)}?" if result.suggestions else ""
            note(f"no entries match '{text}'{hint}")
        else:
            note(f"no entry matches all of: {', '.join(result.words)} (each matches on its own)")
        raise typer.Exit(ExitCode.FAILURE)


@command("thresholds")
def thresholds(
    ctx: typer.Context,
    topic: TopicOption = None,
    json: JsonOption = False,
    svg: SvgOption = None,
    html: HtmlOption = None,
    force: ForceOption = False,
) -> None:
    """Chart every numeric threshold: before and after as bars on one scale, with the change.

    Example: kzreforms thresholds --svg thresholds.svg
    """
    picture = _picture("kzreforms thresholds", svg, html, force, json)
    dataset = load(ctx)
    reforms = _filter_topic(dataset, topic)
    if json:
        from .export import threshold_json

        emit_json(
            [
                {"reform": reform.id, "reform_title": reform.title, **threshold_json(threshold)}
                for reform in reforms
                for threshold in reform.thresholds
            ]
        )
        return
    from .render import thresholds_chart

    emit(thresholds_chart(reforms), picture)


@command("timeline")
def timeline(
    ctx: typer.Context,
    topic: TopicOption = None,
    json: JsonOption = False,
    svg: SvgOption = None,
    html: HtmlOption = None,
    force: ForceOption = False,
) -> None:
    """Show the dated events in order: laws, elections, steps of each reform, and the article's context.

    Example: kzreforms timeline --topic elections
    """
    picture = _picture("kzreforms timeline", svg, html, force, json)
    dataset = load(ctx)
    reforms = _filter_topic(dataset, topic)
    from . import render

    if json:
        from .export import event_json

        emit_json([event_json(event) for event in render.timeline_events(dataset, reforms)])
        return
    emit(render.timeline(dataset, reforms), picture)


@command("topics")
def topics(ctx: typer.Context, json: JsonOption = False) -> None:
    """List each topic with how many entries have it; use one with --topic on list and search.

    Example: kzreforms topics
    """
    counts = load(ctx).topics()
    if json:
        emit_json([{"topic": topic, "count": len(ids), "ids": ids} for topic, ids in counts.items()])
        return
    from .render import topics_table

    emit(topics_table(counts))


@command("glossary")
def glossary(
    ctx: typer.Context,
    term: Annotated[str | None, typer.Argument(help="One term (any case, or a plural).")] = None,
    json: JsonOption = False,
) -> None:
    """Explain the words a reader outside Kazakhstan may not know: akim, maslikhat, Mazhilis, ...

    Example: kzreforms glossary akim
    """
    from .glossary import lookup, terms_used

    dataset = load(ctx)
    terms = dataset.glossary
    if term is not None:
        found = lookup(terms, term)
        if found is None:
            known = ", ".join(t.term for t in terms) or "none"
            fail(f"no glossary term '{term}'; terms: {known}")
        terms = (found,)
    used_in = {t.term: [r.id for r in dataset.reforms if terms_used(r, (t,))] for t in terms}
    if json:
        records = [
            {"term": t.term, "meaning": t.meaning, "forms": list(t.forms), "used_in": used_in[t.term]}
            for t in terms
        ]
        emit_json(records[0] if term is not None else records)
        return
    from .render import glossary_table

    emit(glossary_table(terms, used_in))


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
    from . import data

    path = file if file is not None else data.resolve_path(_settings(ctx).data)
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
        emit_json({"file": str(path), "ok": not problems, "entries": entries, "problems": problems})
    elif problems:
        sys.stdout.write("".join(f"{line}\n" for line in problems))  # each made one safe line
    else:
        count = len(dataset.reforms)
        sys.stdout.write(f"OK: {count} {'entry' if count == 1 else 'entries'}\n")
    if problems:
        raise typer.Exit(ExitCode.FAILURE)


class ExportFormat(str, Enum):
    toml = "toml"
    json = "json"
    csv = "csv"
    markdown = "markdown"


@command("export")
def export(
    ctx: typer.Context,
    format_name: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="What to write.", case_sensitive=False)
    ] = ExportFormat.toml,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file instead of stdout.", metavar="FILE"),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    topic: TopicOption = None,
) -> None:
    """Export the data in use as TOML (the data file's own schema), JSON, CSV or Markdown.

    Example: kzreforms export --format csv --topic elections --output elections.csv
    """
    from .export import WriteError, render_export, write_atomic

    dataset = load(ctx)
    selected = dataset.with_reforms(_filter_topic(dataset, topic))
    text = render_export(selected, format_name.value)
    if output is None:
        sys.stdout.write(text)
        return
    try:
        write_atomic(output, text, force=force)
    except WriteError as problem:
        fail(str(problem))
    from .formats import one_line

    count = len(selected.reforms)
    sys.stderr.write(f"Wrote {count} {'entry' if count == 1 else 'entries'} to {one_line(str(output))}\n")


def main() -> None:
    """Run the command line (the console script goes through :mod:`kzreforms._entry`)."""
    app(prog_name=PROG)
