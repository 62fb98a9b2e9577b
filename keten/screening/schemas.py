"""The JSON contract of a screening as pydantic schemas, for the OpenAPI document.

The rules that decide what is valid live in :func:`keten.core.screening.parse_facts`; the API
and ``keten screen`` both call it, so there is one contract. These schemas describe that contract
precisely (closed objects, enumerations of the allowed values) and validate the output.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from ninja import Schema
from pydantic import ConfigDict, Field

from keten.core import indicators, law, next_steps, regions
from keten.core.screening import MAX_AGE


def _enum(values: Iterable[str]) -> Any:
    """A Literal type of the given values: pydantic turns it into an ``enum`` in the schema."""
    return Literal[tuple(values)]


# The allowed values come from the rules themselves, so the document cannot drift from them.
# (Type checkers see plain strings: they cannot read a Literal built at run time.)
if TYPE_CHECKING:
    CountryCode: TypeAlias = str
    Act: TypeAlias = str
    Purpose: TypeAlias = str
    Means: TypeAlias = str
    CircumstanceId: TypeAlias = str
    IndicatorId: TypeAlias = str
    Qualification: TypeAlias = str
    Urgency: TypeAlias = str
    ActionKind: TypeAlias = str
    CentreSlug: TypeAlias = str
    ElementStatus: TypeAlias = str
    Strength: TypeAlias = str
    Group: TypeAlias = str
    Dimension: TypeAlias = str
    Offence: TypeAlias = str
    IndicatorRule: TypeAlias = str
    RegionId: TypeAlias = str
    AppliesTo: TypeAlias = str
    Relation: TypeAlias = str
    RouteId: TypeAlias = str
    RuleSetId: TypeAlias = str
else:
    CountryCode = _enum(sorted(law.COUNTRY_CODES))
    Act = _enum(law.ACTS)
    Purpose = _enum(law.PURPOSES)
    Means = _enum(law.MEANS)
    CircumstanceId = _enum(law.CIRCUMSTANCES)
    IndicatorId = _enum(item.id for item in indicators.CATALOGUE)
    Qualification = _enum(law.QUALIFICATIONS)
    Urgency = _enum(next_steps.URGENCIES)
    ActionKind = _enum(next_steps.ACTION_KINDS)
    CentreSlug = _enum(regions.CENTRES)
    ElementStatus = _enum((law.MET, law.NOT_MET, law.UNKNOWN))
    Strength = _enum(indicators.STRENGTHS)
    Group = _enum(indicators.GROUPS)
    Dimension = _enum(indicators.DIMENSIONS)
    Offence = _enum((law.TRAFFICKING, law.SMUGGLING))
    IndicatorRule = _enum((indicators.ADULT, indicators.CHILD))
    RegionId = _enum(regions.REGIONS)
    AppliesTo = _enum((indicators.ADULT, indicators.CHILD, indicators.BOTH))
    Relation = _enum(law.RELATIONS)
    RouteId = _enum(next_steps.ROUTES)
    RuleSetId = _enum(rule_set.id for rule_set in law.RULE_SETS)

_CLOSED = ConfigDict(extra="forbid")


# --- Input --------------------------------------------------------------------------------------


class PersonIn(Schema):
    model_config = _CLOSED
    age: int | None = Field(None, ge=0, le=MAX_AGE, description="Age in whole years.")
    nationality: CountryCode | None = Field(
        None, description="ISO 3166-1 alpha-2 code (BE for Belgian; XK for Kosovo). Lower case is accepted."
    )
    possibly_minor: bool | None = Field(
        None,
        description=(
            "The age is not known but there are reasons to believe the person is a child: they are "
            "then presumed a child (Directive 2011/36/EU art. 13(2)). Ignored when age is given."
        ),
    )
    unaccompanied: bool | None = Field(
        None, description="A child in Belgium without a parent or legal guardian (for the child route)."
    )


class FactsDateIn(Schema):
    model_config = _CLOSED
    from_: str | None = Field(
        None,
        alias="from",
        pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
        description="First (or only) day of the facts, YYYY-MM-DD.",
    )
    to: str | None = Field(
        None, pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", description="Last day of the facts, YYYY-MM-DD."
    )


class BorderIn(Schema):
    model_config = _CLOSED
    crossed_irregularly: bool | None = Field(
        None,
        description="Entered, passed through or stayed in Belgium or another EU/Schengen state irregularly.",
    )
    helped_for_gain: bool | None = Field(None, description="Someone helped for a financial advantage.")


class LocationIn(Schema):
    model_config = _CLOSED
    postal_code: str | None = Field(
        None,
        pattern=r"^([1-9][0-9]{3})?$",
        description="Belgian postal code where the situation is (1000 to 9999); empty means not given.",
    )


class ScreeningFactsIn(Schema):
    """The facts of a screening. Every key is optional; null means "not known"."""

    model_config = ConfigDict(extra="forbid", title="ScreeningFacts")
    person: PersonIn | None = None
    facts_date: FactsDateIn | None = Field(
        None,
        description=(
            "When the facts happened (a day: give only from). The law in force then applies: the "
            "Criminal Code of 1867 up to 7 April 2026, the new Criminal Code from 8 April 2026. "
            "Without it, the law in force today."
        ),
    )
    exploiter_relations: list[Relation] | None = Field(
        None,
        description=(
            "Who the suspected exploiters are to the person. A parent or another person with "
            "authority aggravates trafficking (art. 433sexies) and smuggling (art. 77ter) by that "
            "position alone."
        ),
    )
    acts: list[Act] | None = Field(None, description="What was done with the person.")
    purposes: list[Purpose] | None = Field(
        None,
        description=(
            "The aim of exploitation. forced_marriage, illegal_adoption and surrogacy count only "
            "under the new Criminal Code and are not confirmed (see law.rule_sets in the result)."
        ),
    )
    means: list[Means] | None = Field(None, description="Means used (aggravating, never required).")
    consent: bool | None = Field(
        None,
        description=(
            "Whether the person consented. Irrelevant to trafficking, except for forced_crime "
            "(committing crimes against their will): with consent that purpose is not made out."
        ),
    )
    border: BorderIn | None = None
    indicators: list[IndicatorId] | None = Field(None, description="Ids from GET /api/v1/indicators.")
    immediate_danger: bool | None = Field(None, description="Someone is in danger right now.")
    location: LocationIn | None = None
    circumstances: list[CircumstanceId] | None = Field(
        None, description="Aggravating facts that are neither acts nor means (an extension)."
    )


def inline_json_schema(model: type[Schema]) -> dict[str, Any]:
    """The model's JSON schema with every ``$ref`` replaced by its definition (no cycles here)."""
    schema = model.model_json_schema()
    definitions = schema.pop("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                return resolve(definitions[node["$ref"].rsplit("/", 1)[-1]])
            return {key: resolve(value) for key, value in node.items()}
        if isinstance(node, list):
            return [resolve(item) for item in node]
        return node

    resolved: dict[str, Any] = resolve(schema)
    return resolved


# --- Output -------------------------------------------------------------------------------------


class AggravatingOut(Schema):
    id: str
    offence: Offence
    source: str
    text: str
    article: str | None = Field(description="The article; null when Keten could not confirm it.")
    confirmed: bool
    unconfirmed_reason: str | None
    opens_procedure: bool = Field(description="Smuggling aggravations of art. 77quater 1° to 5° only.")


class ProvisionOut(Schema):
    id: str
    text: str
    article: str | None = Field(description="The article; null when Keten could not confirm it.")
    source: str
    confirmed: bool
    unconfirmed_reason: str | None


class RuleSetTraffickingOut(Schema):
    act: ElementStatus
    purpose: ElementStatus


class RuleSetOut(Schema):
    id: RuleSetId
    title: str
    in_force_from: str | None
    in_force_until: str | None
    source: str
    offence: ProvisionOut
    trafficking: RuleSetTraffickingOut
    purposes: list[ProvisionOut] = Field(description="The purposes given that count under this Code.")
    purposes_outside: list[Purpose] = Field(description="Purposes given that this Code does not list.")
    consent_excluded: list[Purpose] = Field(description="Purposes not made out because the person agreed.")


class LawOut(Schema):
    facts_from: str
    facts_to: str
    date_assumed: bool = Field(description="No date of the facts was given: the law of today applied.")
    applied: RuleSetId = Field(description="The rule set whose outcome is the qualification.")
    rule_sets: list[RuleSetOut] = Field(description="Every rule set in force during the facts, oldest first.")
    smuggling: ProvisionOut


class RouteOut(Schema):
    id: RouteId
    title: str
    steps: list[str]


class ActionOut(Schema):
    id: str
    kind: ActionKind
    number: str | None
    centre: CentreSlug | None
    recommended: bool
    text: str


class NextQuestionOut(Schema):
    id: str
    text: str


class TraffickingElementsOut(Schema):
    act: ElementStatus
    purpose: ElementStatus
    not_required: list[str]


class SmugglingElementsOut(Schema):
    irregular_border: ElementStatus
    financial_advantage: ElementStatus
    non_eu_national: ElementStatus


class ElementsOut(Schema):
    trafficking: TraffickingElementsOut
    smuggling: SmugglingElementsOut


class WeighingIndicatorOut(Schema):
    id: IndicatorId
    strength: Strength
    strength_source: str = Field(
        description="Who rated the strength (Keten's own where the source gives none)."
    )
    group: Group
    dimension: Dimension | None
    text: str


class DimensionOut(Schema):
    positive: bool
    strong: int
    medium: int
    weak: int
    indicators: list[IndicatorId]


class SignsOut(Schema):
    count: int
    strong: list[IndicatorId]
    positive: bool


class IndicatorAssessmentOut(Schema):
    rule: IndicatorRule
    dimensions: dict[str, DimensionOut]
    recruitment: bool
    exploitation: bool
    destination: bool
    possible_victim: bool
    signs: SignsOut


class RegionOut(Schema):
    postal_code: str
    province: str
    region: RegionId
    recommended_centre: CentreSlug


class AdviceOut(Schema):
    id: str
    text: str


class MessageOut(Schema):
    text: str = Field(description="The untranslated source text, with %(name)s placeholders.")
    params: dict[str, Any]


class ScreeningResultOut(Schema):
    """The explained result. Texts are in the language asked for (Accept-Language)."""

    model_config = ConfigDict(title="ScreeningResult")
    rules_version: str
    qualification: Qualification
    forms: list[Purpose]
    forms_source: Literal["purposes", "indicators", "none"]
    aggravating: list[str]
    aggravating_detail: list[AggravatingOut]
    aggravating_unmatched: list[str] = Field(
        description="Aggravating facts entered that no circumstance of the offence found covers."
    )
    opens_procedure: bool = Field(
        description="Trafficking, or smuggling aggravated under art. 77quater 1° to 5°: protection procedure."
    )
    law: LawOut
    presumed_minor: bool
    route: RouteOut
    possible_victim: bool
    urgency: Urgency
    urgency_reasons: list[str]
    actions: list[ActionOut]
    missing: list[str]
    next_questions: list[NextQuestionOut]
    elements: ElementsOut
    weighing_indicators: list[WeighingIndicatorOut]
    indicator_assessment: IndicatorAssessmentOut
    region: RegionOut | None
    dont: list[AdviceOut]
    explanation: list[str]
    explanation_messages: list[MessageOut]


class FactsErrorItem(Schema):
    loc: list[str]
    field: str = Field(description="The offending key, dotted when nested (such as person.age).")
    msg: str
    type: Literal["facts_error"]


class FactsErrorOut(Schema):
    detail: list[FactsErrorItem]


class IndicatorOut(Schema):
    id: IndicatorId
    label: str
    group: Group
    group_label: str
    dimension: Dimension | None
    dimension_label: str | None
    strength: Strength
    strength_source: str = Field(
        description="Who rated the strength (Keten's own where the source gives none)."
    )
    forms: list[Purpose] = Field(description="Forms of exploitation it points to; empty means any.")
    applies_to: AppliesTo
    ongoing_control: bool = Field(description="A sign that the person is held or hurt now (makes it urgent).")
    source: str
    same_as: list[IndicatorId] = Field(
        default_factory=list,
        description="Other ids naming the same observation in another list. Tick one of them: the "
        "evaluation counts the observation once and weighs it in its ILO/EC dimension.",
    )
