"""Settings of the figures, read from the environment (a Django setting taking precedence)."""

from __future__ import annotations

from django.conf import settings

from keten import env
from keten.core.disclosure import DEFAULT_MIN_COUNT, DEFAULT_MIN_INTERVAL_WIDTH

#: Imports are written in batches of this many rows, so memory stays flat.
IMPORT_BATCH_SIZE = 5000


def min_count() -> int:
    """The disclosure threshold: counts from 1 to ``min_count() - 1`` are hidden (at least 3: a
    hidden count said to be "fewer than 2" is 1, so it could never be protected)."""
    value = int(
        getattr(settings, "KETEN_STATS_MIN_COUNT", env.read_int("KETEN_STATS_MIN_COUNT", DEFAULT_MIN_COUNT))
    )
    return max(value, 3)


def min_interval_width() -> int:
    """How far every hidden count must be able to move given everything published with it (at
    least 1: never pinned; at most ``min_count() - 2``, the room a hidden 1 to 4 has)."""
    value = int(
        getattr(
            settings,
            "KETEN_STATS_MIN_INTERVAL_WIDTH",
            env.read_int("KETEN_STATS_MIN_INTERVAL_WIDTH", DEFAULT_MIN_INTERVAL_WIDTH),
        )
    )
    return min(max(value, 1), min_count() - 2)
