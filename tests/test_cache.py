"""The cache of parsed data: what it serves is always what the data file says now.

Each test checks one guarantee of kzreforms/cache.py and fails when that guarantee is
taken out. The cache is used as commands use it, through ``data.load`` and
``data.load_for_search``, or through the command line, with XDG_CACHE_HOME in tmp_path.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import msgspec
import pytest

from kzreforms import cache, data, search
from kzreforms.model import Dataset

from .conftest import ONE_ENTRY, ROOT, SAMPLE, data_file, run

ONE = (
    ONE_ENTRY
    + """
[[reforms.thresholds]]
label = "Members needed to register a party"
before = 40000
after = 5000
unit = "members"
sources = ["article"]
"""
)
# The same file edited without changing its size: 40,000 became 90,000.
EDITED = ONE.replace("40,000", "90,000").replace("40000", "90000")
SHOWN = "• Members needed to register a party: 40,000 → 5,000 members (−87.5%) [1]"
SHOWN_EDITED = "• Members needed to register a party: 90,000 → 5,000 members (−94.4%) [1]"


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The cache folder of these tests: $XDG_CACHE_HOME/kzreforms, not yet created."""
    home = tmp_path / "cache-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home / "kzreforms"


@pytest.fixture
def own(tmp_path: Path) -> Path:
    """conftest's data file of the user's own, with one entry, and a threshold in it."""
    return data_file(tmp_path, ONE)


def cache_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.msgpack"))


def show(path: Path) -> str:
    """The threshold line of `kzreforms --data PATH show 1`."""
    result = run("--data", str(path), "show", "1")
    assert (result.code, result.stderr) == (0, "")
    (line,) = [line for line in result.stdout.splitlines() if line.startswith("• Members")]
    return line


def cached_form(raw: bytes) -> bytes:
    """What a cache file for these bytes of a data file must hold: their parse, and its index."""
    dataset = data.parse_bytes(raw, Path("x.toml"))
    return cache.encode(dataset, search.build_index(dataset))


def planted(dataset: Dataset) -> bytes:
    """A well-formed cache file, checksum and all, that holds other content than the data file."""
    other = dataset.with_reforms(
        tuple(msgspec.structs.replace(reform, title="Planted title") for reform in dataset.reforms)
    )
    return cache.encode(other, search.build_index(other))


def give_away(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``path`` another user's, as if they had put it there. Root gives it away for real;
    anyone else makes it look so: a folder, by running as another user (os.getuid); a file, as
    os.fstat reports it (the folder stays ours)."""
    if os.geteuid() == 0:
        os.chown(path, 12345, 12345, follow_symlinks=False)
    elif path.is_dir():
        uid = os.getuid()
        monkeypatch.setattr(os, "getuid", lambda: uid + 1)
    else:
        inode, fstat = path.stat().st_ino, os.fstat

        def foreign(fd: int) -> os.stat_result:
            info = fstat(fd)
            if info.st_ino != inode:
                return info
            fields = list(info)
            fields[4] = info.st_uid + 1  # st_uid
            times = ("st_atime", "st_mtime", "st_ctime", "st_atime_ns", "st_mtime_ns", "st_ctime_ns")
            return os.stat_result(fields, {name: getattr(info, name) for name in times})

        monkeypatch.setattr(os, "fstat", foreign)


def plant(entry: Path, content: bytes, mode: int = 0o600) -> None:
    entry.write_bytes(content)
    entry.chmod(mode)


# --------------------------------------------------------------------------------------
# It is used, and private
# --------------------------------------------------------------------------------------


def test_a_second_run_reads_the_cache_and_does_not_parse(
    cache_home: Path, own: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = data.load(own)
    (entry,) = cache_files(cache_home)
    assert entry.name == cache.key(own.read_bytes())

    def no_parse(raw: bytes, path: Path) -> Dataset:
        raise AssertionError("parsed although the cache holds this content")

    monkeypatch.setattr(data, "parse_bytes", no_parse)
    assert data.load(own) == first
    assert show(own) == SHOWN


def test_the_cache_folder_and_its_files_are_private(cache_home: Path, own: Path) -> None:
    data.load(own)
    assert cache_home.stat().st_mode & 0o777 == 0o700
    (entry,) = cache_files(cache_home)
    assert entry.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("how", ["group-writable", "world-writable", "another user's", "a symlink"])
def test_a_cache_folder_that_is_not_private_is_not_used(
    cache_home: Path, own: Path, tmp_path: Path, how: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    data.load(own)  # a cache file with a planted content waits in the folder
    (entry,) = cache_files(cache_home)
    plant(entry, planted(data.parse(own)))
    if how == "a symlink":
        moved = tmp_path / "elsewhere"
        cache_home.rename(moved)
        cache_home.symlink_to(moved)
    else:
        cache_home.chmod({"group-writable": 0o770, "world-writable": 0o777}.get(how, 0o700))
        if how == "another user's":
            give_away(cache_home, monkeypatch)
    assert cache.folder() is None
    assert data.load(own).reforms[0].title == "Registering a party"
    assert entry.read_bytes() == planted(data.parse(own))  # neither read nor rewritten


def test_a_relative_cache_home_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    assert cache.folder() is None


@pytest.mark.parametrize("value", ["off", "OFF", "0", "no", "false"])
def test_kzreforms_cache_off_neither_reads_nor_writes_a_cache(
    cache_home: Path, own: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    data.load(own)
    (entry,) = cache_files(cache_home)
    plant(entry, planted(data.parse(own)))
    assert data.load(own).reforms[0].title == "Planted title"  # proof that the plant would be served

    monkeypatch.setenv("KZREFORMS_CACHE", value)
    assert data.load(own).reforms[0].title == "Registering a party"
    other = own.with_name("other.toml")
    other.write_text(EDITED, encoding="utf-8")
    assert show(other) == SHOWN_EDITED
    assert cache_files(cache_home) == [entry]  # nothing written


def test_a_cache_that_cannot_be_written_only_costs_speed(
    cache_home: Path, own: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    def full(*args: object, **kwargs: object) -> tuple[int, str]:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tempfile, "mkstemp", full)
    assert show(own) == SHOWN
    assert cache_files(cache_home) == []


def test_a_cache_file_that_cannot_be_put_in_place_leaves_nothing_behind(
    cache_home: Path, own: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(source: str, target: Path) -> None:
        raise OSError(5, "Input/output error")

    with monkeypatch.context() as broken:
        broken.setattr(os, "replace", failing)
        assert show(own) == SHOWN
    assert list(cache_home.iterdir()) == []  # the temporary file is removed
    assert show(own) == SHOWN
    assert cache_files(cache_home) == [cache_home / cache.key(own.read_bytes())]


# --------------------------------------------------------------------------------------
# It is keyed on the content, and on the code that built it
# --------------------------------------------------------------------------------------


def test_an_edit_of_the_same_size_with_the_time_restored_is_seen(cache_home: Path, own: Path) -> None:
    assert show(own) == SHOWN
    before = own.stat()
    own.write_text(EDITED, encoding="utf-8")
    os.utime(own, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = own.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert show(own) == SHOWN_EDITED


def test_an_edit_made_during_the_parse_is_seen_by_the_next_run(
    cache_home: Path, own: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old, new = ONE.encode(), EDITED.encode()
    parse = data.parse_bytes

    def parse_while_the_file_is_saved(raw: bytes, path: Path) -> Dataset:
        own.write_bytes(new)  # an editor saves the file while this run parses it
        return parse(raw, path)

    monkeypatch.setattr(data, "parse_bytes", parse_while_the_file_is_saved)
    assert show(own) == SHOWN  # this run shows what it read
    monkeypatch.setattr(data, "parse_bytes", parse)

    assert show(own) == SHOWN_EDITED  # the next run shows the file as saved
    assert show(own) == SHOWN_EDITED  # and so does the one after, from the cache
    # Each cache file holds the parse of the very bytes its name was made from.
    assert {entry.name: entry.read_bytes() for entry in cache_files(cache_home)} == {
        cache.key(old): cached_form(old),
        cache.key(new): cached_form(new),
    }


@pytest.mark.parametrize("change", ["package version", "code", "Python version"])
def test_a_cache_written_by_another_version_is_not_used(
    cache_home: Path, own: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    data.load(own)
    ours = cache.key(own.read_bytes())
    # What another kzreforms, or the same one under another Python, would have written.
    with monkeypatch.context() as other:
        other.setattr(cache, "_fingerprint", None)
        if change == "package version":
            other.setattr(cache, "__version__", "0.1.0")
        elif change == "Python version":
            other.setattr(sys, "version", "3.99.0 (main) [a Python of its own]")
        else:
            other.setattr(cache, "_CODE", tuple(name for name in cache._CODE if name != "search.py"))
        theirs = cache.key(own.read_bytes())
        plant(cache_home / theirs, planted(data.parse(own)))
    assert theirs != ours
    (cache_home / ours).unlink()
    assert data.load(own).reforms[0].title == "Registering a party"
    assert (cache_home / ours).read_bytes() == cached_form(own.read_bytes())


# --------------------------------------------------------------------------------------
# A damaged or untrusted cache file is a miss, rebuilt and never shown
# --------------------------------------------------------------------------------------


def test_a_changed_byte_in_the_cache_file_is_never_shown(cache_home: Path, own: Path) -> None:
    assert show(own) == SHOWN
    (entry,) = cache_files(cache_home)
    good = entry.read_bytes()
    # 40,000 becomes 90,000 in the text, and 40000 (MessagePack 0xcd 0x9c40) becomes 60000.
    assert b"40,000" in good and good.count(b"\xcd\x9c\x40") == 1
    plant(entry, good.replace(b"40,000", b"90,000").replace(b"\xcd\x9c\x40", b"\xcd\xea\x60"))
    assert show(own) == SHOWN
    assert entry.read_bytes() == good  # rebuilt


def test_any_flipped_bit_in_the_cache_file_is_a_miss(cache_home: Path) -> None:
    expected = data.parse(SAMPLE)
    data.load(SAMPLE)
    (entry,) = cache_files(cache_home)
    good = entry.read_bytes()
    for position in range(0, len(good), max(1, len(good) // 150)):
        damaged = bytearray(good)
        damaged[position] ^= 1 << (position % 8)
        plant(entry, bytes(damaged))
        assert data.load_for_search(SAMPLE)[0] == expected, position
        assert entry.read_bytes() == good, position


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda good: b"", id="empty"),
        pytest.param(lambda good: b"\x00\x01 not a cache file", id="garbage"),
        pytest.param(lambda good: cache.MAGIC, id="only the magic"),
        pytest.param(lambda good: good[: len(cache.MAGIC) + 32], id="only the checksum"),
        pytest.param(lambda good: good + b"\x00", id="a byte too many"),
        pytest.param(lambda good: b"kzrcache2" + good[9:], id="an older format"),
    ],
)
def test_a_corrupt_cache_file_is_a_miss(cache_home: Path, own: Path, damage: object) -> None:
    assert callable(damage)
    assert show(own) == SHOWN
    (entry,) = cache_files(cache_home)
    good = entry.read_bytes()
    plant(entry, damage(good))
    assert show(own) == SHOWN
    assert entry.read_bytes() == good


@pytest.mark.parametrize("keep", [1, 10, 0.5, -10, -1])
def test_a_truncated_cache_file_is_a_miss(cache_home: Path, own: Path, keep: float) -> None:
    assert show(own) == SHOWN
    (entry,) = cache_files(cache_home)
    good = entry.read_bytes()
    plant(entry, good[: int(len(good) * keep) if isinstance(keep, float) else keep])
    assert show(own) == SHOWN
    assert entry.read_bytes() == good


@pytest.mark.parametrize("how", ["group-writable", "world-writable", "another user's"])
def test_a_cache_file_planted_by_someone_else_is_not_read(
    cache_home: Path, own: Path, how: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    data.load(own)
    (entry,) = cache_files(cache_home)
    plant(entry, planted(data.parse(own)))
    assert data.load(own).reforms[0].title == "Planted title"  # proof that the plant would be served
    if how == "another user's":
        give_away(entry, monkeypatch)
    else:
        entry.chmod(0o664 if how == "group-writable" else 0o606)
    assert data.load(own).reforms[0].title == "Registering a party"
    assert entry.read_bytes() == cached_form(own.read_bytes())  # replaced by our own
    assert entry.stat().st_uid == os.getuid() and entry.stat().st_mode & 0o777 == 0o600


def test_a_symlink_at_the_cache_path_is_not_followed(cache_home: Path, own: Path, tmp_path: Path) -> None:
    data.load(own)
    (entry,) = cache_files(cache_home)
    target = tmp_path / "target.msgpack"
    plant(target, planted(data.parse(own)))
    entry.unlink()
    entry.symlink_to(target)
    assert data.load(own).reforms[0].title == "Registering a party"
    assert not entry.is_symlink()
    assert target.read_bytes() == planted(data.parse(own))  # the link's target is left alone


def test_a_folder_at_the_cache_path_is_a_miss(cache_home: Path, own: Path) -> None:
    cache_home.mkdir(parents=True, mode=0o700)
    entry = cache_home / cache.key(own.read_bytes())
    entry.mkdir()
    assert show(own) == SHOWN
    assert show(own) == SHOWN  # and again: the folder is neither read nor replaced
    assert entry.is_dir() and sorted(path.name for path in cache_home.iterdir()) == [entry.name]


def test_a_fifo_at_the_cache_path_does_not_hang(cache_home: Path, own: Path) -> None:
    cache_home.mkdir(parents=True, mode=0o700)
    entry = cache_home / cache.key(own.read_bytes())
    os.mkfifo(entry, 0o600)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "kzreforms", "--data", str(own), "show", "1"],
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=20,
            env={**os.environ, "COLUMNS": "80"},
            cwd=ROOT,
            check=False,
        )
    except subprocess.TimeoutExpired:  # the command was killed
        pytest.fail("a FIFO at the cache path hangs the command")
    assert (result.returncode, result.stderr) == (0, "")
    assert SHOWN in result.stdout.splitlines()
    assert entry.is_file()  # replaced by a cache file (reading a FIFO would hang the test)
    assert entry.read_bytes() == cached_form(own.read_bytes())


# --------------------------------------------------------------------------------------
# The search index is cached too
# --------------------------------------------------------------------------------------


def test_the_search_index_comes_from_the_cache(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    index = search.build_index(data.parse(SAMPLE))
    first = run("--data", str(SAMPLE), "search", "quota", "--json")
    assert first.code == 0 and '"id": 3' in first.stdout

    def no_index(dataset: Dataset) -> search.Index:
        raise AssertionError("the search index was built again although the cache holds it")

    monkeypatch.setattr(search, "build_index", no_index)
    assert run("--data", str(SAMPLE), "search", "quota", "--json") == first
    assert data.load_for_search(SAMPLE) == (data.parse(SAMPLE), index)


# --------------------------------------------------------------------------------------
# It does not grow without bound
# --------------------------------------------------------------------------------------


def age(path: Path, days: float) -> None:
    when = time.time() - days * 86_400
    os.utime(path, (when, when), follow_symlinks=False)


def test_the_cache_keeps_at_most_keep_files_the_most_recently_used(cache_home: Path, own: Path) -> None:
    cache_home.mkdir(parents=True, mode=0o700)
    # KEEP + 10 cache files of other data files, used one hour apart, the first most recently.
    others = [cache_home / f"{number:040x}.msgpack" for number in range(cache.KEEP + 10)]
    for hours, path in enumerate(others, start=1):
        path.write_bytes(b"other")
        age(path, hours / 24)
    unrelated = cache_home / "notes.txt"
    unrelated.write_text("not a cache file", encoding="utf-8")
    data.load(own)
    ours = cache_home / cache.key(own.read_bytes())
    assert cache_files(cache_home) == sorted([ours, *others[: cache.KEEP - 1]])
    assert unrelated.exists()


def test_a_cache_file_unused_for_max_age_days_is_removed(cache_home: Path, own: Path) -> None:
    cache_home.mkdir(parents=True, mode=0o700)
    fresh, stale = cache_home / f"{1:040x}.msgpack", cache_home / f"{2:040x}.msgpack"
    leftover = cache_home / ".abc123.tmp"  # left by a run that was killed while writing
    for path, days in ((fresh, cache.MAX_AGE_DAYS - 1), (stale, cache.MAX_AGE_DAYS + 1), (leftover, 2)):
        path.write_bytes(b"other")
        age(path, days)
    data.load(own)
    assert fresh.exists() and not stale.exists()
    assert not leftover.exists()


def test_reading_a_cache_file_counts_as_using_it(cache_home: Path, own: Path, tmp_path: Path) -> None:
    data.load(own)
    ours = cache_home / cache.key(own.read_bytes())
    age(ours, cache.MAX_AGE_DAYS - 1)
    data.load(own)  # read from the cache: used today
    assert time.time() - ours.stat().st_mtime < 3_600
    age(ours, 0)
    other = tmp_path / "other.toml"
    other.write_text(EDITED, encoding="utf-8")
    for path in cache_files(cache_home):
        if path != ours:
            path.unlink()
    data.load(other)  # a write prunes: ours, used today, stays
    assert ours.exists()


def test_a_cache_file_is_written_under_a_hidden_temporary_name_in_its_folder(
    cache_home: Path, own: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Written whole, then renamed into place within the folder (atomic); what a run killed
    while writing leaves behind is a hidden .NAME.tmp there, which a later write removes."""
    renames: list[tuple[Path, Path]] = []
    rename = os.replace

    def recorded(source: str, target: Path) -> None:
        renames.append((Path(source), Path(target)))
        rename(source, target)

    with monkeypatch.context() as watching:
        watching.setattr(os, "replace", recorded)
        data.load(own)
    ((temporary, entry),) = renames
    assert entry == cache_home / cache.key(own.read_bytes())
    assert temporary.parent == cache_home
    assert temporary.name.startswith(".") and temporary.name.endswith(".tmp")
    temporary.write_bytes(b"half a cache file")  # as a run killed while writing it left it
    age(temporary, 2 / 24)
    other = tmp_path / "other.toml"
    other.write_text(EDITED, encoding="utf-8")
    data.load(other)
    assert not temporary.exists()
    assert cache_files(cache_home) == sorted([entry, cache_home / cache.key(other.read_bytes())])


def test_pruning_goes_by_the_clock_to_the_second(
    cache_home: Path, own: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache_home.mkdir(parents=True, mode=0o700)
    now = float(int(time.time()))
    month = cache.MAX_AGE_DAYS * 86_400
    unused_for = {  # seconds since last use, and whether the file stays
        f"{1:040x}.msgpack": (month - 15, True),  # 15 seconds short of MAX_AGE_DAYS
        f"{2:040x}.msgpack": (month + 15, False),  # 15 seconds past it
        ".left.tmp": (3_600.5, False),  # left by a run killed half a second more than an hour ago
        ".slow.tmp": (3_600 - 60, True),  # a run that has been writing for 59 minutes
        ".now.tmp": (0, True),  # a run writing at this moment
    }
    for name, (seconds, _) in unused_for.items():
        (cache_home / name).write_bytes(b"other")
        os.utime(cache_home / name, (now - seconds, now - seconds))
    monkeypatch.setattr(time, "time", lambda: now)
    data.load(own)
    kept = {name for name, (_, stays) in unused_for.items() if stays}
    assert {path.name for path in cache_home.iterdir()} == {*kept, cache.key(own.read_bytes())}


def test_cache_files_of_the_older_marshal_format_are_pruned_too(cache_home: Path, own: Path) -> None:
    cache_home.mkdir(parents=True, mode=0o700)
    stale, fresh = cache_home / f"{1:040x}.marshal", cache_home / f"{2:040x}.marshal"
    for path, days in ((stale, cache.MAX_AGE_DAYS + 1), (fresh, 1)):
        path.write_bytes(b"marshal data of an older kzreforms")
        age(path, days)
    data.load(own)
    assert fresh.exists() and not stale.exists()


def test_what_cannot_be_removed_does_not_stop_the_pruning(cache_home: Path, own: Path) -> None:
    cache_home.mkdir(parents=True, mode=0o700)
    stuck = cache_home / f"{1:040x}.msgpack"
    stuck.mkdir()  # a folder: unlink fails
    age(stuck, cache.MAX_AGE_DAYS + 1)
    older = [cache_home / f"{number:040x}.msgpack" for number in range(2, 5)]
    for days, path in enumerate(older, start=cache.MAX_AGE_DAYS + 2):
        path.write_bytes(b"other")
        age(path, days)
    data.load(own)
    assert cache_files(cache_home) == sorted([stuck, cache_home / cache.key(own.read_bytes())])


def test_a_file_another_run_removes_while_this_one_prunes_does_not_stop_the_pruning(
    cache_home: Path, own: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache_home.mkdir(parents=True, mode=0o700)
    stale = [cache_home / f"{number:040x}.msgpack" for number in range(1, 5)]
    for path in stale:
        path.write_bytes(b"other")
        age(path, cache.MAX_AGE_DAYS + 1)
    lstat = Path.lstat
    gone: list[Path] = []

    def racing(path: Path) -> os.stat_result:
        if path.parent == cache_home and not gone:
            path.unlink()  # the first file this run looks at is removed by another run
            gone.append(path)
        return lstat(path)

    monkeypatch.setattr(Path, "lstat", racing)
    data.load(own)
    assert len(gone) == 1
    assert cache_files(cache_home) == [cache_home / cache.key(own.read_bytes())]


def test_without_xdg_cache_home_the_cache_is_in_the_home_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache.folder() == tmp_path / ".cache" / "kzreforms"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/folder")  # not absolute: no cache at all
    assert cache.folder() is None


# Loaded while the cached form is built, yet not deciding it: the package's version is in the key
# already, _msgspec only imports msgspec, and errors holds the messages of refused files.
NOT_IN_THE_CACHED_FORM = {"__init__.py", "_msgspec.py", "errors.py"}


def test_every_module_that_builds_the_cached_form_is_in_its_key() -> None:
    """A module added to parsing or indexing changes the key when it changes: none is missed by hand."""
    script = (
        "import sys\n"
        "from kzreforms import cache, data, search\n"
        "dataset = data.parse(data.bundled_path())\n"
        "cache.encode(dataset, search.build_index(dataset))\n"
        "print('\\n'.join(sorted(getattr(m, '__file__', '') or '' for n, m in sys.modules.items()"
        " if n == 'kzreforms' or n.startswith('kzreforms.'))))\n"
    )
    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    names = {Path(line).name for line in loaded.stdout.split()} - NOT_IN_THE_CACHED_FORM
    assert names and names <= set(cache._CODE), sorted(names - set(cache._CODE))
    assert all((Path(cache.__file__).parent / name).is_file() for name in cache._CODE)
