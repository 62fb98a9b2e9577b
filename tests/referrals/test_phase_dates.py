"""Chain phases record what happened: no start or end after today, no end before the start, in
the pages, the API and the service alike."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from keten.referrals import services
from keten.referrals.models import ChainPhase, Status
from tests.referrals.helpers import ReferralTestCase, make_referral, url
from tests.referrals.test_api import ApiTestMixin


class PhaseDatesTest(ApiTestMixin, ReferralTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.today = timezone.localdate()
        self.tomorrow = (self.today + timedelta(days=1)).isoformat()
        self.referral = make_referral(
            sender=self.centre_a,
            to=self.prosecution,
            by=self.worker_a,
            case=self.case,
            scopes=["procedure"],
            status=Status.ACCEPTED,
        )

    def errors(self, response: Any) -> dict[str, list[str]]:
        self.assertEqual(response.status_code, 400, response.content)
        errors: dict[str, list[str]] = response.json()["errors"]
        return errors

    def test_it_refuses_a_future_start_in_the_api(self) -> None:
        self.login(self.magistrate)
        path = f"/referrals/{self.referral.pk}/phases"
        response = self.post_json(path, {"phase": "conviction", "started_on": "2030-01-01"})
        self.assertEqual(self.errors(response), {"started_on": ["The start date cannot be after today."]})
        response = self.post_json(path, {"phase": "conviction", "started_on": self.tomorrow}, language="nl")
        self.assertEqual(self.errors(response), {"started_on": ["De begindatum mag niet na vandaag liggen."]})
        self.assertFalse(ChainPhase.objects.exists())
        today = self.post_json(path, {"phase": "conviction", "started_on": self.today.isoformat()})
        self.assertEqual(today.status_code, 201, today.content)

    def test_it_refuses_a_future_end_in_the_api(self) -> None:
        self.login(self.magistrate)
        path = f"/referrals/{self.referral.pk}/phases"
        body = {"phase": "prosecution", "started_on": "2026-01-01", "ended_on": self.tomorrow}
        self.assertEqual(
            self.errors(self.post_json(path, body)), {"ended_on": ["The end date cannot be after today."]}
        )
        body["ended_on"] = "2025-12-31"
        self.assertEqual(
            self.errors(self.post_json(path, body)), {"ended_on": ["The end comes before the start."]}
        )
        self.assertFalse(ChainPhase.objects.exists())

    def test_it_refuses_a_future_phase_of_the_centre_in_the_api(self) -> None:
        self.login(self.worker_a)
        response = self.post_json(
            f"/referrals/cases/{self.case.pk}/phases",
            {"phase": "identification", "started_on": self.tomorrow},
        )
        self.assertEqual(self.errors(response), {"started_on": ["The start date cannot be after today."]})
        self.assertFalse(ChainPhase.objects.exists())

    def test_it_refuses_future_dates_in_the_pages(self) -> None:
        self.login(self.magistrate)
        response = self.client.post(
            url("record_phase", referral_id=self.referral.pk),
            {"phase": "prosecution", "started_on": self.tomorrow, "outcome": "ongoing"},
        )
        self.assertContains(response, "The start date cannot be after today.", status_code=400)
        self.login(self.worker_a)
        response = self.client.post(
            url("chain", case_id=self.case.pk),
            {
                "phase": "identification",
                "started_on": self.today.isoformat(),
                "ended_on": self.tomorrow,
                "outcome": "done",
            },
        )
        self.assertContains(response, "The end date cannot be after today.", status_code=400)
        self.assertContains(response, f'max="{self.today.isoformat()}"', status_code=400)
        self.assertFalse(ChainPhase.objects.exists())

    def test_it_refuses_future_dates_in_the_service(self) -> None:
        membership = self.worker_a.memberships.get()
        tomorrow = self.today + timedelta(days=1)
        for started_on, ended_on, field in (
            (tomorrow, None, "started_on"),
            (self.today, tomorrow, "ended_on"),
            (self.today, self.today - timedelta(days=1), "ended_on"),
        ):
            with self.assertRaises(services.ReferralRefused) as refused:
                services.record_phase(
                    actor=self.worker_a,
                    membership=membership,
                    case=self.case,
                    phase="identification",
                    started_on=started_on,
                    ended_on=ended_on,
                    outcome="ongoing",
                )
            self.assertEqual(refused.exception.field, field)
        self.assertFalse(ChainPhase.objects.exists())
