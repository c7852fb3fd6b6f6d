"""Search: a query -> ranked hits with the spans of the matched words. Pure functions.

The query syntax: words (every one must match an entry), ``"quoted words"`` (a phrase),
``-word`` or ``-"some words"`` (entries that contain it are left out). A word matches a word
of the text exactly, by its singular or plural, as the start of a longer word, or, in words
of five letters or more, with a typo; numbers and years match only exactly (``5%`` is 5 with
a percent sign, never 5,000), and a year also matches an entry's dates. A word or phrase of
the synonym table (synonyms.toml) or a glossary term's other name counts as the word itself:
``protest`` finds assemblies, ``аким`` finds akims.

Text and query are folded the same way (case, compatibility forms and accents), and every
span is mapped back to the original text, so highlights are right whatever the folding does.
Ranking is by field: title, other names and topics first; then before and after; then
thresholds, figures, measures, events and assessments; sources last. Within a field an exact
match beats a stemmed one, which beats a typo.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import NamedTuple

from ._msgspec import msgspec
from .model import Dataset, Reform, Source
from .texts import entry_dates, fields

# A token: a number with its separators (40,000 or 5.8), or a run of word characters.
WORD = re.compile(r"\d+(?:[.,]\d+)*(?!\w)|\w+")
_WORD_CHARACTER = re.compile(r"\w")
# How much a match weighs by where it is found.
FIELD_WEIGHTS: dict[str, float] = {
    "title": 10.0,
    "aliases": 10.0,
    "topics": 8.0,
    "before": 5.0,
    "after": 5.0,
    "summary": 4.0,
    "thresholds": 3.0,
    "figures": 3.0,
    "measures": 3.0,
    "events": 2.5,
    "assessments": 2.5,
    "dates": 2.0,
    "sources": 0.5,
}
# Which field a snippet is taken from, best first: what changed before anything else.
SNIPPET_ORDER = (
    "before", "after", "summary", "thresholds", "figures", "measures", "events", "assessments",
    "aliases", "topics", "sources",
)  # fmt: skip
# How good a match is by how the words compare.
EXACT, SAME_STEM, PREFIX, NEAR_MISS = 1.0, 0.9, 0.7, 0.5
SNIPPET_WIDTH = 100
PHRASE_BONUS = 10.0  # the words of a query found together, in their order
# A source cited by more than this share of the entries (the article) tells none of them apart.
COMMON_SOURCE = 1 / 3
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
    unmatched: tuple[str, ...] = ()  # the query terms found nowhere at all


# --------------------------------------------------------------------------------------
# Folding: the same for text and query, with a map back to the original
# --------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _fold_character(character: str) -> str:
    decomposed = unicodedata.normalize("NFKD", character.casefold())
    return "".join(part for part in decomposed if not unicodedata.combining(part))


def fold(text: str) -> str:
    """Case, compatibility forms and accents folded away: 'İZMİR' -> 'izmir', 'Straße' -> 'strasse'."""
    if text.isascii():
        return text.lower()
    return "".join(_fold_character(character) for character in text)


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """:func:`fold`, and for each folded character the index of the original one it came from."""
    if text.isascii():
        return text.lower(), list(range(len(text)))
    pieces: list[str] = []
    origins: list[int] = []
    for position, character in enumerate(text):
        folded = _fold_character(character)
        pieces.append(folded)
        origins.extend([position] * len(folded))
    return "".join(pieces), origins


def _original_span(origins: list[int], start: int, end: int, length: int) -> Span:
    if not origins:
        return (0, 0)
    first = origins[start] if start < len(origins) else length
    last = origins[end - 1] + 1 if end - 1 < len(origins) else length
    return (first, last)


# --------------------------------------------------------------------------------------
# Words
# --------------------------------------------------------------------------------------


def stem(word: str) -> str:
    """A crude English singular: 'quotas' -> 'quota', 'parties' -> 'party', 'boxes' -> 'box'."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes", "zes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def is_number(word: str) -> bool:
    return word[:1].isdigit()


def _number_key(word: str) -> str:
    """'40,000' and '40000' compare equal; '5.8' keeps its point."""
    return re.sub(r",(?=\d{3}(?!\d))", "", word)


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


def typos_allowed(word: str) -> int:
    """How many typos a word may have: none below five letters, two from twelve."""
    if is_number(word) or len(word) < 5:
        return 0
    return 1 if len(word) < 12 else 2


class _WordMatcher:
    """How well one query word matches each word of the text, remembered per text word."""

    def __init__(self, word: str, fuzzy: bool = True) -> None:
        self.word = word
        self.number = is_number(word)
        self.key = _number_key(word) if self.number else word
        self.stem = stem(word)
        self.typos = typos_allowed(word) if fuzzy else 0
        self.prefix = not self.number and len(word) >= 3
        self.known: dict[str, float] = {}

    def quality(self, token: str) -> float:
        known = self.known.get(token)
        if known is None:
            known = self.known[token] = self._compare(token)
        return known

    def _compare(self, token: str) -> float:
        word = self.word
        if self.number:
            return EXACT if is_number(token) and _number_key(token) == self.key else 0.0
        if token == word:
            return EXACT
        if is_number(token):
            return 0.0
        if stem(token) == self.stem:
            return SAME_STEM
        if self.prefix and token.startswith(word):
            return PREFIX
        if (
            self.typos
            and token[:1] == word[:1]
            and not word.startswith(token)  # 'part' is another word than 'party', not a typo of it
            and typo_distance(token, word, self.typos) <= self.typos
        ):
            return NEAR_MISS
        return 0.0


# --------------------------------------------------------------------------------------
# The query
# --------------------------------------------------------------------------------------

Phrase = tuple[str, ...]


class Term(NamedTuple):
    """One thing the query asks for: its words as typed, and the phrases that count as it."""

    text: str
    phrases: tuple[Phrase, ...]  # the first is what was typed; the rest are its synonyms
    percent: bool = False  # a number written with % after it
    excluded: bool = False
    quoted: bool = False
    narrower: tuple[Phrase, ...] = ()  # phrases a broader word includes: they rank a little lower


_QUERY = re.compile(r'(-?)"([^"]*)"?|(-?)(\S+)')


def query_words(query: str) -> tuple[str, ...]:
    """The distinct words of a query, folded, in their order."""
    return tuple(dict.fromkeys(WORD.findall(fold(query))))


# (what triggers it, what it means, whether it is a broader word's narrower terms)
Synonyms = Sequence[tuple[tuple[Phrase, ...], tuple[Phrase, ...], bool]]
NARROWER = (
    0.9  # how much a narrower term of a broader word counts: 'parliament' finds 'Mazhilis' a little less
)


def parse_query(query: str, synonyms: Synonyms = ()) -> list[Term]:
    """The terms of a query: phrases in quotes, words, exclusions; synonyms attached."""
    terms: list[Term] = []
    plain: list[tuple[str, bool]] = []  # unquoted words, with whether a % followed

    def flush() -> None:
        terms.extend(_with_synonyms(plain, synonyms))
        plain.clear()

    for match in _QUERY.finditer(query):
        if match.group(2) is not None:
            flush()
            words = tuple(WORD.findall(fold(match.group(2))))
            if words:
                text = " ".join(words)
                phrases, narrower = ((words,), ()) if match.group(1) else _synonyms_of(words, synonyms)
                terms.append(
                    Term(text, phrases, excluded=bool(match.group(1)), quoted=True, narrower=narrower)
                )
            continue
        excluded, chunk = bool(match.group(3)), match.group(4)
        folded = fold(chunk)
        tokens = [
            (token.group(), folded[token.end() : token.end() + 1] == "%") for token in WORD.finditer(folded)
        ]
        if excluded:
            flush()
            for word, percent in tokens:
                terms.append(Term(word, ((word,),), percent, excluded=True))
        else:
            plain.extend(tokens)
    flush()
    seen: set[tuple[str, bool, bool]] = set()
    unique = []
    for term in terms:
        if (term.text, term.excluded, term.percent) not in seen:
            seen.add((term.text, term.excluded, term.percent))
            unique.append(term)
    return unique


def _synonyms_of(words: Phrase, synonyms: Synonyms) -> tuple[tuple[Phrase, ...], tuple[Phrase, ...]]:
    """The phrase and the phrases it means by the synonym table (matched by words or stems), and
    of those, the narrower terms of a broader word."""
    stems = tuple(stem(word) for word in words)
    found: list[Phrase] = [words]
    narrower: list[Phrase] = []
    for triggers, meanings, broader in synonyms:
        if any(phrase == words or tuple(stem(w) for w in phrase) == stems for phrase in triggers):
            for phrase in meanings:
                if phrase not in found:
                    found.append(phrase)
                    if broader:
                        narrower.append(phrase)
    return tuple(found), tuple(narrower)


def _with_synonyms(words: list[tuple[str, bool]], synonyms: Synonyms) -> Iterator[Term]:
    """Unquoted words as terms, a run of words that is a synonym phrase ("capital punishment") as one."""
    longest = max((len(phrase) for triggers, _, _ in synonyms for phrase in triggers), default=1)
    position = 0
    while position < len(words):
        for size in range(min(longest, len(words) - position), 1, -1):
            run = tuple(word for word, _ in words[position : position + size])
            phrases, narrower = _synonyms_of(run, synonyms)
            if len(phrases) > 1:
                yield Term(" ".join(run), phrases, narrower=narrower)
                position += size
                break
        else:
            word, percent = words[position]
            phrases, narrower = (((word,),), ()) if is_number(word) else _synonyms_of((word,), synonyms)
            yield Term(word, phrases, percent, narrower=narrower)
            position += 1


def _phrases(names: Iterable[str]) -> tuple[Phrase, ...]:
    return tuple(phrase for phrase in (tuple(WORD.findall(fold(name))) for name in names) if phrase)


@lru_cache(maxsize=1)
def synonym_table() -> tuple[tuple[tuple[Phrase, ...], tuple[Phrase, ...], bool], ...]:
    """kzreforms/synonyms.toml, folded: each group of words that mean the same, each broader word."""
    from importlib.resources import files

    import tomli

    document = tomli.loads(files("kzreforms").joinpath("synonyms.toml").read_text(encoding="utf-8"))
    same = [
        (group, group, False) for group in (_phrases(entry["words"]) for entry in document.get("same", []))
    ]
    broader = [
        (_phrases([entry["word"]]), _phrases([entry["word"], *entry["includes"]]), True)
        for entry in document.get("broader", [])
    ]
    return (*same, *broader)


# --------------------------------------------------------------------------------------
# The index
# --------------------------------------------------------------------------------------


def searchable_sources(dataset: Dataset) -> dict[str, Source]:
    """The sources worth searching: those cited by at most COMMON_SOURCE of the entries."""
    from collections import Counter

    from .cite import cited_keys

    counts = Counter(key for reform in dataset.reforms for key in set(cited_keys(reform)))
    most = max(1.0, len(dataset.reforms) * COMMON_SOURCE)
    return {key: source for key, source in dataset.sources.items() if counts[key] <= most}


class Index(msgspec.Struct, array_like=True):
    """Every searchable field of a list of entries, folded and laid end to end.

    A query word is looked up once in the vocabulary, then found in the corpus by one
    regular expression, so a search costs little more than a scan of the text.
    """

    corpus: str  # the fields, folded, one after another, each followed by a line break
    starts: tuple[int, ...]  # where each field begins in the corpus
    owners: tuple[int, ...]  # the position of each field's entry in the list
    weights: tuple[float, ...]  # each field's weight
    vocabulary: tuple[str, ...]  # the distinct words of the corpus
    years: tuple[str, ...] = ()  # for each entry, the years of its dates, space-separated
    # synonyms.toml and the glossary's terms with their other names: kept here so that a search
    # reads no TOML (the cache key covers synonyms.toml)
    synonyms: tuple[tuple[tuple[Phrase, ...], tuple[Phrase, ...], bool], ...] = ()


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
            folded = fold(text)
            texts.append(folded)
            starts.append(position)
            owners.append(owner)
            weights.append(FIELD_WEIGHTS[name])
            position += len(folded) + 1
            words.update(WORD.findall(folded))  # field by field: never a list of every word at once
    corpus = "\n".join(texts)
    years = tuple(" ".join(sorted({date[:4] for date in entry_dates(reform)})) for reform in reforms)
    glossary = tuple(_phrases((term.term, *term.aliases)) for term in dataset.glossary)
    synonyms = (*synonym_table(), *((group, group, False) for group in glossary if group))
    return Index(corpus, tuple(starts), tuple(owners), tuple(weights), tuple(sorted(words)), years, synonyms)


# --------------------------------------------------------------------------------------
# Matching
# --------------------------------------------------------------------------------------


class _Alternative:
    """One phrase that counts as a term: for each of its words, the text words it matches."""

    def __init__(
        self, phrase: Phrase, vocabulary: Sequence[str], fuzzy: bool, percent: bool, factor: float = 1.0
    ) -> None:
        self.matchers = [_WordMatcher(word, fuzzy) for word in phrase]
        self.percent = percent
        self.factor = factor
        self.qualities = [
            {token: quality for token in vocabulary if (quality := matcher.quality(token))}
            for matcher in self.matchers
        ]
        self.pattern: re.Pattern[str] | None = None
        if all(self.qualities):
            alternations = [
                "(?:" + "|".join(re.escape(token) for token in sorted(found, key=len, reverse=True)) + ")"
                for found in self.qualities
            ]
            # No \b in front: it would stop the regular expression engine from skipping ahead
            # by the first letters, making the scan much slower. Checked by hand instead.
            # Each word a group; a number ends where the number ends (5 is not 5,000), and a
            # number typed with % is one followed by % in the text.
            last_is_number = self.matchers[-1].number
            tail = r"\s?%" if percent else r"(?![\w%]|[.,]\d)" if last_is_number else r"(?!\w)"
            body = r"[^\w\n]+".join(f"({part})" for part in alternations)
            self.pattern = re.compile(body + tail)

    def quality(self, match: re.Match[str]) -> float:
        words = (found[match.group(number)] for number, found in enumerate(self.qualities, start=1))
        return min(words) * self.factor


def _alternatives(term: Term, vocabulary: Sequence[str]) -> list[_Alternative]:
    """The phrases of a term as patterns; typos are forgiven only when nothing matches without them."""
    exact = [
        _Alternative(phrase, vocabulary, False, term.percent, NARROWER if phrase in term.narrower else 1.0)
        for phrase in term.phrases
    ]
    if term.quoted or any(alternative.pattern is not None for alternative in exact):
        return exact
    return [_Alternative(term.phrases[0], vocabulary, fuzzy=True, percent=term.percent), *exact[1:]]


def _scores(index: Index, alternatives: Sequence[_Alternative]) -> dict[int, float]:
    """For each entry (by position) where any alternative matches, its best weighted match."""
    corpus, starts, owners, weights = index.corpus, index.starts, index.owners, index.weights
    best: dict[int, float] = {}
    for alternative in alternatives:
        if alternative.pattern is None:
            continue
        for match in alternative.pattern.finditer(corpus):
            start = match.start()
            if start and _WORD_CHARACTER.match(corpus, start - 1):
                continue  # the end of a longer word
            if (
                alternative.matchers[0].number
                and start > 1
                and corpus[start - 1] in ".,"
                and corpus[start - 2].isdigit()
            ):
                continue  # the end of a longer number: 000 in 40,000
            field = bisect_right(starts, start) - 1
            owner = owners[field]
            score = weights[field] * alternative.quality(match)
            if score > best.get(owner, 0.0):
                best[owner] = score
    return best


def _year_scores(index: Index, term: Term) -> dict[int, float]:
    """A year matches the entries with a date in it."""
    if term.percent or len(term.phrases[0]) != 1 or not re.fullmatch(r"1[89]\d\d|20\d\d", term.text):
        return {}
    weight = FIELD_WEIGHTS["dates"]
    return {owner: weight for owner, years in enumerate(index.years) if term.text in years.split()}


def search(
    reforms: Sequence[Reform],
    query: str,
    index: Index | None = None,
    limit: int | None = None,
    only: Iterable[int] | None = None,
) -> Result:
    """Rank the entries that match every term of ``query`` and none of its exclusions, best first.

    ``index`` must have been built from the dataset of ``reforms`` (it is built here when not
    given, without the glossary); ``only`` keeps the entries with these ids; hits past
    ``limit`` are counted, not built.
    """
    if index is None:
        index = build_index(Dataset(as_of="2000", sources={}, reforms=tuple(reforms)))
    terms = parse_query(query, index.synonyms)
    wanted = [term for term in terms if not term.excluded]
    if not wanted:
        return Result(tuple(term.text for term in terms), (), 0)
    found: set[int] | None = None
    per_term: list[dict[int, float]] = []
    alternatives: list[list[_Alternative]] = []
    for term in wanted:
        options = _alternatives(term, index.vocabulary)
        best = _scores(index, options)
        for owner, score in _year_scores(index, term).items():
            best[owner] = max(best.get(owner, 0.0), score)
        alternatives.append(options)
        per_term.append(best)
        found = set(best) if found is None else found & best.keys()
    found = found or set()
    if len(wanted) > 1 and found and not any(term.quoted for term in wanted):
        # The words typed, side by side as typed, in one field: as good as a title match.
        together = Term(
            " ".join(term.text for term in wanted), (tuple(w for t in wanted for w in t.phrases[0]),)
        )
        for owner in set(_scores(index, _alternatives(together, index.vocabulary))) & found:
            per_term.append({owner: PHRASE_BONUS})
    for term in terms:
        if term.excluded and found:
            found -= set(_scores(index, _alternatives(term, index.vocabulary)))
    if only is not None:
        allowed = set(only)
        found = {owner for owner in found if reforms[owner].id in allowed}
    ranked = sorted(
        found, key=lambda owner: (-sum(best.get(owner, 0.0) for best in per_term), reforms[owner].id)
    )
    shown = ranked if limit is None else ranked[:limit]
    years = [term.text for term in wanted if _year_scores(index, term)]
    hits = tuple(
        _hit(reforms[owner], sum(best.get(owner, 0.0) for best in per_term), alternatives, years)
        for owner in shown
    )
    unmatched = tuple(term.text for term, best in zip(wanted, per_term, strict=False) if not best)
    suggestions = () if ranked else _suggest(reforms, index, query, wanted, per_term[: len(wanted)])
    return Result(tuple(term.text for term in wanted), hits, len(ranked), suggestions, unmatched)


# --------------------------------------------------------------------------------------
# Hits: spans in the original text, and a snippet of what changed
# --------------------------------------------------------------------------------------


def spans(text: str, alternatives: Sequence[Sequence[_Alternative]]) -> tuple[Span, ...]:
    """The spans, in ``text`` itself, of every match of any alternative."""
    folded, origins = fold_with_map(text)
    found: list[Span] = []
    for options in alternatives:
        for alternative in options:
            if alternative.pattern is None:
                continue
            for match in alternative.pattern.finditer(folded):
                start = match.start()
                if start and _WORD_CHARACTER.match(folded, start - 1):
                    continue
                found.append(_original_span(origins, start, match.end(), len(text)))
    return tuple(sorted(set(found)))


def _hit(reform: Reform, score: float, alternatives: list[list[_Alternative]], years: list[str]) -> Hit:
    best: tuple[int, int, str, str, tuple[Span, ...]] | None = None
    for name, text in fields(reform):
        if name == "title":
            continue
        found = spans(text, alternatives)
        if found:
            rank = (SNIPPET_ORDER.index(name) if name in SNIPPET_ORDER else len(SNIPPET_ORDER), -len(found))
            if best is None or rank < best[:2]:
                best = (*rank, name, text, found)
    if best is None and years:
        for event in reform.events:
            if event.date[:4] in years:
                text = f"{event.date}: {event.text}"
                best = (0, 0, "events", text, ((0, 4),))
                break
    snippet = Snippet("after", reform.after.text, ()) if best is None else _cut(best[2], best[3], best[4])
    return Hit(reform, round(score, 2), spans(reform.title, alternatives), snippet)


def _cut(field: str, text: str, found: tuple[Span, ...]) -> Snippet:
    """At most SNIPPET_WIDTH characters of ``text`` around its first matched span."""
    if len(text) <= SNIPPET_WIDTH:
        return Snippet(field, text, found)
    start = max(0, found[0][0] - SNIPPET_WIDTH // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < found[0][0] else found[0][0]
    end = min(len(text), start + SNIPPET_WIDTH)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > found[0][1] else max(end, found[0][1])
    prefix = "…" if start else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix) - start
    inside = tuple((a + shift, b + shift) for a, b in found if a >= start and b <= end)
    return Snippet(field, prefix + text[start:end] + suffix, inside)


def _suggest(
    reforms: Sequence[Reform], index: Index, query: str, terms: list[Term], per_term: list[dict[int, float]]
) -> tuple[str, ...]:
    """Words of the data close to the query words that matched nothing, each one that would find something."""
    import difflib

    candidates = [token for token in index.vocabulary if len(token) > 2 and not is_number(token)]
    suggestions: list[str] = []
    for term, best in zip(terms, per_term, strict=True):
        if best or term.quoted or is_number(term.text):
            continue
        for word in difflib.get_close_matches(term.text, candidates, n=3, cutoff=0.7):
            others = " ".join(
                f'"{other.text}"' if other.quoted else other.text for other in terms if other is not term
            )
            if search(reforms, f"{others} {word}", index, limit=1).total:
                suggestions.append(word)
    return tuple(dict.fromkeys(suggestions))
