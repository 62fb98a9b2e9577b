"""The sections of a case file, each on its own page, reached by the tabs under the file's title.

The first page holds the overview (the next action) and the protection procedure, which the
overview is about. Guidance, notes and timeline, documents, the chain and the people each have
their own page: a worker opens the part they came for, a phone shows one short page instead of
the whole file, and each read is audited with the section that was read.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from keten.cases.paths import case_path


@dataclass(frozen=True)
class Section:
    key: str
    label: Promise
    url_name: str


OVERVIEW = "procedure"
SECTIONS: tuple[Section, ...] = (
    Section(OVERVIEW, _("Overview and procedure"), "cases:detail"),
    Section("guidance", _("Guidance"), "cases:guidance"),
    Section("notes", _("Notes and timeline"), "cases:timeline"),
    Section("documents", _("Documents"), "cases:documents"),
    Section("chain", _("Chain"), "cases:chain"),
    Section("people", _("People"), "cases:people"),
)
BY_KEY = {section.key: section for section in SECTIONS}


def section_url(case_id: int, key: str = OVERVIEW, anchor: str = "") -> str:
    """The page of one section of a case (``anchor`` names a part of it, e.g. ``consent``)."""
    address = case_path(BY_KEY[key].url_name, case_id)
    return f"{address}#{anchor}" if anchor else address


def tabs(case_id: int, current: str) -> list[tuple[Section, str, bool]]:
    """Each section with its address and whether it is the page being shown."""
    return [(section, section_url(case_id, section.key), section.key == current) for section in SECTIONS]
