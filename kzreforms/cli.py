"""The command line: each command parses, loads the data, calls the library and emits.

Only Typer is imported at the top; each command imports what it needs, so that start-up
stays at the floor of a Typer + Rich program.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Sequence
from enum import Enum, IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer
from typer.core import TyperGroup

from . import __version__
from ._typer_compat import NoArgsIsHelpError, UsageError, build_command, registered_names

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from .model import Dataset, Reform
    from .query import Period


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
        self.running = PROG  # the command line of the command that runs, for usage errors
        self.completing = False  # answering the shell's completion request (see main)
        self.params.extend(_completion_options())

    def shell_complete(self, ctx: typer.Context, incomplete: str) -> list[Any]:  # type: ignore[override]
        """Command names with their help, without building every command; options as Click gives them."""
        if incomplete.startswith("-"):
            return list(super().shell_complete(ctx, incomplete))
        from ._typer_compat import completion_item, registered_helps

        return [
            completion_item(name, help)
            for name, help in registered_helps(_registry)
            if name.startswith(incomplete)
        ]

    def list_commands(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        return registered_names(_registry)

    def get_command(self, ctx: typer.Context, cmd_name: str) -> Any:  # type: ignore[override]
        if cmd_name not in self.built:
            built = build_command(_registry, cmd_name, self.rich_markup_mode)
            if built is not None:
                built.params.extend(self._output_options(built))
                if self.completing:
                    from .completion import attach

                    attach(built)
            self.built[cmd_name] = built
        return self.built[cmd_name]

    def _output_options(self, built: Any) -> list[Any]:
        """--color and --no-pager, accepted after the command too (`kzreforms list --color never`)."""
        import copy

        taken = {name for param in built.params for name in param.opts}
        options = []
        for param in self.params:
            if param.name in _OUTPUT_OPTIONS and not taken.intersection(param.opts):
                option = copy.copy(param)
                option.default, option.expose_value, option.callback = None, False, _chose_output
                options.append(option)
        return options

    def resolve_command(self, ctx: typer.Context, args: list[str]) -> Any:  # type: ignore[override]
        name = args[0]
        if not name.startswith("-") and self.get_command(ctx, name) is None and not ctx.resilient_parsing:
            import difflib

            close = difflib.get_close_matches(name, self.list_commands(ctx), n=1)
            hint = f" Did you mean '{close[0]}'?" if close else ""
            ctx.fail(f"No such command '{name}'.{hint}")
        resolved = super().resolve_command(ctx, args)
        if resolved[1] is not None:
            self.running = f"{ctx.command_path} {resolved[0]}"
        return resolved

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        global _output
        _output = Output()
        instruction = os.environ.get(COMPLETE_VAR)
        if instruction:  # the shell asks for completions (see kzreforms/completion.py)
            from .completion import complete

            self.completing = True
            try:
                result: Any = complete(self, instruction)
            except (UsageError, typer.TyperException):  # a line that cannot be parsed: nothing to offer
                result = ExitCode.FAILURE
            if standalone_mode:
                sys.exit(result)
            return result
        args = _optional_shell(sys.argv[1:] if args is None else args)
        help_colour = _help_colour(args)
        try:
            result = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except NoArgsIsHelpError as help_requested:
            sys.stdout.write(help_requested.format_message())
            result = ExitCode.OK
        except UsageError as usage:
            # An option's missing value is found before its command has a context.
            where = usage.ctx.command_path if usage.ctx else self.running
            error(f"{usage.format_message()} (see '{where} --help')")
            result = ExitCode.USAGE
        except typer.TyperException as problem:
            error(problem.format_message())
            result = problem.exit_code
        except typer.Abort:
            result = ExitCode.INTERRUPTED
        finally:
            _output = Output()  # the choices were this run's
            if help_colour is not None:
                help_colour()
        code = result if isinstance(result, int) else ExitCode.OK
        if standalone_mode:
            sys.exit(code)
        return code


# Completion: --install-completion and --show-completion as Typer adds them (but built here, at no
# cost to start-up), and the shell's requests, answered by kzreforms/completion.py.
COMPLETE_VAR = f"_{PROG.upper()}_COMPLETE"
_COMPLETION_FLAGS = ("--install-completion", "--show-completion")


def _completion_options() -> list[Any]:
    from typer.core import TyperOption

    def option(name: str, help: str) -> Any:
        return TyperOption(
            param_decls=[name], metavar="[SHELL]", expose_value=False, is_eager=True,
            callback=_completion_option, help=help,
        )  # fmt: skip

    return [
        option(
            "--install-completion", "Install completion for SHELL: bash, zsh or fish (default: this shell)."
        ),
        option(
            "--show-completion", "Print the completion script for SHELL, to copy it or install it by hand."
        ),
    ]


def _optional_shell(args: Sequence[str]) -> list[str]:
    """The command line with an empty SHELL after a completion option given none: this shell."""
    args = list(args)
    for position, arg in enumerate(args):
        if arg in _COMPLETION_FLAGS and (position + 1 == len(args) or args[position + 1].startswith("-")):
            args.insert(position + 1, "")
            break
    return args


def _completion_option(ctx: Any, param: Any, value: str | None) -> None:
    if value is None or ctx.resilient_parsing:
        return
    from . import completion

    try:
        text = completion.install(value) if param.name == "install_completion" else completion.script(value)
    except completion.ShellError as problem:
        fail(str(problem), ExitCode.USAGE)
    except OSError as problem:  # an rc file that cannot be written
        fail(f"cannot install completion: {problem}")
    write_out(text)
    raise typer.Exit()


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


class Colour(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


class Output:
    """How this run writes to stdout: --color and --no-pager (set anew at each run)."""

    def __init__(self) -> None:
        self.colour = Colour.auto
        self.pager = True


_output = Output()
_OUTPUT_OPTIONS = ("color", "no_pager")


def _chose_output(ctx: Any, param: Any, value: Any) -> None:
    """--color or --no-pager given after the command; None or False when it was not."""
    if param.name == "color" and value is not None:
        _output.colour = Colour(str(value).lower())
    elif param.name == "no_pager" and value:
        _output.pager = False


def _help_colour(args: Sequence[str]) -> Callable[[], None] | None:
    """Give Typer's help this run's colour; what restores Typer's own, or None if no help is asked.

    Typer draws --help with a console of its own, which reads FORCE_COLOR once when it loads (and
    takes FORCE_COLOR=0 for "force"), and the help is printed before --color is parsed. So the
    command line is read for --color here, and FORCE_COLOR=0 means never, as everywhere else.
    """
    options = list(args[: args.index("--")] if "--" in args else args)
    if options and "--help" not in options and "-h" not in options:
        return None
    for position, arg in enumerate(options):
        value = arg.partition("=")[2] if arg.startswith("--color=") else None
        if arg == "--color" and position + 1 < len(options):
            value = options[position + 1]
        if value is not None and value.lower() in Colour.__members__:
            _output.colour = Colour(value.lower())
    colour = _colour()
    if colour is Colour.auto:
        return None
    from typer import rich_utils

    saved = rich_utils.COLOR_SYSTEM, rich_utils.FORCE_TERMINAL
    if colour is Colour.never:
        rich_utils.COLOR_SYSTEM, rich_utils.FORCE_TERMINAL = None, None
    else:
        dumb = os.environ.get("TERM", "").lower() in ("dumb", "unknown")
        rich_utils.COLOR_SYSTEM, rich_utils.FORCE_TERMINAL = "standard" if dumb else "auto", True

    def restore() -> None:
        rich_utils.COLOR_SYSTEM, rich_utils.FORCE_TERMINAL = saved

    return restore


def _version(ctx: typer.Context, value: bool) -> None:
    """'kzreforms 0.3.0 (data as of 2026-11-30, 40 entries)': the version, and the data in use."""
    if not value or ctx.resilient_parsing:
        return
    from . import data, formats

    try:
        dataset = data.load(data.resolve_path(ctx.params.get("data")))
    except data.DataError as problem:
        about = f"data: {problem}"
    else:
        count = len(dataset.reforms)
        about = f"data as of {dataset.as_of}, {count} {'entry' if count == 1 else 'entries'}"
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
    ctx.obj = Settings(data)
    _output.colour = color
    _output.pager = not no_pager


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


def _colour() -> Colour:
    """--color always or never; else FORCE_COLOR=0 (or empty) means never, and auto leaves the rest to Rich."""
    if _output.colour is not Colour.auto:
        return _output.colour
    import os

    force = os.environ.get("FORCE_COLOR")
    if force is not None and force.strip().lower() in ("", "0", "false"):
        return Colour.never
    return Colour.auto


def console() -> Console:
    """The console for stdout: Rich in a terminal, plain text when piped; --color, NO_COLOR and
    FORCE_COLOR apply."""
    from rich.console import Console

    colour = _colour()
    options: dict[str, Any] = {}
    if colour is Colour.never:
        options["color_system"] = None
    elif colour is Colour.always:
        import os

        dumb = os.environ.get("TERM", "").lower() in ("dumb", "unknown")
        options.update(force_terminal=True, no_color=False, color_system="standard" if dumb else "auto")
    # No markup, emoji codes or highlighting: every string printed is ours or made safe, and
    # Rich need not load its emoji table (2 ms) to look for codes that are never there.
    out = Console(highlight=False, markup=False, emoji=False, soft_wrap=False, **options)
    if out.width < 1:  # COLUMNS=0 would print nothing at all
        out.width = 80
    return out


class Picture:
    """Where to save a view as it looks in a terminal: --svg and --html, in a --theme, with a caption."""

    def __init__(
        self, title: str, svg: Path | None, html: Path | None, force: bool, theme: str | None = None
    ) -> None:
        self.title, self.svg, self.html, self.force, self.theme = title, svg, html, force, theme
        self.keys: list[str] = []  # the keys of the sources of what the picture shows
        self.as_of: str | None = None  # the data's date

    def cite(self, keys: Iterable[str], as_of: str) -> None:
        """Say in the caption which sources the view shows (each key once, in order) and the data's date."""
        self.keys, self.as_of = list(dict.fromkeys(keys)), as_of

    def check(self) -> None:
        from .files import WriteError, check_target

        for path in (self.svg, self.html):
            if path is not None:
                try:
                    check_target(path, self.force)
                except WriteError as problem:
                    fail(str(problem))

    def save(self, renderable: RenderableType, width: int) -> None:
        import io

        from rich.console import Console

        from .files import WriteError, write_atomic
        from .formats import one_line

        recorder = Console(
            record=True, file=io.StringIO(), width=width, force_terminal=True, color_system="truecolor",
            highlight=False, markup=False, emoji=False, legacy_windows=False,
        )  # fmt: skip
        if self.as_of is not None:
            from rich.console import Group
            from rich.text import Text

            from .render import caption

            renderable = Group(renderable, Text(""), caption(self.keys, self.as_of, __version__))
        recorder.print(renderable)
        from .render import SVG_FORMAT, terminal_theme

        saved = []
        if self.svg is not None:
            theme = terminal_theme(self.theme or "dark")
            svg = recorder.export_svg(title=self.title, theme=theme, clear=False, code_format=SVG_FORMAT)
            saved.append((self.svg, svg))
        if self.html is not None:
            saved.append(
                (self.html, recorder.export_html(theme=terminal_theme(self.theme or "light"), clear=False))
            )
        for path, content in saved:
            try:
                write_atomic(path, content, force=self.force)
            except WriteError as problem:
                fail(str(problem))
            sys.stderr.write(f"Saved {one_line(str(path))}\n")


def emit(renderable: RenderableType, picture: Picture | None = None) -> None:
    """Print a view: no line ends in spaces; through the pager when longer than the terminal."""
    from ._entry import strip_trailing_spaces

    out = console()
    with out.capture() as captured:
        out.print(renderable)
    text = strip_trailing_spaces(captured.get())
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    if not _page(text.count("\n"), lambda: text.encode(encoding, "replace")):
        sys.stdout.write(text)
        sys.stdout.flush()
    if picture is not None:
        picture.save(renderable, out.width)


def emit_json(value: object) -> None:
    from .export import dumps_json

    encoding = (getattr(sys.stdout, "encoding", None) or "utf-8").lower().replace("-", "").replace("_", "")
    write_out(dumps_json(value, ascii_only=not encoding.startswith("utf")))


def _pager(lines: int) -> list[str] | None:
    """The pager for this many lines, as git chooses it; None when not in a terminal, with --no-pager,
    when the output fits the screen, or when the pager is off (empty, cat) or not installed."""
    isatty = getattr(sys.stdout, "isatty", None)
    try:
        if not _output.pager or isatty is None or not isatty():
            return None
    except (OSError, ValueError):  # a closed stream
        return None
    import os
    import shutil

    if lines < shutil.get_terminal_size().lines:
        return None
    for name in ("KZREFORMS_PAGER", "PAGER"):
        chosen = os.environ.get(name)
        if chosen is not None:
            break
    else:
        if os.environ.get("TERM", "").lower() == "dumb":
            return None
        chosen = "less -FRX"
    import shlex

    try:
        words = shlex.split(chosen)
    except ValueError:
        return None
    if words and any(mark in chosen for mark in "|&;<>()$`*?[#~="):  # shell syntax: the shell runs it
        return ["/bin/sh", "-c", chosen]
    program = shutil.which(words[0]) if words and words != ["cat"] else None
    return None if program is None else [program, *words[1:]]


def _pager_has_ctrl_c(signum: int, frame: object) -> None:
    """Ctrl-C while the pager runs: the pager's, not ours."""


def _page(lines: int, content: Callable[[], bytes]) -> bool:
    """Send the output through the pager, if it should go through one; False if it did not."""
    command = _pager(lines)
    if command is None:
        return False
    import os
    import signal
    import subprocess

    sys.stdout.flush()
    environment = {"LESS": "FRX", "LV": "-c", **os.environ}  # less keeps the colour, as with git
    # Ctrl-C is the pager's while it runs; the user ends it with q. It is set aside from before
    # the pager starts (a Ctrl-C right after it started would end us), and by a handler rather
    # than SIG_IGN, which the pager would inherit: a handler is reset to the default at exec.
    try:
        previous = signal.signal(signal.SIGINT, _pager_has_ctrl_c)
    except ValueError:  # pragma: no cover - not the main thread
        previous = None
    try:
        try:
            pager = subprocess.Popen(command, stdin=subprocess.PIPE, env=environment)
        except OSError:
            return False
        pager.communicate(content())  # a pager that quits early (q) closes the pipe: not an error
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    if pager.returncode == -signal.SIGINT:  # a pager that Ctrl-C ends
        raise KeyboardInterrupt
    return True


JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON (see README: JSON format).")]
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


# A plain string checked by _picture, not an Enum: each Enum option costs every start a little.
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
THEMES = ("dark", "light")


def _picture(
    title: str,
    svg: Path | None,
    html: Path | None,
    force: bool,
    json: bool,
    theme: str | None = None,
    other: str | None = None,
) -> Picture | None:
    """Where to save the view, or None; ``other`` names another option that prints data instead."""
    if theme is not None:
        theme = theme.lower()
        if theme not in THEMES:
            fail(f"--theme must be dark or light, not '{theme}'", ExitCode.USAGE)
    if svg is None and html is None:
        if theme is not None:
            fail("--theme is for the picture of --svg or --html", ExitCode.USAGE)
        return None
    if json or other:
        fail(
            f"--svg and --html save the view as it looks; they do not go with {other or '--json'}",
            ExitCode.USAGE,
        )
    if svg is not None and html is not None:
        from .files import same_file

        if same_file(svg, html):
            fail(f"--svg and --html name the same file: {html}", ExitCode.USAGE)
    picture = Picture(title, svg, html, force, theme)
    picture.check()
    return picture


def _select(
    dataset: Dataset,
    topics: list[str] | None,
    statuses: list[str] | None = None,
    when: Period | None = None,
) -> tuple[Reform, ...]:
    from .query import UnknownName, select

    try:
        return select(dataset, topics or (), statuses or (), when)
    except UnknownName as unknown:
        fail(str(unknown))


def _when(since: str | None, until: str | None, year: str | None) -> Period | None:
    """The period of --since, --until and --year, or a usage error naming the bad date."""
    from .query import BadDate, Period

    try:
        return Period.of(since, until, year)
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

        emit_json([reform_json(reform, dataset.sources) for reform in reforms])
        return
    from .render import reform_list, reform_list_parts

    isatty = getattr(sys.stdout, "isatty", None)
    try:
        terminal = bool(isatty and isatty())
    except (OSError, ValueError):  # a closed stream
        terminal = False
    if picture is None and not terminal:  # piped: print each part as it comes, not all at the end
        for part in reform_list_parts(reforms, dataset.as_of):
            emit(part)
        return
    if picture is not None:
        from .cite import cited_keys

        picture.cite((key for reform in reforms for key in cited_keys(reform)), dataset.as_of)
    emit(reform_list(reforms, dataset.as_of), picture)


def _id_ranges(ids: list[int]) -> str:
    """[1, 2, 3, 5] -> '1–3, 5'."""
    ranges: list[list[int]] = []
    for number in sorted(ids):
        if ranges and number == ranges[-1][1] + 1:
            ranges[-1][1] = number
        else:
            ranges.append([number, number])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in ranges)


IdArgument = Annotated[str, typer.Argument(metavar="ID", help="The entry's id, as `list` shows it.")]


def _entry(dataset: Dataset, reform_id: str) -> Reform:
    """The entry with this id, or a one-line error that lists the valid ids."""
    from .formats import shorten

    reform = None
    if reform_id.isascii() and reform_id.isdigit() and len(reform_id) <= 19:
        reform = dataset.get(int(reform_id))
    if reform is None:
        valid = _id_ranges([r.id for r in dataset.reforms]) or "none"
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
    reform = _entry(dataset, reform_id)
    if json:
        from .export import reform_json

        emit_json(reform_json(reform, dataset.sources))
        return
    from .glossary import terms_used
    from .render import reform_detail

    if picture is not None:
        from .cite import cited_keys

        picture.cite(cited_keys(reform), dataset.as_of)
    emit(reform_detail(reform, terms_used(reform, dataset.glossary), dataset.sources), picture)


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

        emit_json([hit_json(hit, dataset.sources) for hit in result.hits])
    else:
        from .render import search_results

        if result.hits:
            emit(search_results(result))
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

        emit_json(thresholds_rows(reforms))
        return
    if csv:
        from .export import thresholds_csv

        write_out(thresholds_csv(reforms, dataset.as_of))
        return
    from .render import thresholds_chart

    if picture is not None:
        picture.cite(_threshold_keys(reforms), dataset.as_of)
    emit(thresholds_chart(reforms), picture)


def _threshold_keys(reforms: Iterable[Reform]) -> Iterable[str]:
    """The keys of the sources of every threshold and its steps, as the chart shows them."""
    for reform in reforms:
        for threshold in reform.thresholds:
            yield from threshold.sources
            for step in threshold.steps:
                yield from step.sources


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

        emit_json([event_json(event) for event in events])
        return
    from . import render

    titles = {reform.id: reform.title for reform in dataset.reforms}
    if picture is not None:
        picture.cite((key for event in events for key in event.sources), dataset.as_of)
    emit(render.timeline(events, reforms, titles), picture)


@command("topics")
def topics(ctx: typer.Context, json: JsonOption = False) -> None:
    """List each topic with how many entries have it; use one with --topic on list and search.

    Example: kzreforms topics
    """
    from .query import all_topics

    counts = all_topics(load(ctx))
    if json:
        emit_json([{"topic": topic, "count": len(ids), "ids": ids} for topic, ids in counts.items()])
        return
    from .render import topics_table

    emit(topics_table(counts) if counts else _nothing("No topics."))


def _nothing(message: str) -> RenderableType:
    from rich.text import Text

    return Text(message)


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
        from .validation import record

        records = [{**record(t), "used_in": used_in[t.term]} for t in terms]
        emit_json(records[0] if term is not None else records)
        return
    from .render import glossary_table

    emit(glossary_table(terms, used_in))


@command("sources")
def sources(ctx: typer.Context, json: JsonOption = False) -> None:
    """List every source: its key, kind, title and address, and the entries that cite it.

    Example: kzreforms sources
    """
    from .query import citing

    dataset = load(ctx)
    cited_by = citing(dataset)
    if json:
        from .export import source_json

        emit_json(
            [
                {**source_json(key, source), "cited_by": cited_by[key]}
                for key, source in dataset.sources.items()
            ]
        )
        return
    from .render import sources_list

    emit(sources_list(dataset.sources, cited_by))


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
    reform = _entry(dataset, reform_id)
    keys = citations.cited_keys(reform)
    write_out(citations.render([(key, dataset.sources[key]) for key in keys], format_name.value))


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
        write_out("".join(f"{line}\n" for line in problems))  # each made one safe line
    else:
        count = len(dataset.reforms)
        write_out(f"OK: {count} {'entry' if count == 1 else 'entries'}, data as of {dataset.as_of}\n")
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


def _write_output(text: str, output: Path | None, force: bool, what: str) -> None:
    """``text`` to stdout, or to the file of --output (- is stdout); then one line on stderr
    saying that ``what`` was written there."""
    if output is None or str(output) == "-":
        write_out(text)
        return
    from .files import WriteError, write_atomic
    from .formats import one_line

    try:
        write_atomic(output, text, force=force)
    except WriteError as problem:
        fail(str(problem))
    sys.stderr.write(f"Wrote {what} to {one_line(str(output))}\n")


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

    dataset = load(ctx)
    selected = dataset.with_reforms(_select(dataset, topic, status, _when(since, until, year)))
    count = len(selected.reforms)
    text = render_export(selected, format_name.value, table.value, bom)
    _write_output(text, output, force, f"{count} {'entry' if count == 1 else 'entries'}")


@command("schema")
def schema(
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
        text, output, force, f"the JSON Schema of the {'data file' if what == 'data' else '--json outputs'}"
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
        ctx.obj = Settings(data)
    from . import data as data_files
    from .browse import run

    dataset, index = _in_use(ctx, data_files.load_for_search)
    raise typer.Exit(run(dataset, index, " ".join(query or [])))


def write_out(text: str) -> None:
    """Text to stdout as UTF-8 bytes, whatever the locale (TOML, JSON and CSV must be UTF-8); through
    the pager when longer than the terminal.

    A failed write raises OSError; the entry point (:mod:`kzreforms._entry`) reports it, exit 1.
    """
    if _page(text.count("\n"), lambda: text.encode("utf-8")):
        return
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream, as in tests
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    sys.stdout.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def main() -> None:
    """Run the command line (the console script goes through :mod:`kzreforms._entry`)."""
    app(prog_name=PROG)
