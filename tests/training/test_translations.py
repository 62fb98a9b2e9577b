"""The training's own catalogue is complete in all four languages, German included."""

from __future__ import annotations

import re
from pathlib import Path

import polib
from django.test import SimpleTestCase

LOCALE = Path(__file__).resolve().parents[2] / "keten" / "training" / "locale"
PLACEHOLDER = re.compile(r"%\(\w+\)s")


class CatalogueTest(SimpleTestCase):
    def test_it_translates_every_entry_in_four_languages(self) -> None:
        for language in ("nl", "fr", "en", "de"):
            catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
            self.assertGreater(len(catalogue), 100, language)
            self.assertEqual([e.msgid for e in catalogue.untranslated_entries()], [], language)
            self.assertEqual([e.msgid for e in catalogue.fuzzy_entries()], [], language)

    def test_it_keeps_every_placeholder(self) -> None:
        for language in ("nl", "fr", "de"):
            for entry in polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po")):
                wanted = set(PLACEHOLDER.findall(entry.msgid + (entry.msgid_plural or "")))
                texts = [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
                for text in texts:
                    self.assertEqual(
                        set(PLACEHOLDER.findall(text)) - {"%(counter)s"},
                        wanted - {"%(counter)s"},
                        f"{language}: {entry.msgid}",
                    )

    def test_it_uses_the_belgian_german_legal_words(self) -> None:
        german = " ".join(e.msgstr for e in polib.pofile(str(LOCALE / "de" / "LC_MESSAGES" / "django.po")))
        for word in ("Menschenhandel", "Menschenschmuggel", "Opfer"):
            self.assertIn(word, german)
