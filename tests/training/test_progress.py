"""Progress per person: which cases are done, and which elements they miss most often."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from keten.training.services import progress_of
from tests.training.helpers import TrainingTestCase, answers_for


class ProgressTest(TrainingTestCase):
    def test_it_shows_nothing_done_at_first(self) -> None:
        response = self.login(self.worker_a, Client()).get(reverse("training:progress"))
        self.assertContains(response, "You have done 0 cases of 35.")
        self.assertContains(response, "Nothing missed so far.")

    def test_it_counts_cases_done_and_ranks_the_elements_missed(self) -> None:
        self.answer(self.worker_a, "01-loverboy", {**answers_for("01-loverboy"), "consent": "", "means": []})
        self.answer(
            self.worker_a, "28-club-with-consent", {**answers_for("28-club-with-consent"), "consent": ""}
        )
        self.answer(self.worker_a, "28-club-with-consent")  # a second, perfect try
        progress = progress_of(self.worker_a)
        self.assertEqual(progress.done_ids, {"01-loverboy", "28-club-with-consent"})
        self.assertEqual(progress.attempts, 3)
        self.assertEqual([element for element, _label, _count in progress.missed], ["consent", "aggravation"])
        self.assertEqual(progress.missed[0][2], 2)
        best = {item.case.id: (item.best, item.attempts) for item in progress.done}
        self.assertEqual(best["28-club-with-consent"], (8, 2))

        page = self.login(self.worker_a, Client()).get(reverse("training:progress")).content.decode()
        self.assertIn("You have done 2 cases of 35.", page)
        self.assertIn("Consent: missed 2 times", page)
        self.assertIn("Means and other aggravating circumstances: missed 1 time", page)
        self.assertLess(page.index('data-element="consent"'), page.index('data-element="aggravation"'))

    def test_it_keeps_each_person_s_progress_to_themselves(self) -> None:
        self.answer(self.worker_a, "01-loverboy", {**answers_for("01-loverboy"), "consent": ""})
        self.assertEqual(progress_of(self.worker_b).attempts, 0)
        page = self.login(self.worker_b, Client()).get(reverse("training:progress"))
        self.assertContains(page, "You have done 0 cases of 35.")

    def test_it_marks_done_cases_in_the_library(self) -> None:
        self.answer(self.worker_a, "13-sleeping-in-the-kitchen")
        page = self.login(self.worker_a, Client()).get(reverse("training:index")).content.decode()
        self.assertIn("You have done 1 case of 35.", page)
        self.assertEqual(page.count('<span class="tag">done</span>'), 1)
