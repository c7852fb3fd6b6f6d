"""Shell completion for bash, zsh and fish, the way Typer installs it.

``kzreforms --install-completion [SHELL]`` and ``kzreforms --show-completion [SHELL]`` give
Typer's own scripts; the shell then runs ``kzreforms`` with ``_KZREFORMS_COMPLETE`` set, and
:func:`complete` answers. Only that run imports this module: the other commands' start-up
does not change.

Values come from the data in use (``--data``, ``$KZREFORMS_DATA`` or the bundled file), read
through the cache: ids (with their titles as descriptions, where the shell shows them),
topics, statuses and glossary terms. Choices (formats, tables, colours, themes) complete
from their declarations; file names are left to the shell.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from . import COMPLETE_VAR, PROG
from . import _typer_compat as compat

if TYPE_CHECKING:
    import typer

    from .model import Dataset

SHELLS = ("bash", "zsh", "fish")
_DESCRIPTION_LENGTH = 70  # characters of a title shown beside an id


# --------------------------------------------------------------------------------------
# The values
# --------------------------------------------------------------------------------------


def _dataset(ctx: typer.Context) -> Dataset | None:
    """The data in use for the command line being completed, or None if it cannot be read quietly.

    ``--data`` given on the line (before or after the command), else $KZREFORMS_DATA, else the
    bundled file. Standard input (``--data -``) is never read: the shell is waiting on it.
    """
    from . import data

    chosen = None
    context: Any = ctx
    while context is not None and chosen is None:
        chosen = context.params.get("data")
        context = context.parent
    path = data.resolve_path(chosen)
    if str(path) in data.STDIN_NAMES:
        return None
    try:
        return data.load(path)
    except (data.DataError, OSError, ValueError):
        return None


def _described(value: str, description: str | None = None) -> tuple[str, str] | str:
    from .formats import one_line, shorten

    if not description:
        return value
    return (value, shorten(one_line(description), _DESCRIPTION_LENGTH))


def _starting(values: Iterable[tuple[str, str] | str], incomplete: str) -> list[tuple[str, str] | str]:
    """The values that start with what was typed, in any case (Typer keeps those that start with it
    as typed, so a value is given back in the case typed where only the case differs)."""
    folded = incomplete.casefold()
    kept: list[tuple[str, str] | str] = []
    for value in values:
        text = value if isinstance(value, str) else value[0]
        if text.startswith(incomplete):
            kept.append(value)
        elif text.casefold().startswith(folded):
            fixed = incomplete + text[len(incomplete) :]
            kept.append(fixed if isinstance(value, str) else (fixed, value[1]))
    return kept


def ids(ctx: typer.Context, incomplete: str) -> list[tuple[str, str] | str]:
    """Every entry's id, with its title; once a letter is typed, the names that stand for one
    entry (`show kurultai`), with its id and title."""
    dataset = _dataset(ctx)
    if dataset is None:
        return []
    if incomplete and not incomplete[:1].isdigit():
        from collections import Counter

        from .query import names

        # a long title's slug is taken by `show`, but would crowd the shell's list
        named = [(name, r) for r in dataset.reforms for name in names(r) if name.count("-") < 4]
        counts = Counter(name for name, _ in named)
        unique = (_described(name, f"{r.id}. {r.title}") for name, r in named if counts[name] == 1)
        return _starting(unique, incomplete)
    return _starting((_described(str(r.id), r.title) for r in dataset.reforms), incomplete)


def cite_names(ctx: typer.Context, incomplete: str) -> list[tuple[str, str] | str]:
    """Every entry's id (or, once a letter is typed, its names, as for `show`), then every
    source key, each with its title."""
    dataset = _dataset(ctx)
    if dataset is None:
        return []
    values = ids(ctx, incomplete)
    values += _starting(
        (_described(key, source.title) for key, source in dataset.sources.items()), incomplete
    )
    return values


def topics(ctx: typer.Context, incomplete: str) -> list[tuple[str, str] | str]:
    """Every topic, with how many entries have it."""
    dataset = _dataset(ctx)
    if dataset is None:
        return []
    from .formats import entries
    from .query import all_topics

    counts = all_topics(dataset)
    described = (_described(t, entries(len(n))) for t, n in counts.items())
    return _starting(described, incomplete)


def statuses(ctx: typer.Context, incomplete: str) -> list[tuple[str, str] | str]:
    """The statuses an entry may have."""
    from .model import STATUSES

    return _starting(STATUSES, incomplete)


def glossary_terms(ctx: typer.Context, incomplete: str) -> list[tuple[str, str] | str]:
    """Every glossary term, with its meaning."""
    dataset = _dataset(ctx)
    if dataset is None:
        return []
    return _starting((_described(t.term, t.meaning) for t in dataset.glossary), incomplete)


def shells(ctx: typer.Context, incomplete: str) -> list[tuple[str, str] | str]:
    return _starting(SHELLS, incomplete)


def themes(ctx: typer.Context, incomplete: str) -> list[tuple[str, str] | str]:
    from .pictures import THEMES

    return _starting(THEMES, incomplete)


def schemas(ctx: typer.Context, incomplete: str) -> list[tuple[str, str] | str]:
    described = [("data", "the data file (TOML or JSON)"), ("json", "what the commands' --json print")]
    return _starting(described, incomplete)


# --------------------------------------------------------------------------------------
# The shells: Typer's scripts, with values written so that each shell takes them whole
# --------------------------------------------------------------------------------------

_BASH_SPECIAL = re.compile(r"([\s\\'\"`$&|;<>()!*?\[\]{}~#])")


def _help(item: Any) -> str:
    """A completion's description as plain text on one line (Typer would read it as Rich markup)."""
    from .formats import one_line

    return one_line(item.help) if item.help else ""


def _classes() -> dict[str, type]:
    bases: dict[str, Any] = compat.shell_bases()
    bash, zsh, fish = bases["bash"], bases["zsh"], bases["fish"]

    class Bash(bash):  # type: ignore[misc, valid-type]
        def format_completion(self, item: Any) -> str:
            # bash puts each line in place of the word as it is: escape what the shell would split
            return str(_BASH_SPECIAL.sub(r"\\\1", str(item.value)))

    class Zsh(zsh):  # type: ignore[misc, valid-type]
        def format_completion(self, item: Any) -> str:
            # One word of _arguments' ((value:description ...)) list, inside '...' that zsh evals.
            def escape(text: str) -> str:
                text = text.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$").replace("`", "\\`")
                return text.replace("'", "'\\''")

            value = escape(str(item.value)).replace(":", "\\:")
            described = _help(item)
            return f'"{value}":"{escape(described)}"' if described else f'"{value}"'

    class Fish(fish):  # type: ignore[misc, valid-type]
        def format_completion(self, item: Any) -> str:
            described = _help(item).replace("\t", " ")
            return f"{item.value}\t{described}" if described else str(item.value)

    return {"bash": Bash, "zsh": Zsh, "fish": Fish}


def complete(cli: Any, instruction: str) -> int:
    """Answer the shell's request (``complete_bash``, ``complete_zsh``, ``complete_fish``).

    The command line's group calls :func:`attach` on each command it builds meanwhile.
    """
    for name, cls in _classes().items():
        compat.register_shell(name, cls)
    attach(cli)
    return compat.run_completion(cli, PROG, COMPLETE_VAR, instruction)


# The parameters (by name, on any command) whose values come from here; the others complete
# as Click completes them (choices), or as file names (paths).
_VALUES = {
    "reform_id": ids,
    "names": cite_names,
    "topic": topics,
    "status": statuses,
    "term": glossary_terms,
    "install_completion": shells,
    "show_completion": shells,
    "theme": themes,
    "what": schemas,
}


def attach(command: Any) -> None:
    """Give a command's parameters their values: done only when completing, so that building a
    command for an ordinary run costs nothing more."""
    from enum import Enum

    for param in command.params:
        values = _VALUES.get(param.name or "")
        choices = getattr(param.type, "choices", None)
        if values is None and choices and all(isinstance(choice, Enum) for choice in choices):
            # Typer would offer str(choice), 'CiteFormat.csl_json' on Python 3.11+: offer the values.
            values = _choices(tuple(str(choice.value) for choice in choices))
        if values is not None:
            compat.complete_with(param, _items(values))


def _choices(names: tuple[str, ...]) -> Any:
    def values(ctx: typer.Context, incomplete: str) -> list[tuple[str, str] | str]:
        return _starting(names, incomplete)

    return values


def _items(values: Any) -> Any:
    def complete(ctx: Any, param: Any, incomplete: str) -> list[Any]:
        return [
            compat.completion_item(value) if isinstance(value, str) else compat.completion_item(*value)
            for value in values(ctx, incomplete)
        ]

    return complete


# --------------------------------------------------------------------------------------
# --show-completion and --install-completion
# --------------------------------------------------------------------------------------


class ShellError(Exception):
    """A shell that has no completion here, or that could not be detected."""


def _shell(chosen: str) -> str:
    shell = chosen.strip().lower() or compat.detect_shell()
    if not shell:
        raise ShellError(f"cannot tell which shell this is; name it: {', '.join(SHELLS)}")
    if shell not in SHELLS:
        raise ShellError(f"no completion for the shell '{shell}'; there is for {', '.join(SHELLS)}")
    return shell


def script(chosen: str) -> str:
    """The completion script for ``chosen`` (empty: the shell this runs under)."""
    return compat.completion_script(PROG, COMPLETE_VAR, _shell(chosen)) + "\n"


def install(chosen: str) -> str:
    """Install the script for ``chosen`` (empty: this shell); what to tell the user."""
    shell = _shell(chosen)
    path = compat.install_completion(PROG, COMPLETE_VAR, shell)
    return f"{shell} completion installed in {path}; it takes effect in a new shell.\n"
