"""Reading a data file: TOML -> validated models, and models -> plain records.

Every problem with a data file becomes a :class:`DataError` whose message is one line
naming the file and the line and column (TOML syntax) or the entry and field (schema).
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from .model import Dataset
    from .search import Index

ENV_VAR = "KZREFORMS_DATA"


class DataError(Exception):
    """A data file that cannot be used; ``problems`` holds one line per problem found."""

    def __init__(self, problems: list[str]) -> None:
        from .formats import one_line

        # Keys, values and file names in a message come from outside: one line each, always.
        self.problems = [one_line(problem) for problem in problems]
        super().__init__(self.problems[0])

    def __str__(self) -> str:
        first = self.problems[0]
        more = len(self.problems) - 1
        if more:
            return f"{first} (and {more} more {'problem' if more == 1 else 'problems'})"
        return first


class UnreadableFile(DataError):
    """A data file that cannot be opened at all: missing, a folder, no permission."""


def bundled_path() -> Path:
    """The data shipped with the package: inside it when installed, beside it in a checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "data" / "reforms.toml"
    if installed.is_file():
        return installed
    return here.parent / "data" / "reforms.toml"


def resolve_path(option: str | os.PathLike[str] | None) -> Path:
    """The data file to use: the --data option, else $KZREFORMS_DATA, else the bundled data."""
    if option:
        return Path(option)
    from_env = os.environ.get(ENV_VAR)
    if from_env:
        return Path(from_env)
    return bundled_path()


def read_text(path: Path) -> str:
    """The file's text, or a DataError that says in one line why it cannot be read."""
    try:
        # Non-blocking, so that opening a FIFO does not wait for a writer; then only a regular
        # file is read (a FIFO or a device such as /dev/zero could be read forever).
        with os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as stream:
            kind = os.fstat(stream.fileno()).st_mode
            if stat.S_ISDIR(kind):
                raise IsADirectoryError
            if not stat.S_ISREG(kind):
                raise UnreadableFile([f"{path}: not a regular file"])
            raw = stream.read()
    except FileNotFoundError:
        raise UnreadableFile([f"{path}: no such file"]) from None
    except IsADirectoryError:
        raise UnreadableFile([f"{path}: is a folder, not a data file"]) from None
    except PermissionError:
        raise UnreadableFile([f"{path}: permission denied"]) from None
    except OSError as error:
        raise UnreadableFile([f"{path}: cannot be read ({error.strerror or error})"]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        column = len(raw[line_start : error.start].decode("utf-8", "replace")) + 1
        raise DataError(
            [f"{path}:{line}:{column}: not valid UTF-8 (byte 0x{raw[error.start]:02x})"]
        ) from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise DataError([f"{path}: the file is empty"])
    return text


def parse_toml(text: str, path: Path) -> dict[str, Any]:
    """Parse TOML with the fastest parser at hand; a syntax error names file, line and column."""
    import tomli  # compiled, and faster than the standard library's tomllib

    try:
        return tomli.loads(text)
    except RecursionError as error:  # arrays or tables nested hundreds deep
        raise DataError([f"{path}: TOML syntax error: {str(error).splitlines()[0]}"]) from None
    except tomli.TOMLDecodeError as error:
        message = str(error).splitlines()[0]
        position = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
        if position:
            line, column = position.groups()
            message = message[: position.start()]
            raise DataError([f"{path}:{line}:{column}: TOML syntax error: {message}"]) from None
        message = re.sub(r"\s*\(at end of document\)$", "", message)
        line, column = text.count("\n") + 1, len(text) - text.rfind("\n")
        raise DataError([f"{path}:{line}:{column}: TOML syntax error: {message}"]) from None


def parse(path: Path) -> Dataset:
    """Read, parse and validate a data file."""
    from .schema import build

    return build(parse_toml(read_text(path), path), str(path))


def load(path: Path) -> Dataset:
    """The dataset of a data file, from the cache when the file has not changed."""
    from . import cache

    return _readable(path, lambda: cache.load(path, parse)[0])


def load_for_search(path: Path) -> tuple[Dataset, Index]:
    """The dataset and its search index, from the cache when the file has not changed."""
    from . import cache

    def both() -> tuple[Dataset, Index]:
        dataset, index = cache.load(path, parse, with_index=True)
        assert index is not None  # asked for with_index
        return dataset, index

    return _readable(path, both)


_T = TypeVar("_T")


def _readable(path: Path, read: Callable[[], _T]) -> _T:
    """``read()``, with the file's own problems (missing, a folder, …) reported as DataError."""
    try:
        return read()
    except OSError:
        read_text(path)  # raises the DataError that names the problem
        raise
