from __future__ import annotations

import re

from django.core import mail
from django.urls import reverse

from keten.accounts.devices import EncryptedTOTPDevice as TOTPDevice
from keten.accounts.models import Membership, User
from keten.audit.models import AuditEvent
from tests.base import InEnglish, KetenTestCase, make_person


class InviteTests(InEnglish, KetenTestCase):
    def invite(self, **overrides: str):  # type: ignore[no-untyped-def]
        data = {
            "email": "new.worker@pag-asa.example",
            "full_name": "New Worker",
            "organisation": str(self.centre_a.pk),
            "role": "social_worker",
            "language": "nl",
        }
        data.update(overrides)
        return self.client.post(reverse("accounts:invite"), data)

    def test_it_lets_an_installation_administrator_appoint_an_administrator_who_sets_a_password(self) -> None:
        self.login(self.admin)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.invite(role="administrator")
        self.assertRedirects(response, reverse("accounts:people"))
        person = User.objects.get(email="new.worker@pag-asa.example")
        self.assertFalse(person.has_usable_password())
        self.assertTrue(Membership.objects.filter(user=person, organisation=self.centre_a).exists())
        self.assertEqual(len(mail.outbox), 1)
        self.assertIn("Keten", mail.outbox[0].body)
        link = re.search(r"http\S+/password/set/\S+/", mail.outbox[0].body)
        assert link is not None
        self.client.post(reverse("accounts:logout"))
        page = self.client.get(link.group(0).replace("http://127.0.0.1:8000", ""), follow=True)
        self.assertContains(page, "password")
        response = self.client.post(
            page.redirect_chain[-1][0],
            {"new_password1": "a brand new long password", "new_password2": "a brand new long password"},
        )
        self.assertRedirects(response, reverse("accounts:password_reset_complete"))
        person.refresh_from_db()
        self.assertTrue(person.check_password("a brand new long password"))
        self.assertTrue(
            AuditEvent.objects.filter(action="account.invited", object_id=str(person.pk)).exists()
        )

    def test_it_lets_an_organisation_administrator_staff_their_own_organisation(self) -> None:
        centre_admin = make_person("admin@pag-asa.example", self.centre_a, "administrator")
        self.login(centre_admin)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.invite()
        self.assertRedirects(response, reverse("accounts:people"))
        self.assertTrue(
            Membership.objects.filter(user__email="new.worker@pag-asa.example", role="social_worker").exists()
        )

    def test_it_limits_an_administrator_to_their_own_organisations(self) -> None:
        hotline_admin = make_person("admin@hotline.example", self.hotline, "administrator")
        self.login(hotline_admin)
        response = self.invite()
        self.assertEqual(response.status_code, 400)
        self.assertFalse(User.objects.filter(email="new.worker@pag-asa.example").exists())

    def test_it_refuses_a_role_that_does_not_fit_the_organisation(self) -> None:
        self.login(self.admin)
        response = self.invite(role="magistrate")
        self.assertContains(response, "does not exist in this kind", status_code=400)
        self.assertContains(response, "new.worker@pag-asa.example", status_code=400)

    def test_it_lets_nobody_but_administrators_manage_people(self) -> None:
        for name, user in self.named_users().items():
            if name == "admin":
                continue
            self.login(user)
            for url in (reverse("accounts:people"), reverse("accounts:invite")):
                self.assert_not_found(self.client.get(url))
            self.assert_not_found(self.invite())
            membership = Membership.objects.get(user=self.worker_b)
            self.assert_not_found(self.client.post(reverse("accounts:end_membership", args=[membership.pk])))
            self.assert_not_found(
                self.client.post(
                    reverse("accounts:reset_second_factor", args=[self.worker_b.pk]), {"reason": "lost"}
                )
            )
        self.assertEqual(User.objects.filter(email="new.worker@pag-asa.example").count(), 0)
        self.assertTrue(Membership.objects.get(user=self.worker_b).is_active)

    def test_it_sends_anonymous_visitors_to_login(self) -> None:
        response = self.client.get(reverse("accounts:people"))
        self.assertEqual(response.status_code, 302)


class ManageMembershipTests(InEnglish, KetenTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.login(self.admin)

    def test_it_ends_a_membership_and_the_person_loses_their_role(self) -> None:
        membership = Membership.objects.get(user=self.worker_b)
        self.client.post(reverse("accounts:end_membership", args=[membership.pk]))
        membership.refresh_from_db()
        self.assertFalse(membership.is_active)
        self.assertFalse(self.worker_b.has_role("social_worker"))

    def test_it_resets_a_lost_authenticator(self) -> None:
        self.client.post(
            reverse("accounts:reset_second_factor", args=[self.worker_b.pk]), {"reason": "Phone lost"}
        )
        self.assertFalse(TOTPDevice.objects.filter(user=self.worker_b).exists())
        self.assertTrue(AuditEvent.objects.filter(action="account.two_factor_reset").exists())

    def test_it_lists_people(self) -> None:
        response = self.client.get(reverse("accounts:people"))
        self.assertContains(response, self.worker_a.email)


class SwitchMembershipTests(InEnglish, KetenTestCase):
    def test_it_lets_a_person_work_for_a_second_organisation(self) -> None:
        second = Membership.objects.create(
            user=self.worker_a, organisation=self.hotline, role="hotline_operator"
        )
        self.login(self.worker_a)
        self.client.post(reverse("accounts:switch_membership"), {"membership": second.pk})
        response = self.client.get(reverse("accounts:home"))
        self.assertContains(response, "Hotline")

    def test_it_refuses_to_switch_to_someone_elses_membership(self) -> None:
        self.login(self.worker_a)
        other = Membership.objects.get(user=self.worker_b)
        self.assert_not_found(
            self.client.post(reverse("accounts:switch_membership"), {"membership": other.pk})
        )
