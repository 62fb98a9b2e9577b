"""The professional header: the places a person may open, and how much waits in each.

``open_places`` asks ``keten.accounts.policy.may_open_place`` for every place (deny by default) and
counts what waits only where the person may look, with the same scopes the pages use, so a count
never tells about records the person may not open. Each count is one ``COUNT`` query, whatever
the amount of data. Pages ask ``header_answers``: the answer is kept in the shared cache per
account, membership and day until a write to one of the tables it depends on
(``keten.accounts.header_cache``), so most pages pay one cache lookup instead of the queries,
shared with the demo banner's flag.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from keten.accounts import header_cache
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


#: What waits, by kind: the words for screen readers, and whether it is urgent (the red alert).
WAITING_TEXTS: dict[str, tuple[Callable[[int], str], bool]] = {
    "danger": (
        lambda n: ngettext(
            "%(count)d report says someone is in danger now",
            "%(count)d reports say someone is in danger now",
            n,
        ),
        True,
    ),
    "new_reports": (lambda n: ngettext("%(count)d new report", "%(count)d new reports", n), False),
    "new_signals": (lambda n: ngettext("%(count)d new signal", "%(count)d new signals", n), False),
    "referrals": (
        lambda n: ngettext("%(count)d referral to answer", "%(count)d referrals to answer", n),
        False,
    ),
    "deadlines": (
        lambda n: ngettext("%(count)d deadline this week", "%(count)d deadlines this week", n),
        False,
    ),
    "notices": (
        lambda n: ngettext("%(count)d match notice to decide on", "%(count)d match notices to decide on", n),
        False,
    ),
}


def _inbox_waiting(membership: Membership) -> tuple[tuple[str, int], ...]:
    from keten.intake.models import Report

    counts = Report.objects.waiting_counts()
    return (("danger", counts["danger"]), ("new_reports", counts["new"]))


def _signals_waiting(membership: Membership) -> tuple[tuple[str, int], ...]:
    from keten.screening.models import Handover, HandoverStatus

    new = Handover.objects.received_by(membership).filter(status=HandoverStatus.NEW).count()
    return (("new_signals", new),)


def _referrals_waiting(membership: Membership) -> tuple[tuple[str, int], ...]:
    from keten.referrals import services

    return (("referrals", services.unread_count(membership)),)


def _deadlines_waiting(membership: Membership) -> tuple[tuple[str, int], ...]:
    from keten.cases.models import Case

    until = timezone.localdate() + timedelta(days=DEADLINE_DAYS)
    due = (
        Case.objects.visible_to(membership.user)
        .filter(centre_id=membership.organisation_id)
        .needing_action(until)
        .count()
    )
    return (("deadlines", due),)


def _notices_waiting(membership: Membership) -> tuple[tuple[str, int], ...]:
    from keten.links.services import undecided_count

    return (("notices", undecided_count(membership)),)


COUNTERS = {
    Place.INBOX: _inbox_waiting,
    Place.SIGNALS: _signals_waiting,
    Place.REFERRALS: _referrals_waiting,
    Place.NOTICES: _notices_waiting,
    Place.DEADLINES: _deadlines_waiting,
}

#: A place the person may open, with what waits there by kind: what the shared cache keeps.
OpenPlace = tuple[Place, tuple[tuple[str, int], ...]]


def open_places(user: Any, membership: Membership | None) -> list[OpenPlace]:
    """The places ``user`` may open while acting under ``membership``, with their counts."""
    found: list[OpenPlace] = []
    for place in Place:
        if not may_open_place(user, membership, place):
            continue
        counter = COUNTERS.get(place)
        waiting = counter(membership) if counter is not None and membership is not None else ()
        found.append((place, tuple((kind, count) for kind, count in waiting if count)))
    return found


def _places_key(user: Any, membership: Membership | None) -> str:
    return f"places:{user.pk}:{membership.pk if membership else 0}:{timezone.localdate().isoformat()}"


@dataclass(frozen=True)
class HeaderAnswers:
    """What every professional page asks: the person's places and whether demo cases exist."""

    places: list[OpenPlace]
    demo_present: bool


_REQUEST_ANSWERS = "_keten_header_answers"


def header_answers(request: Any, membership: Membership | None) -> HeaderAnswers:
    """The header's places (under ``membership``) and the demo banner's flag for the verified person
    of ``request``: one read of the shared cache for both, once per request."""
    found = getattr(request, _REQUEST_ANSWERS, None)
    if found is None:
        from keten.cases.models import Case  # the banner's question; cases depends on accounts

        user = request.user
        places_key = _places_key(user, membership)
        answers = header_cache.remembered_many(
            {"demo": Case.objects.filter(demo=True).exists, places_key: lambda: open_places(user, membership)}
        )
        found = HeaderAnswers(answers[places_key], answers["demo"])
        setattr(request, _REQUEST_ANSWERS, found)
    return found


def nav_places(found: list[OpenPlace]) -> list[NavPlace]:
    """The header's entries, in the active language."""
    return [
        NavPlace(place.value, LABELS[place], _place_url(place, get_language()), tuple(map(_waiting, waiting)))
        for place, waiting in found
    ]


def _waiting(item: tuple[str, int]) -> Waiting:
    kind, count = item
    text, urgent = WAITING_TEXTS[kind]
    return Waiting(count, text(count) % {"count": count}, urgent)


@cache
def _place_url(place: Place, language: str | None) -> str:
    # The URL configuration does not change while the process runs: reverse once per language.
    return reverse(URL_NAMES[place])
