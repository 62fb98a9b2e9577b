"""The public pages' catalogue is complete in Dutch, French, English and German."""

from __future__ import annotations

from pathlib import Path

import polib
from django.test import SimpleTestCase

LOCALE = Path(__file__).resolve().parents[2] / "keten" / "knowledge" / "locale"


class CatalogueTests(SimpleTestCase):
    def test_it_translates_every_entry_in_every_language(self) -> None:
        for language in ("nl", "fr", "en", "de"):
            catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
            self.assertGreater(len(catalogue), 200, language)
            self.assertEqual([e.msgid for e in catalogue.untranslated_entries()], [], language)
            self.assertEqual([e.msgid for e in catalogue.fuzzy_entries()], [], language)
            self.assertTrue((LOCALE / language / "LC_MESSAGES" / "django.mo").exists(), language)

    def test_it_keeps_every_placeholder(self) -> None:
        for language in ("nl", "fr", "de"):
            for entry in polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po")):
                for placeholder in ("%(code)s", "%(region)s", "%(name)s", "%(number)s"):
                    self.assertEqual(
                        placeholder in entry.msgid, placeholder in entry.msgstr, f"{language}: {entry.msgid}"
                    )

    def test_it_writes_the_legal_terms_as_belgian_german_texts_do(self) -> None:
        catalogue = {
            e.msgid: e.msgstr for e in polib.pofile(str(LOCALE / "de" / "LC_MESSAGES" / "django.po"))
        }
        self.assertEqual(catalogue["Trafficking"], "Menschenhandel")
        self.assertEqual(catalogue["Smuggling"], "Menschenschmuggel")
        self.assertEqual(catalogue["Specialised centres"], "Spezialisierte Aufnahmezentren")
        self.assertIn(
            "Prokuratoren des Königs",
            catalogue["Magistrates: prosecutors, labour auditors and investigating judges"],
        )
