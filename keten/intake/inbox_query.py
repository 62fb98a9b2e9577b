"""The hotline inbox's list: filters and triage order, shared by the inbox page and the API."""

from __future__ import annotations

from django.db.models import Case, DateField, F, Q, QuerySet, Value, When

from keten.accounts.models import User
from keten.intake import services
from keten.intake.forms import InboxFilterForm
from keten.intake.models import CLOSED_STATES, Report


def priority_order(reports: QuerySet[Report]) -> QuerySet[Report]:
    """Triage order: an open report saying someone is in danger now first; then the first answer
    due soonest (unanswered reports with a receipt code); then the oldest; then by number."""
    is_open = ~Q(state__in=CLOSED_STATES)
    return reports.annotate(
        danger_rank=Case(When(is_open & Q(immediate_danger=True), then=Value(0)), default=Value(1)),
        answer_due=Case(
            When(
                is_open & Q(acknowledged_on__isnull=True, receipt_hash__isnull=False),
                then=F("acknowledge_by"),
            ),
            default=None,
            output_field=DateField(),
        ),
    ).order_by("danger_rank", F("answer_due").asc(nulls_last=True), "received_on", "pk")


#: The sortable columns and the fields they sort by (besides "priority").
SORT_FIELDS = {
    "number": ("pk",),
    "received": ("received_on", "pk"),
    "acknowledge": ("acknowledge_by", "pk"),
    "state": ("state", "pk"),
    "assigned": ("assigned_to__full_name", "pk"),
}


def sorted_reports(reports: QuerySet[Report], sort: str) -> QuerySet[Report]:
    name = sort.lstrip("-")
    if name not in SORT_FIELDS:
        return priority_order(reports)
    prefix = "-" if sort.startswith("-") else ""
    return reports.order_by(*(prefix + field for field in SORT_FIELDS[name]))


def filtered_reports(form: InboxFilterForm, user: User) -> QuerySet[Report]:
    """The inbox's reports as its filter form asks, in its order: the same list for the page and
    the API (``keten.api.reports``). The caller checks that ``user`` may read the inbox."""
    reports = Report.objects.defer("content").select_related("assigned_to").prefetch_related("labels")
    if not form.is_valid():
        return priority_order(reports)
    data = form.cleaned_data
    query = data["q"].strip().lstrip("#")
    # ASCII digits only: "²".isdigit() is true but int() refuses it (a 500 before).
    if query.isascii() and query.isdigit():
        reports = reports.filter(pk=int(query))
    elif query:
        reports = reports.filter(labels__name__icontains=query.lower())
    for field, key in (("state", "state"), ("channel", "channel"), ("form_of_exploitation", "form")):
        if data[key]:
            reports = reports.filter(**{field: data[key]})
    if data["danger"]:
        reports = reports.open().filter(immediate_danger=True)
    today = services.today()
    if data["due"] == "overdue":
        reports = reports.acknowledgement_overdue(today)
    elif data["due"] == "soon":
        reports = reports.acknowledgement_due_soon(today)
    elif data["due"] == "waiting":
        reports = reports.unacknowledged()
    if data["assigned"] == "me":
        reports = reports.filter(assigned_to=user)
    elif data["assigned"] == "nobody":
        reports = reports.filter(assigned_to__isnull=True)
    if data["label"]:
        reports = reports.filter(labels__name=data["label"].strip().lower())
    if data["received_from"]:
        reports = reports.filter(received_on__gte=data["received_from"])
    if data["received_to"]:
        reports = reports.filter(received_on__lte=data["received_to"])
    if (query and not query.isdigit()) or data["label"]:
        reports = reports.distinct()
    return sorted_reports(reports, data["sort"] or "priority")
