"""What `kzreforms export` and `thresholds --csv` promise, as README.md states them (found by scripts/mutation).

Markdown ("kzreforms export", `--format markdown`): every entry with its status, other names,
topics, legal basis, before and after (with the short form when there is one), thresholds
with the values on the way, figures with their dates, each fact with its numbered sources,
then the context and every source with its address; text shown as written, its line breaks
kept and its indentation dropped; an address stays one link, whatever it holds; an empty
export says "No entries."; a field added to the entries is listed without a change to the
exporter ("Why msgspec").

CSV: `to_csv` writes the entries unless asked for another table; `thresholds --csv` leaves
`change` and `change_unit` empty where there is nothing to compare, and keeps one slot in
`step_dates` for a step without a date.

Writing a file: a new file gets the permissions the umask allows (0644 under the usual 022);
the file is UTF-8 whatever the locale; a folder that cannot be written in, or a file system
without hard links, gives one error line or a complete file, never a clobbered one; `--svg`
and `--html` naming one file through a hard link are refused; SIGTERM and SIGHUP are caught
during a write unless ignored, and a signal right after the file is in place still ends
with 128 plus its number.
"""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import msgspec
import pytest

from kzreforms import export, files
from kzreforms.model import Dataset, Reform, Source

from .conftest import ROOT, SAMPLE, make_dataset, make_reform, run

# One entry with every part the Markdown lays out: two other names, two laws, a before with
# two lines (the second indented) and no short form, a threshold with a dated step and one
# with neither date nor sources, a threshold with nothing to compare, a dated figure, an
# address with characters a Markdown link cannot hold, and context citing two sources.
EVERY_PART = r"""
as_of = "2026-11-30"

[sources.article]
kind = "article"
title = "The article"
url = "https://example.org/a<b>c\u200e"

[sources.law]
kind = "law"
title = "On parties"
author = "Parliament"
date = "2020-05-25"
law_number = "333-VI"
language = "en"
url = "https://example.org/law"

[[reforms]]
id = 1
period = "2019-2021"
title = "Registering a party"
aliases = ["party law", "law on parties"]
status = "in force"
topics = ["elections", "political parties"]
legal_basis = ["Law No. 333-VI", "Constitution, Art. 5"]

[reforms.before]
text = "A party needed 40,000 members.\n   Each branch needed 600."
sources = ["article"]

[reforms.after]
text = "A party needs 5,000 members."
short = "5,000 members"
sources = ["article", "law"]

[[reforms.thresholds]]
label = "Members needed"
before = 40000
after = 5000
unit = "members"
sources = ["article"]

[[reforms.thresholds.steps]]
value = 20000
date = "2020-05"
sources = ["law"]

[[reforms.thresholds.steps]]
value = 10000

[[reforms.thresholds]]
label = "Members of a new branch"
after = 100
unit = "members"
sources = ["law"]

[[reforms.figures]]
label = "Parties registered"
value = 7
unit = "parties"
date = "2023-03"
sources = ["law"]

[[context]]
date = "2022-01"
text = "Protests."
sources = ["article", "law"]
"""

ARTICLE_LINK = "<https://example.org/a%3Cb%3Ec%3CU+200E%3E>"
EVERY_PART_MARKDOWN = f"""\
# Kazakhstan's political reforms since 2019

Data as of 30 Nov 2026 (schema version 2).

## Reforms of 2019–2021

### 1. Registering a party

- Status: in force
- Also known as: party law; law on parties
- Topics: elections, political parties
- Legal basis: Law No. 333-VI; Constitution, Art. 5
- **Before**: A party needed 40,000 members.{"  "}
Each branch needed 600. [1]
- **After** (5,000 members): A party needs 5,000 members. [1][2]

Thresholds:

- Members needed: 40,000 → 5,000 members (−87.5%) [1]; on the way: 20,000 members (May 2020) [2], 10,000 members
- Members of a new branch: none → 100 members [2]

Figures:

- Parties registered: 7 parties (Mar 2023) [2]

Sources:

1. "The article" (article; key `article`), {ARTICLE_LINK}
2. Parliament, "On parties", 25 May 2020, No. 333-VI (law, en; key `law`), <https://example.org/law>

## Context

- Jan 2022: Protests. (sources: `article`, `law`)

## All sources

- `article`: "The article" (article; key `article`), {ARTICLE_LINK}
- `law`: Parliament, "On parties", 25 May 2020, No. 333-VI (law, en; key `law`), <https://example.org/law>
"""


@pytest.fixture
def every_part(tmp_path: Path) -> Path:
    path = tmp_path / "every.toml"
    path.write_text(EVERY_PART, encoding="utf-8")
    return path


# --------------------------------------------------------------------------------------
# Markdown
# --------------------------------------------------------------------------------------


def test_markdown_lays_out_every_part_of_an_entry_with_its_numbered_sources(every_part: Path) -> None:
    result = run("--data", str(every_part), "export", "--format", "markdown")
    assert (result.code, result.stderr) == (0, "")
    assert result.stdout == EVERY_PART_MARKDOWN


@pytest.mark.parametrize(
    ("url", "link"),
    [
        ("https://example.org/a<b>c", "<https://example.org/a%3Cb%3Ec>"),
        ("https://example.org/a b", "<https://example.org/a%20b>"),  # data built in Python, unchecked
        ("https://example.org/\u200f", "<https://example.org/%3CU+200F%3E>"),
    ],
)
def test_a_markdown_address_stays_one_link_whatever_it_holds(url: str, link: str) -> None:
    dataset = make_dataset(sources={"src": Source(kind="article", title="A source", url=url)})
    assert export.to_markdown(dataset).splitlines()[-1] == f'- `src`: "A source" (article; key `src`), {link}'


def test_a_line_break_written_crlf_is_one_markdown_break(tmp_path: Path) -> None:
    """A text may hold "\\r\\n" (a TOML or JSON escape): Markdown shows a break, with no stand-in."""
    path = tmp_path / "crlf.json"
    document = msgspec.json.encode(
        msgspec.to_builtins(make_dataset(make_reform(before="First line.\r\nSecond line.")))
    )
    path.write_bytes(document)
    result = run("--data", str(path), "export", "--format", "markdown")
    assert (result.code, result.stderr) == (0, "")
    assert "First line.  \nSecond line." in result.stdout
    assert "␍" not in result.stdout
    # A carriage return alone is still shown, as everywhere else.
    assert "a␍b" in export.to_markdown(make_dataset(make_reform(after="a\rb")))


def test_a_markdown_export_of_no_entries_says_so_and_still_lists_the_sources() -> None:
    assert export.to_markdown(make_dataset()) == (
        "# Kazakhstan's political reforms since 2019\n"
        "\n"
        "Data as of 30 Nov 2026 (schema version 2).\n"
        "\n"
        "No entries.\n"
        "\n"
        "## All sources\n"
        "\n"
        '- `src`: "A source" (article; key `src`)\n'
    )


class _ReformWithNotes(Reform, frozen=True, kw_only=True):
    """An entry as it would be with a new field declared in model.py."""

    notes: tuple[str, ...] = ()


def test_a_field_added_to_the_entries_is_listed_in_the_markdown_as_written() -> None:
    plain = msgspec.structs.asdict(make_reform())
    reform = _ReformWithNotes(**plain, notes=("Counted by hand", "see *annex*"))
    lines = export.to_markdown(make_dataset(reform)).splitlines()
    after = lines.index("- **After**: The new rule. [1]")
    assert lines[after + 1 : after + 3] == [r"- notes: Counted by hand; see \*annex\*", ""]


# --------------------------------------------------------------------------------------
# CSV
# --------------------------------------------------------------------------------------

ENTRY_COLUMNS = (
    "id,period,title,aliases,status,in_force,replaced_by,topics,legal_basis,before.text,before.short,"
    "before.sources,after.text,after.short,after.sources,thresholds,figures,measures,events,assessments,as_of"
)


def test_to_csv_without_a_table_writes_the_entries(sample: Dataset) -> None:
    written = export.to_csv(sample)
    assert written.startswith(ENTRY_COLUMNS + "\r\n1,2019-2021,Peaceful assembly by notification,")
    # the test runner's stdout reads CRLF as LF
    assert written.splitlines() == run("--data", str(SAMPLE), "export", "--format", "csv").stdout.splitlines()


def test_thresholds_csv_leaves_the_change_empty_and_keeps_a_slot_for_an_undated_step(
    every_part: Path,
) -> None:
    result = run("--data", str(every_part), "thresholds", "--csv")
    assert (result.code, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [  # CRLF line ends, read as LF by the test runner
        "reform,reform_title,label,before,after,unit,change,change_unit,steps,step_dates,sources,as_of",
        "1,Registering a party,Members needed,40000,5000,members,-87.5,%,20000; 10000,2020-05; ,article,2026-11-30",
        "1,Registering a party,Members of a new branch,,100,members,,,,,law,2026-11-30",
    ]


# --------------------------------------------------------------------------------------
# Writing a file
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o002, 0o664), (0o000, 0o666)])
def test_a_new_file_gets_read_and_write_permissions_as_the_umask_allows(
    tmp_path: Path, umask: int, mode: int
) -> None:
    previous = os.umask(umask)
    try:
        files.write_atomic(tmp_path / "new.md", "# new\n")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "new.md").stat().st_mode) == mode


def test_a_written_file_is_utf_8_whatever_the_locale(tmp_path: Path) -> None:
    """A locale whose encoding is ASCII (LC_ALL=C without Python's UTF-8 mode) changes nothing."""
    target = tmp_path / "out.md"
    environment = {**os.environ, "LC_ALL": "C", "PYTHONUTF8": "0"}
    process = subprocess.run(
        [sys.executable, "-m", "kzreforms", "--data", str(SAMPLE), "export", "-f", "markdown", "-o", str(target)],
        capture_output=True, text=True, cwd=ROOT, env=environment, timeout=60,
    )  # fmt: skip
    assert (process.returncode, process.stderr) == (0, f"Wrote 14 entries to {target}\n")
    expected = run("--data", str(SAMPLE), "export", "-f", "markdown").stdout
    assert "## Reforms of 2019–2021\n" in expected
    assert target.read_bytes() == expected.encode("utf-8")


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
    result = run("--data", str(SAMPLE), "export", "--output", str(target))
    assert (result.code, result.stdout) == (1, "")
    assert result.stderr == f"kzreforms: error: {target}: cannot write in {tmp_path} (Permission denied)\n"
    assert os.listdir(tmp_path) == []


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
    result = run("--data", str(SAMPLE), "export", "--output", str(target))
    assert (result.code, result.stderr) == (0, f"Wrote 14 entries to {target}\n")
    assert target.read_text(encoding="utf-8") == run("--data", str(SAMPLE), "export").stdout
    assert os.listdir(tmp_path) == ["out.toml"]


def test_without_hard_links_a_file_that_appeared_meanwhile_is_not_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.toml"
    _without_hard_links(monkeypatch, target, meanwhile="theirs\n")
    result = run("--data", str(SAMPLE), "export", "--output", str(target))
    assert (result.code, result.stdout) == (1, "")
    assert result.stderr == f"kzreforms: error: {target}: already exists (use --force to replace it)\n"
    assert target.read_text(encoding="utf-8") == "theirs\n"
    assert os.listdir(tmp_path) == ["out.toml"]


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


class Exited(Exception):
    """os._exit, caught: the handler would end the test run itself."""


@pytest.mark.parametrize(("caught", "ignored"), [("SIGTERM", "SIGHUP"), ("SIGHUP", "SIGTERM")])
def test_during_a_write_sigterm_and_sighup_are_caught_unless_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caught: str, ignored: str
) -> None:
    """`nohup kzreforms export ...` ignores SIGHUP: it stays ignored; the other is caught, to
    remove the temporary file. Looked at while the file is written, no signal sent."""
    handled, left = getattr(signal, caught), getattr(signal, ignored)
    before = {handled: signal.signal(handled, signal.SIG_DFL), left: signal.signal(left, signal.SIG_IGN)}
    seen: dict[int, Any] = {}
    sync = os.fsync

    def look(fd: int) -> None:
        seen.update({number: signal.getsignal(number) for number in before})
        sync(fd)

    monkeypatch.setattr(os, "fsync", look)
    try:
        files.write_atomic(tmp_path / "out.md", "# out\n")
        after = {number: signal.getsignal(number) for number in before}
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)
    assert seen[handled] not in (signal.SIG_DFL, signal.SIG_IGN, None) and callable(seen[handled])
    assert seen[left] is signal.SIG_IGN
    assert after == {handled: signal.SIG_DFL, left: signal.SIG_IGN}


def test_a_signal_right_after_the_file_is_in_place_still_ends_with_its_status(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The temporary file is gone by then: nothing to remove, and still 128 + 15."""
    before = signal.signal(signal.SIGTERM, signal.SIG_DFL)
    target = tmp_path / "out.toml"
    target.write_text("old\n", encoding="utf-8")
    replace = os.replace

    def replaced_then_signalled(source: Any, destination: Any) -> None:
        replace(source, destination)
        os.kill(os.getpid(), signal.SIGTERM)

    def exit_now(code: int) -> None:
        raise Exited(code)

    monkeypatch.setattr(os, "_exit", exit_now)
    monkeypatch.setattr(os, "replace", replaced_then_signalled)
    try:
        with pytest.raises(Exited) as exited:
            files.write_atomic(target, "new\n", force=True)
    finally:
        signal.signal(signal.SIGTERM, before)
    assert exited.value.args == (143,)
    assert os.listdir(tmp_path) == ["out.toml"]
    assert target.read_text(encoding="utf-8") == "new\n"
