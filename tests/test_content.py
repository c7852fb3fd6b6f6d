"""The bundled data against its sources: each number, law number and date as the sources give it.

Each expected value below was read from ../shared/source/FACTS.md, the official text of the
Constitution or the article, not from the data; a test fails when an edit of the data
changes a fact.
"""

from __future__ import annotations

import re

import pytest

from kzreforms.cite import cited_keys
from kzreforms.model import Dataset, Reform
from kzreforms.query import source_problems

from .conftest import run


def entry(dataset: Dataset, reform_id: int) -> Reform:
    reform = dataset.get(reform_id)
    assert reform is not None, reform_id
    return reform


def thresholds(reform: Reform) -> set[tuple[float | None, float, str]]:
    return {(t.before, t.after, t.unit) for t in reform.thresholds}


def figures(reform: Reform) -> set[tuple[float, str, str | None]]:
    return {(f.value, f.unit, f.date) for f in reform.figures}


def events(reform: Reform) -> dict[str, str]:
    return {e.date: e.text for e in reform.events}


# Ids 1–14 keep their subjects; the words are those a reader would look for.
SUBJECTS = {
    1: "assembl", 2: "register", 3: "women", 4: "rural akim", 5: "mazhilis", 6: "against all",
    7: "defamation", 8: "petition", 9: "ombudsperson", 10: "amendments", 11: "maslikhat",
    12: "presidential term", 13: "relatives", 14: "acts of akims",
}  # fmt: skip


@pytest.mark.parametrize(("reform_id", "word"), SUBJECTS.items())
def test_ids_1_to_14_keep_their_subjects(bundled: Dataset, reform_id: int, word: str) -> None:
    assert word in entry(bundled, reform_id).title.casefold()


def test_the_thresholds_are_the_sources_numbers(bundled: Dataset) -> None:
    assert thresholds(entry(bundled, 2)) == {
        (40000, 5000, "members"),
        (600, 200, "members"),
        (1000, 700, "citizens"),
    }
    (step,) = entry(bundled, 2).thresholds[0].steps
    assert (step.value, step.date) == (20000, "2020-05")  # Qazaq TV: signed in May 2020
    assert thresholds(entry(bundled, 3)) == {(None, 30, "%")}
    assert "minimum" in entry(bundled, 3).thresholds[0].label.casefold()
    assert thresholds(entry(bundled, 5)) == {(7, 5, "%")}
    assert thresholds(entry(bundled, 12)) == {(5, 7, "years"), (2, 1, "terms")}
    assert (15, 10, "senators") in thresholds(entry(bundled, 17))
    assert {(107, 98, "seats"), (9, 0, "seats"), (0, 29, "seats")} <= thresholds(entry(bundled, 18))
    assert thresholds(entry(bundled, 29)) == {(2, 1, "chambers"), (148, 145, "members")}


def test_the_figures_are_the_sources_numbers(bundled: Dataset) -> None:
    assert (5.8, "%", "2022-11-20") in figures(entry(bundled, 6))  # the article; dated by the CEC results
    assert {(77.18, "%", "2022-06-05"), (68.05, "%", "2022-06-05")} <= figures(entry(bundled, 10))
    assert (33, "articles", None) in figures(entry(bundled, 10))
    assert {(87.15, "%", "2026-03-15"), (73.12, "%", "2026-03-15")} <= figures(entry(bundled, 28))
    assert {(45, "posts", "2023-11-05"), (62.79, "%", "2023-11-05")} <= figures(entry(bundled, 16))
    assert (730, "akims", "2021-07-25") in figures(entry(bundled, 4))


@pytest.mark.parametrize(
    ("reform_id", "law_number", "date"),
    [
        (1, "333-VI", "2020-05-25"),
        (9, "90-VII", "2021-12-29"),
        (12, "142-VII", "2022-09-17"),
        (20, "153-VII", "2022-11-05"),
        (21, "404-VI", "2021-01-02"),
        (22, "198-VII", "2023-02-13"),
    ],
)
def test_law_numbers_and_their_dates(bundled: Dataset, reform_id: int, law_number: str, date: str) -> None:
    reform = entry(bundled, reform_id)
    text = " ".join([*reform.legal_basis, *(e.text for e in reform.events)])
    assert law_number in text
    assert date in events(reform) or any(
        bundled.sources[key].law_number == law_number and bundled.sources[key].date == date
        for key in cited_keys(reform)
    )


def test_the_key_dates(bundled: Dataset) -> None:
    assert "2022-09-17" in events(entry(bundled, 12))  # the seven-year term: September, not June
    assert "2022-06-08" in events(entry(bundled, 12))  # the First President's exemption removed
    assert {"2021-12-29", "2022-06-08"} <= events(entry(bundled, 21)).keys()  # two steps
    assert "2023-01-01" in events(entry(bundled, 20))
    assert {"2023-11-05", "2025-10-12"} <= events(entry(bundled, 16)).keys()
    assert "2022-11-20" in events(entry(bundled, 12))  # the first election under the single term
    assert "2023-03-19" in events(entry(bundled, 18))  # the first under the mixed system
    assert "2026-03-15" in events(entry(bundled, 28)) and entry(bundled, 28).in_force == "2026-07-01"
    # The 5,000-member rule was in force before the March 2023 election: no source dates it 2023-03.
    assert "2023-03" not in events(entry(bundled, 2))


def test_the_march_2023_election_cites_a_source_on_the_election(bundled: Dataset) -> None:
    for reform in bundled.reforms:
        for event in reform.events:
            if event.date == "2023-03-19":
                assert any(bundled.sources[key].date and bundled.sources[key].date >= "2023-03-19"
                           for key in event.sources), reform.id  # fmt: skip


def test_no_result_is_given_for_the_election_of_23_august_2026(bundled: Dataset) -> None:
    for reform in bundled.reforms:
        assert all(figure.date != "2026-08-23" for figure in reform.figures)
    kurultai = events(entry(bundled, 29))
    assert "2026-08-23" in kurultai and "no source" in kurultai["2026-08-23"].casefold()


def test_rules_replaced_by_the_constitution_of_2026_say_so(bundled: Dataset) -> None:
    for reform_id in (5, 17, 18, 19):
        reform = entry(bundled, reform_id)
        assert (reform.status, reform.replaced_by) == ("replaced", 29), reform_id
    assert entry(bundled, 27).status == "not adopted"
    for reform in bundled.reforms:
        if reform.replaced_by is not None:
            assert entry(bundled, reform.replaced_by).period in ("2026-constitution", "2022-amendments")


def test_no_entry_says_not_stated_where_a_rule_is_known(bundled: Dataset) -> None:
    for reform in bundled.reforms:
        for rule in (reform.before, reform.after):
            assert "not stated" not in rule.text.casefold(), reform.id
            assert "source does not state" not in rule.text.casefold(), reform.id
            assert rule.short is None or rule.short.casefold() != "not stated", reform.id


def test_entries_are_grouped_by_period_with_new_ids_from_15(bundled: Dataset) -> None:
    assert {r.period for r in bundled.reforms if r.id <= 9 and r.id != 8} == {"2019-2021"}
    assert {r.period for r in bundled.reforms if 10 <= r.id <= 14} == {"2022-amendments"}
    assert [r.id for r in bundled.reforms] == list(range(1, len(bundled.reforms) + 1))
    assert {"2022-2025", "2026-constitution"} <= {r.period for r in bundled.reforms}


def test_each_entry_is_filed_under_the_period_in_which_its_rule_first_changed(bundled: Dataset) -> None:
    # Entry 8 is the Korea Post article's eighth package, but its law is of 2023 (jjtv.kz, Halyq News).
    def first_change(reform: Reform) -> int:
        dates = [reform.in_force] + [step.date for t in reform.thresholds for step in t.steps]
        return min(int(date[:4]) for date in dates if date)

    spans = {"2019-2021": (2019, 2021), "2022-2025": (2022, 2025)}
    for reform in bundled.reforms:
        if reform.period in spans and reform.in_force:
            low, high = spans[reform.period]
            assert low <= first_change(reform) <= high, reform.id
    assert entry(bundled, 8).period == "2022-2025"


def test_every_entry_and_glossary_term_has_a_russian_or_kazakh_name(bundled: Dataset) -> None:
    # Issue 21: a reader types Russian and Kazakh; each name is as a stored page writes it.
    def cyrillic(names: tuple[str, ...]) -> bool:
        return any("\u0400" <= c <= "\u04ff" for name in names for c in name)

    assert [reform.id for reform in bundled.reforms if not cyrillic(reform.aliases)] == []
    assert [term.term for term in bundled.glossary if not cyrillic(term.aliases)] == []
    kazakh = "әіңғүұқөһ"
    counsellor = next(term for term in bundled.glossary if term.term == "State Counsellor")
    assert any(c in kazakh for alias in counsellor.aliases for c in alias.casefold())


def test_the_death_penalty_has_an_entry_of_its_own(bundled: Dataset) -> None:
    (death,) = [r for r in bundled.reforms if "death penalty" in r.title.casefold()]
    assert death.id >= 15
    assert "death" not in entry(bundled, 7).title.casefold()


def test_government_claims_are_attributed(bundled: Dataset) -> None:
    texts = [
        text
        for reform in bundled.reforms
        for text in (reform.before.text, reform.after.text, *(m.text for m in reform.measures))
    ]
    for claim in ("practical protection", "effective way", "stronger"):
        for text in texts:
            if claim in text.casefold():
                assert "article" in text.casefold(), text
    assert not any(
        word in entry(bundled, 11).title.casefold() for word in ("stronger", "better", "effective")
    )
    assert "veto" not in entry(bundled, 14).title.casefold()


def test_every_source_is_cited_and_every_address_is_a_full_url(bundled: Dataset) -> None:
    cited = {key for reform in bundled.reforms for key in cited_keys(reform)}
    cited |= {key for event in bundled.context for key in event.sources}
    cited |= {key for rating in bundled.ratings for score in rating.scores for key in score.sources}
    assert set(bundled.sources) == cited
    for key, source in bundled.sources.items():
        assert source.url is None or re.fullmatch(r"https://[^/\s]+\.[a-z]+(/\S*)?", source.url), key


def test_the_dataset_says_when_it_was_checked_and_under_what_licence(bundled: Dataset) -> None:
    assert bundled.as_of == "2026-11-30"
    assert bundled.license is not None and "CC BY 4.0" in bundled.license


def test_the_senate_before_2022_had_49_seats_34_elected_and_15_appointed(bundled: Dataset) -> None:
    # commonspace.eu, May 2022: "Currently, the Senate has 49 members"; 47 (32 elected) is the Senate before 2018.
    senate = entry(bundled, 17)
    assert {(49, 50, "seats"), (34, 40, "senators"), (15, 10, "senators")} <= thresholds(senate)
    assert "49" in senate.before.text and "34" in senate.before.text and "15" in senate.before.text
    # Kazinform still reported 47 senators on 1 September 2018: the 47 is not dated "before 2018".
    assert "earlier size" in senate.before.text and "before 2018" not in senate.before.text
    assert "47" not in (senate.before.short or "")


def test_entries_12_15_17_and_27_claim_only_what_their_pages_state(bundled: Dataset) -> None:
    # kt.kz (4 Feb 2026) numbers the articles of the first draft (31 Jan), not of the adopted text.
    assert any("first draft" in basis for basis in entry(bundled, 12).legal_basis)
    # The Semey pages say nothing about regional akims; nor does any stored page date the
    # party-branch bar to 1 January 2023.
    regional = entry(bundled, 15)
    assert all("qazinform-2025-10-12" not in m.sources for m in regional.measures)
    assert all("1 January 2023" not in m.text for m in regional.measures)
    # 34 elected of 49: The Astana Times (Aug 2020) states both; 40 is shown as two for each of 20.
    senate = entry(bundled, 17)
    (elected,) = [t for t in senate.thresholds if t.before == 34]
    assert "astanatimes-2020-08-senate" in elected.sources
    assert "which makes 40" in senate.after.text and "(40 in all)" not in senate.after.text
    # The government's answer is Report.kg's; "did not take it up" rested on no stored page.
    bill = entry(bundled, 27)
    assert "reportkg-2025-foreign-agents" in bill.after.sources
    assert "take it up" not in bill.after.text and "taken up" not in bill.after.text
    # Who said the bill was not in the plan is Vlast's: the Ministry of Justice, in early March.
    assert "the Ministry of Justice told Vlast" in bill.after.text
    assert "vlast-2025-foreign-agents" in bill.after.sources
    # Entry 8 names its law and dates its steps: Halyq News and digitalrights.asia, 2024.
    petitions = entry(bundled, 8)
    assert petitions.legal_basis[0].startswith(
        "Law No. 30-VIII on Public Control, 2 October 2023"
    )  # adilet.zan.kz
    assert list(events(petitions)) == ["2023-05-31", "2023-10-02", "2024-04"]
    assert petitions.in_force == "2024-04"  # "early April": no stored page gives the day


def test_what_the_constitution_of_2026_did_with_each_2022_rule(bundled: Dataset) -> None:
    # FACTS.md, "Further facts and corrections": kept rules cite the 2026 text or a page saying so.
    kept = {12, 13, 20, 21, 23, 24}
    for reform_id in kept:
        reform = entry(bundled, reform_id)
        assert reform.status in ("in force", "partly in force"), reform_id
        assert reform.replaced_by is None, reform_id
        assert any("2026" in basis for basis in reform.legal_basis), reform_id
    relatives = entry(bundled, 13)  # medianews.az: both bans kept
    assert "no source" not in relatives.after.text.casefold()
    assert "medianews-2026" in cited_keys(relatives)
    assert "inform-2026-02-12" in cited_keys(entry(bundled, 24))  # the Commissioner continues
    assert (entry(bundled, 10).status, entry(bundled, 10).replaced_by) == ("replaced", 28)
    for reform_id in (14, 15):  # not known: the status, the entry's text and its legal basis say so
        reform = entry(bundled, reform_id)
        assert (reform.status, reform.replaced_by) == ("not known", 28), reform_id
        assert "no source used here says" in reform.after.text.casefold()
        assert any("2026" in basis and "do not say" in basis for basis in reform.legal_basis), reform_id
    for reform in bundled.reforms:
        if reform.period == "2022-amendments" and reform.status == "replaced":
            assert reform.replaced_by is not None, reform.id
        if any(basis.startswith("Constitution (1995)") for basis in reform.legal_basis) and reform.status in (
            "in force",
            "partly in force",
        ):
            assert any("2026" in basis for basis in reform.legal_basis), reform.id


def test_the_kurultai_plan_is_dated_january_2026(bundled: Dataset) -> None:
    # Qazinform, 20 Jan 2026; mts.kg, 24 Jan 2026: not the address of September 2025.
    for reform_id in (3, 29):
        (measure,) = [m for m in entry(bundled, reform_id).measures if "mtskg-2026-01" in m.sources]
        assert "January 2026" in measure.text, reform_id
        assert "report on the address" not in measure.text, reform_id
        # No stored page shows what the address of September 2025 left out: claim nothing about it.
        assert "not in the address" not in measure.text and "dates from" not in measure.text, reform_id


def test_each_figure_cites_a_page_that_states_it(bundled: Dataset) -> None:
    def cited(reform_id: int, value: float) -> set[str]:
        return {key for f in entry(bundled, reform_id).figures if f.value == value for key in f.sources}

    # The Astana Times (27 Mar 2023) gives 40 list seats and "over 54 percent" only.
    assert cited(18, 62) and "astanatimes-2023-03-27" not in cited(18, 62)
    assert cited(18, 54.21) and "astanatimes-2023-03-27" not in cited(18, 54.21)
    # el.kz (6 Nov 2023) does not give the turnout of 62.79%.
    assert cited(16, 62.79) and "elkz-2023-11-06" not in cited(16, 62.79)
    for value in (87.15, 73.12, 7954667, 898099):  # the 2026 referendum rests on a page with an address
        assert any(bundled.sources[key].url for key in cited(28, value)), value
    # Al Mayadeen says "first reading"; RFE/RL gives no signing date of the Protocol.
    assert all(
        "almayadeen-2022-09-17" not in e.sources for e in entry(bundled, 12).events if e.date == "2022-09-16"
    )
    assert all("rferl-2021-01-02" not in e.sources for e in entry(bundled, 21).events if "signs" in e.text)


def test_official_figures_are_attributed(bundled: Dataset) -> None:
    court = entry(bundled, 20)
    assert all("Court's own count" in f.label for f in court.figures if f.value in (5000, 99))
    (akims,) = [f for f in entry(bundled, 4).figures if f.value == 2000]
    assert "Karin" in akims.label


def test_the_2022_party_ban_list_was_extended_not_created(bundled: Dataset) -> None:
    # Art. 23(2): judges, servicemen and security staff were barred before 2022 (footnote: resolution of 2000).
    (measure,) = [m for m in entry(bundled, 10).measures if "23(2)" in m.text]
    assert "already" in measure.text and "Constitutional Court" in measure.text
    hrw = [a for a in entry(bundled, 28).assessments if a.by == "Human Rights Watch"]
    assert hrw and all("5(4)" in a.text and "abc-2026-02-17-hrw" in a.sources for a in hrw)


def test_freedom_house_scores_are_dated_by_the_year_they_cover(bundled: Dataset) -> None:
    for reform in bundled.reforms:
        for assessment in reform.assessments:
            if assessment.by == "Freedom House":
                assert "covers" in assessment.text or "covering" in assessment.text, reform.id


def test_no_source_title_is_a_bracketed_description(bundled: Dataset) -> None:
    for key, source in bundled.sources.items():
        assert not source.title.startswith("["), key
        assert "[" not in source.title, key


def test_the_2026_referendum_figures_are_dated_preliminary_then_final(bundled: Dataset) -> None:
    # Echo FM and The Caspian Post (16 Mar): preliminary; Informburo: the same figures as final.
    (event,) = [e for e in entry(bundled, 28).events if e.date == "2026-03-15"]
    assert "preliminary results on 16 March" in event.text and "as the final results" in event.text
    assert {"echofm-2026-03-16", "informburo-2026-03-final"} <= set(event.sources)


def test_sources_check_passes_on_the_bundled_data() -> None:
    # Every source has an address and a title of its own, no address is shared, each is cited.
    result = run("sources", "--check")
    assert (result.code, result.stderr) == (0, "")
    assert result.stdout.startswith("OK: ") and result.stdout.endswith(", each cited\n")


def test_no_source_title_describes_the_page_instead_of_giving_its_headline(bundled: Dataset) -> None:
    assert source_problems(bundled) == []
    for key, source in bundled.sources.items():
        assert "[" not in source.title and "]" not in source.title, key
        title = source.title.casefold()
        assert "headline not" not in title and "not found in the stored" not in title, key
    # The Caspian Post's stored page shows no date: the record gives none.
    assert bundled.sources["caspianpost-2026-03"].date is None


# When each rule took effect, as the sources give it (FACTS.md, the Constitution's text, the
# stored pages cited in the entry); where only the date of the law is known, that date.
IN_FORCE = {
    1: "2020-05-25",  # Law No. 333-VI of 25 May 2020 (adilet.zan.kz)
    2: "2022",  # 5,000 members: proposed 16 March 2022, in force when Baitak registered in November
    3: "2020-05-25",  # Constitutional Laws Nos. 335-VI and 336-VI of 25 May 2020 (International IDEA)
    4: "2021-05",  # the laws on electing rural akims, signed in May 2021 (Kazinform, kt.kz)
    5: "2021-05",  # the 5% barrier, signed on 25 May 2021 (ANI)
    6: "2021-05",  # the "against all" line, in the same law (ANI)
    7: "2020-06",  # defamation law signed at the end of June 2020 (The Diplomat, Article 33)
    8: "2024-04",  # the law on petitions, in force from April 2024 (digitalrights.asia)
    9: "2021-12-29",  # Law No. 90-VII of 29 Dec 2021
    10: "2022-06-08",  # the amending law of 8 June 2022 (akorda footnotes)
    11: "2023-04-10",  # Decree No. 190 of 10 April 2023: the chairperson
    12: "2022-09-17",  # Law No. 142-VII of 17 September 2022
    16: "2025",  # direct election of district and town akims the general rule in 2025
    18: "2023-03-19",  # the new make-up from the election of 19 March 2023 (Art. 99(3))
    19: "2023-01-01",  # law-making from 1 January 2023 (akorda footnote to Art. 61)
    20: "2023-01-01",  # the Constitutional Court from 1 January 2023
    21: "2022-06-08",  # Art. 15(2) prohibits the death penalty from 8 June 2022
    25: "2024-08",  # the media law in force from August 2024
    26: "2023-09",  # the register published in September 2023
    28: "2026-07-01",  # the Constitution of 2026
}


def test_every_entry_says_when_its_rule_took_effect(bundled: Dataset) -> None:
    never = {reform.id for reform in bundled.reforms if reform.status in ("proposed", "not adopted")}
    assert never == {27}  # the "foreign agents" bill was never adopted: it has no date
    assert [r.id for r in bundled.reforms if r.in_force is None] == [27]
    for reform_id, date in IN_FORCE.items():
        assert entry(bundled, reform_id).in_force == date, reform_id
    for reform in bundled.reforms:
        if reform.replaced_by is not None:
            later = entry(bundled, reform.replaced_by).in_force
            assert reform.in_force is not None and later is not None
            assert reform.in_force[:4] <= later[:4], reform.id


# ---------------------------------------------------------------------------------------
# Coverage (issue 20), from FACTS.md, "Further facts and corrections", and the stored pages
# it names. Where a stored page differs from FACTS.md, the page's figure is the one tested.
# ---------------------------------------------------------------------------------------


def context(dataset: Dataset) -> dict[str, str]:
    return {e.date: e.text for e in dataset.context}


def test_january_2022_and_after_is_dated_context_with_each_figure_attributed(bundled: Dataset) -> None:
    # No entry's rule: dated context, as model.Dataset.context declares ("the unrest").
    january = context(bundled)
    assert {"2022-01-02", "2022-03-14", "2022-07", "2022-11-02", "2022-12-23"} <= january.keys()
    assert "Mangystau" in january["2022-01-02"]
    tolls = january["2022-03-14"]  # RFE/RL, 14 Mar 2022: 230 (Prosecutor-General), 238 (Azimova)
    assert "Prosecutor-General gives 230" in tolls and "Elvira Azimova, gives 238" in tolls
    amnesty = january["2022-11-02"]  # RFE/RL: more than 1,500 people; no act number was found
    assert "more than 1,500 people" in amnesty and "no act number was found" in amnesty
    assert not re.search(r"No\. ?\d", amnesty)
    assets = january["2022-07"]  # Freedom in the World 2023: the commission's claim
    assert assets.startswith("According to Freedom House") and "$478 million" in assets
    assert "Tagzym" in january["2022-12-23"]
    for event in bundled.context:
        if event.date.startswith("2022") and event.date != "2022-01":
            assert all(bundled.sources[key].url for key in event.sources), event.date


def test_the_parties_registered_after_the_threshold_fell_are_dated_events_of_entry_2(
    bundled: Dataset,
) -> None:
    parties = events(entry(bundled, 2))
    # Baitak: 28 Nov (the party) or 30 Nov (The Astana Times): dated to the month, both days given.
    assert "Baitak" in parties["2022-11"]
    assert "28 November" in parties["2022-11"] and "30 November" in parties["2022-11"]
    assert "Respublica" in parties["2023-01-18"] and "seven" in parties["2023-01-18"]
    (critics,) = [a for a in entry(bundled, 2).assessments if a.by == "Eurasianet"]
    assert "critics of the government" in critics.text
    (alga,) = [text for text in parties.values() if "Alga" in text]
    assert "according to masa.media" in alga  # the refusals are the activists' account, attributed


def test_entry_1_gives_the_critiques_at_adoption_and_the_refusals_counted_by_monitors(
    bundled: Dataset,
) -> None:
    assemblies = entry(bundled, 1)
    assert {"Human Rights Watch", "CABAR.asia"} <= {a.by for a in assemblies.assessments}
    assert any("UN Special Rapporteur" in a.text for a in assemblies.assessments)
    assert all(a.date.startswith("2020") for a in assemblies.assessments)  # at adoption
    (refusals,) = [f for f in assemblies.figures if f.unit == "refusals"]
    assert (refusals.value, refusals.date) == (134, "2021-10-21")  # tirek.info, from 30 July 2020
    assert "counted by the monitoring group ActivistsNotExtremists" in refusals.label


def test_the_referendum_of_6_october_2024_is_the_second_use_of_the_national_referendum(
    bundled: Dataset,
) -> None:
    (referendum,) = [r for r in bundled.reforms if "2022 referendum" in r.aliases]
    assert referendum.id == 10
    nuclear = events(referendum)["2024-10-06"]
    assert "71.12%" in nuclear and "63.66%" in nuclear  # The Astana Times and Sputnik, 7 Oct
    # No stored page says no referendum came between: the text says only that June 2022's came first.
    assert "used in June 2022 for these amendments, is used again" in nuclear and "Art. 31(2)" in nuclear
    assert "Vlast.kz later wrote that independent observers" in nuclear  # the observers' account, attributed
    assert "According to Sputnik, the CIS observer mission saw no violations" in nuclear  # beside Vlast
    dates = [e.date for e in referendum.events]
    assert dates == sorted(dates)


def test_the_proposals_of_january_2026_are_dated_events_of_entries_28_to_31(bundled: Dataset) -> None:
    for reform_id in (28, 29, 30, 31):
        assert "National Kurultai" in events(entry(bundled, reform_id))["2026-01-20"], reform_id
    assert "Kyzylorda" in events(entry(bundled, 28))["2026-01-20"]
    assert "95 articles" in events(entry(bundled, 28))["2026-01-30"]  # the first draft (Qazinform)
    assert "77 of the Constitution's articles" in events(entry(bundled, 28))["2026-01-28"]
    assert {(95, "articles", "2026-01-30"), (96, "articles", "2026-02-12")} <= figures(entry(bundled, 28))
    assert "Kazakhstanskaya Pravda" in events(entry(bundled, 28))["2026-02-12"]
    assert "145 members" in events(entry(bundled, 29))["2026-01-20"]
    assert (126, "members", "2026-01-20") in figures(entry(bundled, 31))  # at most 126: 42 + 42 + 42
    assert any("42 from other public associations" in m.text for m in entry(bundled, 31).measures)


def test_the_national_kurultai_is_never_the_parliament(bundled: Dataset) -> None:
    # The National Kurultai (2022-2026) was consultative; the Kurultai is the parliament of 2026.
    texts = [
        text
        for reform in bundled.reforms
        for text in (reform.title, reform.before.text, reform.after.text,
                     *(e.text for e in reform.events), *(m.text for m in reform.measures))
    ]  # fmt: skip
    wrong = re.compile(
        r"(elect\w*|deputies|seats|members) (to|of|in) the National Kurultai|National Kurultai('s)? (election|deputies|seats)"
    )
    assert not [text for text in texts if wrong.search(text)]
    assert "National" not in entry(bundled, 29).title
    assert "consultative body" in events(entry(bundled, 28))["2026-01-20"]
    assert "consultative body" in events(entry(bundled, 29))["2026-01-20"]


def test_entries_2_11_and_16_say_the_2026_constitution_s_effect_is_not_known(bundled: Dataset) -> None:
    # Statutory rules: no stored page says what the Constitution of 2026 did with them.
    for reform_id in (2, 11, 16):
        reform = entry(bundled, reform_id)
        assert (reform.status, reform.replaced_by) == ("in force", None), reform_id
        assert "no source used here says whether the Constitution of 2026" in reform.after.text, reform_id
        assert reform.legal_basis, reform_id
        assert not any(basis.startswith("Constitution") for basis in reform.legal_basis), reform_id
    assert "majoritarian" in events(entry(bundled, 11))["2026-01-20"]  # the President, 20 Jan 2026


def test_after_1_july_2026_no_vice_president_is_named_and_no_council_reported_formed(
    bundled: Dataset,
) -> None:
    assert "No source used here names anyone" in entry(bundled, 30).after.text
    assert "No source used here reports the Council as formed" in entry(bundled, 31).after.text
