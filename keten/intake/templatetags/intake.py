from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from keten.accounts.models import Membership
from keten.accounts.templatetags.fields import field_row

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


@register.simple_tag(takes_context=True)
def small_form(
    context: template.Context, form: Any, action: str, submit: str, secondary: bool = False
) -> SafeString:
    """One of the report page's small forms: what ``intake/_small_form.html`` writes, put together
    in Python (five of them on every report page: an include each cost more than its form)."""
    # As ``{% csrf_token %}`` writes it.
    csrf_value = context.get("csrf_token")
    csrf = (
        format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', csrf_value)
        if csrf_value and csrf_value != "NOTPROVIDED"
        else ""
    )
    errors = format_html_join(
        "", '<p class="error" role="alert">{}</p>', ((e,) for e in form.non_field_errors())
    )
    fields = SafeString("".join(field_row(field) for field in form))
    button = " button-secondary" if secondary else ""
    return format_html(
        '<form method="post" action="{}" novalidate class="form intake-small-form">{}\n{}\n{}\n'
        '<button type="submit" class="button{}">{}</button>\n</form>\n',
        action,
        csrf,
        errors,
        fields,
        button,
        submit,
    )
