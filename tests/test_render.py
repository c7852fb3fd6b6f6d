"""Rendering at fixed widths: nothing wider than the terminal, no number broken, data never markup."""

from __future__ import annotations

import re

import pytest

from kzreforms import formats, render
from kzreforms.model import Dataset, Reform, Threshold
from kzreforms.search import search

from .conftest import render as render_text

NUMBERS = re.compile(r"[−+]?\d[\d,.]*%?")


def numbers_in(text: str) -> list[str]:
    return NUMBERS.findall(text)


@pytest.mark.parametrize("width", [40, 60, 80, 120])
def test_show_fits_every_width_and_keeps_every_number(bundled: Dataset, width: int) -> None:
    for reform in bundled.reforms:
        output = render_text(render.reform_detail(reform), width)
        assert max(len(line) for line in output.splitlines()) <= width
        flat = " ".join(output.split())
        for threshold in reform.thresholds:
            assert formats.threshold_text(threshold) in flat
        for figure in reform.figures:
            assert formats.amount(figure.value, figure.unit) in flat


def test_show_stacks_before_over_after_below_60_columns(bundled: Dataset) -> None:
    reform = bundled.get(5)
    assert reform is not None
    output = render_text(render.reform_detail(reform), 50)
    assert output.startswith(
        "Reform package 5: Lower threshold to enter the\n"
        "Mazhilis\n"
        "\n"
        "Before\n"
        "A party needed at least 7% of the vote to win\n"
        "seats in the Mazhilis, the lower house of\n"
        "parliament.\n"
        "\n"
        "After\n"
        "A party needs at least 5% of the vote to win seats\n"
        "in the Mazhilis.\n"
    )


@pytest.mark.parametrize("width", [10, 20])
def test_very_narrow_terminals_do_not_crash(bundled: Dataset, width: int) -> None:
    render_text(render.reform_list(bundled.reforms), width)
    for reform in bundled.reforms:
        render_text(render.reform_detail(reform), width)
    render_text(render.search_results(search(bundled.reforms, "quota")), width)


def test_data_text_is_never_markup_nor_terminal_control() -> None:
    hostile = Reform(
        1, "package", "[bold red]Title[/] \x1b[2J", "before \x1b]0;owned\x07", "after \u202eevil",
        ("[link=http://x]topic[/link]",), ("source \x9b",),
        thresholds=(Threshold("[i]label[/i]", 5, "%", 7),),
    )  # fmt: skip
    output = render_text(render.reform_list([hostile]), 120) + render_text(render.reform_detail(hostile), 120)
    assert "[bold red]Title[/] ␛[2J" in output
    assert "␛]0;owned␇" in output and "after <U+202E>evil" in output
    assert "[link=http://x]topic[/link]" in output and "[i]label[/i]" in output
    assert "\x1b" not in output and "\u202e" not in output and "\x9b" not in output


def test_search_results_say_how_many_more_there_are(bundled: Dataset) -> None:
    result = search(bundled.reforms, "the", limit=2)
    assert len(result.hits) == 2 and result.total > 2
    output = render_text(render.search_results(result), 80)
    assert output.endswith(f"… and {result.total - 2:,} more (use --limit to see them)\n")
