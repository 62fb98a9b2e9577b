"""Reports in the API: for the hotline and the organisations granted access to its inbox.

The same gate as the inbox pages (:func:`keten.intake.access.inbox_level` and
:func:`keten.intake.access.access_report`), the same filters (the inbox's own form and query) and
the same audit entries (``report.listed``, ``report.viewed``). Anyone else: 404.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from keten.accounts.access import current_membership
from keten.api.auth import API_AUTH
from keten.api.codes import coded
from keten.api.common import Coded, Language, Paging, answered_in, page
from keten.audit.log import log_action
from keten.core.regions import PROVINCE_LABELS
from keten.intake import services as intake_services
from keten.intake.access import access_report, inbox_level
from keten.intake.forms import InboxFilterForm
from keten.intake.inbox_query import filtered_reports
from keten.intake.models import Channel, FormOfExploitation, KindOfPlace, Region, Report, State

router = Router(tags=["reports"], auth=API_AUTH)


def one_of(values: list[str]) -> Any:
    return Field(None, json_schema_extra={"enum": list(values)})


CONTENT_KEYS = ("what", "when", "who", "postal_code", "municipality", "contact")


class ReportFilters(Paging):
    state: str | None = one_of(State.values)
    channel: str | None = one_of(Channel.values)
    form_of_exploitation: str | None = one_of(FormOfExploitation.values)
    assigned: str | None = one_of(["me", "nobody"])
    label: str | None = Field(None, max_length=40)
    received_from: date | None = None
    received_to: date | None = None


class ReportOut(Schema):
    id: int
    number: str
    channel: Coded
    state: Coded
    form_of_exploitation: Coded | None
    kind_of_place: Coded | None
    province: Coded | None
    region: Coded | None
    immediate_danger: bool
    received_on: date
    acknowledge_by: date
    closed_on: date | None


class ReportDetailOut(ReportOut):
    content: dict[str, str | None]
    labels: list[str]


class ReportPage(Schema):
    count: int
    limit: int
    offset: int
    next: str | None
    previous: str | None
    results: list[ReportOut]


class ErrorsOut(Schema):
    errors: dict[str, list[str]]


def _summary(report: Report) -> dict[str, Any]:
    return {
        "id": report.pk,
        "number": report.number,
        "channel": coded(report.channel, dict(Channel.choices)),
        "state": coded(report.state, dict(State.choices)),
        "form_of_exploitation": coded(report.form_of_exploitation, dict(FormOfExploitation.choices)),
        "kind_of_place": coded(report.kind_of_place, dict(KindOfPlace.choices)),
        "province": coded(report.province, PROVINCE_LABELS),
        "region": coded(report.region, dict(Region.choices)),
        "immediate_danger": report.immediate_danger,
        "received_on": report.received_on,
        "acknowledge_by": report.acknowledge_by,
        "closed_on": report.closed_on,
    }


@router.get("/reports", response={200: ReportPage, 400: ErrorsOut})
def reports(request: HttpRequest, filters: Query[ReportFilters]) -> Status[dict[str, Any]]:
    """The hotline's reports, newest first, without what they say (hotline operators, and the
    organisations granted access to the inbox). Filters as on the inbox page."""
    membership = current_membership(request)
    if inbox_level(membership) is None or membership is None:
        raise Http404
    with answered_in(request, filters.lang):
        form = InboxFilterForm(
            {
                "state": filters.state or "",
                "channel": filters.channel or "",
                "form": filters.form_of_exploitation or "",
                "assigned": filters.assigned or "",
                "label": filters.label or "",
                "received_from": filters.received_from or "",
                "received_to": filters.received_to or "",
            }
        )
        if not form.is_valid():
            renamed = {"form": "form_of_exploitation"}
            return Status(
                400,
                {
                    "errors": {
                        renamed.get(field, field): [str(item["message"]) for item in items]
                        for field, items in form.errors.get_json_data().items()
                    }
                },
            )
        body, shown = page(request, filtered_reports(form, membership.user), filters, _summary)
    log_action(
        "report.listed",
        actor=membership.user,
        organisation=membership.organisation,
        data={"shown": len(shown), "offset": filters.offset, "how": "api"},
    )
    return Status(200, body)


@router.get("/reports/{int:report_id}", response=ReportDetailOut)
def report(request: HttpRequest, report_id: int, language: Query[Language]) -> dict[str, Any]:
    """One report and what it says, as the inbox shows it (audited as ``report.viewed``). Like the
    page, an operator's read clears the report's "new message from the reporter" mark."""
    found = access_report(request, report_id)
    membership = current_membership(request)
    if membership is None:
        raise Http404
    intake_services.mark_reporter_messages_seen(report_id=found.pk, membership=membership)
    log_action("report.viewed", actor=membership.user, organisation=membership.organisation, obj=found)
    with answered_in(request, language.lang):
        return {
            **_summary(found),
            "content": {key: found.field(key) or None for key in CONTENT_KEYS},
            "labels": [label.name for label in found.labels.all()],
        }
