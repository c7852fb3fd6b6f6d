"""Typer's private names that kzreforms relies on, all in kzreforms/_typer_compat.py.

If a new Typer drops or renames one of them, these tests say which, rather than the
command line failing in some odd way.
"""

from __future__ import annotations

import importlib

import typer

from kzreforms import _typer_compat
from kzreforms.cli import commands


def test_typer_still_bundles_click_exceptions_under_a_private_name() -> None:
    try:
        module = importlib.import_module("typer._click.exceptions")
    except ImportError as error:  # pragma: no cover - only with a Typer that changed
        raise AssertionError(
            f"typer {typer.__version__} no longer has typer._click.exceptions ({error}); "
            "update kzreforms/_typer_compat.py"
        ) from None
    for name in ("NoArgsIsHelpError", "UsageError"):
        assert hasattr(module, name), (
            f"typer._click.exceptions has no {name}; update kzreforms/_typer_compat.py"
        )


def test_typer_still_builds_one_command_from_its_info() -> None:
    assert hasattr(typer.main, "get_command_from_info"), (
        "typer.main.get_command_from_info is gone; update kzreforms/_typer_compat.build_command"
    )
    assert hasattr(commands, "registered_commands"), (
        "Typer.registered_commands is gone; update kzreforms/_typer_compat.registered_names"
    )
    names = _typer_compat.registered_names(commands)
    assert names[:3] == ["list", "show", "search"]
    command = _typer_compat.build_command(commands, "show", "rich")
    assert command is not None and command.name == "show"
    assert _typer_compat.build_command(commands, "no-such-command", "rich") is None


def test_the_typer_pin_is_documented_where_it_is_declared() -> None:
    from pathlib import Path

    pyproject = (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    assert '"typer>=0.28,<0.29"' in pyproject
    assert "pydantic" in pyproject  # the reason, beside the pin


def test_typer_still_has_what_completion_uses() -> None:
    """kzreforms/completion.py answers the shells through these (see _typer_compat)."""
    missing = []
    for module_name, names in {
        "typer._completion_classes": ("BashComplete", "ZshComplete", "FishComplete"),
        "typer._completion_shared": ("get_completion_script", "install", "_get_shell_name"),
        "typer._click.shell_completion": ("CompletionItem", "add_completion_class", "get_completion_class"),
        "typer.completion": ("shell_complete",),
    }.items():
        try:
            module = importlib.import_module(module_name)
        except ImportError:  # pragma: no cover - only with a Typer that changed
            missing.append(module_name)
            continue
        missing += [f"{module_name}.{name}" for name in names if not hasattr(module, name)]
    assert not missing, f"typer {typer.__version__} lacks {missing}; update kzreforms/_typer_compat.py"
    # A parameter's own completion is kept in this attribute; completion.attach sets it.
    command = _typer_compat.build_command(commands, "show", "rich")
    assert all(hasattr(param, "_custom_shell_complete") for param in command.params)


def test_the_completion_helpers_work_with_this_typer() -> None:
    helps = dict(_typer_compat.registered_helps(commands))
    assert helps["show"].startswith("Show one reform")
    item = _typer_compat.completion_item("5", "Vote share needed to enter the Mazhilis")
    assert (item.value, item.help) == ("5", "Vote share needed to enter the Mazhilis")
    script = _typer_compat.completion_script("kzreforms", "_KZREFORMS_COMPLETE", "bash")
    assert "complete -o default -F _kzreforms_completion kzreforms" in script
    assert set(_typer_compat.shell_bases()) == {"bash", "zsh", "fish"}
