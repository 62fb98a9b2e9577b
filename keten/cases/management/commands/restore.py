from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext

from keten.cases.backup import BackupError, backup_location, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup written by `keten backup` (a file, or s3://bucket/name) into a new "
        "installation, right after `keten migrate`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a file path, or s3://bucket/name")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            counts = restore_backup(backup_location(options["file"]))
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(value for key, value in counts.items() if key != "files")
        self.stdout.write(
            gettext("Restored %(rows)s rows and %(files)s files.") % {"rows": rows, "files": counts["files"]}
        )
