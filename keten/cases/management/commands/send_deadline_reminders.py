from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from keten.cases.tasks import send_deadline_reminders


class Command(BaseCommand):
    help = (
        "E-mail every social worker whose files need action soon (no names or details in the message). "
        "Run daily, e.g. from cron or a systemd timer. "
        "--enqueue hands it to the task queue (keten db_worker)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--enqueue", action="store_true")
        parser.add_argument("--today", help="the day to compute from (YYYY-MM-DD), for tests and catch-up")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = send_deadline_reminders.enqueue(options["today"])
            self.stdout.write(f"Queued as task {result.id}.")
            return
        sent = send_deadline_reminders.call(options["today"])
        self.stdout.write(f"Sent {sent} reminders.")
