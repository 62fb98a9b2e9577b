from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from keten.cases.conf import retention_days
from keten.cases.services import purge_closed_cases


class Command(BaseCommand):
    help = (
        "Delete the case files closed longer ago than the retention period (KETEN_CASE_RETENTION_DAYS), "
        "with their encrypted documents. Each deletion is audited. --dry-run only counts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        days = retention_days()
        result = purge_closed_cases(retention_days=days, dry_run=options["dry_run"])
        verb = "Would delete" if options["dry_run"] else "Deleted"
        self.stdout.write(
            f"{verb} {len(result.case_ids)} cases closed before {result.cutoff.isoformat()} "
            f"({result.files} documents; retention {days} days)."
        )
