"""Case files in the API: for the social workers and managers of the centre a token acts for.

The same gate as the pages: :meth:`Case.objects.visible_to` (assigned workers, the centre's
managers) and :func:`keten.cases.access.access_case` (audited as ``case.viewed``), narrowed to the
centre of the membership acting, like every case page. Lists are audited as ``caseload.viewed``.
Names stay out of lists; a case's own read gives what its page gives at the top.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import Field

from keten.accounts.access import current_membership, request_user
from keten.accounts.models import Membership
from keten.accounts.roles import OrganisationKind
from keten.api.auth import API_AUTH
from keten.api.codes import coded, coded_list
from keten.api.common import Coded, Language, Paging, answered_in, page
from keten.audit.log import log_action
from keten.cases.access import CASE_ROLES, access_case, managed_centres
from keten.cases.choices import FormOfExploitation, Gender, Sector
from keten.cases.conf import DEADLINE_WINDOW_DAYS
from keten.cases.formatting import render_message
from keten.cases.models import PROCEDURE_FIELDS, Case
from keten.core import procedure

router = Router(tags=["cases"], auth=API_AUTH)

LIST_FIELDS = (
    "id",
    "centre_id",
    "state",
    *PROCEDURE_FIELDS,
    "forms",
    "gender",
    "sector",
)
STATE_LABELS = {state.value: label for state, label in procedure.STATE_LABELS.items()}
DOCUMENT_LABELS = {document.value: label for document, label in procedure.DOCUMENT_LABELS.items()}
EVENT_LABELS = {event.value: label for event, label in procedure.EVENT_LABELS.items()}


class CaseFilters(Paging):
    state: str = Field("open", json_schema_extra={"enum": [*Case.FileState.values, "all"]})
    procedure_state: str | None = Field(None, json_schema_extra={"enum": list(STATE_LABELS)})


class DeadlineFilters(Paging):
    scope: str = Field(
        "mine", description="mine, or centre (managers)", json_schema_extra={"enum": ["mine", "centre"]}
    )


class DeadlineOut(Schema):
    document: Coded
    expires_on: date
    act_by: date
    action: Coded
    status: str
    days_left: int
    message: str


class CaseOut(Schema):
    id: int
    reference: str
    state: Coded
    procedure_state: Coded
    procedure_since: date
    document_starts_on: date | None
    document_ends_on: date | None
    act_by: date | None
    forms: list[Coded]
    gender: Coded | None
    sector: Coded | None
    deadline: DeadlineOut | None


class CaseDetailOut(CaseOut):
    name: str


class CasePage(Schema):
    count: int
    limit: int
    offset: int
    next: str | None
    previous: str | None
    results: list[CaseOut]


def _centre_membership(request: HttpRequest) -> Membership:
    """A membership of a centre with a case role (the case pages' ``role_required``); else 404."""
    membership = current_membership(request)
    if (
        membership is None
        or membership.role not in CASE_ROLES
        or membership.organisation.kind != OrganisationKind.CENTRE
    ):
        raise Http404
    return membership


def _deadline(deadline: procedure.Deadline | None) -> dict[str, Any] | None:
    if deadline is None:
        return None
    return {
        "document": coded(deadline.document.value, DOCUMENT_LABELS),
        "expires_on": deadline.expires_on,
        "act_by": deadline.act_by,
        "action": coded(deadline.action.value, EVENT_LABELS),
        "status": deadline.status.value,
        "days_left": deadline.days_left,
        "message": render_message(deadline.message),
    }


def _case(case: Case) -> dict[str, Any]:
    return {
        "id": case.pk,
        "reference": case.reference,
        "state": coded(case.state, dict(Case.FileState.choices)),
        "procedure_state": coded(case.procedure_state, STATE_LABELS),
        "procedure_since": case.procedure_since,
        "document_starts_on": case.document_starts_on,
        "document_ends_on": case.document_ends_on,
        "act_by": case.act_by,
        "forms": coded_list(case.forms, dict(FormOfExploitation.choices)),
        "gender": coded(case.gender, dict(Gender.choices)),
        "sector": coded(case.sector, dict(Sector.choices)),
        "deadline": _deadline(case.deadline(timezone.localdate())),
    }


def _audit_list(membership: Membership, shown: list[Case], **data: Any) -> None:
    log_action(
        "caseload.viewed",
        actor=membership.user,
        organisation=membership.organisation,
        data={"cases": [case.pk for case in shown], "how": "api", **data},
    )


@router.get("/cases", response=CasePage)
def cases(request: HttpRequest, filters: Query[CaseFilters]) -> dict[str, Any]:
    """The cases you may open in the centre you act for (assigned to you; a manager: all of the
    centre), newest first. ``state``: open (default), closed or all."""
    membership = _centre_membership(request)
    rows = (
        Case.objects.visible_to(request_user(request))
        .filter(centre_id=membership.organisation_id)
        .only(*LIST_FIELDS)
    )
    if filters.state in Case.FileState.values:
        rows = rows.filter(state=filters.state)
    if filters.procedure_state:
        rows = rows.filter(procedure_state=filters.procedure_state)
    with answered_in(request, filters.lang):
        body, shown = page(request, rows.order_by("-id"), filters, _case)
    _audit_list(membership, shown, state=filters.state if filters.state in Case.FileState.values else "all")
    return body


@router.get("/cases/deadlines", response=CasePage)
def deadlines(request: HttpRequest, filters: Query[DeadlineFilters]) -> dict[str, Any]:
    """Open cases to act on in the next 30 days or overdue, soonest first: yours, or (``scope=centre``,
    managers) the centre's."""
    membership = _centre_membership(request)
    user = request_user(request)
    today = timezone.localdate()
    rows = Case.objects.visible_to(user).filter(centre_id=membership.organisation_id)
    managed = [centre.pk for centre in managed_centres(user)]
    if not (filters.scope == "centre" and membership.organisation_id in managed):
        rows = rows.filter(assignments__user=user)
    rows = rows.needing_action(today + timedelta(days=DEADLINE_WINDOW_DAYS)).only(*LIST_FIELDS)
    with answered_in(request, filters.lang):
        body, shown = page(request, rows.order_by("act_by", "id"), filters, _case)
    _audit_list(membership, shown, deadlines=True)
    return body


@router.get("/cases/{int:case_id}", response=CaseDetailOut)
def case(request: HttpRequest, case_id: int, language: Query[Language]) -> dict[str, Any]:
    """One case of the centre you act for (audited as ``case.viewed``)."""
    membership = _centre_membership(request)
    found = access_case(request_user(request), case_id)
    if found.centre_id != membership.organisation_id:
        raise Http404
    with answered_in(request, language.lang):
        return {**_case(found), "name": found.display_name}
