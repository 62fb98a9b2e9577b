from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext

from keten.accounts.models import User
from keten.accounts.roles import OrganisationKind, Role
from keten.cases.access import CASE_ROLES
from keten.cases.formatting import day_writer, render_message
from keten.cases.paths import case_paths
from keten.core import procedure
from keten.knowledge import names

register = template.Library()
register.filter("country_names", names.country_names)
register.filter("language_names", names.language_names)


@register.inclusion_tag("cases/_dashboard_deadlines.html", takes_context=True)
def cases_dashboard(context: Any) -> dict[str, Any]:
    """The "My work" panel: the worker's files needing action in the next 30 days."""
    membership = context.get("membership")
    user = context.get("user")
    shown = (
        isinstance(user, User)
        and membership is not None
        and membership.organisation.kind == OrganisationKind.CENTRE
        and membership.role in CASE_ROLES
    )
    if not shown:
        return {"shown": False}
    from keten.cases.views import dashboard_deadlines

    days = day_writer()
    detail_path = case_paths("cases:detail")
    items = [
        (case, deadline, render_message(deadline.message, days), detail_path(case.pk), days(deadline.act_by))
        for case, deadline in dashboard_deadlines(user)
    ]
    return {"shown": True, "items": items, "is_manager": membership.role == Role.CENTRE_MANAGER}


@register.filter
def state_label(value: str) -> str:
    return gettext(procedure.STATE_LABELS[procedure.State(value)])


@register.filter
def document_label(value: str) -> str:
    return gettext(procedure.DOCUMENT_LABELS[procedure.Document(value)])
