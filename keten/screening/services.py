"""Everything the screening app changes, in one place: save, hand over, take up.

Views call these functions; each one checks what the law and our rules need, saves in one
transaction and writes the audit trail. Evaluation itself stores nothing (:mod:`keten.core.screening`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from keten.accounts.models import Membership, Organisation, User
from keten.audit.log import log_action
from keten.core import law
from keten.core.screening import RULES_VERSION, evaluate, parse_facts
from keten.screening.models import (
    RECEIVING_KINDS,
    Handover,
    HandoverConsent,
    HandoverStatus,
    LegalBasis,
    RecordingConsent,
    Screening,
)


class HandoverRefused(ValueError):
    """The hand-over cannot be made; ``field`` names the form field to correct."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def canonical_facts(data: Mapping[str, Any]) -> dict[str, Any]:
    """The facts as the contract writes them, normalised; raises ``FactsError`` when invalid."""
    facts = parse_facts(data)
    return {
        "person": {
            "age": facts.age,
            "nationality": facts.nationality,
            "possibly_minor": facts.possibly_minor,
            "unaccompanied": facts.unaccompanied,
        },
        "facts_date": {
            "from": facts.facts_from.isoformat() if facts.facts_from else None,
            "to": facts.facts_to.isoformat() if facts.facts_to else None,
        },
        "exploiter_relations": list(facts.exploiter_relations),
        "acts": list(facts.acts),
        "purposes": list(facts.purposes),
        "means": list(facts.means),
        "consent": facts.consent,
        "border": {
            "crossed_irregularly": facts.crossed_irregularly,
            "helped_for_gain": facts.helped_for_gain,
        },
        "indicators": list(facts.indicators),
        "immediate_danger": facts.immediate_danger,
        "location": {"postal_code": facts.postal_code},
        "circumstances": list(facts.circumstances),
    }


def save_screening(
    *,
    membership: Membership,
    facts: Mapping[str, Any],
    consent: str = RecordingConsent.NOT_ASKED,
    report_id: int | None = None,
) -> Screening:
    """Store a screening for the person's organisation, with the result exactly as the rules give it.

    ``report_id`` names the hotline report it was started from; the caller checked that the
    person may read that report.
    """
    data = canonical_facts(facts)
    result = evaluate(parse_facts(data), timezone.localdate()).to_dict()
    with transaction.atomic():
        screening = Screening.objects.create(
            author=membership.user,
            organisation=membership.organisation,
            facts=data,
            result=result,
            rules_version=RULES_VERSION,
            consent=consent,
            report_id=report_id,
        )
        log_action(
            "screening.saved",
            actor=membership.user,
            organisation=membership.organisation,
            obj=screening,
            data={
                "qualification": result["qualification"],
                "urgency": result["urgency"],
                "consent": consent,
                "report": report_id,
            },
        )
    return screening


def receiving_organisations(membership: Membership) -> list[Organisation]:
    """Centres and the hotline that may receive a signal, other than the sender's organisation."""
    return list(
        Organisation.objects.filter(kind__in=RECEIVING_KINDS, is_active=True)
        .exclude(pk=membership.organisation_id)
        .order_by("kind", "name")
    )


def is_minor(screening: Screening) -> bool:
    age = (screening.facts.get("person") or {}).get("age")
    return isinstance(age, int) and age < law.ADULT_AGE


def hand_over_screening(
    *,
    membership: Membership,
    screening: Screening,
    to_organisation: Organisation,
    consent: str,
    legal_basis: str = LegalBasis.NONE,
) -> Handover:
    """Pass a saved screening on to a centre or the hotline as a signal.

    Without the person's consent a hand-over needs a legal basis; the only one Keten accepts is a
    minor in serious danger (state of necessity; Criminal Code art. 458bis [verify]), so the
    screening must give an age under 18.
    """
    if screening.organisation_id != membership.organisation_id:
        raise HandoverRefused("screening", gettext("This screening belongs to another organisation."))
    if to_organisation.kind not in RECEIVING_KINDS or to_organisation.pk == membership.organisation_id:
        raise HandoverRefused("to_organisation", gettext("Choose a specialised centre or the hotline."))
    if consent == HandoverConsent.YES:
        legal_basis = LegalBasis.NONE
    elif consent == HandoverConsent.NO:
        if legal_basis != LegalBasis.MINOR_IN_DANGER:
            raise HandoverRefused(
                "legal_basis",
                gettext(
                    "Without the person's consent you may only pass this on when there is a legal "
                    "basis. Choose it, or ask the person first."
                ),
            )
        if not is_minor(screening):
            raise HandoverRefused(
                "legal_basis",
                gettext(
                    "This legal basis is for a minor in danger, but the screening does not give an "
                    "age under 18. Ask the person for their consent first."
                ),
            )
    else:
        raise HandoverRefused("consent", gettext("Say whether the person agreed that this is passed on."))
    with transaction.atomic():
        handover = Handover.objects.create(
            screening=screening,
            to_organisation=to_organisation,
            consent=consent,
            legal_basis=legal_basis,
            handed_by=membership.user,
        )
        log_action(
            "screening.handed_over",
            actor=membership.user,
            organisation=membership.organisation,
            obj=handover,
            data={
                "screening": screening.pk,
                "to_organisation": to_organisation.pk,
                "consent": consent,
                "legal_basis": legal_basis,
            },
        )
    return handover


TAKEN_UP_ALREADY = gettext_lazy("This signal has already been taken up.")


def take_up_handover(*, membership: Membership, handover_id: int) -> Handover:
    """The receiving organisation takes the signal up; a signal is taken up only once."""
    user: User = membership.user
    with transaction.atomic():
        handover = Handover.objects.received_by(membership).select_for_update().get(pk=handover_id)
        if handover.status != HandoverStatus.NEW:
            raise HandoverRefused("status", str(TAKEN_UP_ALREADY))
        handover.status = HandoverStatus.TAKEN_UP
        handover.taken_up_by = user
        handover.taken_up_at = timezone.now()
        handover.save(update_fields=["status", "taken_up_by", "taken_up_at"])
        log_action(
            "screening.signal_taken_up",
            actor=user,
            organisation=membership.organisation,
            obj=handover,
            data={"screening": handover.screening_id},
        )
    return handover
