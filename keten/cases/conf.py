"""Settings of the case files, read from the environment (with a Django setting taking precedence)."""

from __future__ import annotations

from django.conf import settings

from keten import env

DEFAULT_RETENTION_DAYS = 3653  # ten years after closure
DEFAULT_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
DEADLINE_WINDOW_DAYS = 30


def retention_days() -> int:
    """How long a closed case is kept before ``keten purge_closed_cases`` deletes it."""
    return int(
        getattr(
            settings, "CASE_RETENTION_DAYS", env.read_int("KETEN_CASE_RETENTION_DAYS", DEFAULT_RETENTION_DAYS)
        )
    )


def upload_max_bytes() -> int:
    return int(
        getattr(
            settings,
            "CASE_UPLOAD_MAX_BYTES",
            env.read_int("KETEN_CASE_UPLOAD_MAX_BYTES", DEFAULT_UPLOAD_MAX_BYTES),
        )
    )
