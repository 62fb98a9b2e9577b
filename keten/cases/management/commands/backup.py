from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from keten.audit.log import log_action
from keten.cases.backup import write_backup


class Command(BaseCommand):
    help = "Write a consistent, encrypted backup of the whole installation (every table and every file)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        counts = write_backup(options["file"])
        log_action("system.backup_written", actor="keten backup", data={"files": counts["files"]})
        rows = sum(value for key, value in counts.items() if key != "files")
        self.stdout.write(f"Backup written to {options['file']}: {rows} rows, {counts['files']} files.")
