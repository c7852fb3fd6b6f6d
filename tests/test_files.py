"""Writing a file safely (kzreforms/files.py), as README.md ("kzreforms export") and SECURITY.md
("Lost data on export") state it, for every file the tool writes: `export --output`, `--svg`
and `--html`.

- Through a temporary file `.kzreforms-XXXXXXXX.tmp` in the same folder, synced, then renamed
  into place: the file is complete, UTF-8 whatever the locale, its line ends as given. The
  temporary name is short, so any name up to 255 bytes can be written.
- Never a clobber: an existing file is replaced only with --force, and a file that appears
  while the new one is written is not replaced (also on a file system without hard links).
- A replaced file keeps its permissions; a new one gets those the umask allows (not mkstemp's
  0600).
- A write that fails leaves the old file as it was and no temporary file; a folder, a device,
  a missing folder or one that cannot be written in is one error line naming it.
- --force onto a symbolic link replaces the file it points to and keeps the link; a link to a
  device is still refused.
- --svg and --html naming one file, however spelled (a hard link too), are refused before
  anything is written.
- SIGTERM or SIGHUP during a write removes the temporary file and ends with 128 plus the
  signal's number, even right after the file is in place; an ignored signal (nohup) stays
  ignored; the handlers are given back after the write.

Fixed content: tests/data/sample.toml (14 entries).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import signal
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kzreforms import data, files

from .conftest import ROOT, SAMPLE, Run, run

TEMPORARY = re.compile(r"\.kzreforms-[a-z0-9_]{8}\.tmp")


def export_to(target: Path, *args: str) -> Run:
    """`kzreforms --data SAMPLE export ARGS --output TARGET`."""
    return run("--data", str(SAMPLE), "export", *args, "--output", str(target))


def exported(*args: str) -> str:
    """What `kzreforms --data SAMPLE export ARGS` writes to stdout."""
    return run("--data", str(SAMPLE), "export", *args).stdout


def exists(target: Path | str) -> str:
    """The error line for a file that is there already, without --force."""
    return f"kzreforms: error: {target}: already exists (use --force to replace it)\n"


def at_fsync(monkeypatch: pytest.MonkeyPatch, then: Callable[[], object]) -> None:
    """Call ``then`` once the text is synced, while the temporary file exists."""
    sync = os.fsync

    def synced(fd: int) -> None:
        sync(fd)
        then()

    monkeypatch.setattr(os, "fsync", synced)


@contextlib.contextmanager
def handlers(wanted: dict[int, Any]) -> Iterator[None]:
    """The signals set as in a user's shell (SIG_DFL, or SIG_IGN under nohup), whatever runs
    the tests; put back after."""
    before = {number: signal.signal(number, handler) for number, handler in wanted.items()}
    try:
        yield
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)


class Exited(Exception):
    """os._exit, caught: the handler would end the test run itself."""


@pytest.fixture
def exits(monkeypatch: pytest.MonkeyPatch) -> None:
    def exit_now(code: int) -> None:
        raise Exited(code)

    monkeypatch.setattr(os, "_exit", exit_now)


# --------------------------------------------------------------------------------------
# Through a temporary file beside the target
# --------------------------------------------------------------------------------------


def test_an_export_goes_through_a_temporary_file_beside_the_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.toml"
    seen: list[list[str]] = []
    at_fsync(monkeypatch, lambda: seen.append(sorted(os.listdir(tmp_path))))
    result = export_to(target)
    assert (result.code, result.stderr) == (0, f"Wrote 14 entries to {target}\n")
    assert len(seen) == 1 and len(seen[0]) == 1 and TEMPORARY.fullmatch(seen[0][0]), seen
    assert os.listdir(tmp_path) == ["out.toml"]
    assert target.read_text(encoding="utf-8") == exported()


def test_a_temporary_file_has_a_short_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    at_fsync(monkeypatch, lambda: seen.extend(path.name for path in tmp_path.iterdir()))
    files.write_atomic(tmp_path / ("n" * 255), "x")
    (temporary,) = [name for name in seen if name != "n" * 255]
    assert temporary.startswith(".kzreforms-") and len(temporary) < 32


@pytest.mark.parametrize("length", [242, 255])
def test_a_long_legal_file_name_can_be_written(tmp_path: Path, length: int) -> None:
    target = tmp_path / ("e" * (length - len(".toml")) + ".toml")
    assert len(target.name.encode()) == length
    result = export_to(target)
    assert result.code == 0, result.stderr
    assert data.parse(target).reforms


def test_a_long_picture_name_can_be_written(tmp_path: Path) -> None:
    svg, html = tmp_path / ("s" * 251 + ".svg"), tmp_path / ("h" * 250 + ".html")
    result = run("--data", str(SAMPLE), "show", "1", "--svg", str(svg), "--html", str(html))
    assert result.code == 0, result.stderr
    assert svg.read_text(encoding="utf-8").startswith("<svg") and "<html" in html.read_text(encoding="utf-8")
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted([svg.name, html.name])


def test_a_written_file_is_complete_and_exact(tmp_path: Path) -> None:
    target = tmp_path / "exact.csv"
    text = "a,b\r\nline\nbreak,é🙂\r\n" * 1000
    files.write_atomic(target, text)
    assert target.read_bytes() == text.encode("utf-8")  # no newline translation, UTF-8 whatever the locale


def test_a_written_file_is_utf_8_whatever_the_locale(tmp_path: Path) -> None:
    """A locale whose encoding is ASCII (LC_ALL=C without Python's UTF-8 mode) changes nothing."""
    target = tmp_path / "out.md"
    environment = {**os.environ, "LC_ALL": "C", "PYTHONUTF8": "0"}
    process = subprocess.run(
        [sys.executable, "-m", "kzreforms", "--data", str(SAMPLE), "export", "-f", "markdown", "-o", str(target)],
        capture_output=True, text=True, cwd=ROOT, env=environment, timeout=60,
    )  # fmt: skip
    assert (process.returncode, process.stderr) == (0, f"Wrote 14 entries to {target}\n")
    expected = exported("-f", "markdown")
    assert "## Reforms of 2019–2021\n" in expected
    assert target.read_bytes() == expected.encode("utf-8")


# --------------------------------------------------------------------------------------
# Never a clobber: an existing file only with --force
# --------------------------------------------------------------------------------------


def test_force_replaces_the_file_and_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.toml"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o604)
    refused = export_to(target)
    assert (refused.code, refused.stderr) == (1, exists(target))
    assert target.read_text(encoding="utf-8") == "old\n"
    forced = export_to(target, "--force")
    assert forced.code == 0, forced.stderr
    assert target.read_text(encoding="utf-8") == exported()
    assert stat.S_IMODE(target.stat().st_mode) == 0o604
    assert os.listdir(tmp_path) == ["out.toml"]


def test_a_saved_picture_is_never_replaced_without_force(tmp_path: Path) -> None:
    svg = tmp_path / "view.svg"
    svg.write_text("mine", encoding="utf-8")
    result = run("show", "5", "--svg", str(svg))
    assert (result.code, result.stdout) == (1, "")
    assert result.stderr == exists(svg)
    assert svg.read_text(encoding="utf-8") == "mine"
    assert run("show", "5", "--svg", str(svg), "--force").code == 0
    assert svg.read_text(encoding="utf-8").startswith("<svg")


def test_a_file_that_appears_during_the_write_is_not_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "raced.md"
    # The check passes; then another program creates the file before the rename.
    monkeypatch.setattr(
        files, "check_target", lambda path, force=False: target.write_text("theirs", encoding="utf-8")
    )
    with pytest.raises(files.WriteError, match="already exists"):
        files.write_atomic(target, "ours")
    assert target.read_text(encoding="utf-8") == "theirs"
    assert [p.name for p in tmp_path.iterdir()] == ["raced.md"]


def _without_hard_links(monkeypatch: pytest.MonkeyPatch, target: Path, meanwhile: str | None = None) -> None:
    """The target's folder is on a file system without hard links (FAT, some network shares);
    ``meanwhile``: another program creates the target just before it is linked."""
    link = os.link

    def no_link(source: Any, destination: Any, **kwargs: Any) -> None:
        if Path(destination) != target:
            return link(source, destination, **kwargs)
        if meanwhile is not None:
            target.write_text(meanwhile, encoding="utf-8")
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_link)


def test_on_a_file_system_without_hard_links_the_file_is_still_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.toml"
    _without_hard_links(monkeypatch, target)
    result = export_to(target)
    assert (result.code, result.stderr) == (0, f"Wrote 14 entries to {target}\n")
    assert target.read_text(encoding="utf-8") == exported()
    assert os.listdir(tmp_path) == ["out.toml"]


def test_without_hard_links_a_file_that_appeared_meanwhile_is_not_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.toml"
    _without_hard_links(monkeypatch, target, meanwhile="theirs\n")
    result = export_to(target)
    assert (result.code, result.stdout) == (1, "")
    assert result.stderr == exists(target)
    assert target.read_text(encoding="utf-8") == "theirs\n"
    assert os.listdir(tmp_path) == ["out.toml"]


# --------------------------------------------------------------------------------------
# Permissions of a new file
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o002, 0o664), (0o000, 0o666), (0o027, 0o640)])
def test_a_new_file_gets_read_and_write_permissions_as_the_umask_allows(
    tmp_path: Path, umask: int, mode: int
) -> None:
    previous = os.umask(umask)
    try:
        files.write_atomic(tmp_path / "new.md", "# new\n")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "new.md").stat().st_mode) == mode  # not the 0o600 of mkstemp


# --------------------------------------------------------------------------------------
# A failed write: one line, the old file as it was, nothing left behind
# --------------------------------------------------------------------------------------


def test_a_failed_write_leaves_the_old_file_intact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.toml"
    target.write_text("precious", encoding="utf-8")

    def broken_replace(source: str, destination: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    result = export_to(target, "--force")
    assert result.code == 1
    assert result.stderr == f"kzreforms: error: {target}: cannot be written (No space left on device)\n"
    assert target.read_text(encoding="utf-8") == "precious"
    assert [p.name for p in tmp_path.iterdir()] == ["out.toml"]


def test_a_write_that_fails_half_way_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_fsync(handle: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    target = tmp_path / "new.json"
    with pytest.raises(files.WriteError, match=r"new\.json: cannot be written \(Input/output error\)$"):
        files.write_atomic(target, "{}")
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_cannot_be_written_in_gives_one_line_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mkstemp = tempfile.mkstemp

    def refused(*args: Any, **kwargs: Any) -> tuple[int, str]:
        if Path(kwargs["dir"]) == tmp_path:
            raise PermissionError(errno.EACCES, "Permission denied")
        return mkstemp(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    target = tmp_path / "out.toml"
    result = export_to(target)
    assert (result.code, result.stdout) == (1, "")
    assert result.stderr == f"kzreforms: error: {target}: cannot write in {tmp_path} (Permission denied)\n"
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("missing/out.toml", "no such folder: {parent}"),
        (".", "is a folder"),
        ("/dev/null", "not a regular file"),
    ],
)
def test_export_to_an_impossible_place(tmp_path: Path, where: str, message: str) -> None:
    target = tmp_path / where
    result = export_to(target, "--force")
    assert result.code == 1
    assert result.stderr == f"kzreforms: error: {target}: {message.format(parent=target.parent)}\n"


# --------------------------------------------------------------------------------------
# Symbolic links
# --------------------------------------------------------------------------------------


def test_force_onto_a_link_replaces_the_file_it_points_to_and_keeps_the_link(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "out.json"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "out.json"
    link.symlink_to(target)
    refused = export_to(link, "-f", "json")
    assert refused.code == 1 and "already exists" in refused.stderr
    assert export_to(link, "-f", "json", "--force").code == 0
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert json.loads(target.read_text(encoding="utf-8"))["as_of"] == "2026-11-30"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out.json", "real"]
    assert [path.name for path in (tmp_path / "real").iterdir()] == ["out.json"]


def test_force_onto_a_dangling_link_creates_the_file_it_names(tmp_path: Path) -> None:
    link = tmp_path / "out.toml"
    link.symlink_to(tmp_path / "made.toml")
    assert export_to(link).code == 1  # the link exists
    assert export_to(link, "--force").code == 0
    assert link.is_symlink() and data.parse(tmp_path / "made.toml").reforms


def test_force_onto_a_link_to_a_device_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "null"
    link.symlink_to("/dev/null")
    with pytest.raises(files.WriteError, match="not a regular file"):
        files.write_atomic(link, "x", force=True)
    assert link.is_symlink()


# --------------------------------------------------------------------------------------
# --svg and --html: two files, never one
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("spelling", ["{name}", "./{name}", "sub/../{name}", "{folder}/{name}", "link.svg"])
def test_svg_and_html_to_one_file_is_refused_before_anything_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spelling: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    (tmp_path / "link.svg").symlink_to("view.svg")
    other = spelling.format(name="view.svg", folder=tmp_path)
    result = run("--data", str(SAMPLE), "list", "--svg", "view.svg", "--html", other, "--force")
    assert result.code == 2
    assert result.stderr == f"kzreforms: error: --svg and --html name the same file: {Path(other)}\n"
    assert result.stdout == "" and not (tmp_path / "view.svg").exists()


def test_svg_and_html_that_are_hard_links_to_one_file_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "view.svg").write_text("old\n", encoding="utf-8")
    os.link(tmp_path / "view.svg", tmp_path / "view.html")
    result = run("--data", str(SAMPLE), "list", "--svg", "view.svg", "--html", "view.html", "--force")
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == "kzreforms: error: --svg and --html name the same file: view.html\n"
    assert (tmp_path / "view.svg").read_text(encoding="utf-8") == "old\n"


def test_svg_and_html_to_two_files_are_both_written(tmp_path: Path) -> None:
    svg, html = tmp_path / "view.svg", tmp_path / "view.html"
    assert run("--data", str(SAMPLE), "list", "--svg", str(svg), "--html", str(html)).code == 0
    assert svg.exists() and html.exists()


# --------------------------------------------------------------------------------------
# Signals during a write
# --------------------------------------------------------------------------------------


@pytest.mark.usefixtures("exits")
@pytest.mark.parametrize(("name", "status"), [("SIGTERM", 143), ("SIGHUP", 129)])
def test_sigterm_or_sighup_during_a_write_removes_the_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, status: int
) -> None:
    number = getattr(signal, name)
    at_fsync(monkeypatch, lambda: os.kill(os.getpid(), number))
    target = tmp_path / "out.toml"
    with handlers({number: signal.SIG_DFL}):
        with pytest.raises(Exited) as exited:
            files.write_atomic(target, "text\n")
        assert signal.getsignal(number) is signal.SIG_DFL  # the handlers are given back
    assert exited.value.args == (status,)
    assert os.listdir(tmp_path) == []  # neither the temporary file nor a half-written target


# Patches fsync so that the signal arrives while the temporary file exists, then exports.
_SIGNALLED = """
import os, signal, sys
from pathlib import Path
from kzreforms import export, files
number = getattr(signal, sys.argv[2])
signal.signal(number, signal.SIG_DFL)  # as if not started under nohup
def fsync(handle):
    os.kill(os.getpid(), number)
    raise SystemExit("the signal did not end the process")
os.fsync = fsync
files.write_atomic(Path(sys.argv[1]), "x" * 100_000, force=True)
"""


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_a_signal_during_an_export_leaves_no_temporary_file(tmp_path: Path, name: str) -> None:
    target = tmp_path / "out.toml"
    target.write_text("old", encoding="utf-8")
    process = subprocess.run(
        [sys.executable, "-c", _SIGNALLED, str(target), name],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
    )  # fmt: skip
    assert process.returncode == 128 + getattr(signal, name), process.stderr
    assert [path.name for path in tmp_path.iterdir()] == ["out.toml"]
    assert target.read_text(encoding="utf-8") == "old"


@pytest.mark.usefixtures("exits")
def test_a_signal_right_after_the_file_is_in_place_still_ends_with_its_status(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The temporary file is gone by then: nothing to remove, and still 128 + 15."""
    target = tmp_path / "out.toml"
    target.write_text("old\n", encoding="utf-8")
    replace = os.replace

    def replaced_then_signalled(source: Any, destination: Any) -> None:
        replace(source, destination)
        os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(os, "replace", replaced_then_signalled)
    with handlers({signal.SIGTERM: signal.SIG_DFL}), pytest.raises(Exited) as exited:
        files.write_atomic(target, "new\n", force=True)
    assert exited.value.args == (143,)
    assert os.listdir(tmp_path) == ["out.toml"]
    assert target.read_text(encoding="utf-8") == "new\n"


def test_a_write_that_ends_normally_gives_the_signal_handlers_back(tmp_path: Path) -> None:
    before = [signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGHUP)]
    files.write_atomic(tmp_path / "a.md", "# a\n")
    assert [signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGHUP)] == before


def test_an_ignored_signal_stays_ignored_during_a_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`nohup kzreforms export ...`: SIGHUP is ignored, and the export must not end on it."""
    at_fsync(monkeypatch, lambda: os.kill(os.getpid(), signal.SIGHUP))
    with handlers({signal.SIGHUP: signal.SIG_IGN}):
        files.write_atomic(tmp_path / "kept.toml", "text\n")
        assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
    assert (tmp_path / "kept.toml").read_text(encoding="utf-8") == "text\n"


@pytest.mark.parametrize(("caught", "ignored"), [("SIGTERM", "SIGHUP"), ("SIGHUP", "SIGTERM")])
def test_during_a_write_sigterm_and_sighup_are_caught_unless_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caught: str, ignored: str
) -> None:
    """`nohup kzreforms export ...` ignores SIGHUP: it stays ignored; the other is caught, to
    remove the temporary file. Looked at while the file is written, no signal sent."""
    handled, left = getattr(signal, caught), getattr(signal, ignored)

    def now() -> dict[int, Any]:
        return {number: signal.getsignal(number) for number in (handled, left)}

    seen: dict[int, Any] = {}
    at_fsync(monkeypatch, lambda: seen.update(now()))
    with handlers({handled: signal.SIG_DFL, left: signal.SIG_IGN}):
        files.write_atomic(tmp_path / "out.md", "# out\n")
        after = now()
    assert seen[handled] not in (signal.SIG_DFL, signal.SIG_IGN, None) and callable(seen[handled])
    assert seen[left] is signal.SIG_IGN
    assert after == {handled: signal.SIG_DFL, left: signal.SIG_IGN}
