"""Closed reports and their files are purged after the retention period, audited without content."""

from __future__ import annotations

import io
from datetime import timedelta

from django.core.management import call_command

from keten.audit.models import AuditEvent
from keten.encryption import files_root
from keten.intake import services
from keten.intake.models import Report, State
from keten.intake.tasks import purge_closed_reports
from tests.base import KetenTestCase
from tests.intake.test_inbox import make_report


class RetentionTests(KetenTestCase):
    def setUp(self) -> None:
        self.old = make_report(what="Old closed report")
        self.recent = make_report(what="Recently closed")
        self.open = make_report(what="Still open")
        today = services.today()
        Report.objects.filter(pk=self.old.pk).update(
            state=State.CLOSED_WITHOUT_ACTION, closed_on=today - timedelta(days=400)
        )
        Report.objects.filter(pk=self.recent.pk).update(
            state=State.REFERRED, closed_on=today - timedelta(days=10)
        )
        Report.objects.filter(pk=self.open.pk).update(received_on=today - timedelta(days=900))
        self.old_file = files_root() / self.old.attachments.get().stored_name

    def run_command(self, *args: str) -> str:
        output = io.StringIO()
        call_command("purge_reports", *args, stdout=output)
        return output.getvalue()

    def test_it_lists_what_would_go_without_deleting_on_a_dry_run(self) -> None:
        output = self.run_command("--dry-run")
        self.assertIn(f"report {self.old.pk}  closed_without_action", output)
        self.assertNotIn(f"report {self.recent.pk} ", output)
        self.assertIn("Would delete 1 report(s)", output)
        self.assertEqual(Report.objects.count(), 3)
        self.assertTrue(self.old_file.exists())

    def test_it_purges_closed_reports_and_their_files(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            output = self.run_command()
        self.assertIn("Deleted 1 report(s)", output)
        self.assertEqual(set(Report.objects.values_list("pk", flat=True)), {self.recent.pk, self.open.pk})
        self.assertFalse(self.old_file.exists())
        event = AuditEvent.objects.get(action="report.purged")
        self.assertEqual(event.object_id, str(self.old.pk))
        self.assertEqual(event.data, {"state": "closed_without_action", "files": 1})
        self.assertNotIn("Old closed", str(event.__dict__))

    def test_it_respects_the_configured_period(self) -> None:
        with self.settings(INTAKE_RETENTION_DAYS=5), self.captureOnCommitCallbacks(execute=True):
            self.run_command()
        self.assertEqual(set(Report.objects.values_list("pk", flat=True)), {self.open.pk})

    def test_it_runs_as_a_task(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            result = purge_closed_reports.call()
        self.assertEqual(result, {"reports": 1, "orphan_files": 0})

    def test_it_queues_the_task_for_the_worker(self) -> None:
        from django_tasks_db.models import DBTaskResult

        self.assertIn("Queued the purge", self.run_command("--enqueue"))
        self.assertTrue(DBTaskResult.objects.filter(task_path__endswith="purge_closed_reports").exists())

    def test_it_sweeps_files_that_no_report_claims_after_a_day(self) -> None:
        import os
        import time

        from keten.encryption import save_encrypted_file

        orphan = save_encrypted_file(b"left by a crash", folder="intake")
        fresh = save_encrypted_file(b"a submission in progress", folder="intake")
        old_time = time.time() - 2 * 86400
        os.utime(files_root() / orphan, (old_time, old_time))
        self.assertIn(f"orphan file {orphan}", self.run_command("--dry-run"))
        self.run_command()
        self.assertFalse((files_root() / orphan).exists())
        self.assertTrue((files_root() / fresh).exists())
