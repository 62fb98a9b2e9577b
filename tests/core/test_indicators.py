import pytest

from keten.core import indicators
from keten.core.indicators import (
    ABUSE_OF_VULNERABILITY_AT_DESTINATION,
    BY_ID,
    CATALOGUE,
    DIMENSIONS,
    GENERAL_INDICATORS,
    GROUPS,
    OPERATIONAL,
    RECRUITMENT_BY_ABUSE_OF_VULNERABILITY,
    STRENGTHS,
    STRONG,
    assess_operational,
    assess_signs,
    catalogue_for,
    dimension_positive,
    forms_pointed_to,
    weighing,
)
from keten.core.law import CLASSIC_PURPOSES, PURPOSES


def test_it_has_unique_stable_ids() -> None:
    assert len(BY_ID) == len(CATALOGUE)
    for item in CATALOGUE:
        prefix = item.dimension if item.group == OPERATIONAL else item.group
        assert item.id.startswith(f"{prefix}.")


def test_it_describes_every_indicator_completely() -> None:
    for item in CATALOGUE:
        assert item.label and item.source
        assert item.group in GROUPS
        assert item.strength in STRENGTHS
        assert item.applies_to in {"adult", "child", "both"}
        assert set(item.forms) <= set(PURPOSES)
        assert (item.dimension is not None) == (item.group == OPERATIONAL)
        assert item.dimension is None or item.dimension in DIMENSIONS


def test_it_has_the_eleven_general_and_eleven_forced_labour_indicators() -> None:
    assert len(GENERAL_INDICATORS) == 11
    assert len(indicators.FORCED_LABOUR_INDICATORS) == 11


def test_it_fills_every_dimension() -> None:
    for dimension in DIMENSIONS:
        assert any(item.dimension == dimension for item in CATALOGUE), dimension


@pytest.mark.parametrize(
    "dimension", [RECRUITMENT_BY_ABUSE_OF_VULNERABILITY, ABUSE_OF_VULNERABILITY_AT_DESTINATION]
)
def test_it_has_no_strong_indicator_of_abuse_of_vulnerability(dimension: str) -> None:
    assert all(item.strength != STRONG for item in CATALOGUE if item.dimension == dimension)


def test_it_covers_every_form_of_exploitation() -> None:
    for purpose in CLASSIC_PURPOSES:
        assert any(purpose in item.forms for item in CATALOGUE), purpose


def test_it_filters_the_catalogue_for_adults_and_children() -> None:
    adult = catalogue_for(child=False)
    child = catalogue_for(child=True)
    assert all(item.applies_to != "child" for item in adult)
    assert all(item.applies_to != "adult" for item in child)
    assert any(item.applies_to == "child" for item in child)
    assert catalogue_for(group="begging") == tuple(item for item in CATALOGUE if item.group == "begging")


@pytest.mark.parametrize(
    ("strong", "medium", "weak", "positive"),
    [
        (0, 0, 0, False),
        (1, 0, 0, False),
        (2, 0, 0, True),
        (1, 1, 0, True),
        (1, 0, 1, True),
        (0, 3, 0, True),
        (0, 2, 0, False),
        (0, 2, 1, True),
        (0, 1, 2, False),
        (0, 0, 5, False),
    ],
)
def test_it_applies_the_dimension_rule(strong: int, medium: int, weak: int, positive: bool) -> None:
    assert dimension_positive(strong=strong, medium=medium, weak=weak) is positive


ADULT_VICTIM = [
    "deceptive_recruitment.nature_of_job",
    "deceptive_recruitment.wages",
    "exploitative_conditions.excessive_hours",
    "exploitative_conditions.low_or_no_pay",
    "coercion_at_destination.documents_confiscated",
    "coercion_at_destination.threats_of_violence",
]


def test_it_finds_a_possible_adult_victim_with_all_three_stages() -> None:
    result = assess_operational(ADULT_VICTIM, child=False)
    assert result.possible_victim
    assert result.positive_dimensions == (
        "deceptive_recruitment",
        "exploitative_conditions",
        "coercion_at_destination",
    )
    assert result.reasons


def test_it_needs_recruitment_for_an_adult_but_not_for_a_child() -> None:
    without_recruitment = ADULT_VICTIM[2:]
    assert not assess_operational(without_recruitment, child=False).possible_victim
    assert assess_operational(without_recruitment, child=True).possible_victim


def test_it_needs_no_means_dimension_for_a_child() -> None:
    """ILO/EC child lists need no "means" (REFERENCE §11): exploitation alone is enough for a child,
    while an adult still needs a recruitment and a destination dimension."""
    exploitation_only = [
        "exploitative_conditions.excessive_hours",
        "exploitative_conditions.low_or_no_pay",
    ]
    assert assess_operational(exploitation_only, child=True).possible_victim
    assert not assess_operational(exploitation_only, child=False).possible_victim
    assert not assess_operational(ADULT_VICTIM[:2], child=True).possible_victim


def test_it_never_makes_abuse_of_vulnerability_positive_on_weak_signs_alone() -> None:
    weak = [
        item.id
        for item in CATALOGUE
        if item.dimension == RECRUITMENT_BY_ABUSE_OF_VULNERABILITY and item.strength == "weak"
    ]
    result = assess_operational(weak, child=False)
    assert not result.recruitment


def test_it_ignores_unknown_and_repeated_indicators() -> None:
    repeated = assess_operational(ADULT_VICTIM + ADULT_VICTIM + ["nonsense"], child=False)
    assert repeated == assess_operational(ADULT_VICTIM, child=False)


@pytest.mark.parametrize(
    ("observed", "positive"),
    [
        ([], False),
        (["general.afraid_to_talk"], False),
        (["general.afraid_to_talk", "general.large_debt"], False),
        (["general.afraid_to_talk", "general.large_debt", "general.distrusts_authorities"], True),
        # One sign alone, even a strong one, is never enough (REFERENCE §11; the public page).
        (["general.documents_taken"], False),
        (["begging.punished_for_low_takings"], False),
        (["general.documents_taken", "general.afraid_to_talk"], True),
        (["general.afraid_to_talk", "forced_labour.isolation", "organ_removal.no_aftercare"], True),
        # Operational indicators follow their own rule and are not counted here...
        (["coercion_at_destination.forced_to_lie", "exploitative_conditions.hazardous_work"], False),
        # ...unless they name the same observation as a general or forced-labour sign (SAME_SIGN).
        (["coercion_at_destination.violence", "exploitative_conditions.excessive_hours"], True),
        # The same observation ticked in three lists is one sign, not three.
        (
            [
                "general.documents_taken",
                "forced_labour.retention_of_documents",
                "coercion_at_destination.documents_confiscated",
            ],
            False,
        ),
    ],
)
def test_it_applies_the_several_signs_rule(observed: list[str], positive: bool) -> None:
    assert assess_signs(observed).positive is positive


def test_it_puts_the_strongest_indicators_first() -> None:
    observed = ["general.distrusts_authorities", "general.large_debt", "general.signs_of_violence"]
    assert [item.id for item in weighing(observed)] == [
        "general.signs_of_violence",
        "general.large_debt",
        "general.distrusts_authorities",
    ]


def test_it_infers_forms_in_a_fixed_order() -> None:
    observed = ["organ_removal.unexplained_surgery", "general.little_or_no_pay", "general.afraid_to_talk"]
    assert forms_pointed_to(observed, PURPOSES) == ("labour", "organ_removal")
    assert forms_pointed_to(["general.afraid_to_talk"], PURPOSES) == ()


def test_every_repeated_sign_is_one_observation_shown_once() -> None:
    """The review: the same sign up to four times on the professional's page."""
    members = [member for same in indicators.SAME_SIGN for member in same]
    assert len(members) == len(set(members)), "a sign belongs to one set at most"
    assert set(members) <= set(BY_ID)
    for same in indicators.SAME_SIGN:
        assert {indicators.shown_as(member) for member in same} == {same[0]}
        # Shown where a professional meets it first: the general list, else the ILO/EC dimension.
        assert BY_ID[same[0]].group in (indicators.GENERAL, OPERATIONAL)
        if BY_ID[same[0]].group == OPERATIONAL:
            assert not any(BY_ID[member].group == indicators.GENERAL for member in same)
    assert indicators.shown_as("general.afraid_to_talk") == "general.afraid_to_talk"
    assert indicators.same_as("general.afraid_to_talk") == ()


def test_a_sign_ticked_in_any_list_weighs_the_same() -> None:
    """Papers kept by someone else weigh in the ILO/EC coercion dimension wherever ticked."""
    for papers in (
        "general.documents_taken",
        "forced_labour.retention_of_documents",
        "coercion_at_destination.documents_confiscated",
    ):
        observed = [papers, "coercion_at_destination.threats_of_violence"]
        coercion = assess_operational(observed, child=False).dimensions[4]
        assert coercion.dimension == "coercion_at_destination"
        assert (coercion.strong, coercion.medium, coercion.positive) == (1, 1, True)
        assert assess_signs(observed).count == 1
        assert [item.id for item in weighing(observed)][0] == papers
        assert len(indicators.ongoing_control(observed)) == 1


def test_forms_come_only_from_the_signs_ticked() -> None:
    """Debt bondage ticked in the ILO/EC list does not make it labour exploitation by itself."""
    assert forms_pointed_to(["coercion_at_destination.debt_bondage"], PURPOSES) == ()
    assert forms_pointed_to(["forced_labour.debt_bondage"], PURPOSES) == ("labour",)
