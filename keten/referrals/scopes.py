"""The one place that turns a referral into what its receiver may see.

:func:`scoped_view` builds a plain dict holding only the parts allowed; the HTML pages, the JSON
API and the export all render that dict, so the three can never show different things.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy, pgettext_lazy

from keten.api.codes import coded, coded_list
from keten.cases.choices import FormOfExploitation as CaseForm
from keten.cases.models import Case
from keten.core import procedure
from keten.core.regions import PROVINCE_LABELS
from keten.intake.models import FormOfExploitation, KindOfPlace, Region
from keten.knowledge import names
from keten.referrals.models import Referral, SourceKind
from keten.referrals.permissions import SCOPE_LABELS, SCOPE_VALUES, Scope
from keten.screening import display
from keten.screening.questionnaire import PROFESSIONAL


def _day(value: date | None) -> date | None:
    """A day stays a date: JSON writes it as ISO 8601, the pages in the reader's language."""
    return value or None


def _month(value: date | None) -> str | None:
    return value.strftime("%Y-%m") if value else None


# -- cases ------------------------------------------------------------------------------------


def _case_situation(case: Case) -> dict[str, Any]:
    return {
        "forms": coded_list(case.forms, dict(CaseForm.choices)),
        "sector": coded(case.sector, dict(Case._meta.get_field("sector").flatchoices)),
        "exploitation_from": _month(case.exploitation_started_on),
        "exploitation_until": _month(case.exploitation_ended_on),
        "gender": coded(case.gender, dict(Case._meta.get_field("gender").flatchoices)),
        "minor_at_start": case.minor_at_start,
        "centre": case.centre.name,
        "file_state": coded(case.state, dict(Case.FileState.choices)),
    }


def _case_identity(case: Case) -> dict[str, Any]:
    return {
        "given_names": case.given_names,
        "family_name": case.family_name,
        "aliases": case.aliases,
        "date_of_birth": case.date_of_birth,
        "nationalities": names.country_names(case.nationalities),
        "languages": names.language_names(case.languages),
        "contact_details": case.contact_details,
        "identity_documents": case.identity_documents,
    }


def _case_procedure(case: Case) -> dict[str, Any]:
    state = procedure.State(case.procedure_state)
    return {
        "procedure_state": coded(state.value, procedure.STATE_LABELS),
        "procedure_since": _day(case.procedure_since),
        "document_starts_on": _day(case.document_starts_on),
        "document_ends_on": _day(case.document_ends_on),
        "residence_documents": [
            {
                "document": coded(
                    item.kind, {d.value: label for d, label in procedure.DOCUMENT_LABELS.items()}
                ),
                "from": _day(item.starts_on),
                "until": _day(item.ends_on),
                "extensions": item.extensions,
            }
            for item in case.residence_documents.all()
        ],
        # The steps with their dates; the reasons and references are the centre's own words.
        "steps": [
            {
                "step": coded(step.event, {e.value: label for e, label in procedure.EVENT_LABELS.items()}),
                "on": _day(step.on),
                "until": _day(step.ends_on),
            }
            for step in case.procedure_events.all()
        ],
    }


def _case_documents(referral: Referral) -> dict[str, Any]:
    return {
        "documents": [
            {
                "id": document.pk,
                "title": document.title,
                "type": document.extension,
                "size": document.size,
                "uploaded_on": _day(timezone.localdate(document.uploaded_at)),
            }
            for document in referral.documents.filter(case_id=referral.case_id or 0)
        ]
    }


# -- reports and screenings -------------------------------------------------------------------


def _report_situation(referral: Referral) -> dict[str, Any]:
    report = referral.report
    if report is None:
        raise ValueError("the referral has no such record")
    return {
        "form_of_exploitation": coded(report.form_of_exploitation, dict(FormOfExploitation.choices)),
        "kind_of_place": coded(report.kind_of_place, dict(KindOfPlace.choices)),
        "region": coded(report.region, dict(Region.choices)),
        "province": coded(report.province, PROVINCE_LABELS),
        "received_on": _day(report.received_on),
        "immediate_danger": report.immediate_danger,
    }


def _report_content(referral: Referral) -> dict[str, Any]:
    report = referral.report
    if report is None:
        raise ValueError("the referral has no such record")
    # Never the reporter's own contact details, unless the reporter agreed that they go with the
    # report (recorded on the referral); otherwise they stay with the hotline.
    keys = ["what", "when", "who", "postal_code", "municipality"]
    if referral.reporter_contact_shared:
        keys.append("contact")
    return {key: report.field(key) or None for key in keys}


def _screening_situation(referral: Referral) -> dict[str, Any]:
    screening = referral.screening
    if screening is None:
        raise ValueError("the referral has no such record")
    result = screening.result or {}
    return {
        "saved_on": _day(timezone.localdate(screening.created_at)),
        "qualification": coded(
            result.get("qualification"),
            {code: texts[PROFESSIONAL] for code, texts in display.QUALIFICATION.items()},
        ),
        "urgency": coded(result.get("urgency"), display.URGENCY),
    }


def _screening_content(referral: Referral) -> dict[str, Any]:
    screening = referral.screening
    if screening is None:
        raise ValueError("the referral has no such record")
    return {"facts": screening.facts, "result": screening.result, "rules_version": screening.rules_version}


def _situation(referral: Referral) -> dict[str, Any]:
    if referral.source_kind == SourceKind.CASE:
        if referral.case is None:
            raise ValueError("the referral has no such record")
        return _case_situation(referral.case)
    if referral.source_kind == SourceKind.REPORT:
        return _report_situation(referral)
    return _screening_situation(referral)


def _on_case(build: Callable[[Case], dict[str, Any]]) -> Callable[[Referral], dict[str, Any]]:
    def part(referral: Referral) -> dict[str, Any]:
        if referral.case is None:
            raise ValueError("the referral has no such record")
        return build(referral.case)

    return part


BUILDERS: dict[Scope, Callable[[Referral], dict[str, Any]]] = {
    Scope.SITUATION: _situation,
    Scope.IDENTITY: _on_case(_case_identity),
    Scope.PROCEDURE: _on_case(_case_procedure),
    Scope.DOCUMENTS: _case_documents,
    Scope.REPORT: _report_content,
    Scope.SCREENING: _screening_content,
}

FIELD_LABELS: dict[str, Any] = {
    "forms": gettext_lazy("Forms of exploitation"),
    "sector": gettext_lazy("Sector"),
    "exploitation_from": gettext_lazy("Exploitation from"),
    "exploitation_until": gettext_lazy("Exploitation until"),
    "gender": gettext_lazy("Gender"),
    "minor_at_start": gettext_lazy("Minor when it started"),
    "centre": gettext_lazy("Centre"),
    "file_state": pgettext_lazy("case file", "File"),
    "given_names": gettext_lazy("Given names"),
    "family_name": gettext_lazy("Family name"),
    "aliases": gettext_lazy("Other names used"),
    "date_of_birth": gettext_lazy("Date of birth"),
    "nationalities": gettext_lazy("Nationalities"),
    "languages": gettext_lazy("Languages"),
    "contact_details": gettext_lazy("Contact details"),
    "identity_documents": gettext_lazy("Identity document numbers"),
    "procedure_state": gettext_lazy("Procedure status"),
    "procedure_since": gettext_lazy("Since"),
    "document_starts_on": gettext_lazy("Current document from"),
    "document_ends_on": gettext_lazy("Current document until"),
    "residence_documents": gettext_lazy("Residence documents"),
    "steps": gettext_lazy("Steps of the procedure"),
    "document": gettext_lazy("Document"),
    "from": gettext_lazy("From"),
    "until": gettext_lazy("Until"),
    "extensions": gettext_lazy("Extensions"),
    "step": gettext_lazy("Step"),
    "on": gettext_lazy("On"),
    "documents": gettext_lazy("Documents"),
    "form_of_exploitation": gettext_lazy("Form of exploitation"),
    "kind_of_place": gettext_lazy("Kind of place"),
    "region": gettext_lazy("Region"),
    "province": gettext_lazy("Province"),
    "received_on": gettext_lazy("Received on"),
    "immediate_danger": gettext_lazy("Someone in immediate danger"),
    "what": gettext_lazy("What was seen or heard"),
    "when": gettext_lazy("When"),
    "who": gettext_lazy("Who is involved"),
    "postal_code": gettext_lazy("Postal code"),
    "municipality": gettext_lazy("Municipality"),
    "contact": gettext_lazy("The reporter's contact details (the reporter agreed)"),
    "saved_on": gettext_lazy("Saved on"),
    "qualification": gettext_lazy("Qualification"),
    "urgency": gettext_lazy("Urgency"),
    "facts": gettext_lazy("Facts"),
    "result": gettext_lazy("Result"),
    "rules_version": gettext_lazy("Version of the rules"),
}


def referral_summary(referral: Referral) -> dict[str, Any]:
    """What any party to a referral sees of it: never a part of the record itself."""
    return {
        "id": referral.pk,
        "source_kind": referral.source_kind,
        "source_id": referral.source_id,
        "from_organisation": referral.from_organisation.name,
        "to_organisation": referral.to_organisation.name,
        "purpose": referral.purpose,
        "scopes": list(referral.scopes),
        "status": referral.status,
        "expires_on": _day(referral.expires_on),
        "created_on": _day(timezone.localdate(referral.created_at)),
        "decline_reason": referral.decline_reason or None,
        "legal_basis": referral.legal_basis or None,
        "legal_basis_label": str(referral.get_legal_basis_display()) if referral.legal_basis else None,
        "status_label": str(referral.get_status_display()),
        "scope_labels": referral.scope_labels(),
    }


def part(referral: Referral, scope: Scope) -> dict[str, Any]:
    return BUILDERS[scope](referral)


def scoped_view(referral: Referral, allowed: frozenset[Scope]) -> dict[str, Any]:
    """The referral and exactly the parts in ``allowed`` (which the caller got from the policy)."""
    return {
        "referral": referral_summary(referral),
        "parts": {scope.value: part(referral, scope) for scope in Scope if scope in allowed},
    }


def scope_label(scope: str) -> str:
    return str(SCOPE_LABELS[Scope(scope)]) if scope in SCOPE_VALUES else scope
