"""Properties that must hold for every screening, checked on generated facts."""

import json
from datetime import date
from typing import Any

from hypothesis import assume, given
from hypothesis import strategies as st

from keten.core.indicators import CATALOGUE
from keten.core.law import (
    ACTS,
    CIRCUMSTANCES,
    CLASSIC_PURPOSES,
    COUNTRY_CODES,
    EU_MEMBER_STATES,
    MEANS,
    PURPOSES,
    RELATIONS,
    aggravating_facts,
)
from keten.core.regions import POSTAL_RANGES
from keten.core.screening import OUTPUT_KEYS, FactsError, evaluate, parse_facts, screen

TODAY = date(2026, 12, 2)

INDICATOR_IDS = [item.id for item in CATALOGUE]
TOP_KEYS = [
    "person",
    "acts",
    "purposes",
    "means",
    "consent",
    "border",
    "indicators",
    "immediate_danger",
    "location",
    "circumstances",
    "exploiter_relations",
    "facts_date",
]

iso_day = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)).map(date.isoformat)


def sublist(
    choices: list[str] | tuple[str, ...], max_size: int | None = None
) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(list(choices)), max_size=max_size or len(choices))


maybe_bool = st.none() | st.booleans()

facts_strategy = st.fixed_dictionaries(
    {},
    optional={
        "person": st.fixed_dictionaries(
            {},
            optional={
                "age": st.none() | st.integers(min_value=0, max_value=120),
                "nationality": st.none() | st.sampled_from(sorted(COUNTRY_CODES)),
                "possibly_minor": maybe_bool,
                "unaccompanied": maybe_bool,
            },
        ),
        "facts_date": st.fixed_dictionaries({}, optional={"from": st.none() | iso_day}),
        "exploiter_relations": sublist(RELATIONS),
        "acts": sublist(ACTS),
        "purposes": sublist(PURPOSES),
        "means": sublist(MEANS),
        "consent": maybe_bool,
        "border": st.fixed_dictionaries(
            {}, optional={"crossed_irregularly": maybe_bool, "helped_for_gain": maybe_bool}
        ),
        "indicators": sublist(INDICATOR_IDS, max_size=12),
        "immediate_danger": maybe_bool,
        "location": st.fixed_dictionaries(
            {},
            optional={
                # Codes in use only: 9999 looks like a postal code but does not exist.
                "postal_code": st.integers(min_value=1000, max_value=9999)
                .filter(lambda code: any(block.in_use(code) for block in POSTAL_RANGES))
                .map(str)
            },
        ),
        "circumstances": sublist(CIRCUMSTANCES),
    },
)


def qualification(data: dict[str, Any]) -> str:
    return str(evaluate(parse_facts(data), TODAY).qualification.kind)


@given(facts_strategy, sublist(MEANS))
def test_it_never_changes_the_qualification_when_means_are_added(
    data: dict[str, Any], extra: list[str]
) -> None:
    more = {**data, "means": list(data.get("means", [])) + extra}
    assert qualification(more) == qualification(data)


@given(facts_strategy, maybe_bool)
def test_it_never_lets_consent_change_the_qualification_except_for_forced_crime(
    data: dict[str, Any], consent: bool | None
) -> None:
    """Art. 433quinquies §1, last sentence: consent is irrelevant, except for 5° (REFERENCE §11)."""
    assume("forced_crime" not in data.get("purposes", []))
    assert qualification({**data, "consent": consent}) == qualification(data)


@given(facts_strategy, st.sampled_from(ACTS))
def test_it_lets_consent_undo_forced_crime_only_when_it_is_the_sole_purpose(
    data: dict[str, Any], act: str
) -> None:
    """Art. 433quinquies §1, 5° "against their will": with consent, forced criminality is not made out."""
    data = {**data, "acts": [act], "purposes": ["forced_crime"]}
    assert qualification({**data, "consent": True}) in {"insufficient", "smuggling"}
    assert qualification({**data, "consent": False}) in {"trafficking", "trafficking_and_smuggling"}
    assert qualification({**data, "consent": None}) in {"trafficking", "trafficking_and_smuggling"}
    both = {**data, "purposes": ["forced_crime", "labour"], "consent": True}
    assert qualification(both) in {"trafficking", "trafficking_and_smuggling"}


@given(facts_strategy)
def test_it_shows_every_aggravating_fact_entered(data: dict[str, Any]) -> None:
    """Nothing entered is silently dropped: each aggravating fact is placed or named as unplaced."""
    result = evaluate(parse_facts(data), TODAY)
    entered = aggravating_facts(parse_facts(data).legal())
    output = result.to_dict()
    if output["qualification"] != "insufficient":
        assert entered == set(output["aggravating"]) | set(output["aggravating_unmatched"])


@given(facts_strategy, sublist(INDICATOR_IDS, max_size=12))
def test_it_never_lets_indicators_change_the_qualification(data: dict[str, Any], extra: list[str]) -> None:
    assert qualification({**data, "indicators": extra}) == qualification(data)


@given(facts_strategy, st.sampled_from(ACTS), st.sampled_from(CLASSIC_PURPOSES))
def test_it_never_needs_a_border_for_trafficking(data: dict[str, Any], act: str, purpose: str) -> None:
    data = {**data, "acts": [act], "purposes": [purpose], "consent": None}
    without_border = {key: value for key, value in data.items() if key != "border"}
    assert qualification(without_border) == "trafficking"
    assert qualification(data) in {"trafficking", "trafficking_and_smuggling"}


@given(facts_strategy, st.sampled_from(sorted(EU_MEMBER_STATES)))
def test_it_never_calls_an_eu_citizen_smuggled(data: dict[str, Any], country: str) -> None:
    data = {**data, "person": {**data.get("person", {}), "nationality": country}}
    assert qualification(data) in {"trafficking", "insufficient"}


@given(facts_strategy)
def test_it_never_calls_free_help_smuggling(data: dict[str, Any]) -> None:
    data = {**data, "border": {**data.get("border", {}), "helped_for_gain": False}}
    assert qualification(data) in {"trafficking", "insufficient"}


@given(facts_strategy)
def test_it_always_calls_112_first_in_immediate_danger(data: dict[str, Any]) -> None:
    result = screen({**data, "immediate_danger": True})
    assert result["urgency"] == "emergency"
    first = result["actions"][0]
    assert (first["kind"], first["number"]) == ("call", "112")


@given(facts_strategy)
def test_it_always_gives_a_complete_json_result(data: dict[str, Any]) -> None:
    result = screen(data)
    assert set(OUTPUT_KEYS) <= set(result)
    assert json.loads(json.dumps(result)) == result
    assert result["qualification"] in {
        "trafficking",
        "smuggling",
        "trafficking_and_smuggling",
        "insufficient",
    }
    assert result["urgency"] in {"emergency", "urgent", "normal"}
    assert set(result["forms"]) <= set(PURPOSES)
    centres = [action["centre"] for action in result["actions"] if action["kind"] == "contact_centre"]
    assert sorted(centres) == ["pag-asa", "payoke", "surya"]
    assert result["explanation"]


@given(facts_strategy, st.randoms(use_true_random=False))
def test_it_does_not_depend_on_the_order_of_lists(data: dict[str, Any], random: Any) -> None:
    shuffled = {
        key: random.sample(value, len(value)) if isinstance(value, list) else value
        for key, value in data.items()
    }
    assert screen(shuffled) == screen(data)


@given(facts_strategy)
def test_it_flags_a_minor_as_urgent_at_least(data: dict[str, Any]) -> None:
    data = {**data, "person": {**data.get("person", {}), "age": 16}}
    assert screen(data)["urgency"] in {"urgent", "emergency"}


key_names = st.text(min_size=1, max_size=20)


@given(facts_strategy, key_names)
def test_it_rejects_any_unknown_top_level_key(data: dict[str, Any], key: str) -> None:
    if key in TOP_KEYS:
        return
    try:
        parse_facts({**data, key: True})
    except FactsError as error:
        assert error.field == key
    else:
        raise AssertionError(f"{key!r} was accepted")


@given(st.sampled_from(["person", "border", "location"]), key_names)
def test_it_rejects_any_unknown_nested_key(group: str, key: str) -> None:
    known = {
        "person": ["age", "nationality"],
        "border": ["crossed_irregularly", "helped_for_gain"],
        "location": ["postal_code"],
    }
    if key in known[group]:
        return
    try:
        parse_facts({group: {key: None}})
    except FactsError as error:
        assert error.field == f"{group}.{key}"
    else:
        raise AssertionError(f"{group}.{key!r} was accepted")
