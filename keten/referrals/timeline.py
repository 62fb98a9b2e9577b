"""The chain phases of a case as entries of the case's timeline (used by keten.cases.timeline)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext

from keten.referrals.models import ChainPhase

if TYPE_CHECKING:
    from keten.cases.models import Case
    from keten.cases.timeline import Entry


def chain_entries(case: Case) -> list[Entry]:
    from keten.cases.timeline import LIMIT, Entry, _at

    entries = []
    phases = (
        ChainPhase.objects.filter(case=case).select_related("organisation").order_by("-started_on")[:LIMIT]
    )
    for item in phases:
        detail = str(item.get_outcome_display())
        if item.ended_on:
            detail += " · " + gettext("until %(day)s") % {"day": item.ended_on.isoformat()}
        entries.append(
            Entry(
                _at(item.started_on),
                item.started_on,
                "chain",
                gettext("Chain: %(phase)s") % {"phase": item.get_phase_display()},
                detail,
                item.organisation.name,
            )
        )
    return entries
