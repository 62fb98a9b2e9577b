"""``{% field_row field %}``: one form field with its label, hint and errors, as every form shows it.

Built in Python rather than an included template: a case page shows about thirty fields, and the
template include took a quarter of its rendering time.
"""

from __future__ import annotations

from django import template
from django.forms import BoundField
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def field_row(field: BoundField) -> SafeString:
    css = "field field-error" if field.errors else "field"
    widget = field.field.widget
    if getattr(widget, "input_type", None) == "checkbox" and getattr(
        widget, "allow_multiple_selected", False
    ):
        # A group of checkboxes: a fieldset named by its legend, with its hint and its errors.
        hint = (
            format_html('<p class="hint" id="{}_helptext">{}</p>', field.auto_id, field.help_text)
            if field.help_text
            else ""
        )
        errors = format_html_join(
            "", '<p class="error" id="{}_error">{}</p>', ((field.auto_id, error) for error in field.errors)
        )
        optional = (
            ""
            if field.field.required
            else format_html(' <span class="optional">({})</span>', gettext("optional"))
        )
        inner = format_html(
            "<fieldset>\n<legend>{}{}</legend>\n{}{}\n{}\n</fieldset>",
            field.label,
            optional,
            hint,
            errors,
            field,
        )
    elif getattr(widget, "input_type", None) == "checkbox":
        inner = format_html('{} <label for="{}">{}</label>', field, field.id_for_label, field.label)
    else:
        optional = (
            ""
            if field.field.required
            else format_html(' <span class="optional">({})</span>', gettext("optional"))
        )
        hint = (
            format_html('<p class="hint" id="{}_helptext">{}</p>', field.auto_id, field.help_text)
            if field.help_text
            else ""
        )
        errors = format_html_join(
            "", '<p class="error" id="{}_error">{}</p>', ((field.auto_id, error) for error in field.errors)
        )
        label = format_html('<label for="{}">{}{}</label>', field.id_for_label, field.label, optional)
        inner = format_html("{}\n{}{}\n{}", label, hint, errors, field)
    return format_html('<div class="{}">\n{}\n</div>', css, inner)
