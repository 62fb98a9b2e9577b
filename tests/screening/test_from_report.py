"""Turning a hotline report into a screening: the questionnaire starts from what the report says."""

from __future__ import annotations

from django.test import Client

from keten.audit.models import AuditEvent
from keten.intake.models import InboxAccess
from keten.intake.services import submit_report
from keten.screening.models import Screening
from tests.base import KetenTestCase


class ScreeningFromReportTests(KetenTestCase):
    def setUp(self) -> None:
        self.report, _code = submit_report(
            content={"what": "Workers sleep on the building site.", "postal_code": "9000"},
            form_of_exploitation="labour",
            immediate_danger=True,
        )
        self.url = f"/en/screening/?report={self.report.pk}"

    def test_it_starts_the_professional_questionnaire_with_what_the_report_says(self) -> None:
        self.login(self.operator)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn(f"This screening starts from report #{self.report.number}", html)
        self.assertIn('name="audience" value="professional"', html)
        self.assertIn('name="purposes" value="labour"', html)
        self.assertIn('name="immediate_danger" value="yes"', html)
        self.assertIn('name="postal_code" value="9000"', html)
        self.assertEqual(response["Cache-Control"], "no-store")
        self.assertEqual(Screening.objects.count(), 0)
        event = AuditEvent.objects.get(action="report.viewed", object_id=str(self.report.pk))
        self.assertEqual((event.actor, event.data), (self.operator, {"for": "screening"}))

    def test_it_ignores_the_report_for_someone_who_may_not_read_it(self) -> None:
        for client in (Client(), self.login(self.worker_a, Client()), self.login(self.outsider, Client())):
            with self.subTest(client=client):
                response = client.get(self.url)
                self.assertEqual(response.status_code, 200)
                self.assertNotContains(response, "starts from report")
                self.assertNotContains(response, "9000")
        self.assertFalse(AuditEvent.objects.filter(action="report.viewed").exists())

    def test_it_answers_a_missing_report_like_a_forbidden_one(self) -> None:
        self.login(self.operator)
        missing = self.client.get("/en/screening/?report=99999")
        self.assertEqual(missing.status_code, 200)
        self.assertNotContains(missing, "starts from report")

    def test_it_lets_an_organisation_granted_read_access_start_from_the_report(self) -> None:
        InboxAccess.objects.create(organisation=self.police, level="read", granted_at="2025-01-01T00:00Z")
        client = self.login(self.police_officer, Client())
        self.assertContains(client.get(self.url), "starts from report")

    def test_it_leaves_purposes_empty_when_the_reporter_was_not_sure(self) -> None:
        report, _code = submit_report(content={"what": "Something is off."}, form_of_exploitation="unsure")
        self.login(self.operator)
        html = self.client.get(f"/en/screening/?report={report.pk}").content.decode()
        self.assertIn("starts from report", html)
        self.assertNotIn('name="purposes"', html)
