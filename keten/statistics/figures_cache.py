"""Computed figures kept in Django's cache, thrown away as soon as the data behind them changes.

Counting and protecting the tables of a page costs ten grouped queries and the disclosure check;
the result only changes when cases (or chain phases, reports, centres, imported datasets) do. So
the protected tables, never the true counts, are kept in the ``default`` cache (``keten/caching.py``:
shared by every process) under a key naming everything they depend on besides those tables:

* the **scope** (centres, years, form, demo mode) and whether the reader sees every centre, with
  the centres' names: a centre manager's entry can never be read by another centre or another role;
* the **language** (labels and notes are translated when the tables are laid out) and the
  disclosure settings (``KETEN_STATS_MIN_COUNT``, ``KETEN_STATS_MIN_INTERVAL_WIDTH``);
* the installed code and translations (:data:`CODE_MARK`), so a new release never shows tables
  laid out by the one before.

Each entry is stored with the **data version** it was computed under and used only while that
version is still the current one. The version is a random token in the cache, dropped by every
write to a watched table (:data:`WATCHED_MODELS`), whatever its path (``save()``, ``update()``,
``bulk_create()``, a cascade, raw SQL): a database execute wrapper sees the statements themselves.
It is dropped at the write (inside its transaction: with the database cache it commits or rolls
back with the data) and again at commit (so that with Redis no page counted before the data was
visible can be stored under a token still trusted). The token is read *before* the data is
counted, so a change committed while a page counts leaves an entry nobody trusts.
"""

from __future__ import annotations

import hashlib
import logging
import re
import uuid
from collections.abc import Callable
from functools import cache as once
from pathlib import Path
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils.translation import get_language

from keten.statistics.conf import min_count, min_interval_width

logger = logging.getLogger(__name__)

T = TypeVar("T")

VERSION_KEY = "statistics:data-version"
#: How long computed figures are kept at most.
TIMEOUT_SECONDS = 3600
#: The tables figures are counted from: every count is of cases (their phases are a field of the
#: case, set when a chain phase is recorded), the national page counts reports and names centres,
#: the dataset pages count imported records.
WATCHED_MODELS = (
    "cases.Case",
    "referrals.ChainPhase",
    "intake.Report",
    "accounts.Organisation",
    "statistics.AnalysisDataset",
    "statistics.AnalysisRecord",
    "statistics.AnalysisPairRecord",
)

#: Set on a connection whose last statement inserted into a watched table.
_PENDING = "_keten_figures_version_pending"
_WRITE = re.compile(r'(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+["`]?(\w+)', re.IGNORECASE)


def _code_mark() -> str:
    """A fingerprint of what lays the figures out: Keten's version, the compiled translations, and
    the code and templates of the figures and of the disclosure control (file sizes and times)."""
    from importlib.metadata import PackageNotFoundError, version

    root = Path(__file__).resolve().parent.parent
    try:
        described = [version("keten")]
    except PackageNotFoundError:  # pragma: no cover - run from a checkout that is not installed
        described = [""]
    patterns = ("**/django.mo", "statistics/**/*.py", "statistics/**/*.html", "core/**/*.py")
    for pattern in patterns:
        for path in sorted(root.glob(pattern)):
            stat = path.stat()
            described.append(f"{path.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(described).encode()).hexdigest()[:16]


#: Read once per process, at start.
CODE_MARK = _code_mark()


@once
def watched_tables() -> frozenset[str]:
    from django.apps import apps

    return frozenset(apps.get_model(label)._meta.db_table for label in WATCHED_MODELS)


def writes_watched_table(sql: str) -> bool:
    if not sql.startswith(("INSERT", "UPDATE", "DELETE", "insert", "update", "delete")):
        return False
    found = _WRITE.match(sql)
    return found is not None and found.group(1) in watched_tables()


def forget_figures() -> None:
    """Make every cached figure stale. A failure is logged, never raised: a write must not fail
    because of the figures (their entries still expire after ``TIMEOUT_SECONDS``)."""
    try:
        # A savepoint keeps a failed cache write (no cache table yet, during the first migrate)
        # from breaking the caller's transaction on PostgreSQL.
        with transaction.atomic():
            cache.delete(VERSION_KEY)
    except DatabaseError as error:
        logger.debug("figures version not dropped: %s", error)
    except Exception:  # a Redis outage: the write itself went through, say so and go on
        logger.warning("figures version not dropped", exc_info=True)


def watch_writes(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
    """Database execute wrapper: drop the data version at each write to a watched table."""
    connection: BaseDatabaseWrapper = context["connection"]
    if getattr(connection, _PENDING, False):
        setattr(connection, _PENDING, False)
        forget_figures()
    if not writes_watched_table(sql):
        return execute(sql, params, many, context)
    if sql[0] in "Ii":
        # sqlite3 refuses any other statement until the rows an INSERT ... RETURNING gives back
        # are read: drop the version before the insert, and again before the next statement.
        forget_figures()
        result = execute(sql, params, many, context)
        setattr(connection, _PENDING, True)
    else:
        result = execute(sql, params, many, context)
        if getattr(context["cursor"], "rowcount", 1) == 0:
            return result  # touched no row: changed nothing
        forget_figures()
    if connection.in_atomic_block and not any(
        entry[1] is forget_figures for entry in connection.run_on_commit
    ):
        transaction.on_commit(forget_figures, using=connection.alias)
    return result


def install(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """``connection_created`` receiver: watch the writes of every connection."""
    if watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch_writes)


def cache_key(kind: str, *parts: object) -> str:
    """The key of one computed result: ``parts`` say whose figures and of what."""
    described = repr((kind, parts, get_language(), min_count(), min_interval_width(), CODE_MARK))
    return f"statistics:figures:{kind}:{hashlib.sha256(described.encode()).hexdigest()}"


def cached(kind: str, parts: tuple[object, ...], compute: Callable[[], T]) -> T:
    """``compute()``, or what it gave under the current data version for the same ``parts``."""
    key = cache_key(kind, *parts)
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    entry = found.get(key)
    if version is not None and isinstance(entry, tuple) and len(entry) == 2 and entry[0] == version:
        result: T = entry[1]
        return result
    value = compute()
    if version is not None:
        cache.set(key, (version, value), TIMEOUT_SECONDS)
    return value
