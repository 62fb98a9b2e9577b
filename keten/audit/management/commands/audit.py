"""``keten audit verify``: check that nobody edited, inserted or deleted audit entries."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from keten.audit.chain import verify_chain
from keten.audit.models import AuditEvent


class Command(BaseCommand):
    help = "Work with the audit trail."

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        subcommands.add_parser("verify", help="check the hash chain; exit 1 on any break")

    def handle(self, *args: Any, **options: Any) -> None:
        problems = list(verify_chain())
        count = AuditEvent.objects.count()
        if problems:
            for problem in problems:
                self.stderr.write(f"BROKEN {problem}")
            self.stderr.write(
                f"The audit trail is NOT intact: {len(problems)} problem(s) in {count} entries."
            )
            raise SystemExit(1)
        self.stdout.write(self.style.SUCCESS(f"The audit trail is intact: {count} entries checked."))
