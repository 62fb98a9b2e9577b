"""Settings of the figures, read from the environment (a Django setting taking precedence)."""

from __future__ import annotations

from django.conf import settings

from keten import env
from keten.core.disclosure import DEFAULT_MIN_COUNT

#: Imports are written in batches of this many rows, so memory stays flat.
IMPORT_BATCH_SIZE = 5000


def min_count() -> int:
    """The disclosure threshold: counts from 1 to ``min_count() - 1`` are hidden (at least 2)."""
    value = int(
        getattr(settings, "KETEN_STATS_MIN_COUNT", env.read_int("KETEN_STATS_MIN_COUNT", DEFAULT_MIN_COUNT))
    )
    return max(value, 2)
