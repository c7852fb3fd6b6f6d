"""Every private name of Typer that kzreforms uses, in one place.

Typer is pinned ``>=0.28,<0.29`` (0.29 imports pydantic at start-up and doubles it; see
CONTRIBUTING.md). tests/test_typer_compat.py fails with a clear message if a later Typer
drops or renames any of these.
"""

from __future__ import annotations

from typing import Any

import typer
from typer._click import exceptions as click_exceptions  # Typer bundles Click under a private name

NoArgsIsHelpError = click_exceptions.NoArgsIsHelpError
UsageError = click_exceptions.UsageError

__all__ = ["NoArgsIsHelpError", "UsageError", "build_command", "registered_names"]


def registered_names(app: typer.Typer) -> list[str]:
    """The names of the commands registered on ``app``, in order."""
    return [info.name for info in app.registered_commands if info.name]


def build_command(app: typer.Typer, name: str, rich_markup_mode: Any) -> Any:
    """The Click command for one registered command, built now; None if there is no such command."""
    for info in app.registered_commands:
        if info.name == name:
            return typer.main.get_command_from_info(
                info, pretty_exceptions_short=True, rich_markup_mode=rich_markup_mode
            )
    return None
