"""Cases for statistics tests, made straight in the database (no identity recorded)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from keten.accounts.models import Organisation, User
from keten.cases.models import Case
from keten.referrals.models import ChainPhase
from keten.statistics.counting import has_age_field


def make_case(
    centre: Organisation,
    *,
    year: int = 2023,
    gender: str = "female",
    age: int | None = 30,
    forms: list[str] | None = None,
    nationalities: list[str] | None = None,
    sector: str = "",
    channel: str = "police",
    procedure_state: str = "reflection",
    demo: bool = False,
    **extra: Any,
) -> Case:
    created = timezone.make_aware(datetime.datetime(year, 6, 15, 12, 0))  # noqa: DTZ001
    fields: dict[str, Any] = {
        "centre": centre,
        "gender": gender,
        "forms": forms if forms is not None else ["sexual"],
        "nationalities": nationalities if nationalities is not None else ["RO"],
        "sector": sector,
        "intake_channel": channel,
        "procedure_state": procedure_state,
        "procedure_since": created.date(),
        "created_at": created,
        "demo": demo,
        **extra,
    }
    if has_age_field():
        fields["age_at_start"] = age
    return Case.objects.create(**fields)


def age_of(case: Case) -> int | None:
    return getattr(case, "age_at_start", None)


def make_phase(
    case: Case, phase: str, *, organisation: Organisation, recorded_by: User, outcome: str = "ongoing"
) -> ChainPhase:
    """A chain phase recorded on a case by a partner, from the day the case was registered."""
    return ChainPhase.objects.create(
        case=case,
        phase=phase,
        started_on=timezone.localtime(case.created_at).date(),
        outcome=outcome,
        organisation=organisation,
        recorded_by=recorded_by,
    )
