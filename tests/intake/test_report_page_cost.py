"""A report's page costs the same number of queries however much happened to the report."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from keten.audit.models import AuditEvent
from keten.intake.models import Report, State
from tests.base import InEnglish, KetenTestCase
from tests.intake.test_triage import INBOX, new_report


class ReportPageCostTests(InEnglish, KetenTestCase):
    def page_queries(self, report: Report) -> int:
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(f"{INBOX}{report.pk}/").status_code, 200)
        return len(queries)

    def test_a_busy_report_costs_what_a_quiet_one_costs(self) -> None:
        quiet, busy, original = new_report(), new_report(), new_report()
        self.login(self.operator)
        self.page_queries(quiet)  # the first page of a session writes what later pages only read
        expected = self.page_queries(quiet)
        page = f"{INBOX}{busy.pk}/"
        self.client.post(page + "labels/", {"labels": "port, car wash, night shift"})
        self.client.post(page + "assign/", {"assignee": self.operator.pk})
        for number in range(3):
            self.client.post(page + "notes/", {"body": f"Called the partner, round {number}."})
            self.client.post(page + "reply/", {"body": f"Thank you for telling us ({number})."})
        self.client.post(page + "links/", {"other": quiet.pk})
        self.client.post(page + "state/", {"to_state": State.IN_TRIAGE})
        self.client.post(page + "state/", {"to_state": State.DUPLICATE, "duplicate_of": original.pk})
        Report.objects.filter(pk=busy.pk).update(recorded_by=self.operator, has_new_reporter_message=True)
        busy.refresh_from_db()
        self.assertEqual(
            (busy.state, busy.duplicate_of_id, busy.labels.count()), (State.DUPLICATE, original.pk, 3)
        )
        self.assertEqual(busy.notes.count(), 3)
        # Opening it clears the new-message mark: one write more, that once.
        self.assertEqual(self.page_queries(busy), expected + 1)
        self.assertEqual(self.page_queries(busy), expected)
        response = self.client.get(page)
        self.assertContains(
            response, f'(duplicate of <a href="{INBOX}{original.pk}/">#{original.number}</a>)'
        )
        self.assertContains(response, "night shift")
        self.assertContains(response, "round 2")
        # Every read is still audited.
        self.assertEqual(AuditEvent.objects.filter(action="report.viewed", object_id=str(busy.pk)).count(), 3)
