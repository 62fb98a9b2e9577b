from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from keten.audit.chain import verify_chain
from keten.audit.log import log_action
from keten.audit.models import AuditEvent, AuditHead
from tests.base import InEnglish, KetenTestCase


class AuditChainTests(InEnglish, KetenTestCase):
    def setUp(self) -> None:
        for number in range(5):
            log_action(
                "case.viewed",
                actor=self.worker_a,
                organisation=self.centre_a,
                object_type="cases.case",
                object_id=number,
            )

    def verify(self) -> tuple[int, str]:
        out, err = StringIO(), StringIO()
        try:
            call_command("audit", "verify", stdout=out, stderr=err)
        except SystemExit as exit_:
            return int(exit_.code or 0), err.getvalue()
        return 0, out.getvalue()

    def test_it_reports_an_intact_trail(self) -> None:
        code, output = self.verify()
        self.assertEqual(code, 0)
        self.assertIn("intact", output)

    def test_it_detects_an_edited_row(self) -> None:
        table = AuditEvent._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET object_id = '99' WHERE sequence = 3")  # noqa: S608
        code, output = self.verify()
        self.assertEqual(code, 1)
        self.assertIn("entry 3", output)

    def test_it_detects_a_deleted_row(self) -> None:
        AuditEvent.objects.filter(sequence=2).delete()
        code, output = self.verify()
        self.assertEqual(code, 1)
        self.assertIn("missing", output)

    def test_it_detects_a_deleted_last_row(self) -> None:
        last = AuditHead.objects.get().sequence
        AuditEvent.objects.filter(sequence=last).delete()
        self.assertTrue(list(verify_chain()))

    def test_it_detects_an_inserted_row(self) -> None:
        event = AuditEvent.objects.get(sequence=4)
        event.pk = None
        event.sequence = 100
        event.hash = "f" * 64
        event.save()
        self.assertTrue(list(verify_chain()))

    def test_it_refuses_free_text_and_secrets_in_data(self) -> None:
        for key in ("password", "note_text", "receipt_code", "name"):
            with self.assertRaises(ValueError):
                log_action("case.updated", actor=self.worker_a, data={key: "x"})
        with self.assertRaises(ValueError):
            log_action("case.updated", actor=self.worker_a, data={"state": "x" * 500})

    def test_it_refuses_badly_named_actions(self) -> None:
        with self.assertRaises(ValueError):
            log_action("Viewed a case", actor=self.worker_a)


class AuditBrowseTests(InEnglish, KetenTestCase):
    def test_it_lets_an_administrator_filter_the_trail(self) -> None:
        log_action("case.viewed", actor=self.worker_a, object_type="cases.case", object_id=7)
        log_action("report.viewed", actor=self.operator, object_type="intake.report", object_id=8)
        self.login(self.admin)
        response = self.client.get(reverse("audit:list"), {"action": "case."})
        self.assertContains(response, "case.viewed")
        self.assertNotContains(response, "report.viewed")

    def test_it_hides_the_trail_from_everyone_else(self) -> None:
        for name, user in self.named_users().items():
            if name == "admin":
                continue
            self.login(user)
            self.assert_not_found(self.client.get(reverse("audit:list")))
