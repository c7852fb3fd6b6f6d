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

import heapq
import math
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import pairwise
from typing import NamedTuple

from ._msgspec import msgspec
from .model import Dataset, Reform, Source
from .texts import entry_dates, fields
from .words import STOP_WORDS, same_stem

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
TOP_WEIGHT = FIELD_WEIGHTS["title"]  # a match in the title counts 1, one in a source 0.05
# BM25: K1, how soon more matches of a word stop adding to its score; B, how much a long entry
# is marked down for being long (0: not at all, 1: in proportion).
K1, B = 1.2, 0.5
# Two words typed side by side and found near each other in a field (up to two words between,
# in either order) score as one more word would, times this.
PHRASE_BONUS = 2.0
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
    missing: tuple[str, ...] = ()  # the query's words this entry does not match


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
    if character in "йЙ":  # a letter of its own in Russian and Kazakh, not и with a breve
        return "й"
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
    """One stem of a word (see :mod:`kzreforms.words`): 'parties' -> 'parti', 'акимов' -> 'аким'."""
    from .words import stems

    found = sorted(stems(word) - {word}, key=len)
    return found[0] if found else word


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


def _far(a: str, b: str) -> bool:
    """English words that share a stem but part before their last letter ('execution', 'executive')."""
    if not (a.isascii() and b.isascii()):
        return False
    common = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return common < min(len(a), len(b)) - 1


class _WordMatcher:
    """How well one query word matches each word of the text, remembered per text word."""

    def __init__(self, word: str, fuzzy: bool = True, typing: bool = False, strict: bool = False) -> None:
        self.word = word
        self.strict = strict  # a synonym's word: other English forms only if they differ at the end
        self.number = is_number(word)
        self.key = _number_key(word) if self.number else word
        self.typos = typos_allowed(word) if fuzzy else 0
        self.typing = typing
        self.prefix = typing or (not self.number and len(word) >= 3)
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
        if token[:2] == word[:2] and same_stem(token, word) and not (self.strict and _far(token, word)):
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
    stop: bool = False  # a stop word, not quoted: it need not match and does not score
    near: bool = False  # a pair of words: found with up to two words between, in either order
    prefix: bool = False  # the word being typed (browse): it also matches as the start of a word
    date: str = ""  # a day, as YYYY-MM-DD: it also matches the entries with an event that day


_QUERY = re.compile(r'(-?)"([^"]*)"?|(-?)(\S+)')


def query_words(query: str) -> tuple[str, ...]:
    """The distinct words of a query, folded, in their order."""
    return tuple(dict.fromkeys(WORD.findall(fold(query))))


# (what triggers it, what it means, whether it is a broader word's narrower terms)
Synonyms = Sequence[tuple[tuple[Phrase, ...], tuple[Phrase, ...], bool]]
NARROWER = (
    0.9  # how much a narrower term of a broader word counts: 'parliament' finds 'Mazhilis' a little less
)


MONTHS: dict[str, int] = {
    **{name: number for number, name in enumerate(
        "january february march april may june july august september october november december".split(), 1  # noqa: SIM905
    )},
    **{name: number for number, name in enumerate(
        "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split(), 1  # noqa: SIM905
    )},
    **{name: number for number, name in enumerate(
        "қаңтар ақпан наурыз сәуір мамыр маусым шілде тамыз қыркүйек қазан қараша желтоқсан".split(), 1  # noqa: SIM905
    )},
}  # fmt: skip
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
# 5 June 2022, 5 июня 2022 (г.), June 5, 2022, 2022 жылғы 5 маусым (Kazakh: the year first)
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH})\w*,?\s+(\d{{4}})\b(?:\s*г\.?(?!\w))?")
_MONTH_DAY_YEAR = re.compile(rf"\b({_MONTH}),?\s+(\d{{1,2}}),?\s+(\d{{4}})\b")
_YEAR_DAY_MONTH = re.compile(rf"\b(\d{{4}})\s+жыл\w*\s+(\d{{1,2}})\s+({_MONTH})\w*")
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# 40 000 (a space, a no-break or a thin space between groups of three), 40 thousand, 30 %
_SPACED_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d.,]\d)")
_MULTIPLIED = re.compile(
    r"(?<![\d.,])(\d+(?:[.,]\d+)?)\s*(thousand|тысяч\w*|тыс\.?|мың|million|миллион\w*|млн\.?)(?!\w)"
)
_SPACED_PERCENT = re.compile(r"(\d)\s+(%|percent\b|per cent\b|процент\w*|пайыз\w*)")


def _iso(year: str, month: str, day: str) -> str:
    """The day as YYYY-MM-DD, or '' when there is no such day."""
    import datetime

    number = int(month) if month.isdigit() else MONTHS.get(month, 0)
    try:
        return datetime.date(int(year), number, int(day)).isoformat()
    except ValueError:
        return ""


def normalize(query: str) -> str:
    """Numbers and dates in one form: '40 000', '40 thousand' -> '40000'; '30 %' -> '30%';
    '5 June 2022', '5 июня 2022' -> '2022-06-05'. The rest as typed."""
    query = fold(query)

    def day_month_year(match: re.Match[str]) -> str:
        return _iso(match.group(3), match.group(2), match.group(1)) or match.group()

    query = _DAY_MONTH_YEAR.sub(day_month_year, query)
    query = _MONTH_DAY_YEAR.sub(lambda m: _iso(m.group(3), m.group(1), m.group(2)) or m.group(), query)
    query = _YEAR_DAY_MONTH.sub(lambda m: _iso(m.group(1), m.group(3), m.group(2)) or m.group(), query)
    query = _SPACED_NUMBER.sub(lambda m: re.sub(r"\D", "", m.group()), query)

    def multiplied(match: re.Match[str]) -> str:
        unit = match.group(2)
        times = 10**6 if unit.startswith(("million", "миллион", "млн")) else 1000
        value = float(match.group(1).replace(",", ".")) * times
        return str(int(value)) if value.is_integer() else match.group()

    query = _MULTIPLIED.sub(multiplied, query)
    return _SPACED_PERCENT.sub(r"\1%", query)


def _date_phrases(iso: str) -> tuple[Phrase, ...]:
    """How the data writes a day in its text: '5 June 2022'."""
    year, month, day = iso.split("-")
    english = next(name for name, number in MONTHS.items() if number == int(month))
    return ((str(int(day)), english, year),)


def parse_query(query: str, synonyms: Synonyms = (), typing: bool = False) -> list[Term]:
    """The terms of a query: phrases in quotes, words, exclusions, days; synonyms attached; stop
    words marked. With ``typing``, a last word not yet followed by a space is a prefix."""
    query = normalize(query)
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
        day = ISO_DATE.fullmatch(chunk.rstrip(".,;:!?"))
        if day and _iso(*day.groups()):
            flush()
            iso = day.group()
            terms.append(Term(iso, _date_phrases(iso), excluded=excluded, date=iso))
            continue
        folded = chunk
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
    if typing and terms and not query.endswith((" ", '"')):
        last = terms[-1]
        if not last.quoted and not last.excluded and not last.date and not is_number(last.text):
            terms[-1] = last._replace(prefix=True, stop=False)
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
    found: list[Phrase] = [words]
    narrower: list[Phrase] = []
    for triggers, meanings, broader in synonyms:
        if any(_same_phrase(phrase, words) for phrase in triggers):
            for phrase in meanings:
                if phrase not in found:
                    found.append(phrase)
                    if broader:
                        narrower.append(phrase)
    return tuple(found), tuple(narrower)


def _same_phrase(a: Phrase, b: Phrase) -> bool:
    """The same words, each as typed or in another form of it ('death penalties')."""
    return len(a) == len(b) and all(
        x == y or (x[:2] == y[:2] and not is_number(x) and same_stem(x, y)) for x, y in zip(a, b, strict=True)
    )


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
            stop = word in STOP_WORDS and len(phrases) == 1
            yield Term(word, phrases, percent, narrower=narrower, stop=stop)
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
    years: tuple[str, ...] = ()  # for each entry, its dates and their years, space-separated
    # synonyms.toml and the glossary's terms with their other names: kept here so that a search
    # reads no TOML (the cache key covers synonyms.toml)
    synonyms: tuple[tuple[tuple[Phrase, ...], tuple[Phrase, ...], bool], ...] = ()
    lengths: tuple[int, ...] = ()  # for each entry, how many words its fields have (for BM25)
    ids: tuple[int, ...] = ()  # each entry's id: ranking reads no entry it does not show


def build_index(dataset: Dataset) -> Index:
    """The search index of every entry of ``dataset``."""
    reforms, sources = dataset.reforms, searchable_sources(dataset)
    texts: list[str] = []
    starts: list[int] = []
    owners: list[int] = []
    weights: list[float] = []
    words: set[str] = set()
    lengths: list[int] = []
    position = 0
    for owner, reform in enumerate(reforms):
        length = 0
        for name, text in fields(reform, sources):
            folded = fold(text)
            texts.append(folded)
            starts.append(position)
            owners.append(owner)
            weights.append(FIELD_WEIGHTS[name])
            position += len(folded) + 1
            found = WORD.findall(folded)
            length += len(found)
            words.update(found)  # field by field: never a list of every word at once
        lengths.append(length)
    corpus = "\n".join(texts)
    years = tuple(
        " ".join(sorted({part for date in entry_dates(reform) for part in (date[:4], date) if part}))
        for reform in reforms
    )
    glossary = tuple(_phrases((term.term, *term.aliases)) for term in dataset.glossary)
    synonyms = (*synonym_table(), *((group, group, False) for group in glossary if group))
    return Index(
        corpus,
        tuple(starts),
        tuple(owners),
        tuple(weights),
        tuple(sorted(words)),
        years,
        synonyms,
        tuple(lengths),
        tuple(reform.id for reform in reforms),
    )


# --------------------------------------------------------------------------------------
# Matching
# --------------------------------------------------------------------------------------


def _choices(matcher: _WordMatcher, found: dict[str, float]) -> list[str]:
    """The text words a query word matches, longest first, for a regular expression; a word
    being typed is its letters and any letters after them (one quick pattern instead of every
    word they begin), then the words it matches otherwise (by stem, or with a typo)."""
    if matcher.typing:
        rest = sorted((token for token in found if not token.startswith(matcher.word)), key=len, reverse=True)
        return [re.escape(matcher.word) + r"\w*", *(re.escape(token) for token in rest)]
    return [re.escape(token) for token in sorted(found, key=len, reverse=True)]


def _same_start(vocabulary: Sequence[str], word: str) -> Sequence[str]:
    """The words of the sorted vocabulary that begin with the first letter of ``word``."""
    first = word[:1]
    if not first:
        return ()
    low = bisect_left(vocabulary, first)
    return vocabulary[low : bisect_left(vocabulary, chr(ord(first) + 1), low)]


class _Alternative:
    """One phrase that counts as a term: for each of its words, the text words it matches."""

    def __init__(
        self,
        phrase: Phrase,
        vocabulary: Sequence[str],
        fuzzy: bool,
        percent: bool,
        factor: float = 1.0,
        prefix: bool = False,
        strict: bool = False,
        near: bool = False,
    ) -> None:
        last = len(phrase) - 1
        self.matchers = [
            _WordMatcher(word, fuzzy, prefix and i == last, strict) for i, word in enumerate(phrase)
        ]
        self.percent = percent
        self.factor = factor
        # Every way a word matches (exactly, by stem, as a prefix, with a typo, as a number)
        # keeps its first letter: only the vocabulary's words with that letter are compared,
        # and the vocabulary is sorted, so they lie side by side.
        self.qualities = [
            {
                token: quality
                for token in _same_start(vocabulary, matcher.word)
                if (quality := matcher.quality(token))
            }
            for matcher in self.matchers
        ]
        self.pattern: re.Pattern[str] | None = None
        if all(self.qualities):
            alternations = [
                "(?:" + "|".join(_choices(matcher, found)) + ")"
                for matcher, found in zip(self.matchers, self.qualities, strict=True)
            ]
            # No \b in front: it would stop the regular expression engine from skipping ahead
            # by the first letters, making the scan much slower. Checked by hand instead.
            # Each word a group; a number ends where the number ends (5 is not 5,000), and a
            # number typed with % is one followed by % in the text.
            last_is_number = self.matchers[-1].number
            tail = r"\s?%" if percent else r"(?![\w%]|[.,]\d)" if last_is_number else r"(?!\w)"
            # near: up to two other words between (the pairs of words typed side by side)
            between = r"[^\w\n]+(?:\w+[^\w\n]+){0,2}?" if near else r"[^\w\n]+"
            body = between.join(f"({part})" for part in alternations)
            self.pattern = re.compile(body + tail)

    def quality(self, match: re.Match[str]) -> float:
        words = (
            found.get(match.group(number), PREFIX) for number, found in enumerate(self.qualities, start=1)
        )
        return min(words) * self.factor


def _alternatives(term: Term, vocabulary: Sequence[str]) -> list[_Alternative]:
    """The phrases of a term as patterns; typos are forgiven only when nothing matches without them."""
    exact = [
        _Alternative(
            phrase,
            vocabulary,
            False,
            term.percent,
            NARROWER if phrase in term.narrower else 1.0,
            term.prefix and number == 0,
            strict=number > 0,
            near=term.near,
        )
        for number, phrase in enumerate(term.phrases)
    ]
    if term.quoted or term.date or any(alternative.pattern is not None for alternative in exact):
        return exact
    fuzzy = _Alternative(term.phrases[0], vocabulary, fuzzy=True, percent=term.percent, prefix=term.prefix)
    return [fuzzy, *exact[1:]]


def _scores(
    index: Index,
    alternatives: Sequence[_Alternative],
    within: Iterable[int] | None = None,
    first_only: bool = False,
) -> dict[int, float]:
    """For each entry (by position) where any alternative matches, the weighted count of its
    matches: each match counts its field's weight (title 1.0 … sources 0.05) times how well
    its words compare (exact 1.0 … typo 0.5). ``within``: only these entries are scanned;
    ``first_only``: only the first match in each entry counts (the word being typed in browse,
    where one or two letters match nearly everything and only which entries match matters)."""
    corpus, starts, owners, weights = index.corpus, index.starts, index.owners, index.weights
    counts: dict[int, float] = {}
    bounds = _entry_bounds(index) if within is not None or first_only else []
    if within is None:
        ranges = [(0, len(corpus))]
    else:
        ranges = [(bounds[owner], bounds[owner + 1]) for owner in sorted(within)]
    for alternative in alternatives:
        pattern = alternative.pattern
        if pattern is None:
            continue
        if first_only:
            _first_matches(index, alternative, pattern, ranges, bounds, counts)
            continue
        for low, high in ranges:
            for match in pattern.finditer(corpus, low, high):
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
                weight = weights[field] / TOP_WEIGHT * alternative.quality(match)
                counts[owner] = counts.get(owner, 0.0) + weight
    return counts


def _first_matches(
    index: Index,
    alternative: _Alternative,
    pattern: re.Pattern[str],
    ranges: list[tuple[int, int]],
    bounds: list[int],
    counts: dict[int, float],
) -> None:
    """The first match of a word in each entry, then on to the next entry: one look per entry
    that has it, however many times it has it (a word being typed: 'p' is in nearly every one)."""
    corpus, starts, owners, weights = index.corpus, index.starts, index.owners, index.weights
    found = pattern.search
    qualities = alternative.qualities[0] if len(alternative.qualities) == 1 else None
    for low, high in ranges:
        position = low
        while (match := found(corpus, position, high)) is not None:
            start = match.start()
            if start and _WORD_CHARACTER.match(corpus, start - 1):
                position = start + 1  # the end of a longer word
                continue
            field = bisect_right(starts, start) - 1
            owner = owners[field]
            quality = (
                qualities[match.group(1)] * alternative.factor if qualities else alternative.quality(match)
            )
            weight = weights[field] / TOP_WEIGHT * quality
            if weight > counts.get(owner, 0.0):
                counts[owner] = weight
            position = bounds[owner + 1]


def _entry_bounds(index: Index) -> list[int]:
    """Where each entry's text begins in the corpus, and the corpus's end after the last."""
    memo = _memo(index)
    known = memo.get("bounds")
    if isinstance(known, list):
        return known
    bounds: list[int] = []
    previous = -1
    for start, owner in zip(index.starts, index.owners, strict=True):
        if owner != previous:
            bounds.append(start)
            previous = owner
    bounds.append(len(index.corpus) + 1)
    memo["bounds"] = bounds
    return bounds


def _date_counts(index: Index, term: Term) -> dict[int, float]:
    """A year or a day (YYYY-MM-DD) matches the entries with a date in it."""
    if term.date:
        wanted = term.date
    elif not term.percent and len(term.phrases[0]) == 1 and re.fullmatch(r"1[89]\d\d|20\d\d", term.text):
        wanted = term.text
    else:
        return {}
    weight = FIELD_WEIGHTS["dates"] / TOP_WEIGHT
    return {owner: weight for owner, dates in enumerate(index.years) if wanted in dates.split()}


# The memory of one index's matches: browse asks again for the words already typed at every key.
_MEMORY: dict[str, object] = {}
_REMEMBERED = 256  # terms remembered at most


def _memo(index: Index) -> dict[str, object]:
    if _MEMORY.get("index") is not index:
        _MEMORY.clear()
        _MEMORY["index"] = index
    return _MEMORY


def _term_counts(
    index: Index, term: Term, within: set[int] | None = None
) -> tuple[dict[int, float], list[_Alternative]]:
    """The weighted counts of a term in each entry, and its patterns; remembered for the index
    (when every entry was scanned)."""
    memo = _memo(index)
    key = f"term:{term!r}"
    if within is None and key in memo:
        return memo[key]  # type: ignore[return-value]
    options = _alternatives(term, index.vocabulary)
    counts = _scores(index, options, within, first_only=term.prefix)
    for owner, weight in _date_counts(index, term).items():
        if within is None or owner in within:
            counts[owner] = counts.get(owner, 0.0) + weight
    if within is None:
        if len(memo) > _REMEMBERED:
            _MEMORY.clear()
            _MEMORY["index"] = index
        memo[key] = (counts, options)
    return counts, options


def _idf(entries: int, matching: int) -> float:
    """BM25's inverse document frequency: rare words weigh more, and never below zero."""
    return math.log(1 + (entries - matching + 0.5) / (matching + 0.5))


def _bm25(count: float, length: int, average: float) -> float:
    return count * (K1 + 1) / (count + K1 * (1 - B + B * length / average))


def search(
    reforms: Sequence[Reform],
    query: str,
    index: Index | None = None,
    limit: int | None = None,
    only: Iterable[int] | None = None,
    every: bool = False,
    typing: bool = False,
    snippets: bool = True,
) -> Result:
    """Rank the entries by how well they match ``query`` (BM25 over the weighted fields), those
    with every word first; an entry with any exclusion is left out.

    ``index`` must have been built from the dataset of ``reforms`` (it is built here when not
    given, without the glossary); ``only`` keeps the entries with these ids; ``every`` keeps
    only the entries that match every word (browse); ``typing``: the last word is being typed,
    and matches as a prefix; ``snippets=False`` builds hits with their title spans only. Hits
    past ``limit`` are counted, not built.
    """
    if index is None:
        index = build_index(Dataset(as_of="2000", sources={}, reforms=tuple(reforms)))
    terms = parse_query(query, index.synonyms, typing)
    wanted = [term for term in terms if not term.excluded and not term.stop]
    if not wanted:  # only stop words: they are what the reader asks for
        wanted = [term._replace(stop=False) for term in terms if not term.excluded]
    if not wanted:
        return Result(tuple(term.text for term in terms), (), 0)
    entries = len(reforms)
    lengths = index.lengths or (1,) * entries
    average = max(1.0, sum(lengths) / max(1, len(lengths)))
    ids = index.ids or tuple(reform.id for reform in reforms)
    if only is None:
        allowed = None
    else:
        keep = set(only)
        allowed = {position for position, number in enumerate(ids) if number in keep}
    per_term: list[dict[int, float]] = []
    alternatives: list[list[_Alternative]] = []
    candidates: set[int] | None = allowed
    # In browse every word must match: the word being typed is looked for only in the entries
    # the others left, when those are few.
    order = sorted(range(len(wanted)), key=lambda i: wanted[i].prefix) if every else range(len(wanted))
    found_by: dict[int, tuple[dict[int, float], list[_Alternative]]] = {}
    for position in order:
        term = wanted[position]
        within = (
            candidates
            if every and term.prefix and candidates is not None and len(candidates) < entries // 8
            else None
        )
        counts, options = _term_counts(index, term, within)
        found_by[position] = (counts, options)
        if every:
            candidates = set(counts) if candidates is None else candidates & counts.keys()
    for position in range(len(wanted)):
        counts, options = found_by[position]
        idf = _idf(entries, len(counts))
        per_term.append(
            {owner: idf * _bm25(count, lengths[owner], average) for owner, count in counts.items()}
        )
        alternatives.append(options)
    found = set().union(*per_term)
    if every:
        found = set.intersection(*(set(best) for best in per_term))
    bonus: dict[int, float] = {}
    for first, second in pairwise(wanted):
        # Two words typed side by side, found near each other in one field: scored as a word.
        if first.quoted or second.quoted or first.date or second.date:
            continue
        one, other = first.phrases[0], second.phrases[0]
        pair = Term(f"{first.text} {second.text}", ((*one, *other), (*other, *one)), near=True)
        both = found & set(per_term[wanted.index(first)]) & set(per_term[wanted.index(second)])
        if both:
            counts, _ = _term_counts(index, pair, both if len(both) < entries // 8 else None)
            idf = _idf(entries, len(counts))
            for owner in counts.keys() & both:
                weight = idf * _bm25(counts[owner], lengths[owner], average) * PHRASE_BONUS
                bonus[owner] = bonus.get(owner, 0.0) + weight
    for term in terms:
        if term.excluded and found:
            found -= set(_term_counts(index, term)[0])
    if allowed is not None:
        found &= allowed
    labels = [f"{term.text}%" if term.percent else term.text for term in wanted]
    nothing: tuple[str, ...] = ()
    missing = (
        dict.fromkeys(found, nothing)  # browse: every entry left has every word
        if every
        else {
            owner: tuple(label for label, best in zip(labels, per_term, strict=True) if owner not in best)
            for owner in found
        }
    )
    score = dict.fromkeys(found, 0.0)
    for best in (*per_term, bonus):
        for owner, value in best.items():
            if owner in score:
                score[owner] += value

    keys = [(len(missing[owner]), -score[owner], ids[owner], owner) for owner in found]
    if limit is None or limit >= len(keys):
        keys.sort()
    else:
        keys = heapq.nsmallest(limit, keys)
    shown = [key[-1] for key in keys]
    total = len(found)
    years = [term.text for term in wanted if _date_counts(index, term)]
    hits = tuple(
        _hit(reforms[owner], score[owner], alternatives, years, missing[owner], snippets) for owner in shown
    )
    unmatched = tuple(term.text for term, best in zip(wanted, per_term, strict=True) if not best)
    suggestions = () if found else _suggest(reforms, index, query, wanted, per_term)
    return Result(tuple(term.text for term in wanted), hits, total, suggestions, unmatched)


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


def _hit(
    reform: Reform,
    score: float,
    alternatives: list[list[_Alternative]],
    years: list[str],
    missing: tuple[str, ...] = (),
    snippets: bool = True,
) -> Hit:
    if not snippets:
        return Hit(reform, round(score, 2), spans(reform.title, alternatives), Snippet("", "", ()), missing)
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
            if event.date[:4] in years or event.date in years:
                text = f"{event.date}: {event.text}"
                best = (0, 0, "events", text, ((0, 4),))
                break
    snippet = Snippet("after", reform.after.text, ()) if best is None else _cut(best[2], best[3], best[4])
    return Hit(reform, round(score, 2), spans(reform.title, alternatives), snippet, missing)


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
