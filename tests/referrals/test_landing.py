"""After every change made through a page, the person lands on a page they may see, with the
message saying what happened (never a 404 that also says "recorded")."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from keten.referrals.models import Consent, Referral, Status
from tests.referrals.helpers import ReferralTestCase, make_referral, url


class LandingTest(ReferralTestCase):
    def referral(self, status: str = Status.PENDING) -> Referral:
        return make_referral(
            sender=self.centre_a,
            to=self.prosecution,
            by=self.worker_a,
            case=self.case,
            scopes=["procedure"],
            status=status,
        )

    def assert_lands(self, response: Any, path: str, message: str) -> None:
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.redirect_chain[-1][0].split("#")[0], path)
        self.assertContains(response, message)

    def test_it_sends_the_receiver_back_to_the_inbox_after_declining(self) -> None:
        referral = self.referral()
        self.login(self.magistrate)
        response = self.client.post(
            url("answer", referral_id=referral.pk),
            {"decision": "decline", "reason": "Not our district"},
            follow=True,
        )
        self.assert_lands(response, url("inbox"), "You declined the referral")
        self.assertNotContains(response, f"#{referral.pk}<")

    def test_it_shows_the_referral_after_accepting(self) -> None:
        referral = self.referral()
        self.login(self.magistrate)
        response = self.client.post(
            url("answer", referral_id=referral.pk), {"decision": "accept"}, follow=True
        )
        self.assert_lands(response, url("detail", referral_id=referral.pk), "Your answer is recorded.")

    def test_it_shows_the_sender_the_referral_after_withdrawing(self) -> None:
        referral = self.referral(Status.ACCEPTED)
        self.login(self.worker_a)
        response = self.client.post(url("withdraw", referral_id=referral.pk), follow=True)
        self.assert_lands(response, url("detail", referral_id=referral.pk), "The referral is withdrawn")
        again = self.client.post(url("withdraw", referral_id=referral.pk), follow=True)
        self.assert_lands(again, url("detail", referral_id=referral.pk), "cannot be withdrawn")

    def test_it_shows_the_referral_after_recording_a_phase(self) -> None:
        referral = self.referral(Status.ACCEPTED)
        self.login(self.magistrate)
        response = self.client.post(
            url("record_phase", referral_id=referral.pk),
            {"phase": "prosecution", "started_on": timezone.localdate().isoformat(), "outcome": "ongoing"},
            follow=True,
        )
        self.assert_lands(response, url("detail", referral_id=referral.pk), "The phase is recorded.")

    def test_it_shows_the_new_referral_to_its_sender(self) -> None:
        from tests.referrals.helpers import make_report

        report = make_report()
        self.login(self.operator)
        response = self.client.post(
            url("new") + f"?report={report.pk}",
            {
                "report": report.pk,
                "to_organisation": self.police.pk,
                "purpose": "Please look into this",
                "scopes": ["situation"],
                "expires_on": timezone.localdate().isoformat(),
            },
            follow=True,
        )
        referral = Referral.objects.get()
        self.assert_lands(response, url("detail", referral_id=referral.pk), "The referral is sent.")

    def test_it_shows_the_centre_its_chain_and_case_after_recording(self) -> None:
        self.login(self.worker_a)
        today = timezone.localdate().isoformat()
        response = self.client.post(
            url("chain", case_id=self.case.pk),
            {"phase": "identification", "started_on": today, "outcome": "ongoing"},
            follow=True,
        )
        self.assert_lands(response, url("chain", case_id=self.case.pk), "The phase is recorded.")
        case_page = f"/en/cases/{self.case.pk}/chain/"
        response = self.client.post(
            url("consent", case_id=self.case.pk),
            {"scopes": ["procedure"], "recipient_kind": "prosecution", "given_on": today},
            follow=True,
        )
        self.assert_lands(response, case_page, "The consent is recorded.")
        consent = Consent.objects.get()
        response = self.client.post(
            url("withdraw_consent", case_id=self.case.pk, consent_id=consent.pk), follow=True
        )
        self.assert_lands(response, case_page, "The consent is withdrawn.")
