"""Who may open which training page: trainees, trainers, other roles, people without an
organisation, and anonymous visitors. Forbidden and missing answer alike (404)."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from keten.training.models import Attempt, TrainingGroup
from tests.training.helpers import TrainingTestCase

TRAINEE_PAGES = [
    ("training:index", []),
    ("training:case", ["01-loverboy"]),
    ("training:progress", []),
]


class AnonymousTest(TrainingTestCase):
    def test_it_sends_anonymous_visitors_to_the_login_page(self) -> None:
        for name, args in [*TRAINEE_PAGES, ("training:groups", [])]:
            response = Client().get(reverse(name, args=args))
            self.assertEqual(response.status_code, 302, name)
            self.assertIn(reverse("accounts:login"), response["Location"])

    def test_it_stores_nothing_for_an_anonymous_answer(self) -> None:
        response = Client().post(reverse("training:answer", args=["01-loverboy"]), {"step": "danger"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Attempt.objects.count(), 0)

    def test_it_refuses_a_password_without_the_second_factor(self) -> None:
        client = self.login_password_only(self.worker_a, Client())
        response = client.get(reverse("training:index"))
        self.assertEqual(response.status_code, 302)


class TraineeTest(TrainingTestCase):
    def test_it_opens_the_training_to_every_role_of_every_organisation(self) -> None:
        everyone = {**self.named_users(), "trainer": self.trainer}
        del everyone["outsider"]
        for label, user in everyone.items():
            client = self.login(user, Client())
            for name, args in TRAINEE_PAGES:
                with self.subTest(user=label, page=name):
                    self.assertEqual(client.get(reverse(name, args=args)).status_code, 200)

    def test_it_shows_nothing_to_a_person_without_an_organisation(self) -> None:
        client = self.login(self.outsider, Client())
        for name, args in [*TRAINEE_PAGES, ("training:groups", [])]:
            self.assert_not_found(client.get(reverse(name, args=args)))
        self.assert_not_found(self.answer(self.outsider, "01-loverboy"))
        self.assertEqual(Attempt.objects.count(), 0)

    def test_it_answers_404_for_a_case_that_does_not_exist(self) -> None:
        client = self.login(self.worker_a, Client())
        self.assert_not_found(client.get(reverse("training:case", args=["99-nothing"])))

    def test_it_hides_one_person_s_answers_from_everyone_else(self) -> None:
        self.answer(self.worker_a, "01-loverboy")
        attempt = Attempt.objects.get()
        url = reverse("training:attempt", args=[attempt.pk])
        self.assertEqual(self.login(self.worker_a, Client()).get(url).status_code, 200)
        for user in (self.worker_b, self.manager_a, self.trainer, self.admin, self.outsider):
            self.assert_not_found(self.login(user, Client()).get(url))

    def test_it_refuses_an_answer_without_the_csrf_token(self) -> None:
        client = self.login(self.worker_a, Client(enforce_csrf_checks=True))
        response = client.post(reverse("training:answer", args=["01-loverboy"]), {"step": "danger"})
        self.assertEqual(response.status_code, 403)
        self.assertEqual(Attempt.objects.count(), 0)


class TrainerPagesTest(TrainingTestCase):
    def test_it_shows_group_pages_only_to_trainers(self) -> None:
        self.assertEqual(self.login(self.trainer, Client()).get(reverse("training:groups")).status_code, 200)
        for label, user in self.named_users().items():
            with self.subTest(user=label):
                client = self.login(user, Client())
                self.assert_not_found(client.get(reverse("training:groups")))
                response = client.post(reverse("training:groups"), {"name": "Mine", "cases": ["01-loverboy"]})
                self.assert_not_found(response)
        self.assertEqual(TrainingGroup.objects.count(), 0)

    def test_it_keeps_each_trainer_to_their_own_groups(self) -> None:
        group = TrainingGroup.objects.create(
            name="Centre A", organisation=self.centre_a, trainer=self.trainer, case_ids=["01-loverboy"]
        )
        url = reverse("training:group", args=[group.pk])
        self.assertEqual(self.login(self.trainer, Client()).get(url).status_code, 200)
        for user in (self.police_trainer, self.manager_a, self.admin, self.worker_a):
            client = self.login(user, Client())
            self.assert_not_found(client.get(url))
            self.assert_not_found(client.post(url, {"name": "Taken", "cases": ["01-loverboy"]}))
        group.refresh_from_db()
        self.assertEqual(group.name, "Centre A")
