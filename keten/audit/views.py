from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import dateformat, timezone
from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from keten.accounts import policy
from keten.accounts.access import administrator_required, request_user


class AuditFilterForm(forms.Form):
    action = forms.CharField(label=_("Action starts with"), required=False, max_length=64)
    actor = forms.CharField(label=_("Person (e-mail)"), required=False, max_length=254)
    object_type = forms.CharField(label=_("Object type"), required=False, max_length=64)
    object_id = forms.CharField(label=_("Object number"), required=False, max_length=64)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


#: The columns the table shows, in its order (read without building an AuditEvent per row).
COLUMNS = (
    "sequence",
    "created_at",
    "actor_label",
    "organisation__name",
    "action",
    "object_type",
    "object_id",
    "reason",
)


def event_rows(events: Iterable[tuple[Any, ...]]) -> SafeString:
    """The table's rows, put together here: 50 rows of seven cells through the template engine cost
    most of the page. Every value is escaped; times are in the reader's time zone."""
    time_format = get_format("SHORT_DATETIME_FORMAT")
    rows = []
    for sequence, created_at, actor, organisation, action, object_type, object_id, reason in events:
        cells = (
            sequence,
            dateformat.format(timezone.localtime(created_at), time_format),
            actor,
            organisation or "",
            action,
            object_type,
            object_id,
            reason,
        )
        rows.append(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td><td>{} {}</td>"
            "<td>{}</td></tr>".format(*(html.escape(str(cell)) for cell in cells))
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - every cell escaped above


@administrator_required
def audit_list_view(request: HttpRequest) -> HttpResponse:
    """The whole trail for installation administrators; their own organisations' entries for an
    organisation administrator (``policy.visible_audit_events``)."""
    user = request_user(request)
    form = AuditFilterForm(request.GET or None)
    events = policy.visible_audit_events(user).order_by("-sequence")
    if form.is_valid():
        data = form.cleaned_data
        if data["action"]:
            events = events.filter(action__startswith=data["action"])
        if data["actor"]:
            events = events.filter(actor_label__icontains=data["actor"])
        if data["object_type"]:
            events = events.filter(object_type=data["object_type"])
        if data["object_id"]:
            events = events.filter(object_id=data["object_id"])
        if data["since"]:
            events = events.filter(created_at__date__gte=data["since"])
        if data["until"]:
            events = events.filter(created_at__date__lte=data["until"])
    page = Paginator(events.values_list(*COLUMNS), 50).get_page(request.GET.get("page"))
    rows = event_rows(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "installation_wide": policy.may(user, policy.Power.VIEW_INSTALLATION_AUDIT),
        },
    )
