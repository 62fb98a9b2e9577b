from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext

from keten.audit.log import log_action
from keten.cases.backup import BackupError, backup_location, write_backup


class Command(BaseCommand):
    help = (
        "Write a consistent, encrypted backup of the whole installation (every table and every file) "
        "to a file, or to a bucket of the KETEN_S3_* object store as s3://bucket/name."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a file path, or s3://bucket/name")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            location = backup_location(options["file"])
            # Logged (and anchored) before the snapshot is read, so the backup holds its own entry
            # and the audit trail it brings back ends where the anchor of that moment ends.
            kind = "file" if isinstance(location, Path) else "bucket"
            log_action("system.backup_started", actor="keten backup", data={"to": kind})
            counts = write_backup(location)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(value for key, value in counts.items() if key != "files")
        self.stdout.write(
            gettext("Backup written to %(location)s: %(rows)s rows, %(files)s files.")
            % {"location": location, "rows": rows, "files": counts["files"]}
        )
