"""The inbox's filter form as HTML, from pieces put together once per language.

Rendering its eleven fields through the form renderer (a template per widget and per option)
cost about 9,000 Python calls on every view of the inbox, for a form whose labels and option lists
never change within a language. Here each field's fixed parts (its ``<div>``, label, attributes,
escaped option list) are built once per language and process, and a request only fills in the
chosen values. The HTML is the one ``{% field_row %}`` and the widgets' templates write (same
names, ids, labels and selected values; a test compares both for many filters): Django's
``escape`` for the row's label, as ``field_row`` does, and markupsafe's for what the Jinja2
widget templates write. A form with errors is rendered the usual way (its errors and
``aria-invalid`` attributes come from there).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django import forms
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext
from markupsafe import escape as widget_escape

from keten.accounts.templatetags.fields import field_row
from keten.intake.forms import InboxFilterForm


@dataclass(frozen=True, slots=True)
class _Piece:
    """One field: what comes before its value, the options of a select, what comes after."""

    name: str
    kind: str  # "select", "input", "date", "checkbox" or "hidden"
    before: str
    after: str
    options: tuple[tuple[str, str, str], ...] = ()  # (value, '<option value="…"', '>label</option>')


def _attrs(attrs: dict[str, object]) -> str:
    """Attributes as the widgets' ``attrs.html`` writes them."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {name}" if value is True else f' {name}="{widget_escape(value)}"')
    return "".join(parts)


def _label(form: InboxFilterForm, bound: forms.BoundField) -> str:
    optional = (
        "" if bound.field.required else f' <span class="optional">({escape(gettext("optional"))})</span>'
    )
    return f'<label for="{escape(bound.id_for_label)}">{escape(bound.label)}{optional}</label>'


def _piece(form: InboxFilterForm, bound: forms.BoundField) -> _Piece:
    field, widget = bound.field, bound.field.widget
    auto_id = bound.auto_id
    # No help texts and no required fields in this form: nothing else goes into the attributes.
    assert not field.help_text and not field.required  # noqa: S101 - a change to the form must change this
    if isinstance(widget, forms.Select):
        options = tuple(
            (str(value), f'<option value="{widget_escape(value)}"', f">{widget_escape(label)}</option>")
            for value, label in widget.choices
        )
        head = f'<div class="field">\n{_label(form, bound)}\n\n'
        return _Piece(
            bound.html_name,
            "select",
            f'{head}<select name="{widget_escape(bound.html_name)}"{_attrs({**widget.attrs, "id": auto_id})}'
            ">",
            "\n</select>\n</div>",
            options,
        )
    attrs = {key: value for key, value in widget.attrs.items() if key != "type"}
    rest = _attrs({**attrs, "id": auto_id})
    if isinstance(widget, forms.CheckboxInput):
        return _Piece(
            bound.html_name,
            "checkbox",
            f'<div class="field">\n<input type="checkbox" name="{widget_escape(bound.html_name)}"{rest}',
            f'> <label for="{escape(bound.id_for_label)}">{escape(bound.label)}</label>\n</div>',
        )
    if isinstance(widget, forms.HiddenInput):
        return _Piece(
            bound.html_name,
            "hidden",
            f'<input type="hidden" name="{widget_escape(bound.html_name)}"',
            f"{rest}>",
        )
    if isinstance(widget, forms.TextInput | forms.DateInput):
        input_type = widget.attrs.get("type", widget.input_type)
        return _Piece(
            bound.html_name,
            # A date input writes back even an empty value (``DateTimeBaseInput.format_value``).
            "date" if isinstance(widget, forms.DateInput) else "input",
            f'<div class="field">\n{_label(form, bound)}\n\n'
            f'<input type="{widget_escape(input_type)}" name="{widget_escape(bound.html_name)}"',
            f"{rest}>\n</div>",
        )
    raise TypeError(f"No fast rendering for {type(widget).__name__}")  # pragma: no cover


@lru_cache(maxsize=8)
def _pieces(language: str | None) -> tuple[tuple[_Piece, ...], tuple[_Piece, ...]]:
    """The visible and the hidden fields' pieces, in the active language (the key)."""
    form = InboxFilterForm()
    return (
        tuple(_piece(form, bound) for bound in form.visible_fields()),
        tuple(_piece(form, bound) for bound in form.hidden_fields()),
    )


def _value(form: InboxFilterForm, piece: _Piece) -> str | None:
    """The field's value as its widget writes it back (what was typed; nothing when unbound)."""
    if not form.is_bound:
        return None
    value = form.data.get(piece.name)
    if value is None or (value == "" and piece.kind != "date"):
        return None
    return str(value)


def _render(form: InboxFilterForm, piece: _Piece) -> str:
    value = _value(form, piece)
    if piece.kind == "select":
        chosen = value or ""
        options = []
        selected = False
        for option_value, start, end in piece.options:
            if not selected and option_value == chosen:
                selected = True
                options.append(f"\n  {start} selected{end}")
            else:
                options.append(f"\n  {start}{end}")
        return piece.before + "".join(options) + piece.after
    if piece.kind == "checkbox":
        return piece.before + (" checked" if _checked(form, piece.name) else "") + piece.after
    shown = "" if value is None else f' value="{widget_escape(value)}"'
    return piece.before + shown + piece.after


def _checked(form: InboxFilterForm, name: str) -> bool:
    """``CheckboxInput``'s reading of the submitted value."""
    if not form.is_bound:
        return False
    value = form.data.get(name)
    if isinstance(value, str):
        return {"true": True, "false": False}.get(value.lower(), bool(value))
    return bool(value)


def _usual(form: InboxFilterForm) -> tuple[SafeString, SafeString]:
    visible = "".join(field_row(field) for field in form.visible_fields())
    hidden = "".join(str(field) for field in form.hidden_fields())
    return mark_safe(visible), mark_safe(hidden)  # noqa: S308 - rendered by the form


def filter_fields_html(form: InboxFilterForm) -> tuple[SafeString, SafeString]:
    """The form's visible fields (each as ``{% field_row %}`` writes it), and its hidden ones."""
    if form.is_bound and form.errors:
        return _usual(form)
    visible, hidden = _pieces(get_language())
    return (
        mark_safe("".join(_render(form, piece) for piece in visible)),  # noqa: S308 - values escaped
        mark_safe("".join(_render(form, piece) for piece in hidden)),  # noqa: S308 - values escaped
    )
