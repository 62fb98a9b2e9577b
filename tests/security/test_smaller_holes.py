"""The smaller holes of issue 13, each reproduced first: referral summaries and withdrawal, the
``next`` address after the second factor, free text from a URL in the audit trail, and API errors."""

from __future__ import annotations

import time

from django.test import Client
from django.urls import reverse

from keten.accounts.devices import EncryptedTOTPDevice as TOTPDevice
from keten.accounts.views import PENDING_SINCE_KEY, PENDING_USER_KEY
from keten.audit.models import AuditEvent
from keten.cases.models import CaseAssignment
from keten.referrals.models import Referral, Status
from tests.base import InEnglish, KetenTestCase, current_totp, make_person
from tests.referrals.helpers import ReferralTestCase, make_referral, url


class ReferralOfAnotherWorkersCaseTests(ReferralTestCase):
    """Worker A2 works in centre A but is not assigned to the case worker A referred."""

    def setUp(self) -> None:
        super().setUp()
        self.colleague = make_person("colleague@pag-asa.example", self.centre_a, "social_worker")
        self.assertFalse(CaseAssignment.objects.filter(case=self.case, user=self.colleague).exists())
        self.referral = make_referral(
            sender=self.centre_a, to=self.police, by=self.worker_a, case=self.case, scopes=["situation"]
        )
        self.login(self.colleague)

    def test_it_hides_the_summary_from_a_colleague_who_may_not_open_the_case(self) -> None:
        self.assert_not_found(self.client.get(url("detail", referral_id=self.referral.pk)))
        self.assertNotContains(self.client.get(url("sent")), self.referral.purpose)
        self.assertEqual(self.client.get(f"/api/v1/referrals/{self.referral.pk}").status_code, 404)
        self.assertNotIn(
            self.referral.pk,
            [item["id"] for item in self.client.get("/api/v1/referrals/sent").json()["results"]],
        )

    def test_it_refuses_the_withdrawal_by_that_colleague(self) -> None:
        self.assert_not_found(self.client.post(url("withdraw", referral_id=self.referral.pk)))
        self.referral.refresh_from_db()
        self.assertEqual(self.referral.status, Status.ACCEPTED)

    def test_it_still_lets_the_assigned_worker_withdraw(self) -> None:
        self.login(self.worker_a)
        self.client.post(url("withdraw", referral_id=self.referral.pk))
        self.assertEqual(Referral.objects.get(pk=self.referral.pk).status, Status.WITHDRAWN)


class UnknownScopeTests(ReferralTestCase):
    def test_it_refuses_an_unknown_scope_without_writing_it_in_the_trail(self) -> None:
        referral = make_referral(
            sender=self.centre_a, to=self.police, by=self.worker_a, case=self.case, scopes=["situation"]
        )
        self.login(self.police_officer)
        typed = "call-me-at-0470123456"
        self.assert_not_found(self.client.get(url("part", referral_id=referral.pk, scope=typed)))
        self.assertEqual(self.client.get(f"/api/v1/referrals/{referral.pk}/parts/{typed}").status_code, 404)
        for event in AuditEvent.objects.all():
            self.assertNotIn("0470123456", str(event.data) + event.reason + event.object_id)


class NextAfterSecondFactorTests(InEnglish, KetenTestCase):
    def post_code(self, next_url: str) -> str:
        TOTPDevice.objects.filter(user=self.worker_a).update(last_t=-1)  # each code is used once
        client = Client()
        session = client.session
        session[PENDING_USER_KEY] = self.worker_a.pk
        session[PENDING_SINCE_KEY] = time.time()
        session.save()
        response = client.post(
            reverse("accounts:two_factor") + "?next=" + next_url, {"token": current_totp(self.worker_a)}
        )
        self.assertEqual(response.status_code, 302)
        return str(response["Location"])

    def test_it_goes_to_a_path_of_this_site(self) -> None:
        self.assertEqual(self.post_code("/en/cases/"), "/en/cases/")

    def test_it_refuses_another_site(self) -> None:
        for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"):
            with self.subTest(target=target):
                self.assertEqual(self.post_code(target), reverse("accounts:home"))


class ApiErrorsAreJsonTests(KetenTestCase):
    def assert_json(self, response: object, status: int) -> None:
        self.assertEqual(response.status_code, status)  # type: ignore[attr-defined]
        self.assertEqual(response["Content-Type"].split(";")[0], "application/json")  # type: ignore[index]
        self.assertIn("detail", response.json())  # type: ignore[attr-defined]

    def test_it_answers_an_unknown_address_with_json(self) -> None:
        self.assert_json(self.client.get("/api/v1/no-such-thing"), 404)
        self.assert_json(self.client.get("/api/v1/referrals/not-a-number"), 404)

    def test_it_answers_a_forbidden_post_with_json(self) -> None:
        client = Client(enforce_csrf_checks=True)
        self.login(self.worker_a, client)
        self.assert_json(client.post("/api/v1/referrals", data="{}", content_type="application/json"), 403)

    def test_it_answers_a_wrong_method_with_json(self) -> None:
        self.login(self.worker_a)
        response = self.client.delete("/api/v1/referrals/sent")
        self.assert_json(response, 405)

    def test_it_answers_a_missing_login_with_json(self) -> None:
        response = self.client.get("/api/v1/referrals/sent")
        self.assertEqual(response["Content-Type"].split(";")[0], "application/json")
        self.assertIn(response.status_code, (401, 404))

    def test_it_answers_bad_input_with_json(self) -> None:
        self.login(self.worker_a)
        response = self.client.post("/api/v1/referrals", data="not json", content_type="application/json")
        self.assertIn(response.status_code, (400, 422))
        self.assertEqual(response["Content-Type"].split(";")[0], "application/json")
