"""Fill empty English entries with their source text (the source strings are English).

A fuzzy English entry is gettext's guess from a similar string, never right: it gets the source
text too.
"""

from pathlib import Path

import polib

for path in Path("keten").glob("**/locale/en/LC_MESSAGES/*.po"):
    catalogue = polib.pofile(str(path), wrapwidth=0)
    changed = False
    for entry in catalogue:
        guessed = "fuzzy" in entry.flags
        if entry.msgid_plural:
            if guessed or not all(entry.msgstr_plural.values()):
                entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
                changed = True
        elif guessed or not entry.msgstr:
            entry.msgstr = entry.msgid
            changed = True
        if guessed:
            entry.flags.remove("fuzzy")
            changed = True
    if changed:
        catalogue.save()
