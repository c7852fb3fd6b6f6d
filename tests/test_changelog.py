"""CHANGELOG.md and `kzreforms --version` agree."""

from __future__ import annotations

import re

from kzreforms import __version__

from .conftest import ROOT


def test_the_newest_changelog_entry_is_this_version() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    versions = re.findall(r"^## \[(\d+\.\d+\.\d+)\] - \d{4}-\d{2}-\d{2}$", changelog, re.MULTILINE)
    assert versions, "no release headings"
    assert versions[0] == __version__
    assert versions == sorted(versions, key=lambda v: tuple(map(int, v.split("."))), reverse=True)
