"""One timeline of everything that happened on a case, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone
from django.utils.translation import gettext

from keten.cases.formatting import format_day
from keten.cases.models import Case
from keten.core import procedure

LIMIT = 200


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


def timeline(case: Case) -> list[Entry]:
    """Procedure steps, evidence, opinions, notes, activities and documents, newest first.

    A fixed number of queries, whatever the size of the file; each kind is capped at
    :data:`LIMIT` entries (the whole file is in the export).
    """
    entries: list[Entry] = []
    for step in case.procedure_events.select_related("actor").order_by("-on", "-pk")[:LIMIT]:
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
                str(step.actor or ""),
            )
        )
    for item in case.evidence.select_related("created_by").order_by("-recorded_on")[:LIMIT]:
        entries.append(
            Entry(
                _at(item.recorded_on),
                item.recorded_on,
                "evidence",
                str(item.get_kind_display()),
                by=str(item.created_by or ""),
            )
        )
    for opinion in case.opinions.select_related("created_by").order_by("-given_on")[:LIMIT]:
        entries.append(
            Entry(
                _at(opinion.given_on),
                opinion.given_on,
                "opinion",
                gettext("Magistrate's opinion: %(opinion)s") % {"opinion": opinion.get_opinion_display()},
                by=str(opinion.created_by or ""),
            )
        )
    for note in case.notes.select_related("author").order_by("-created_at")[:LIMIT]:
        day = timezone.localdate(note.created_at)
        entries.append(
            Entry(note.created_at, day, "note", gettext("Note"), note.text, str(note.author or ""))
        )
    for activity in case.activities.select_related("created_by").order_by("-happens_at")[:LIMIT]:
        entries.append(
            Entry(
                activity.happens_at,
                timezone.localdate(activity.happens_at),
                "activity",
                f"{activity.get_kind_display()} · {activity.get_domain_display()}",
                activity.summary,
                str(activity.created_by or ""),
            )
        )
    for document in case.documents.select_related("uploaded_by").order_by("-uploaded_at")[:LIMIT]:
        entries.append(
            Entry(
                document.uploaded_at,
                timezone.localdate(document.uploaded_at),
                "document",
                gettext("Document: %(title)s") % {"title": document.title},
                by=str(document.uploaded_by or ""),
            )
        )
    from keten.referrals.timeline import chain_entries  # the chain phases partners recorded

    entries.extend(chain_entries(case))
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries
