"""The public demo: three cases anyone can try from the public pages, storing nothing at all."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from keten.knowledge.pages import PAGES_BY_NAME
from keten.training.library import demo_cases
from tests.training.helpers import TrainingTestCase, answers_for, posted

WRITES = ("INSERT", "UPDATE", "DELETE")


class DemoTest(TrainingTestCase):
    def test_it_links_the_public_recognition_page_to_the_training_and_the_demo(self) -> None:
        response = Client().get(reverse(PAGES_BY_NAME["recognise"].url_name))
        self.assertContains(response, reverse("training:demo"))
        self.assertContains(response, reverse("training:index"))
        self.assertContains(response, "Training for professionals")

    def test_it_lists_the_three_demo_cases(self) -> None:
        response = Client().get(reverse("training:demo"))
        for case in demo_cases():
            self.assertContains(response, reverse("training:demo_case", args=[case.id]))
        self.assertEqual(len(demo_cases()), 3)

    def test_it_answers_a_demo_case_with_feedback_without_storing_anything_or_setting_a_cookie(self) -> None:
        client = Client(enforce_csrf_checks=True)
        for case in demo_cases():
            url = reverse("training:demo_case", args=[case.id])
            with CaptureQueriesContext(connection) as queries:
                first = client.get(url)
                self.assertContains(first, case.title_in("en"))
                middle = client.post(url, {"step": "person", "go": "next", "age": "30"})
                self.assertContains(middle, "Step 2 of 7")
                last = client.post(url, posted(answers_for(case.id)))
            self.assertContains(last, "You got 8 of 8 elements right.")
            writes = [
                query["sql"]
                for query in queries.captured_queries
                if query["sql"].lstrip().upper().startswith(WRITES)
            ]
            self.assertEqual(writes, [], case.id)
            for response in (first, middle, last):
                self.assertEqual(response.cookies, {}, case.id)
                self.assertIn("no-store", response["Cache-Control"])

    def test_it_keeps_the_answers_and_names_the_problem_on_bad_input(self) -> None:
        url = reverse("training:demo_case", args=["01-loverboy"])
        response = Client().post(url, {**posted(answers_for("01-loverboy")), "age": "two hundred"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "There is a problem", status_code=400)
        self.assertContains(response, 'value="two hundred"', status_code=400)

    def test_it_offers_only_demo_cases_without_logging_in(self) -> None:
        self.assert_not_found(Client().get(reverse("training:demo_case", args=["02-debt-of-the-journey"])))
        self.assert_not_found(
            Client().post(reverse("training:demo_case", args=["02-debt-of-the-journey"]), {})
        )

    def test_it_shows_the_demo_case_in_french(self) -> None:
        case = demo_cases()[0]
        response = Client().get(f"/fr/training/demo/{case.id}/")
        self.assertContains(response, escape(case.story_in("fr")))
        self.assertContains(response, 'lang="fr"')
