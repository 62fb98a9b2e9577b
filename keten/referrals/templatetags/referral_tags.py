from __future__ import annotations

import json
from typing import Any

from django import template
from django.utils.translation import gettext

from keten.accounts.access import current_membership
from keten.referrals import services
from keten.referrals.forms import ConsentForm
from keten.referrals.models import Consent, Referral
from keten.referrals.permissions import Action, policy
from keten.referrals.scopes import FIELD_LABELS
from keten.referrals.scopes import scope_label as _scope_label

register = template.Library()


@register.filter
def scope_label(scope: str) -> str:
    return _scope_label(scope)


@register.filter
def field_label(key: str) -> str:
    return str(FIELD_LABELS.get(key, key))


@register.filter
def show_value(value: Any) -> str:
    """One value of a scoped part as plain text (lists of rows joined, nested data as JSON)."""
    if value is None or value == "" or value == []:
        return "—"
    if value is True:
        return gettext("yes")
    if value is False:
        return gettext("no")
    if isinstance(value, list):
        if all(isinstance(item, dict) for item in value):
            return "; ".join(
                " · ".join(str(v) for v in item.values() if v not in (None, "")) for item in value
            )
        return ", ".join(str(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


@register.inclusion_tag("referrals/_dashboard.html", takes_context=True)
def referrals_dashboard(context: template.Context) -> dict[str, Any]:
    membership = context.get("membership")
    return {
        "may_receive": policy.may(membership, Action.RECEIVE),
        "may_send": policy.may(membership, Action.VIEW_SENT),
        "unread": services.unread_count(membership),
    }


@register.inclusion_tag("referrals/_case.html", takes_context=True)
def case_referrals(context: template.Context, case: Any) -> dict[str, Any]:
    """The referrals, consent and chain links on the case page (centre staff only reach it)."""
    request = context["request"]
    membership = current_membership(request)
    consents = list(Consent.objects.filter(case=case).select_related("recipient"))
    return {
        "case": case,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "referrals": Referral.objects.filter(case=case)
        .select_related("to_organisation")
        .defer("purpose", "decline_reason"),
        "consents": consents,
        "consent_form": ConsentForm() if policy.may(membership, Action.RECORD_CONSENT) else None,
        "may_see_log": policy.may(membership, Action.VIEW_ACCESS_LOG),
    }
