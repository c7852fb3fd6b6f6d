"""Citations: sources as plain text, BibTeX, BibLaTeX, RIS or CSL-JSON. Pure; no I/O.

``kzreforms cite NAME... --format NAME`` prints :func:`render` of the sources that
:func:`select` picks. Every format labels a source by its key, so the same source is the
same record whatever entry cites it. Each format is written by hand, with every value made
safe for it:

- Text, RIS, BibTeX and BibLaTeX carry each value *normalised*: white space of any kind
  (line breaks, tabs, U+2028, …) becomes a space, runs of spaces become one and the ends are
  trimmed; control characters (C0, DEL, C1: ANSI escapes lose their ESC), lone surrogates
  and the bidirectional formatting characters are removed. A value that is empty afterwards
  is left out. Addresses also have white space, controls and ``{ } \\ " < > ^ ` |``
  percent-encoded, which leaves them pointing at the same place.
- BibTeX and BibLaTeX escape the specials (``\\ { } % & $ # _ ~ ^``) as LaTeX commands whose
  braces balance, so that BibTeX itself, which counts ``\\{`` as a brace, reads every value,
  and break the ligatures (``--``, ``''``, ``<<``, …) with ``{}`` so that the text is typeset
  as written. Titles, authors and outlets are wrapped in an extra pair of braces: a style
  never changes their case (a title keeps its language's capitals) and never splits an
  organisation such as "Human Rights Watch" into first and last names. UTF-8 is kept as is.
- CSL-JSON keeps every value exactly: JSON escapes the control characters, and C1
  controls, lone surrogates, U+2028/U+2029 and the bidirectional characters, which JSON may
  carry raw, are written as ``\\uXXXX`` so that a terminal never obeys them.

The fields, as a librarian maps them: ``author`` (the person or body that wrote the page or
enacted the text) is the author, except a court's, which is a ruling's CSL ``authority``;
``publisher`` (the outlet) is the newspaper of a news report (BibTeX ``journal``, BibLaTeX
``journaltitle``, RIS ``JO``, CSL ``container-title``), the website of an article (BibLaTeX
``organization``, CSL ``container-title``) and otherwise the publisher or institution;
``law_number`` is the ``number`` of a legal text; ``accessed`` is ``urldate`` (RIS ``Y2``).

A date is ISO 8601 at the precision the source gives ("2022", "2022-06", "2022-06-05") and is
written at that precision; one that is not (the schema refuses it) is left out of BibTeX,
RIS and CSL-JSON and shown as written in text. ``accessed`` is written only for a source
with an address.

=============  ==============  ============  ====  ===================
kind           BibTeX          BibLaTeX      RIS   CSL-JSON
=============  ==============  ============  ====  ===================
law            misc            legislation   STAT  legislation
constitution   misc            legislation   STAT  legislation
decree         misc            legislation   STAT  legislation
court ruling   misc            jurisdiction  CASE  legal_case
news           article [#]_    article [#]_  NEWS  article-newspaper
report         techreport      report        RPRT  report
article        misc            online        ELEC  webpage
dataset        misc            dataset       DATA  dataset
=============  ==============  ============  ====  ===================

.. [#] With a publisher (the newspaper); ``misc`` in BibTeX and ``online`` in BibLaTeX without.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import formats
from ._msgspec import msgspec

if TYPE_CHECKING:
    from collections.abc import Sequence

    from .model import Dataset, Reform, Source

FORMATS = ("text", "bibtex", "biblatex", "ris", "csl-json")

_LEGAL = frozenset(("law", "constitution", "decree", "court ruling"))
_BIBLATEX_TYPES = {
    "law": "legislation",
    "constitution": "legislation",
    "decree": "legislation",
    "court ruling": "jurisdiction",
    "news": "article",
    "report": "report",
    "article": "online",
    "dataset": "dataset",
}
_RIS_TYPES = {
    "law": "STAT",
    "constitution": "STAT",
    "decree": "STAT",
    "court ruling": "CASE",
    "news": "NEWS",
    "report": "RPRT",
    "article": "ELEC",
    "dataset": "DATA",
}
_CSL_TYPES = {
    "law": "legislation",
    "constitution": "legislation",
    "decree": "legislation",
    "court ruling": "legal_case",
    "news": "article-newspaper",
    "report": "report",
    "article": "webpage",
    "dataset": "dataset",
}
# BibTeX's ``howpublished``: what kind of document a @misc entry is.
_HOW_PUBLISHED = {
    "law": "Law",
    "constitution": "Constitution",
    "decree": "Decree",
    "court ruling": "Court ruling",
    "dataset": "Dataset",
}
# How a source's number is named: "Law No. 333-VI".
_NUMBER_LABELS = {
    "law": "Law No.",
    "constitution": "Law No.",
    "decree": "Decree No.",
    "court ruling": "Ruling No.",
}
# BibLaTeX's ``langid`` (babel's names) for the languages of the bundled data.
_LANGIDS = {"en": "english", "ru": "russian", "kk": "kazakh", "ar": "arabic", "de": "german", "fr": "french"}
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

# Bidirectional formatting characters: they can reorder what a reader sees.
_BIDI = frozenset(map(chr, formats.BIDI))
_LATEX = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
# Pairs of characters that TeX's fonts join into another character ("--" into a dash).
_LIGATURES = frozenset(("--", "''", "``", ",,", "<<", ">>", "!`", "?`"))


def cited_keys(reform: Reform) -> list[str]:
    """Every source key the entry cites, each once, in order of first citation.

    The order follows the model: a record's own ``sources`` first, then those of the records
    inside it, field by field as declared (before, after, thresholds, each with its steps,
    figures, measures, events, assessments). A record type added to the model is walked too.
    """
    keys: dict[str, None] = {}
    _walk_sources(reform, keys)
    return list(keys)


def numbered(reform: Reform) -> dict[str, int]:
    """Each source key the entry cites, with its number: [1], [2], … as every view shows them."""
    return {key: number for number, key in enumerate(cited_keys(reform), start=1)}


class UnknownSource(ValueError):
    """An entry id, source key or ``ID:N`` that names no source; the message is one line."""


def select(dataset: Dataset, names: Sequence[str], every: bool = False) -> list[tuple[str, Source]]:
    """The sources that ``names`` name, each once, in order of first naming, as (key, record).

    A name is an entry id ("5": every source of entry 5, as :func:`cited_keys` orders them),
    a source key ("law-333-vi"), or ``ID:N`` ("5:2": the entry's source [2], as ``show 5``
    numbers them). ``every`` adds every source of the dataset, in the data file's order.
    A name that names nothing is an :class:`UnknownSource`.
    """
    keys: dict[str, None] = {}
    for name in names:
        keys.update(dict.fromkeys(_keys_named(dataset, name)))
    if every:
        keys.update(dict.fromkeys(dataset.sources))
    return [(key, dataset.sources[key]) for key in keys]


def usage_problem(names: bool, every: bool, dataset_only: bool) -> str | None:
    """What is wrong with the names and options given to ``kzreforms cite``, or None."""
    if dataset_only and (names or every):
        return "--dataset cites the tool and the data: give it no ids, keys or --all"
    if not (names or every or dataset_only):
        return "give entry ids, source keys, ID:N, --all or --dataset (kzreforms cite --help)"
    return None


def cite(
    dataset: Dataset, names: Sequence[str], every: bool, dataset_only: bool, format_name: str, version: str
) -> str:
    """What ``kzreforms cite`` prints: the sources named (:func:`select`), or with ``dataset_only``
    the tool at ``version`` and the data (:func:`works`), in the format."""
    if dataset_only:
        return render_works(works(version, dataset.as_of, dataset.license), format_name)
    return render(select(dataset, names, every), format_name)


def _keys_named(dataset: Dataset, name: str) -> list[str]:
    from .formats import id_ranges, shorten

    entry, colon, number = name.partition(":")
    if entry.isascii() and entry.isdigit():
        reform = dataset.get(int(entry)) if len(entry) <= 19 else None
        if reform is None:
            valid = id_ranges([r.id for r in dataset.reforms]) or "none"
            raise UnknownSource(f"no entry with id '{shorten(entry, 40)}'; valid ids: {valid}")
        keys = cited_keys(reform)
        if not colon:
            return keys
        if not (number.isascii() and number.isdigit() and 1 <= int(number[:19]) <= len(keys)):
            raise UnknownSource(
                f"no source '{shorten(number, 40)}' in entry {reform.id}; its sources are 1-{len(keys)}"
                f" (kzreforms show {reform.id})"
            )
        return [keys[int(number) - 1]]
    if name in dataset.sources:
        return [name]
    import difflib

    close = difflib.get_close_matches(name.casefold(), list(dataset.sources), n=3, cutoff=0.6)
    hint = (
        f"did you mean {', '.join(repr(key) for key in close)}?" if close else "kzreforms sources lists them"
    )
    raise UnknownSource(f"no entry id, name or source key '{shorten(name, 40)}'; {hint}")


def _walk_sources(record: msgspec.Struct, keys: dict[str, None]) -> None:
    cites, inside = _source_plan(type(record))
    for name in cites:  # its own sources first, then those of the records inside it
        keys.update(dict.fromkeys(getattr(record, name)))
    for name, many in inside:
        value = getattr(record, name)
        if many:
            for member in value:
                _walk_sources(member, keys)
        elif value is not None:
            _walk_sources(value, keys)


_SOURCE_PLANS: dict[type, tuple[tuple[str, ...], tuple[tuple[str, bool], ...]]] = {}


def _source_plan(kind: type) -> tuple[tuple[str, ...], tuple[tuple[str, bool], ...]]:
    """A record type's fields of source keys, and those that hold records (one, or a tuple of
    them: True): from :func:`model.roles`, as validation walks them, kept once a type."""
    plan = _SOURCE_PLANS.get(kind)
    if plan is None:
        from .model import roles

        fields = roles(kind)
        cites = tuple(name for name, role in fields if role == "cites")
        inside = tuple((name, role == "records") for name, role in fields if role in ("record", "records"))
        plan = _SOURCE_PLANS[kind] = (cites, inside)
    return plan


def render(sources: Sequence[tuple[str, Source]], format_name: str) -> str:
    """The sources, each a (key, record) pair, in the format; ends with a newline.

    No sources give "[]" in CSL-JSON and nothing at all in the other formats. An unknown
    format is a ValueError.
    """
    if format_name == "csl-json":
        return _csl_json(sources)
    if format_name == "text":
        return "".join(f"{_text_line(key, source)}\n" for key, source in sources)
    if format_name in ("bibtex", "biblatex"):
        taken: set[str] = set()
        entry = _bibtex_entry if format_name == "bibtex" else _biblatex_entry
        return "\n".join(entry(_bibtex_key(key, taken), source) for key, source in sources)
    if format_name == "ris":
        return "\n".join(_ris_record(key, source) for key, source in sources)
    raise ValueError(f"unknown citation format {format_name!r}: use one of {', '.join(FORMATS)}")


# ---------------------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------------------


def _clean(text: str | None) -> str:
    """``text`` normalised as the module's docstring says ("" for None)."""
    if not text:
        return ""
    import unicodedata

    kept = []
    for char in text:
        if char.isspace():
            kept.append(" ")
        elif char not in _BIDI and unicodedata.category(char) not in ("Cc", "Cs"):
            kept.append(char)
    return " ".join("".join(kept).split())


def _url(url: str | None) -> str:
    """The address with white space, controls and the characters a URL may not carry percent-encoded."""
    return formats.url_escaped(url) if url else ""


def _date_parts(date: str | None) -> tuple[int, ...]:
    """(year,), (year, month) or (year, month, day) of an ISO date; () if it is not one."""
    if not date:
        return ()
    pieces = date.split("-")
    if len(pieces) > 3 or [len(piece) for piece in pieces] != [4, 2, 2][: len(pieces)]:
        return ()
    if not all(piece.isascii() and piece.isdigit() for piece in pieces):
        return ()
    parts = tuple(int(piece) for piece in pieces)
    if (len(parts) > 1 and not 1 <= parts[1] <= 12) or (len(parts) > 2 and not 1 <= parts[2] <= 31):
        return ()
    return parts


def _iso(parts: tuple[int, ...]) -> str:
    return "-".join(f"{part:02d}" for part in parts)


def _number(source: Source) -> str:
    """The source's number, named: "Law No. 333-VI"; "" if it has none."""
    number = _clean(source.law_number)
    return f"{_NUMBER_LABELS.get(source.kind, 'No.')} {number}" if number else ""


# ---------------------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------------------


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _text_line(key: str, source: Source) -> str:
    """``[key] Author. "Title". Publisher. 2020-05-25. Law No. 333-VI. https://… (accessed 2025-01-31)``."""
    parts = [f"[{_clean(key) or 'source'}]"]
    author, title, publisher = _clean(source.author), _clean(source.title), _clean(source.publisher)
    if author:
        parts.append(_sentence(author))
    if title:
        parts.append(f'"{title}".')
    if publisher:
        parts.append(_sentence(publisher))
    date, law = _clean(source.date), _number(source)
    if date:
        parts.append(f"{date}.")
    if law:
        parts.append(_sentence(law))
    url = _url(source.url)
    if url:
        parts.append(url)
        when = _date_parts(source.accessed)
        if when:
            parts.append(f"(accessed {_iso(when)})")
    return " ".join(parts)


# ---------------------------------------------------------------------------------------
# BibTeX
# ---------------------------------------------------------------------------------------


def _bibtex_key(key: str, taken: set[str]) -> str:
    """The key in the characters every BibTeX reader accepts, made unique among ``taken``."""
    safe = "".join(char if char.isascii() and (char.isalnum() or char in "._:-") else "-" for char in key)
    safe = safe or "source"
    candidate, suffix = safe, 2
    while candidate.lower() in taken:  # BibTeX compares keys without regard to case
        candidate, suffix = f"{safe}-{suffix}", suffix + 1
    taken.add(candidate.lower())
    return candidate


def _latex(text: str | None) -> str:
    """A normalised value as LaTeX: the specials escaped, the ligatures broken, braces balanced."""
    out = []
    previous = ""
    for char in _clean(text):
        if previous + char in _LIGATURES:
            out.append("{}")
        out.append(_LATEX.get(char, char))
        previous = char
    latex = "".join(out)
    # "{\" opening a group is a BibTeX "special character", whose case styles change: avoid it.
    return "{}" + latex if latex.startswith("\\") else latex


def _braced(text: str | None) -> str:
    """A title or name in two pairs of braces, so that no style changes its case or splits it; "" if empty."""
    latex = _latex(text)
    return f"{{{{{latex}}}}}" if latex else ""


def _bibtex_type(source: Source) -> str:
    """@article for a newspaper's report, @techreport for a report, @misc for the rest."""
    if source.kind == "news" and source.publisher:
        return "article"
    return "techreport" if source.kind == "report" else "misc"


def _bibtex_entry(key: str, source: Source) -> str:
    """Classic BibTeX: only the entry types and fields that bibtex's standard styles know."""
    entry_type = _bibtex_type(source)
    fields = [("title", _braced(source.title)), ("author", _braced(source.author))]
    publisher = _braced(source.publisher)
    if entry_type == "article":
        fields.append(("journal", publisher))
    elif entry_type == "techreport":
        fields.append(("institution", publisher or _braced(source.author)))
    else:
        how = ", ".join(part for part in (_HOW_PUBLISHED.get(source.kind), _latex(source.publisher)) if part)
        fields.append(("howpublished", f"{{{how}}}" if how else ""))
    date = _date_parts(source.date)
    if date:
        fields.append(("year", f"{{{date[0]}}}"))
        if len(date) > 1:
            fields.append(("month", _MONTHS[date[1] - 1]))
        fields.append(("date", f"{{{_iso(date)}}}"))
    note, language = _latex(_number(source)), _latex(source.language)
    fields += [("note", f"{{{note}}}" if note else ""), ("language", f"{{{language}}}" if language else "")]
    return _bibtex_record(entry_type, key, source, fields)


def _biblatex_entry(key: str, source: Source) -> str:
    """BibLaTeX: its legal and online types, the outlet as journaltitle, organization or publisher."""
    entry_type = _BIBLATEX_TYPES.get(source.kind, "misc")
    if entry_type == "article" and not source.publisher:
        entry_type = "online"
    fields = [("title", _braced(source.title)), ("author", _braced(source.author))]
    publisher = _braced(source.publisher)
    if entry_type == "article":
        fields += [("journaltitle", publisher), ("entrysubtype", "{newspaper}")]
    elif entry_type == "online":
        fields.append(("organization", publisher))
    elif entry_type == "report":
        fields += [("type", "{Report}"), ("institution", publisher or _braced(source.author))]
    else:
        fields.append(("publisher", publisher))
    date = _date_parts(source.date)
    fields.append(("date", f"{{{_iso(date)}}}" if date else ""))
    number = _latex(source.law_number)
    fields.append(("number", f"{{{number}}}" if number and source.kind in _LEGAL else ""))
    note = _latex(_number(source))
    fields.append(("note", f"{{{note}}}" if note and source.kind not in _LEGAL else ""))
    langid, language = _LANGIDS.get(source.language or ""), _latex(source.language)
    if langid or language:  # babel's name where it has one, else the code as the data gives it
        fields.append(("langid", f"{{{langid}}}") if langid else ("language", f"{{{language}}}"))
    return _bibtex_record(entry_type, key, source, fields)


def _bibtex_record(entry_type: str, key: str, source: Source, fields: list[tuple[str, str]]) -> str:
    """The entry with its non-empty fields, then the address and the date it was checked."""
    url = _url(source.url)
    if url:
        fields.append(("url", f"{{{url}}}"))
        when = _date_parts(source.accessed)
        if when:
            fields.append(("urldate", f"{{{_iso(when)}}}"))
    body = "".join(f"  {name} = {value},\n" for name, value in fields if value)
    return f"@{entry_type}{{{key},\n{body}}}\n"


# ---------------------------------------------------------------------------------------
# RIS
# ---------------------------------------------------------------------------------------


def _ris_date(parts: tuple[int, ...]) -> str:
    """RIS's YYYY/MM/DD/: the slashes stay where a part is missing ("2022///")."""
    padded = [f"{part:02d}" for part in parts] + [""] * (3 - len(parts))
    return "/".join(padded) + "/"


def _ris_record(key: str, source: Source) -> str:
    fields: list[tuple[str, str]] = [("TY", _RIS_TYPES.get(source.kind, "GEN")), ("ID", _clean(key))]
    fields += [("TI", _clean(source.title)), ("AU", _clean(source.author))]
    fields.append(("JO" if source.kind == "news" else "PB", _clean(source.publisher)))
    date = _date_parts(source.date)
    if date:
        fields += [("PY", f"{date[0]:04d}"), ("DA", _ris_date(date))]
    if source.kind in _LEGAL:
        fields.append(("M1", _clean(source.law_number)))
    fields += [("N1", _number(source)), ("LA", _clean(source.language))]
    url = _url(source.url)
    if url:
        fields.append(("UR", url))
        when = _date_parts(source.accessed)
        if when:
            fields.append(("Y2", _ris_date(when)))
    lines = [f"{tag}  - {value}\n" for tag, value in fields if value]
    return "".join(lines) + "ER  - \n"


# ---------------------------------------------------------------------------------------
# CSL-JSON
# ---------------------------------------------------------------------------------------


def _csl_item(key: str, source: Source) -> dict[str, Any]:
    """One CSL-JSON item: the court of a ruling is its authority; the outlet is the container of a
    report in a newspaper or on a website, and the publisher of anything else."""
    item: dict[str, Any] = {"id": key, "type": _CSL_TYPES.get(source.kind, "document"), "title": source.title}
    if source.author and source.kind == "court ruling":
        item["authority"] = source.author
    elif source.author:
        item["author"] = [{"literal": source.author}]
    if source.publisher:
        item["container-title" if source.kind in ("news", "article") else "publisher"] = source.publisher
    date = _date_parts(source.date)
    if date:
        item["issued"] = {"date-parts": [list(date)]}
    if source.law_number:
        item["number"] = source.law_number
    if source.language:
        item["language"] = source.language
    if source.url:
        item["URL"] = source.url
        when = _date_parts(source.accessed)
        if when:
            item["accessed"] = {"date-parts": [list(when)]}
    return item


def _inert(char: str) -> bool:
    code = ord(char)
    return 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF or char in _BIDI or char in "\u2028\u2029"


def _csl_json(sources: Sequence[tuple[str, Source]]) -> str:
    import json

    text = json.dumps([_csl_item(key, source) for key, source in sources], ensure_ascii=False, indent=2)
    # Outside strings JSON is ASCII, so these characters are all inside strings: escape them.
    return "".join(f"\\u{ord(char):04x}" if _inert(char) else char for char in text) + "\n"


# ---------------------------------------------------------------------------------------
# The tool and the dataset themselves (`kzreforms cite --dataset`, CITATION.cff)
# ---------------------------------------------------------------------------------------

AUTHOR = "kzreforms developers"
TOOL_TITLE = "kzreforms: what Kazakhstan's political reforms since 2019 changed, before and after"
DATA_TITLE = "Kazakhstan's political reforms since 2019: before and after, with their sources"


def works(version: str, as_of: str, data_license: str | None) -> list[dict[str, str]]:
    """The tool at ``version`` and the data as of ``as_of``, as CITATION.cff describes them.

    Each is ``{"key", "type" ("software" or "dataset"), "title", "author", "version",
    "license"}``, and the data also has ``"date"``, its ``as_of``.
    """
    tool = {"key": "kzreforms", "type": "software", "title": TOOL_TITLE, "author": AUTHOR}
    tool |= {"version": version, "license": "MIT"}
    data = {"key": "kzreforms-data", "type": "dataset", "title": DATA_TITLE, "author": AUTHOR}
    data |= {"version": as_of, "date": as_of, "license": data_license or ""}
    return [tool, data]


def render_works(records: Sequence[dict[str, str]], format_name: str) -> str:
    """:func:`works` in a format of :data:`FORMATS`, made safe as the sources are."""
    if format_name == "csl-json":
        items = [_csl_work(record) for record in records]
        import json

        text = json.dumps(items, ensure_ascii=False, indent=2)
        return "".join(f"\\u{ord(char):04x}" if _inert(char) else char for char in text) + "\n"
    if format_name == "text":
        return "".join(f"{_text_work(record)}\n" for record in records)
    if format_name in ("bibtex", "biblatex"):
        return "\n".join(_bibtex_work(record, format_name == "biblatex") for record in records)
    if format_name == "ris":
        return "\n".join(_ris_work(record) for record in records)
    raise ValueError(f"unknown citation format {format_name!r}: use one of {', '.join(FORMATS)}")


def _what(record: dict[str, str]) -> str:
    """ "Software, version 0.2.0" or "Dataset, as of 2026-11-30"."""
    if record["type"] == "software":
        return f"Software, version {_clean(record['version'])}"
    return f"Dataset, as of {_clean(record['version'])}"


def _text_work(record: dict[str, str]) -> str:
    parts = [f"[{record['key']}]", _sentence(_clean(record["author"])), f'"{_clean(record["title"])}".']
    parts.append(_sentence(_what(record)))
    licence = _clean(record["license"])
    if licence:
        parts.append(_sentence(f"Licence: {licence}"))
    return " ".join(parts)


def _bibtex_work(record: dict[str, str], biblatex: bool) -> str:
    fields = [("title", _braced(record["title"])), ("author", _braced(record["author"]))]
    date = _date_parts(record.get("date"))
    if biblatex:
        entry_type = record["type"]
        fields.append(("version", f"{{{_latex(record['version'])}}}"))
        if date:
            fields.append(("date", f"{{{_iso(date)}}}"))
    else:
        entry_type = "misc"
        fields.append(("howpublished", f"{{{_latex(_what(record))}}}"))
        if date:
            month = _MONTHS[date[1] - 1] if len(date) > 1 else ""
            fields += [("year", f"{{{date[0]}}}"), ("month", month), ("date", f"{{{_iso(date)}}}")]
    licence = _latex(record["license"])
    if licence:
        fields.append(("note", f"{{Licence: {licence}}}"))
    body = "".join(f"  {name} = {value},\n" for name, value in fields if value)
    return f"@{entry_type}{{{record['key']},\n{body}}}\n"


def _ris_work(record: dict[str, str]) -> str:
    kind = "COMP" if record["type"] == "software" else "DATA"
    fields = [
        ("TY", kind),
        ("ID", record["key"]),
        ("TI", _clean(record["title"])),
        ("AU", _clean(record["author"])),
    ]
    fields.append(("ET", _clean(record["version"])))
    date = _date_parts(record.get("date"))
    if date:
        fields += [("PY", f"{date[0]:04d}"), ("DA", _ris_date(date))]
    licence = _clean(record["license"])
    if licence:
        fields.append(("N1", f"Licence: {licence}"))
    return "".join(f"{tag}  - {value}\n" for tag, value in fields if value) + "ER  - \n"


def _csl_work(record: dict[str, str]) -> dict[str, Any]:
    item: dict[str, Any] = {"id": record["key"], "type": record["type"], "title": record["title"]}
    item["author"] = [{"literal": record["author"]}]
    item["version"] = record["version"]
    date = _date_parts(record.get("date"))
    if date:
        item["issued"] = {"date-parts": [list(date)]}
    if record["license"]:
        item["note"] = f"Licence: {record['license']}"  # CSL has no licence variable
    return item
