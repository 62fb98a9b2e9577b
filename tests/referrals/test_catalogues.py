"""Every translation uses exactly the placeholders of its source text, in every app's catalogue.

A translation with a placeholder its source lacks shows ``%(kind)s`` on the page (or breaks the
``%`` formatting); one that drops a placeholder loses a number or a name. This scans every app,
not only the referrals, because the mistake is the same everywhere; it belongs next to
``tests/web/test_translations.py``.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2] / "keten"
CATALOGUES = sorted(ROOT.glob("**/locale/*/LC_MESSAGES/django.po"))
PLACEHOLDER = re.compile(r"%\((?P<named>\w+)\)[#0\- +]*\d*(?:\.\d+)?[a-zA-Z]|\{(?P<brace>\w*)\}")

# Mismatches allowed on purpose (none so far): (catalogue path under keten/, msgid).
KNOWN: set[tuple[str, str]] = set()


def placeholders(text: str) -> set[str]:
    return {
        f"%({match['named']})" if match["named"] is not None else f"{{{match['brace']}}}"
        for match in PLACEHOLDER.finditer(text)
    }


def mismatches(path: Path) -> list[str]:
    """The entries of one catalogue whose translation has other placeholders than the source."""
    found = []
    for entry in polib.pofile(str(path)):
        if entry.obsolete or entry.fuzzy:
            continue  # never shown (tests/web/test_translations.py refuses fuzzy entries)
        if entry.msgid_plural:
            singular, plural = placeholders(entry.msgid), placeholders(entry.msgid_plural)
            for index, text in entry.msgstr_plural.items():
                # The first form may follow the singular ("One document") or the plural.
                allowed = (singular, plural) if index == 0 else (plural,)
                if text and placeholders(text) not in allowed:
                    found.append(entry.msgid)
        elif entry.msgstr and placeholders(entry.msgstr) != placeholders(entry.msgid):
            found.append(entry.msgid)
    return found


def test_it_finds_a_placeholder_the_source_lacks() -> None:
    assert placeholders("You refer a %(kind)s. The partner sees {who}.") == {"%(kind)", "{who}"}
    assert placeholders("%(days)d days, 50%% off") == {"%(days)"}


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: str(path.relative_to(ROOT)))
def test_it_keeps_the_placeholders_of_the_source(path: Path) -> None:
    relative = path.relative_to(ROOT).as_posix()
    found = set(mismatches(path))
    known = {msgid for where, msgid in KNOWN if where == relative}
    assert found == known, f"{relative}: translations with other placeholders {sorted(found - known)}"
