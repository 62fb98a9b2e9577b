"""The indicator catalogue and how indicators combine.

An indicator is a sign that may point to trafficking. None proves it on its own; together they
tell a professional when to look further and whom to call. The catalogue holds, with stable ids:

- ``general``: the signs a specialised centre sees most often (seed 000; REFERENCE §7). Several of
  them together suggest a possible victim.
- ``forced_labour``: the ILO's 11 indicators of forced labour (ILO, 2012).
- ``operational``: a representative subset of the ILO / European Commission operational indicators
  (Delphi survey, 2009, ILO WCMS_105023), sorted by the six dimensions of the definition and rated
  strong, medium or weak. Strengths follow the adult labour list; entries that the adult labour list
  does not have (for sexual exploitation, for children) are Keten's reading and say ``[verify]`` in
  their source.
- ``begging``, ``forced_crime``, ``organ_removal``: signs for the other forms of exploitation, in
  the spirit of the UNODC indicator lists, in Keten's own words.

Labels are written for professionals and citizens in plain words; they are not quotations.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeAlias

from keten.core.i18n import Message, _

STRONG = "strong"
MEDIUM = "medium"
WEAK = "weak"
STRENGTHS: tuple[str, ...] = (STRONG, MEDIUM, WEAK)

ADULT = "adult"
CHILD = "child"
BOTH = "both"

GENERAL = "general"
FORCED_LABOUR = "forced_labour"
OPERATIONAL = "operational"
BEGGING = "begging"
FORCED_CRIME = "forced_crime"
ORGAN_REMOVAL = "organ_removal"
GROUPS: tuple[str, ...] = (GENERAL, FORCED_LABOUR, OPERATIONAL, BEGGING, FORCED_CRIME, ORGAN_REMOVAL)
GROUP_LABELS: dict[str, str] = {
    GENERAL: _("Signs seen most often"),
    FORCED_LABOUR: _("Signs of forced labour"),
    OPERATIONAL: _("Detailed signs, step by step"),
    BEGGING: _("Signs of forced begging"),
    FORCED_CRIME: _("Signs of forced criminality"),
    ORGAN_REMOVAL: _("Signs of organ trafficking"),
}

DECEPTIVE_RECRUITMENT = "deceptive_recruitment"
COERCIVE_RECRUITMENT = "coercive_recruitment"
RECRUITMENT_BY_ABUSE_OF_VULNERABILITY = "recruitment_by_abuse_of_vulnerability"
EXPLOITATIVE_CONDITIONS = "exploitative_conditions"
COERCION_AT_DESTINATION = "coercion_at_destination"
ABUSE_OF_VULNERABILITY_AT_DESTINATION = "abuse_of_vulnerability_at_destination"
DIMENSIONS: tuple[str, ...] = (
    DECEPTIVE_RECRUITMENT,
    COERCIVE_RECRUITMENT,
    RECRUITMENT_BY_ABUSE_OF_VULNERABILITY,
    EXPLOITATIVE_CONDITIONS,
    COERCION_AT_DESTINATION,
    ABUSE_OF_VULNERABILITY_AT_DESTINATION,
)
RECRUITMENT_DIMENSIONS: tuple[str, ...] = DIMENSIONS[:3]
DESTINATION_DIMENSIONS: tuple[str, ...] = DIMENSIONS[4:]
DIMENSION_LABELS: dict[str, str] = {
    DECEPTIVE_RECRUITMENT: _("Deceived when recruited"),
    COERCIVE_RECRUITMENT: _("Forced when recruited"),
    RECRUITMENT_BY_ABUSE_OF_VULNERABILITY: _("Recruited by taking advantage of a weak position"),
    EXPLOITATIVE_CONDITIONS: _("Exploited at work"),
    COERCION_AT_DESTINATION: _("Forced or controlled where they are now"),
    ABUSE_OF_VULNERABILITY_AT_DESTINATION: _("Kept in a weak position where they are now"),
}

SEED_000 = "seed 000 (general indicators of a Belgian specialised centre)"
ILO_2012 = "ILO, Indicators of forced labour (2012)"
ILO_EC_2009 = "ILO/EC, Operational indicators of trafficking in human beings (2009), adult labour list"
ILO_EC_2009_VERIFY = "ILO/EC, Operational indicators (2009), Keten's reading [verify]"
UNODC_STYLE = "after the UNODC indicator lists, Keten's wording [verify]"

# Who rated the strength of a sign. The ILO's 2012 forced-labour indicators, the general signs of
# seed 000 and the UNODC lists carry no strengths: those strengths are Keten's own (REFERENCE §11).
STRENGTH_KETEN = "Keten's own rating: the source gives no strengths"
STRENGTH_ILO_EC = "ILO/EC (2009), adult labour list"
STRENGTH_ILO_EC_VERIFY = "Keten's reading of the ILO/EC (2009) lists [verify]"


@dataclass(frozen=True)
class Indicator:
    """One sign. ``forms`` are the forms of exploitation it points to; empty means any form.

    ``ongoing_control`` marks signs that the person is being held or hurt now: they make a
    screening urgent.
    """

    id: str
    label: str
    group: str
    dimension: str | None
    strength: str
    forms: tuple[str, ...]
    applies_to: str
    source: str
    ongoing_control: bool = False

    @property
    def strength_source(self) -> str:
        """Who rated this sign strong, medium or weak (not always the source of the sign)."""
        if self.source == ILO_EC_2009:
            return STRENGTH_ILO_EC
        if self.source == ILO_EC_2009_VERIFY:
            return STRENGTH_ILO_EC_VERIFY
        return STRENGTH_KETEN


@dataclass(frozen=True)
class _Options:
    """What sets an indicator apart from the others of its table."""

    forms: tuple[str, ...] | None = None
    applies_to: str = BOTH
    ongoing_control: bool = False
    source: str | None = None


_Row: TypeAlias = tuple[str, str, str] | tuple[str, str, str, _Options]

_CONTROL = _Options(ongoing_control=True)
_LABOUR = _Options(forms=("labour",))
_CRIME = _Options(forms=("forced_crime",))
_CHILD = _Options(applies_to=CHILD)
_SEXUAL_VERIFY = _Options(forms=("sexual",), source=ILO_EC_2009_VERIFY)
_CHILD_SEXUAL_VERIFY = _Options(forms=("sexual",), applies_to=CHILD, source=ILO_EC_2009_VERIFY)
_CHILD_LABOUR_VERIFY = _Options(forms=("labour",), applies_to=CHILD, source=ILO_EC_2009_VERIFY)


def _indicator(
    prefix: str, group: str, dimension: str | None, source: str, forms: tuple[str, ...], row: _Row
) -> Indicator:
    key, strength, label = row[:3]
    options = row[3] if len(row) == 4 else _Options()
    return Indicator(
        id=f"{prefix}.{key}",
        label=label,
        group=group,
        dimension=dimension,
        strength=strength,
        forms=forms if options.forms is None else options.forms,
        applies_to=options.applies_to,
        source=options.source or source,
        ongoing_control=options.ongoing_control,
    )


def _signs(group: str, source: str, forms: tuple[str, ...], *rows: _Row) -> tuple[Indicator, ...]:
    """A table of signs outside the six dimensions; ids are ``<group>.<key>``."""
    return tuple(_indicator(group, group, None, source, forms, row) for row in rows)


def _dimension(dimension: str, *rows: _Row) -> tuple[Indicator, ...]:
    """The operational indicators of one dimension; ids are ``<dimension>.<key>``."""
    return tuple(_indicator(dimension, OPERATIONAL, dimension, ILO_EC_2009, (), row) for row in rows)


# Strengths of the general and forced-labour signs are Keten's choice, by analogy with the
# operational list (confinement, confiscated documents, debt bondage and violence are strong there).
GENERAL_INDICATORS: tuple[Indicator, ...] = _signs(
    GENERAL,
    SEED_000,
    (),
    ("no_freedom_of_movement", STRONG, _("Cannot come and go freely"), _CONTROL),
    ("little_social_contact", MEDIUM, _("Has little or no contact with other people")),
    ("documents_taken", STRONG, _("Someone else holds their passport or identity card"), _CONTROL),
    ("afraid_to_talk", MEDIUM, _("Is afraid to talk about their situation")),
    ("afraid_of_people_around", MEDIUM, _("Is afraid of the people around them")),
    ("distrusts_authorities", WEAK, _("Distrusts the police and other public services")),
    ("poor_working_conditions", MEDIUM, _("Works in poor conditions"), _LABOUR),
    ("sleeps_at_workplace", MEDIUM, _("Sleeps where they work")),
    ("little_or_no_pay", MEDIUM, _("Earns little or nothing"), _LABOUR),
    ("large_debt", MEDIUM, _("Has to pay back a large debt")),
    ("signs_of_violence", STRONG, _("Shows signs of physical or psychological violence"), _CONTROL),
)

FORCED_LABOUR_INDICATORS: tuple[Indicator, ...] = _signs(
    FORCED_LABOUR,
    ILO_2012,
    ("labour",),
    ("abuse_of_vulnerability", MEDIUM, _("Someone takes advantage of their weak position")),
    ("deception", MEDIUM, _("Was lied to about the work")),
    ("restriction_of_movement", STRONG, _("Is not allowed to move around freely"), _CONTROL),
    ("isolation", MEDIUM, _("Is cut off from the outside world")),
    ("physical_and_sexual_violence", STRONG, _("Suffers physical or sexual violence"), _CONTROL),
    ("intimidation_and_threats", MEDIUM, _("Is intimidated or threatened")),
    ("retention_of_documents", STRONG, _("The employer keeps their identity papers"), _CONTROL),
    ("withholding_of_wages", MEDIUM, _("Wages are held back")),
    ("debt_bondage", STRONG, _("Has to work off a debt that never seems to shrink")),
    ("abusive_conditions", MEDIUM, _("Works or lives in degrading conditions")),
    ("excessive_overtime", MEDIUM, _("Has to work far more hours than allowed")),
)

BEGGING_INDICATORS: tuple[Indicator, ...] = _signs(
    BEGGING,
    UNODC_STYLE,
    ("begging",),
    ("hands_over_takings", MEDIUM, _("Has to hand over (almost) all the money from begging")),
    ("punished_for_low_takings", STRONG, _("Is punished when they bring in too little"), _CONTROL),
    ("dropped_off_and_collected", MEDIUM, _("Is dropped off and picked up at fixed places and times")),
    ("controlled_by_relatives", MEDIUM, _("Family or clan members decide where and how long they beg")),
    ("child_begging", MEDIUM, _("A child begs, alone or with adults"), _CHILD),
    ("disability_displayed", WEAK, _("An illness or disability is put on show to get more money")),
)

FORCED_CRIME_INDICATORS: tuple[Indicator, ...] = _signs(
    FORCED_CRIME,
    UNODC_STYLE,
    ("forced_crime",),
    (
        "tends_cannabis_plantation",
        MEDIUM,
        _("Looks after a cannabis plantation and is not allowed to leave it"),
    ),
    ("carries_drugs", MEDIUM, _("Is made to carry or sell drugs")),
    ("steals_under_supervision", MEDIUM, _("Steals or pickpockets while being watched by others")),
    ("punished_for_missing_quota", STRONG, _("Is punished when they do not bring in enough"), _CONTROL),
    ("lives_where_crimes_happen", WEAK, _("Lives where the crimes take place")),
)

ORGAN_REMOVAL_INDICATORS: tuple[Indicator, ...] = _signs(
    ORGAN_REMOVAL,
    UNODC_STYLE,
    ("organ_removal",),
    (
        "promised_money_for_organ",
        MEDIUM,
        _("Was promised money for a kidney, part of a liver or another organ"),
    ),
    ("debt_paid_with_organ", STRONG, _("Was pushed to give an organ to pay off a debt")),
    ("unexplained_surgery", MEDIUM, _("Has a recent surgery scar they cannot or will not explain")),
    ("medical_tests_abroad", MEDIUM, _("Was taken to another country for medical tests")),
    ("no_aftercare", WEAK, _("Received no medical care after an operation")),
)

# The abuse-of-vulnerability dimensions have no strong indicators in the ILO/EC lists.
OPERATIONAL_INDICATORS: tuple[Indicator, ...] = (
    *_dimension(
        DECEPTIVE_RECRUITMENT,
        (
            "nature_of_job",
            STRONG,
            _("Was misled about the kind of work, where it would be or who the employer was"),
        ),
        ("working_conditions", MEDIUM, _("Was misled about the working conditions")),
        ("contract", MEDIUM, _("Was misled about the contract or whether the work is legal")),
        ("family_reunification", MEDIUM, _("Was misled about being able to bring family over")),
        ("housing", MEDIUM, _("Was misled about housing and living conditions")),
        ("papers", MEDIUM, _("Was misled about getting papers or a legal residence status")),
        ("journey", MEDIUM, _("Was misled about the journey or the terms of recruitment")),
        ("wages", MEDIUM, _("Was misled about the pay")),
        (
            "marriage_or_adoption",
            MEDIUM,
            _("Was lured with a promise of marriage, a relationship or adoption"),
        ),
        ("education", WEAK, _("Was misled about chances to go to school or study")),
    ),
    *_dimension(
        COERCIVE_RECRUITMENT,
        ("violence", STRONG, _("Suffered violence when recruited or on the way")),
        ("abduction_or_sale", MEDIUM, _("Was abducted, sold, or forced into a marriage or adoption")),
        ("documents_taken", MEDIUM, _("Had their papers taken when recruited or on the way")),
        ("debt_bondage", MEDIUM, _("Was made to take on a debt to be worked off")),
        ("confinement", MEDIUM, _("Was locked up, isolated or watched on the way")),
        ("threat_of_denunciation", MEDIUM, _("Was threatened with being reported to the authorities")),
        ("threat_to_tell_family", MEDIUM, _("Was threatened that family or community would be told things")),
        ("threats_of_violence", MEDIUM, _("Was threatened with violence")),
        ("violence_on_family", MEDIUM, _("Their family was threatened or hurt")),
        ("money_withheld", MEDIUM, _("Had money held back")),
    ),
    *_dimension(
        RECRUITMENT_BY_ABUSE_OF_VULNERABILITY,
        ("family_situation", MEDIUM, _("Someone took advantage of a difficult family situation")),
        ("irregular_status", MEDIUM, _("Someone took advantage of their lack of legal status")),
        ("lack_of_information", MEDIUM, _("Someone took advantage of what they did not know")),
        ("economic_hardship", MEDIUM, _("Someone took advantage of their poverty")),
        (
            "false_information_migration",
            MEDIUM,
            _("Was given false hopes about life abroad or about the law"),
        ),
        (
            "emotional_dependency",
            MEDIUM,
            _("Someone took advantage of their emotional dependence, for example a partner"),
        ),
        ("difficult_past", WEAK, _("Has been through hard times before, such as abuse or homelessness")),
        ("no_legal_way_to_migrate", WEAK, _("Had no legal way to migrate")),
        ("little_schooling", WEAK, _("Has had little schooling or cannot read")),
    ),
    *_dimension(
        EXPLOITATIVE_CONDITIONS,
        ("excessive_hours", STRONG, _("Works extremely long days or hours")),
        ("bad_living_conditions", MEDIUM, _("Lives in very bad conditions")),
        ("hazardous_work", MEDIUM, _("Does dangerous work without protection"), _LABOUR),
        ("low_or_no_pay", MEDIUM, _("Is paid very little or nothing")),
        ("labour_law_ignored", MEDIUM, _("Labour law or the signed contract is not respected"), _LABOUR),
        ("no_social_protection", MEDIUM, _("Has no contract, insurance or social security"), _LABOUR),
        ("very_bad_working_conditions", MEDIUM, _("Works in very bad conditions")),
        ("wage_manipulation", MEDIUM, _("Pay is cut or manipulated, for example with fines"), _LABOUR),
        ("no_access_to_education", WEAK, _("Cannot go to school or follow training")),
        (
            "earnings_from_sex_taken",
            MEDIUM,
            _("Has to hand over most or all of the money from sex work"),
            _SEXUAL_VERIFY,
        ),
        ("unsafe_sex_imposed", MEDIUM, _("Is made to have sex without protection"), _SEXUAL_VERIFY),
        ("child_in_sex_work", STRONG, _("A child is offered for sex or sexual images"), _CHILD_SEXUAL_VERIFY),
        ("child_below_working_age", MEDIUM, _("The child is too young for this work"), _CHILD_LABOUR_VERIFY),
    ),
    *_dimension(
        COERCION_AT_DESTINATION,
        ("documents_confiscated", STRONG, _("Someone else keeps their papers"), _CONTROL),
        ("debt_bondage", STRONG, _("Is kept working by a debt"), _CONTROL),
        (
            "confinement_or_surveillance",
            STRONG,
            _("Is locked up, isolated or watched all the time"),
            _CONTROL,
        ),
        ("violence", STRONG, _("Suffers violence"), _CONTROL),
        ("forced_into_crime", MEDIUM, _("Is forced to do illegal or criminal things"), _CRIME),
        ("forced_tasks_or_clients", MEDIUM, _("Is forced to do certain tasks or to see certain clients")),
        ("forced_against_others", MEDIUM, _("Is made to act against people in the same situation")),
        ("forced_to_lie", MEDIUM, _("Is made to lie to the authorities or to family")),
        ("threat_of_denunciation", MEDIUM, _("Is threatened with being reported to the authorities")),
        ("threat_of_worse_conditions", MEDIUM, _("Is threatened with even worse conditions")),
        ("threats_of_violence", MEDIUM, _("Is threatened with violence")),
        ("strong_influence", MEDIUM, _("Is under someone's strong influence")),
        ("violence_on_family", MEDIUM, _("Their family is threatened or hurt")),
        ("wages_withheld", MEDIUM, _("Their pay is held back")),
    ),
    *_dimension(
        ABUSE_OF_VULNERABILITY_AT_DESTINATION,
        (
            "dependency_on_exploiters",
            MEDIUM,
            _("Depends on the people who exploit them for food, housing or work"),
        ),
        ("unfamiliar_place", MEDIUM, _("Does not know the place or the language")),
        ("economic_hardship", MEDIUM, _("Has no other way to earn a living")),
        ("family_situation", MEDIUM, _("Their family depends on the money they send")),
        ("irregular_status", MEDIUM, _("Has no legal residence status and is afraid of it")),
        (
            "personal_characteristics",
            WEAK,
            _("Is especially vulnerable, for example through illness, pregnancy or a disability"),
        ),
    ),
)


FORM_INDICATORS: tuple[Indicator, ...] = (
    BEGGING_INDICATORS + FORCED_CRIME_INDICATORS + ORGAN_REMOVAL_INDICATORS
)

CATALOGUE: tuple[Indicator, ...] = (
    GENERAL_INDICATORS + FORCED_LABOUR_INDICATORS + OPERATIONAL_INDICATORS + FORM_INDICATORS
)
BY_ID: dict[str, Indicator] = {indicator.id: indicator for indicator in CATALOGUE}
_POSITION: dict[str, int] = {indicator.id: position for position, indicator in enumerate(CATALOGUE)}

# The same observation in several lists: the centres' general signs, the ILO's forced-labour signs
# and the ILO/EC dimensions each name confiscated papers, violence, confinement and debt. One tick
# is one sign: the screening shows the first id of each set (the one a professional meets first),
# counts the set once towards "several signs", and lets it weigh in the dimension of its ILO/EC
# member. Forms of exploitation still come only from the ids that were ticked. KETEN'S CHOICE.
SAME_SIGN: tuple[tuple[str, ...], ...] = (
    (
        "general.documents_taken",
        "forced_labour.retention_of_documents",
        "coercion_at_destination.documents_confiscated",
    ),
    (
        "general.no_freedom_of_movement",
        "forced_labour.restriction_of_movement",
        "coercion_at_destination.confinement_or_surveillance",
    ),
    (
        "general.signs_of_violence",
        "forced_labour.physical_and_sexual_violence",
        "coercion_at_destination.violence",
    ),
    ("general.little_social_contact", "forced_labour.isolation"),
    ("general.little_or_no_pay", "exploitative_conditions.low_or_no_pay"),
    ("general.poor_working_conditions", "exploitative_conditions.very_bad_working_conditions"),
    ("coercion_at_destination.debt_bondage", "forced_labour.debt_bondage"),
    ("coercion_at_destination.wages_withheld", "forced_labour.withholding_of_wages"),
    ("exploitative_conditions.excessive_hours", "forced_labour.excessive_overtime"),
)
_SAME_SET: dict[str, tuple[str, ...]] = {member: same for same in SAME_SIGN for member in same}


def shown_as(indicator_id: str) -> str:
    """The id under which a screening shows this sign (itself unless it repeats another list's)."""
    return _SAME_SET.get(indicator_id, (indicator_id,))[0]


def same_as(indicator_id: str) -> tuple[str, ...]:
    """The other ids that name the same observation (none for most signs)."""
    return tuple(other for other in _SAME_SET.get(indicator_id, ()) if other != indicator_id)


def with_same_signs(indicator_ids: Iterable[str]) -> tuple[str, ...]:
    """The ids with every id naming the same observation, in catalogue order."""
    ids = {item for item in indicator_ids if item in BY_ID}
    ids |= {other for item in list(ids) for other in same_as(item)}
    return tuple(sorted(ids, key=_POSITION.__getitem__))


def distinct_signs(indicator_ids: Iterable[str]) -> tuple[Indicator, ...]:
    """The known signs, one per observation (the first ticked of a ``SAME_SIGN`` set), in
    catalogue order."""
    seen: set[str] = set()
    result = []
    for item in _known(indicator_ids):
        if shown_as(item.id) not in seen:
            seen.add(shown_as(item.id))
            result.append(item)
    return tuple(result)


def get(indicator_id: str) -> Indicator:
    """The indicator with this id; ``KeyError`` when there is none."""
    return BY_ID[indicator_id]


def catalogue_for(*, child: bool | None = None, group: str | None = None) -> tuple[Indicator, ...]:
    """Indicators to show for an adult (``child=False``), a child (``True``) or anyone (``None``)."""
    wanted = {BOTH, CHILD if child else ADULT} if child is not None else {BOTH, CHILD, ADULT}
    return tuple(
        item for item in CATALOGUE if item.applies_to in wanted and (group is None or item.group == group)
    )


def _known(indicator_ids: Iterable[str]) -> tuple[Indicator, ...]:
    """Known indicators in catalogue order, without repeats."""
    unique = {item for item in indicator_ids if item in BY_ID}
    return tuple(sorted((BY_ID[item] for item in unique), key=lambda item: _POSITION[item.id]))


def weighing(indicator_ids: Iterable[str]) -> tuple[Indicator, ...]:
    """The observed signs, once each, those that weigh most first: strong, then medium, then weak."""
    return tuple(
        sorted(
            distinct_signs(indicator_ids),
            key=lambda item: (STRENGTHS.index(item.strength), _POSITION[item.id]),
        )
    )


def forms_pointed_to(indicator_ids: Iterable[str], order: tuple[str, ...]) -> tuple[str, ...]:
    """The forms of exploitation the indicators point to, in ``order`` (signs for any form add none)."""
    forms = {form for item in _known(indicator_ids) for form in item.forms}
    return tuple(form for form in order if form in forms)


def ongoing_control(indicator_ids: Iterable[str]) -> tuple[Indicator, ...]:
    """Observed signs that the person is being held or hurt now, once each."""
    return tuple(item for item in distinct_signs(indicator_ids) if item.ongoing_control)


# --- Combination rules --------------------------------------------------------------------------


def dimension_positive(*, strong: int, medium: int, weak: int) -> bool:
    """The ILO/EC rule for one dimension. AWAITING CONFIRMATION against the ILO publication.

    A dimension is positive with two strong indicators, or one strong plus at least one medium or
    weak, or three medium, or two medium plus one weak (ILO/EC 2009, as summarised in REFERENCE §7).
    Weak indicators alone are never enough.
    """
    return strong >= 2 or (strong >= 1 and medium + weak >= 1) or medium >= 3 or (medium >= 2 and weak >= 1)


@dataclass(frozen=True)
class DimensionResult:
    dimension: str
    positive: bool
    strong: int
    medium: int
    weak: int
    indicator_ids: tuple[str, ...]

    @property
    def reason(self) -> Message:
        params: dict[str, str | int | Message] = {
            "dimension": Message(DIMENSION_LABELS[self.dimension]),
            "strong": self.strong,
            "medium": self.medium,
            "weak": self.weak,
        }
        if self.positive:
            return Message(
                _("%(dimension)s: yes, with %(strong)s strong, %(medium)s medium and %(weak)s weak signs."),
                params,
            )
        return Message(
            _(
                "%(dimension)s: not enough, with %(strong)s strong, %(medium)s medium and %(weak)s "
                "weak signs."
            ),
            params,
        )


@dataclass(frozen=True)
class OperationalAssessment:
    """The outcome of the ILO/EC combination rule, with what it rests on."""

    child: bool
    dimensions: tuple[DimensionResult, ...]
    recruitment: bool
    exploitation: bool
    destination: bool
    possible_victim: bool

    @property
    def positive_dimensions(self) -> tuple[str, ...]:
        return tuple(result.dimension for result in self.dimensions if result.positive)

    @property
    def reasons(self) -> tuple[Message, ...]:
        reasons = [result.reason for result in self.dimensions if result.strong + result.medium + result.weak]
        if self.possible_victim and self.child:
            reasons.append(
                Message(
                    _(
                        "The detailed signs point to a possible child victim: the child is exploited. "
                        "For a child, how they were recruited or kept does not matter."
                    )
                )
            )
        elif self.possible_victim:
            reasons.append(
                Message(
                    _(
                        "The detailed signs point to a possible victim: the recruitment, the work "
                        "and the situation now all show signs of exploitation."
                    )
                )
            )
        return tuple(reasons)


def assess_operational(indicator_ids: Iterable[str], *, child: bool) -> OperationalAssessment:
    """Combine the operational indicators, dimension by dimension. AWAITING CONFIRMATION.

    Rule (ILO/EC 2009 as summarised in REFERENCE §7, to be checked against the ILO publication): an
    adult is a possible victim when a recruitment dimension (deceptive, coercive, or abuse of
    vulnerability), the exploitation dimension and a destination dimension (coercion or abuse of
    vulnerability) are all positive. For a child no means are needed (the ILO/EC child lists;
    REFERENCE §11 [verify against the publication]), and the recruitment and destination
    dimensions are all means (deception, coercion, abuse of vulnerability): the exploitation
    dimension alone is enough. Belgian law needs no means at all; this rule only says how strong
    the signs are, not whether the offence is made out.
    """
    # A sign ticked in another list weighs in the dimension of its ILO/EC twin (``SAME_SIGN``).
    observed = [item for item in _known(with_same_signs(indicator_ids)) if item.dimension is not None]
    results = []
    for dimension in DIMENSIONS:
        signs = [item for item in observed if item.dimension == dimension]
        counts = {strength: sum(1 for item in signs if item.strength == strength) for strength in STRENGTHS}
        results.append(
            DimensionResult(
                dimension=dimension,
                positive=dimension_positive(strong=counts[STRONG], medium=counts[MEDIUM], weak=counts[WEAK]),
                strong=counts[STRONG],
                medium=counts[MEDIUM],
                weak=counts[WEAK],
                indicator_ids=tuple(item.id for item in signs),
            )
        )
    positive = {result.dimension for result in results if result.positive}
    recruitment = bool(positive & set(RECRUITMENT_DIMENSIONS))
    exploitation = EXPLOITATIVE_CONDITIONS in positive
    destination = bool(positive & set(DESTINATION_DIMENSIONS))
    possible = exploitation and (child or (recruitment and destination))
    return OperationalAssessment(
        child=child,
        dimensions=tuple(results),
        recruitment=recruitment,
        exploitation=exploitation,
        destination=destination,
        possible_victim=possible,
    )


# Keten's choice for "several signs together" (seed 000 gives no number): three signs, or two when
# one of them is strong. One sign alone, however serious, is never enough (as the public pages say).
SEVERAL_SIGNS = 3
SEVERAL_SIGNS_WITH_A_STRONG_ONE = 2


@dataclass(frozen=True)
class SignsAssessment:
    count: int
    strong_ids: tuple[str, ...]
    positive: bool

    @property
    def reason(self) -> Message | None:
        if self.strong_ids and self.positive:
            return Message(
                _("At least one serious sign was seen (%(count)s in all): this calls for a closer look."),
                {"count": self.count},
            )
        if self.strong_ids:
            return Message(
                _(
                    "One serious sign was seen. One sign alone does not show that someone is a "
                    "victim, but look further and ask about the other signs."
                )
            )
        if self.positive:
            return Message(
                _("Several signs were seen together (%(count)s): this calls for a closer look."),
                {"count": self.count},
            )
        if self.count:
            return Message(
                _(
                    "Signs seen outside the detailed list: %(count)s. That is not enough on its own, "
                    "but keep an eye on the situation."
                ),
                {"count": self.count},
            )
        return None


def assess_signs(indicator_ids: Iterable[str]) -> SignsAssessment:
    """The "several signs together" rule for signs outside the six dimensions. KETEN'S CHOICE.

    The specialised centres say that several of their general signs together may point to a victim
    (seed 000), without a number. Keten counts every observed sign that has no ILO/EC dimension
    (general, forced labour, begging, forced criminality, organ removal) and calls the result
    positive with three or more of them, or with two when one is rated strong (confinement,
    confiscated papers, violence, debt bondage, punishment for low takings, an organ given to pay a
    debt). One sign alone is never enough. Change ``SEVERAL_SIGNS`` or the strengths in the
    catalogue to tune it.
    """
    # One observation is one sign, whichever list it was ticked in (``SAME_SIGN``).
    signs: list[Indicator] = []
    counted: set[str] = set()
    for item in _known(with_same_signs(indicator_ids)):
        if item.dimension is None and shown_as(item.id) not in counted:
            counted.add(shown_as(item.id))
            signs.append(item)
    strong = tuple(item.id for item in signs if item.strength == STRONG)
    return SignsAssessment(
        count=len(signs),
        strong_ids=strong,
        positive=len(signs) >= SEVERAL_SIGNS
        or (bool(strong) and len(signs) >= SEVERAL_SIGNS_WITH_A_STRONG_ONE),
    )
