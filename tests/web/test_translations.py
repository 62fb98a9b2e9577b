"""Every catalogue is complete in Dutch, French, English and German: nothing untranslated or fuzzy."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2] / "keten"
CATALOGUES = sorted(ROOT.glob("**/locale/*/LC_MESSAGES/django.po"))


def test_it_has_catalogues_for_every_language() -> None:
    languages = {path.parts[-3] for path in CATALOGUES}
    assert {"nl", "fr", "en", "de"} <= languages


@pytest.mark.parametrize("path", [p for p in CATALOGUES if p.parts[-3] in {"nl", "fr", "en", "de"}], ids=str)
def test_it_translates_every_entry(path: Path) -> None:
    catalogue = polib.pofile(str(path))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not untranslated, f"{path}: untranslated {untranslated[:5]}"
    assert not fuzzy, f"{path}: fuzzy {fuzzy[:5]}"


@pytest.mark.parametrize("language", ["nl", "fr", "en", "de"])
def test_the_reader_sees_each_catalogue_s_own_translation(language: str) -> None:
    """Django merges every catalogue into one: the same text translated two ways in two apps (or
    by Django itself) shows only one of them everywhere. Texts that mean different things carry a
    context (``pgettext``); the others must agree."""
    from django.utils import translation

    wrong = []
    with translation.override(language):
        for path in CATALOGUES:
            if path.parts[-3] != language:
                continue
            for entry in polib.pofile(str(path)):
                if entry.msgid_plural or not entry.msgstr or "fuzzy" in entry.flags:
                    continue
                if entry.msgctxt:
                    shown = translation.pgettext(entry.msgctxt, entry.msgid)
                else:
                    shown = translation.gettext(entry.msgid)
                if shown != entry.msgstr:
                    wrong.append(
                        f"{path.relative_to(ROOT)}: {entry.msgid!r} shows {shown!r}, not {entry.msgstr!r}"
                    )
    assert wrong == []
