"""Situations a professional may meet, with the answer Keten must give."""

from dataclasses import dataclass, field
from typing import Any

import pytest

from keten.core.screening import FactsError, evaluate, parse_facts, screen


@dataclass(frozen=True)
class Situation:
    name: str
    facts: dict[str, Any]
    qualification: str
    forms: tuple[str, ...] = ()
    urgency: str = "normal"
    expect: dict[str, Any] = field(default_factory=dict)


def smuggled(nationality: str = "SY", **person: Any) -> dict[str, Any]:
    return {
        "person": {"nationality": nationality, **person},
        "border": {"crossed_irregularly": True, "helped_for_gain": True},
    }


SITUATIONS = [
    # Traps from the brief.
    Situation(
        "a Belgian exploited in Belgium",
        {
            "person": {"age": 24, "nationality": "BE"},
            "acts": ["recruitment", "harbouring"],
            "purposes": ["labour"],
        },
        "trafficking",
        ("labour",),
    ),
    Situation(
        "an adult who consented",
        {
            "person": {"age": 30, "nationality": "NG"},
            "acts": ["recruitment", "transport"],
            "purposes": ["sexual"],
            "consent": True,
        },
        "trafficking",
        ("sexual",),
    ),
    Situation(
        "smuggling without exploitation",
        smuggled(age=28),
        "smuggling",
        expect={"missing": ["act", "purpose"]},
    ),
    Situation(
        "smuggling that turned into exploitation to pay off the journey",
        {
            **smuggled("AF", age=26),
            "acts": ["transport", "harbouring"],
            "purposes": ["labour"],
            "indicators": ["coercion_at_destination.debt_bondage"],
        },
        "trafficking_and_smuggling",
        ("labour",),
        "urgent",
    ),
    Situation(
        "an EU citizen moved for exploitation",
        {
            "person": {"age": 33, "nationality": "RO"},
            "acts": ["recruitment", "transport"],
            "purposes": ["labour"],
            "border": {"crossed_irregularly": True, "helped_for_gain": True},
        },
        "trafficking",
        ("labour",),
        expect={"elements": {"smuggling": {"non_eu_national": "not_met"}}},
    ),
    Situation(
        "independent sex work without exploitation",
        {"person": {"age": 35, "nationality": "BE"}, "consent": True},
        "insufficient",
        expect={"possible_victim": False},
    ),
    Situation(
        "independent sex work, moving to another city by choice",
        {"person": {"age": 29, "nationality": "FR"}, "consent": True, "location": {"postal_code": "1050"}},
        "insufficient",
        expect={"possible_victim": False},
    ),
    Situation(
        "a child begging for a relative",
        {
            "person": {"age": 9, "nationality": "RO"},
            "acts": ["harbouring", "control"],
            "purposes": ["begging"],
            "indicators": ["begging.controlled_by_relatives", "begging.hands_over_takings"],
        },
        "trafficking",
        ("begging",),
        "urgent",
        {"aggravating": ["minor"]},
    ),
    Situation(
        "forced work in a cannabis plantation",
        {
            "person": {"age": 24, "nationality": "VN"},
            "acts": ["transport", "harbouring"],
            "purposes": ["forced_crime"],
            "indicators": ["forced_crime.tends_cannabis_plantation"],
        },
        "trafficking",
        ("forced_crime",),
    ),
    Situation(
        "a cannabis plantation with the workers locked in",
        {
            "person": {"age": 31, "nationality": "AL"},
            "acts": ["harbouring"],
            "purposes": ["forced_crime"],
            "indicators": [
                "forced_crime.tends_cannabis_plantation",
                "coercion_at_destination.confinement_or_surveillance",
            ],
        },
        "trafficking",
        ("forced_crime",),
        "urgent",
    ),
    Situation(
        "organ removal after a promise of money",
        {
            "person": {"age": 30, "nationality": "MD"},
            "acts": ["recruitment", "transport"],
            "purposes": ["organ_removal"],
            "means": ["deception"],
            "indicators": ["organ_removal.promised_money_for_organ"],
        },
        "trafficking",
        ("organ_removal",),
        expect={"aggravating": ["force_or_fraud"]},
    ),
    Situation(
        "an irregular crossing helped for free",
        {
            "person": {"age": 40, "nationality": "SY"},
            "border": {"crossed_irregularly": True, "helped_for_gain": False},
        },
        "insufficient",
        expect={"missing": ["act", "purpose"]},
    ),
    Situation(
        "exploitation intended but not yet happened",
        {"person": {"age": 22, "nationality": "UA"}, "acts": ["recruitment"], "purposes": ["labour"]},
        "trafficking",
        ("labour",),
    ),
    Situation(
        "a 15-year-old Belgian girl recruited by a loverboy",
        {
            "person": {"age": 15, "nationality": "BE"},
            "acts": ["recruitment", "control"],
            "purposes": ["sexual"],
            "means": ["deception", "abuse_of_vulnerability"],
        },
        "trafficking",
        ("sexual",),
        "urgent",
        {"aggravating": ["minor", "abuse_of_vulnerability", "force_or_fraud"]},
    ),
    Situation(
        "a smuggled minor", smuggled("AF", age=16), "smuggling", (), "urgent", {"aggravating": ["minor"]}
    ),
    Situation("a minor with nothing else known", {"person": {"age": 14}}, "insufficient", (), "urgent"),
    Situation(
        "a 17-year-old is still a minor",
        {"person": {"age": 17, "nationality": "BE"}, "acts": ["reception"], "purposes": ["labour"]},
        "trafficking",
        ("labour",),
        "urgent",
    ),
    Situation(
        "an 18-year-old is an adult",
        {"person": {"age": 18, "nationality": "BE"}, "acts": ["reception"], "purposes": ["labour"]},
        "trafficking",
        ("labour",),
    ),
    # Missing elements.
    Situation(
        "nothing known", {}, "insufficient", expect={"missing": ["act", "purpose"], "possible_victim": False}
    ),
    Situation(
        "a purpose without an act",
        {"purposes": ["labour"]},
        "insufficient",
        ("labour",),
        expect={"missing": ["act"]},
    ),
    Situation(
        "an act without a purpose", {"acts": ["recruitment"]}, "insufficient", expect={"missing": ["purpose"]}
    ),
    Situation(
        "means alone",
        {"means": ["violence", "threats"]},
        "insufficient",
        expect={"missing": ["act", "purpose"], "aggravating": []},
    ),
    Situation(
        "smuggling with nationality unknown",
        {"border": {"crossed_irregularly": True, "helped_for_gain": True}},
        "insufficient",
        expect={"missing": ["act", "purpose", "nationality"]},
    ),
    Situation(
        "smuggling with the payment unknown",
        {"person": {"nationality": "ER"}, "border": {"crossed_irregularly": True}},
        "insufficient",
        expect={"missing": ["act", "purpose", "financial_advantage"]},
    ),
    Situation(
        "paid help but the border unknown",
        {"person": {"nationality": "IQ"}, "border": {"helped_for_gain": True}},
        "insufficient",
        expect={"missing": ["act", "purpose", "irregular_border"]},
    ),
    Situation(
        "paid help for someone who entered legally",
        {"person": {"nationality": "IN"}, "border": {"crossed_irregularly": False, "helped_for_gain": True}},
        "insufficient",
        expect={"missing": ["act", "purpose"]},
    ),
    Situation("an EU citizen cannot be smuggled", smuggled("BG"), "insufficient"),
    Situation("a Norwegian is not an EU citizen", smuggled("NO"), "smuggling"),
    Situation(
        "help to stay irregularly for profit counts as smuggling",
        smuggled("MA", age=45),
        "smuggling",
    ),
    # Emergencies.
    Situation(
        "immediate danger with nothing else known",
        {"immediate_danger": True},
        "insufficient",
        (),
        "emergency",
    ),
    Situation(
        "immediate danger in a trafficking situation",
        {
            "acts": ["harbouring"],
            "purposes": ["sexual"],
            "immediate_danger": True,
            "location": {"postal_code": "2060"},
        },
        "trafficking",
        ("sexual",),
        "emergency",
    ),
    Situation(
        "immediate danger for a smuggled child who must work",
        {**smuggled("ER", age=15), "acts": ["transport"], "purposes": ["labour"], "immediate_danger": True},
        "trafficking_and_smuggling",
        ("labour",),
        "emergency",
    ),
    Situation(
        "immediate danger for a child",
        {"person": {"age": 12}, "immediate_danger": True},
        "insufficient",
        (),
        "emergency",
    ),
    # Forms from indicators only.
    Situation(
        "labour signs without a stated purpose",
        {"indicators": ["exploitative_conditions.hazardous_work", "general.little_or_no_pay"]},
        "insufficient",
        ("labour",),
        expect={"forms_source": "indicators"},
    ),
    Situation(
        "sexual signs without a stated purpose",
        {"indicators": ["exploitative_conditions.earnings_from_sex_taken"]},
        "insufficient",
        ("sexual",),
    ),
    Situation(
        "begging signs in a family",
        {"indicators": ["begging.controlled_by_relatives", "begging.dropped_off_and_collected"]},
        "insufficient",
        ("begging",),
    ),
    Situation(
        "organ signs only",
        {"indicators": ["organ_removal.unexplained_surgery", "organ_removal.medical_tests_abroad"]},
        "insufficient",
        ("organ_removal",),
    ),
    Situation(
        "strong general signs without legal facts",
        {"indicators": ["general.documents_taken", "general.no_freedom_of_movement"]},
        "insufficient",
        (),
        "urgent",
        {"possible_victim": True},
    ),
    # Other everyday situations.
    Situation(
        "domestic servitude in a household",
        {
            "person": {"age": 41, "nationality": "PH"},
            "acts": ["harbouring"],
            "purposes": ["labour"],
            "indicators": ["general.documents_taken", "general.sleeps_at_workplace"],
        },
        "trafficking",
        ("labour",),
        "urgent",
    ),
    Situation(
        "several purposes at once",
        {"acts": ["recruitment"], "purposes": ["labour", "sexual"]},
        "trafficking",
        ("sexual", "labour"),
    ),
    Situation(
        "handing over control of a person",
        {"acts": ["control"], "purposes": ["labour"]},
        "trafficking",
        ("labour",),
    ),
    Situation(
        "receiving a person for a brothel",
        {"acts": ["reception"], "purposes": ["sexual"]},
        "trafficking",
        ("sexual",),
    ),
    Situation(
        "construction workers deceived and dependent",
        {
            "person": {"age": 37, "nationality": "BR"},
            "acts": ["recruitment", "transport", "harbouring"],
            "purposes": ["labour"],
            "location": {"postal_code": "9000"},
            "indicators": [
                "deceptive_recruitment.nature_of_job",
                "deceptive_recruitment.wages",
                "exploitative_conditions.excessive_hours",
                "exploitative_conditions.low_or_no_pay",
                "abuse_of_vulnerability_at_destination.dependency_on_exploiters",
                "abuse_of_vulnerability_at_destination.economic_hardship",
                "abuse_of_vulnerability_at_destination.irregular_status",
            ],
        },
        "trafficking",
        ("labour",),
        expect={"possible_victim": True},
    ),
    Situation(
        "a child pickpocketing for a gang",
        {
            "person": {"age": 13, "nationality": "RO"},
            "acts": ["transport", "control"],
            "purposes": ["forced_crime"],
            "indicators": [
                "forced_crime.steals_under_supervision",
                "forced_crime.punished_for_missing_quota",
            ],
        },
        "trafficking",
        ("forced_crime",),
        "urgent",
    ),
    Situation(
        "smuggling that put a life in danger",
        {**smuggled("IQ", age=34), "circumstances": ["life_endangered"]},
        "smuggling",
        (),
        "urgent",
        {"aggravating": ["life_endangered"]},
    ),
    Situation(
        "smuggling with violence",
        {**smuggled("LY", age=27), "means": ["violence"]},
        "smuggling",
        expect={"aggravating": ["force_or_fraud"]},
    ),
    Situation(
        "a French woman exploited in a bar in Brussels",
        {
            "person": {"age": 23, "nationality": "FR"},
            "acts": ["recruitment"],
            "purposes": ["sexual"],
            "location": {"postal_code": "1000"},
        },
        "trafficking",
        ("sexual",),
    ),
    Situation(
        "a Polish worker on a Belgian farm",
        {
            "person": {"age": 52, "nationality": "PL"},
            "acts": ["recruitment", "harbouring"],
            "purposes": ["labour"],
            "indicators": ["general.poor_working_conditions"],
        },
        "trafficking",
        ("labour",),
    ),
    Situation(
        "a trafficked person whose border crossing is not known",
        {"person": {"age": 19, "nationality": "US"}, "acts": ["transport"], "purposes": ["sexual"]},
        "trafficking",
        ("sexual",),
        expect={"missing": []},
    ),
    Situation(
        "a stated purpose wins over indicators for forms",
        {"acts": ["harbouring"], "purposes": ["begging"], "indicators": ["general.little_or_no_pay"]},
        "trafficking",
        ("begging",),
        expect={"forms_source": "purposes"},
    ),
    Situation(
        "a person who did not consent is no more a victim than one who did",
        {"acts": ["recruitment"], "purposes": ["labour"], "consent": False},
        "trafficking",
        ("labour",),
    ),
]


def _subset(expected: dict[str, Any], actual: dict[str, Any]) -> None:
    for key, value in expected.items():
        if isinstance(value, dict):
            _subset(value, actual[key])
        else:
            assert actual[key] == value, key


@pytest.mark.parametrize("situation", SITUATIONS, ids=[situation.name for situation in SITUATIONS])
def test_it_qualifies_the_situation(situation: Situation) -> None:
    result = screen(situation.facts)
    assert result["qualification"] == situation.qualification
    assert result["forms"] == list(situation.forms)
    assert result["urgency"] == situation.urgency
    _subset(situation.expect, result)


def test_it_has_a_long_enough_table() -> None:
    assert len(SITUATIONS) >= 45
    assert len({situation.name for situation in SITUATIONS}) == len(SITUATIONS)


def test_it_calls_112_first_in_an_emergency() -> None:
    actions = screen({"immediate_danger": True})["actions"]
    assert (actions[0]["kind"], actions[0]["number"]) == ("call", "112")
    assert "contact_police" not in [action["kind"] for action in actions]


def test_it_lists_the_recommended_centre_first_then_the_others() -> None:
    actions = screen({"location": {"postal_code": "4020"}})["actions"]
    centres = [action for action in actions if action["kind"] == "contact_centre"]
    assert [(action["centre"], action["recommended"]) for action in centres] == [
        ("surya", True),
        ("pag-asa", False),
        ("payoke", False),
    ]


def test_it_lists_all_centres_without_a_postal_code() -> None:
    actions = screen({})["actions"]
    centres = [action["centre"] for action in actions if action["kind"] == "contact_centre"]
    assert centres == ["pag-asa", "payoke", "surya"]
    assert not any(action["recommended"] for action in actions)


def test_it_sends_labour_exploitation_to_the_social_inspection() -> None:
    kinds = [action["kind"] for action in screen({"purposes": ["labour"]})["actions"]]
    assert "contact_inspection" in kinds
    assert "contact_inspection" not in [
        action["kind"] for action in screen({"purposes": ["sexual"]})["actions"]
    ]


def test_it_sends_a_foreign_minor_to_the_guardianship_service() -> None:
    kinds = [action["kind"] for action in screen({"person": {"age": 15, "nationality": "GN"}})["actions"]]
    assert kinds[0] == "contact_guardianship"
    belgian = [action["kind"] for action in screen({"person": {"age": 15, "nationality": "BE"}})["actions"]]
    assert "contact_guardianship" not in belgian


def test_it_gives_advice_for_children() -> None:
    adult = screen({"person": {"age": 30}})["dont"]
    child = screen({"person": {"age": 10}})["dont"]
    assert {item["id"] for item in adult} < {item["id"] for item in child}
    assert "confront" in {item["id"] for item in adult}


def test_it_says_when_forms_come_from_indicators() -> None:
    result = screen({"indicators": ["general.little_or_no_pay"]})
    assert any("signs point to labour exploitation" in line for line in result["explanation"])


def test_it_translates_the_explanation_and_its_parameters() -> None:
    result = evaluate(parse_facts({"acts": ["recruitment"], "purposes": ["labour"]}))
    translated = result.to_dict(translate=lambda text: f"<{text}>")
    assert all(line.startswith("<") for line in translated["explanation"])
    assert any("<recruiting the person>" in line for line in translated["explanation"])
    assert translated["explanation_messages"] == result.to_dict()["explanation_messages"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"colour": "red"}, "colour"),
        ({"person": {"height": 180}}, "person.height"),
        ({"border": {"by_sea": True}}, "border.by_sea"),
        ({"location": {"city": "Gent"}}, "location.city"),
        ({"acts": ["kidnapping"]}, "acts"),
        ({"purposes": "labour"}, "purposes"),
        ({"means": ["violence", 3]}, "means"),
        ({"indicators": ["general.nope"]}, "indicators"),
        ({"person": {"age": -1}}, "person.age"),
        ({"person": {"age": 17.5}}, "person.age"),
        ({"person": {"age": True}}, "person.age"),
        ({"person": {"nationality": "XX"}}, "person.nationality"),
        ({"person": {"nationality": "BEL"}}, "person.nationality"),
        ({"consent": "yes"}, "consent"),
        ({"immediate_danger": 1}, "immediate_danger"),
        ({"border": {"helped_for_gain": "no"}}, "border.helped_for_gain"),
        ({"location": {"postal_code": "0999"}}, "location.postal_code"),
        ({"location": {"postal_code": 2000}}, "location.postal_code"),
        ({"person": "adult"}, "person"),
        ({"circumstances": ["bad luck"]}, "circumstances"),
    ],
)
def test_it_names_the_field_of_bad_facts(data: dict[str, Any], field: str) -> None:
    with pytest.raises(FactsError) as raised:
        parse_facts(data)
    assert raised.value.field == field


def test_it_normalises_facts() -> None:
    facts = parse_facts(
        {
            "person": {"nationality": "ro"},
            "acts": ["transport", "recruitment", "transport"],
            "location": {"postal_code": " "},
        }
    )
    assert facts.nationality == "RO"
    assert facts.acts == ("recruitment", "transport")
    assert facts.postal_code is None
