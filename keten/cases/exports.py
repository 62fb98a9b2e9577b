"""The subject-access export: everything Keten holds about one person (GDPR art. 15)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from keten.cases.models import Case


class PdfUnavailable(Exception):
    """WeasyPrint or its system libraries (Pango, HarfBuzz) are missing."""


def case_export(case: Case) -> dict[str, Any]:
    """The whole file as plain data (dates as ISO strings). Documents are listed, not embedded."""
    return {
        "case": case.pk,
        "exported_at": timezone.now().isoformat(),
        "centre": case.centre.name,
        "identity": {
            "given_names": case.given_names,
            "family_name": case.family_name,
            "aliases": case.aliases,
            "date_of_birth": case.date_of_birth,
            "contact_details": case.contact_details,
            "identity_documents": case.identity_documents,
            "gender": case.gender,
            "nationalities": case.nationalities,
            "languages": case.languages,
        },
        "exploitation": {
            "forms": case.forms,
            "sector": case.sector,
            "place": case.exploitation_place,
            "started_on": case.exploitation_started_on.isoformat() if case.exploitation_started_on else None,
            "ended_on": case.exploitation_ended_on.isoformat() if case.exploitation_ended_on else None,
            "minor_at_start": case.minor_at_start,
        },
        "intake_channel": case.intake_channel,
        "file": {
            "state": case.state,
            "opened_on": timezone.localdate(case.created_at).isoformat(),
            "closed_on": case.closed_on.isoformat() if case.closed_on else None,
        },
        "procedure": {
            "state": case.procedure_state,
            "since": case.procedure_since.isoformat(),
            "document_starts_on": case.document_starts_on.isoformat() if case.document_starts_on else None,
            "document_ends_on": case.document_ends_on.isoformat() if case.document_ends_on else None,
            "steps": [
                {
                    "event": step.event,
                    "from": step.from_state,
                    "to": step.to_state,
                    "on": step.on.isoformat(),
                    "ends_on": step.ends_on.isoformat() if step.ends_on else None,
                    "reason": step.reason,
                    "document_reference": step.document_reference,
                }
                for step in case.procedure_events.all()
            ],
            "residence_documents": [
                {
                    "kind": d.kind,
                    "starts_on": d.starts_on.isoformat(),
                    "ends_on": d.ends_on.isoformat() if d.ends_on else None,
                    "extensions": d.extensions,
                }
                for d in case.residence_documents.all()
            ],
            "evidence": [{"kind": e.kind, "on": e.recorded_on.isoformat()} for e in case.evidence.all()],
            "magistrate_opinions": [
                {"opinion": o.opinion, "on": o.given_on.isoformat()} for o in case.opinions.all()
            ],
        },
        "key_contacts": [{"role": c.role, "name": c.name, "details": c.details} for c in case.contacts.all()],
        "linked_cases": [{"case": link.to_case_id, "kind": link.kind} for link in case.links.all()],
        "guidance_plan": [{"domain": p.domain, "goals": p.goals} for p in case.plans.all()],
        "activities": [
            {"domain": a.domain, "kind": a.kind, "at": a.happens_at.isoformat(), "summary": a.summary}
            for a in case.activities.all()
        ],
        "notes": [{"at": n.created_at.isoformat(), "text": n.text} for n in case.notes.all()],
        "documents": [
            {
                "title": d.title,
                "type": d.content_type,
                "size": d.size,
                "uploaded_at": d.uploaded_at.isoformat(),
            }
            for d in case.documents.all()
        ],
    }


def case_pdf(data: dict[str, Any], *, request: HttpRequest | None = None) -> bytes:
    try:
        from weasyprint import HTML  # type: ignore[import-not-found,unused-ignore]
    except (ImportError, OSError) as missing:
        raise PdfUnavailable from missing
    html = render_to_string("cases/export.html", {"data": data}, request=request)
    try:
        return bytes(HTML(string=html).write_pdf())
    except OSError as missing:
        raise PdfUnavailable from missing
