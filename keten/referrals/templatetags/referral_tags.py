from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext

from keten.accounts.access import current_membership
from keten.accounts.templatetags.navigation import places_for
from keten.api.codes import is_coded
from keten.referrals import services
from keten.referrals.models import Consent, Referral
from keten.referrals.permissions import Action, policy
from keten.referrals.scopes import FIELD_LABELS
from keten.referrals.scopes import scope_label as _scope_label

register = template.Library()

_MONTH = re.compile(r"(\d{4})-(\d{2})")


@register.filter
def scope_label(scope: str) -> str:
    return _scope_label(scope)


@register.filter
def field_label(key: str) -> str:
    return str(FIELD_LABELS.get(key, key))


@register.filter
def is_rows(value: Any) -> bool:
    """A list of items each with several facts (the residence documents, the steps): one row each."""
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(i, dict) and not is_coded(i) for i in value)
    )


@register.filter
def show_value(value: Any) -> str:
    """One value of a scoped part as plain text in the reader's language: a code as its label, a
    day in the language's date format, a list of labels joined."""
    if value is None or value == "" or value == []:
        return "—"
    if value is True:
        return gettext("yes")
    if value is False:
        return gettext("no")
    if isinstance(value, date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(value, str) and (month := _MONTH.fullmatch(value)) and 1 <= int(month[2]) <= 12:
        return date_format(date(int(month[1]), int(month[2]), 1), "YEAR_MONTH_FORMAT")
    if is_coded(value):
        return str(value["label"])
    if isinstance(value, list):
        return ", ".join(show_value(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return str(value)


@register.inclusion_tag("referrals/_dashboard.html", takes_context=True)
def referrals_dashboard(context: template.Context) -> dict[str, Any]:
    membership = context.get("membership")
    may_receive = policy.may(membership, Action.RECEIVE)
    return {
        "may_receive": may_receive,
        "may_send": policy.may(membership, Action.VIEW_SENT),
        "unread": _unread(context.get("request"), membership) if may_receive else 0,
    }


def _unread(request: Any, membership: Any) -> int:
    """The unread referrals of ``membership``: the header's count ("referrals to answer", the same
    ``services.unread_count``, kept until a referral table is written) when the header shows the
    referrals for this membership; counted here otherwise."""
    if request is not None and membership is not None and membership == current_membership(request):
        for place in places_for(request)["places"]:
            if place.key == "referrals":
                return sum(item.count for item in place.waiting)
    return services.unread_count(membership)


@register.inclusion_tag("referrals/_case.html", takes_context=True)
def case_referrals(context: template.Context, case: Any) -> dict[str, Any]:
    """The referrals, consent and chain links on the file's chain page (centre staff only reach it)."""
    request = context["request"]
    membership = current_membership(request)
    consents = list(Consent.objects.filter(case=case).select_related("recipient"))
    referrals = (
        Referral.objects.filter(case=case)
        .select_related("to_organisation")
        .defer("purpose", "decline_reason")
    )
    return {
        "case": case,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "referrals": referrals,
        "consents": consents,
        "may_record_consent": policy.may(membership, Action.RECORD_CONSENT),
        "may_see_log": policy.may(membership, Action.VIEW_ACCESS_LOG),
    }
