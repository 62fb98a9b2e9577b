"""The screening engine: from the facts a professional or citizen gives to an explained result.

``parse_facts(data)`` checks the JSON contract below and raises ``FactsError(field, message)`` for
anything it does not know. ``evaluate(facts)`` applies the rules of :mod:`keten.core.law`,
:mod:`keten.core.indicators`, :mod:`keten.core.regions` and :mod:`keten.core.next_steps`.
``result.to_dict(translate=gettext)`` gives the output contract, JSON-serialisable and
deterministic, with every text translated by ``translate``.

Input (every key optional)::

    {"person": {"age": 17, "nationality": "RO", "possibly_minor": true, "unaccompanied": true},
     "facts_date": {"from": "2026-03-01", "to": "2026-05-15"},
     "exploiter_relations": ["parent", "other_authority", "public_official", "partner", "relative",
                             "employer", "acquaintance", "stranger", "other"],
     "acts": ["recruitment", "transport", "transfer", "harbouring", "reception", "control"],
     "purposes": ["sexual", "labour", "begging", "organ_removal", "forced_crime",
                  "forced_marriage", "illegal_adoption", "surrogacy"],
     "means": ["violence", "threats", "deception", "abuse_of_vulnerability", "coercion",
               "abduction", "abuse_of_authority", "payment_to_controller"],
     "consent": true,
     "border": {"crossed_irregularly": true, "helped_for_gain": true},
     "indicators": ["<indicator ids>"],
     "immediate_danger": false,
     "location": {"postal_code": "2000"},
     "circumstances": ["life_endangered", "serious_harm", "habitual_activity", "association",
                       "criminal_organisation", "death", "ict_used"]}

``circumstances`` is an extension: aggravating facts that are neither acts nor means.
``facts_date`` dates the facts (one day: give ``from`` only); the law in force then applies, and
without it the law in force today (:mod:`keten.core.law`). ``person.possibly_minor``: the age is
not known but there are reasons to believe the person is a child (presumed a child). Every key
added since the first version is optional, so older input gives the same answer as before, except
where the law or a correction of it changed (see ``rules_version``).
``border.crossed_irregularly`` covers an irregular entry, transit or stay. ``null`` means "not
known" everywhere; an empty string as postal code counts as not given.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from keten.core import indicators, law, next_steps, regions
from keten.core.i18n import Message, Translate, _, identity

# Bump when a rule changes, so a stored result says which rules produced it.
RULES_VERSION = "2026.2"

OUTPUT_KEYS: tuple[str, ...] = (
    "rules_version",
    "qualification",
    "forms",
    "forms_source",
    "aggravating",
    "aggravating_detail",
    "aggravating_unmatched",
    "opens_procedure",
    "law",
    "presumed_minor",
    "route",
    "possible_victim",
    "urgency",
    "urgency_reasons",
    "actions",
    "missing",
    "next_questions",
    "elements",
    "weighing_indicators",
    "indicator_assessment",
    "region",
    "dont",
    "explanation",
    "explanation_messages",
)

_TOP_KEYS = (
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
)
_PERSON_KEYS = ("age", "nationality", "possibly_minor", "unaccompanied")
_DATE_KEYS = ("from", "to")
MIN_YEAR = 1900
_BORDER_KEYS = ("crossed_irregularly", "helped_for_gain")
_LOCATION_KEYS = ("postal_code",)
MAX_AGE = 120


class FactsError(ValueError):
    """The facts do not follow the contract. ``field`` names the offending key, dotted when nested."""

    def __init__(self, field: str, message: Message) -> None:
        super().__init__(f"{field}: {message.render()}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class ScreeningFacts:
    """Validated facts, normalised: lists deduplicated in a fixed order, codes in upper case."""

    age: int | None = None
    nationality: str | None = None
    acts: tuple[str, ...] = ()
    purposes: tuple[str, ...] = ()
    means: tuple[str, ...] = ()
    consent: bool | None = None
    crossed_irregularly: bool | None = None
    helped_for_gain: bool | None = None
    indicators: tuple[str, ...] = ()
    immediate_danger: bool = False
    postal_code: str | None = None
    circumstances: tuple[str, ...] = ()
    possibly_minor: bool = False
    unaccompanied: bool | None = None
    exploiter_relations: tuple[str, ...] = ()
    facts_from: date | None = None
    facts_to: date | None = None

    @property
    def is_minor(self) -> bool:
        """Under 18, or presumed a child (Directive 2011/36/EU art. 13(2))."""
        return self.legal().is_minor

    def legal(self) -> law.LegalFacts:
        return law.LegalFacts(
            possibly_minor=self.possibly_minor,
            relations=frozenset(self.exploiter_relations),
            facts_from=self.facts_from,
            facts_to=self.facts_to,
            acts=frozenset(self.acts),
            purposes=frozenset(self.purposes),
            means=frozenset(self.means),
            circumstances=frozenset(self.circumstances),
            age=self.age,
            nationality=self.nationality,
            crossed_irregularly=self.crossed_irregularly,
            helped_for_gain=self.helped_for_gain,
            consent=self.consent,
        )


# --- Parsing ------------------------------------------------------------------------------------


def _object(value: Any, field: str, allowed: tuple[str, ...]) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise FactsError(field, Message(_("Expected a group of fields here.")))
    for key in value:
        if key not in allowed:
            name = f"{field}.{key}" if field else str(key)
            raise FactsError(name, Message(_("This field is not part of a screening.")))
    return value


def _boolean(value: Any, field: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise FactsError(field, Message(_("Expected yes (true), no (false) or unknown (null).")))


def _choices(value: Any, field: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list | tuple):
        raise FactsError(field, Message(_("Expected a list.")))
    for item in value:
        if not isinstance(item, str) or item not in allowed:
            raise FactsError(field, Message(_("Unknown value: %(value)s."), {"value": str(item)}))
    chosen = set(value)
    return tuple(item for item in allowed if item in chosen)


def _age(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= int(value) <= MAX_AGE:
        raise FactsError(
            "person.age", Message(_("Give the age in whole years, from 0 to %(max)s."), {"max": MAX_AGE})
        )
    return int(value)


def _nationality(value: Any) -> str | None:
    if value is None:
        return None
    code = value.upper() if isinstance(value, str) else ""
    if code not in law.COUNTRY_CODES:
        raise FactsError(
            "person.nationality",
            Message(_("Give the nationality as a two-letter country code, such as BE or RO.")),
        )
    return code


def _postal_code(value: Any) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise FactsError("location.postal_code", Message(_('Give the postal code as text, such as "2000".')))
    try:
        return regions.recommend_centres(value).postal_code
    except regions.PostalCodeError as error:
        raise FactsError("location.postal_code", error.message) from error


def _date(value: Any, field: str) -> date | None:
    if value is None:
        return None
    try:
        if not isinstance(value, str) or len(value) != 10:
            raise ValueError(value)
        day = date.fromisoformat(value)
    except ValueError:
        day = None
    if day is None or day.year < MIN_YEAR:
        raise FactsError(field, Message(_("Give the date as year-month-day, such as 2026-04-08.")))
    return day


def _facts_date(value: Any) -> tuple[date | None, date | None]:
    dates = _object(value, "facts_date", _DATE_KEYS)
    start = _date(dates.get("from"), "facts_date.from")
    end = _date(dates.get("to"), "facts_date.to")
    if start is not None and end is not None and end < start:
        raise FactsError("facts_date.to", Message(_("The end of the period comes before its start.")))
    return start, end


_INDICATOR_IDS: tuple[str, ...] = tuple(item.id for item in indicators.CATALOGUE)


def parse_facts(data: Mapping[str, Any]) -> ScreeningFacts:
    """Check and normalise the input contract (see the module docstring).

    Raises ``FactsError`` naming the field for an unknown key, an unknown value or a wrong type.
    """
    if not isinstance(data, Mapping):
        raise FactsError("facts", Message(_("Expected a group of fields here.")))
    top = _object(data, "", _TOP_KEYS)
    person = _object(top.get("person"), "person", _PERSON_KEYS)
    border = _object(top.get("border"), "border", _BORDER_KEYS)
    location = _object(top.get("location"), "location", _LOCATION_KEYS)
    facts_from, facts_to = _facts_date(top.get("facts_date"))
    return ScreeningFacts(
        possibly_minor=_boolean(person.get("possibly_minor"), "person.possibly_minor") is True,
        unaccompanied=_boolean(person.get("unaccompanied"), "person.unaccompanied"),
        exploiter_relations=_choices(top.get("exploiter_relations"), "exploiter_relations", law.RELATIONS),
        facts_from=facts_from,
        facts_to=facts_to,
        age=_age(person.get("age")),
        nationality=_nationality(person.get("nationality")),
        acts=_choices(top.get("acts"), "acts", law.ACTS),
        purposes=_choices(top.get("purposes"), "purposes", law.PURPOSES),
        means=_choices(top.get("means"), "means", law.MEANS),
        consent=_boolean(top.get("consent"), "consent"),
        crossed_irregularly=_boolean(border.get("crossed_irregularly"), "border.crossed_irregularly"),
        helped_for_gain=_boolean(border.get("helped_for_gain"), "border.helped_for_gain"),
        indicators=_choices(top.get("indicators"), "indicators", _INDICATOR_IDS),
        immediate_danger=_boolean(top.get("immediate_danger"), "immediate_danger") is True,
        postal_code=_postal_code(location.get("postal_code")),
        circumstances=_choices(top.get("circumstances"), "circumstances", law.CIRCUMSTANCES),
    )


# --- Evaluation ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScreeningResult:
    facts: ScreeningFacts
    qualification: law.Qualification
    forms: tuple[str, ...]
    forms_source: str
    operational: indicators.OperationalAssessment
    signs: indicators.SignsAssessment
    possible_victim: bool
    urgency: next_steps.Urgency
    recommendation: regions.CentreRecommendation | None
    actions: tuple[next_steps.Action, ...]
    dont: tuple[next_steps.Advice, ...]
    weighing: tuple[indicators.Indicator, ...]
    explanation: tuple[Message, ...]
    route: str = next_steps.ROUTE_ADULT_TRAFFICKING
    route_steps: tuple[Message, ...] = ()

    def to_dict(self, translate: Translate = identity) -> dict[str, Any]:
        """The output contract. Every text goes through ``translate`` (Django passes ``gettext``)."""

        def text(message: Message) -> str:
            return message.render(translate)

        qualification = self.qualification
        recommendation = self.recommendation
        return {
            "rules_version": RULES_VERSION,
            "qualification": qualification.kind,
            "forms": list(self.forms),
            "forms_source": self.forms_source,
            "aggravating": list(dict.fromkeys(item.id for item in qualification.aggravating)),
            "aggravating_detail": [
                {
                    "id": item.id,
                    "offence": item.offence,
                    "source": item.source,
                    "text": translate(item.label),
                    "article": item.article,
                    "confirmed": item.confirmed,
                    "unconfirmed_reason": translate(item.unconfirmed_reason)
                    if item.unconfirmed_reason
                    else None,
                    "opens_procedure": item.opens_procedure,
                }
                for item in qualification.aggravating
            ],
            "aggravating_unmatched": list(qualification.unmatched),
            "opens_procedure": qualification.opens_procedure,
            "law": _law_dict(qualification, translate),
            "presumed_minor": self.facts.legal().presumed_minor,
            "route": {
                "id": self.route,
                "title": translate(next_steps.ROUTE_TITLES[self.route]),
                "steps": [text(step) for step in self.route_steps],
            },
            "possible_victim": self.possible_victim,
            "urgency": self.urgency.level,
            "urgency_reasons": list(self.urgency.reason_ids),
            "actions": [
                {
                    "id": action.id,
                    "kind": action.kind,
                    "number": action.number,
                    "centre": action.centre,
                    "recommended": action.recommended,
                    "text": text(action.text),
                }
                for action in self.actions
            ],
            "missing": list(qualification.missing),
            "next_questions": [
                {"id": element, "text": text(question)}
                for element, question in zip(qualification.missing, qualification.next_questions, strict=True)
            ],
            "elements": {
                "trafficking": {
                    "act": qualification.trafficking.act,
                    "purpose": qualification.trafficking.purpose,
                    "not_required": ["means", "consent", "border", "exploitation_happened"],
                },
                "smuggling": {
                    "irregular_border": qualification.smuggling.irregular_border,
                    "financial_advantage": qualification.smuggling.financial_advantage,
                    "non_eu_national": qualification.smuggling.non_eu_national,
                },
            },
            "weighing_indicators": [
                {
                    "id": item.id,
                    "strength": item.strength,
                    "strength_source": item.strength_source,
                    "group": item.group,
                    "dimension": item.dimension,
                    "text": translate(item.label),
                }
                for item in self.weighing
            ],
            "indicator_assessment": {
                "rule": indicators.CHILD if self.operational.child else indicators.ADULT,
                "dimensions": {
                    result.dimension: {
                        "positive": result.positive,
                        "strong": result.strong,
                        "medium": result.medium,
                        "weak": result.weak,
                        "indicators": list(result.indicator_ids),
                    }
                    for result in self.operational.dimensions
                },
                "recruitment": self.operational.recruitment,
                "exploitation": self.operational.exploitation,
                "destination": self.operational.destination,
                "possible_victim": self.operational.possible_victim,
                "signs": {
                    "count": self.signs.count,
                    "strong": list(self.signs.strong_ids),
                    "positive": self.signs.positive,
                },
            },
            "region": None
            if recommendation is None
            else {
                "postal_code": recommendation.postal_code,
                "province": recommendation.province,
                "region": recommendation.region,
                "recommended_centre": recommendation.recommended,
            },
            "dont": [{"id": advice.id, "text": text(advice.text)} for advice in self.dont],
            "explanation": [text(message) for message in self.explanation],
            "explanation_messages": [message.to_dict() for message in self.explanation],
        }


def _provision_dict(provision: law.Provision, translate: Translate) -> dict[str, Any]:
    return {
        "id": provision.id,
        "text": translate(provision.label),
        "article": provision.article,
        "source": provision.source,
        "confirmed": provision.confirmed,
        "unconfirmed_reason": translate(provision.unconfirmed_reason)
        if provision.unconfirmed_reason
        else None,
    }


def _law_dict(qualification: law.Qualification, translate: Translate) -> dict[str, Any]:
    """Which law read the facts: the period, and each rule set in force during it."""
    start, end = qualification.period
    return {
        "facts_from": start.isoformat(),
        "facts_to": end.isoformat(),
        "date_assumed": qualification.period_assumed,
        "applied": qualification.rule_set.id,
        "rule_sets": [
            {
                "id": outcome.rule_set.id,
                "title": translate(outcome.rule_set.title),
                "in_force_from": None
                if outcome.rule_set.in_force_from is None
                else outcome.rule_set.in_force_from.isoformat(),
                "in_force_until": None
                if outcome.rule_set.in_force_until is None
                else outcome.rule_set.in_force_until.isoformat(),
                "source": outcome.rule_set.source,
                "offence": _provision_dict(outcome.rule_set.offence, translate),
                "trafficking": {"act": outcome.trafficking.act, "purpose": outcome.trafficking.purpose},
                "purposes": [
                    _provision_dict(provision, translate)
                    for provision in outcome.rule_set.purposes
                    if provision.id in outcome.purposes_counted
                ],
                "purposes_outside": list(outcome.purposes_outside),
                "consent_excluded": list(outcome.consent_excluded),
            }
            for outcome in qualification.outcomes
        ],
        "smuggling": _provision_dict(law.SMUGGLING_PROVISION, translate),
    }


def evaluate(facts: ScreeningFacts, today: date | None = None) -> ScreeningResult:
    """Apply every rule to the facts and explain the outcome.

    - The qualification comes from the law alone (acts, purposes, nationality, border); indicators
      never make or unmake it.
    - ``forms`` are the purposes given; when none are given, the forms the indicators point to
      (``forms_source`` says which, and the explanation says that this is still to be confirmed).
    - ``possible_victim`` is true when the facts make out trafficking, or when the indicators do
      (the ILO/EC combination rule or the "several signs" rule of :mod:`keten.core.indicators`).
    """
    legal = facts.legal()
    qualification = law.qualify(legal, today)
    operational = indicators.assess_operational(facts.indicators, child=facts.is_minor)
    signs = indicators.assess_signs(facts.indicators)

    if facts.purposes:
        forms, forms_source = facts.purposes, "purposes"
    else:
        forms = indicators.forms_pointed_to(facts.indicators, law.PURPOSES)
        forms_source = "indicators" if forms else "none"

    trafficking = qualification.trafficking.met
    possible_victim = trafficking or operational.possible_victim or signs.positive
    urgency = next_steps.assess_urgency(
        immediate_danger=facts.immediate_danger,
        minor=facts.is_minor,
        ongoing_control=bool(indicators.ongoing_control(facts.indicators)),
        life_endangered="life_endangered" in facts.circumstances,
    )
    recommendation = regions.recommend_centres(facts.postal_code) if facts.postal_code else None
    smuggled_only = qualification.smuggling.met and not qualification.opens_procedure and not possible_victim
    route = next_steps.choose_route(minor=facts.is_minor, smuggled_only=smuggled_only)
    actions = next_steps.plan_actions(
        urgency=urgency.level,
        recommendation=recommendation,
        minor=facts.is_minor,
        nationality=facts.nationality,
        forms=forms,
        route=route,
        unaccompanied=facts.unaccompanied,
    )

    explanation = list(qualification.reasons)
    if forms_source == "indicators":
        explanation.append(
            Message(
                _(
                    "No aim of exploitation was given, but the signs point to %(forms)s. Check this "
                    "with the person: the law needs the aim itself to be established."
                ),
                {"forms": tuple(Message(law.PURPOSE_LABELS[form]) for form in forms)},
            )
        )
    explanation.extend(operational.reasons)
    if operational.dimensions and any(r.strong + r.medium + r.weak for r in operational.dimensions):
        if facts.age is None:
            explanation.append(
                Message(_("The age is not known, so the detailed signs were weighed as for an adult."))
            )
    signs_reason = signs.reason
    if signs_reason is not None:
        explanation.append(signs_reason)
    if possible_victim and not trafficking:
        explanation.append(
            Message(
                _(
                    "The signs suggest that the person may be a victim, even though not everything "
                    "the law needs is known yet."
                )
            )
        )
    explanation.extend(urgency.reasons)

    return ScreeningResult(
        facts=facts,
        qualification=qualification,
        forms=forms,
        forms_source=forms_source,
        operational=operational,
        signs=signs,
        possible_victim=possible_victim,
        urgency=urgency,
        recommendation=recommendation,
        actions=actions,
        dont=next_steps.things_not_to_do(minor=facts.is_minor, route=route),
        weighing=indicators.weighing(facts.indicators),
        explanation=tuple(explanation),
        route=route,
        route_steps=next_steps.route_steps(
            route,
            nationality=facts.nationality,
            unaccompanied=facts.unaccompanied,
            opens_procedure=qualification.opens_procedure,
        ),
    )


def screen(
    data: Mapping[str, Any], translate: Translate = identity, today: date | None = None
) -> dict[str, Any]:
    """Parse, evaluate and serialise in one call (for the API and the command line).

    ``today`` is the day whose law applies when the facts carry no date (default: today in Belgium).
    """
    return evaluate(parse_facts(data), today).to_dict(translate)
