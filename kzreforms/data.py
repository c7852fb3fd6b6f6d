"""Reading a data file: TOML -> validated models, and models -> plain records.

Every problem with a data file becomes a :class:`DataError` whose message is one line
naming the file and the line and column (TOML syntax) or the entry and field (schema).
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import DataError, UnreadableFile

if TYPE_CHECKING:
    from .model import Dataset
    from .search import Index

__all__ = ["DataError", "UnreadableFile", "bundled_path", "load", "load_for_search", "parse", "resolve_path"]

ENV_VAR = "KZREFORMS_DATA"
MAX_DATA_VAR = "KZREFORMS_MAX_DATA"


# Limits (SECURITY.md): past these a file is refused at once, not ground through.
MAX_FILE_BYTES = 128 * 1024 * 1024  # the default; $KZREFORMS_MAX_DATA (in MiB) sets another
STDIN_NAMES = ("-", "/dev/stdin")


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


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or an UnreadableFile that says in one line why they cannot be read.

    ``-`` (or /dev/stdin) is standard input. Anything else must be a regular file: a FIFO or
    a device such as /dev/zero could be read for ever.
    """
    if str(path) in STDIN_NAMES:
        import sys

        limit = max_file_bytes()
        return _within_limit(sys.stdin.buffer.read(limit + 1), path, limit)
    limit = max_file_bytes()
    try:
        # Non-blocking, so that opening a FIFO does not wait for a writer.
        with os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as stream:
            kind = os.fstat(stream.fileno()).st_mode
            if stat.S_ISDIR(kind):
                raise IsADirectoryError
            if not stat.S_ISREG(kind):
                raise UnreadableFile([f"{path}: not a regular file"])
            raw = stream.read(limit + 1)
    except FileNotFoundError:
        dangling = os.path.islink(path)
        raise UnreadableFile(
            [f"{path}: {'a link to a missing file' if dangling else 'no such file'}"]
        ) from None
    except IsADirectoryError:
        raise UnreadableFile([f"{path}: is a folder, not a data file"]) from None
    except PermissionError:
        raise UnreadableFile([f"{path}: permission denied"]) from None
    except OSError as error:
        reason = _REASONS.get(error.errno or 0, error.strerror or str(error))
        raise UnreadableFile([f"{path}: cannot be read ({reason})"]) from None
    except ValueError:  # a NUL byte in the name
        raise UnreadableFile([f"{path}: not a valid file name"]) from None
    return _within_limit(raw, path, limit)


def max_file_bytes() -> int:
    """The most bytes a data file may have: $KZREFORMS_MAX_DATA MiB, else MAX_FILE_BYTES."""
    setting = os.environ.get(MAX_DATA_VAR, "").strip()
    if not setting:
        return MAX_FILE_BYTES
    if not setting.isascii() or not setting.isdigit() or int(setting) == 0:
        raise DataError(
            [
                f"{MAX_DATA_VAR}={setting!r}: give the most a data file may be as a whole number of MiB, such as 512"
            ]
        )
    return int(setting) * 1024 * 1024


_REASONS = {
    errno.ELOOP: "a loop of symbolic links",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.ENAMETOOLONG: "the name is too long",
}


def _within_limit(raw: bytes, path: Path, limit: int) -> bytes:
    if len(raw) > limit:
        mebibytes, rest = divmod(limit, 1024 * 1024)
        most = f"{mebibytes:,} MiB" if mebibytes and not rest else f"{limit:,} bytes"
        raise DataError(
            [
                f"{path}: larger than {most}, the most a data file may be ({MAX_DATA_VAR} sets the limit in MiB)"
            ]
        )
    return raw


def decode(raw: bytes, path: Path) -> str:
    """The text of a data file, which must be UTF-8; a BOM is dropped."""
    wide = _wide_encoding(raw)
    if wide:
        raise DataError([f"{path}: encoded as {wide}; save it as UTF-8"])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        column = len(raw[line_start : error.start].decode("utf-8", "replace")) + 1
        raise DataError(
            [
                f"{path}:{line}:{column}: not valid UTF-8 (byte 0x{raw[error.start]:02x}); save the file as UTF-8"
            ]
        ) from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise DataError([f"{path}: the file is empty"])
    return text


def _wide_encoding(raw: bytes) -> str | None:
    """'UTF-16' or 'UTF-32' for text in those encodings, with or without a byte-order mark.

    Without a mark, it is the NUL bytes that tell: a data file starts with ASCII (a key, a
    table or a comment), which UTF-16 and UTF-32 write with one or three NUL bytes beside it.
    """
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    head = raw[:256]
    if b"\x00" not in head:
        return None
    quads = [head[at : at + 4] for at in range(0, len(head) - 3, 4)]
    if quads and (
        sum(quad[1:] == b"\0\0\0" for quad in quads) * 2 > len(quads)
        or sum(quad[:3] == b"\0\0\0" for quad in quads) * 2 > len(quads)
    ):
        return "UTF-32"
    pairs = [head[at : at + 2] for at in range(0, len(head) - 1, 2)]
    if pairs and (
        sum(pair[1] == 0 for pair in pairs) * 2 > len(pairs)
        or sum(pair[0] == 0 for pair in pairs) * 2 > len(pairs)
    ):
        return "UTF-16"
    return None


def parse_json(text: str, path: Path) -> dict[str, Any]:
    """A data file written as JSON (what `export --format json` writes)."""
    import json

    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise DataError([f"{path}:{error.lineno}:{error.colno}: JSON syntax error: {error.msg}"]) from None
    except RecursionError:
        raise DataError([f"{path}: JSON syntax error: nested too deeply"]) from None
    except ValueError:  # an integer of thousands of digits (Python's limit on int())
        raise DataError([_too_many_digits(text, path)]) from None
    if not isinstance(document, dict):
        raise DataError([f"{path}: the JSON document must be an object"])
    return document


def parse_toml(text: str, path: Path) -> dict[str, Any]:
    """Parse TOML with the fastest parser at hand; a syntax error names file, line and column."""
    import tomli  # compiled, and faster than the standard library's tomllib

    try:
        return tomli.loads(text)
    except RecursionError as error:  # arrays or tables nested hundreds deep
        raise DataError([f"{path}: TOML syntax error: {str(error).splitlines()[0]}"]) from None
    except tomli.TOMLDecodeError as error:
        message = str(error).splitlines()[0]
    except ValueError:  # an integer of thousands of digits (Python's limit on int())
        raise DataError([_too_many_digits(text, path)]) from None
    position = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
    if position:
        line, column = position.groups()
        message = message[: position.start()]
    else:
        message = re.sub(r"\s*\(at end of document\)$", "", message)
        line, column = str(text.count("\n") + 1), str(len(text) - text.rfind("\n"))
    raise DataError([f"{path}:{line}:{column}: TOML syntax error: {message}"])


def _too_many_digits(text: str, path: Path) -> str:
    """The line for an integer too long for Python to read, at its line and column when found."""
    import sys

    limit = sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else 4300
    reason = f"a number has more than {limit:,} digits; numbers may be at most 10^15"
    # A number, not digits in a string: after '=', ':', ',' or '[' and blanks.
    found = re.search(rf"(?:^|[=:,\[])[ \t]*[+-]?([0-9][0-9_]{{{limit},}})", text, re.MULTILINE)
    if found is None:
        return f"{path}: {reason}"
    start = found.start(1)
    line = text.count("\n", 0, start) + 1
    column = start - text.rfind("\n", 0, start)
    return f"{path}:{line}:{column}: {reason}"


def parse_document(text: str, path: Path) -> dict[str, Any]:
    """TOML, or JSON when the document starts with "{" (a TOML file never does)."""
    if text.lstrip().startswith("{"):
        return parse_json(text, path)
    return parse_toml(text, path)


def parse_bytes(raw: bytes, path: Path, strict: bool = False) -> Dataset:
    """Decode, parse and validate the bytes of a data file (``strict``: as `validate` does)."""
    from .validation import build

    return build(parse_document(decode(raw, path), path), str(path), strict)


def parse(path: Path, strict: bool = False) -> Dataset:
    """Read, parse and validate a data file; ``strict`` also refuses an entry without an
    ``in_force`` date, as `kzreforms validate` does (the other commands read such a file)."""
    return parse_bytes(read_bytes(path), path, strict)


def check(path: Path) -> tuple[Dataset | None, list[str]]:
    """A data file checked (`kzreforms validate`): its dataset and no problems, or None and every
    problem found, one line each; stricter than reading it (an entry needs an ``in_force`` date).
    Raises UnreadableFile for a file that cannot be read at all."""
    try:
        return parse(path, strict=True), []
    except UnreadableFile:
        raise
    except DataError as problem:
        return None, problem.problems


def load(path: Path) -> Dataset:
    """The dataset of a data file, from the cache when it holds this content."""
    from . import cache

    return cache.load(read_bytes(path), path, parse_bytes, use_cache=str(path) not in STDIN_NAMES)[0]


def load_for_search(path: Path) -> tuple[Dataset, Index]:
    """The dataset and its search index, from the cache when it holds this content."""
    from . import cache

    raw = read_bytes(path)
    dataset, index = cache.load(
        raw, path, parse_bytes, with_index=True, use_cache=str(path) not in STDIN_NAMES
    )
    assert index is not None  # asked for with_index
    return dataset, index
