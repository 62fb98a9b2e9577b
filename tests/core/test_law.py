from collections.abc import Iterable
from typing import Any

import pytest

from keten.core.law import (
    ACTS,
    COUNTRY_CODES,
    EU_MEMBER_STATES,
    INSUFFICIENT,
    MET,
    NEXT_QUESTIONS,
    NOT_MET,
    PURPOSES,
    SMUGGLING,
    SMUGGLING_AGGRAVATING,
    TRAFFICKING,
    TRAFFICKING_AGGRAVATING,
    TRAFFICKING_AND_SMUGGLING,
    UNKNOWN,
    LegalFacts,
    qualify,
    smuggling_aggravating,
    smuggling_elements,
    trafficking_aggravating,
    trafficking_elements,
)


def facts(
    *,
    acts: Iterable[str] = (),
    purposes: Iterable[str] = (),
    means: Iterable[str] = (),
    circumstances: Iterable[str] = (),
    **rest: Any,
) -> LegalFacts:
    return LegalFacts(
        acts=frozenset(acts),
        purposes=frozenset(purposes),
        means=frozenset(means),
        circumstances=frozenset(circumstances),
        **rest,
    )


SMUGGLED: dict[str, Any] = {"nationality": "SY", "crossed_irregularly": True, "helped_for_gain": True}


def test_it_lists_the_27_eu_member_states_all_valid_codes() -> None:
    assert len(EU_MEMBER_STATES) == 27
    assert EU_MEMBER_STATES <= COUNTRY_CODES
    assert "BE" in EU_MEMBER_STATES
    assert not {"GB", "NO", "CH", "IS", "LI"} & EU_MEMBER_STATES


def test_it_knows_every_assigned_country_code() -> None:
    assert len(COUNTRY_CODES) == 250  # 249 assigned codes plus XK
    assert all(len(code) == 2 and code.isupper() for code in COUNTRY_CODES)


@pytest.mark.parametrize("act", ACTS)
@pytest.mark.parametrize("purpose", PURPOSES)
def test_it_needs_only_an_act_and_a_purpose(act: str, purpose: str) -> None:
    assert qualify(facts(acts={act}, purposes={purpose})).kind == TRAFFICKING


def test_it_reports_unknown_elements() -> None:
    assert trafficking_elements(facts()) == trafficking_elements(facts(means={"violence"}))
    elements = trafficking_elements(facts(acts={"recruitment"}))
    assert (elements.act, elements.purpose) == (MET, UNKNOWN)


def test_it_does_not_smuggle_an_eu_citizen() -> None:
    for country in EU_MEMBER_STATES:
        result = qualify(facts(**{**SMUGGLED, "nationality": country}))
        assert result.kind == INSUFFICIENT
        assert result.smuggling.non_eu_national == NOT_MET


def test_it_smuggles_a_national_of_a_schengen_state_outside_the_eu() -> None:
    assert qualify(facts(**{**SMUGGLED, "nationality": "NO"})).kind == SMUGGLING


def test_it_does_not_call_free_help_smuggling() -> None:
    result = qualify(facts(**{**SMUGGLED, "helped_for_gain": False}))
    assert result.kind == INSUFFICIENT
    assert "financial_advantage" not in result.missing
    assert any("without gaining" in reason.text for reason in result.reasons)


def test_it_needs_an_irregular_border_for_smuggling() -> None:
    assert qualify(facts(**{**SMUGGLED, "crossed_irregularly": False})).kind == INSUFFICIENT


def test_it_combines_both_offences() -> None:
    result = qualify(facts(acts={"transport"}, purposes={"labour"}, **SMUGGLED))
    assert result.kind == TRAFFICKING_AND_SMUGGLING


def test_it_lists_what_is_missing_for_smuggling_once_raised() -> None:
    result = qualify(facts(crossed_irregularly=True))
    assert result.missing == ("act", "purpose", "nationality", "financial_advantage")
    assert result.next_questions == tuple(NEXT_QUESTIONS[item] for item in result.missing)


def test_it_does_not_ask_about_borders_when_nobody_raised_them() -> None:
    assert qualify(facts(nationality="NG")).missing == ("act", "purpose")


def test_it_keeps_asking_about_smuggling_after_finding_trafficking() -> None:
    result = qualify(facts(acts={"recruitment"}, purposes={"sexual"}, crossed_irregularly=True))
    assert result.kind == TRAFFICKING
    assert result.missing == ("nationality", "financial_advantage")


def test_it_turns_means_into_aggravating_circumstances() -> None:
    found = trafficking_aggravating(
        facts(
            age=16,
            means={"violence", "abuse_of_vulnerability", "abuse_of_authority", "payment_to_controller"},
            circumstances={"life_endangered"},
        )
    )
    assert [item.id for item in found] == [
        "abuse_of_authority",
        "minor",
        "abuse_of_vulnerability",
        "force_or_fraud",
        "payment_to_controller",
        "life_endangered",
    ]
    assert all(item.offence == TRAFFICKING for item in found)


@pytest.mark.parametrize("means", ["violence", "threats", "coercion", "abduction", "deception"])
def test_it_groups_force_and_fraud(means: str) -> None:
    assert [item.id for item in trafficking_aggravating(facts(means={means}))] == ["force_or_fraud"]


def test_it_knows_the_smuggling_circumstances_of_art_77ter_to_77quinquies() -> None:
    """Aliens Act art. 77ter, 77quater 1°-7°, 77quinquies (REFERENCE §11): none is dropped."""
    found = smuggling_aggravating(
        facts(
            age=12,
            means={"deception", "abuse_of_vulnerability", "abuse_of_authority"},
            circumstances={"life_endangered", "serious_harm", "habitual_activity"},
        )
    )
    assert [item.id for item in found] == [
        "abuse_of_authority",
        "minor",
        "abuse_of_vulnerability",
        "force_or_fraud",
        "life_endangered",
        "serious_harm",
        "habitual_activity",
    ]
    assert [item.article for item in found] == [
        "art. 77ter",
        "art. 77quater 1°",
        "art. 77quater 2°",
        "art. 77quater 3°",
        "art. 77quater 4°",
        "art. 77quater 5°",
        "art. 77quater 6°",
    ]
    assert all(item.source.startswith("Aliens Act of 15 December 1980, art. 77") for item in found)


def test_it_cites_a_source_for_every_circumstance() -> None:
    for item in TRAFFICKING_AGGRAVATING + SMUGGLING_AGGRAVATING:
        assert item.source and item.label


def test_it_reports_aggravating_circumstances_only_for_an_offence() -> None:
    assert qualify(facts(age=10, means={"violence"})).aggravating == ()
    result = qualify(facts(age=10, means={"violence"}, acts={"control"}, purposes={"begging"}, **SMUGGLED))
    assert {(item.id, item.offence) for item in result.aggravating} >= {
        ("minor", TRAFFICKING),
        ("minor", SMUGGLING),
    }


def test_it_treats_an_unknown_nationality_as_unknown() -> None:
    assert smuggling_elements(facts()).non_eu_national == UNKNOWN
    assert smuggling_elements(facts(nationality="BE")).non_eu_national == NOT_MET
    assert smuggling_elements(facts(nationality="MA")).non_eu_national == MET


def test_it_explains_that_consent_does_not_matter() -> None:
    result = qualify(facts(acts={"recruitment"}, purposes={"sexual"}, consent=True))
    assert any("consent does not matter" in reason.text for reason in result.reasons)


def test_it_explains_that_no_border_is_needed() -> None:
    result = qualify(facts(acts={"harbouring"}, purposes={"labour"}, nationality="BE"))
    assert any("Belgians in Belgium" in reason.text for reason in result.reasons)
