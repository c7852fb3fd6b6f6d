"""Odd data (issue 15): extreme numbers, 40 columns, empty datasets, and the limits on large
data. (Odd paths to write to: long names, one file named twice, links, signals during an
export, are in test_files.py.)"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kzreforms import data, export, formats, model, render, validation
from kzreforms.export import reform_json, thresholds_rows
from kzreforms.glossary import terms_used
from kzreforms.model import Dataset, Threshold

from .conftest import SAMPLE, one_entry, plain, run
from .conftest import render as render_at

BIG_ID = model.MAX_ID


def no_constants(name: str) -> Any:
    raise AssertionError(f"not JSON: {name}")


def strict_json(text: str) -> Any:
    """``json.loads`` that refuses NaN, Infinity and -Infinity, which are not JSON."""
    return json.loads(text, parse_constant=no_constants)


def squashed(text: str) -> str:
    """The text without white space: what a value wrapped over several lines still reads as."""
    return "".join(text.split())


def threshold(before: Any, after: Any, unit: str = "members", **more: Any) -> dict[str, Any]:
    fields = {"label": "L", "after": after, "unit": unit, "sources": ["article"], **more}
    if before is not None:
        fields["before"] = before
    return fields


def write(tmp_path: Path, doc: dict[str, Any], name: str = "odd.toml") -> Path:
    path = tmp_path / name
    path.write_text(tomli_w.dumps(doc), encoding="utf-8")
    return path


# --------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------

EXTREMES = [
    threshold(1e-300, 1e15),  # a change too large for a float: no Infinity anywhere
    threshold(1_000_000, 1_000_001),  # a real change, not ±0%
    threshold(0.1 + 0.2, 999_999_999_999_999.9, "%"),
    threshold(-(10**15), 10**15 // 2, steps=[{"value": 5e-324}]),
    threshold(1e-15, -1e15),
    threshold(5e-324, 10**15, "%"),
]


@pytest.fixture
def extremes(tmp_path: Path) -> Path:
    figures = [{"label": "F", "value": -999_999_999_999_999.9, "unit": "x", "sources": ["article"]}]
    return write(tmp_path, one_entry(thresholds=EXTREMES, id=BIG_ID, figures=figures))


def test_a_change_too_large_for_a_number_is_none_not_infinity() -> None:
    change = Threshold(label="L", before=1e-300, after=1e15, unit="members", sources=("src",)).change
    assert change is None
    assert formats.threshold_text(
        Threshold(label="L", before=1e-300, after=1e15, unit="members", sources=("src",))
    ) == ("1e-300 → 1,000,000,000,000,000 members")


@pytest.mark.parametrize(
    "command", [["thresholds", "--json"], ["list", "--json"], ["show", str(BIG_ID), "--json"]]
)
def test_json_is_always_valid_json(extremes: Path, command: list[str]) -> None:
    result = run("--data", str(extremes), *command)
    assert result.code == 0, result.stderr
    strict_json(result.stdout)


@pytest.mark.parametrize("format_name", ["json", "toml", "csv", "markdown"])
def test_every_export_of_extreme_numbers_is_valid(extremes: Path, tmp_path: Path, format_name: str) -> None:
    result = run("--data", str(extremes), "export", "-f", format_name)
    assert result.code == 0, result.stderr
    assert "inf" not in result.stdout.casefold()
    if format_name == "json":
        strict_json(result.stdout)
    if format_name in ("json", "toml"):
        again = tmp_path / f"again.{format_name}"
        again.write_text(result.stdout, encoding="utf-8")
        assert data.parse(again) == data.parse(extremes)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (1e23, "1e+23"),  # not 99,999,999,999,999,991,611,392
        (0.1 + 0.2, "0.30000000000000004"),
        (999_999_999_999_999.9, "999,999,999,999,999.9"),
        (-999_999_999_999_999.9, "−999,999,999,999,999.9"),
        (1e15, "1,000,000,000,000,000"),
        (10**15, "1,000,000,000,000,000"),
        (2**53 + 1, "9,007,199,254,740,993"),  # more digits than a float holds
        (1e-5, "0.00001"),
        (1.5e-7, "0.00000015"),
        (1e-300, "1e-300"),
        (-2.5e-10, "−2.5e-10"),
        (5e-324, "5e-324"),
        (1e16, "1e+16"),
        (-0.0, "0"),
        (0.5, "0.5"),
        (float("inf"), "inf"),  # never from a data file, but no traceback either
    ],
)
def test_a_number_has_the_digits_of_the_data_and_no_others(value: float, shown: str) -> None:
    assert formats.number(value) == shown


@pytest.mark.parametrize(
    ("before", "after", "unit", "shown"),
    [
        (1_000_000, 1_000_001, "members", "+0.0001%"),
        (1_000_000, 999_999, "members", "−0.0001%"),
        (7.000001, 7.000002, "%", "+0.000001 pp"),
        (10**15, 10**15 - 1, "members", "−1e-13%"),
        (5, 5, "members", "±0%"),
        (40_000, 5_000, "members", "−87.5%"),
        (7, 5, "%", "−2 pp"),
    ],
)
def test_a_real_change_is_never_shown_as_zero(before: float, after: float, unit: str, shown: str) -> None:
    moved = Threshold(label="L", before=before, after=after, unit=unit, sources=("src",)).change
    assert formats.change(moved) == shown


def test_text_and_json_agree_on_every_number(extremes: Path) -> None:
    shown = squashed(run("--data", str(extremes), "show", str(BIG_ID), columns=40).stdout)
    rows = strict_json(run("--data", str(extremes), "thresholds", "--json").stdout)
    for row in rows:
        for value in (row["before"], row["after"], *(step["value"] for step in row["steps"])):
            if value is not None:
                assert squashed(formats.number(value)) in shown, value
        if row["change"] is not None:
            assert formats.number(abs(row["change"]["amount"])) in shown


# --------------------------------------------------------------------------------------
# 40 columns: nothing cut, in any view
# --------------------------------------------------------------------------------------

LONG_TOPIC = "representation-" + "y" * 40


@pytest.fixture
def awkward(tmp_path: Path) -> Path:
    doc = one_entry(
        thresholds=EXTREMES,
        id=BIG_ID,
        topics=["representation", LONG_TOPIC],
        events=[{"date": "2020-05-25", "text": "Event 1234567890123456789012345", "sources": ["article"]}],
    )
    second = {**doc["reforms"][0], "id": BIG_ID - 1, "topics": ["Representation"], "events": []}
    doc["reforms"].append(second)
    doc["glossary"] = [{"term": "Akim", "meaning": "A head. 1234567890123456789012345", "aliases": ["T"]}]
    doc["sources"]["article"]["law_number"] = "1234567890123456789012345"
    return write(tmp_path, doc)


@pytest.mark.parametrize(
    "command",
    [["show", str(BIG_ID)], ["list"], ["thresholds"], ["topics"], ["timeline"], ["sources"], ["glossary"]],
)
def test_at_40_columns_no_number_id_or_topic_is_cut(awkward: Path, command: list[str]) -> None:
    result = run("--data", str(awkward), *command, columns=40)
    assert result.code == 0, result.stderr
    assert "…" not in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 40
    whole = squashed(result.stdout)
    if command[0] not in ("topics", "glossary"):  # topics: see the test below
        assert str(BIG_ID) in whole
    if command[0] == "show":
        assert squashed(LONG_TOPIC) in whole and "representation" in whole
    if command[0] in ("show", "list", "thresholds"):
        for item in EXTREMES:
            assert squashed(formats.amount(item["after"], item["unit"])) in whole
    if command[0] in ("timeline", "sources", "glossary", "show"):
        assert "1234567890123456789012345" in whole


def test_topics_wrap_topics_and_ids_at_40_columns_and_cut_neither(awkward: Path) -> None:
    header, _, *rows = run("--data", str(awkward), "topics", columns=40).stdout.splitlines()
    entries, ids = header.index("Entries"), header.index("IDs")
    topics = squashed("".join(row[:entries] for row in rows))
    assert topics == "representation" + squashed(LONG_TOPIC)
    assert squashed("".join(row[ids:] for row in rows)) == f"{BIG_ID},{BIG_ID - 1}{BIG_ID}"


# --------------------------------------------------------------------------------------
# Empty datasets
# --------------------------------------------------------------------------------------

EMPTY = 'as_of = "2026-11-30"\nreforms = []\n\n[sources]\n'


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (["list"], "No entries. Data as of 30 Nov 2026.\n"),
        (["timeline"], "No dated events.\n"),
        (["glossary"], "No glossary terms.\n"),
        (["thresholds"], "No thresholds.\n"),
        (["topics"], "No topics.\n"),
        (["sources"], "No sources.\n"),
    ],
)
def test_an_empty_dataset_says_there_is_nothing_to_show(
    tmp_path: Path, command: list[str], message: str
) -> None:
    empty = tmp_path / "empty.toml"
    empty.write_text(EMPTY, encoding="utf-8")
    result = run("--data", str(empty), *command)
    assert (result.code, result.stdout) == (0, message)


@pytest.mark.parametrize("format_name", ["toml", "json"])
def test_an_export_of_an_empty_dataset_validates(tmp_path: Path, format_name: str) -> None:
    empty = tmp_path / "empty.toml"
    empty.write_text(EMPTY, encoding="utf-8")
    target = tmp_path / f"out.{format_name}"
    assert run("--data", str(empty), "export", "-f", format_name, "-o", str(target)).code == 0
    assert run("validate", str(target)).stdout == "OK: 0 entries, data as of 2026-11-30\n"


def test_a_markdown_export_of_an_empty_dataset_says_so(tmp_path: Path) -> None:
    empty = tmp_path / "empty.toml"
    empty.write_text(EMPTY, encoding="utf-8")
    assert "No entries." in run("--data", str(empty), "export", "-f", "markdown").stdout


# --------------------------------------------------------------------------------------
# Large data: limits, and a list that streams
# --------------------------------------------------------------------------------------


def test_the_limits() -> None:
    assert (data.MAX_FILE_BYTES, model.MAX_ENTRIES, model.MAX_TEXT) == (128 * 1024 * 1024, 100_000, 10_000)
    assert (model.MAX_NUMBER, model.MAX_ID) == (10**15, 2**63 - 1)


def test_too_many_entries_are_refused_in_one_line_before_any_is_validated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(model, "MAX_ENTRIES", 3)
    path = tmp_path / "many.json"
    path.write_text(json.dumps({"as_of": "2026-11-30", "sources": {}, "reforms": [{}] * 4}), encoding="utf-8")
    result = run("validate", str(path))
    assert (result.code, result.stdout) == (1, f"{path}: 4 entries, more than the 3 a data file may hold\n")


def test_the_entry_limit_counts_before_validation() -> None:
    document = {"reforms": [None] * (model.MAX_ENTRIES + 1)}
    with pytest.raises(data.DataError) as raised:
        validation.build(document, "big.json")
    assert raised.value.problems == ["big.json: 100,001 entries, more than the 100,000 a data file may hold"]


def test_a_field_longer_than_the_limit_is_one_line(tmp_path: Path) -> None:
    path = write(tmp_path, {**one_entry(), "license": "x" * (model.MAX_TEXT + 1)})
    result = run("validate", str(path))
    assert (result.code, result.stdout) == (1, f"{path}: field 'license' is longer than 10,000 characters\n")


@pytest.mark.parametrize("width", [40, 69, 70, 99, 100, 140])
def test_the_list_in_parts_prints_exactly_the_whole_list(sample: Dataset, width: int) -> None:
    whole = render_at(render.reform_list(sample.reforms, sample.as_of), width)
    parts = list(render.reform_list_parts(sample.reforms, sample.as_of, rows=2))
    assert len(parts) > len(sample.reforms) // 2
    assert "".join(render_at(part, width) for part in parts) == whole


def test_piped_list_prints_its_rows_as_it_goes(monkeypatch: pytest.MonkeyPatch) -> None:
    from kzreforms.output import Output

    printed: list[str] = []
    real_emit = Output.emit

    def emit(self: Output, renderable: Any, picture: Any = None) -> None:
        printed.append(render_at(renderable, 80))
        real_emit(self, renderable, picture)

    monkeypatch.setattr(render, "LIST_ROWS_AT_A_TIME", 2)
    monkeypatch.setattr(Output, "emit", emit)
    result = run("--data", str(SAMPLE), "list")
    assert result.code == 0 and len(printed) > 2
    assert plain("".join(printed)) == plain(result.stdout)


# --------------------------------------------------------------------------------------
# Every finite number the loader takes
# --------------------------------------------------------------------------------------

NUMBERS = st.integers(-model.MAX_NUMBER, model.MAX_NUMBER) | st.floats(
    -model.MAX_NUMBER, model.MAX_NUMBER, allow_nan=False, allow_infinity=False
)


def significant(shown: str) -> str:
    """The significant digits of a number as written: '−1,200.50' -> '12005', '1.5e-300' -> '15'."""
    mantissa = shown.replace("E", "e").split("e")[0]
    return "".join(c for c in mantissa if c.isdigit()).strip("0") or "0"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    before=st.none() | NUMBERS,
    after=NUMBERS,
    step=NUMBERS,
    figure=NUMBERS,
    unit=st.sampled_from(["%", "members"]),
)
def test_every_number_the_loader_takes_renders_whole_and_gives_valid_json(
    before: float | None, after: float, step: float, figure: float, unit: str
) -> None:
    doc = one_entry(
        thresholds=[threshold(before, after, unit, steps=[{"value": step}])],
        figures=[{"label": "F", "value": figure, "unit": unit, "sources": ["article"]}],
    )
    dataset = validation.build(json.loads(json.dumps(doc)), "numbers.json")  # as the loader gets it
    (reform,) = dataset.reforms
    views = {
        "show": render.reform_detail(reform, terms_used(reform, dataset.glossary), dataset.sources),
        "list": render.reform_list(dataset.reforms, dataset.as_of),
        "thresholds": render.thresholds_chart(dataset.reforms),
    }
    for name, view in views.items():
        output = render_at(view, 40)
        assert "…" not in output, name
        assert max(len(line) for line in output.splitlines()) <= 40, name
        whole = squashed(output)
        shown_here = {"show": (before, after, step, figure), "list": (before, after)}
        for value in shown_here.get(name, (before, after, step)):
            if value is None:
                continue
            shown = formats.number(value)
            assert squashed(shown) in whole, (name, value, output)
            assert significant(shown) == significant(
                repr(float(value)) if isinstance(value, float) else str(value)
            )
    for shape in (reform_json(reform, dataset.sources), thresholds_rows(dataset.reforms)):
        strict_json(export.dumps_json(shape))
    strict_json(export.to_json(dataset))
    change = reform.thresholds[0].change
    if change is not None:
        assert change.amount == change.amount and abs(change.amount) != float("inf")
        assert (change.amount == 0) == (after == (before or 0))
