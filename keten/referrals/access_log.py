"""*Who saw what* of a case, in words: each audit entry on the case or its referrals as a sentence
in the reader's language, instead of its action code.

Every action that can be written on a case or on a referral has a sentence here; a test keeps
this table in step with the ``log_action`` calls of the code. Raw codes stay in the audit trail
(the administrators' view of it), not on this page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from keten.audit.models import AuditEvent
from keten.referrals.models import PHASE_CHOICES, LegalBasis, Referral, Status
from keten.referrals.permissions import SCOPE_LABELS, SCOPE_VALUES, Scope

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

REFERRAL = "referrals.referral"

#: Actions on the case file itself: one fixed sentence each.
CASE_ACTIONS: dict[str, StrOrPromise] = {
    "case.viewed": _("Opened the case file"),
    "case.created": _("Created the case file"),
    "case.updated": _("Changed the case file"),
    "case.referral_dated": _("Changed the day the person was referred to the centre"),
    "case.workers_assigned": _("Assigned the social workers"),
    "case.linked": _("Linked the case file to another one"),
    "case.contact_added": _("Added a contact"),
    "case.procedure_moved": _("Recorded a step of the protection procedure"),
    "case.evidence_recorded": _("Recorded evidence for the procedure"),
    "case.opinion_recorded": _("Recorded the opinion of the magistrate"),
    "case.closed": _("Closed the case file"),
    "case.plan_saved": _("Saved the guidance plan"),
    "case.activity_added": _("Added an activity to the guidance plan"),
    "case.activity_updated": _("Changed an activity or appointment"),
    "case.activity_cancelled": _("Cancelled an appointment or removed an activity"),
    "case.note_added": _("Added a note"),
    "case.document_added": _("Added a document"),
    "case.document_downloaded": _("Downloaded a document"),
    "case.export_prepared": _("Prepared an export of the file for the person"),
    "case.exported": _("Exported the case file"),
    "case.purged": _("Deleted the case file at the end of its retention period"),
    "case.access_log_viewed": _("Looked at who saw what"),
    "consent.withdrawn": _("Recorded that the person withdrew a consent"),
}

_VIEWED_HOW: dict[str, StrOrPromise] = {
    "page": _("Opened referral #%(number)s: %(parts)s"),
    "part": _("Opened a part of referral #%(number)s: %(parts)s"),
    "api": _("Read referral #%(number)s through the API: %(parts)s"),
    "export": _("Exported referral #%(number)s: %(parts)s"),
}


def part_name(scope: Any) -> str:
    return str(SCOPE_LABELS[Scope(scope)]) if scope in SCOPE_VALUES else ""


def part_names(scopes: Any) -> str:
    names = [part_name(scope) for scope in scopes or []] if isinstance(scopes, list) else []
    return ", ".join(name for name in names if name) or "—"


def phase_name(phase: Any) -> str:
    """The phase's name without its explanation: the labels read "Prosecution: the case goes to
    court" in every language (French with a space before the colon)."""
    label = str(dict(PHASE_CHOICES).get(phase, "")) or str(phase)
    return label.split(":", 1)[0].strip()


def _consent_recorded(event: AuditEvent, referral: Referral | None) -> str:
    return gettext("Recorded the person's consent to share: %(parts)s") % {
        "parts": part_names(event.data.get("scopes"))
    }


def _phase_recorded(event: AuditEvent, referral: Referral | None) -> str:
    return gettext("Recorded a chain phase: %(phase)s") % {"phase": phase_name(event.data.get("phase"))}


def _created(event: AuditEvent, referral: Referral | None) -> str:
    partner = referral.to_organisation.name if referral is not None else "—"
    return gettext("Referred it to %(partner)s (referral #%(number)s): %(parts)s") % {
        "partner": partner,
        "number": event.object_id,
        "parts": part_names(event.data.get("scopes")),
    }


def _legal_basis(event: AuditEvent, referral: Referral | None) -> str:
    basis = event.data.get("basis")
    label = str(dict(LegalBasis.choices).get(basis, "—")) if basis else "—"
    return gettext("Referred without consent, on a legal basis (referral #%(number)s): %(basis)s") % {
        "number": event.object_id,
        "basis": label,
    }


def _answered(event: AuditEvent, referral: Referral | None) -> str:
    if event.data.get("status") == Status.ACCEPTED:
        return gettext("Accepted referral #%(number)s") % {"number": event.object_id}
    return gettext("Declined referral #%(number)s") % {"number": event.object_id}


def _viewed(event: AuditEvent, referral: Referral | None) -> str:
    sentence = _VIEWED_HOW.get(str(event.data.get("how")), _VIEWED_HOW["page"])
    return str(sentence) % {"number": event.object_id, "parts": part_names(event.data.get("scopes"))}


def _denied(event: AuditEvent, referral: Referral | None) -> str:
    scope = event.data.get("scope")
    number = {"number": event.object_id}
    if not scope:
        return gettext("Was refused referral #%(number)s") % number
    name = part_name(scope)
    if not name:
        return gettext("Was refused a part that does not exist (referral #%(number)s)") % number
    return gettext("Was refused the part: %(part)s (referral #%(number)s)") % {**number, "part": name}


def _numbered(sentence: StrOrPromise) -> Callable[[AuditEvent, Referral | None], str]:
    def describe(event: AuditEvent, referral: Referral | None) -> str:
        return str(sentence) % {"number": event.object_id}

    return describe


#: Actions whose sentence depends on the entry's data or on the referral.
DETAILED_ACTIONS: dict[str, Callable[[AuditEvent, Referral | None], str]] = {
    "consent.recorded": _consent_recorded,
    "chain.phase_recorded": _phase_recorded,
    "referral.created": _created,
    "referral.legal_basis_recorded": _legal_basis,
    "referral.notified": _numbered(_("E-mailed the partner that referral #%(number)s is waiting")),
    "referral.answered": _answered,
    "referral.withdrawn": _numbered(_("Withdrew referral #%(number)s")),
    "referral.viewed": _viewed,
    "referral.opened_sent": _numbered(_("Opened the sent referral #%(number)s")),
    "referral.denied": _denied,
    "referral.document_downloaded": _numbered(_("Downloaded a document of referral #%(number)s")),
}

DESCRIBED: frozenset[str] = frozenset(CASE_ACTIONS) | frozenset(DETAILED_ACTIONS)


def describe(event: AuditEvent, referral: Referral | None = None) -> str:
    """What happened, as a sentence in the active language."""
    if event.action in CASE_ACTIONS:
        return str(CASE_ACTIONS[event.action])
    if event.action in DETAILED_ACTIONS:
        return DETAILED_ACTIONS[event.action](event, referral)
    return gettext("Another action (%(code)s)") % {"code": event.action}


@dataclass
class Line:
    """One row of the page: an entry, or several identical ones in a row (``times``)."""

    when: datetime
    organisation: str
    person: str
    what: str
    times: int = 1


def access_log_lines(events: Iterable[AuditEvent], referrals: dict[str, Referral]) -> list[Line]:
    """The entries as rows, newest first. The same person doing the same thing several times in
    the same minute (the page shows minutes) is one row, with how many times."""
    lines: list[Line] = []
    for event in events:
        line = Line(
            when=event.created_at,
            organisation=event.organisation.name if event.organisation else "—",
            person=str(event.actor) if event.actor else (event.actor_label or "—"),
            what=describe(event, referrals.get(event.object_id) if event.object_type == REFERRAL else None),
        )
        previous = lines[-1] if lines else None
        if (
            previous is not None
            and (previous.organisation, previous.person, previous.what)
            == (line.organisation, line.person, line.what)
            and previous.when.replace(second=0, microsecond=0) == line.when.replace(second=0, microsecond=0)
        ):
            previous.times += 1
            continue
        lines.append(line)
    return lines
