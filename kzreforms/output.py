"""The run's output: the console for stdout, --color and --no-pager, the pager, --json, --output, one-line errors.

One :class:`Output` is made for each run of the command line and passed to every command (on
Typer's ``ctx.obj``, see :func:`kzreforms.cli.output`); nothing here is a module global. Rich
is imported only when a view is printed.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from enum import Enum, IntEnum
from typing import TYPE_CHECKING, Any, NoReturn, Protocol

from . import PROG

if TYPE_CHECKING:
    from pathlib import Path

    from rich.console import Console, RenderableType


class Picture(Protocol):
    """What saves a view as a picture (:class:`kzreforms.pictures.Picture`)."""

    def save(self, renderable: RenderableType, width: int) -> None: ...


class ExitCode(IntEnum):
    OK = 0
    FAILURE = 1  # nothing found, invalid data, an unknown id
    USAGE = 2  # the command line itself is wrong
    INTERRUPTED = 130  # Ctrl-C


def note(message: str) -> None:
    """One line on stderr, with anything from a data file made visible."""
    from .formats import one_line

    sys.stderr.write(f"{PROG}: {one_line(message)}\n")
    sys.stderr.flush()


def error(message: str) -> None:
    note(f"error: {message}")


def fail(message: str, code: ExitCode = ExitCode.FAILURE) -> NoReturn:
    """One error line on stderr, and the run ends with ``code``."""
    import typer

    error(message)
    raise typer.Exit(code)


def dumb_terminal() -> bool:
    """Whether $TERM names a terminal that shows no colour and draws no screen (dumb, unknown)."""
    return os.environ.get("TERM", "").lower() in ("dumb", "unknown")


_SGR_END = "m"
_LINK_END = "\x1b\\"


def strip_trailing_spaces(text: str) -> str:
    """``text`` with the spaces at the end of each line removed, escape codes (colour, links) kept."""
    if " \n" not in text and not text.endswith(" ") and "\x1b" not in text:
        return text
    return "\n".join(_strip_line(line) for line in text.split("\n"))


def _strip_line(line: str) -> str:
    if "\x1b" not in line:
        return line.rstrip(" ")
    kept: list[str] = []  # the escape codes after the last visible character, last first
    while True:
        line = line.rstrip(" ")
        if line.endswith(_SGR_END):  # ESC [ digits ; m
            start = line.rfind("\x1b[")
            if start < 0 or not all(c.isdigit() or c in ";:" for c in line[start + 2 : -1]):
                break
        elif line.endswith(_LINK_END):  # OSC 8 ; params ; URI ESC \
            start = line.rfind("\x1b]8;")
            if start < 0 or "\x1b" in line[start + 1 : -2]:
                break
        else:
            break
        kept.append(line[start:])
        line = line[:start]
    return line + "".join(reversed(kept))


class Colour(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


def _stdout_is_terminal() -> bool:
    isatty = getattr(sys.stdout, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (OSError, ValueError):  # a closed stream
        return False


class Output:
    """How this run writes to stdout: the colour (--color, NO_COLOR, FORCE_COLOR) and the pager."""

    def __init__(self, colour: Colour = Colour.auto, pager: bool = True) -> None:
        self.colour = colour
        self.pager = pager

    @property
    def terminal(self) -> bool:
        """Whether stdout is a terminal (not a pipe, a file or a closed stream)."""
        return _stdout_is_terminal()

    def chosen_colour(self) -> Colour:
        """--color always or never; else FORCE_COLOR=0 (or empty) means never, and auto leaves the rest to Rich."""
        if self.colour is not Colour.auto:
            return self.colour
        force = os.environ.get("FORCE_COLOR")
        if force is not None and force.strip().lower() in ("", "0", "false"):
            return Colour.never
        return Colour.auto

    def console(self) -> Console:
        """The console for stdout: Rich in a terminal, plain text when piped; --color, NO_COLOR and
        FORCE_COLOR apply."""
        from rich.console import Console

        colour = self.chosen_colour()
        options: dict[str, Any] = {}
        if colour is Colour.never:
            options["color_system"] = None
        elif colour is Colour.always:
            options.update(
                force_terminal=True, no_color=False, color_system="standard" if dumb_terminal() else "auto"
            )
        # No markup, emoji codes or highlighting: every string printed is ours or made safe, and
        # Rich need not load its emoji table (2 ms) to look for codes that are never there.
        out = Console(highlight=False, markup=False, emoji=False, soft_wrap=False, **options)
        if out.width < 1:  # COLUMNS=0 would print nothing at all
            out.width = 80
        return out

    def emit(self, renderable: RenderableType, picture: Picture | None = None) -> None:
        """Print a view: no line ends in spaces; through the pager when longer than the terminal;
        then save its ``picture``, if one was asked for."""
        out = self.console()
        with out.capture() as captured:
            out.print(renderable)
        text = strip_trailing_spaces(captured.get())
        encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
        if not self._page(text.count("\n"), lambda: text.encode(encoding, "replace")):
            sys.stdout.write(text)
            sys.stdout.flush()
        if picture is not None:
            picture.save(renderable, out.width)

    def emit_json(self, value: object) -> None:
        """``value`` as indented JSON (see docs/json.md); ASCII only where stdout cannot take UTF-8."""
        from .export import dumps_json

        encoding = (getattr(sys.stdout, "encoding", None) or "utf-8").lower()  # utf-8, UTF8, utf_8
        self.write(dumps_json(value, ascii_only=not encoding.startswith("utf")))

    def write(self, text: str) -> None:
        """Text to stdout as UTF-8 bytes, whatever the locale (TOML, JSON and CSV must be UTF-8);
        through the pager when longer than the terminal.

        A failed write raises OSError; the entry point (:mod:`kzreforms._entry`) reports it, exit 1.
        """
        if self._page(text.count("\n"), lambda: text.encode("utf-8")):
            return
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:  # a text-only stream, as in tests
            sys.stdout.write(text)
            sys.stdout.flush()
            return
        sys.stdout.flush()
        buffer.write(text.encode("utf-8"))
        buffer.flush()

    def save(self, text: str | Callable[[], None], target: Path | None, force: bool, what: str) -> None:
        """``text`` to stdout, or to the file of --output (- is stdout; replaced only with --force),
        or ``text()`` writing that file itself; then one line on stderr saying that ``what`` was
        written there. A file that cannot be written is a one-line error."""
        if isinstance(text, str) and (target is None or str(target) == "-"):
            self.write(text)
            return
        from .files import WriteError, write_atomic
        from .formats import one_line

        try:
            if not isinstance(text, str):
                text()
            elif target is not None:  # always, text to stdout having returned above
                write_atomic(target, text, force=force)
        except WriteError as problem:
            fail(str(problem))
        sys.stderr.write(f"Wrote {what} to {one_line(str(target))}\n")

    def pager_command(self, lines: int) -> list[str] | None:
        """The pager for this many lines, as git chooses it; None when not in a terminal, with
        --no-pager, when the output fits the screen, or when the pager is off (empty, cat) or not
        installed."""
        if not self.pager or not self.terminal:
            return None
        import shutil

        if lines < shutil.get_terminal_size().lines:
            return None
        for name in ("KZREFORMS_PAGER", "PAGER"):
            chosen = os.environ.get(name)
            if chosen is not None:
                break
        else:
            if dumb_terminal():
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

    def _page(self, lines: int, content: Callable[[], bytes]) -> bool:
        """Send the output through the pager, if it should go through one; False if it did not."""
        command = self.pager_command(lines)
        if command is None:
            return False
        import signal
        import subprocess

        sys.stdout.flush()
        environment = {"LESS": "FRX", "LV": "-c", **os.environ}  # less keeps the colour, as with git
        # Ctrl-C is the pager's while it runs; the user ends it with q. It is set aside from before
        # the pager starts (a Ctrl-C right after it started would end us), and by a handler rather
        # than SIG_IGN, which the pager would inherit: a handler is reset to the default at exec.
        try:
            previous = signal.signal(signal.SIGINT, _pager_has_ctrl_c)
        except ValueError:  # not the main thread
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


def _pager_has_ctrl_c(signum: int, frame: object) -> None:
    """Ctrl-C while the pager runs: the pager's, not ours."""


def help_colour(args: Sequence[str], output: Output) -> Callable[[], None] | None:
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
            output.colour = Colour(value.lower())
    colour = output.chosen_colour()
    if colour is Colour.auto:
        return None
    from ._typer_compat import help_console_colour

    if colour is Colour.never:
        return help_console_colour(None, None)
    return help_console_colour("standard" if dumb_terminal() else "auto", True)
