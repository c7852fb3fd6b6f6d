"""kzreforms.cite: each format read back by a parser of its own.

BibTeX and BibLaTeX by bibtexparser (v2), their LaTeX decoded by pylatexenc; RIS by rispy;
CSL-JSON by json, validated by jsonschema against the CSL data schema (tests/data/csl-data.json,
its source and licence in tests/data/csl-data.LICENSE), and formatted by citeproc-py.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import bibtexparser
import pytest
import rispy
from hypothesis import given, settings
from hypothesis import strategies as st
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

from kzreforms import __version__
from kzreforms.cite import FORMATS, cited_keys, render
from kzreforms.model import (
    SOURCE_KINDS,
    Assessment,
    Dataset,
    Event,
    Figure,
    Measure,
    Reform,
    Rule,
    Source,
    Step,
    Threshold,
)

from .conftest import ROOT, run

ACCESSED = "2025-01-31"
LAW = Source(
    kind="law",
    title="On Political Parties",
    author="Parliament of the Republic of Kazakhstan",
    publisher="adilet.zan.kz",
    law_number="333-VI",
    date="2020-05-25",
    url="https://adilet.zan.kz/eng/docs/Z2000000333",
    accessed=ACCESSED,
    language="en",
)
REPORT = Source(
    kind="report",
    title="Kazakhstan: Events of 2022",
    author="Human Rights Watch",
    date="2022-06",
    url="https://www.hrw.org/world-report/2023/country-chapters/kazakhstan",
    accessed=ACCESSED,
    language="en",
)
NEWS = Source(kind="news", title="Why did Kazakhstan vote?", publisher="Reuters", date="2022")
RULING = Source(
    kind="court ruling",
    title="Нормативное постановление № 2",
    author="Constitutional Court",
    law_number="2",
    date="2023-01-12",
    language="ru",
)
PAGE = Source(
    kind="article",
    title="On Peaceful Assemblies",
    author="Ministry of Foreign Affairs",
    publisher="gov.kz",
    url="https://www.gov.kz/a",
    language="en",
)
BARE = Source(kind="dataset", title="Election results")
SOURCES = [
    ("adilet.333-vi", LAW),
    ("hrw-2023", REPORT),
    ("reuters_2022", NEWS),
    ("cc.2", RULING),
    ("mfa", PAGE),
    ("cec", BARE),
]

# The documented normalisation, written independently of the module: white space becomes one
# space, control characters, lone surrogates and bidirectional controls go, the ends are trimmed.
_REMOVED = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def normalised(text: str) -> str:
    return " ".join(_REMOVED.sub("", re.sub(r"\s", " ", text)).split())


# pylatexenc, told the meaning of three text-mode macros of LaTeX that it does not know (or
# renders as the modifier letter ˆ).
_LATEX_CONTEXT = get_default_latex_context_db()
_LATEX_CONTEXT.add_context_category(
    "kzreforms-test",
    macros=[
        MacroTextSpec("textbraceleft", "{"),
        MacroTextSpec("textbraceright", "}"),
        MacroTextSpec("textasciicircum", "^"),
    ],
    prepend=True,
)
_DECODER = LatexNodes2Text(latex_context=_LATEX_CONTEXT, math_mode="verbatim", strict_latex_spaces=True)


def latex_text(value: str) -> str:
    return _DECODER.latex_to_text(value)


def braces_balance(value: str) -> bool:
    """As BibTeX counts them: every brace, escaped or not."""
    depth = 0
    for char in value:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def unwrap(value: str) -> str:
    """A title or author without the extra braces that protect it."""
    assert value.startswith("{") and value.endswith("}"), value
    return value[1:-1]


def parse_bibtex(text: str) -> Any:
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    return library


def fields(entry: Any) -> dict[str, str]:
    return {field.key: field.value for field in entry.fields}


# ---------------------------------------------------------------------------------------
# cited_keys
# ---------------------------------------------------------------------------------------


def _reform(**extra: Any) -> Reform:
    return Reform(
        id=1,
        period="2022-amendments",
        title="Party registration",
        before=Rule(text="40,000 members.", sources=("b", "shared")),
        after=Rule(text="5,000 members.", sources=("shared", "a")),
        status="in force",
        topics=("parties",),
        **extra,
    )


def test_cited_keys_in_order_of_first_citation_each_once() -> None:
    reform = _reform(
        thresholds=(
            Threshold(
                label="Members",
                before=40_000,
                after=5_000,
                unit="members",
                sources=("t1", "a"),
                steps=(
                    Step(value=20_000, date="2021", sources=("s1",)),
                    Step(value=10_000, sources=("s2", "b")),
                ),
            ),
            Threshold(label="Quota", after=30, unit="%", sources=("t2",)),
        ),
        figures=(Figure(label="Against all", value=5.8, unit="%", sources=("f1", "t1")),),
        measures=(Measure(text="Fewer signatures.", sources=("m1",)),),
        events=(Event(date="2022-06-05", text="Referendum.", sources=("e1", "m1")),),
        assessments=(Assessment(by="OSCE/ODIHR", date="2023-03", text="An improvement.", sources=("x1",)),),
    )
    assert cited_keys(reform) == ["b", "shared", "a", "t1", "s1", "s2", "t2", "f1", "m1", "e1", "x1"]


def test_cited_keys_of_an_entry_with_only_its_rules() -> None:
    reform = _reform()
    assert cited_keys(reform) == ["b", "shared", "a"]
    assert cited_keys(msgspec_replace(reform, after=Rule(text="Same.", sources=("b",)))) == ["b", "shared"]


def msgspec_replace(reform: Reform, **changes: Any) -> Reform:
    import msgspec

    return msgspec.structs.replace(reform, **changes)


# ---------------------------------------------------------------------------------------
# render: formats, exact output
# ---------------------------------------------------------------------------------------


def test_formats() -> None:
    assert FORMATS == ("text", "bibtex", "biblatex", "ris", "csl-json")


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="bibtex"):
        render(SOURCES, "mla")


@pytest.mark.parametrize(
    ("format_name", "expected"),
    [("text", ""), ("bibtex", ""), ("biblatex", ""), ("ris", ""), ("csl-json", "[]\n")],
)
def test_no_sources(format_name: str, expected: str) -> None:
    assert render([], format_name) == expected


def test_text_exact() -> None:
    assert render(SOURCES, "text") == (
        '[adilet.333-vi] Parliament of the Republic of Kazakhstan. "On Political Parties". adilet.zan.kz. '
        "2020-05-25. Law No. 333-VI. https://adilet.zan.kz/eng/docs/Z2000000333 (accessed 2025-01-31)\n"
        '[hrw-2023] Human Rights Watch. "Kazakhstan: Events of 2022". 2022-06. '
        "https://www.hrw.org/world-report/2023/country-chapters/kazakhstan (accessed 2025-01-31)\n"
        '[reuters_2022] "Why did Kazakhstan vote?". Reuters. 2022.\n'
        '[cc.2] Constitutional Court. "Нормативное постановление № 2". 2023-01-12. Ruling No. 2.\n'
        '[mfa] Ministry of Foreign Affairs. "On Peaceful Assemblies". gov.kz. https://www.gov.kz/a\n'
        '[cec] "Election results".\n'
    )


def test_numbers_are_named_by_kind() -> None:
    decree = Source(kind="decree", title="On measures", law_number="1011")
    ruling = Source(kind="court ruling", title="On parties", law_number="2")
    report = Source(kind="report", title="Annual", law_number="7")
    assert render([("d", decree), ("r", ruling), ("x", report)], "text") == (
        '[d] "On measures". Decree No. 1011.\n[r] "On parties". Ruling No. 2.\n[x] "Annual". No. 7.\n'
    )


def test_bibtex_exact() -> None:
    assert render([("adilet.333-vi", LAW)], "bibtex") == (
        "@misc{adilet.333-vi,\n"
        "  title = {{On Political Parties}},\n"
        "  author = {{Parliament of the Republic of Kazakhstan}},\n"
        "  howpublished = {Law, adilet.zan.kz},\n"
        "  year = {2020},\n"
        "  month = may,\n"
        "  date = {2020-05-25},\n"
        "  note = {Law No. 333-VI},\n"
        "  language = {en},\n"
        "  url = {https://adilet.zan.kz/eng/docs/Z2000000333},\n"
        "  urldate = {2025-01-31},\n"
        "}\n"
    )


def test_biblatex_exact() -> None:
    assert render([("adilet.333-vi", LAW), ("reuters_2022", NEWS), ("cc.2", RULING)], "biblatex") == (
        "@legislation{adilet.333-vi,\n"
        "  title = {{On Political Parties}},\n"
        "  author = {{Parliament of the Republic of Kazakhstan}},\n"
        "  publisher = {{adilet.zan.kz}},\n"
        "  date = {2020-05-25},\n"
        "  number = {333-VI},\n"
        "  langid = {english},\n"
        "  url = {https://adilet.zan.kz/eng/docs/Z2000000333},\n"
        "  urldate = {2025-01-31},\n"
        "}\n"
        "\n"
        "@article{reuters_2022,\n"
        "  title = {{Why did Kazakhstan vote?}},\n"
        "  journaltitle = {{Reuters}},\n"
        "  entrysubtype = {newspaper},\n"
        "  date = {2022},\n"
        "}\n"
        "\n"
        "@jurisdiction{cc.2,\n"
        "  title = {{Нормативное постановление № 2}},\n"
        "  author = {{Constitutional Court}},\n"
        "  date = {2023-01-12},\n"
        "  number = {2},\n"
        "  langid = {russian},\n"
        "}\n"
    )


def test_ris_exact() -> None:
    assert render([("adilet.333-vi", LAW)], "ris") == (
        "TY  - STAT\n"
        "ID  - adilet.333-vi\n"
        "TI  - On Political Parties\n"
        "AU  - Parliament of the Republic of Kazakhstan\n"
        "PB  - adilet.zan.kz\n"
        "PY  - 2020\n"
        "DA  - 2020/05/25/\n"
        "M1  - 333-VI\n"
        "N1  - Law No. 333-VI\n"
        "LA  - en\n"
        "UR  - https://adilet.zan.kz/eng/docs/Z2000000333\n"
        "Y2  - 2025/01/31/\n"
        "ER  - \n"
    )


# ---------------------------------------------------------------------------------------
# BibTeX, read by bibtexparser
# ---------------------------------------------------------------------------------------

# Without a publisher; a news report with one is an @article in both (the newspaper's).
BIBTEX_TYPES = {
    "law": "misc",
    "constitution": "misc",
    "decree": "misc",
    "court ruling": "misc",
    "news": "misc",
    "report": "techreport",
    "article": "misc",
    "dataset": "misc",
}
BIBLATEX_TYPES = {
    "law": "legislation",
    "constitution": "legislation",
    "decree": "legislation",
    "court ruling": "jurisdiction",
    "news": "online",
    "report": "report",
    "article": "online",
    "dataset": "dataset",
}


def test_bibtex_parses_with_the_source_values() -> None:
    library = parse_bibtex(render(SOURCES, "bibtex"))
    assert [entry.key for entry in library.entries] == [key for key, _ in SOURCES]
    for entry, (_, source) in zip(library.entries, SOURCES, strict=True):
        values = fields(entry)
        assert latex_text(unwrap(values["title"])) == source.title
        if source.author:
            assert values["author"] == "{" + source.author + "}"
        else:
            assert "author" not in values
        if source.date:
            assert values["year"] == source.date[:4]
            assert values["date"] == source.date
        else:
            assert "year" not in values and "date" not in values
        assert values.get("url") == source.url
        assert values.get("urldate") == source.accessed
        assert values.get("language") == source.language
        assert ("note" in values) == (source.law_number is not None)
    law, report, news, ruling, page, bare = (fields(entry) for entry in library.entries)
    assert [entry.entry_type for entry in library.entries] == [
        "misc", "techreport", "article", "misc", "misc", "misc",
    ]  # fmt: skip
    assert law["note"] == "Law No. 333-VI" and ruling["note"] == "Ruling No. 2"
    assert law["month"] == "may" and report["month"] == "jun" and "month" not in news
    assert law["howpublished"] == "Law, adilet.zan.kz" and ruling["howpublished"] == "Court ruling"
    assert bare["howpublished"] == "Dataset" and page["howpublished"] == "gov.kz"
    assert news["journal"] == "{Reuters}" and report["institution"] == "{Human Rights Watch}"
    assert "howpublished" not in report and "howpublished" not in news


def test_biblatex_parses_with_the_source_values() -> None:
    library = parse_bibtex(render(SOURCES, "biblatex"))
    assert [entry.key for entry in library.entries] == [key for key, _ in SOURCES]
    assert [entry.entry_type for entry in library.entries] == [
        "legislation", "report", "article", "jurisdiction", "online", "dataset",
    ]  # fmt: skip
    for entry, (_, source) in zip(library.entries, SOURCES, strict=True):
        values = fields(entry)
        assert latex_text(unwrap(values["title"])) == source.title
        assert values.get("author") == ("{" + source.author + "}" if source.author else None)
        assert values.get("date") == source.date
        assert "year" not in values and "month" not in values  # BibLaTeX's date has the precision
        assert values.get("url") == source.url and values.get("urldate") == source.accessed
        assert "language" not in values
    law, report, news, ruling, page, bare = (fields(entry) for entry in library.entries)
    assert law["number"] == "333-VI" and ruling["number"] == "2" and "note" not in law
    assert law["publisher"] == "{adilet.zan.kz}" and "publisher" not in bare
    assert news["journaltitle"] == "{Reuters}" and news["entrysubtype"] == "newspaper"
    assert page["organization"] == "{gov.kz}"
    assert report["institution"] == "{Human Rights Watch}" and report["type"] == "Report"
    assert (law["langid"], ruling["langid"]) == ("english", "russian") and "langid" not in bare


@pytest.mark.parametrize("format_name", ["bibtex", "biblatex"])
def test_a_language_without_a_babel_name_is_kept_as_the_code(format_name: str) -> None:
    values = fields(
        parse_bibtex(render([("k", Source(kind="news", title="T", language="uz"))], format_name)).entries[0]
    )
    assert values == ({"title": "{T}", "language": "uz"})


@pytest.mark.parametrize("kind", SOURCE_KINDS)
def test_biblatex_entry_type_by_kind(kind: str) -> None:
    library = parse_bibtex(render([("k", Source(kind=kind, title="T"))], "biblatex"))  # type: ignore[arg-type]
    assert library.entries[0].entry_type == BIBLATEX_TYPES[kind]


@pytest.mark.parametrize("kind", SOURCE_KINDS)
def test_bibtex_entry_type_by_kind(kind: str) -> None:
    library = parse_bibtex(render([("k", Source(kind=kind, title="T"))], "bibtex"))  # type: ignore[arg-type]
    assert library.entries[0].entry_type == BIBTEX_TYPES[kind]


def test_bibtex_escapes_every_special() -> None:
    title = r"50% of {seats} & $5 #1 under_score ~tilde ^caret \backslash -- ``quoted'' <<x>> ,,y !`z"
    source = Source(kind="report", title=title, author="A & B {Ltd} 100%")
    text = render([("s", source)], "bibtex")
    values = fields(parse_bibtex(text).entries[0])
    for value in values.values():
        assert braces_balance(value), value
    assert latex_text(unwrap(values["title"])) == title
    assert latex_text(unwrap(values["author"])) == "A & B {Ltd} 100%"
    # No special is left raw: each is a command, and TeX's ligatures are broken.
    body = unwrap(values["title"])
    assert re.search(r"(?<!\\)[%&$#_]", body) is None
    assert "--" not in body and "``" not in body and "''" not in body


def test_bibtex_keys_are_safe_and_unique() -> None:
    keys = ["a b", "a-b", "A-B", "ключ", "", "x{y}"]
    text = render([(key, Source(kind="news", title=f"T{i}")) for i, key in enumerate(keys)], "bibtex")
    library = parse_bibtex(text)
    got = [entry.key for entry in library.entries]
    assert len(got) == len(keys)
    assert len({key.lower() for key in got}) == len(keys)
    assert all(re.fullmatch(r"[A-Za-z0-9._:-]+", key) for key in got)
    assert got[:3] == ["a-b", "a-b-2", "A-B-3"]


def test_bibtex_dates_at_their_precision() -> None:
    sources = [(d, Source(kind="news", title="T", date=d)) for d in ("2022", "2022-06", "2022-06-05", "22-6")]
    entries = [fields(entry) for entry in parse_bibtex(render(sources, "bibtex")).entries]
    assert [(e.get("year"), e.get("month"), e.get("date")) for e in entries] == [
        ("2022", None, "2022"),
        ("2022", "jun", "2022-06"),
        ("2022", "jun", "2022-06-05"),
        (None, None, None),  # not an ISO date: left out
    ]


@pytest.mark.parametrize(
    "date", ["2022-13", "2022-06-32", "2022-00", "２０２２", "2022-06-05-01", "22", "June 2022"]
)
def test_a_date_that_is_not_iso_is_left_out_of_the_structured_formats(date: str) -> None:
    source = Source(kind="news", title="T", date=date)
    assert render([("k", source)], "text") == f'[k] "T". {date}.\n'
    assert not {"year", "month", "date"} & set(
        fields(parse_bibtex(render([("k", source)], "bibtex")).entries[0])
    )
    [record] = rispy.loads(render([("k", source)], "ris"))
    assert "year" not in record and "date" not in record
    [item] = json.loads(render([("k", source)], "csl-json"))
    assert "issued" not in item


def test_an_access_date_is_written_only_with_an_address_and_only_when_iso() -> None:
    import msgspec

    for source in (
        msgspec.structs.replace(LAW, accessed="yesterday"),
        msgspec.structs.replace(LAW, url=None),
    ):
        sources = [("k", source)]
        assert "accessed" not in render(sources, "text")
        assert "urldate" not in render(sources, "bibtex") and "urldate" not in render(sources, "biblatex")
        assert "access_date" not in rispy.loads(render(sources, "ris"))[0]
        assert "accessed" not in json.loads(render(sources, "csl-json"))[0]
    # Without an access date in the record, no format makes one up.
    assert not {"Y2", "urldate", "accessed"} & set(
        re.findall(r"\w+", "".join(render([("k", PAGE)], f) for f in FORMATS))
    )


def test_bibtex_url_is_kept_and_made_safe() -> None:
    url = "https://example.org/a%20b?q=1&r=_x#frag~1"
    hostile = "https://example.org/{a}\\b c\nd"
    entries = parse_bibtex(render([("a", Source(kind="news", title="T", url=url)),
                                   ("b", Source(kind="news", title="T", url=hostile))], "bibtex")).entries  # fmt: skip
    assert fields(entries[0])["url"] == url
    assert fields(entries[1])["url"] == "https://example.org/%7Ba%7D%5Cb%20c%0Ad"


# ---------------------------------------------------------------------------------------
# RIS, read by rispy
# ---------------------------------------------------------------------------------------

RIS_TYPES = {
    "law": "STAT",
    "constitution": "STAT",
    "decree": "STAT",
    "court ruling": "CASE",
    "news": "NEWS",
    "report": "RPRT",
    "article": "ELEC",
    "dataset": "DATA",
}


def test_ris_parses_with_the_source_values() -> None:
    text = render(SOURCES, "ris")
    assert "\r" not in text
    records = rispy.loads(text)
    assert [record["id"] for record in records] == [key for key, _ in SOURCES]
    for record, (_, source) in zip(records, SOURCES, strict=True):
        assert record["type_of_reference"] == RIS_TYPES[source.kind]
        assert record["title"] == source.title
        assert record.get("authors") == ([source.author] if source.author else None)
        assert record.get("year") == (source.date[:4] if source.date else None)
        assert record.get("urls") == ([source.url] if source.url else None)
        assert record.get("access_date") == ("2025/01/31/" if source.accessed else None)
        assert record.get("language") == source.language
    law, _report, news, ruling, page, _bare = records
    assert law["notes"] == ["Law No. 333-VI"] and law["note"] == "333-VI" and ruling["note"] == "2"  # M1
    assert law["publisher"] == "adilet.zan.kz" and page["publisher"] == "gov.kz"
    assert news["journal_name"] == "Reuters" and "publisher" not in news
    assert [record.get("date") for record in records] == [
        "2020/05/25/",
        "2022/06//",
        "2022///",
        "2023/01/12/",
        None,
        None,
    ]


@pytest.mark.parametrize("kind", SOURCE_KINDS)
def test_ris_type_by_kind(kind: str) -> None:
    records = rispy.loads(render([("k", Source(kind=kind, title="T"))], "ris"))  # type: ignore[arg-type]
    assert records[0]["type_of_reference"] == RIS_TYPES[kind]


def test_ris_lines_are_all_tags() -> None:
    source = Source(kind="news", title="Line one\nER  - \nTY  - JOUR\r\nend", author="\x1b[31mRed\x1b[0m")
    text = render([("a", source), ("b", LAW)], "ris")
    for line in text.splitlines():
        assert line == "" or re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line), line
    records = rispy.loads(text)
    assert len(records) == 2
    assert records[0]["title"] == "Line one ER - TY - JOUR end"
    assert records[0]["authors"] == ["[31mRed[0m"]


# ---------------------------------------------------------------------------------------
# CSL-JSON, checked against the CSL-JSON schema and read by citeproc-py
# ---------------------------------------------------------------------------------------

CSL_TYPE_OF_KIND = {
    "law": "legislation",
    "constitution": "legislation",
    "decree": "legislation",
    "court ruling": "legal_case",
    "news": "article-newspaper",
    "report": "report",
    "article": "webpage",
    "dataset": "dataset",
}


def check_csl(items: Any) -> None:
    """The items are valid CSL data: the CSL data schema, read by jsonschema."""
    import jsonschema

    schema = json.loads((ROOT / "tests" / "data" / "csl-data.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(items)


def test_csl_json_matches_the_schema_and_the_sources() -> None:
    text = render(SOURCES, "csl-json")
    assert text.endswith("]\n") and text.startswith("[\n  {")
    items = json.loads(text)
    check_csl(items)
    assert isinstance(items, list) and len(items) == len(SOURCES)
    for item, (key, source) in zip(items, SOURCES, strict=True):
        assert item["id"] == key
        assert item["type"] == CSL_TYPE_OF_KIND[source.kind]
        assert item["title"] == source.title
        assert item.get("URL") == source.url
        assert item.get("language") == source.language
        assert item.get("number") == source.law_number
        assert item.get("accessed") == ({"date-parts": [[2025, 1, 31]]} if source.accessed else None)
    law, report, news, ruling, page, _bare = items
    assert law["author"] == [{"literal": "Parliament of the Republic of Kazakhstan"}]
    assert law["publisher"] == "adilet.zan.kz" and "container-title" not in law
    assert report["author"] == [{"literal": "Human Rights Watch"}] and "publisher" not in report
    assert news["container-title"] == "Reuters" and "author" not in news
    assert ruling["authority"] == "Constitutional Court" and "author" not in ruling
    assert page["container-title"] == "gov.kz" and page["author"] == [
        {"literal": "Ministry of Foreign Affairs"}
    ]
    assert [item.get("issued") for item in items] == [
        {"date-parts": [[2020, 5, 25]]},
        {"date-parts": [[2022, 6]]},
        {"date-parts": [[2022]]},
        {"date-parts": [[2023, 1, 12]]},
        None,
        None,
    ]


def test_the_schema_refuses_what_csl_does_not_know() -> None:
    import jsonschema

    with pytest.raises(jsonschema.ValidationError):
        check_csl([{"id": "k", "type": "news", "title": "T"}])  # "news" is no CSL type
    with pytest.raises(jsonschema.ValidationError):
        check_csl([{"id": "k", "type": "report", "outlet": "T"}])  # nor "outlet" a CSL field


@pytest.mark.parametrize("kind", SOURCE_KINDS)
def test_csl_type_by_kind(kind: str) -> None:
    [item] = json.loads(render([("k", Source(kind=kind, title="T"))], "csl-json"))  # type: ignore[arg-type]
    check_csl([item])
    assert item["type"] == CSL_TYPE_OF_KIND[kind]


def test_csl_json_formats_with_citeproc() -> None:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    items = json.loads(render(SOURCES, "csl-json"))
    source = CiteProcJSON(items)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)  # the style citeproc-py ships
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    entries = [str(entry) for entry in bibliography.bibliography()]
    # The law by the body that enacted it, with its publisher and the date the address was
    # checked; the news report under its newspaper (the style puts the container first where
    # no author is named), never as a person's name ("Reuters, I.").
    assert entries == [
        "Parliament of the Republic of Kazakhstan (2020) On Political Parties. adilet.zan.kz. "
        "Available at: https://adilet.zan.kz/eng/docs/Z2000000333 (Accessed: January 31, 2025).",
        "Human Rights Watch (2022) Kazakhstan: Events of 2022. "
        "Available at: https://www.hrw.org/world-report/2023/country-chapters/kazakhstan (Accessed: January 31, 2025).",
        "Reuters (2022) “Why did Kazakhstan vote?”, Reuters.",
        "Нормативное постановление № 2 (2023) Нормативное постановление № 2.",
        "Ministry of Foreign Affairs (no date) On Peaceful Assemblies, gov.kz. Available at: https://www.gov.kz/a.",
        "“Election results” (no date) “Election results”.",
    ]


def test_csl_json_keeps_hostile_text_exact_and_inert() -> None:
    title = 'a\x1b[31m\x9b\u202e\u2028b\n"c" \\ \ud800 ключ'
    text = render([("k", Source(kind="news", title=title, author="\u2066x\u2069"))], "csl-json")
    assert all(ord(char) >= 0x20 or char == "\n" for char in text)
    assert not set(text) & set("\x7f\x9b\u202e\u2028\u2066\u2069\ud800")
    assert "ключ" in text  # UTF-8 is kept readable
    [item] = json.loads(text)
    assert item["title"] == title and item["author"] == [{"literal": "\u2066x\u2069"}]


def test_text_and_ris_and_bibtex_drop_hostile_characters() -> None:
    title = "a\x1b[31m\x9b\u202e\u2028b\n\tc\ud800 ключ"
    source = Source(kind="news", title=title, author="x\r\ny", url="https://e.org/\x1b")
    for format_name in ("text", "ris", "bibtex"):
        text = render([("k", source)], format_name)
        assert not [char for char in text if unicodedata.category(char) in ("Cc", "Cs") and char != "\n"]
        assert not set(text) & set("\u202e\u2028")
        assert "a[31m b c ключ" in text and "x y" in text
    assert render([("k", source)], "text") == '[k] x y. "a[31m b c ключ". https://e.org/%1B\n'


# ---------------------------------------------------------------------------------------
# Any text: every format parses and gives the title back
# ---------------------------------------------------------------------------------------

_awkward = st.sampled_from(list("{}\\%&$#_~^\"'`-<>,!?@=\n\r\t\x00\x1b\x7f\x85\x9b\u2028\u202e\u200b "))
_text = st.text(st.one_of(st.characters(), _awkward), min_size=1, max_size=40)
# ISO dates at each precision: "2022", "2022-06", "2022-06-05".
_dates = st.one_of(
    st.none(), st.builds(lambda d, n: d.isoformat()[:n], st.dates(), st.sampled_from((4, 7, 10)))
)


@pytest.mark.examples
@settings(max_examples=300, deadline=None)
@given(
    title=_text,
    author=st.one_of(st.none(), _text),
    kind=st.sampled_from(SOURCE_KINDS),
    date=_dates,
    number=st.one_of(st.none(), _text),
    publisher=st.one_of(st.none(), _text),
)
def test_any_text_parses_in_every_format(
    title: str, author: str | None, kind: str, date: str | None, number: str | None, publisher: str | None
) -> None:
    source = Source(kind=kind, title=title, author=author, date=date, law_number=number, publisher=publisher)  # type: ignore[arg-type]
    other = Source(kind="law", title="Second", author="Second author")
    sources = [("first", source), ("second", other)]
    want_title, want_author = normalised(title), normalised(author or "")

    lines = render(sources, "text").splitlines()
    assert len(lines) == 2 and lines[1] == '[second] Second author. "Second".'
    assert lines[0] == "[first]" or lines[0].startswith("[first] ")  # "[first]": nothing readable is left
    if want_title:
        assert f'"{want_title}".' in lines[0]
    assert not [char for char in lines[0] if unicodedata.category(char) == "Cc"]

    library = parse_bibtex(render(sources, "bibtex"))
    assert [entry.key for entry in library.entries] == ["first", "second"]
    values = fields(library.entries[0])
    assert all(braces_balance(value) for value in values.values())
    assert (latex_text(unwrap(values["title"])) if "title" in values else "") == want_title
    assert (latex_text(unwrap(values["author"])) if "author" in values else "") == want_author
    assert fields(library.entries[1])["title"] == "{Second}"

    library = parse_bibtex(render(sources, "biblatex"))
    assert [entry.key for entry in library.entries] == ["first", "second"]
    values = fields(library.entries[0])
    assert all(braces_balance(value) for value in values.values())
    assert (latex_text(unwrap(values["title"])) if "title" in values else "") == want_title
    assert (latex_text(unwrap(values["author"])) if "author" in values else "") == want_author

    records = rispy.loads(render(sources, "ris"))
    assert [record["id"] for record in records] == ["first", "second"]
    assert records[0].get("title", "") == want_title
    assert records[0].get("authors", [""]) == [want_author]
    assert records[1]["title"] == "Second"
    if normalised(number or ""):
        assert records[0]["notes"][0].endswith(f"No. {normalised(number or '')}")

    items = json.loads(render(sources, "csl-json"))
    check_csl(items)
    assert items[0]["title"] == title
    if kind == "court ruling":
        assert items[0].get("authority") == author
    else:
        assert items[0].get("author") == ([{"literal": author}] if author else None)
    assert items[1]["title"] == "Second"


# ---------------------------------------------------------------------------------------
# The bundled data, as `kzreforms cite --all` prints it
# ---------------------------------------------------------------------------------------


def cite_all(format_name: str) -> str:
    result = run("cite", "--all", "--format", format_name)
    assert (result.code, result.stderr) == (0, "")
    return result.stdout


@pytest.mark.parametrize("format_name", ["bibtex", "biblatex"])
def test_every_bundled_source_parses_in_bibtex_once(format_name: str, bundled: Dataset) -> None:
    keys = list(bundled.sources)
    library = parse_bibtex(cite_all(format_name))
    assert library.failed_blocks == []  # a duplicate key would be a DuplicateBlockKeyBlock here
    assert [entry.key for entry in library.entries] == keys


def test_every_bundled_source_parses_in_ris_and_csl_json(bundled: Dataset) -> None:
    sources = bundled.sources
    records = rispy.loads(cite_all("ris"))
    assert [record["id"] for record in records] == list(sources)
    items = json.loads(cite_all("csl-json"))
    check_csl(items)
    assert [item["id"] for item in items] == list(sources)
    # A newspaper is the container of its reports, never their author.
    for item in items:
        if item["type"] == "article-newspaper" and "author" in item:
            assert item["author"] != [{"literal": item.get("container-title")}]


# ---------------------------------------------------------------------------------------
# CITATION.cff and `kzreforms cite --dataset`
# ---------------------------------------------------------------------------------------


def citation_cff() -> dict[str, Any]:
    """CITATION.cff read as cffconvert reads it: YAML, with its dates kept as strings."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    # The schema says "cast YAML 'date' objects to string objects when validating".
    Loader.add_constructor("tag:yaml.org,2002:timestamp", Loader.construct_yaml_str)
    loaded: dict[str, Any] = yaml.load((ROOT / "CITATION.cff").read_text(encoding="utf-8"), Loader=Loader)
    return loaded


def test_citation_cff_is_valid_citation_file_format() -> None:
    import jsonschema

    schema = json.loads((ROOT / "tests" / "data" / "cff-schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    cff = citation_cff()
    validator.validate(cff)
    with pytest.raises(jsonschema.ValidationError):  # the schema does refuse what CFF does not know
        validator.validate({**cff, "tittle": cff["title"]})


# cffconvert 2.0.0, the newest, needs jsonschema < 4, which the test dependencies exclude: it
# gets a virtual environment of its own, from the package registry (so the test is slow).
CFFCONVERT = "cffconvert==2.0.0"


@pytest.mark.slow
def test_cffconvert_validates_citation_cff(tmp_path: Path) -> None:
    import subprocess
    import sys

    environment = tmp_path / "cffconvert"
    subprocess.run([sys.executable, "-m", "venv", str(environment)], check=True)
    installed = subprocess.run(
        [str(environment / "bin" / "pip"), "install", "-q", "--disable-pip-version-check", CFFCONVERT],
        capture_output=True,
        text=True,
        check=False,
    )
    assert installed.returncode == 0, f"pip install {CFFCONVERT} failed:\n{installed.stderr}"
    checked = subprocess.run(
        [str(environment / "bin" / "cffconvert"), "--validate", "-i", str(ROOT / "CITATION.cff")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (checked.returncode, checked.stdout) == (
        0,
        "Citation metadata are valid according to schema version 1.2.0.\n",
    )


def test_cite_dataset_says_what_citation_cff_says(bundled: Dataset) -> None:
    cff = citation_cff()
    [data] = cff["references"]
    result = run("cite", "--dataset", "--format", "csl-json")
    assert (result.code, result.stderr) == (0, "")
    items = json.loads(result.stdout)
    check_csl(items)
    tool, dataset = items
    assert (tool["id"], tool["type"], dataset["id"], dataset["type"]) == (
        "kzreforms", "software", "kzreforms-data", "dataset",
    )  # fmt: skip
    assert tool["title"] == cff["title"] and dataset["title"] == data["title"]
    assert tool["author"] == [{"literal": author["name"]} for author in cff["authors"]]
    assert dataset["author"] == [{"literal": author["name"]} for author in data["authors"]]
    assert tool["version"] == cff["version"] == __version__
    assert dataset["version"] == data["version"] == data["date-released"] == bundled.as_of
    assert dataset["issued"] == {"date-parts": [[int(part) for part in bundled.as_of.split("-")]]}
    assert tool["note"] == f"Licence: {cff['license']}"
    assert data["license"] == "CC-BY-4.0" and bundled.license and bundled.license.startswith("CC BY 4.0")
    assert dataset["note"] == f"Licence: {bundled.license}"


def test_cite_dataset_in_every_format(bundled: Dataset) -> None:
    as_of = bundled.as_of
    text = run("cite", "--dataset").stdout
    assert text == (
        "[kzreforms] kzreforms developers. \"kzreforms: what Kazakhstan's political reforms since 2019 changed, "
        f'before and after". Software, version {__version__}. Licence: MIT.\n'
        "[kzreforms-data] kzreforms developers. \"Kazakhstan's political reforms since 2019: before and after, "
        f'with their sources". Dataset, as of {as_of}. Licence: CC BY 4.0; every fact is credited to its source.\n'
    )
    for format_name in ("bibtex", "biblatex"):
        library = parse_bibtex(run("cite", "--dataset", "-f", format_name).stdout)
        tool, data = (fields(entry) for entry in library.entries)
        assert [entry.entry_type for entry in library.entries] == (
            ["misc", "misc"] if format_name == "bibtex" else ["software", "dataset"]
        )
        assert tool["author"] == "{kzreforms developers}" and data["date"] == as_of
        if format_name == "biblatex":
            assert (tool["version"], data["version"]) == (__version__, as_of)
        else:
            assert tool["howpublished"] == f"Software, version {__version__}" and data["month"] == "nov"
    tool, data = rispy.loads(run("cite", "--dataset", "-f", "ris").stdout)
    assert (tool["type_of_reference"], tool["edition"]) == ("COMP", __version__)
    assert (data["type_of_reference"], data["edition"], data["date"]) == (
        "DATA",
        as_of,
        as_of.replace("-", "/") + "/",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--dataset", "5"), "--dataset cites the tool and the data: give it no ids, keys or --all"),
        (("--dataset", "--all"), "--dataset cites the tool and the data: give it no ids, keys or --all"),
    ],
)
def test_cite_dataset_takes_nothing_else(args: tuple[str, ...], message: str) -> None:
    result = run("cite", *args)
    assert (result.code, result.stdout, result.stderr) == (2, "", f"kzreforms: error: {message}\n")


def test_a_name_of_several_entries_is_one_line_naming_them() -> None:
    result = run("cite", "5", "ombudsman")  # entries 9 and 24 both answer to it
    assert (result.code, result.stdout, result.stderr) == (
        1, "", "kzreforms: error: 'ombudsman' names 2 entries: 9, 24; give an id\n",
    )  # fmt: skip


def test_a_name_that_is_nothing_in_the_data_is_one_line_and_exit_1() -> None:
    result = run("cite", "5", "no-such-thing")
    assert (result.code, result.stdout, result.stderr) == (
        1, "", "kzreforms: error: no entry id, name or source key 'no-such-thing'; kzreforms sources lists them\n",
    )  # fmt: skip
