"""Which glossary terms an entry uses. Pure functions."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .model import GlossaryTerm, Reform
from .search import fields


def _pattern(term: GlossaryTerm) -> re.Pattern[str]:
    words = sorted({term.term, *term.forms}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w.casefold()) for w in words) + r")(?!\w)")


def terms_used(reform: Reform, glossary: Sequence[GlossaryTerm]) -> tuple[GlossaryTerm, ...]:
    """The glossary terms that appear in the entry's own text (not its sources), in glossary order."""
    text = "\n".join(value for name, value in fields(reform) if name != "sources").casefold()
    return tuple(term for term in glossary if _pattern(term).search(text))


def lookup(glossary: Sequence[GlossaryTerm], word: str) -> GlossaryTerm | None:
    """The term whose name or one of whose forms is ``word``, in any case."""
    wanted = word.casefold().strip()
    for term in glossary:
        if wanted in {term.term.casefold(), *(form.casefold() for form in term.forms)}:
            return term
    return None
