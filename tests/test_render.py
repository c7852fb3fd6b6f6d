"""Rendering at fixed widths: nothing wider than the terminal, no number lost, each fact numbered
with its source, data never markup nor terminal control. Fixed content: tests/data/sample.toml."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from rich.console import Console, RenderableType

from kzreforms import formats, render
from kzreforms.cite import cited_keys
from kzreforms.glossary import terms_used
from kzreforms.model import (
    Assessment,
    Dataset,
    Event,
    Figure,
    GlossaryTerm,
    Measure,
    Reform,
    Rule,
    Source,
    Step,
    Threshold,
)
from kzreforms.query import citing, timeline
from kzreforms.search import search

from .conftest import render as render_text

WIDTHS = [40, 60, 80, 120]
NUMBERS = re.compile(r"\d[\d,.]*\d|\d")


def detail(dataset: Dataset, reform: Reform) -> RenderableType:
    return render.reform_detail(reform, terms_used(reform, dataset.glossary), dataset.sources)


def flat(output: str) -> str:
    return " ".join(output.split())


def numbers_in(value: str) -> list[str]:
    return NUMBERS.findall(value)


def written(value: float) -> str:
    """A number as a reader writes it: 40,000, 5.8 (the sample's numbers need no more)."""
    return f"{value:,}" if value != int(value) else f"{int(value):,}"


def written_date(value: str) -> str:
    """'2020-05-25' as '25 May 2020', '2020-05' as 'May 2020', '2020' as it is."""
    parts = value.split("-")
    month = datetime.date(2000, int(parts[1]), 1).strftime("%b") if len(parts) > 1 else ""
    return " ".join(
        part for part in (parts[2].lstrip("0") if len(parts) > 2 else "", month, parts[0]) if part
    )


def facts(reform: Reform) -> list[str]:
    """Every number and date of an entry, written from the data itself (not by the code under test)."""
    shown = [written(value) for t in reform.thresholds for value in (t.before, t.after) if value is not None]
    shown += [written(step.value) for t in reform.thresholds for step in t.steps]
    shown += [written(figure.value) for figure in reform.figures]
    shown += [written_date(event.date) for event in reform.events]
    for value in (reform.before.text, reform.after.text, *(e.text for e in reform.events)):
        shown += numbers_in(value)
    return shown


# --------------------------------------------------------------------------------------
# show and list fit every width and keep every number
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_show_fits_every_width_and_keeps_every_number(sample: Dataset, width: int) -> None:
    for reform in sample.reforms:
        output = render_text(detail(sample, reform), width)
        assert max(len(line) for line in output.splitlines()) <= width, reform.id
        for fact in facts(reform):
            assert fact in flat(output), (reform.id, fact)


@pytest.mark.parametrize("width", WIDTHS)
def test_list_fits_every_width_and_keeps_every_number(sample: Dataset, width: int) -> None:
    output = render_text(render.reform_list(sample.reforms, sample.as_of), width)
    assert max(len(line) for line in output.splitlines()) <= width
    for reform in sample.reforms:
        for threshold in reform.thresholds:
            assert formats.threshold_text(threshold) in flat(output), threshold.label
        # In a table the title may wrap beside the thresholds: every word of it is there.
        assert set(reform.title.split()) <= set(output.split()), reform.id


def test_a_threshold_is_never_split_from_its_values_at_40_columns(sample: Dataset) -> None:
    reform = sample.get(2)
    assert reform is not None
    lines = render_text(detail(sample, reform), 40).splitlines()
    start = lines.index("Thresholds")
    assert lines[start : start + 9] == [
        "Thresholds",
        "• Members needed to register a party:",
        "  40,000 → 5,000 members (−87.5%) [1];",
        "  on the way: 20,000 members (May 2020)",
        "  [2]",
        "• Members in each regional branch:",
        "  600 → 200 members (−66.7%) [3][4]",
        "• Citizens in the founding initiative",
        "  group: 1,000 → 700 citizens (−30%)",
    ]


def test_show_stacks_before_over_after_below_60_columns(sample: Dataset) -> None:
    reform = sample.get(5)
    assert reform is not None
    output = render_text(detail(sample, reform), 50)
    assert output.startswith(
        "5. Lower threshold to enter the Mazhilis\n"
        "Reforms of 2019–2021 · replaced by entry 12\n"
        "\n"
        "Before\n"
        "A party needed at least 7% of the vote to win\n"
        "seats in the Mazhilis, the lower house of\n"
        "parliament. [1]\n"
        "\n"
        "After\n"
        "A party needs at least 5% of the vote to win seats\n"
        "in the Mazhilis. [1][2][3]\n"
    )
    side_by_side = render_text(detail(sample, reform), 60).splitlines()
    assert side_by_side[2] == "╭" + "─" * 29 + "┬" + "─" * 28 + "╮"
    assert side_by_side[3] == "│ Before                      │ After                      │"


def test_show_at_80_columns(sample: Dataset) -> None:
    reform = sample.get(12)
    assert reform is not None
    assert render_text(detail(sample, reform), 80) == (
        """\
12. A single seven-year presidential term
The constitutional amendments of 2022 · in force from 17 Sep 2022
╭───────────────────────────────────────┬──────────────────────────────────────╮
│ Before                                │ After                                │
├───────────────────────────────────────┼──────────────────────────────────────┤
│ The source does not state the earlier │ A president is elected for one       │
│ length or number of presidential      │ seven-year term and cannot stand for │
│ terms. [1]                            │ re-election. [1]                     │
╰───────────────────────────────────────┴──────────────────────────────────────╯

Figures
• Length of the single presidential term: 7 years [1]

Assessments
• Human Rights Watch, 16 Feb 2026: Said the draft would weaken checks on
  executive power. [2]

Topics
constitution, presidency, elections

Sources
[1] "Joy Cho, "Significant reforms have been implemented since President
    Tokayev's election in June 2019", The Korea Post"
[2] Human Rights Watch, "Kazakhstan: Draft Constitution Threatens Rights",
    16 Feb 2026
"""
    )


def test_a_date_in_a_source_stays_on_one_line(sample: Dataset) -> None:
    source = sample.sources["hrw-2026"]
    output = render_text(render.source_line(2, "hrw-2026", source), 78)
    assert output == (
        '[2] Human Rights Watch, "Kazakhstan: Draft Constitution Threatens Rights",\n    16 Feb 2026\n'
    )


def test_a_line_never_ends_between_no_and_its_number_nor_a_day_and_its_month() -> None:
    from rich.text import Text

    from kzreforms.layout import Hanging, SideBySide

    body = "The office got its own law, No. 90-VII, on 29 December 2021; see also (No. 83-II)."
    # At 30 cells Rich alone would end lines with "No." and with "29".
    assert render_text(Hanging("•", Text(body)), 30) == (
        "• The office got its own law,\n  No. 90-VII, on 29 December\n  2021; see also (No. 83-II).\n"
    )
    assert render_text(Hanging("•", Text(body)), 26) == (
        "• The office got its own\n  law, No. 90-VII, on\n  29 December 2021; see\n  also (No. 83-II).\n"
    )
    # Side by side, as `show` lays out before and after; a pair wider than its column still folds.
    boxed = render_text(SideBySide(("Before", Text("Art. 46(4) of 1995")), ("After", Text(body))), 40)
    assert "│ Art. 46(4) of     │ The office got   │" in boxed
    assert "│ 1995              │ its own law,     │" in boxed
    assert "│                   │ No. 90-VII, on   │" in boxed and "│ 29 December      │" in boxed
    assert render_text(Hanging("•", Text("No. 1234567890")), 8) == "• No.\n  123456\n  7890\n"
    assert render_text(Hanging("•", Text("in force, replaced by entry 29")), 26) == (
        "• in force, replaced by\n  entry 29\n"
    )


@pytest.mark.parametrize(
    ("address", "width", "lines"),
    [
        # before a hyphen or a slash, as a style guide cuts an address, not inside a word, and
        # not so as to leave a last line of fewer than 8 characters ("-bodies")
        (
            "https://jjtv.kz/en/news/society/31824-petition-processing-time-by-state-bodies",
            76,
            ["https://jjtv.kz/en/news/society/31824-petition-processing-time-by", "-state-bodies"],
        ),
        (
            "https://jjtv.kz/en/news/society/31824-petition",
            34,
            ["https://jjtv.kz/en/news/society", "/31824-petition"],
        ),
        # not so as to leave "en" alone on the last line
        (
            "https://www.gov.kz/news/details/170695?lang=en",
            44,
            ["https://www.gov.kz/news/details/170695", "?lang=en"],
        ),
        # never inside "://" or "//", nor right after the scheme's colon
        ("https://a.kz/b", 7, ["https:/", "/a.kz/b"]),
        ("https://example.org", 10, ["https://", "example", ".org"]),
        # no place to cut in the second half of the line: cut where the line is full
        ("https://kz/" + "x" * 30, 20, ["https://kz/xxxxxxxxx", "xxxxxxxxxxxxxxxxxxxx", "x"]),
        ("https://a.kz", 80, ["https://a.kz"]),
        ("https://a.kz", 0, list("https://a.kz")),
    ],
)
def test_an_address_is_cut_where_a_style_guide_cuts_one(address: str, width: int, lines: list[str]) -> None:
    from kzreforms.layout import address_lines

    assert address_lines(address, width) == lines
    assert all(len(line) <= max(1, width) for line in lines)


def test_a_source_address_goes_below_its_title_cut_at_a_slash_or_a_hyphen() -> None:
    from kzreforms.model import Source

    source = Source(
        kind="news", title="Petitions", url="https://jjtv.kz/en/news/society/31824-petition-processing"
    )
    assert render_text(render.source_line(4, "jjtv", source), 40) == (
        '[4] "Petitions"\n    https://jjtv.kz/en/news/society\n    /31824-petition-processing\n'
    )


@pytest.mark.parametrize("width", [1, 10, 20])
def test_very_narrow_terminals_do_not_crash(sample: Dataset, width: int) -> None:
    views: list[RenderableType] = [
        render.reform_list(sample.reforms, sample.as_of),
        render.search_results(search(sample.reforms, "quota")),
        render.thresholds_chart(sample.reforms),
        render.timeline(
            timeline(sample, sample.reforms), sample.reforms, {r.id: r.title for r in sample.reforms}
        ),
        render.topics_table({"elections": [1, 2], "representation": [3]}),
        render.glossary_table(sample.glossary, {}),
        render.sources_list(sample.sources, citing(sample)),
        *(detail(sample, reform) for reform in sample.reforms),
    ]
    for view in views:
        output = render_text(view, width)
        assert output.strip() or width == 1


# --------------------------------------------------------------------------------------
# Status, assessments, as_of, sources
# --------------------------------------------------------------------------------------


def test_the_status_appears_in_list_and_show(sample: Dataset) -> None:
    listed = flat(render_text(render.reform_list(sample.reforms, sample.as_of), 60))
    assert "7% of the vote → 5% of the vote (replaced by entry 12)" in listed
    assert "not stated → one 7-year term (in force from 17 Sep 2022)" in listed
    assert "permission required → notification enough (in force from 25 May 2020)" in listed
    five, twelve = sample.get(5), sample.get(12)
    assert five is not None and twelve is not None
    assert (
        render_text(detail(sample, five), 80).splitlines()[1] == "Reforms of 2019–2021 · replaced by entry 12"
    )
    assert render_text(detail(sample, twelve), 80).splitlines()[1].endswith("· in force from 17 Sep 2022")


def test_a_rule_whose_fate_under_the_new_text_is_not_known_says_so_in_list_and_show() -> None:
    from .conftest import make_dataset, make_reform

    reform = make_reform(14, "Acts of akims", status="not known", in_force="2022-06-08", replaced_by=28)
    listed = render_text(render.reform_list((reform,), "2026-11-30"), 60)
    assert "The new rule. (in force from 8 Jun 2022, not known after entry 28)" in flat(listed)
    shown = render_text(detail(make_dataset(reform), reform), 80)
    assert (
        shown.splitlines()[1] == "Reforms of 2019–2021 · in force from 8 Jun 2022, not known after entry 28"
    )
    alone = make_reform(3, "A rule", status="not known")
    assert "The new rule. (not known)" in flat(render_text(render.reform_list((alone,), "2026-11-30"), 60))


@pytest.mark.parametrize("width", [40, 80, 120])
def test_the_foot_of_list_carries_the_as_of_date(sample: Dataset, width: int) -> None:
    output = render_text(render.reform_list(sample.reforms, sample.as_of), width)
    assert flat(output).endswith("14 entries; data as of 30 Nov 2026. Sources: kzreforms show ID.")
    one = render_text(render.reform_list(sample.reforms[:1], "2025-01"), 80)
    assert one.endswith("1 entry; data as of Jan 2025. Sources: kzreforms show ID.\n")
    assert render_text(render.reform_list((), "2025-01-02"), 80) == "No entries. Data as of 2 Jan 2025.\n"


def test_a_period_without_thresholds_has_no_empty_thresholds_column(sample: Dataset) -> None:
    output = render_text(render.reform_list(sample.reforms, sample.as_of), 80)
    first, second = output.split("The constitutional amendments of 2022")
    assert "Thresholds" in first
    assert "Thresholds" not in second
    assert "  10   A third of the Constitution amended by referendum\n" in second


def test_assessments_appear_under_assessments(sample: Dataset) -> None:
    reform = sample.get(12)
    assert reform is not None
    lines = render_text(detail(sample, reform), 120).splitlines()
    heading = lines.index("Assessments")
    assert lines[heading - 1] == ""
    assert lines[heading + 1] == (
        "• Human Rights Watch, 16 Feb 2026: Said the draft would weaken checks on executive power. [2]"
    )
    others = [r for r in sample.reforms if not r.assessments]
    assert all("Assessments" not in render_text(detail(sample, r), 120) for r in others)


def sources_section(output: str) -> dict[int, str]:
    """The numbered sources at the foot of `show`: number -> the text of its entry, joined."""
    foot = output[output.rindex("\nSources\n") + len("\nSources\n") :]
    entries: dict[int, str] = {}
    current = 0
    for line in foot.splitlines():
        found = re.match(r"\[(\d+)\] (.*)", line)
        if found:
            current = int(found.group(1))
            entries[current] = found.group(2)
        else:
            entries[current] += " " + line.strip()
    return entries


def test_show_lists_each_source_once_numbered_with_its_address(sample: Dataset) -> None:
    reform = sample.get(1)
    assert reform is not None
    output = render_text(detail(sample, reform), 200)
    entries = sources_section(output)
    assert list(entries) == [1, 2, 3, 4, 5]
    assert entries[4] == (
        'Parliament of Kazakhstan, "On the procedure for organizing and holding peaceful assemblies", '
        "25 May 2020, No. 333-VI https://adilet.zan.kz/eng/docs/Z2000000333"
    )
    for reform in sample.reforms:
        entries = sources_section(render_text(detail(sample, reform), 200))
        keys = cited_keys(reform)
        assert len(entries) == len(keys), reform.id
        for number, key in enumerate(keys, start=1):
            assert flat(sample.sources[key].title) in entries[number]
        # Each source once: the first citation repeated by every fact is not listed again.
        assert len(set(entries.values())) == len(entries)


def cited_numbers(output: str, fact: str) -> list[int]:
    """The numbers printed right after ``fact``: '… [3][4]' -> [3, 4]."""
    after = flat(output).split(fact, 1)[1]
    found = re.match(r"\s*((?:\[\d+\])+)", after)
    assert found, (fact, after[:40])
    return [int(number) for number in re.findall(r"\d+", found.group(1))]


def assert_points_at(output: str, sample: Dataset, reform: Reform, fact: str, keys: tuple[str, ...]) -> None:
    """The numbers beside ``fact`` are those of ``keys``, and each names its source at the foot."""
    entries = sources_section(output)
    numbers = cited_numbers(output, fact)
    assert numbers == [cited_keys(reform).index(key) + 1 for key in keys], (reform.id, fact)
    for number, key in zip(numbers, keys, strict=True):
        assert flat(sample.sources[key].title) in entries[number], (reform.id, fact, key)


def test_a_facts_number_points_at_its_source(sample: Dataset) -> None:
    for reform in sample.reforms:
        output = render_text(detail(sample, reform), 59)  # before and after stacked
        cited: list[tuple[str, tuple[str, ...]]] = [
            (reform.before.text, reform.before.sources),
            (reform.after.text, reform.after.sources),
        ]
        for threshold in reform.thresholds:
            cited.append((formats.threshold_text(threshold), threshold.sources))
            for step in threshold.steps:
                when = f" ({formats.date(step.date)})" if step.date else ""
                cited.append((formats.amount(step.value, threshold.unit) + when, step.sources))
        for figure in reform.figures:
            cited.append((f"{figure.label}: {formats.amount(figure.value, figure.unit)}", figure.sources))
        for measure in reform.measures:
            cited.append((measure.text, measure.sources))
        for event in reform.events:
            cited.append((event.text, event.sources))
        for assessment in reform.assessments:
            cited.append((assessment.text, assessment.sources))
        for fact, keys in cited:
            assert_points_at(output, sample, reform, flat(fact), keys)


def test_a_number_that_points_elsewhere_is_caught(sample: Dataset) -> None:
    reform = sample.get(2)
    assert reform is not None
    output = render_text(detail(sample, reform), 59)
    with pytest.raises(AssertionError):
        assert_points_at(output, sample, reform, "600 → 200 members (−66.7%)", reform.thresholds[0].sources)


def test_a_source_without_an_address_has_no_link(sample: Dataset) -> None:
    output = io.StringIO()
    console = Console(file=output, force_terminal=True, color_system="truecolor", width=120)
    console.print(render.source_line(1, "hrw-2026", sample.sources["hrw-2026"]))
    assert "\x1b]8;" not in output.getvalue()


# --------------------------------------------------------------------------------------
# Hostile data: never markup, never terminal control
# --------------------------------------------------------------------------------------

ESCAPES = "\x1b[2J \x1b]0;owned\x07 \x9b31m \u202eevil\u202c \x00\x08\x7f"
MARKUP = "[bold red]markup[/] [link=http://evil.example]x[/link]"


def hostile(label: str) -> str:
    return f"{label} {ESCAPES} {MARKUP}"


def hostile_records() -> tuple[Reform, dict[str, Source], GlossaryTerm]:
    sources = {
        "evil": Source(
            kind="news",
            title=hostile("source title"),
            author=hostile("author"),
            date="2020-05-25",
            url='https://evil.example/\x1b\\\x1b[2J\x07"><script>alert(1)</script>\u202e',
            law_number=hostile("No"),
        )
    }
    cites = ("evil",)
    reform = Reform(
        id=1,
        period="2019-2021",
        title=hostile("Title quota"),
        before=Rule(text=hostile("before"), short=hostile("b"), sources=cites),
        after=Rule(text=hostile("after"), short=hostile("a"), sources=cites),
        status="in force",
        topics=(hostile("topic"),),
        aliases=(hostile("alias"),),
        legal_basis=(hostile("law"),),
        thresholds=(
            Threshold(
                label=hostile("label"),
                before=40000,
                after=5000,
                unit=hostile("unit"),
                sources=cites,
                steps=(Step(value=20000, date="2020-05", sources=cites),),
            ),
        ),
        figures=(Figure(label=hostile("figure"), value=5.8, unit="%", sources=cites),),
        measures=(Measure(text=hostile("measure"), sources=cites),),
        events=(Event(date="2020-05-25", text=hostile("event"), sources=cites),),
        assessments=(Assessment(by=hostile("by"), date="2021", text=hostile("said"), sources=cites),),
    )
    term = GlossaryTerm(term="quota", meaning=hostile("meaning"), aliases=(hostile("form"),))
    return reform, sources, term


def hostile_views() -> list[RenderableType]:
    reform, sources, term = hostile_records()
    dataset = Dataset(as_of="2026-11-30", sources=sources, reforms=(reform,), glossary=(term,))
    return [
        render.reform_list([reform], dataset.as_of),
        render.reform_detail(reform, (term,), sources),
        render.search_results(search([reform], "quota")),
        render.thresholds_chart([reform]),
        render.timeline(timeline(dataset, [reform]), [reform], {1: reform.title}),
        render.topics_table({reform.topics[0]: [1]}),
        render.glossary_table((term,), {"quota": [1]}),
        render.sources_list(sources, {"evil": [1]}),
    ]


RAW_DANGER = ["\x1b[2J", "\x1b]0", "\x9b", "\u202e", "\u202c", "\x07", "\x00", "\x08", "\x7f"]


def test_data_text_is_never_markup_nor_terminal_control() -> None:
    output = "".join(render_text(view, 300) for view in hostile_views())
    assert "\x1b" not in output
    for danger in RAW_DANGER:
        assert danger not in output, repr(danger)
    assert "Title quota ␛[2J ␛]0;owned␇ <U+009B>31m <U+202E>evil<U+202C> ␀␈␡" in output
    assert MARKUP in output
    for label in ("label", "unit", "figure", "measure", "event", "said", "by", "topic", "alias", "meaning"):
        assert f"{label} ␛[2J" in output, label
    assert "source title ␛[2J" in output and "author ␛[2J" in output


def test_in_a_terminal_hostile_data_sends_only_colours_and_a_safe_link() -> None:
    for view in hostile_views():
        output = io.StringIO()
        console = Console(file=output, force_terminal=True, color_system="truecolor", width=120, markup=False)
        console.print(view)
        written = output.getvalue()
        for danger in RAW_DANGER:
            assert danger not in written, repr(danger)
        # Every escape is a colour (SGR) or a hyperlink (OSC 8) to the percent-encoded address.
        rest = re.sub(r"\x1b\[[0-9;]*m", "", written)
        rest = re.sub(r"\x1b\]8;(id=\d+)?;[\x21-\x7e]*?\x1b\\", "", rest)
        assert "\x1b" not in rest
    links = re.findall(r"\x1b\]8;id=\d+;([^\x1b]*)\x1b\\", written)  # the sources view
    assert set(links) == {
        "https://evil.example/%1B%5C%1B[2J%07%22%3E%3Cscript%3Ealert(1)%3C/script%3E%E2%80%AE"
    }


def test_a_link_target_is_percent_encoded() -> None:
    assert render.link_target("https://adilet.zan.kz/eng/docs/Z2000000333?a=1&b=2#x") == (
        "https://adilet.zan.kz/eng/docs/Z2000000333?a=1&b=2#x"
    )
    assert render.link_target('https://x.kz/Қазақ "q" {a}') == (
        "https://x.kz/%D2%9A%D0%B0%D0%B7%D0%B0%D2%9B%20%22q%22%20%7Ba%7D"
    )


# --------------------------------------------------------------------------------------
# Links in a terminal, none when piped
# --------------------------------------------------------------------------------------


def test_in_a_terminal_the_source_title_links_to_its_address(sample: Dataset) -> None:
    reform = sample.get(1)
    assert reform is not None
    output = io.StringIO()
    console = Console(file=output, force_terminal=True, color_system="truecolor", width=200, markup=False)
    console.print(detail(sample, reform))
    written = output.getvalue()
    opened = re.search(
        r"\x1b\]8;id=\d+;https://adilet\.zan\.kz/eng/docs/Z2000000333\x1b\\(.*?)\x1b\]8;;\x1b\\", written
    )
    assert opened is not None
    assert opened.group(1) == '"On the procedure for organizing and holding peaceful assemblies"'
    assert written.count("\x1b]8;id=") == 1  # the only source with an address


def test_piped_output_has_no_link_codes(sample: Dataset) -> None:
    reform = sample.get(1)
    assert reform is not None
    output = io.StringIO()
    Console(file=output, width=200).print(detail(sample, reform))  # not a terminal
    assert "\x1b" not in output.getvalue()
    assert "https://adilet.zan.kz/eng/docs/Z2000000333" in output.getvalue()


# --------------------------------------------------------------------------------------
# Search
# --------------------------------------------------------------------------------------


def test_search_results_say_how_many_more_there_are(sample: Dataset) -> None:
    result = search(sample.reforms, "the", limit=2)
    assert len(result.hits) == 2 and result.total > 2
    output = render_text(render.search_results(result), 80)
    assert output.endswith(f"… and {result.total - 2:,} more (use --limit to see them)\n")


def test_search_results_at_80_columns(sample: Dataset) -> None:
    output = render_text(render.search_results(search(sample.reforms, "quota")), 80)
    assert output == (
        "  3  [Quota] for women and youth on party lists (in force from 25 May 2020)\n"
        "     no quota → 30% quota\n"
        "     none → 30% (+30 pp)\n"
        "     before: Parties drew up their election lists without any [quota] for women\n"
        "     or young people.\n"
    )


def test_show_lays_out_every_field_of_the_model_or_shows_it_as_it_is() -> None:
    """A field added to Reform appears in `show` before anyone writes a layout for it."""
    import msgspec

    assert set(formats.LAID_OUT) <= set(Reform.__struct_fields__)
    extended = msgspec.defstruct(
        "Extended", [("notes", tuple[str, ...], ())], bases=(Reform,), kw_only=True, frozen=True
    )
    reform = extended(
        **{f: getattr(_one(), f) for f in Reform.__struct_fields__}, notes=("A new note", "another")
    )
    output = render_text(render.reform_detail(reform), 80)
    assert "Notes\nA new note; another\n" in output


def _one() -> Reform:
    from .conftest import make_reform

    return make_reform()
