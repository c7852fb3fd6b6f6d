"""A private cache of parsed data files, keyed on their content, so that a command need not parse TOML.

Where: ``$XDG_CACHE_HOME/kzreforms`` (``~/.cache/kzreforms``). Turn it off with
``KZREFORMS_CACHE=off``; clear it by deleting that folder. It never holds more than
:data:`KEEP` files, and a file unused for :data:`MAX_AGE_DAYS` days is removed.

Every command reads the data file's bytes anyway; the cache file's name is a BLAKE2b hash
of those bytes together with the package version, a fingerprint of the code that builds
the cached form and the Python version. So an edit of any kind (same size, restored
modification time, during a parse, on a file system with one-second times) gives another
name, and what was parsed is always what was hashed: file times are never consulted.

A cache file is ``MAGIC``, a BLAKE2b checksum of the rest, then two parts, each its length
(8 bytes, little-endian) and MessagePack bytes: the dataset, then the search index. It is
decoded by msgspec into the declared types, which runs no code and checks every field; a
file whose checksum, length or contents do not match is a miss, rebuilt and never shown.
It is only read from a folder and a file that belong to the user and that nobody else can
write, and only when it is a regular file (a FIFO there is never opened for reading).
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable

try:  # the built-in module itself: importing hashlib would load OpenSSL, a few ms at every start
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__

if TYPE_CHECKING:
    from .model import Dataset
    from .search import Index

MAGIC = b"kzrcache3"
ENV_VAR = "KZREFORMS_CACHE"
KEEP = 32
MAX_AGE_DAYS = 30
_CHECKSUM = 32
# The modules whose code decides what is cached: a change to any of them is a new key.
_CODE = (
    "model.py",
    "validation.py",
    "search.py",
    "words.py",
    "texts.py",
    "cite.py",
    "formats.py",
    "cache.py",
    "data.py",
    "synonyms.toml",
)  # tests/test_cache.py checks that every module loaded while building the cached form is here


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


_fingerprint: bytes | None = None


def code_fingerprint() -> bytes:
    """A hash of the code that builds the cached form, with the package and Python versions."""
    global _fingerprint
    if _fingerprint is None:
        here = Path(__file__).resolve().parent
        digest = blake2b(f"{MAGIC!r} {__version__} {sys.version}".encode(), digest_size=16)
        for name in _CODE:
            digest.update((here / name).read_bytes())
        _fingerprint = digest.digest()
    return _fingerprint


def key(raw: bytes) -> str:
    """The cache file's name for a data file's bytes."""
    return blake2b(raw, digest_size=20, key=code_fingerprint()).hexdigest() + ".msgpack"


def load(
    raw: bytes,
    path: Path,
    parse: Callable[[bytes, Path], Dataset],
    with_index: bool = False,
    use_cache: bool = True,
) -> tuple[Dataset, Index | None]:
    """The dataset (and its search index) of a data file's bytes ``raw``, read from ``path``: from the
    cache when it has them (never when not ``use_cache``, as for standard input), else parsed and cached."""
    where = folder() if use_cache else None
    entry = None if where is None else where / key(raw)
    if entry is not None:
        cached = _read(entry, with_index)
        if cached is not None:
            return cached
    from .search import build_index

    dataset = parse(raw, path)
    index = build_index(dataset)
    if entry is not None:
        _write(entry, dataset, index)
    return dataset, index


def _read(entry: Path, with_index: bool) -> tuple[Dataset, Index | None] | None:
    """The cached parts, or None for a miss: absent, not ours, not a regular file, or damaged."""
    try:
        # Non-blocking and not through a link: a FIFO planted there must not hang the command.
        handle = os.open(entry, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    info = os.fstat(handle)  # before fdopen, which refuses a folder with an error of its own
    if not stat.S_ISREG(info.st_mode) or not _private(info):
        os.close(handle)
        return None
    with os.fdopen(handle, "rb") as stream:
        content = memoryview(stream.read())  # the parts are read in place, never copied
        decoded = _decode(content, with_index)
        if decoded is not None:
            os.utime(stream.fileno())  # used now: pruning goes by the time of last use
    return decoded


def _decode(content: memoryview, with_index: bool) -> tuple[Dataset, Index | None] | None:
    from ._msgspec import msgspec
    from .model import Dataset

    head = len(MAGIC) + _CHECKSUM
    if content[: len(MAGIC)] != MAGIC or len(content) < head:
        return None
    if blake2b(content[head:], digest_size=_CHECKSUM).digest() != content[len(MAGIC) : head]:
        return None
    parts: list[memoryview] = []
    position = head
    while position + 8 <= len(content) and len(parts) < 2:
        size = int.from_bytes(content[position : position + 8], "little")
        parts.append(content[position + 8 : position + 8 + size])
        position += 8 + size
    if len(parts) != 2 or position != len(content):
        return None
    try:
        dataset = msgspec.msgpack.decode(parts[0], type=Dataset)
        index = None
        if with_index:
            from .search import Index

            index = msgspec.msgpack.decode(parts[1], type=Index)
    except msgspec.DecodeError:  # a checksum collision is all but impossible; stay safe anyway
        return None
    return dataset, index


def encode(dataset: Dataset, index: Index) -> bytes:
    """A cache file's whole content."""
    from ._msgspec import msgspec

    body = bytearray()
    for part in (msgspec.msgpack.encode(dataset), msgspec.msgpack.encode(index)):
        body += len(part).to_bytes(8, "little") + part
    return MAGIC + blake2b(body, digest_size=_CHECKSUM).digest() + bytes(body)


def _write(entry: Path, dataset: Dataset, index: Index) -> None:
    import tempfile

    try:
        handle, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(encode(dataset, index))
            os.replace(temporary, entry)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        prune(entry.parent, keep=entry.name)
    except (OSError, ValueError):  # a cache that cannot be written is only a slower next run
        return


def prune(where: Path, keep: str = "") -> None:
    """Remove cache files unused for MAX_AGE_DAYS days, the oldest past the KEEP newest, and
    temporary files that a killed run left behind."""
    import time

    files: list[tuple[float, Path]] = []
    for path in where.iterdir():
        if path.name == keep or not path.name.endswith((".msgpack", ".tmp", ".marshal")):
            continue
        try:
            files.append((path.lstat().st_mtime, path))
        except OSError:
            continue
    files.sort(reverse=True)
    now = time.time()
    too_old = now - MAX_AGE_DAYS * 86_400
    for number, (used, path) in enumerate(files, start=1):
        # A temporary file an hour old was left by a run that was killed while writing it.
        abandoned = path.name.endswith(".tmp") and used < now - 3_600
        if used < too_old or number >= KEEP or abandoned:
            try:
                path.unlink()
            except OSError:
                continue
