"""The search cases of tests/search_cases.toml, each its own test: what a reader types finds the right entry.

python -m tests.test_search_cases    # the score, as README.md reports it
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import tomli

from kzreforms import data
from kzreforms.search import search

CASES: list[dict[str, Any]] = tomli.loads(
    (Path(__file__).resolve().parent / "search_cases.toml").read_text(encoding="utf-8")
)["cases"]


def outcome(case: dict[str, Any]) -> tuple[list[int], int]:
    dataset, index = data.load_for_search(data.bundled_path())
    result = search(dataset.reforms, case["query"], index)
    return [hit.reform.id for hit in result.hits], result.total


def failures(case: dict[str, Any]) -> list[str]:
    """What a case asks for and the search does not do; empty when it holds."""
    ids, total = outcome(case)
    problems = []
    if "first" in case and ids[:1] != [case["first"]]:
        problems.append(f"{case['first']} is not first: {ids[:5]}")
    if "top3" in case and case["top3"] not in ids[:3]:
        problems.append(f"{case['top3']} is not in the top 3: {ids[:5]}")
    if "top3_any" in case and not set(case["top3_any"]) & set(ids[:3]):
        problems.append(f"none of {case['top3_any']} is in the top 3: {ids[:5]}")
    wrong = [reform_id for reform_id in case.get("absent", []) if reform_id in ids]
    if wrong:
        problems.append(f"{wrong} should not appear: {ids}")
    if "most" in case and total > case["most"]:
        problems.append(f"{total} entries match, more than {case['most']}")
    return problems


QUESTION_WORDS = (
    "what", "who", "when", "how", "is", "are", "can", "did", "do", "что", "кто", "когда", "как",
    "сколько", "қалай", "қандай", "кім", "қашан",
)  # fmt: skip


def test_there_are_at_least_200_cases_60_in_kazakh_or_russian_and_40_questions() -> None:
    assert len(CASES) >= 200
    cyrillic = [case for case in CASES if any("\u0400" <= c <= "\u04ff" for c in case["query"])]
    assert len(cyrillic) >= 60
    assert any(any(c in "әіңғүұқөһ" for c in case["query"].casefold()) for case in CASES)
    questions = [case for case in CASES if case["query"].casefold().split()[0] in QUESTION_WORDS]
    assert len(questions) >= 40, len(questions)


@pytest.mark.parametrize("case", CASES, ids=[case["query"] for case in CASES])
def test_search_case(case: dict[str, Any]) -> None:
    assert failures(case) == []


def test_the_readme_reports_the_score() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert score().replace(f"{len(CASES)} cases: ", f"of the {len(CASES)} cases, ") in readme


def wanted_in_top3(case: dict[str, Any]) -> list[int]:
    """The entries of which one must be in the top 3: the first, the top3 or any of top3_any."""
    if "first" in case:
        return [case["first"]]
    return [case["top3"]] if "top3" in case else list(case.get("top3_any", []))


def score() -> str:
    top1 = [case for case in CASES if "first" in case]
    top3 = [case for case in CASES if "first" in case or "top3" in case or "top3_any" in case]
    guarded = [case for case in CASES if "absent" in case or "most" in case]
    first_ok = sum(1 for case in top1 if outcome(case)[0][:1] == [case["first"]])
    top3_ok = sum(1 for case in top3 if set(wanted_in_top3(case)) & set(outcome(case)[0][:3]))
    clean = sum(
        1
        for case in guarded
        if not failures({k: v for k, v in case.items() if k in ("query", "absent", "most")})
    )
    return (
        f"{len(CASES)} cases: first {first_ok}/{len(top1)}, top 3 {top3_ok}/{len(top3)}, "
        f"no wrong hits {clean}/{len(guarded)}"
    )


if __name__ == "__main__":
    print(score())
