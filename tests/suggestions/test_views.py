"""The suggestions pages: same access as the report or the file, audited, text shown with <mark>."""

from __future__ import annotations

import logging

from django.test import Client

from keten.accounts.models import User
from keten.audit.models import AuditEvent
from keten.cases import services as case_services
from keten.intake.models import InboxAccess
from tests.cases.helpers import CaseTestCase
from tests.intake.test_inbox import make_report

SECRET_TEXT = "Het paspoort van Amira werd afgenomen door Bouw Janssens BV, bel 0470 12 34 56."


class ReportSuggestionsTests(CaseTestCase):
    def setUp(self) -> None:
        self.report = make_report(what=SECRET_TEXT, who="twee jonge vrouwen")
        self.url = f"/en/suggestions/report/{self.report.pk}/"

    def status(self, user: User | None) -> int:
        client = Client()
        if user is not None:
            self.login(user, client)
        return int(client.get(self.url).status_code)

    def test_only_those_who_may_read_the_report_see_its_suggestions(self) -> None:
        InboxAccess.objects.create(
            organisation=self.prosecution, level="read", granted_at="2025-01-01T00:00Z"
        )
        allowed = {"operator", "magistrate"}
        for name, user in self.named_users().items():
            with self.subTest(user=name):
                self.assertEqual(self.status(user), 200 if name in allowed else 404)
        self.assertEqual(self.status(None), 302)

    def test_a_missing_report_answers_like_a_forbidden_one(self) -> None:
        self.login(self.operator)
        self.assertEqual(self.client.get("/en/suggestions/report/999999/").status_code, 404)

    def test_it_refuses_changes(self) -> None:
        self.login(self.operator)
        self.assertEqual(self.client.post(self.url).status_code, 405)

    def test_it_shows_the_text_with_the_triggering_words_marked_and_the_suggestions(self) -> None:
        self.login(self.operator)
        response = self.client.get(self.url)
        page = response.content.decode()
        self.assertIn("<mark>paspoort</mark>", page)
        self.assertIn("<mark>afgenomen</mark>", page)
        self.assertIn("<mark>0470 12 34 56</mark>", page)
        self.assertIn("<code>+32470123456</code>", page)
        self.assertIn('data-code="general.documents_taken"', page)
        self.assertIn("Someone else holds their passport or identity card", page)
        self.assertIn("suggestions, not decisions", page)
        self.assertNotIn("style=", page)
        self.assertNotIn("<script>", page)

    def test_it_translates_the_labels(self) -> None:
        self.login(self.operator)
        page = self.client.get(f"/nl/suggestions/report/{self.report.pk}/").content.decode()
        self.assertIn("Suggesties", page)
        self.assertNotIn("Someone else holds their passport", page)

    def test_it_escapes_what_the_reporter_wrote(self) -> None:
        report = make_report(what='<script>alert(1)</script> <b onclick="x">paspoort afgenomen</b>')
        self.login(self.operator)
        page = self.client.get(f"/en/suggestions/report/{report.pk}/").content.decode()
        self.assertNotIn("<script>alert", page)
        self.assertIn("&lt;script&gt;", page)

    def test_the_read_is_audited_without_the_text(self) -> None:
        self.login(self.operator)
        before = AuditEvent.objects.count()
        self.client.get(self.url)
        event = AuditEvent.objects.order_by("-pk").first()
        assert event is not None
        self.assertEqual(AuditEvent.objects.count(), before + 1)
        self.assertEqual((event.action, event.object_id), ("report.viewed", str(self.report.pk)))
        self.assertEqual(event.data, {"page": "suggestions"})

    def test_the_text_never_reaches_the_logs(self) -> None:
        self.login(self.operator)
        with self.assertLogs(level=logging.DEBUG) as captured:
            logging.getLogger("keten").debug("marker")
            self.client.get(self.url)
        self.assertFalse(any("Amira" in line or "0470" in line for line in captured.output))

    def test_the_report_page_links_to_its_suggestions(self) -> None:
        self.login(self.operator)
        self.assertIn(self.url, self.client.get(f"/en/report/inbox/{self.report.pk}/").content.decode())


class CaseNoteSuggestionsTests(CaseTestCase):
    def setUp(self) -> None:
        case_services.add_note(
            actor=self.worker_a,
            case=self.case,
            text="Ze slaapt in de keuken van het restaurant en werkt 14 uur per dag.",
        )
        self.url = f"/en/suggestions/case/{self.case.pk}/notes/"

    def test_only_those_who_may_open_the_file_see_suggestions_from_its_notes(self) -> None:
        allowed = {"worker_a", "manager_a"}
        for name, user in self.named_users().items():
            with self.subTest(user=name):
                client = Client()
                self.login(user, client)
                self.assertEqual(client.get(self.url).status_code, 200 if name in allowed else 404)

    def test_it_marks_the_note_and_audits_the_read_as_a_read_of_the_file(self) -> None:
        self.login(self.worker_a)
        page = self.client.get(self.url).content.decode()
        self.assertIn("<mark>slaapt</mark>", page)
        self.assertIn('data-code="general.sleeps_at_workplace"', page)
        self.assertIn('data-code="labour"', page)
        event = AuditEvent.objects.order_by("-pk").first()
        assert event is not None
        self.assertEqual((event.action, event.object_id), ("case.viewed", str(self.case.pk)))

    def test_the_file_page_links_to_the_suggestions(self) -> None:
        self.login(self.worker_a)
        self.assertIn(self.url, self.client.get(f"/en/cases/{self.case.pk}/timeline/").content.decode())
