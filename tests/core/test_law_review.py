"""One situation per finding of the legal review of 2 December 2026 (REFERENCE §11), each with its
source, plus the law by date (old Code before 8 April 2026, new Code from then on)."""

from datetime import date
from typing import Any

import pytest

from keten.core.screening import FactsError, evaluate, parse_facts, screen

TODAY = date(2026, 12, 2)
BEFORE = {"from": "2025-06-01"}
AFTER = {"from": "2026-05-01"}
EXPLOITED = {"acts": ["recruitment", "harbouring"], "purposes": ["labour"]}
SMUGGLED = {
    "person": {"age": 30, "nationality": "SY"},
    "border": {"crossed_irregularly": True, "helped_for_gain": True},
}


def run(data: dict[str, Any]) -> dict[str, Any]:
    return screen(data, today=TODAY)


# --- Law by date ------------------------------------------------------------------------------


def test_it_reads_facts_before_8_april_2026_under_the_1867_code() -> None:
    """Laws of 29 February 2024 apply since 8 April 2026; earlier facts keep art. 433quinquies."""
    result = run({**EXPLOITED, "facts_date": {"from": "2026-04-07"}})
    assert result["qualification"] == "trafficking"
    assert result["law"]["applied"] == "criminal_code_1867"
    (rule_set,) = result["law"]["rule_sets"]
    assert rule_set["offence"]["article"] == "art. 433quinquies"
    assert rule_set["offence"]["confirmed"] is True
    assert rule_set["purposes"][0]["article"] == "art. 433quinquies §1, 2°"


def test_it_reads_facts_from_8_april_2026_under_the_new_code_without_inventing_an_article() -> None:
    """FPS Justice (REFERENCE §11): new Code in force 8 April 2026; its article is not confirmed."""
    result = run({**EXPLOITED, "facts_date": {"from": "2026-04-08"}})
    assert result["qualification"] == "trafficking"
    assert result["law"]["applied"] == "criminal_code_2024"
    (rule_set,) = result["law"]["rule_sets"]
    assert rule_set["offence"]["article"] is None
    assert rule_set["offence"]["confirmed"] is False
    assert rule_set["offence"]["unconfirmed_reason"]
    assert all(
        item["article"] is None for item in result["aggravating_detail"] if item["offence"] == "trafficking"
    )


def test_it_reads_a_period_across_the_change_under_both_codes() -> None:
    result = run({**EXPLOITED, "facts_date": {"from": "2026-01-01", "to": "2026-06-30"}})
    assert [item["id"] for item in result["law"]["rule_sets"]] == ["criminal_code_1867", "criminal_code_2024"]
    assert result["law"]["applied"] == "criminal_code_2024"
    assert any("milder law" in line for line in result["explanation"])


def test_it_applies_the_law_of_today_without_a_date_and_says_so() -> None:
    result = screen(EXPLOITED, today=date(2026, 1, 10))
    assert result["law"]["date_assumed"] is True
    assert result["law"]["applied"] == "criminal_code_1867"
    assert run(EXPLOITED)["law"]["applied"] == "criminal_code_2024"


@pytest.mark.parametrize("purpose", ["forced_marriage", "illegal_adoption", "surrogacy"])
def test_it_counts_the_new_purposes_only_under_the_new_code_and_marks_them_unconfirmed(purpose: str) -> None:
    """Myria (forced marriage, illegal adoption) and Directive (EU) 2024/1712 (surrogacy), not read."""
    facts = {"acts": ["recruitment"], "purposes": [purpose]}
    before = run({**facts, "facts_date": BEFORE})
    assert before["qualification"] == "insufficient"
    assert before["law"]["rule_sets"][0]["purposes_outside"] == [purpose]
    after = run({**facts, "facts_date": AFTER})
    assert after["qualification"] == "trafficking"
    (provision,) = after["law"]["rule_sets"][0]["purposes"]
    assert provision["confirmed"] is False and provision["article"] is None


def test_it_refuses_a_period_that_ends_before_it_starts() -> None:
    with pytest.raises(FactsError) as error:
        parse_facts({"facts_date": {"from": "2026-05-01", "to": "2026-04-01"}})
    assert error.value.field == "facts_date.to"
    with pytest.raises(FactsError) as error:
        parse_facts({"facts_date": {"from": "1 May 2026"}})
    assert error.value.field == "facts_date.from"


# --- Finding 1: consent ----------------------------------------------------------------------


def test_consent_undoes_forced_criminality_only() -> None:
    """Art. 433quinquies §1, last sentence: consent irrelevant except for 5° (REFERENCE §11)."""
    crime = {"acts": ["recruitment"], "purposes": ["forced_crime"], "facts_date": BEFORE}
    assert run({**crime, "consent": True})["qualification"] == "insufficient"
    assert run({**crime, "consent": True})["law"]["rule_sets"][0]["consent_excluded"] == ["forced_crime"]
    assert run({**crime, "consent": False})["qualification"] == "trafficking"
    assert run({**EXPLOITED, "consent": True, "facts_date": BEFORE})["qualification"] == "trafficking"


# --- Finding 2: smuggling aggravations --------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "aggravation", "article", "opens"),
    [
        ({"exploiter_relations": ["parent"]}, "authority_over_victim", "art. 77ter", False),
        ({"exploiter_relations": ["public_official"]}, "abuse_of_authority", "art. 77ter", False),
        ({"circumstances": ["habitual_activity"]}, "habitual_activity", "art. 77quater 6°", False),
        ({"circumstances": ["association"]}, "association", "art. 77quater 7°", False),
        ({"circumstances": ["death"]}, "death", "art. 77quinquies", False),
        ({"circumstances": ["criminal_organisation"]}, "criminal_organisation", "art. 77quinquies", False),
        ({"means": ["threats"]}, "force_or_fraud", "art. 77quater 3°", True),
        ({"circumstances": ["life_endangered"]}, "life_endangered", "art. 77quater 4°", True),
    ],
)
def test_every_smuggling_aggravation_appears_and_only_77quater_1_to_5_opens_the_procedure(
    extra: dict[str, Any], aggravation: str, article: str, opens: bool
) -> None:
    """Aliens Act art. 77ter, 77quater, 77quinquies; art. 61/2 and Myria (REFERENCE §11)."""
    result = run({**SMUGGLED, **extra})
    assert result["qualification"] == "smuggling"
    (detail,) = [item for item in result["aggravating_detail"] if item["id"] == aggravation]
    assert detail["article"] == article
    assert detail["opens_procedure"] is opens
    assert result["opens_procedure"] is opens
    assert result["route"]["id"] == ("adult_trafficking" if opens else "smuggled")


def test_smuggling_needs_a_patrimonial_advantage_and_covers_swiss_nationals() -> None:
    """Aliens Act art. 77bis: non-EU nationals, including Swiss and Norwegians (REFERENCE §11)."""
    for country in ("CH", "NO", "IS", "LI", "UA"):
        assert run({**SMUGGLED, "person": {"nationality": country}})["qualification"] == "smuggling"
    text = " ".join(run(SMUGGLED)["explanation"])
    assert "something else of value" in text and "money or another advantage" not in text


# --- Finding 3: minors ------------------------------------------------------------------------


def test_it_presumes_a_child_when_the_age_is_unknown_but_may_be_a_minor() -> None:
    """Directive 2011/36/EU art. 13(2) (REFERENCE §11)."""
    result = run({**EXPLOITED, "person": {"possibly_minor": True}})
    assert result["presumed_minor"] is True
    assert "minor" in result["aggravating"]
    assert result["route"]["id"] == "child"
    assert result["urgency"] == "urgent"
    # A known age wins over the presumption.
    assert (
        run({**EXPLOITED, "person": {"age": 25, "possibly_minor": True}})["route"]["id"]
        == "adult_trafficking"
    )


def test_a_belgian_child_gets_the_youth_route_without_the_guardianship_service() -> None:
    """Belgian children: youth prosecutor and youth care; Esperanto, Minor-Ndako (REFERENCE §11)."""
    result = run({**EXPLOITED, "person": {"age": 15, "nationality": "BE"}})
    kinds = [action["kind"] for action in result["actions"]]
    assert result["route"]["id"] == "child"
    assert "contact_guardianship" not in kinds
    assert kinds[:2] == ["contact_youth_protection", "contact_minors_centre"]
    steps = " ".join(result["route"]["steps"])
    assert "Esperanto" in steps and "Minor-Ndako" in steps and "youth prosecutor" in steps


def test_an_unaccompanied_foreign_child_gets_a_guardian_and_a_three_month_document() -> None:
    """Myria: the 45 days become 3 months for an unaccompanied foreign minor (REFERENCE §11)."""
    result = run({**EXPLOITED, "person": {"age": 16, "nationality": "AF", "unaccompanied": True}})
    assert result["actions"][0]["kind"] == "contact_guardianship"
    assert any("3 months at once" in step for step in result["route"]["steps"])


def test_an_accompanied_foreign_child_is_not_sent_to_the_guardianship_service() -> None:
    result = run({**EXPLOITED, "person": {"age": 16, "nationality": "RO", "unaccompanied": False}})
    assert "contact_guardianship" not in [action["kind"] for action in result["actions"]]


# --- Finding 4: trafficking aggravations ------------------------------------------------------


def test_a_parent_aggravates_trafficking_without_any_abuse() -> None:
    """Art. 433sexies: committed by a person with authority over the victim (REFERENCE §11)."""
    result = run({**EXPLOITED, "exploiter_relations": ["parent"], "facts_date": BEFORE})
    (detail,) = [item for item in result["aggravating_detail"] if item["id"] == "authority_over_victim"]
    assert detail["article"] == "art. 433sexies" and detail["confirmed"] is True
    assert "abuse_of_authority" not in result["aggravating"]


def test_association_and_criminal_organisation_are_distinct() -> None:
    """Art. 433septies 7° (association) and 433octies (criminal organisation) (REFERENCE §11)."""
    result = run(
        {**EXPLOITED, "circumstances": ["association", "criminal_organisation"], "facts_date": BEFORE}
    )
    articles = {item["id"]: item["article"] for item in result["aggravating_detail"]}
    assert articles["association"] == "art. 433septies 7°"
    assert articles["criminal_organisation"] == "art. 433octies"


def test_payment_to_controller_says_its_source_is_not_confirmed() -> None:
    result = run({**EXPLOITED, "means": ["payment_to_controller"], "facts_date": BEFORE})
    (detail,) = [item for item in result["aggravating_detail"] if item["id"] == "payment_to_controller"]
    assert detail["confirmed"] is False
    assert "No source states" in detail["unconfirmed_reason"]


def test_ict_is_an_aggravation_only_under_the_new_code_and_unconfirmed() -> None:
    """Directive (EU) 2024/1712: offences committed through ICT; transposition unconfirmed."""
    after = run({**EXPLOITED, "circumstances": ["ict_used"], "facts_date": AFTER})
    (detail,) = [item for item in after["aggravating_detail"] if item["id"] == "ict_used"]
    assert detail["confirmed"] is False
    before = run({**EXPLOITED, "circumstances": ["ict_used"], "facts_date": BEFORE})
    assert before["aggravating_unmatched"] == ["ict_used"]


# --- Finding 5: unlimited residence -----------------------------------------------------------


def test_the_adult_route_says_permanent_stay_is_a_decision_not_a_right() -> None:
    """Myria, quoted by RTBF: unlimited residence "may" follow (REFERENCE §11)."""
    result = run({**EXPLOITED, "person": {"age": 30, "nationality": "NG"}})
    steps = " ".join(result["route"]["steps"])
    assert "may be allowed to stay" in steps and "not an automatic right" in steps
    assert "do not have to talk to the police yet" in steps
    assert "public order" in steps


# --- Finding 6: indicators --------------------------------------------------------------------


def test_one_strong_sign_alone_does_not_make_a_possible_victim() -> None:
    result = run({"indicators": ["general.documents_taken"]})
    assert result["possible_victim"] is False
    assert result["urgency"] == "urgent"  # still urgent: the person may be held now


def test_keten_labels_its_own_strengths_as_its_own() -> None:
    """The ILO's 2012 forced-labour indicators carry no strengths (REFERENCE §11)."""
    result = run({"indicators": ["forced_labour.debt_bondage", "general.large_debt"]})
    sources = {item["id"]: item["strength_source"] for item in result["weighing_indicators"]}
    assert sources["forced_labour.debt_bondage"].startswith("Keten's own")
    assert sources["general.large_debt"].startswith("Keten's own")


# --- Routes ------------------------------------------------------------------------------------


def test_a_smuggled_man_is_not_sent_to_confront_exploiters_and_gets_legal_aid_and_asylum() -> None:
    """The review's example: a smuggled Syrian man, not trafficked."""
    result = run(SMUGGLED)
    assert result["route"]["id"] == "smuggled"
    kinds = [action["kind"] for action in result["actions"]]
    assert kinds[:2] == ["contact_legal_aid", "asylum_information"]
    assert "contact_hotline" not in kinds
    assert "confront" not in [advice["id"] for advice in result["dont"]]


def test_smuggling_that_became_trafficking_follows_the_trafficking_route() -> None:
    result = run({**SMUGGLED, **EXPLOITED})
    assert result["qualification"] == "trafficking_and_smuggling"
    assert result["route"]["id"] == "adult_trafficking"


def test_old_input_still_gives_an_answer() -> None:
    """Backwards compatible: the input of the first contract is still accepted as it was."""
    old = {
        "person": {"age": 30, "nationality": "RO"},
        "acts": ["recruitment"],
        "purposes": ["sexual"],
        "means": ["deception"],
        "consent": True,
        "border": {"crossed_irregularly": False, "helped_for_gain": None},
        "indicators": [],
        "immediate_danger": False,
        "location": {"postal_code": "2000"},
        "circumstances": ["criminal_organisation"],
    }
    result = evaluate(parse_facts(old), TODAY).to_dict()
    assert result["qualification"] == "trafficking"
    assert set(result["aggravating"]) == {"force_or_fraud", "criminal_organisation"}
