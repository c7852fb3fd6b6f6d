"""Promises a user cannot see at a glance, each as README.md states it (found by scripts/mutation).

(Writing a file is in test_files.py.)
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest

from kzreforms import _entry

# --------------------------------------------------------------------------------------
# Standard output and error (README, "Output"; kzreforms/_entry.py)
# --------------------------------------------------------------------------------------

SGR_RED, SGR_END = "\x1b[1;31m", "\x1b[0m"
LINK = "\x1b]8;id=7;https://example.org\x1b\\"
LINK_END = "\x1b]8;;\x1b\\"


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("word   \n", "word\n"),
        ("a,b\r\n", "a,b\r\n"),  # CSV's line ends stay as written: only spaces go
        ("tab\t\n", "tab\t\n"),
        ("x" + " " * 3 + SGR_END + "\n", "x" + SGR_END + "\n"),
        (f"x {SGR_RED}  {SGR_END} \n", f"x{SGR_RED}{SGR_END}\n"),
        (f"{SGR_END}   \n", f"{SGR_END}\n"),  # a colour code at the start of the line
        ("x \x1b[38:5:1m \n", "x\x1b[38:5:1m\n"),  # colons, as some terminals write them
        ("x \x1b[1xm \n", "x \x1b[1xm\n"),  # not a colour code: kept, with the space before it
        ("rhythm \n", "rhythm\n"),  # ends in m, with no escape at all
        (f"{LINK}title{LINK_END}   \n", f"{LINK}title{LINK_END}\n"),
        (f"{LINK}title {LINK_END}  \n", f"{LINK}title{LINK_END}\n"),
        (f"{LINK}t{LINK_END} {LINK}u {LINK_END} \n", f"{LINK}t{LINK_END} {LINK}u{LINK_END}\n"),
        (f"a {SGR_RED}\x1b]8;;\x1b[0m\x1b\\ \n", f"a {SGR_RED}\x1b]8;;\x1b[0m\x1b\\\n"),  # not a link end
        ("tab\t  \n", "tab\t\n"),  # only spaces go, not other white space
        (f"tab\t {SGR_END} \n", f"tab\t{SGR_END}\n"),
        ("MAX  \n", "MAX\n"),
        (f"X {SGR_END}\n", f"X{SGR_END}\n"),
        ("x \x1b[1Xm \n", "x \x1b[1Xm\n"),  # a letter among the numbers: not a colour code
        ("x \x1b[x1m \n", "x \x1b[x1m\n"),
        ("a \x1b]8;;\x1b\x1b\\ \n", "a \x1b]8;;\x1b\x1b\\\n"),  # an escape inside: not a link end
    ],
)
def test_no_line_of_text_output_ends_in_spaces_and_escape_codes_stay(written: str, shown: str) -> None:
    assert _entry.strip_trailing_spaces(written) == shown


def test_stderr_that_is_closed_or_full_drops_the_message(tmp_path: Path) -> None:
    closed = open(tmp_path / "err", "w")  # noqa: SIM115 - closed below, as a closed stderr is
    closed.close()
    quiet = _entry._Quiet(closed)
    assert quiet.write("kzreforms: error: x\n") == len("kzreforms: error: x\n")
    quiet.flush()
    full = open("/dev/full", "w")  # noqa: SIM115 - closed below
    try:
        quiet = _entry._Quiet(full)
        quiet.write("x" * 10)
        quiet.flush()  # ENOSPC, dropped
        assert quiet.closed is False  # anything else is the stream's own
    finally:
        with contextlib.suppress(OSError):  # what it holds cannot be written either
            full.close()


def test_a_closed_standard_descriptor_is_plugged_with_dev_null() -> None:
    # A descriptor above free ones, so that /dev/null opens elsewhere and is moved onto it.
    low, high = os.dup(0), 100
    os.close(low)
    try:
        _entry._plug(high)
        assert os.readlink(f"/proc/self/fd/{high}") == os.devnull
        assert not os.path.exists(f"/proc/self/fd/{low}")  # and nothing else is left open
    finally:
        os.close(high)
