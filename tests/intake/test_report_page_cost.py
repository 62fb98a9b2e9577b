"""A report's page reads each of its lists only when it has rows, and costs the same number of
queries however many rows each list has."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from keten.audit.models import AuditEvent
from keten.intake.models import Report, State
from tests.base import InEnglish, KetenTestCase
from tests.intake.test_triage import INBOX, new_report

#: The tables of the page's lists, read only when the report's query says they have rows.
LIST_TABLES = (
    '"intake_report_labels"',
    '"intake_reportattachment"',
    '"intake_reportmessage"',
    '"intake_reportnote"',
    '"intake_report_linked"',
    '"intake_statechange"',
    '"intake_replytemplate"',
)


class ReportPageCostTests(InEnglish, KetenTestCase):
    def page_queries(self, report: Report) -> list[str]:
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(f"{INBOX}{report.pk}/").status_code, 200)
        return [query["sql"] for query in queries]

    def reading(self, queries: list[str]) -> list[str]:
        """The list tables read by a query of their own (the report's query checks them all)."""
        own = [sql for sql in queries if sql.startswith("SELECT") and "EXISTS (SELECT 1 FROM" not in sql]
        return [table for table in LIST_TABLES if any(table in sql for sql in own)]

    def act(self, page: str, rounds: range, other: Report) -> None:
        self.client.post(page + "labels/", {"labels": ", ".join(f"label {n}" for n in rounds)})
        for number in rounds:
            self.client.post(page + "notes/", {"body": f"Called the partner, round {number}."})
            self.client.post(page + "reply/", {"body": f"Thank you for telling us ({number})."})
        self.client.post(page + "links/", {"other": other.pk})

    def test_a_quiet_report_reads_none_of_its_lists(self) -> None:
        quiet = new_report(receipt=False)
        self.login(self.operator)
        self.page_queries(quiet)  # the first page of a session writes what later pages only read
        self.assertEqual(self.reading(self.page_queries(quiet)), [])

    def test_a_busy_report_costs_one_query_per_list_with_rows_whatever_their_length(self) -> None:
        quiet, busy, original, other = new_report(), new_report(), new_report(), new_report()
        self.login(self.operator)
        self.page_queries(quiet)
        expected = len(self.page_queries(quiet))
        page = f"{INBOX}{busy.pk}/"
        self.act(page, range(1), quiet)
        self.client.post(page + "assign/", {"assignee": self.operator.pk})
        self.client.post(page + "state/", {"to_state": State.IN_TRIAGE})
        self.page_queries(busy)  # the writes renewed the cached header and lookups: read again once
        # Labels, messages, notes, links and history: one query each.
        self.assertEqual(len(self.page_queries(busy)), expected + 5)
        self.act(page, range(1, 6), other)
        self.client.post(page + "state/", {"to_state": State.DUPLICATE, "duplicate_of": original.pk})
        Report.objects.filter(pk=busy.pk).update(recorded_by=self.operator, has_new_reporter_message=True)
        busy.refresh_from_db()
        self.assertEqual(
            (busy.state, busy.duplicate_of_id, busy.labels.count()), (State.DUPLICATE, original.pk, 5)
        )
        self.assertEqual(busy.notes.count(), 6)
        # Opening it clears the new-message mark, that once.
        clearing = 'UPDATE "intake_report" SET "has_new_reporter_message"'
        self.assertTrue(any(sql.startswith(clearing) for sql in self.page_queries(busy)))
        self.assertEqual(len(self.page_queries(busy)), expected + 5)
        self.assertFalse(any(sql.startswith(clearing) for sql in self.page_queries(busy)))
        response = self.client.get(page)
        self.assertContains(
            response, f'(duplicate of <a href="{INBOX}{original.pk}/">#{original.number}</a>)'
        )
        self.assertContains(response, "label 4")
        self.assertContains(response, "round 5")
        self.assertContains(response, f'<a href="{INBOX}{other.pk}/">#{other.number}</a>')
        # Every link and form of the page goes where its URL name says (one reversed prefix).
        for name, args in (
            ("intake:change_state", [busy.pk]),
            ("intake:assign", [busy.pk]),
            ("intake:labels", [busy.pk]),
            ("intake:link", [busy.pk]),
            ("intake:add_note", [busy.pk]),
            ("intake:reply", [busy.pk]),
            ("intake:unlink", [busy.pk, other.pk]),
        ):
            self.assertContains(response, f'action="{reverse(name, args=args)}"')
        self.assertContains(response, f'<a href="{reverse("intake:inbox")}">')
        # Every read is still audited.
        self.assertEqual(AuditEvent.objects.filter(action="report.viewed", object_id=str(busy.pk)).count(), 6)

    def test_a_file_is_linked_where_its_url_name_says(self) -> None:
        from tests.intake.test_inbox import make_report

        report = make_report()
        attachment = report.attachments.get()
        self.login(self.operator)
        response = self.client.get(f"{INBOX}{report.pk}/")
        self.assertContains(
            response,
            f'<a href="{reverse("intake:attachment", args=[report.pk, attachment.pk])}">salon.png</a>',
        )
