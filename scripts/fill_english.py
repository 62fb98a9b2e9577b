"""Fill empty English entries with their source text (the source strings are English)."""

from pathlib import Path

import polib

for path in Path("keten").glob("**/locale/en/LC_MESSAGES/*.po"):
    catalogue = polib.pofile(str(path), wrapwidth=0)
    changed = False
    for entry in catalogue:
        if entry.msgid_plural:
            if not all(entry.msgstr_plural.values()):
                entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
                changed = True
        elif not entry.msgstr:
            entry.msgstr = entry.msgid
            changed = True
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            changed = True
    if changed:
        catalogue.save()
