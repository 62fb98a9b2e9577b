from __future__ import annotations

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
            counts = write_backup(location)
        except BackupError as error:
            raise CommandError(str(error)) from error
        log_action("system.backup_written", actor="keten backup", data={"files": counts["files"]})
        rows = sum(value for key, value in counts.items() if key != "files")
        self.stdout.write(
            gettext("Backup written to %(location)s: %(rows)s rows, %(files)s files.")
            % {"location": location, "rows": rows, "files": counts["files"]}
        )
