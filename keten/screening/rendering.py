"""A result and its answers as HTML for professionals, written in Python (the signal page).

The same markup as ``screening/_result.html`` (with ``_law.html`` and ``_legal_detail.html``) for
the professional audience, and as ``screening/_summary.html`` without the "Change" buttons: every
value escaped as the templates escape it, every word translated as they translate it. The
templates spend most of the signal page's own time on some eighty tags for a page that only prints
values; here each piece costs a string join. ``tests/screening/test_rendering.py`` renders both
ways, over results with every optional part, and compares them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, pgettext

from keten.typography import colon


def _e(value: Any) -> str:
    """``{{ value }}``: localised, made text and escaped, as the template engine prints it."""
    if value is None:
        return "None"
    return str(conditional_escape(localize(value) if not isinstance(value, str) else value))


def _t(message: str) -> str:
    """``{% translate "message" %}``: a literal of the template is safe, and so is its translation
    (the catalogues are ours), so the template engine does not escape it either."""
    return gettext(message)


def _items(values: Iterable[Any], shape: str = "<li>{}</li>") -> str:
    return "".join(shape.format(_e(value)) for value in values)


def _law(result: dict[str, Any]) -> str:
    law = result.get("law") or {}
    rule_sets = []
    for position, rule_set in enumerate(law.get("rule_sets") or ()):
        article = (rule_set.get("offence") or {}).get("article")
        rule_sets.append(
            ("; " if position else "")
            + _e(rule_set.get("title", ""))
            + (f", {_e(article)}" if article else f' <span class="tag">{_t("article not confirmed")}</span>')
        )
    assumed = f" ({_t('no date of the facts given: the law of today')})" if law.get("date_assumed") else ""
    return (
        '<div class="screening-law">\n'
        f"  <p>{_t('Law applied')}{_e(colon())}{''.join(rule_sets)}{assumed}</p>\n"
        "</div>\n"
    )


def _elements(elements: list[dict[str, Any]]) -> str:
    return "".join(
        f'<tr><td>{_e(element["label"])}</td><td class="screening-status-{_e(element["status"])}">'
        f"{_e(element['status_label'])}</td></tr>"
        for element in elements
    )


def _legal_detail(view: dict[str, Any]) -> str:
    result = view["result"]
    head = f'<thead><tr><th scope="col">{_t("Element")}</th><th scope="col">{_t("Met?")}</th></tr></thead>'
    missing = ""
    if result.get("next_questions"):
        missing = (
            f"\n  <h3>{_t('What is still missing')}</h3>\n"
            f'  <ul class="help-list">{_items(q["text"] for q in result["next_questions"])}</ul>\n  '
        )
    serious = ""
    if result.get("aggravating_detail"):
        items = "".join(
            f'<li>{_e(item["text"])} <span class="muted">({_e(item["source"])})</span>'
            + (
                ""
                if item.get("confirmed")
                else f' <span class="tag">{_t("not confirmed")}</span> '
                f'<span class="muted">{_e(item.get("unconfirmed_reason", ""))}</span>'
            )
            + "</li>"
            for item in result["aggravating_detail"]
        )
        serious = f"\n  <h3>{_t('What makes it more serious')}</h3>\n  <ul>{items}</ul>\n  "
    weighing = ""
    if view["weighing"]:
        items = "".join(
            f'<li>{_e(item["text"])} <span class="tag">{_e(item["strength_label"])}</span> '
            f'<span class="muted">({_e(item["strength_source"])})</span></li>'
            for item in view["weighing"]
        )
        rule = _t(
            "How signs are combined follows the ILO and European Commission indicators; "
            "the rule is still awaiting confirmation."
        )
        weighing = (
            '\n<section aria-labelledby="weighing-heading">\n'
            f'  <h2 id="weighing-heading">{_t("The signs that weigh most")}</h2>\n'
            f"  <ul>{items}</ul>\n"
            f'  <p class="hint">{rule}</p>\n'
            "</section>\n"
        )
    return (
        '\n<section aria-labelledby="why-heading">\n'
        f'  <h2 id="why-heading">{_t("Why")}</h2>\n'
        f'  <ul class="help-list">{_items(result.get("explanation") or ())}</ul>\n'
        "</section>\n\n"
        '<section aria-labelledby="elements-heading">\n'
        f'  <h2 id="elements-heading">{_t("Elements of the definition")}</h2>\n'
        '  <table class="table">\n'
        f"    <caption>{_t('Human trafficking')}</caption>\n"
        f"    {head}\n"
        f"    <tbody>{_elements(view['trafficking_elements'])}</tbody>\n"
        "  </table>\n"
        f'  <p class="hint">{_e(view["not_required"])}</p>\n'
        '  <table class="table">\n'
        f"    <caption>{_t('Human smuggling')}</caption>\n"
        f"    {head}\n"
        f"    <tbody>{_elements(view['smuggling_elements'])}</tbody>\n"
        "  </table>\n"
        f"  {missing}\n"
        f"  {serious}\n"
        "</section>\n\n"
        f"{weighing}\n"
    )


def _action(action: dict[str, Any]) -> str:
    contact = ""
    if action.get("contact"):
        closest = f' <span class="tag">{_t("closest to you")}</span>' if action.get("recommended") else ""
        contact = (
            f"<strong>{_e(action['contact'].name)}</strong> ({_e(action['contact'].local_city)}){closest}<br>"
        )
    call = ""
    if action.get("tel"):
        word = pgettext("followed by a phone number", "Call")
        call = f'<br><a class="call" href="{_e(action["tel"])}">{word} {_e(action["phone"])}</a>'
    return f"\n    <li>\n      {contact}\n      {_e(action['text'])}\n      {call}\n    </li>\n  "


def professional_result(view: dict[str, Any]) -> SafeString:
    """``{% include "screening/_result.html" %}`` with ``audience`` professional, from the
    context :func:`keten.screening.display.result_view` gives."""
    result = view["result"]
    emergency = ""
    if view["emergency"] and view["emergency_action"]:
        action = view["emergency_action"]
        emergency = (
            '\n<section class="screening-emergency" aria-labelledby="emergency-heading">\n'
            f'  <h2 id="emergency-heading">{_t("Someone is in danger: call 112 now")}</h2>\n'
            f"  <p>{_e(action['text'])}</p>\n"
            f'  <p><a class="button button-danger screening-call" href="{_e(action["tel"])}">'
            f"{_t('Call 112')}</a></p>\n"
            "</section>\n"
        )
    victim = f'<span class="tag">{_t("Possible victim")}</span>' if result.get("possible_victim") else ""
    route = result.get("route") or {}
    html = (
        f"\n{emergency}\n\n"
        '\n<section class="panel screening-outcome" aria-labelledby="outcome-heading">\n'
        f'  <h2 id="outcome-heading">{_t("Qualification")}</h2>\n'
        f'  <p class="lead">{_e(view["headline"])}</p>\n'
        f'  <p><span class="tag">{_e(view["urgency_text"])}</span>\n'
        f"  {victim}</p>\n"
        f"  {_law(result)}\n"
        "</section>\n\n\n"
        '<section aria-labelledby="now-heading">\n'
        f'  <h2 id="now-heading">{_t("What to do now")}</h2>\n'
        '  <ol class="screening-actions">\n'
        f"  {''.join(_action(action) for action in view['actions'])}\n"
        "  </ol>\n"
        "</section>\n\n"
        "\n\n"
        '<section aria-labelledby="route-heading" class="screening-route">\n'
        f'  <h2 id="route-heading">{_e(route.get("title", ""))}</h2>\n'
        f'  <ol class="steps">{_items(route.get("steps") or ())}</ol>\n'
        "</section>\n\n"
        '<section aria-labelledby="dont-heading">\n'
        f'  <h2 id="dont-heading">{_t("What not to do")}</h2>\n'
        f'  <ul class="help-list">{_items(advice["text"] for advice in result.get("dont") or ())}</ul>\n'
        "</section>\n\n"
        f"\n{_legal_detail(view)}\n\n"
    )
    return mark_safe(html)  # noqa: S308 - every value above went through _e or _t


def summary(rows: list[dict[str, Any]]) -> SafeString:
    """``{% include "screening/_summary.html" %}`` without the "Change" buttons."""
    nothing = f'<span class="muted">{_t("Nothing given")}</span>'
    parts = [
        f"\n  <dt>{_e(row['title'])}</dt>\n"
        f"  <dd>{'<ul>' + _items(row['answers']) + '</ul>' if row['answers'] else nothing}\n  </dd>\n"
        for row in rows
    ]
    return mark_safe(f'<dl class="screening-summary">\n{"".join(parts)}\n</dl>\n')  # noqa: S308 - escaped
