"""The intake app's configuration: read from Django settings when set, else from the environment.

``keten/settings.py`` is shared by every app, so these values are looked up here: a deployment sets
``KETEN_INTAKE_*`` environment variables (or ``INTAKE_*`` Django settings in tests).
"""

from __future__ import annotations

from django.conf import settings

from keten import env


def _setting(name: str, default: int) -> int:
    value = getattr(settings, f"INTAKE_{name}", None)
    if isinstance(value, int):
        return value
    return env.read_int(f"KETEN_INTAKE_{name}", default)


def acknowledge_days() -> int:
    """Days the hotline gives itself to send the reporter a first message (default 7)."""
    return _setting("ACKNOWLEDGE_DAYS", 7)


def retention_days() -> int:
    """Days a closed report is kept before it and its files are purged (default 365)."""
    return _setting("RETENTION_DAYS", 365)


def max_file_bytes() -> int:
    """The largest attachment accepted, in bytes (default 10 MB)."""
    return _setting("MAX_FILE_BYTES", 10 * 1024 * 1024)


def max_files() -> int:
    """How many attachments one submission may carry (default 5)."""
    return _setting("MAX_FILES", 5)


def max_code_attempts() -> int:
    """Wrong receipt codes one client may try per hour before waiting (default 5)."""
    return _setting("MAX_CODE_ATTEMPTS", 5)


def max_code_attempts_overall() -> int:
    """Wrong receipt codes all clients together may try per hour (default 1000)."""
    return _setting("MAX_CODE_ATTEMPTS_OVERALL", 1000)


def reporter_idle_seconds() -> int:
    """A reporter's session after a correct code ends after this much inactivity (default 30 min)."""
    return _setting("REPORTER_IDLE_SECONDS", 30 * 60)
