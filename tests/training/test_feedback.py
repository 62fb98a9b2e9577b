"""The feedback compares the trainee's answers with the case, element by element, and says why."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client, SimpleTestCase
from django.urls import reverse
from django.utils import translation

from keten.core import next_steps
from keten.training.feedback import CONTACT_LABELS, ELEMENT_IDS, compare
from keten.training.library import get_case
from keten.training.models import Attempt
from tests.training.helpers import TrainingTestCase, answers_for


def marks_on_page(html: str) -> dict[str, bool]:
    rows = re.findall(r'data-element="([a-z_]+)" data-correct="(yes|no)"', html)
    return {element: correct == "yes" for element, correct in rows}


class FeedbackPageTest(TrainingTestCase):
    def feedback(self, case_id: str, **changes: Any) -> tuple[Attempt, str]:
        answers = {**answers_for(case_id), **changes}
        response = self.answer(self.worker_a, case_id, answers)
        self.assertEqual(response.status_code, 302)
        attempt = Attempt.objects.latest("pk")
        self.assertEqual(response["Location"], reverse("training:attempt", args=[attempt.pk]))
        page = self.login(self.worker_a, Client()).get(response["Location"])
        self.assertEqual(page.status_code, 200)
        return attempt, page.content.decode()

    def test_it_marks_every_element_right_when_the_answers_match_the_case(self) -> None:
        attempt, html = self.feedback("02-debt-of-the-journey")
        self.assertEqual(marks_on_page(html), dict.fromkeys(ELEMENT_IDS, True))
        self.assertEqual((attempt.correct, attempt.total), (8, 8))
        self.assertIn("You got 8 of 8 elements right.", html)
        self.assertIn(
            "Criminal Code of 1867, art. 433quinquies §1, and the new Criminal Code from 8 April 2026; "
            "Aliens Act of 15 December 1980, art. 77bis",
            html,
        )
        self.assertIn("What this case teaches", html)
        self.assertIn("Smuggling that turns into trafficking", html)

    def test_it_catches_an_aim_ticked_for_a_sex_worker_who_works_for_herself(self) -> None:
        attempt, html = self.feedback("03-independent-sex-worker", acts=[], purposes=["sexual"])
        marks = marks_on_page(html)
        self.assertFalse(marks["purpose"])
        self.assertTrue(marks["qualification"])
        self.assertEqual(attempt.marks["purpose"], False)
        self.assertIn("Criminal Code of 1867, art. 433quinquies §1, 1° to 5°", html)

    def test_it_marks_consent_and_means_missed_but_the_qualification_right(self) -> None:
        _attempt, html = self.feedback("01-loverboy", consent="", means=[])
        marks = marks_on_page(html)
        self.assertFalse(marks["consent"])
        self.assertFalse(marks["aggravation"])
        self.assertTrue(marks["qualification"])
        self.assertTrue(marks["act"])
        self.assertIn("Criminal Code of 1867, art. 433quinquies §1, last sentence", html)
        # No date of the facts: the law in force today, the new Code, is the source of the circumstances.
        self.assertIn("New Criminal Code, laws of 29 February 2024", html)

    def test_it_catches_an_eu_citizen_taken_for_someone_who_can_be_smuggled(self) -> None:
        _attempt, html = self.feedback("05-champagne-bar", nationality="TR")
        marks = marks_on_page(html)
        self.assertFalse(marks["border"])
        self.assertTrue(marks["qualification"])
        self.assertIn("Aliens Act of 15 December 1980, art. 77bis", html)

    def test_it_catches_smuggling_mistaken_for_trafficking(self) -> None:
        _attempt, html = self.feedback("23-truck-park", purposes=["labour"])
        marks = marks_on_page(html)
        self.assertFalse(marks["qualification"])
        self.assertFalse(marks["purpose"])
        self.assertFalse(marks["contacts"])  # labour exploitation would add the social inspection
        self.assertTrue(marks["border"])

    def test_it_catches_a_missed_child_in_urgency_and_whom_to_call(self) -> None:
        _attempt, html = self.feedback("06-girl-alone", age="")
        marks = marks_on_page(html)
        self.assertFalse(marks["urgency"])
        self.assertFalse(marks["contacts"])  # the guardianship service
        self.assertFalse(marks["aggravation"])
        self.assertIn("the guardianship service", html)

    def test_it_catches_a_missed_emergency(self) -> None:
        _attempt, html = self.feedback("32-locked-flat", immediate_danger="")
        marks = marks_on_page(html)
        self.assertFalse(marks["urgency"])
        self.assertFalse(marks["contacts"])
        self.assertIn("112, the emergency number", html)

    def test_it_names_whom_to_call_for_a_belgian_child_in_words(self) -> None:
        _attempt, html = self.feedback("01-loverboy")
        self.assertIn("the police, who inform the youth prosecutor, and youth care", html)
        self.assertIn("a shelter for child victims (Esperanto, Minor-Ndako)", html)
        self.assertNotIn("contact_minors_centre", html)
        self.assertNotIn("contact_youth_protection", html)

    def test_it_names_legal_aid_and_asylum_for_a_smuggled_person_in_words(self) -> None:
        _attempt, html = self.feedback("23-truck-park")
        self.assertIn("legal aid", html)
        self.assertIn("information about asylum", html)
        self.assertNotIn("contact_legal_aid", html)

    def test_it_catches_a_forgotten_date_when_the_law_changed_in_between(self) -> None:
        # Forced marriage is an aim of trafficking only under the new Code (from 8 April 2026).
        _attempt, html = self.feedback("35-wedding-in-february", facts_from="")
        marks = marks_on_page(html)
        self.assertFalse(marks["qualification"])
        self.assertTrue(marks["act"])
        _attempt, html = self.feedback("35-wedding-in-february")
        self.assertTrue(marks_on_page(html)["qualification"])


class ContactLabelTest(SimpleTestCase):
    def test_every_kind_of_action_has_a_label_in_every_language(self) -> None:
        self.assertEqual(set(CONTACT_LABELS), set(next_steps.ACTION_KINDS))
        for kind, label in CONTACT_LABELS.items():
            with translation.override("en"):
                english = str(label)
            for language in ("nl", "fr", "de"):
                with self.subTest(kind=kind, language=language), translation.override(language):
                    self.assertNotEqual(str(label), english)


class CompareTest(TrainingTestCase):
    def test_it_derives_both_sides_from_the_engine(self) -> None:
        case = get_case("24-boy-at-the-station")
        assert case is not None
        feedback = compare({**case.facts, "person": {"age": 19, "nationality": "AF"}}, case.facts)
        rows = {row.id: row for row in feedback.elements}
        self.assertFalse(rows["aggravation"].correct)
        self.assertEqual(rows["aggravation"].engine, "the person smuggled is a minor")
        self.assertEqual(rows["aggravation"].yours, "none")
        self.assertIn("Aliens Act of 15 December 1980, art. 77quater 1°", rows["aggravation"].detail_sources)
        self.assertFalse(rows["urgency"].correct)
        self.assertTrue(rows["qualification"].correct)
