"""Citations: the sources of an entry as plain text, BibTeX, RIS or CSL-JSON. Pure; no I/O.

``kzreforms cite ID --format NAME`` prints :func:`render` of the sources that
:func:`cited_keys` lists. Each format is written by hand, with every value made safe for it:

- Text, RIS and BibTeX carry each value *normalised*: white space of any kind (line breaks,
  tabs, U+2028, …) becomes a space, runs of spaces become one and the ends are trimmed;
  control characters (C0, DEL, C1: ANSI escapes lose their ESC), lone surrogates and the
  bidirectional formatting characters are removed. A value that is empty afterwards is
  left out. Addresses also have white space, controls and ``{ } \\ " < > ^ ` |``
  percent-encoded, which leaves them pointing at the same place.
- BibTeX escapes the specials (``\\ { } % & $ # _ ~ ^``) as LaTeX commands whose braces
  balance, so that BibTeX itself, which counts ``\\{`` as a brace, reads every value, and
  breaks the ligatures (``--``, ``''``, ``<<``, …) with ``{}`` so that the text is typeset as
  written. Titles and authors are wrapped in an extra pair of braces: a style never changes
  their case and never splits an organisation such as "Human Rights Watch" into first and
  last names. UTF-8 is kept as is.
- CSL-JSON keeps every value exactly: JSON escapes the control characters, and C1
  controls, lone surrogates, U+2028/U+2029 and the bidirectional characters, which JSON may
  carry raw, are written as ``\\uXXXX`` so that a terminal never obeys them.

A date is ISO 8601 at the precision the source gives ("2022", "2022-06", "2022-06-05") and is
written at that precision; one that is not (the schema refuses it) is left out of BibTeX,
RIS and CSL-JSON and shown as written in text. ``accessed``, when given and an ISO date, is
added to the sources that have an address.

===============  ===========  ====  ===================
kind             BibTeX       RIS   CSL-JSON
===============  ===========  ====  ===================
law              misc         STAT  legislation
constitution     misc         STAT  legislation
decree           misc         STAT  legislation
court ruling     misc         CASE  legal_case
news             online       NEWS  article-newspaper
report           techreport   RPRT  report
article          online       GEN   article
dataset          misc         DATA  dataset
===============  ===========  ====  ===================
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import formats
from ._msgspec import msgspec

if TYPE_CHECKING:
    from collections.abc import Sequence

    from .model import Dataset, Reform, Source

FORMATS = ("text", "bibtex", "ris", "csl-json")

_BIBTEX_TYPES = {"news": "online", "article": "online", "report": "techreport"}
_RIS_TYPES = {
    "law": "STAT",
    "constitution": "STAT",
    "decree": "STAT",
    "court ruling": "CASE",
    "news": "NEWS",
    "report": "RPRT",
    "article": "GEN",
    "dataset": "DATA",
}
_CSL_TYPES = {
    "law": "legislation",
    "constitution": "legislation",
    "decree": "legislation",
    "court ruling": "legal_case",
    "news": "article-newspaper",
    "report": "report",
    "article": "article",
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
    raise UnknownSource(f"no entry id or source key '{shorten(name, 40)}'; {hint}")


def _walk_sources(record: msgspec.Struct, keys: dict[str, None]) -> None:
    names = record.__struct_fields__
    if "sources" in names:
        keys.update(dict.fromkeys(record.sources))  # type: ignore[attr-defined]
    for name in names:
        value = getattr(record, name)
        if isinstance(value, msgspec.Struct):
            _walk_sources(value, keys)
        elif type(value) is tuple and value and isinstance(value[0], msgspec.Struct):
            for member in value:
                _walk_sources(member, keys)


def render(sources: Sequence[tuple[str, Source]], format_name: str, accessed: str | None = None) -> str:
    """The sources, each a (key, record) pair, in the format; ends with a newline.

    ``accessed`` is the date the addresses were last checked ("2025-01-31"). No sources give
    "[]" in CSL-JSON and nothing at all in the other formats. An unknown format is a
    ValueError.
    """
    if format_name == "csl-json":
        return _csl_json(sources, accessed)
    if format_name == "text":
        lines = [_text_line(key, source, accessed) for key, source in sources]
        return "".join(f"{line}\n" for line in lines)
    if format_name == "bibtex":
        taken: set[str] = set()
        return "\n".join(_bibtex_entry(_bibtex_key(key, taken), source, accessed) for key, source in sources)
    if format_name == "ris":
        return "\n".join(_ris_record(key, source, accessed) for key, source in sources)
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


def _text_line(key: str, source: Source, accessed: str | None) -> str:
    """``[key] Author. "Title". 2020-05-25. Law No. 333-VI. https://… (accessed 2025-01-31)``."""
    parts = [f"[{_clean(key) or 'source'}]"]
    author, title, date = _clean(source.author), _clean(source.title), _clean(source.date)
    law = _number(source)
    if author:
        parts.append(_sentence(author))
    if title:
        parts.append(f'"{title}".')
    if date:
        parts.append(f"{date}.")
    if law:
        parts.append(_sentence(law))
    url = _url(source.url)
    if url:
        parts.append(url)
        when = _date_parts(accessed)
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


def _bibtex_entry(key: str, source: Source, accessed: str | None) -> str:
    fields: list[tuple[str, str]] = []
    title, author = _latex(source.title), _latex(source.author)
    if title:
        fields.append(("title", f"{{{{{title}}}}}"))
    if author:
        fields.append(("author", f"{{{{{author}}}}}"))
    date = _date_parts(source.date)
    if date:
        fields.append(("year", f"{{{date[0]}}}"))
        if len(date) > 1:
            fields.append(("month", _MONTHS[date[1] - 1]))
        fields.append(("date", f"{{{_iso(date)}}}"))
    how = _HOW_PUBLISHED.get(source.kind)
    if how:
        fields.append(("howpublished", f"{{{how}}}"))
    note = _latex(_number(source))
    if note:
        fields.append(("note", f"{{{note}}}"))
    language = _latex(source.language)
    if language:
        fields.append(("language", f"{{{language}}}"))
    url = _url(source.url)
    if url:
        fields.append(("url", f"{{{url}}}"))
        when = _date_parts(accessed)
        if when:
            fields.append(("urldate", f"{{{_iso(when)}}}"))
    entry_type = _BIBTEX_TYPES.get(source.kind, "misc")
    body = "".join(f"  {name} = {value},\n" for name, value in fields)
    return f"@{entry_type}{{{key},\n{body}}}\n"


# ---------------------------------------------------------------------------------------
# RIS
# ---------------------------------------------------------------------------------------


def _ris_date(parts: tuple[int, ...]) -> str:
    """RIS's YYYY/MM/DD/: the slashes stay where a part is missing ("2022///")."""
    padded = [f"{part:02d}" for part in parts] + [""] * (3 - len(parts))
    return "/".join(padded) + "/"


def _ris_record(key: str, source: Source, accessed: str | None) -> str:
    fields: list[tuple[str, str]] = [("TY", _RIS_TYPES.get(source.kind, "GEN")), ("ID", _clean(key))]
    fields += [("TI", _clean(source.title)), ("AU", _clean(source.author))]
    date = _date_parts(source.date)
    if date:
        fields += [("PY", f"{date[0]:04d}"), ("DA", _ris_date(date))]
    fields += [("N1", _number(source)), ("LA", _clean(source.language))]
    url = _url(source.url)
    if url:
        fields.append(("UR", url))
        when = _date_parts(accessed)
        if when:
            fields.append(("Y2", _ris_date(when)))
    lines = [f"{tag}  - {value}\n" for tag, value in fields if value]
    return "".join(lines) + "ER  - \n"


# ---------------------------------------------------------------------------------------
# CSL-JSON
# ---------------------------------------------------------------------------------------


def _csl_item(key: str, source: Source, accessed: str | None) -> dict[str, Any]:
    item: dict[str, Any] = {"id": key, "type": _CSL_TYPES.get(source.kind, "document"), "title": source.title}
    if source.author:
        item["author"] = [{"literal": source.author}]
    date = _date_parts(source.date)
    if date:
        item["issued"] = {"date-parts": [list(date)]}
    if source.law_number:
        item["number"] = source.law_number
    if source.language:
        item["language"] = source.language
    if source.url:
        item["URL"] = source.url
        when = _date_parts(accessed)
        if when:
            item["accessed"] = {"date-parts": [list(when)]}
    return item


def _inert(char: str) -> bool:
    code = ord(char)
    return 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF or char in _BIDI or char in "\u2028\u2029"


def _csl_json(sources: Sequence[tuple[str, Source]], accessed: str | None) -> str:
    import json

    text = json.dumps(
        [_csl_item(key, source, accessed) for key, source in sources], ensure_ascii=False, indent=2
    )
    # Outside strings JSON is ASCII, so these characters are all inside strings: escape them.
    return "".join(f"\\u{ord(char):04x}" if _inert(char) else char for char in text) + "\n"
