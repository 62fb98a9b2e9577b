from __future__ import annotations

from typing import Any

from django import template

from keten.accounts.models import Membership

register = template.Library()


@register.simple_tag
def intake_dashboard(membership: Membership | None) -> dict[str, Any] | None:
    """The inbox figures for the "My work" panel (None when the person has no inbox access)."""
    from keten.intake.views.inbox import dashboard

    return dashboard(membership)


@register.simple_tag
def intake_may_change_settings(membership: Membership | None) -> bool:
    """Whether to offer the link to the inbox's settings."""
    from keten.intake.access import may_change_inbox_settings

    return may_change_inbox_settings(membership)


@register.simple_tag
def intake_may_see_grants(user: Any) -> bool:
    """Installation administrators and the hotline's administrators see who may use the inbox."""
    from keten.accounts import policy

    return policy.may_see_inbox_grants(user)


@register.filter
def operator_form(value: str) -> str:
    """A form of exploitation in the operators' words (the list and filters of the inbox)."""
    from keten.intake.models import OPERATOR_FORM_LABELS

    label = OPERATOR_FORM_LABELS.get(value)  # type: ignore[call-overload]
    return str(label) if label else ""
