"""The signal page's result and answers, written in Python, are the shared templates' markup.

``keten.screening.rendering`` replaces ``screening/_result.html`` (professional audience) and
``screening/_summary.html`` on the signal page; these tests render both ways and compare, over
results with every optional part, in the four languages, with text that must be escaped.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from django.template.loader import render_to_string
from django.test import TestCase
from django.utils import translation
from django.utils.translation import gettext

from keten.core.screening import evaluate, parse_facts
from keten.screening import questionnaire as q
from keten.screening import rendering
from keten.screening.display import result_view

LANGUAGES = ("en", "nl", "fr", "de")
HOSTILE = "<script>alert('x')</script> & \"quoted\""

FACTS = {
    "person": {"age": 16, "nationality": "NG", "possibly_minor": False, "unaccompanied": None},
    "acts": ["recruitment", "transport"],
    "purposes": ["sexual"],
    "indicators": ["general.documents_taken"],
}


class FakeCentre:
    name = "Centre <A> & 'B'"
    local_city = 'Brussel & "Bruxelles"'
    phone = "+32 2 000 00 00"


def a_result() -> dict[str, Any]:
    return evaluate(parse_facts(FACTS), date(2026, 3, 1)).to_dict(gettext)


def views_of(result: dict[str, Any]) -> dict[str, Any]:
    return result_view(copy.deepcopy(result), q.PROFESSIONAL)


class RenderingTest(TestCase):
    def assert_same(self, view: dict[str, Any]) -> None:
        old = render_to_string("screening/_result.html", {**view, "audience": q.PROFESSIONAL})
        self.assertEqual(str(rendering.professional_result(view)), old)

    def test_a_result_reads_as_the_template_writes_it_in_every_language(self) -> None:
        for language in LANGUAGES:
            with self.subTest(language=language), translation.override(language):
                self.assert_same(views_of(a_result()))

    def test_every_optional_part_and_hostile_text_read_the_same(self) -> None:
        result = a_result()
        view = views_of(result)
        result = view["result"]
        result["possible_victim"] = False
        result["next_questions"] = [{"text": HOSTILE}, {"text": "Where does the person sleep?"}]
        result["aggravating_detail"] = [
            {"text": HOSTILE, "source": "art. 433septies", "confirmed": True},
            {"text": "A minor", "source": HOSTILE, "confirmed": False, "unconfirmed_reason": HOSTILE},
        ]
        result["law"]["date_assumed"] = False
        result["law"]["rule_sets"] = [
            {"title": HOSTILE, "offence": {"article": "art. 433quinquies"}},
            {"title": "Second", "offence": {"article": ""}},
            {"title": "Third"},
        ]
        result["explanation"] = [HOSTILE]
        result["route"] = {"title": HOSTILE, "steps": [HOSTILE, "Call the centre"]}
        result["dont"] = [{"text": HOSTILE}]
        view["emergency"] = True
        view["emergency_action"] = {"text": HOSTILE, "tel": "tel:112"}
        view["actions"] = [
            {
                "text": HOSTILE,
                "contact": FakeCentre(),
                "recommended": True,
                "tel": "tel:+3220000000",
                "phone": HOSTILE,
            },
            {"text": "Write it down", "contact": None, "tel": None, "phone": None},
            {"text": "Ask", "contact": FakeCentre(), "recommended": False, "tel": None, "phone": None},
        ]
        view["headline"] = HOSTILE
        view["weighing"] = [{"text": HOSTILE, "strength_label": "strong", "strength_source": HOSTILE}]
        for language in LANGUAGES:
            with self.subTest(language=language), translation.override(language):
                self.assert_same(view)
        view["weighing"] = []
        view["emergency_action"] = None
        result["aggravating_detail"] = []
        result["next_questions"] = []
        result["law"]["rule_sets"] = []
        result["law"]["date_assumed"] = True
        self.assert_same(view)

    def test_the_answers_read_as_the_summary_template_writes_them(self) -> None:
        for language in LANGUAGES:
            with self.subTest(language=language), translation.override(language):
                rows = q.summary(q.from_facts(FACTS), q.PROFESSIONAL)
                self.assertTrue(any(row["answers"] for row in rows))
                self.assertTrue(any(not row["answers"] for row in rows))
                rows.append({"step": "x", "title": HOSTILE, "answers": [HOSTILE]})
                old = render_to_string("screening/_summary.html", {"summary": rows})
                self.assertEqual(str(rendering.summary(rows)), old)
                self.assertNotIn("<script>", old)


class ChosenSignsTest(TestCase):
    def test_the_summary_lists_the_ticked_signs_in_the_order_the_questions_show_them(self) -> None:
        from keten.core import indicators

        for child in (True, False):
            catalogue = indicators.catalogue_for(child=child)
            every_third = [item.id for item in catalogue][::3]
            answers = q.from_facts({**FACTS, "indicators": every_third})
            if not child:
                answers["age"] = "30"
            shown = [
                str(option.label)
                for question in q.indicator_questions(answers, q.PROFESSIONAL)
                for option in question.options
                if option.checked
            ]
            self.assertGreater(len(shown), 5)
            self.assertEqual(q.chosen_signs(answers), shown)
