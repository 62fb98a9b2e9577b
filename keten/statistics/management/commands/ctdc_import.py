"""``keten ctdc_import FILE --name NAME``: a CTDC-format CSV into the analysis area (never into cases)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from keten.audit.log import log_action
from keten.statistics.exchange import import_ctdc


class Command(BaseCommand):
    help = "Import a CTDC-format CSV file into a new analysis dataset, in one transaction."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The CSV file (UTF-8, first line: the 27 CTDC columns).")
        parser.add_argument("--name", required=True, help="The name of the new dataset.")
        parser.add_argument("--strict", action="store_true", help="Import nothing if any row is rejected.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with open(options["file"], encoding="utf-8-sig", newline="") as lines:
                result = import_ctdc(lines, name=options["name"], strict=options["strict"])
        except OSError as error:
            raise CommandError(f"Cannot read {options['file']}: {error.strerror or error}.") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{options['file']} is not a UTF-8 text file (CSV expected).") from error
        log_action(
            "statistics.imported",
            obj=result.dataset,
            data={
                "read": result.rows_read,
                "imported": result.rows_imported,
                "rejected": result.rows_rejected,
                "refused": not result.ok,
                "command": True,
            },
        )
        for line, column, reason in result.rejections:
            self.stderr.write(f"line {line}: {column or '-'}: {reason}")
        if result.rows_rejected > len(result.rejections):
            self.stderr.write(f"... and {result.rows_rejected - len(result.rejections)} more rejected rows.")
        if not result.ok:
            raise CommandError(result.error)
        self.stdout.write(
            f"{result.rows_read} rows read, {result.rows_imported} imported, {result.rows_rejected} rejected "
            f"(dataset {result.dataset.pk if result.dataset else '-'})."
        )
