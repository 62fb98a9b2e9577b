"""Compile every gettext catalogue with polib, so no system gettext is needed to install."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polib
from django.core.management.base import BaseCommand

ROOT = Path(__file__).resolve().parents[3]


class Command(BaseCommand):
    help = "Compile the .po catalogues of Keten into .mo files."
    requires_system_checks: list[str] = []  # must work while an app is half-configured

    def handle(self, *args: Any, **options: Any) -> None:
        count = 0
        for po_path in sorted(ROOT.glob("**/locale/*/LC_MESSAGES/*.po")):
            catalogue = polib.pofile(str(po_path))
            catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
            count += 1
        self.stdout.write(f"Compiled {count} catalogues.")
