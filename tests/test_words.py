"""Stop words and stems of English, Russian and Kazakh (kzreforms/words.py)."""

from __future__ import annotations

import pytest

from kzreforms.words import STOP_WORDS, kazakh_stems, same_stem, stems


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("әкімдер", "әкім"),  # plural -дер
        ("мәслихаттар", "мәслихат"),  # plural -тар
        ("партиялар", "партия"),  # plural -лар
        ("құрылтайдың", "құрылтай"),  # genitive -дың
        ("кеңестің", "кеңес"),  # genitive -тің
        ("референдумды", "референдум"),  # accusative -ды
        ("мәслихатқа", "мәслихат"),  # dative -қа
        ("сайлауға", "сайлау"),  # dative -ға
        ("құрылтайда", "құрылтай"),  # locative -да
        ("әкімдерінің", "әкім"),  # plural, possessive, genitive: әкім-дер-і-нің
        ("кеңесі", "кеңес"),  # possessive -і
        ("конституциясы", "конституция"),  # possessive -сы
        ("сот", "сот"),  # too short to lose anything
    ],
)
def test_kazakh_endings_are_stripped_case_then_possessive_then_plural(word: str, stem: str) -> None:
    assert stem in kazakh_stems(word)
    assert min(kazakh_stems(word), key=len) == stem or word == "кеңесі"  # кеңе-сі or кеңес-і: both kept


def test_a_stem_keeps_at_least_three_letters() -> None:
    assert kazakh_stems("ода") == {"ода"}  # 'о' would be too short: nothing is stripped


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("акимы", "аким"), ("акимов", "акимы"), ("мажилиса", "мажилис"), ("выборов", "выборы"),
        ("квоты", "квота"), ("смертной", "смертная"), ("parties", "party"), ("elections", "election"),
        ("әкімдер", "әкім"), ("акимдер", "аким"),
        ("курултая", "курултай"), ("курултаю", "курултай"), ("курылтая", "курылтай"),
    ],
)  # fmt: skip
def test_other_forms_of_a_word_are_the_same_word(a: str, b: str) -> None:
    assert same_stem(a, b)


@pytest.mark.parametrize(("a", "b"), [("part", "party"), ("квота", "квант"), ("әкім", "әке"), ("40", "4")])
def test_different_words_are_not(a: str, b: str) -> None:
    assert not same_stem(a, b)


def test_a_short_russian_word_in_ai_keeps_its_vowel() -> None:
    assert stems("курултай") >= {"курулта", "курулт"} and "кр" not in stems("край")


def test_a_number_or_a_short_word_is_only_itself() -> None:
    assert stems("2022") == {"2022"} and stems("ал") == {"ал"}


def test_stop_words_are_there_in_the_three_languages_and_the_words_that_matter_are_not() -> None:
    assert {"what", "is", "the", "how", "did", "что", "когда", "как", "қалай", "қандай", "және"} <= STOP_WORDS
    assert not {"all", "against", "new", "first", "law", "против", "всех", "жаңа"} & STOP_WORDS
