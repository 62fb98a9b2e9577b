"""``keten ctdc_import FILE --name NAME [--partial]``: a CTDC file into the analysis area (never into cases).

Either published format (the 27-column Global Synthetic Dataset or the 16-column Victim-Perpetrator
dataset). All or nothing unless ``--partial``: then the correct rows are imported and the others listed.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from keten.audit.log import log_action
from keten.statistics.exchange import import_ctdc


class Command(BaseCommand):
    help = (
        "Import a CTDC file (Global Synthetic Dataset, 27 columns, or Victim-Perpetrator dataset, "
        "16 columns) into a new analysis dataset, in one transaction: all rows or none."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The CSV file (UTF-8; first line: the columns of a CTDC format).")
        parser.add_argument("--name", required=True, help="The name of the new dataset.")
        parser.add_argument(
            "--partial",
            action="store_true",
            help="Import the correct rows even when others break the format (they are listed with why).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with open(options["file"], encoding="utf-8-sig", newline="") as lines:
                result = import_ctdc(lines, name=options["name"], partial=options["partial"])
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
                "format": result.format.slug if result.format else "",
                "partial": options["partial"],
                "command": True,
            },
        )
        for line, column, reason in result.rejections:
            self.stderr.write(f"line {line}: {column or '-'}: {reason}")
        if result.rows_rejected > len(result.rejections):
            self.stderr.write(f"... and {result.rows_rejected - len(result.rejections)} more rejected rows.")
        if not result.ok:
            raise CommandError(result.error)
        dataset = result.dataset.pk if result.dataset else "-"
        kind = result.format.slug if result.format else "-"
        self.stdout.write(
            f"{result.rows_read} rows read, {result.rows_imported} imported, {result.rows_rejected} rejected "
            f"(dataset {dataset}, {kind})."
        )
