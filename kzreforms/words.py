"""Words of English, Russian and Kazakh for search: stop words and stems. Cheap to import.

English and Russian words are stemmed by the Snowball stemmers (``snowballstemmer``, loaded
only when a word is first stemmed); Kazakh words by the suffix rules below. Words are
compared already folded (:func:`kzreforms.search.fold`: lower case, accents gone, but й kept).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

# Words a question is made of that say nothing about what it asks: they need not match and do
# not score, unless quoted. Kept short on purpose: 'all' (against all), 'new' (the new
# Constitution), 'against' and the numbers are not here. 'Kazakhstan' is one: the whole data is
# about it, so it tells no entry apart; nor do 'change' and 'reform', which every entry is.
# A list of words reads better as text: hence the split.
STOP_WORDS = frozenset(
    # English
    "a an the and or of to in on at by for with from about into as is are was were be been being "  # noqa: SIM905
    "do does did done doing has have had having what which who whom whose when where why how "
    "this that these those it its it's there their they them he she his her i me my we our you your "
    "can could would should will shall may might must any some such than then so if not no nor "
    "many much there's what's change changed changes reform reforms kazakhstan kazakhstan's kazakh tell please show find "
    # Russian
    "и в во на с со к ко о об обо от по за из у до для при про а но или ли же бы не ни "
    "что чем чего кто кого как когда где почему зачем какой какая какое какие каков сколько "
    "это этот эта эти тот та те был была были было быть есть ли его ее её их они он она мы вы я "
    "казахстан казахстане казахстана "
    # Kazakh
    "және мен бен пен да де та те ма ме ба бе па пе ғой қандай қалай неге не кім қашан қайда "
    "неше қанша бұл осы сол ол олар біз сіз ші шы қазақстан қазақстанда қазақстанның туралы "
    "үшін арқылы бойынша".split()
)

# Kazakh endings, stripped from the end of a word in this order: first a case ending, then a
# possessive one, then a plural one (a word is built stem + plural + possessive + case:
# әкім-дер-і-нің). Each is stripped only when at least three letters are left.
KAZAKH_CASE = (
    # locative adjective, ablative, genitive, instrumental, locative, dative, accusative
    "дағы", "дегі", "тағы", "тегі", "ндағы", "ндегі",
    "дан", "ден", "тан", "тен", "нан", "нен",
    "ның", "нің", "дың", "дің", "тың", "тің",
    "мен", "бен", "пен",
    "нда", "нде", "да", "де", "та", "те",
    "ға", "ге", "қа", "ке", "на", "не",
    "ны", "ні", "ды", "ді", "ты", "ті",
)  # fmt: skip
KAZAKH_VOWELS = frozenset("аәеиоөұүыіэюя")
KAZAKH_PLURAL = ("лар", "лер", "дар", "дер", "тар", "тер")
KAZAKH_LETTERS = frozenset("әіңғүұқөһ")
_SHORTEST = 3
_RUSSIAN_AI = 5  # longer than this: курултай, not край or чай


def _strip(word: str, endings: tuple[str, ...]) -> str:
    for ending in sorted(endings, key=len, reverse=True):
        if word.endswith(ending) and len(word) - len(ending) >= _SHORTEST:
            return word[: -len(ending)]
    return word


def _without_possessive(word: str) -> set[str]:
    """-сы/-сі after a vowel (конституция-сы), -ы/-і after a consonant (кеңес-і); a word such as
    кеңесі may be either, so both are kept."""
    found = {word}
    if word.endswith(("сы", "сі")) and word[-3:-2] in KAZAKH_VOWELS and len(word) - 2 >= _SHORTEST:
        found.add(word[:-2])
    if word.endswith(("ы", "і")) and word[-2:-1] not in KAZAKH_VOWELS and len(word) - 1 >= _SHORTEST:
        found.add(word[:-1])
    return found


def kazakh_stems(word: str) -> frozenset[str]:
    """A Kazakh word without its case, possessive and plural endings: 'әкімдерінің' -> {'әкім'}.
    Where a possessive ending can be read two ways, both stems."""
    return frozenset(_strip(part, KAZAKH_PLURAL) for part in _without_possessive(_strip(word, KAZAKH_CASE)))


_PACKAGE = "_kzreforms_snowball"


@lru_cache(maxsize=2)
def _snowball(language: str) -> Any:
    """The Snowball stemmer of ``language``, its module alone: the package's own ``__init__``
    imports all its 36 languages (50 ms), so its folder is loaded under a private name."""
    import importlib
    import importlib.util
    import sys
    import types

    if _PACKAGE not in sys.modules:
        spec = importlib.util.find_spec("snowballstemmer")
        if spec is None or not spec.submodule_search_locations:  # pragma: no cover - a dependency
            raise ModuleNotFoundError("snowballstemmer")
        package = types.ModuleType(_PACKAGE)
        package.__path__ = list(spec.submodule_search_locations)
        sys.modules[_PACKAGE] = package
    module = importlib.import_module(f"{_PACKAGE}.{language}_stemmer")
    return getattr(module, f"{language.capitalize()}Stemmer")()


def _is_cyrillic(word: str) -> bool:
    return any("\u0400" <= character <= "\u04ff" for character in word)


@lru_cache(maxsize=65536)
def stems(word: str) -> frozenset[str]:
    """The word and its stems: English by Snowball, Russian by Snowball and, for a Cyrillic word,
    Kazakh by the suffix rules (a Kazakh word need not have a letter Russian lacks: 'акимдер')."""
    found = {word}
    if word[:1].isdigit() or len(word) < _SHORTEST:
        return frozenset(found)
    if word.isascii():
        if word.isalpha():
            found.add(_snowball("english").stemWord(word))
    elif _is_cyrillic(word):
        if not KAZAKH_LETTERS.intersection(word):
            found.add(_snowball("russian").stemWord(word))
            if word.endswith("ай") and len(word) > _RUSSIAN_AI:
                # A noun in -ай (курултай) whose genitive (курултая) Snowball reads as an
                # adjective's ending and cuts one letter shorter: keep that stem too.
                found.add(word[:-2])
        found.update(kazakh_stems(word))
    return frozenset(found)


def same_stem(a: str, b: str) -> bool:
    """Whether two words are one word in other forms: 'акимов' and 'акимы', 'parties' and 'party'."""
    return not stems(a).isdisjoint(stems(b))
