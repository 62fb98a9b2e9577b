from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import dateformat, timezone
from django.utils.formats import get_format
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from keten.accounts import policy
from keten.accounts.access import administrator_required, request_user
from keten.audit.models import AuditEvent


class AuditFilterForm(forms.Form):
    action = forms.CharField(label=_("Action starts with"), required=False, max_length=64)
    actor = forms.CharField(label=_("Person (e-mail)"), required=False, max_length=254)
    object_type = forms.CharField(label=_("Object type"), required=False, max_length=64)
    object_id = forms.CharField(label=_("Object number"), required=False, max_length=64)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


def event_rows(events: Iterable[AuditEvent]) -> SafeString:
    """The table's rows, put together here: 50 rows of seven cells through the template engine cost
    most of the page. Everything is escaped by ``format_html``; times in the reader's zone."""
    time_format = get_format("SHORT_DATETIME_FORMAT")
    return format_html_join(
        "\n",
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
        "<td><code>{}</code></td><td>{} {}</td><td>{}</td></tr>",
        (
            (
                event.sequence,
                dateformat.format(timezone.localtime(event.created_at), time_format),
                event.actor_label,
                event.organisation or "",
                event.action,
                event.object_type,
                event.object_id,
                event.reason,
            )
            for event in events
        ),
    )


@administrator_required
def audit_list_view(request: HttpRequest) -> HttpResponse:
    """The whole trail for installation administrators; their own organisations' entries for an
    organisation administrator (``policy.visible_audit_events``)."""
    user = request_user(request)
    form = AuditFilterForm(request.GET or None)
    events = policy.visible_audit_events(user).select_related("organisation").order_by("-sequence")
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
    page = Paginator(events, 50).get_page(request.GET.get("page"))
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
