"""Every catalogue is complete in Dutch, French and English: nothing untranslated or fuzzy."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2] / "keten"
CATALOGUES = sorted(ROOT.glob("**/locale/*/LC_MESSAGES/django.po"))


def test_it_has_catalogues_for_every_language() -> None:
    languages = {path.parts[-3] for path in CATALOGUES}
    assert {"nl", "fr", "en", "de"} <= languages


@pytest.mark.parametrize("path", [p for p in CATALOGUES if p.parts[-3] in {"nl", "fr", "en"}], ids=str)
def test_it_translates_every_entry(path: Path) -> None:
    catalogue = polib.pofile(str(path))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not untranslated, f"{path}: untranslated {untranslated[:5]}"
    assert not fuzzy, f"{path}: fuzzy {fuzzy[:5]}"
