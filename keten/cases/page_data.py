"""The recorded rows of one case, fetched once per request and shared by the parts of a page.

The overview and the procedure, the guidance section and the timeline read the same steps,
evidence, opinions, activities and documents: each set is one query here, whatever the size of
the file, and only when a page asks for it (the lists a page shows in full stay whole; the
timeline caps each kind).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from keten.accounts.models import User
from keten.cases.models import (
    Case,
    ConditionEvidence,
    Document,
    GuidanceActivity,
    MagistrateOpinion,
    Note,
    ProcedureEvent,
)

# Each kind of record in the timeline is capped at this many entries (the whole file is in the export).
TIMELINE_LIMIT = 200


@dataclass
class CaseRecords:
    """Per-request, read-only view of one case's records; never kept across requests."""

    case: Case

    @cached_property
    def procedure_events(self) -> list[ProcedureEvent]:
        """Every recorded step, oldest first."""
        return list(self.case.procedure_events.all())

    @cached_property
    def evidence(self) -> list[ConditionEvidence]:
        """Every piece of evidence, oldest first."""
        return list(self.case.evidence.all())

    @cached_property
    def opinions(self) -> list[MagistrateOpinion]:
        """Every magistrate's opinion, oldest first."""
        return list(self.case.opinions.all())

    @cached_property
    def documents(self) -> list[Document]:
        """Every uploaded document, oldest first."""
        return list(self.case.documents.all())

    @cached_property
    def notes(self) -> list[Note]:
        """The newest notes, newest first (at most :data:`TIMELINE_LIMIT`)."""
        return list(self.case.notes.order_by("-created_at", "-pk")[:TIMELINE_LIMIT])

    @cached_property
    def latest_activities(self) -> list[GuidanceActivity]:
        """Activities and appointments, latest first (at most :data:`TIMELINE_LIMIT`)."""
        return list(self.case.activities.order_by("-happens_at", "-pk")[:TIMELINE_LIMIT])

    @cached_property
    def _people(self) -> dict[int, User]:
        """Who recorded the rows above, in one query instead of a join per kind of record."""
        ids = {step.actor_id for step in self.procedure_events}
        ids |= {item.created_by_id for item in self.evidence}
        ids |= {item.created_by_id for item in self.opinions}
        ids |= {item.uploaded_by_id for item in self.documents}
        ids |= {item.author_id for item in self.notes}
        ids |= {item.created_by_id for item in self.latest_activities}
        ids.discard(None)
        return {person.pk: person for person in User.objects.filter(pk__in=ids)} if ids else {}

    def person(self, user_id: int | None) -> User | None:
        """Who recorded a row (``None`` when nobody is known)."""
        return self._people.get(user_id) if user_id is not None else None

    def next_appointment(self, now: datetime) -> GuidanceActivity | None:
        """The first appointment from ``now`` on (one row, without reading the others)."""
        return (
            self.case.activities.filter(kind=GuidanceActivity.Kind.APPOINTMENT, happens_at__gte=now)
            .order_by("happens_at", "pk")
            .first()
        )

    @property
    def _all_activities_loaded(self) -> bool:
        return len(self.latest_activities) < TIMELINE_LIMIT

    def upcoming_appointments(self, now: datetime, limit: int) -> list[GuidanceActivity]:
        """The next ``limit`` appointments from ``now`` on, soonest first."""
        latest = self.latest_activities
        # The latest rows hold every future one when the file is small or the list reaches the past.
        if self._all_activities_loaded or (latest and latest[-1].happens_at < now):
            upcoming = [
                a for a in latest if a.kind == GuidanceActivity.Kind.APPOINTMENT and a.happens_at >= now
            ]
            return sorted(upcoming, key=lambda a: (a.happens_at, a.pk))[:limit]
        return list(
            self.case.activities.filter(kind=GuidanceActivity.Kind.APPOINTMENT, happens_at__gte=now).order_by(
                "happens_at", "pk"
            )[:limit]
        )

    def recent_activities(self, limit: int) -> list[GuidanceActivity]:
        """The ``limit`` latest activities (not appointments), latest first."""
        found = [a for a in self.latest_activities if a.kind == GuidanceActivity.Kind.ACTIVITY][:limit]
        if len(found) == limit or self._all_activities_loaded:
            return found
        return list(
            self.case.activities.filter(kind=GuidanceActivity.Kind.ACTIVITY).order_by("-happens_at", "-pk")[
                :limit
            ]
        )
