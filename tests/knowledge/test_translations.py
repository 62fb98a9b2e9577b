"""The public pages' catalogue is complete in Dutch, French and English; German exists."""

from __future__ import annotations

from pathlib import Path

import polib
from django.test import SimpleTestCase

LOCALE = Path(__file__).resolve().parents[2] / "keten" / "knowledge" / "locale"


class CatalogueTests(SimpleTestCase):
    def test_it_translates_every_entry_in_nl_fr_and_en(self) -> None:
        for language in ("nl", "fr", "en"):
            catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
            self.assertGreater(len(catalogue), 200, language)
            self.assertEqual([e.msgid for e in catalogue.untranslated_entries()], [], language)
            self.assertEqual([e.msgid for e in catalogue.fuzzy_entries()], [], language)
            self.assertTrue((LOCALE / language / "LC_MESSAGES" / "django.mo").exists(), language)

    def test_it_keeps_every_placeholder(self) -> None:
        for language in ("nl", "fr"):
            for entry in polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po")):
                for placeholder in ("%(code)s", "%(region)s", "%(name)s", "%(number)s"):
                    self.assertEqual(
                        placeholder in entry.msgid, placeholder in entry.msgstr, f"{language}: {entry.msgid}"
                    )

    def test_it_has_a_german_catalogue(self) -> None:
        self.assertTrue((LOCALE / "de" / "LC_MESSAGES" / "django.po").exists())
