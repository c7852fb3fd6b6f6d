"""The private cache of parsed data: used only when current and trusted, never a source of errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from kzreforms import cache, data

from .conftest import ROOT, run

ONE = """\
[[reforms]]
id = 1
kind = "package"
title = "First title"
before = "Old."
after = "New."
topics = ["elections"]
sources = ["Notes"]
"""


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "cache-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home / "kzreforms"


@pytest.fixture
def own(tmp_path: Path) -> Path:
    path = tmp_path / "mine.toml"
    path.write_text(ONE, encoding="utf-8")
    return path


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.marshal"))


def test_a_load_writes_a_private_cache_that_the_next_load_reads(cache_home: Path, own: Path) -> None:
    first = data.load(own)
    (entry,) = entries(cache_home)
    assert cache_home.stat().st_mode & 0o777 == 0o700
    assert entry.stat().st_mode & 0o077 == 0
    calls: list[Path] = []
    assert cache.load(own, lambda path: calls.append(path) or data.parse(path))[0] == first
    assert calls == []  # served from the cache


def test_a_changed_file_is_parsed_again(cache_home: Path, own: Path) -> None:
    assert data.load(own).reforms[0].title == "First title"
    own.write_text(ONE.replace("First title", "Second title"), encoding="utf-8")
    assert data.load(own).reforms[0].title == "Second title"
    assert len(entries(cache_home)) == 1  # one cache file per data file, rewritten


def test_a_damaged_cache_file_is_a_miss(cache_home: Path, own: Path) -> None:
    data.load(own)
    (entry,) = entries(cache_home)
    for garbage in (b"", b"\x00\x01garbage", entry.read_bytes()[:-10]):
        entry.write_bytes(garbage)
        entry.chmod(0o600)
        assert data.load(own).reforms[0].title == "First title"


def test_a_cache_file_others_can_write_is_never_read(cache_home: Path, own: Path) -> None:
    data.load(own)
    (entry,) = entries(cache_home)
    entry.chmod(0o666)
    calls: list[Path] = []
    cache.load(own, lambda path: calls.append(path) or data.parse(path))
    assert calls == [own]


def test_a_cache_folder_others_can_write_is_not_used(cache_home: Path, own: Path) -> None:
    cache_home.mkdir(parents=True)
    cache_home.chmod(0o777)
    assert cache.folder() is None
    data.load(own)
    assert entries(cache_home) == []


def test_a_relative_cache_home_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    assert cache.folder() is None


def test_the_cache_can_be_turned_off(cache_home: Path, own: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KZREFORMS_CACHE", "off")
    assert data.load(own).reforms[0].title == "First title"
    assert not cache_home.exists()


def test_a_cache_that_cannot_be_written_only_costs_speed(
    cache_home: Path, own: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    def full(*args: object, **kwargs: object) -> tuple[int, str]:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tempfile, "mkstemp", full)
    assert data.load(own).reforms[0].title == "First title"
    assert entries(cache_home) == []


def test_the_cache_round_trips_the_bundled_data(cache_home: Path) -> None:
    bundled = data.bundled_path()
    assert cache.thaw(cache.freeze(data.parse(bundled))) == data.parse(bundled)
    data.load(bundled)
    assert data.load(bundled) == data.parse(bundled)


def test_the_search_index_comes_from_the_cache_too(cache_home: Path) -> None:
    path = ROOT / "data" / "reforms.toml"
    first = run("search", "quota", "--json").stdout
    assert entries(cache_home)
    assert run("search", "quota", "--json").stdout == first
    _, index = data.load_for_search(path)
    assert index.vocabulary and "quota" in index.vocabulary
