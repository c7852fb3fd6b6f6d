"""Every private name of Typer that kzreforms uses, in one place.

Typer is pinned ``>=0.28,<0.29`` (0.29 imports pydantic at start-up and doubles it; see
CONTRIBUTING.md). tests/test_typer_compat.py fails with a clear message if a later Typer
drops or renames any of these.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer
from typer._click import exceptions as click_exceptions  # Typer bundles Click under a private name

NoArgsIsHelpError = click_exceptions.NoArgsIsHelpError
UsageError = click_exceptions.UsageError

__all__ = [
    "NoArgsIsHelpError",
    "UsageError",
    "build_command",
    "complete_with",
    "completion_item",
    "completion_script",
    "detect_shell",
    "help_console_colour",
    "install_completion",
    "register_shell",
    "registered_helps",
    "registered_names",
    "run_completion",
    "shell_bases",
]


def registered_names(app: typer.Typer) -> list[str]:
    """The names of the commands registered on ``app``, in order."""
    return [info.name for info in app.registered_commands if info.name]


def registered_helps(app: typer.Typer) -> list[tuple[str, str]]:
    """(name, first line of its help) of each command registered on ``app``, without building it."""
    helps = []
    for info in app.registered_commands:
        if info.name:
            text = (
                info.help if isinstance(info.help, str) else (info.callback.__doc__ if info.callback else "")
            )
            helps.append((info.name, (text or "").strip().split("\n", 1)[0]))
    return helps


def build_command(app: typer.Typer, name: str, rich_markup_mode: Any) -> Any:
    """The Click command for one registered command, built now; None if there is no such command."""
    for info in app.registered_commands:
        if info.name == name:
            return typer.main.get_command_from_info(
                info, pretty_exceptions_short=True, rich_markup_mode=rich_markup_mode
            )
    return None


def help_console_colour(color_system: str | None, force_terminal: bool | None) -> Callable[[], None]:
    """Set the colour of the console Typer draws --help with (module settings of ``typer.rich_utils``,
    read when that console is made); what puts Typer's own back."""
    from typer import rich_utils

    saved = rich_utils.COLOR_SYSTEM, rich_utils.FORCE_TERMINAL
    rich_utils.COLOR_SYSTEM, rich_utils.FORCE_TERMINAL = color_system, force_terminal  # type: ignore[assignment]

    def restore() -> None:
        rich_utils.COLOR_SYSTEM, rich_utils.FORCE_TERMINAL = saved

    return restore


# --------------------------------------------------------------------------------------
# Shell completion (imported only when completing, or for --show/--install-completion)
# --------------------------------------------------------------------------------------


def completion_item(value: str, help: str | None = None) -> Any:
    """One completion: a value, and the description zsh and fish show beside it."""
    from typer._click.shell_completion import CompletionItem

    return CompletionItem(value, help=help)


def complete_with(param: Any, complete: Any) -> None:
    """Complete ``param``'s value with ``complete(ctx, param, incomplete)`` -> completion items.

    Click keeps a parameter's own completion in a private attribute; setting it after the
    command is built (only when completing) spares every other run Typer's ``autocompletion``
    wrapping, which inspects the function at each build.
    """
    param._custom_shell_complete = complete


def shell_bases() -> dict[str, type]:
    """Typer's completion classes for bash, zsh and fish (the scripts they answer are Typer's)."""
    from typer import _completion_classes as classes

    return {"bash": classes.BashComplete, "zsh": classes.ZshComplete, "fish": classes.FishComplete}


def register_shell(name: str, cls: type) -> None:
    """Answer the completion requests of shell ``name`` with ``cls``."""
    from typer._click.shell_completion import add_completion_class

    add_completion_class(cls, name)


def run_completion(cli: Any, prog_name: str, complete_var: str, instruction: str) -> int:
    """Answer one completion request (``complete_bash``, …), as Typer does; the exit status."""
    from typer.completion import shell_complete

    return shell_complete(cli, {}, prog_name, complete_var, instruction)


def completion_script(prog_name: str, complete_var: str, shell: str) -> str:
    """The script that a shell sources to complete ``prog_name``: Typer's own."""
    from typer._completion_shared import get_completion_script

    return get_completion_script(prog_name=prog_name, complete_var=complete_var, shell=shell)


def install_completion(prog_name: str, complete_var: str, shell: str) -> Path:
    """Install the script where Typer installs it for ``shell`` (and source it from the shell's rc
    file); the path of the script."""
    from typer._completion_shared import install

    _, path = install(shell=shell, prog_name=prog_name, complete_var=complete_var)
    return path


def detect_shell() -> str | None:
    """The shell this process runs under, as Typer detects it (shellingham); None if unknown."""
    from typer._completion_shared import _get_shell_name

    return _get_shell_name()
