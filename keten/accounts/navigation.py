"""The professional header: the places a person may open, and how much waits in each.

``places`` asks ``keten.accounts.policy.may_open_place`` for every place (deny by default) and
counts what waits only where the person may look, with the same scopes the pages use, so a count
never tells about records the person may not open. Each count is one ``COUNT`` query, whatever
the amount of data; the whole header costs a handful of queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from keten.accounts.models import Membership
from keten.accounts.policy import Place, may_open_place

#: "Deadlines this week": case files whose next act falls within this many days (or is overdue).
DEADLINE_DAYS = 7


@dataclass(frozen=True)
class Waiting:
    """A number of things waiting in a place, said in words for screen readers."""

    count: int
    text: str
    urgent: bool = False


@dataclass(frozen=True)
class NavPlace:
    key: str
    label: str | Promise
    url: str
    waiting: tuple[Waiting, ...] = ()


LABELS: dict[Place, Promise] = {
    Place.INBOX: _("Inbox"),
    Place.SIGNALS: _("Signals"),
    Place.SCREENINGS: _("Screenings"),
    Place.CASES: _("Cases"),
    Place.DEADLINES: _("Deadlines"),
    Place.REFERRALS: _("Referrals"),
    Place.NOTICES: _("Match notices"),
    Place.FIGURES: _("Figures"),
    Place.TRAINING: _("Training"),
    Place.PEOPLE: _("People"),
    Place.AUDIT: _("Audit trail"),
}

URL_NAMES: dict[Place, str] = {
    Place.INBOX: "intake:inbox",
    Place.SIGNALS: "screening:inbox",
    Place.SCREENINGS: "screening:list",
    Place.CASES: "cases:list",
    Place.DEADLINES: "cases:deadlines",
    Place.REFERRALS: "referrals:inbox",
    Place.NOTICES: "links:notices",
    Place.FIGURES: "statistics:index",
    Place.TRAINING: "training:index",
    Place.PEOPLE: "accounts:people",
    Place.AUDIT: "audit:list",
}


def _inbox_waiting(membership: Membership) -> tuple[Waiting, ...]:
    from keten.intake.models import Report

    counts = Report.objects.waiting_counts()
    new, danger = counts["new"], counts["danger"]
    found = []
    if danger:
        found.append(
            Waiting(
                danger,
                ngettext(
                    "%(count)d report says someone is in danger now",
                    "%(count)d reports say someone is in danger now",
                    danger,
                )
                % {"count": danger},
                urgent=True,
            )
        )
    if new:
        found.append(
            Waiting(new, ngettext("%(count)d new report", "%(count)d new reports", new) % {"count": new})
        )
    return tuple(found)


def _signals_waiting(membership: Membership) -> tuple[Waiting, ...]:
    from keten.screening.models import Handover, HandoverStatus

    new = Handover.objects.received_by(membership).filter(status=HandoverStatus.NEW).count()
    if not new:
        return ()
    return (Waiting(new, ngettext("%(count)d new signal", "%(count)d new signals", new) % {"count": new}),)


def _referrals_waiting(membership: Membership) -> tuple[Waiting, ...]:
    from keten.referrals import services

    unread = services.unread_count(membership)
    if not unread:
        return ()
    text = ngettext("%(count)d referral to answer", "%(count)d referrals to answer", unread)
    return (Waiting(unread, text % {"count": unread}),)


def _deadlines_waiting(membership: Membership) -> tuple[Waiting, ...]:
    from keten.cases.models import Case

    until = timezone.localdate() + timedelta(days=DEADLINE_DAYS)
    due = (
        Case.objects.visible_to(membership.user)
        .filter(centre_id=membership.organisation_id)
        .needing_action(until)
        .count()
    )
    if not due:
        return ()
    text = ngettext("%(count)d deadline this week", "%(count)d deadlines this week", due)
    return (Waiting(due, text % {"count": due}),)


def _notices_waiting(membership: Membership) -> tuple[Waiting, ...]:
    from keten.links.services import undecided_count

    undecided = undecided_count(membership)
    if not undecided:
        return ()
    text = ngettext("%(count)d match notice to decide on", "%(count)d match notices to decide on", undecided)
    return (Waiting(undecided, text % {"count": undecided}),)


COUNTERS = {
    Place.INBOX: _inbox_waiting,
    Place.SIGNALS: _signals_waiting,
    Place.REFERRALS: _referrals_waiting,
    Place.NOTICES: _notices_waiting,
    Place.DEADLINES: _deadlines_waiting,
}


def places(user: Any, membership: Membership | None, *, counts: bool = True) -> list[NavPlace]:
    """The places ``user`` may open while acting under ``membership``, in the header's order."""
    found = []
    for place in Place:
        if not may_open_place(user, membership, place):
            continue
        counter = COUNTERS.get(place)
        waiting = counter(membership) if counts and counter is not None and membership is not None else ()
        found.append(NavPlace(place.value, LABELS[place], reverse(URL_NAMES[place]), waiting))
    return found
