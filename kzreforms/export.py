"""The documented JSON shape, and the exports: TOML (tomli-w), JSON, CSV and Markdown.

JSON is built from plain dicts with ``json.dumps``, never through Rich. The key order
of every object is fixed; README.md ("JSON format") documents it.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .model import Reform, Threshold
from .search import Hit

# Characters JSON may carry raw but a terminal would obey: C1 controls and bidirectional
# formatting. They are written as \uXXXX escapes, so the data stays exact but inert.
_INERT = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def dumps_json(value: object) -> str:
    """Indented JSON, UTF-8 text kept readable, control characters escaped; ends with a newline."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return _INERT.sub(lambda match: f"\\u{ord(match.group()):04x}", text) + "\n"


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
