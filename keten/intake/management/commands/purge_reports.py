"""``keten purge_reports``: delete closed reports past the retention period, with their files.

Run it once a day (cron or a systemd timer, see docs/intake.md), or hand it to the task worker
with ``--enqueue``. ``--dry-run`` lists what would go and deletes nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from keten.intake import conf, services
from keten.intake.tasks import purge_closed_reports


class Command(BaseCommand):
    help = "Delete closed reports (and their files) whose retention period has ended."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be deleted; delete nothing."
        )
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the purge for the task worker (keten db_worker)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = purge_closed_reports.enqueue()
            self.stdout.write(f"Queued the purge as task {result.id}.")
            return
        days = conf.retention_days()
        if options["dry_run"]:
            plan = services.plan_purge()
            self.stdout.write(
                f"Retention: {days} days after a report is closed. Dry run: nothing is deleted."
            )
            for report_id, state, closed_on, files in plan.reports:
                self.stdout.write(
                    f"report {report_id}  {state}  closed {closed_on.isoformat()}  files {files}"
                )
            for name in plan.orphan_files:
                self.stdout.write(f"orphan file {name}")
            self.stdout.write(
                f"Would delete {len(plan.reports)} report(s) and {len(plan.orphan_files)} orphan file(s)."
            )
            return
        plan = services.purge_closed_reports()
        self.stdout.write(
            f"Deleted {len(plan.reports)} report(s) and {len(plan.orphan_files)} orphan file(s)."
        )
