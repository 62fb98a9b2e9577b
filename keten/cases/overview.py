"""What the pages of a case file show (a fixed number of queries per page).

The first page is built around the next action: its overview answers "what do I do next?" (who
the person is, where the procedure stands, the current residence document, the three conditions,
the next deadline and appointment, the open referrals), and the procedure follows. The other
sections (``keten.cases.sections``: guidance, notes and timeline, documents, chain, people) each
have their own page listing what is recorded, with buttons to the action pages of
``keten.cases.actions``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from keten.cases import plausibility, sections
from keten.cases.choices import GuidanceDomain
from keten.cases.formatting import ShortDays, render_message
from keten.cases.models import EVIDENCE_KINDS, Case
from keten.cases.page_data import CaseRecords
from keten.cases.paths import case_path, path_to
from keten.cases.timeline import timeline
from keten.core import procedure

APPOINTMENTS_SHOWN = 5
ACTIVITIES_SHOWN = 5

# The three conditions of the protection procedure (Aliens Act art. 61/2 to 61/4 [verify];
# Circular of 23 December 2016), in the order a worker meets them, with the evidence that shows each.
CONDITIONS: tuple[tuple[procedure.Condition, procedure.EvidenceKind], ...] = (
    (procedure.Condition.COOPERATION, procedure.EvidenceKind.STATEMENTS),
    (procedure.Condition.GUIDANCE, procedure.EvidenceKind.GUIDANCE_AGREEMENT),
    (procedure.Condition.NO_CONTACT, procedure.EvidenceKind.NO_CONTACT_UNDERTAKING),
)
_EVIDENCE_LABELS = dict(EVIDENCE_KINDS)


@dataclass(frozen=True)
class NextAction:
    """The one thing to do next, with the page that does it."""

    label: str
    url: str
    text: str = ""
    urgent: bool = False


# The case's own pages its buttons lead to (see keten.cases.urls).
ACTION_PAGES = (
    "move",
    "add_evidence",
    "add_opinion",
    "add_activity",
    "save_plan",
    "add_note",
    "add_document",
    "edit",
    "add_contact",
    "link",
    "assign",
    "export",
    "close",
    "reopen",
)


def _url(name: str, case: Case, query: str = "") -> str:
    return case_path(f"cases:{name}", case.pk) + (f"?{query}" if query else "")


def _activity_rows(case: Case, activities: list[Any]) -> list[tuple[Any, str, str]]:
    return [
        (
            a,
            path_to("cases:edit_activity", case_id=case.pk, activity_id=a.pk),
            path_to("cases:cancel_activity", case_id=case.pk, activity_id=a.pk),
        )
        for a in activities
    ]


def steps(case: Case, today: date, evidence: procedure.Evidence) -> list[dict[str, Any]]:
    """Every possible next step: a link to its form when allowed, else why not."""
    decisions = procedure.allowed_events(
        case.snapshot(),
        on=today,
        nationality_eu_or_be=case.eu_or_belgian,
        evidence=evidence,
        minor=bool(case.minor_today),
        unaccompanied_minor=case.unaccompanied_minor_on(today),
    )
    rows = []
    for decision in decisions:
        decision = plausibility.with_plausibility(decision, on=today)
        event = decision.event
        if event is procedure.Event.CLOSE:
            url = _url("close", case)
        elif event is procedure.Event.REOPEN:
            url = _url("reopen", case)
        else:
            url = _url("move", case, f"event={event.value}")
        rows.append(
            {
                "event": event.value,
                "label": gettext(procedure.EVENT_LABELS[event]),
                "allowed": decision.allowed,
                "url": url,
                "reasons": [render_message(reason.message) for reason in decision.reasons],
            }
        )
    return rows


def conditions(evidence: list[Any], *, minor: bool) -> list[dict[str, Any]]:
    """The three conditions, each with the latest evidence recorded for it (or none)."""
    latest: dict[str, date] = {}
    for item in evidence:
        if item.kind not in latest or item.recorded_on > latest[item.kind]:
            latest[item.kind] = item.recorded_on
    return [
        {
            "kind": kind.value,
            "label": _EVIDENCE_LABELS[kind.value],
            "recorded_on": latest.get(kind.value),
            "exempt": minor,
        }
        for _condition, kind in CONDITIONS
    ]


def next_action(
    case: Case,
    deadline: procedure.Deadline | None,
    step_rows: list[dict[str, Any]],
    condition_rows: list[dict[str, Any]],
) -> NextAction | None:
    """The deadline's step when there is one; else a missing condition; else the first step allowed."""
    if not case.is_open:
        return None
    if deadline is not None:
        row = next((r for r in step_rows if r["event"] == deadline.action.value), None)
        if row is not None and row["allowed"]:
            return NextAction(
                row["label"],
                row["url"],
                render_message(deadline.message),
                deadline.status != procedure.DeadlineStatus.UPCOMING,
            )
    needs_conditions = not case.eu_or_belgian and case.procedure_state in (
        procedure.State.REFERRED,
        procedure.State.REFLECTION,
        procedure.State.FIRST_RESIDENCE,
        procedure.State.SECOND_RESIDENCE,
    )
    if needs_conditions:
        for row in condition_rows:
            if row["recorded_on"] is None and not row["exempt"]:
                return NextAction(
                    gettext("Record: %(evidence)s") % {"evidence": row["label"]},
                    _url("add_evidence", case, f"kind={row['kind']}"),
                    gettext("A residence document needs evidence of the three conditions."),
                )
    if deadline is not None:
        return NextAction(
            gettext("See the possible next steps"),
            "#steps",
            render_message(deadline.message),
            deadline.status != procedure.DeadlineStatus.UPCOMING,
        )
    first = next((r for r in step_rows if r["allowed"] and r["event"] != procedure.Event.CLOSE), None)
    if first is not None and case.procedure_state == procedure.State.REFERRED:
        return NextAction(first["label"], first["url"])
    return None


def residence_rows(
    case: Case, records: CaseRecords
) -> tuple[list[dict[str, Any]], tuple[tuple[date, date], ...]]:
    """The documents and the gaps in cover between them, in order (gaps from the recorded steps)."""
    documents = list(case.residence_documents.all())
    periods = [
        (step.starts_on, step.ends_on) for step in records.procedure_events if step.starts_on is not None
    ]
    gaps = procedure.gaps_in_cover(periods)
    rows: list[dict[str, Any]] = [
        {"kind": "document", "start": d.starts_on, "document": d} for d in documents
    ]
    rows += [{"kind": "gap", "start": first, "until": last} for first, last in gaps]
    rows.sort(key=lambda row: (row["start"], row["kind"] == "document"))
    return rows, gaps


def open_referrals(case: Case, today: date) -> int:
    """Referrals waiting for an answer or accepted, whose access has not ended."""
    from keten.referrals.models import Referral, Status  # the chain app; optional for the page

    return Referral.objects.filter(
        case=case, status__in=(Status.PENDING, Status.ACCEPTED), expires_on__gte=today
    ).count()


def _file_context(case: Case, section: str, *, may_manage: bool) -> dict[str, Any]:
    """What every page of the file shows around its section: the title, the tabs, the buttons."""
    return {
        "case": case,
        # The first page is the file itself; the others name their section in the window's title.
        "section_title": "" if section == sections.OVERVIEW else sections.BY_KEY[section].label,
        "tabs": sections.tabs(case.pk, section),
        "may_manage": may_manage,
        "urls": {"list": reverse("cases:list")}
        | {name: case_path(f"cases:{name}", case.pk) for name in ACTION_PAGES},
    }


def case_page(case: Case, *, may_manage: bool) -> dict[str, Any]:
    """The first page of the file: the overview around the next action, and the procedure."""
    today = timezone.localdate()
    records = CaseRecords(case)
    evidence = records.evidence
    opinions = records.opinions
    evidence_facts = procedure.Evidence(
        records=tuple(
            procedure.EvidenceRecord(procedure.EvidenceKind(e.kind), e.recorded_on) for e in evidence
        ),
        opinions=tuple(
            procedure.MagistrateOpinion(procedure.Opinion(o.opinion), o.given_on)
            for o in sorted(opinions, key=lambda o: (o.given_on, o.pk))
        ),
    )
    deadline = case.deadline(today)
    step_rows = steps(case, today, evidence_facts)
    condition_rows = conditions(evidence, minor=bool(case.minor_today))
    rows, gaps = residence_rows(case, records)
    current_document = next(
        (r["document"] for r in reversed(rows) if r["kind"] == "document"),
        None,
    )
    return _file_context(case, sections.OVERVIEW, may_manage=may_manage) | {
        "today": today,
        "state_label": gettext(procedure.STATE_LABELS[procedure.State(case.procedure_state)]),
        "steps": step_rows,
        "blocked_steps": [row for row in step_rows if not row["allowed"]],
        "deadline": deadline,
        "deadline_text": render_message(deadline.message) if deadline else "",
        "next_action": next_action(case, deadline, step_rows, condition_rows),
        "conditions": condition_rows,
        "needs_conditions": not case.eu_or_belgian,
        "current_document": current_document if case.document_ends_on or current_document else None,
        "residence_rows": rows,
        "gaps": gaps,
        "evidence": evidence,
        "opinions": opinions,
        "next_appointment": records.next_appointment(timezone.now()),
        "open_referrals": open_referrals(case, today),
        "guidance_url": sections.section_url(case.pk, "guidance"),
        "chain_url": sections.section_url(case.pk, "chain"),
    }


def guidance_page(case: Case, *, may_manage: bool) -> dict[str, Any]:
    """Appointments, activities and the goals agreed per domain."""
    records = CaseRecords(case)
    appointments = records.upcoming_appointments(timezone.now(), APPOINTMENTS_SHOWN)
    activities = records.recent_activities(ACTIVITIES_SHOWN)
    plans = {plan.domain: plan for plan in case.plans.all()}
    return _file_context(case, "guidance", may_manage=may_manage) | {
        "appointments": appointments,
        "appointment_rows": _activity_rows(case, appointments),
        "activities": activities,
        "activity_rows": _activity_rows(case, activities),
        "plans": [(value, label, plans.get(value)) for value, label in GuidanceDomain.choices],
        "has_plan": bool(plans),
    }


def notes_page(case: Case, *, may_manage: bool) -> dict[str, Any]:
    """Everything that happened on the file, newest first."""
    day = ShortDays()
    # Each entry with its day as the page writes it (``Y-m-d`` for the machine, ``j N Y`` to read).
    entries = timeline(case, CaseRecords(case))
    return _file_context(case, "notes", may_manage=may_manage) | {
        "timeline": [(entry, entry.day.isoformat(), day(entry.day)) for entry in entries],
    }


def documents_page(case: Case, *, may_manage: bool) -> dict[str, Any]:
    """The uploaded files (titles decrypted for the reader; this read is audited as case.viewed)."""
    files = list(case.documents.all())
    return _file_context(case, "documents", may_manage=may_manage) | {
        "file_rows": [(f, path_to("cases:document", case_id=case.pk, document_id=f.pk)) for f in files],
    }


def chain_page(case: Case, *, may_manage: bool) -> dict[str, Any]:
    """The referrals and the consents (listed by ``keten.referrals``' case section)."""
    return _file_context(case, "chain", may_manage=may_manage)


def people_page(case: Case, *, may_manage: bool) -> dict[str, Any]:
    """The person's details, the key contacts, the linked files and the assigned workers."""
    links = list(case.links.only("kind", "to_case_id", "from_case_id"))
    return _file_context(case, "people", may_manage=may_manage) | {
        "contacts": list(case.contacts.all()),
        "link_rows": [(link, case_path("cases:detail", link.to_case_id)) for link in links],
        "workers": list(case.workers.all()),
    }


# The pages of the sections after the first, by key (the templates are cases/section_<key>.html).
SECTION_PAGES = {
    "guidance": guidance_page,
    "notes": notes_page,
    "documents": documents_page,
    "chain": chain_page,
    "people": people_page,
}
