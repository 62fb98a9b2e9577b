from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from keten.cases.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup written by `keten backup` into an empty installation (after `keten migrate`)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            counts = restore_backup(options["file"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(value for key, value in counts.items() if key != "files")
        self.stdout.write(f"Restored {rows} rows and {counts['files']} files.")
