"""Search: a query -> ranked hits with the spans of the matched words. Pure functions.

Every word of the query must match somewhere in an entry (its text fields or topics).
A word matches a word of the text exactly, by its singular or plural, as a prefix of
a longer word, or as a near miss (one typo; two in long words). A match in the title
or the topics weighs more than one in the body.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from typing import NamedTuple

import msgspec

from .model import Dataset, Reform, Source
from .texts import fields

WORD = re.compile(r"\w+")
_WORD_CHARACTER = re.compile(r"\w")
# How much a match weighs by where it is found.
FIELD_WEIGHTS: dict[str, float] = {
    "title": 10.0,
    "aliases": 10.0,
    "topics": 8.0,
    "before": 4.0,
    "after": 4.0,
    "summary": 3.0,
    "thresholds": 3.0,
    "figures": 3.0,
    "measures": 3.0,
    "events": 2.0,
    "assessments": 2.0,
    "sources": 1.0,
}
# How good a match is by how the words compare.
EXACT, SAME_STEM, PREFIX, NEAR_MISS = 1.0, 0.9, 0.7, 0.5
SNIPPET_WIDTH = 100
Span = tuple[int, int]


class Snippet(NamedTuple):
    """A piece of one field's text, with the matched words' spans inside it."""

    field: str
    text: str
    spans: tuple[Span, ...]


class Hit(NamedTuple):
    reform: Reform
    score: float
    title_spans: tuple[Span, ...]
    snippet: Snippet


class Result(NamedTuple):
    """The best hits of a query, how many there are in all, and suggestions when there are none."""

    words: tuple[str, ...]
    hits: tuple[Hit, ...]
    total: int
    suggestions: tuple[str, ...] = ()
    unmatched: tuple[str, ...] = ()  # the query words found nowhere at all


def query_words(query: str) -> tuple[str, ...]:
    """The distinct words of a query, case-folded, in their order."""
    return tuple(dict.fromkeys(WORD.findall(query.casefold())))


def stem(word: str) -> str:
    """A crude English singular: 'quotas' -> 'quota', 'parties' -> 'party', 'boxes' -> 'box'."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes", "zes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def typo_distance(a: str, b: str, limit: int) -> int:
    """Edit distance counting a swap of neighbours as one edit; stops early past ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            cost = char_a != char_b
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


class _WordMatcher:
    """How well one query word matches each word of the text, remembered per text word."""

    def __init__(self, word: str) -> None:
        self.word = word
        self.stem = stem(word)
        self.typos = 0 if len(word) < 4 else 1 if len(word) < 8 else 2
        self.known: dict[str, float] = {}

    def quality(self, token: str) -> float:
        known = self.known.get(token)
        if known is None:
            known = self.known[token] = self._compare(token)
        return known

    def _compare(self, token: str) -> float:
        word = self.word
        if token == word:
            return EXACT
        if stem(token) == self.stem:
            return SAME_STEM
        if len(word) >= 3 and token.startswith(word):
            return PREFIX
        if self.typos and typo_distance(token, word, self.typos) <= self.typos:
            return NEAR_MISS
        return 0.0


# A source cited by more than this share of the entries (the article) tells none of them apart.
COMMON_SOURCE = 1 / 3


def searchable_sources(dataset: Dataset) -> dict[str, Source]:
    """The sources worth searching: those cited by at most COMMON_SOURCE of the entries."""
    from collections import Counter

    from .cite import cited_keys

    counts = Counter(key for reform in dataset.reforms for key in set(cited_keys(reform)))
    most = max(1.0, len(dataset.reforms) * COMMON_SOURCE)
    return {key: source for key, source in dataset.sources.items() if counts[key] <= most}


class Index(msgspec.Struct, array_like=True):
    """Every searchable field of a list of entries, case-folded and laid end to end.

    A query word is looked up once in the vocabulary, then found in the corpus by one
    regular expression, so a search costs little more than a scan of the text.
    """

    corpus: str  # the fields, case-folded, one after another, each followed by a line break
    starts: tuple[int, ...]  # where each field begins in the corpus
    owners: tuple[int, ...]  # the position of each field's entry in the list
    weights: tuple[float, ...]  # each field's weight
    vocabulary: tuple[str, ...]  # the distinct words of the corpus


def build_index(dataset: Dataset) -> Index:
    """The search index of every entry of ``dataset``."""
    reforms, sources = dataset.reforms, searchable_sources(dataset)
    texts: list[str] = []
    starts: list[int] = []
    owners: list[int] = []
    weights: list[float] = []
    words: set[str] = set()
    position = 0
    for owner, reform in enumerate(reforms):
        for name, text in fields(reform, sources):
            folded = text.casefold()
            texts.append(folded)
            starts.append(position)
            owners.append(owner)
            weights.append(FIELD_WEIGHTS[name])
            position += len(folded) + 1
            words.update(WORD.findall(folded))  # field by field: never a list of every word at once
    corpus = "\n".join(texts)
    vocabulary = tuple(sorted(words))
    return Index(corpus, tuple(starts), tuple(owners), tuple(weights), vocabulary)


def _best_scores(index: Index, matcher: _WordMatcher) -> dict[int, float]:
    """For each entry (by position) where the word matches, its best weighted match."""
    qualities = {token: quality for token in index.vocabulary if (quality := matcher.quality(token))}
    if not qualities:
        return {}
    alternatives = "|".join(re.escape(token) for token in sorted(qualities, key=len, reverse=True))
    # No \b in front: it would stop the regular expression engine from skipping ahead by
    # the first letters, making the scan some thirty times slower. Checked by hand instead.
    pattern = re.compile(rf"(?:{alternatives})\b")
    corpus, starts, owners, weights = index.corpus, index.starts, index.owners, index.weights
    best: dict[int, float] = {}
    for match in pattern.finditer(corpus):
        start = match.start()
        if start and _WORD_CHARACTER.match(corpus, start - 1):
            continue  # the end of a longer word
        field = bisect_right(starts, start) - 1
        owner = owners[field]
        score = weights[field] * qualities[match.group()]
        if score > best.get(owner, 0.0):
            best[owner] = score
    return best


def search(
    reforms: Sequence[Reform],
    query: str,
    index: Index | None = None,
    limit: int | None = None,
    only: Iterable[int] | None = None,
) -> Result:
    """Rank the entries that match every word of ``query``, best first.

    ``index`` must have been built from ``reforms`` (it is built here when not given);
    ``only`` keeps the entries with these ids; hits past ``limit`` are counted, not built.
    """
    words = query_words(query)
    if not words:
        return Result(words, (), 0)
    if index is None:
        index = build_index(Dataset(as_of="2000", sources={}, reforms=tuple(reforms)))
    matchers = [_WordMatcher(word) for word in words]
    found: set[int] | None = None
    per_word: list[dict[int, float]] = []
    for matcher in matchers:
        best = _best_scores(index, matcher)
        per_word.append(best)
        found = set(best) if found is None else found & best.keys()
    found = found or set()
    if only is not None:
        wanted = set(only)
        found = {owner for owner in found if reforms[owner].id in wanted}
    ranked = sorted(found, key=lambda owner: (-sum(best[owner] for best in per_word), reforms[owner].id))
    shown = ranked if limit is None else ranked[:limit]
    hits = tuple(_hit(reforms[owner], sum(best[owner] for best in per_word), matchers) for owner in shown)
    suggestions = () if ranked else _suggest(matchers, index.vocabulary)
    unmatched = tuple(matcher.word for matcher, best in zip(matchers, per_word, strict=True) if not best)
    return Result(words, hits, len(ranked), suggestions, unmatched)


def _spans(text: str, matchers: list[_WordMatcher]) -> tuple[Span, ...]:
    return tuple(
        match.span()
        for match in WORD.finditer(text.casefold())
        if any(matcher.quality(match.group()) for matcher in matchers)
    )


def _hit(reform: Reform, score: float, matchers: list[_WordMatcher]) -> Hit:
    best: tuple[float, str, str, tuple[Span, ...]] | None = None
    for name, text in fields(reform):
        if name == "title":
            continue
        spans = _spans(text, matchers)
        if spans:
            rank = len(spans) * FIELD_WEIGHTS[name]
            if best is None or rank > best[0]:
                best = (rank, name, text, spans)
    snippet = Snippet("after", reform.after.text, ()) if best is None else _cut(best[1], best[2], best[3])
    return Hit(reform, round(score, 2), _spans(reform.title, matchers), snippet)


def _cut(field: str, text: str, spans: tuple[Span, ...]) -> Snippet:
    """At most SNIPPET_WIDTH characters of ``text`` around its first matched span."""
    if len(text) <= SNIPPET_WIDTH:
        return Snippet(field, text, spans)
    start = max(0, spans[0][0] - SNIPPET_WIDTH // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < spans[0][0] else spans[0][0]
    end = min(len(text), start + SNIPPET_WIDTH)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > spans[0][1] else max(end, spans[0][1])
    prefix = "…" if start else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix) - start
    inside = tuple((a + shift, b + shift) for a, b in spans if a >= start and b <= end)
    return Snippet(field, prefix + text[start:end] + suffix, inside)


def _suggest(matchers: list[_WordMatcher], vocabulary: Sequence[str]) -> tuple[str, ...]:
    """Words of the data close to the query words that matched nothing."""
    import difflib

    candidates = [token for token in vocabulary if len(token) > 2 and not token.isdigit()]
    suggestions: list[str] = []
    for matcher in matchers:
        if any(matcher.known.values()):
            continue
        suggestions.extend(difflib.get_close_matches(matcher.word, candidates, n=3, cutoff=0.7))
    return tuple(dict.fromkeys(suggestions))
