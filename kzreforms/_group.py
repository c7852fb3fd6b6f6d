"""The lazy Typer group: builds only the command that runs, makes every usage error one line on stderr,
and adds the completion flags.

The tool's app is made by :func:`root`; the commands (:mod:`kzreforms.cli`) register on
:data:`commands`; building all of them into Click commands at every start would cost more than the
rest of a `show`, so :class:`Group` builds the one that runs. Each run gets one :class:`Settings`
(the data file and the :class:`~kzreforms.output.Output`), on Typer's ``ctx.obj``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperGroup

from . import COMPLETE_VAR, PROG
from ._typer_compat import NoArgsIsHelpError, UsageError, build_command, registered_names
from .output import Colour, ExitCode, Output, error, fail, help_colour

commands = typer.Typer()

# Completion: --install-completion and --show-completion as Typer adds them (but built here, at no
# cost to start-up), and the shell's requests, answered by kzreforms/completion.py.
_COMPLETION_FLAGS = ("--install-completion", "--show-completion")
# The top-level options that a command accepts after its name too (`kzreforms list --color never`).
_OUTPUT_OPTIONS = ("color", "no_pager")


def root(help: str, epilog: str) -> typer.Typer:
    """The tool's Typer app, on a :class:`Group`: -h is --help, no arguments print the help, a
    traceback is never shown, and the completion flags are the group's own."""
    return typer.Typer(
        cls=Group,
        name=PROG,
        help=help,
        epilog=epilog,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode="rich",
        context_settings={"help_option_names": ["-h", "--help"]},
    )


class Settings:
    """What the top-level options chose, for every command of this run: the data file and the output."""

    def __init__(self) -> None:
        self.output = Output()
        self.data: Path | None = None


def settings(ctx: typer.Context) -> Settings:
    """This run's settings (a fresh default outside a run, as when a command is called directly)."""
    found = ctx.find_object(Settings)
    return found if found is not None else Settings()


class Group(TyperGroup):
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
            for name, help in registered_helps(commands)
            if name.startswith(incomplete)
        ]

    def list_commands(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        return registered_names(commands)

    def get_command(self, ctx: typer.Context, cmd_name: str) -> Any:  # type: ignore[override]
        if cmd_name not in self.built:
            built = build_command(commands, cmd_name, self.rich_markup_mode)
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
        run = Settings()
        restore_help = help_colour(args, run.output)
        try:
            result = super().main(args, prog_name, complete_var, False, windows_expand_args, obj=run, **extra)
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
            if restore_help is not None:
                restore_help()
        code = result if isinstance(result, int) else ExitCode.OK
        if standalone_mode:
            sys.exit(code)
        return code


def _chose_output(ctx: Any, param: Any, value: Any) -> None:
    """--color or --no-pager given after the command; None or False when it was not."""
    output = settings(ctx).output
    if param.name == "color" and value is not None:
        output.colour = Colour(str(value).lower())
    elif param.name == "no_pager" and value:
        output.pager = False


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
    settings(ctx).output.write(text)
    raise typer.Exit()
