"""Where Django's cache lives: ``KETEN_CACHE_URL``, read by the settings.

Keten keeps nothing that matters in one process's memory: sessions, the login lockout, the
receipt-code throttle (``keten/intake/throttle.py``) and the demo flag live in the database.
What is left for the cache (the public figures' tables) must still agree between processes, so
that a worker or a second app server never serves a table another one already replaced.

* ``db://`` (the default): Django's database cache, in the table ``keten_cache``, created by
  ``keten migrate`` (see ``keten.accounts.apps``). Shared by every process on one database.
* ``redis://host:6379/0``, ``rediss://...`` or ``valkey://...``: Django's Redis cache (install
  the ``redis`` extra: ``pip install 'keten[redis]'``). Valkey speaks the same protocol.
* ``locmem://``: one process's memory. Only right for a single process (tests, ``runserver``);
  ``keten serve`` runs several workers, which would each keep their own copy.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

CACHE_TABLE = "keten_cache"
KEY_PREFIX = "keten"
#: The database and memory caches cull a third of their entries beyond this many (Django's default
#: is 300). The header keeps one entry per person and day (keten.accounts.header_cache): with a
#: few hundred professionals, 300 would make every page evict the figures' tables.
MAX_ENTRIES = 50_000


def caches_from_url(url: str) -> dict[str, dict[str, Any]]:
    """Django's ``CACHES`` for ``url``; a ValueError names what is wrong with it."""
    scheme = urlsplit(url).scheme.lower()
    if scheme == "db":
        backend: dict[str, Any] = {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": CACHE_TABLE,
        }
    elif scheme in {"redis", "rediss", "valkey", "valkeys"}:
        location = url
        if scheme.startswith("valkey"):
            location = "redis" + url[len("valkey") :]
        backend = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": location}
    elif scheme == "locmem":
        backend = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "keten"}
    else:
        raise ValueError(
            f"KETEN_CACHE_URL must start with db://, redis://, rediss://, valkey:// or locmem://, not {url!r}"
        )
    if scheme in {"db", "locmem"}:
        backend["OPTIONS"] = {"MAX_ENTRIES": MAX_ENTRIES}
    return {"default": {**backend, "KEY_PREFIX": KEY_PREFIX}}


def uses_database_cache(caches: dict[str, dict[str, Any]]) -> bool:
    return any(cache["BACKEND"].endswith(".DatabaseCache") for cache in caches.values())
