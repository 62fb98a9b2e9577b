"""Differentially private releases for open data: geometric noise and a privacy budget per ledger.

One release is the table "people by year of registration and gender" (each person in exactly one
cell, so the sensitivity is 1) with two-sided geometric noise of the chosen epsilon added to every
cell (:func:`keten.core.disclosure.geometric_counts`, drawn from ``random.SystemRandom``). Totals
are sums of the noisy cells, which costs nothing more. The epsilon is taken from the ledger's
budget in the same transaction that saves the release, and a release is saved so that showing it
again never spends budget twice.
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from django.db import transaction

from keten.audit.log import log_action
from keten.core.disclosure import PrivacyBudget, as_epsilon, geometric_counts
from keten.statistics import counting
from keten.statistics.models import PrivacyLedger, SavedRelease
from keten.statistics.tables import GENDERS


def _plain(amount: Decimal | int) -> Decimal:
    """A decimal without trailing zeros (0.4000 from the database reads 0.4)."""
    return Decimal(format(Decimal(amount).normalize(), "f"))


def release_people_by_year_and_gender(
    *,
    ledger_name: str,
    total_epsilon: Decimal | str | None,
    epsilon: Decimal | str,
    year_from: int,
    year_to: int,
    title: str,
    actor: Any = None,
) -> SavedRelease:
    """Spend ``epsilon`` from the ledger (created with ``total_epsilon`` if new) on one noisy table.

    Raises :class:`keten.core.disclosure.PrivacyBudgetExceeded` (nothing saved, nothing spent) when
    the ledger has less than ``epsilon`` left.
    """
    amount = as_epsilon(epsilon)
    with transaction.atomic():
        ledger = PrivacyLedger.objects.select_for_update().filter(name=ledger_name).first()
        if ledger is None:
            if total_epsilon is None:
                raise ValueError(f"No privacy ledger named {ledger_name!r}: give its total budget.")
            ledger = PrivacyLedger.objects.create(name=ledger_name, total_epsilon=as_epsilon(total_epsilon))
        budget = PrivacyBudget(total=_plain(ledger.total_epsilon), spent=_plain(ledger.spent_epsilon)).spend(
            amount
        )
        scope = counting.Scope(year_from=year_from, year_to=year_to)
        counts = counting.count_by_year(scope, "gender")
        years = list(range(year_from, year_to + 1))
        columns: list[str | None] = [*GENDERS, None]
        exact = [counts.get((year, column), 0) for year in years for column in columns]
        noisy = geometric_counts(exact, float(amount), random.SystemRandom())
        width = len(columns)
        table = {
            "rows": [str(year) for year in years],
            "columns": [column or "unknown" for column in columns],
            "counts": [noisy[index * width : (index + 1) * width] for index in range(len(years))],
        }
        release = SavedRelease.objects.create(
            ledger=ledger,
            title=title,
            epsilon=amount,
            year_from=year_from,
            year_to=year_to,
            table=table,
            created_by=actor,
        )
        ledger.spent_epsilon = budget.spent
        ledger.save(update_fields=["spent_epsilon"])
        log_action(
            "statistics.released",
            actor=actor,
            obj=release,
            data={"epsilon": str(amount), "spent": str(budget.spent), "total": str(budget.total)},
        )
    return release
