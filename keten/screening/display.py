"""Words for a result on screen: what the codes of the output contract mean for a reader."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from keten.core import law, next_steps
from keten.knowledge.models import Centre
from keten.knowledge.reference import tel_href
from keten.screening.questionnaire import PROFESSIONAL

QUALIFICATION: dict[str, dict[str, Any]] = {
    law.TRAFFICKING: {
        PROFESSIONAL: _("The facts make out human trafficking."),
        "citizen": _("What you describe looks like human trafficking."),
    },
    law.SMUGGLING: {
        PROFESSIONAL: _("The facts make out human smuggling (Aliens Act art. 77bis)."),
        "citizen": _("What you describe looks like human smuggling: someone was paid to bring a person in."),
    },
    law.TRAFFICKING_AND_SMUGGLING: {
        PROFESSIONAL: _("The facts make out both human trafficking and human smuggling."),
        "citizen": _("What you describe looks like both human trafficking and human smuggling."),
    },
    law.INSUFFICIENT: {
        PROFESSIONAL: _("The facts are not enough yet to qualify the situation."),
        "citizen": _("We cannot say yet what this is: some information is missing."),
    },
}
URGENCY = {
    next_steps.EMERGENCY: _("Emergency: call 112 now."),
    next_steps.URGENT: _("Urgent: do not wait, act today."),
    next_steps.NORMAL: _("Not an emergency, but do act."),
}
# When the answers show no sign of anything yet, "do act" would be more than they say.
NO_SIGNS_YET = _("No emergency as far as these answers show.")
STATUS = {law.MET: _("yes"), law.NOT_MET: _("no"), law.UNKNOWN: _("not known")}
ELEMENTS = {
    "act": _("An act: recruiting, transporting, moving on, housing, receiving or controlling the person"),
    "purpose": _("An aim of exploitation"),
    "irregular_border": _("An irregular entry, transit or stay"),
    "financial_advantage": _("Help given for a financial advantage"),
    "non_eu_national": _("The person is not an EU citizen"),
}
NOT_REQUIRED = _(
    "Not needed for trafficking: the means used, the person's consent, crossing a border, or the "
    "exploitation having already happened."
)
STRENGTH = {"strong": _("strong"), "medium": _("medium"), "weak": _("weak")}


def action_view(action: dict[str, Any], centres: dict[str, Centre]) -> dict[str, Any]:
    contact = centres.get(action["centre"] or "")
    number = action["number"] or (contact.phone if contact else None)
    return {
        **action,
        "contact": contact,
        "phone": number,
        "tel": tel_href(number) if number else None,
    }


def _nothing_found(result: dict[str, Any]) -> bool:
    return (
        result["urgency"] == next_steps.NORMAL
        and result["qualification"] == law.INSUFFICIENT
        and not result["possible_victim"]
        and not result["forms"]
    )


def result_view(result: dict[str, Any], audience: str) -> dict[str, Any]:
    """Everything the result template shows, from one output of the engine."""
    elements = result["elements"]
    # The centres' contact data are the ones administrators keep up to date in the database.
    # Only the centres the actions name (none: no query).
    slugs = {action["centre"] for action in result["actions"] if action["centre"]}
    centres = {centre.slug: centre for centre in Centre.objects.filter(slug__in=slugs)} if slugs else {}
    actions = [action_view(action, centres) for action in result["actions"]]
    for item in result["weighing_indicators"]:
        item.setdefault("strength_source", "")
    return {
        "result": result,
        "headline": QUALIFICATION[result["qualification"]][
            audience if audience == PROFESSIONAL else "citizen"
        ],
        "urgency_text": NO_SIGNS_YET if _nothing_found(result) else URGENCY[result["urgency"]],
        "emergency": result["urgency"] == next_steps.EMERGENCY,
        "emergency_action": next((action for action in actions if action["id"] == "call_emergency"), None),
        "actions": [action for action in actions if action["id"] != "call_emergency"],
        "trafficking_elements": [
            {
                "id": key,
                "label": ELEMENTS[key],
                "status": elements["trafficking"][key],
                "status_label": STATUS[elements["trafficking"][key]],
            }
            for key in ("act", "purpose")
        ],
        "smuggling_elements": [
            {
                "id": key,
                "label": ELEMENTS[key],
                "status": elements["smuggling"][key],
                "status_label": STATUS[elements["smuggling"][key]],
            }
            for key in ("irregular_border", "financial_advantage", "non_eu_national")
        ],
        "not_required": NOT_REQUIRED,
        "weighing": [
            {**item, "strength_label": STRENGTH[item["strength"]]} for item in result["weighing_indicators"]
        ],
    }
