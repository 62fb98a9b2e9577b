"""KETEN_CACHE_URL, and the proof that two processes share what they cache and count."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.conf import settings

from keten.caching import caches_from_url

ROOT = Path(__file__).resolve().parents[2]


def test_the_default_cache_is_the_database_shared_by_every_process() -> None:
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"


@pytest.mark.parametrize(
    ("url", "backend", "location"),
    [
        ("db://", "django.core.cache.backends.db.DatabaseCache", "keten_cache"),
        ("redis://cache.internal:6379/0", "django.core.cache.backends.redis.RedisCache", None),
        ("rediss://:pw@cache.internal:6380/1", "django.core.cache.backends.redis.RedisCache", None),
        (
            "valkey://cache.internal:6379/2",
            "django.core.cache.backends.redis.RedisCache",
            "redis://cache.internal:6379/2",
        ),
        ("locmem://", "django.core.cache.backends.locmem.LocMemCache", "keten"),
    ],
)
def test_cache_urls(url: str, backend: str, location: str | None) -> None:
    cache = caches_from_url(url)["default"]
    assert cache["BACKEND"] == backend
    assert cache["LOCATION"] == (location or url)
    assert cache["KEY_PREFIX"] == "keten"


@pytest.mark.parametrize("url", ["db://", "locmem://"])
def test_the_local_caches_keep_an_entry_per_professional_without_culling_the_figures(url: str) -> None:
    # Django culls a third of the entries beyond 300: the header's entries per person would evict
    # the figures' tables on a busy day.
    assert caches_from_url(url)["default"]["OPTIONS"]["MAX_ENTRIES"] >= 10_000


def test_an_unknown_cache_url_stops_the_start_with_a_clear_message() -> None:
    with pytest.raises(ValueError, match="KETEN_CACHE_URL"):
        caches_from_url("memcached://127.0.0.1:11211")


# One process writes, a second one (started afresh, with nothing in memory) must read the same.
WRITE = """
from django.core.cache import cache
from django.test import RequestFactory
from keten.intake import throttle
cache.set("shared-check", "written by the first process", 300)
request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.23")
key = throttle.client_key(request)
for _ in range(5):
    throttle.record_failure(key)
print("wait", throttle.seconds_to_wait(key))
"""
READ = """
from django.core.cache import cache
from django.test import RequestFactory
from keten.intake import throttle
print("cache", cache.get("shared-check"))
request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.23")
print("wait", throttle.seconds_to_wait(throttle.client_key(request)))
"""


def _keten(data_dir: Path, cache_url: str, *arguments: str) -> str:
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith(("KETEN_", "DATABASE_URL"))
    }
    environment.update({"KETEN_DATA_DIR": str(data_dir), "KETEN_CACHE_URL": cache_url})
    finished = subprocess.run(
        [sys.executable, "-m", "keten.cli", *arguments],
        env=environment,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert finished.returncode == 0, finished.stderr
    return finished.stdout


@pytest.fixture(scope="module")
def migrated_folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="keten-two-processes-"))
    _keten(folder, "db://", "migrate", "--no-input", "--verbosity", "0")
    return folder


def test_two_processes_agree_on_the_cache_and_the_receipt_code_throttle(migrated_folder: Path) -> None:
    written = _keten(migrated_folder, "db://", "shell", "-c", WRITE)
    assert "wait 0" not in written  # five wrong codes: this client waits
    read = _keten(migrated_folder, "db://", "shell", "-c", READ)
    assert "cache written by the first process" in read
    assert "wait 0" not in read


def test_a_per_process_cache_would_not_agree(migrated_folder: Path) -> None:
    """The check above can fail: with each process's own memory, the second one sees nothing
    (the throttle still agrees, since it never depended on the cache)."""
    _keten(migrated_folder, "locmem://", "shell", "-c", WRITE)
    read = _keten(migrated_folder, "locmem://", "shell", "-c", READ)
    assert "cache None" in read
    assert "wait 0" not in read
