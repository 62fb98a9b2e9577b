"""The rows of the professional lists (signals received, saved screenings), ready to show.

Up to 200 rows each: the rows carry plain strings, so the template does not reverse a URL, look
up a choice label or convert a date to local time once per row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from keten.screening.models import Handover, HandoverStatus, RecordingConsent, Screening


def _short_datetime(moment: datetime) -> str:
    """As ``{{ moment|date:"SHORT_DATETIME_FORMAT" }}`` shows it: in local time."""
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


@dataclass(slots=True)
class SignalRow:
    pk: int
    url: str
    sender: str
    handed_at: str
    is_new: bool
    status: str


def signal_rows(signals: QuerySet[Handover]) -> list[SignalRow]:
    """One row per signal: its number, who passed it on, when, and its status."""
    statuses = {value: str(label) for value, label in HandoverStatus.choices}
    prefix = reverse("screening:inbox")
    return [
        SignalRow(
            pk=pk,
            url=f"{prefix}{pk}/",
            sender=sender,
            handed_at=_short_datetime(handed_at),
            is_new=status == HandoverStatus.NEW,
            status=statuses.get(status, status),
        )
        for pk, sender, handed_at, status in signals.values_list(
            "pk", "screening__organisation__name", "handed_at", "status"
        )
    ]


@dataclass(slots=True)
class ScreeningRow:
    pk: int
    url: str
    created_at: str
    author: str
    consent: str


def screening_rows(screenings: QuerySet[Screening]) -> list[ScreeningRow]:
    """One row per saved screening: its number, when, by whom, and the consent to record it."""
    consents = {value: str(label) for value, label in RecordingConsent.choices}
    prefix = reverse("screening:list")
    return [
        ScreeningRow(
            pk=pk,
            url=f"{prefix}{pk}/",
            created_at=_short_datetime(created_at),
            # As ``str(user)`` says it: the full name, else the e-mail address.
            author=full_name or email,
            consent=consents.get(consent, consent),
        )
        for pk, created_at, full_name, email, consent in screenings.values_list(
            "pk", "created_at", "author__full_name", "author__email", "consent"
        )
    ]
