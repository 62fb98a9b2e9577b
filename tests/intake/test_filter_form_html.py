"""The inbox's filter form, built from pieces once per language, writes exactly what the form's
own rendering (``{% field_row %}`` and the widget templates) writes: names, ids, labels, chosen
values, escaping, errors."""

from __future__ import annotations

from django.http import QueryDict
from django.test import SimpleTestCase
from django.utils import translation

from keten.accounts.templatetags.fields import field_row
from keten.intake.filter_form_html import filter_fields_html
from keten.intake.forms import InboxFilterForm

FILTERS = [
    None,
    "",
    "q=42",
    "q=%3Ca+href%3D%22x%22%3E%27%26",  # <a href="x">'&
    "q=+spaces+",
    "danger=1",
    "danger=on",
    "danger=false",
    "danger=",
    "due=overdue&state=new&channel=phone&form=labour&assigned=me&label=car+wash"
    "&received_from=2026-01-02&received_to=2026-02-03&sort=-number",
    "state=&channel=&received_from=&received_to=&sort=",
    "assigned=nobody&assigned=me",  # the last value counts, as for the widgets
    "sort=priority&due=waiting",
    "form=unsure&channel=professional",
]

#: Errors of visible fields, shown next to them.
WITH_ERRORS = ["state=bogus", "received_from=not-a-date", "q=" + "9" * 61]


def usual(form: InboxFilterForm) -> tuple[str, str]:
    return (
        "".join(field_row(field) for field in form.visible_fields()),
        "".join(str(field) for field in form.hidden_fields()),
    )


def form_for(query: str | None) -> InboxFilterForm:
    return InboxFilterForm(None if query is None else (QueryDict(query) or None))


class FilterFormHtmlTests(SimpleTestCase):
    def test_it_writes_what_the_form_writes_in_every_language(self) -> None:
        for language in ("en", "nl", "fr", "de"):
            for query in FILTERS:
                with self.subTest(language=language, query=query), translation.override(language):
                    form = form_for(query)
                    self.assertFalse(form.is_bound and form.errors)
                    self.assertEqual(tuple(filter_fields_html(form)), usual(form_for(query)))

    def test_a_chosen_value_is_selected_and_what_was_typed_is_escaped(self) -> None:
        with translation.override("en"):
            visible, hidden = filter_fields_html(form_for(FILTERS[9]))
            self.assertIn('<option value="labour" selected>Labour exploitation</option>', visible)
            self.assertIn(
                '<input type="date" name="received_from" value="2026-01-02" id="id_received_from">', visible
            )
            self.assertEqual(hidden, '<input type="hidden" name="sort" value="-number" id="id_sort">')
            visible, _hidden = filter_fields_html(form_for(FILTERS[3]))
            self.assertIn('value="&lt;a href=&#34;x&#34;&gt;&#39;&amp;"', visible)
            self.assertNotIn('<a href="x">', visible)
            visible, _hidden = filter_fields_html(form_for("danger=1"))
            self.assertIn('<input type="checkbox" name="danger" id="id_danger" checked>', visible)

    def test_a_form_with_errors_shows_them_as_the_form_does(self) -> None:
        with translation.override("en"):
            for query in WITH_ERRORS:
                with self.subTest(query=query):
                    visible, hidden = filter_fields_html(form_for(query))
                    self.assertIn('class="error"', visible)
                    self.assertIn('aria-invalid="true"', visible)
                    self.assertEqual((visible, hidden), usual(form_for(query)))
            # A wrong sorting (a hidden field) is dropped as the form drops it.
            self.assertEqual(
                tuple(filter_fields_html(form_for("sort=sideways"))), usual(form_for("sort=sideways"))
            )

    def test_the_pieces_follow_the_language(self) -> None:
        with translation.override("en"):
            english, _hidden = filter_fields_html(form_for(None))
        with translation.override("fr"):
            french, _hidden = filter_fields_html(form_for(None))
        self.assertIn(">Phone call</option>", english)
        self.assertNotIn(">Phone call</option>", french)
        self.assertNotEqual(english, french)
