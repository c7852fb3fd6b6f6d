"""The documented JSON shape, and the exports: TOML (tomli-w), JSON, CSV and Markdown.

JSON is built from plain dicts with ``json.dumps``, never through Rich. The key order
of every object is fixed; README.md ("JSON format") documents it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import formats
from .formats import visible
from .model import Dataset, Event, Reform, Threshold

if TYPE_CHECKING:
    from .search import Hit

# Characters JSON or TOML may carry raw but a terminal would obey: C1 controls and
# bidirectional formatting (C0 controls are escaped by json and tomli-w themselves). They are
# written as \uXXXX escapes, so the data stays exact but inert.
_INERT = {code: f"\\u{code:04x}" for code in formats.UNSAFE if code >= 0x7F} | {
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def dumps_json(value: object, ascii_only: bool = False) -> str:
    """Indented JSON, UTF-8 text kept readable, control characters escaped; ends with a newline.

    ``ascii_only`` escapes every non-ASCII character, for an output that cannot encode them.
    """
    import json

    return json.dumps(value, ensure_ascii=ascii_only, indent=2).translate(_INERT) + "\n"


def threshold_json(threshold: Threshold) -> dict[str, Any]:
    change = threshold.change
    return {
        "label": threshold.label,
        "before": threshold.before,
        "after": threshold.after,
        "unit": threshold.unit,
        "change": None if change is None else {"amount": change.amount, "unit": change.unit},
        "steps": [{"value": s.value, "date": s.date, "source": s.source} for s in threshold.steps],
        "source": threshold.source,
    }


def reform_json(reform: Reform) -> dict[str, Any]:
    """One entry in the documented JSON shape."""
    return {
        "id": reform.id,
        "kind": reform.kind,
        "title": reform.title,
        "before": reform.before,
        "after": reform.after,
        "before_short": reform.before_short,
        "after_short": reform.after_short,
        "topics": list(reform.topics),
        "thresholds": [threshold_json(t) for t in reform.thresholds],
        "figures": [
            {"label": f.label, "value": f.value, "unit": f.unit, "source": f.source} for f in reform.figures
        ],
        "measures": list(reform.measures),
        "events": [{"date": e.date, "text": e.text, "source": e.source} for e in reform.events],
        "sources": list(reform.sources),
    }


def event_json(event: Event) -> dict[str, Any]:
    """A dated event for the timeline: ``reform`` is the entry's id, null for context."""
    return {"date": event.date, "text": event.text, "source": event.source, "reform": event.reform}


def hit_json(hit: Hit) -> dict[str, Any]:
    """A search hit: the entry's JSON, then how it matched."""
    record = reform_json(hit.reform)
    record["match"] = {
        "score": hit.score,
        "field": hit.snippet.field,
        "snippet": hit.snippet.text,
        "spans": [list(span) for span in hit.snippet.spans],
    }
    return record


# --------------------------------------------------------------------------------------
# Exports: the same entries as TOML, JSON, CSV or Markdown
# --------------------------------------------------------------------------------------

FORMATS = ("toml", "json", "csv", "markdown")
CSV_COLUMNS = (
    "id", "title", "before", "after", "kind", "before_short", "after_short", "topics",
    "thresholds", "figures", "measures", "events", "sources",
)  # fmt: skip
# A spreadsheet treats a cell starting with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def to_toml(dataset: Dataset) -> str:
    """The dataset in exactly the schema of data/reforms.toml, written by tomli-w."""
    import tomli_w

    from .schema import dataset_record

    return tomli_w.dumps(dataset_record(dataset)).translate(_INERT)


def to_json(dataset: Dataset) -> str:
    return dumps_json([reform_json(reform) for reform in dataset.reforms])


def _csv_cell(value: str) -> str:
    value = visible(value)
    return "'" + value if value.startswith(_FORMULA_START) else value


def to_csv(dataset: Dataset) -> str:
    """One row per entry under a header row; lists joined, thresholds flattened to text.

    UTF-8 with a byte-order mark (so spreadsheets read it as UTF-8), every field quoted
    where needed, CRLF line ends as RFC 4180 asks.
    """
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_COLUMNS)
    for reform in dataset.reforms:
        row = [
            str(reform.id),
            reform.title,
            reform.before,
            reform.after,
            reform.kind,
            reform.before_short or "",
            reform.after_short or "",
            "; ".join(reform.topics),
            "\n".join(f"{t.label}: {formats.threshold_text(t)}" for t in reform.thresholds),
            "\n".join(f"{f.label}: {formats.amount(f.value, f.unit)}" for f in reform.figures),
            "\n".join(reform.measures),
            "\n".join(f"{e.date}: {e.text}" for e in reform.events),
            "\n".join(reform.sources),
        ]
        writer.writerow([_csv_cell(cell) for cell in row])
    return "\ufeff" + buffer.getvalue()


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#~])")


def _markdown(value: str) -> str:
    """Text safe inside a Markdown table cell: specials escaped, line breaks as <br>."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", visible(value))
    return escaped.replace("\r\n", "\n").replace("\n", "<br>")


def to_markdown(dataset: Dataset) -> str:
    """A table to paste into an article, then the sources of each entry."""
    lines = [
        "| ID | Reform | Before | After | Thresholds |",
        "|---:|---|---|---|---|",
    ]
    for reform in dataset.reforms:
        thresholds = "<br>".join(
            f"{_markdown(t.label)}: {_markdown(formats.threshold_text(t))}" for t in reform.thresholds
        )
        cells = [str(reform.id), _markdown(reform.title), _markdown(reform.before), _markdown(reform.after)]
        lines.append("| " + " | ".join([*cells, thresholds]) + " |")
    lines += ["", "Sources:", ""]
    for reform in dataset.reforms:
        cited = "; ".join(_markdown(source) for source in reform.sources)
        lines.append(f"- {reform.id}. {_markdown(reform.title)}: {cited}")
    return "\n".join(lines) + "\n"


def render_export(dataset: Dataset, format_name: str) -> str:
    exporters = {"toml": to_toml, "json": to_json, "csv": to_csv, "markdown": to_markdown}
    return exporters[format_name](dataset)


class WriteError(Exception):
    """A file that could not be written; the message is one line naming it."""


def check_target(path: Path, force: bool = False) -> None:
    """Raise WriteError unless ``path`` can be written: a file in an existing folder, new or forced."""
    if path.is_dir():
        raise WriteError(f"{path}: is a folder")
    if path.exists() and not path.is_file():  # never replace a device such as /dev/null
        raise WriteError(f"{path}: not a regular file")
    if not path.parent.is_dir():
        raise WriteError(f"{path}: no such folder: {path.parent}")
    if path.exists() and not force:
        raise WriteError(f"{path}: already exists (use --force to replace it)")


def write_atomic(path: Path, text: str, force: bool = False) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder, then rename.

    An existing file is replaced only with ``force``; if anything fails, it is left as it was.
    """
    import os
    import tempfile

    check_target(path, force)
    folder = path.parent
    try:
        mode = path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise WriteError(f"{path}: cannot write in {folder} ({error.strerror})") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        if force:
            os.replace(temporary, path)
        else:
            try:
                os.link(temporary, path)  # fails if the file appeared meanwhile: never clobbers
            except FileExistsError:
                raise WriteError(f"{path}: already exists (use --force to replace it)") from None
            except OSError:  # pragma: no cover - a file system without hard links
                if path.exists():
                    raise WriteError(f"{path}: already exists (use --force to replace it)") from None
                os.replace(temporary, path)
    except OSError as error:
        raise WriteError(f"{path}: cannot be written ({error.strerror or error})") from None
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
