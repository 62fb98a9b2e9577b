"""Feedback on a trainee's answers: their result next to the engine's, element by element, and why.

Both sides come from the same engine (:func:`keten.core.screening.evaluate`): once on the facts the
trainee gave through the screening questions, once on the facts of the case. Each element reads
the engine's *output* (plus, for consent, the input, because the engine deliberately gives consent
no output of its own), so a change in the law or the engine changes the feedback and the expected
answers in the case files at the same time; ``tests/training/test_library.py`` catches the drift.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from keten.core import law, next_steps
from keten.core.screening import evaluate, parse_facts
from keten.screening import display
from keten.screening.questionnaire import PROFESSIONAL
from keten.typography import colon

Result = Mapping[str, Any]
Facts = Mapping[str, Any]


def _purposes(_facts: Facts, result: Result) -> list[str]:
    # Only the aims given count; forms the signs merely point to are not an established aim.
    return sorted(result["forms"]) if result["forms_source"] == "purposes" else []


def _aggravation(_facts: Facts, result: Result) -> list[str]:
    return sorted(f"{item['offence']}:{item['id']}" for item in result["aggravating_detail"])


def _consent(facts: Facts, _result: Result) -> bool | None:
    value = facts.get("consent")
    return value if isinstance(value, bool) else None


def _border(_facts: Facts, result: Result) -> dict[str, str]:
    # Whether smuggling is made out, ruled out or still open, and the one fact trainees most often
    # get wrong: whether the person is an EU citizen. How the trainee got there (which of the three
    # border questions they left open) is not marked: leaving a question open is not an error.
    smuggling = result["elements"]["smuggling"]
    statuses = set(smuggling.values())
    if statuses == {law.MET}:
        outcome = law.MET
    elif law.NOT_MET in statuses:
        outcome = law.NOT_MET
    else:
        outcome = law.UNKNOWN
    return {"non_eu_national": smuggling["non_eu_national"], "smuggling": outcome}


def _contacts(_facts: Facts, result: Result) -> list[str]:
    return sorted({action["kind"] for action in result["actions"]})


@dataclass(frozen=True)
class Element:
    """One element of the feedback: what it reads from the engine, why it matters, and the source."""

    id: str
    label: Promise
    value: Callable[[Facts, Result], Any]
    why: Promise
    source: Promise


ELEMENTS: tuple[Element, ...] = (
    Element(
        "qualification",
        _("Qualification"),
        lambda _facts, result: result["qualification"],
        _(
            "Trafficking needs an act and an aim of exploitation. Smuggling needs help to enter, pass "
            "through or stay without the right papers, for gain, given to someone who is not an EU "
            "citizen. Both can apply at once."
        ),
        _(
            "Criminal Code of 1867, art. 433quinquies §1, and the new Criminal Code from 8 April "
            "2026; Aliens Act of 15 December 1980, art. 77bis"
        ),
    ),
    Element(
        "act",
        _("The act"),
        lambda _facts, result: result["elements"]["trafficking"]["act"],
        _(
            "Recruiting, transporting, handing on, housing or receiving the person, or taking "
            "control over them, is the first element of trafficking. Giving someone a bed or a job "
            "is enough when it serves the exploitation."
        ),
        _("Criminal Code of 1867, art. 433quinquies §1, and the new Criminal Code from 8 April 2026"),
    ),
    Element(
        "purpose",
        _("The aim of exploitation"),
        _purposes,
        _(
            "The second element is the aim: sexual exploitation, begging, work contrary to human "
            "dignity, removal of organs, or forcing someone to commit crimes. For facts from 8 "
            "April 2026 the new Criminal Code also names forced marriage and illegal adoption; "
            "Keten has not read that text itself, so they are marked as not confirmed. The "
            "exploitation need not have happened yet."
        ),
        _(
            "Criminal Code of 1867, art. 433quinquies §1, 1° to 5°, and the new Criminal Code "
            "from 8 April 2026"
        ),
    ),
    Element(
        "aggravation",
        _("Means and other aggravating circumstances"),
        _aggravation,
        _(
            "Violence, threats, deception, abuse of a vulnerable situation and the like are not "
            "needed for trafficking. In Belgium they make the offence more serious, as does a victim "
            "under 18."
        ),
        _(
            "Criminal Code of 1867, art. 433sexies to 433octies, and the new Criminal Code from 8 "
            "April 2026; Aliens Act of 15 December 1980, art. 77ter to 77quinquies"
        ),
    ),
    Element(
        "consent",
        _("Consent"),
        _consent,
        _(
            "Whether the person agreed at first does not change whether it is trafficking. Forcing "
            "someone to commit crimes is the exception: there, acting against their will is part of "
            "the aim itself."
        ),
        _("Criminal Code of 1867, art. 433quinquies §1, last sentence"),
    ),
    Element(
        "border",
        _("Border and smuggling"),
        _border,
        _(
            "Trafficking needs no border. Smuggling does: an irregular entry, transit or stay, help "
            "given for gain, and a person who is not an EU citizen. An EU citizen cannot be smuggled "
            "but can be trafficked."
        ),
        _("Aliens Act of 15 December 1980, art. 77bis"),
    ),
    Element(
        "urgency",
        _("How urgent"),
        lambda _facts, result: result["urgency"],
        _(
            "Immediate danger means calling 112 first. A minor, signs that the person is held or "
            "hurt right now, or a life put in danger make it urgent: act today."
        ),
        _("Keten's own triage, not a rule of law"),
    ),
    Element(
        "contacts",
        _("Whom to call"),
        _contacts,
        _(
            "The specialised centres advise in every case, and the national hotline whenever "
            "trafficking may be involved. For a child, tell the police, who inform the youth "
            "prosecutor, and ask about a shelter for child victims; add the guardianship service "
            "for a child who is not Belgian. Help a smuggled person reach legal aid and tell them "
            "about asylum. Add the social inspection for exploitation at work, and call 112 "
            "instead of waiting when someone is in danger."
        ),
        _("Circular of 23 December 2016 on the multidisciplinary cooperation for victims"),
    ),
)
ELEMENT_IDS: tuple[str, ...] = tuple(element.id for element in ELEMENTS)
ELEMENTS_BY_ID: dict[str, Element] = {element.id: element for element in ELEMENTS}

CONTACT_LABELS: dict[str, Promise] = {
    next_steps.CALL: _("112, the emergency number"),
    next_steps.CONTACT_GUARDIANSHIP: _("the guardianship service"),
    next_steps.CONTACT_CENTRE: _("a specialised centre"),
    next_steps.CONTACT_HOTLINE: _("the national hotline"),
    next_steps.CONTACT_INSPECTION: _("the social inspection"),
    next_steps.CONTACT_POLICE: _("the police"),
    next_steps.CONTACT_YOUTH_PROTECTION: _("the police, who inform the youth prosecutor, and youth care"),
    next_steps.CONTACT_MINORS_CENTRE: _("a shelter for child victims (Esperanto, Minor-Ndako)"),
    next_steps.CONTACT_LEGAL_AID: _("legal aid"),
    next_steps.ASYLUM_INFORMATION: _("information about asylum"),
}
"""A label for every kind of action the engine can give (``next_steps.ACTION_KINDS``)."""
CONSENT_LABELS: dict[bool | None, Promise] = {
    True: _("the person agreed at first"),
    False: _("the person did not agree"),
    None: _("not known"),
}
NONE = _("none")
SMUGGLING_LABEL = _("Smuggling made out")


def engine_result(facts: Facts) -> dict[str, Any]:
    """The engine's output for these facts, in the current language."""
    return evaluate(parse_facts(facts)).to_dict(gettext)


def expected_values(facts: Facts, result: Result | None = None) -> dict[str, Any]:
    """Every element's value for these facts: what a case file's ``expected`` must hold."""
    result = engine_result(facts) if result is None else result
    return {element.id: element.value(facts, result) for element in ELEMENTS}


def in_words(element_id: str, value: Any, result: Result) -> str:
    """An element's value as a reader sees it, in the current language."""
    if element_id == "qualification":
        return str(display.QUALIFICATION[value][PROFESSIONAL])
    if element_id == "act":
        return str(display.STATUS[value])
    if element_id == "purpose":
        return _joined(gettext(law.PURPOSE_LABELS[item]) for item in value)
    if element_id == "aggravation":
        return _joined(item["text"] for item in result["aggravating_detail"])
    if element_id == "consent":
        return str(CONSENT_LABELS[value])
    if element_id == "border":
        return "; ".join(
            (
                f"{display.ELEMENTS['non_eu_national']}{colon()}{display.STATUS[value['non_eu_national']]}",
                f"{SMUGGLING_LABEL}{colon()}{display.STATUS[value['smuggling']]}",
            )
        )
    if element_id == "urgency":
        return str(display.URGENCY[value])
    if element_id == "contacts":
        return _joined(str(CONTACT_LABELS.get(kind, kind)) for kind in value)
    return str(value)


def _joined(items: Any) -> str:
    words = [str(item) for item in items]
    return ", ".join(words) if words else str(NONE)


@dataclass(frozen=True)
class ElementFeedback:
    id: str
    label: str
    correct: bool
    yours: str
    engine: str
    why: str
    source: str
    detail_sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Feedback:
    elements: tuple[ElementFeedback, ...]
    case_result: dict[str, Any]
    trainee_result: dict[str, Any]

    @property
    def correct(self) -> int:
        return sum(1 for element in self.elements if element.correct)

    @property
    def total(self) -> int:
        return len(self.elements)

    def marks(self) -> dict[str, bool]:
        return {element.id: element.correct for element in self.elements}


def compare(trainee_facts: Facts, case_facts: Facts) -> Feedback:
    """The trainee's answers next to the case's, element by element, with the reason and the source."""
    theirs = engine_result(trainee_facts)
    ours = engine_result(case_facts)
    rows = []
    for element in ELEMENTS:
        your_value = element.value(trainee_facts, theirs)
        case_value = element.value(case_facts, ours)
        detail = ()
        if element.id == "aggravation":
            detail = tuple(dict.fromkeys(item["source"] for item in ours["aggravating_detail"]))
        rows.append(
            ElementFeedback(
                id=element.id,
                label=str(element.label),
                correct=your_value == case_value,
                yours=in_words(element.id, your_value, theirs),
                engine=in_words(element.id, case_value, ours),
                why=str(element.why),
                source=str(element.source),
                detail_sources=detail,
            )
        )
    return Feedback(tuple(rows), ours, theirs)
