"""Saving a screening, handing it over as a signal, and the inbox of signals received."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import translation

from keten.accounts.models import User
from keten.audit.models import AuditEvent
from keten.core.screening import RULES_VERSION
from keten.screening.models import Handover, HandoverStatus, Screening
from tests.base import KetenTestCase

ANSWERS = {
    "age": "16",
    "nationality": "NG",
    "acts": ["recruitment", "transport"],
    "purposes": ["sexual"],
    "indicators": ["general.documents_taken"],
    "postal_code": "1000",
}

EVERYONE = [
    "worker_a",
    "worker_b",
    "manager_a",
    "police_officer",
    "magistrate",
    "inspector",
    "immigration_officer",
    "operator",
    "admin",
    "outsider",
]


class ScreeningTestCase(KetenTestCase):
    def setUp(self) -> None:
        translation.activate("en")
        self.addCleanup(translation.deactivate)

    def save_as(self, user: User, **extra: Any) -> Any:
        client = self.login(user, Client())
        return client.post(reverse("screening:save"), {**ANSWERS, **extra})

    def saved_by_worker_a(self) -> Screening:
        response = self.save_as(self.worker_a, recording_consent="yes")
        self.assertEqual(response.status_code, 302)
        return Screening.objects.get()

    def hand_over(self, user: User, screening: Screening, **data: Any) -> Any:
        client = self.login(user, Client())
        return client.post(reverse("screening:handover", args=[screening.pk]), data)

    def handover_to_hotline(self) -> Handover:
        screening = self.saved_by_worker_a()
        response = self.hand_over(self.worker_a, screening, to_organisation=self.hotline.pk, consent="yes")
        self.assertEqual(response.status_code, 302)
        return Handover.objects.get()


class SaveTest(ScreeningTestCase):
    def test_it_saves_the_facts_and_the_result_encrypted(self) -> None:
        screening = self.saved_by_worker_a()
        self.assertEqual(screening.author, self.worker_a)
        self.assertEqual(screening.organisation, self.centre_a)
        self.assertEqual(screening.consent, "yes")
        self.assertEqual(screening.rules_version, RULES_VERSION)
        self.assertEqual(
            screening.facts["person"],
            {"age": 16, "nationality": "NG", "possibly_minor": False, "unaccompanied": None},
        )
        self.assertEqual(screening.result["qualification"], "trafficking")
        self.assertEqual(screening.result["urgency"], "urgent")
        with connection.cursor() as cursor:
            cursor.execute("SELECT facts, result FROM screening_screening")
            facts, result = cursor.fetchone()
        self.assertNotIn(b"NG", bytes(facts))
        self.assertNotIn(b"trafficking", bytes(result))
        event = AuditEvent.objects.get(action="screening.saved")
        self.assertEqual(event.actor, self.worker_a)
        self.assertEqual(event.object_id, str(screening.pk))

    def test_it_redirects_to_the_saved_screening(self) -> None:
        response = self.save_as(self.worker_a)
        self.assertRedirects(response, reverse("screening:detail", args=[Screening.objects.get().pk]))

    def test_it_sends_bad_facts_back_to_their_step(self) -> None:
        response = self.save_as(self.worker_a, age="old")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, 'name="step" value="person"', status_code=400)
        self.assertFalse(Screening.objects.exists())

    def test_it_refuses_get(self) -> None:
        client = self.login(self.worker_a, Client())
        self.assertEqual(client.get(reverse("screening:save")).status_code, 405)

    def test_it_sends_anonymous_people_to_the_login_page(self) -> None:
        response = Client().post(reverse("screening:save"), ANSWERS)
        self.assertEqual(response.status_code, 302)
        self.assertIn("/accounts/login/", response["Location"])
        self.assertFalse(Screening.objects.exists())

    def test_it_refuses_without_the_second_factor(self) -> None:
        client = self.login_password_only(self.worker_a, Client())
        response = client.post(reverse("screening:save"), ANSWERS)
        self.assertNotEqual(response.status_code, 200)
        self.assertFalse(Screening.objects.exists())

    def test_it_lets_every_member_of_an_organisation_save_but_not_an_outsider(self) -> None:
        for name, user in self.named_users().items():
            with self.subTest(name):
                response = self.save_as(user)
                if name == "outsider":
                    self.assert_not_found(response)
                else:
                    self.assertEqual(response.status_code, 302)
        self.assertEqual(Screening.objects.count(), len(EVERYONE) - 1)

    def test_it_offers_saving_on_the_result_page_to_a_professional(self) -> None:
        client = self.login(self.worker_a, Client())
        data = {**ANSWERS, "audience": "professional", "step": "danger", "go": "next"}
        response = client.post(reverse("screening:questions"), data)
        self.assertContains(response, "Save this screening")
        self.assertContains(response, "csrfmiddlewaretoken")


class ListAndViewTest(ScreeningTestCase):
    def test_it_lists_only_the_organisations_own_screenings(self) -> None:
        mine = self.saved_by_worker_a()
        self.save_as(self.worker_b)
        for name, user in self.named_users().items():
            with self.subTest(name):
                response = self.login(user, Client()).get(reverse("screening:list"))
                if name == "outsider":
                    self.assert_not_found(response)
                    continue
                self.assertEqual(response.status_code, 200)
                link = reverse("screening:detail", args=[mine.pk])
                if name in ("worker_a", "manager_a"):
                    self.assertContains(response, link)
                else:
                    self.assertNotContains(response, link)

    def test_it_shows_a_saved_screening_to_its_organisation_only(self) -> None:
        screening = self.saved_by_worker_a()
        for name, user in self.named_users().items():
            with self.subTest(name):
                response = self.login(user, Client()).get(reverse("screening:detail", args=[screening.pk]))
                if name in ("worker_a", "manager_a"):
                    self.assertContains(response, "Qualification")
                    self.assertContains(response, "Pass it on as a signal")
                else:
                    self.assert_not_found(response)
        viewers = AuditEvent.objects.filter(action="screening.viewed").values_list("actor__email", flat=True)
        self.assertEqual(sorted(viewers), sorted([self.worker_a.email, self.manager_a.email]))

    def test_it_answers_404_for_a_screening_that_does_not_exist(self) -> None:
        self.assert_not_found(
            self.login(self.worker_a, Client()).get(reverse("screening:detail", args=[999]))
        )


class HandoverTest(ScreeningTestCase):
    def test_it_hands_over_with_consent(self) -> None:
        handover = self.handover_to_hotline()
        self.assertEqual(handover.to_organisation, self.hotline)
        self.assertEqual(handover.consent, "yes")
        self.assertEqual(handover.legal_basis, "")
        self.assertEqual(handover.handed_by, self.worker_a)
        self.assertEqual(handover.status, HandoverStatus.NEW)
        self.assertTrue(AuditEvent.objects.filter(action="screening.handed_over").exists())

    def test_it_refuses_without_consent_or_legal_basis(self) -> None:
        screening = self.saved_by_worker_a()
        response = self.hand_over(self.worker_a, screening, to_organisation=self.centre_b.pk, consent="no")
        self.assertContains(
            response, "you may only pass this on when there is a legal basis", status_code=400
        )
        self.assertFalse(Handover.objects.exists())

    def test_it_refuses_without_saying_whether_the_person_agreed(self) -> None:
        screening = self.saved_by_worker_a()
        response = self.hand_over(self.worker_a, screening, to_organisation=self.centre_b.pk)
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Handover.objects.exists())

    def test_it_accepts_the_legal_basis_for_a_minor_in_danger(self) -> None:
        screening = self.saved_by_worker_a()
        response = self.hand_over(
            self.worker_a,
            screening,
            to_organisation=self.centre_b.pk,
            consent="no",
            legal_basis="minor_in_danger",
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Handover.objects.get().legal_basis, "minor_in_danger")

    def test_it_refuses_the_minor_basis_for_an_adult(self) -> None:
        self.save_as(self.worker_a, age="30")
        screening = Screening.objects.get()
        response = self.hand_over(
            self.worker_a,
            screening,
            to_organisation=self.centre_b.pk,
            consent="no",
            legal_basis="minor_in_danger",
        )
        self.assertContains(response, "does not give an age under 18", status_code=400)
        self.assertFalse(Handover.objects.exists())

    def test_it_only_hands_over_to_a_centre_or_the_hotline(self) -> None:
        screening = self.saved_by_worker_a()
        for organisation in (self.police, self.prosecution, self.centre_a):
            with self.subTest(organisation.slug):
                response = self.hand_over(
                    self.worker_a, screening, to_organisation=organisation.pk, consent="yes"
                )
                self.assertEqual(response.status_code, 400)
        self.assertFalse(Handover.objects.exists())

    def test_it_lets_only_the_organisation_hand_over(self) -> None:
        screening = self.saved_by_worker_a()
        for name, user in self.named_users().items():
            with self.subTest(name):
                response = self.hand_over(user, screening, to_organisation=self.hotline.pk, consent="yes")
                if name in ("worker_a", "manager_a"):
                    self.assertEqual(response.status_code, 302)
                else:
                    self.assert_not_found(response)
        self.assertEqual(Handover.objects.count(), 2)


class InboxTest(ScreeningTestCase):
    def test_it_shows_the_signal_in_the_receiving_inbox_only(self) -> None:
        handover = self.handover_to_hotline()
        link = reverse("screening:received", args=[handover.pk])
        for name, user in self.named_users().items():
            with self.subTest(name):
                response = self.login(user, Client()).get(reverse("screening:inbox"))
                if name == "operator":
                    self.assertContains(response, link)
                elif name in ("worker_a", "worker_b", "manager_a"):
                    self.assertEqual(response.status_code, 200)
                    self.assertNotContains(response, link)
                else:
                    self.assert_not_found(response)

    def test_it_lets_only_the_receiver_open_the_signal(self) -> None:
        handover = self.handover_to_hotline()
        for name, user in self.named_users().items():
            with self.subTest(name):
                response = self.login(user, Client()).get(reverse("screening:received", args=[handover.pk]))
                if name == "operator":
                    self.assertContains(response, "Take up this signal")
                    self.assertContains(response, "Qualification")
                else:
                    self.assert_not_found(response)
        opened = AuditEvent.objects.filter(action="screening.signal_opened")
        self.assertEqual([event.actor for event in opened], [self.operator])

    def test_it_lets_only_the_receiver_take_it_up_once(self) -> None:
        handover = self.handover_to_hotline()
        url = reverse("screening:take_up", args=[handover.pk])
        for name, user in self.named_users().items():
            if name == "operator":
                continue
            with self.subTest(name):
                self.assert_not_found(self.login(user, Client()).post(url))
        handover.refresh_from_db()
        self.assertEqual(handover.status, HandoverStatus.NEW)

        client = self.login(self.operator, Client())
        self.assertRedirects(client.post(url), reverse("screening:received", args=[handover.pk]))
        handover.refresh_from_db()
        self.assertEqual(handover.status, HandoverStatus.TAKEN_UP)
        self.assertEqual(handover.taken_up_by, self.operator)
        self.assertTrue(AuditEvent.objects.filter(action="screening.signal_taken_up").exists())
        response = client.post(url, follow=True)
        self.assertContains(response, "already been taken up")
        self.assertEqual(AuditEvent.objects.filter(action="screening.signal_taken_up").count(), 1)

    def test_it_refuses_get_to_take_up(self) -> None:
        handover = self.handover_to_hotline()
        client = self.login(self.operator, Client())
        self.assertEqual(client.get(reverse("screening:take_up", args=[handover.pk])).status_code, 405)

    def test_it_shows_the_sender_the_status(self) -> None:
        handover = self.handover_to_hotline()
        self.login(self.operator, Client()).post(reverse("screening:take_up", args=[handover.pk]))
        response = self.login(self.worker_a, Client()).get(
            reverse("screening:detail", args=[handover.screening_id])
        )
        self.assertContains(response, "Taken up")


class DashboardTest(ScreeningTestCase):
    def test_it_adds_the_screening_panel_to_my_work(self) -> None:
        response = self.login(self.operator, Client()).get(reverse("accounts:home"))
        self.assertContains(response, reverse("screening:list"))
        self.assertContains(response, reverse("screening:inbox"))
        response = self.login(self.police_officer, Client()).get(reverse("accounts:home"))
        self.assertContains(response, reverse("screening:list"))
        self.assertNotContains(response, reverse("screening:inbox"))
