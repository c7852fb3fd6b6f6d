"""Which glossary terms an entry uses. Pure functions."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .model import GlossaryTerm, Reform


def _appears(term: GlossaryTerm, text: str) -> bool:
    """Whether the term or one of its aliases is a whole word (or words) of the case-folded ``text``."""
    words = [word.casefold() for word in (term.term, *term.aliases)]
    if not any(word in text for word in words):  # cheap: most terms are not there at all
        return False
    pattern = (
        r"(?<!\w)(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")(?!\w)"
    )
    return re.search(pattern, text) is not None


def terms_used(reform: Reform, glossary: Sequence[GlossaryTerm]) -> tuple[GlossaryTerm, ...]:
    """The glossary terms that appear in the entry's own text (not its sources), in glossary order."""
    from .texts import fields

    text = "\n".join(value for _, value in fields(reform)).casefold()
    return tuple(term for term in glossary if _appears(term, text))


def lookup(glossary: Sequence[GlossaryTerm], word: str) -> GlossaryTerm | None:
    """The term whose name or one of whose aliases is ``word``, in any case."""
    wanted = word.casefold().strip()
    for term in glossary:
        if wanted in {term.term.casefold(), *(alias.casefold() for alias in term.aliases)}:
            return term
    return None
