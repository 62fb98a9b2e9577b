"""``keten ctdc_export FILE``: every real case as one CTDC row (27 columns); ``-`` writes to stdout."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from keten.audit.log import log_action
from keten.statistics.counting import Scope
from keten.statistics.exchange import write_ctdc


class Command(BaseCommand):
    help = "Export every case (demo cases excluded) in the CTDC format: 27 columns, one person per row."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The CSV file to write, or - for standard output.")
        parser.add_argument("--demo", action="store_true", help="Export the demo cases instead.")

    def handle(self, *args: Any, **options: Any) -> None:
        scope = Scope(demo=options["demo"])
        if options["file"] == "-":
            rows = write_ctdc(scope, sys.stdout)
        else:
            with open(options["file"], "w", encoding="utf-8", newline="") as output:
                rows = write_ctdc(scope, output)
        log_action("statistics.exported", data={"format": "ctdc", "rows": rows, "command": True})
        self.stderr.write(f"{rows} rows written.")
