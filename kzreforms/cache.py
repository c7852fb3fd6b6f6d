"""A private cache of parsed data files, so that a command need not parse TOML every time.

One cache file per data file, in ``$XDG_CACHE_HOME/kzreforms`` (``~/.cache/kzreforms``),
named by a hash of the data file's path. It holds three parts, each written with
:mod:`marshal` (plain tuples, strings and numbers; nothing that can run code when read)
and preceded by its length in 8 bytes:

1. a header: the cache format, the tool's version and the data file's identity (device,
   inode, size, modification and change times in nanoseconds);
2. the dataset;
3. the search index (unpacked only for a search).

A cache file is used only when its header matches the data file as it is now, and only
from a folder and a file that belong to the user and that nobody else can write (never
from a shared or world-writable place). Anything unexpected is a cache miss: the data file
is parsed again and the cache rewritten. ``KZREFORMS_CACHE=off`` turns the cache off.
"""

from __future__ import annotations

import binascii
import marshal
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from . import __version__
from .model import Dataset, Event, Figure, GlossaryTerm, Reform, Step, Threshold

if TYPE_CHECKING:
    from .search import Index

FORMAT = 2
ENV_VAR = "KZREFORMS_CACHE"
Identity = tuple[int, int, int, int, int]


def folder() -> Path | None:
    """The cache folder, created private if missing; None when there is none to trust."""
    if os.environ.get(ENV_VAR, "").strip().lower() in {"off", "0", "no", "false"}:
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if not os.path.isabs(base):
        return None
    path = Path(base) / "kzreforms"
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = path.lstat()
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or not _private(info):
        return None
    return path


def _private(info: os.stat_result) -> bool:
    """Owned by this user and writable by nobody else."""
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def identity(path: Path) -> Identity:
    info = path.stat()
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def _entry(path: Path) -> Path | None:
    where = folder()
    if where is None:
        return None
    # A short name for the path; two paths that share it only take turns in one cache file,
    # since the header inside names the path.
    encoded = os.fsencode(path.resolve())
    return where / f"{binascii.crc32(encoded):08x}{binascii.crc32(encoded[::-1]):08x}.marshal"


def _header(path: Path) -> tuple[Any, ...]:
    return (FORMAT, __version__, str(path.resolve()), identity(path))


def load(
    path: Path, parse: Callable[[Path], Dataset], with_index: bool = False
) -> tuple[Dataset, Index | None]:
    """The dataset (and its search index) of ``path``, from the cache when it is current."""
    entry = _entry(path)
    if entry is not None:
        try:
            cached = _read(entry, _header(path), with_index)
        except OSError:
            cached = None
        if cached is not None:
            return cached
    from .search import build_index

    dataset = parse(path)
    index = build_index(dataset.reforms)
    if entry is not None:
        _write(entry, path, dataset, index)
    return dataset, index


def _frames(content: memoryview) -> list[memoryview]:
    """The parts of a cache file: each is its length (8 bytes, little-endian), then its bytes."""
    frames: list[memoryview] = []
    position = 0
    while position < len(content):
        size = int.from_bytes(content[position : position + 8], "little")
        frames.append(content[position + 8 : position + 8 + size])
        position += 8 + size
    return frames


def _read(entry: Path, header: tuple[Any, ...], with_index: bool) -> tuple[Dataset, Index | None] | None:
    try:
        handle = open(entry, "rb")  # noqa: SIM115 - closed below, after the checks
    except FileNotFoundError:
        return None
    with handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode) or not _private(info):
            return None
        content = memoryview(handle.read())  # the parts are read in place, never copied
    try:
        stored_header, dataset_bytes, index_bytes = _frames(content)
        if marshal.loads(stored_header) != header:
            return None
        dataset = thaw(marshal.loads(dataset_bytes))
        index = _index(marshal.loads(index_bytes)) if with_index else None
    except (EOFError, ValueError, TypeError, IndexError, KeyError):
        return None
    return dataset, index


def _write_part(stream: BinaryIO, value: Any) -> None:
    content = marshal.dumps(value)
    stream.write(len(content).to_bytes(8, "little"))
    stream.write(content)


def _write(entry: Path, path: Path, dataset: Dataset, index: Index) -> None:
    import tempfile

    try:
        handle, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:  # one part in memory at a time
                _write_part(stream, _header(path))
                _write_part(stream, freeze(dataset))
                _write_part(stream, tuple(index))
            os.replace(temporary, entry)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
    except (OSError, ValueError):  # a cache that cannot be written is only a slower next run
        return


def _index(plain: tuple[Any, ...]) -> Index:
    from .search import Index

    return Index(*plain)


def freeze(dataset: Dataset) -> tuple[Any, ...]:
    """The dataset as plain nested tuples, which marshal can write."""
    return (
        tuple(
            (
                r.id, r.kind, r.title, r.before, r.after, r.topics, r.sources, r.before_short,
                r.after_short, r.measures,
                tuple((t.label, t.after, t.unit, t.before, tuple(map(tuple, t.steps)), t.source) for t in r.thresholds),
                tuple(map(tuple, r.figures)),
                tuple(map(tuple, r.events)),
            )
            for r in dataset.reforms
        ),
        tuple(map(tuple, dataset.events)),
        tuple(map(tuple, dataset.glossary)),
    )  # fmt: skip


def _reform(fields: tuple[Any, ...]) -> Reform:
    *head, thresholds, figures, events = fields
    reform_id, kind, title, before, after, topics, sources, before_short, after_short, measures = head
    return Reform(
        reform_id, kind, title, before, after, topics, sources, before_short, after_short, measures,
        tuple(
            Threshold(label, after_value, unit, before_value, tuple(Step(*s) for s in steps), source)
            for label, after_value, unit, before_value, steps, source in thresholds
        ),
        tuple(Figure(*f) for f in figures),
        tuple(Event(*e) for e in events),
    )  # fmt: skip


def thaw(plain: tuple[Any, ...]) -> Dataset:
    """The dataset back from :func:`freeze`'s tuples."""
    reforms, events, glossary = plain
    return Dataset(
        tuple(_reform(fields) for fields in reforms),
        tuple(Event(*e) for e in events),
        tuple(GlossaryTerm(*g) for g in glossary),
    )
