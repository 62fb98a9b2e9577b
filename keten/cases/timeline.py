"""One timeline of everything that happened on a case, newest first."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext

from keten.cases.formatting import format_day
from keten.cases.models import Case
from keten.cases.page_data import TIMELINE_LIMIT, CaseRecords
from keten.core import procedure

LIMIT = TIMELINE_LIMIT


@dataclass(frozen=True)
class Entry:
    when: datetime
    day: date
    kind: str
    title: str
    detail: str = ""
    by: str = ""


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _newest(rows: list[Any], key: Callable[[Any], Any]) -> list[Any]:
    """The newest ``LIMIT`` rows of a list kept oldest first (equal keys keep their order)."""
    return sorted(rows, key=key, reverse=True)[:LIMIT]


def timeline(case: Case, records: CaseRecords | None = None) -> list[Entry]:
    """Procedure steps, evidence, opinions, notes, activities and documents, newest first.

    A fixed number of queries, whatever the size of the file; each kind is capped at
    :data:`LIMIT` entries (the whole file is in the export). ``records`` are the rows the
    case page already fetched (none are fetched twice).
    """
    if records is None:
        records = CaseRecords(case)
    entries: list[Entry] = []
    for step in _newest(records.procedure_events, lambda s: (s.on, s.pk)):
        event = procedure.Event(step.event)
        detail = ""
        if step.ends_on:
            detail = gettext("Valid until %(day)s.") % {"day": format_day(step.ends_on)}
        if step.reason:
            detail = f"{detail} {step.reason}".strip()
        entries.append(
            Entry(
                _at(step.on),
                step.on,
                "procedure",
                gettext(procedure.EVENT_LABELS[event]),
                detail,
                str(records.person(step.actor_id) or ""),
            )
        )
    for item in _newest(records.evidence, lambda e: e.recorded_on):
        entries.append(
            Entry(
                _at(item.recorded_on),
                item.recorded_on,
                "evidence",
                str(item.get_kind_display()),
                by=str(records.person(item.created_by_id) or ""),
            )
        )
    for opinion in _newest(records.opinions, lambda o: o.given_on):
        entries.append(
            Entry(
                _at(opinion.given_on),
                opinion.given_on,
                "opinion",
                gettext("Magistrate's opinion: %(opinion)s") % {"opinion": opinion.get_opinion_display()},
                by=str(records.person(opinion.created_by_id) or ""),
            )
        )
    for note in records.notes:
        day = timezone.localdate(note.created_at)
        entries.append(
            Entry(
                note.created_at,
                day,
                "note",
                gettext("Note"),
                note.text,
                str(records.person(note.author_id) or ""),
            )
        )
    for activity in records.latest_activities:
        entries.append(
            Entry(
                activity.happens_at,
                timezone.localdate(activity.happens_at),
                "activity",
                f"{activity.get_kind_display()} · {activity.get_domain_display()}",
                activity.summary,
                str(records.person(activity.created_by_id) or ""),
            )
        )
    for document in _newest(records.documents, lambda d: (d.uploaded_at, d.pk)):
        entries.append(
            Entry(
                document.uploaded_at,
                timezone.localdate(document.uploaded_at),
                "document",
                gettext("Document: %(title)s") % {"title": document.title},
                by=str(records.person(document.uploaded_by_id) or ""),
            )
        )
    from keten.referrals.timeline import chain_entries  # the chain phases partners recorded

    entries.extend(chain_entries(case))
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries
