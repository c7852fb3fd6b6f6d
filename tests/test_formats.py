"""Numbers, changes and safe text: the pieces every view is built from."""

from __future__ import annotations

import importlib.util
from types import ModuleType

import pytest

from kzreforms import formats
from kzreforms.model import Change, Threshold


@pytest.mark.parametrize(
    ("value", "text"),
    [(40000, "40,000"), (5.0, "5"), (77.18, "77.18"), (1234567.5, "1,234,567.5"), (-3, "−3"), (0, "0")],
)
def test_number(value: float, text: str) -> None:
    assert formats.number(value) == text


def threshold(label: str, after: float, unit: str, before: float | None = None) -> Threshold:
    return Threshold(label=label, after=after, unit=unit, before=before, sources=("article",))


@pytest.mark.parametrize(
    ("threshold", "text"),
    [
        (threshold("members", 5000, "members", 40000), "40,000 → 5,000 members (−87.5%)"),
        (threshold("vote", 5, "%", 7), "7% → 5% (−2 pp)"),
        (threshold("quota", 30, "%"), "none → 30% (+30 pp)"),
        (threshold("count", 10, "seats"), "none → 10 seats"),
        (threshold("zero", 10, "seats", 0), "0 → 10 seats"),
        (threshold("same", 5, "%", 5), "5% → 5% (±0 pp)"),
        (threshold("rise", 300, "members", 200), "200 → 300 members (+50%)"),
        (threshold("fraction", 2.5, "%", 7.25), "7.25% → 2.5% (−4.75 pp)"),
    ],
)
def test_threshold_text(threshold: Threshold, text: str) -> None:
    assert formats.threshold_text(threshold) == text


def test_a_rise_from_a_negative_value_is_a_rise() -> None:
    change = threshold("negative", -5, "degrees", -10).change
    assert change is not None and change.amount == 50.0


def test_change_of_nothing_is_empty() -> None:
    assert formats.change(None) == ""
    assert formats.change(Change(-87.5, "%")) == "−87.5%"
    assert formats.change(Change(0.0, "%")) == "±0%"


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [(30, "%", "30%"), (5000, "members", "5,000 members"), (-2.5, "pp", "−2.5 pp"), (5.8, "%", "5.8%")],
)
def test_amount(value: float, unit: str, text: str) -> None:
    assert formats.amount(value, unit) == text


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (1, "chambers", "1 chamber"),
        (1.0, "terms", "1 term"),
        (-1, "seats", "−1 seat"),
        (1, "parties", "1 party"),
        (1, "entries", "1 entry"),
        (1, "people", "1 person"),
        (1, "party lists", "1 party list"),
        (1, "tenge", "1 tenge"),
        (1, "%", "1%"),
        (1, "pp", "1 pp"),
        (1, "status", "1 status"),
        (1, "pass", "1 pass"),
        (1.5, "terms", "1.5 terms"),
        (0, "chambers", "0 chambers"),
        (2, "chambers", "2 chambers"),
    ],
)
def test_one_of_a_unit_is_in_the_singular(value: float, unit: str, text: str) -> None:
    assert formats.amount(value, unit) == text


@pytest.mark.parametrize(
    ("threshold", "text"),
    [
        (threshold("chambers", 1, "chambers", 2), "2 → 1 chamber (−50%)"),
        (threshold("terms", 2, "terms", 1), "1 → 2 terms (+100%)"),
        (threshold("new", 1, "posts"), "none → 1 post"),
    ],
)
def test_the_unit_after_the_arrow_agrees_with_the_number_after_it(threshold: Threshold, text: str) -> None:
    assert formats.threshold_text(threshold) == text


def test_one_line_shows_line_breaks_and_controls() -> None:
    assert formats.one_line("two\nlines\r\x1b[2J\u202e") == "two␤lines␍␛[2J<U+202E>"


@pytest.mark.parametrize(
    ("value", "text"), [("2022", "2022"), ("2022-06", "Jun 2022"), ("2022-06-05", "5 Jun 2022")]
)
def test_date(value: str, text: str) -> None:
    assert formats.date(value) == text


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[31mred\x1b[0m", "␛[31mred␛[0m"),
        ("\x1b]8;;http://x\x07link", "␛]8;;http://x␇link"),
        ("abc\u202edef", "abc<U+202E>def"),
        ("\x9b31m", "<U+009B>31m"),
        ("tab\there", "tab here"),
        ("two\nlines", "two\nlines"),
        ("bell\x07\x7f", "bell␇␡"),
        ("[bold]x[/]", "[bold]x[/]"),
        ("әкім", "әкім"),
    ],
)
def test_visible_makes_controls_harmless(raw: str, shown: str) -> None:
    assert formats.visible(raw) == shown


def test_changed_spans_mark_the_words_that_differ() -> None:
    before, after = "Parties need 7% of the vote.", "Parties need 5% of the vote."
    removed, added = formats.changed_spans(before, after)
    assert [before[a:b] for a, b in removed] == ["7%"]
    assert [after[a:b] for a, b in added] == ["5%"]


def test_shorten_cuts_at_a_word() -> None:
    assert formats.shorten("one two three four", 12) == "one two…"
    assert formats.shorten("short", 12) == "short"
    assert formats.shorten("abcdefghijklmnop", 5) == "abcd…"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1e-05, "0.00001"),
        (1e-07, "0.0000001"),
        (1e-08, "1e-8"),
        (-1.5e-08, "−1.5e-8"),
        (1e-300, "1e-300"),
        (1e15, "1,000,000,000,000,000"),
        (2e20, "2e+20"),
        (1e23, "1e+23"),
        (-0.0, "0"),
    ],
)
def test_a_float_is_positional_from_1e_7_and_keeps_its_exponent_below(value: float, text: str) -> None:
    assert formats.number(value) == text


def fresh_formats() -> ModuleType:
    """The module as a new run imports it: its stand-ins are chosen once, at import."""
    spec = importlib.util.find_spec("kzreforms.formats")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_unsafe_character_has_its_own_stand_in_from_the_first_import() -> None:
    raw = "\x00\x07\x1b\x1f\x7f\x80\x9f\u061c\u200e\u202a\u202e\u2066\u2069"
    shown = "␀␇␛␟␡<U+0080><U+009F><U+061C><U+200E><U+202A><U+202E><U+2066><U+2069>"
    assert fresh_formats().visible(raw) == shown


def test_punctuation_and_case_around_a_word_are_not_a_change() -> None:
    before, after = "Parties need 7% of the vote.", "Parties need 7% of the Vote, as before."
    removed, added = formats.changed_spans(before, after)
    assert removed == []
    assert [after[a:b] for a, b in added] == ["as before."]


def test_a_letter_x_in_a_word_is_part_of_the_word() -> None:
    before, after = "Article XIV of the Constitution applies.", "Article IV of the Constitution applies."
    removed, added = formats.changed_spans(before, after)
    assert [before[a:b] for a, b in removed] == ["XIV"]
    assert [after[a:b] for a, b in added] == ["IV"]


def test_a_long_text_marks_only_the_words_that_differ() -> None:
    # Over 200 words, where "party" and "members" come back in every sentence: a common word
    # is still matched as any other, not marked as changed.
    regions = ["Abai", "Akmola", "Aktobe", "Almaty", "Atyrau", "Jetisu", "Karaganda", "Kostanay"] * 4
    before = " ".join(f"In {region} a party needs 700 members." for region in regions)
    after = before.replace("Kostanay a party needs 700", "Kostanay a party needs 500", 1)
    assert len(after.split()) > 200
    removed, added = formats.changed_spans(before, after)
    assert [before[a:b] for a, b in removed] == ["700"]
    assert [after[a:b] for a, b in added] == ["500"]


def test_shorten_leaves_a_text_that_just_fits() -> None:
    assert formats.shorten("one two", 7) == "one two"


def test_shorten_drops_the_punctuation_before_the_ellipsis_and_nothing_else() -> None:
    assert formats.shorten("one, two three", 8) == "one…"
    assert formats.shorten("Article XX and more", 11) == "Article XX…"


def test_shorten_cuts_after_a_one_letter_word_and_inside_a_word_only_without_a_space() -> None:
    assert formats.shorten("a longword", 6) == "a…"
    assert formats.shorten(" abcdefgh", 5) == " abc…"
