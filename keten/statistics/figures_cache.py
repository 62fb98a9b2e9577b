"""Computed figures kept in Django's cache, thrown away as soon as the data behind them changes.

Counting and protecting the tables of a page costs ten grouped queries and the disclosure check;
the result only changes when cases (or chain phases, reports, centres) do. So the protected tables,
never the true counts, are kept in the ``default`` cache (``keten/caching.py``: shared by every
process) under a key naming everything they depend on:

* the **scope** (centres, years, form, demo mode) and whether the reader sees every centre, with
  the centres' names: a centre manager's entry can never be read by another centre or another role;
* the **language** (labels and notes are translated when the tables are laid out) and the
  disclosure settings (``KETEN_STATS_MIN_COUNT``, ``KETEN_STATS_MIN_INTERVAL_WIDTH``);
* the **data version**: a random token in the cache, dropped whenever a case, a chain phase, a
  report, an organisation or an imported dataset is saved or deleted, and again once that change is committed
  (:func:`connect_signals`). An entry is only read back while the token it was computed under is
  still the current one;
* the highest case id, read on every request (one indexed lookup), so cases created without
  signals (``bulk_create`` of the demo data) make new keys too;
* the installed code and translations (:data:`CODE_MARK`), so a new release never shows tables
  laid out by the one before.

The token is read *before* the data is counted, so a change committed while a page counts leaves
an entry under an old token, which the next request does not trust.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.utils.translation import get_language

from keten.statistics.conf import min_count, min_interval_width

T = TypeVar("T")

VERSION_KEY = "statistics:data-version"
#: How long computed figures are kept at most (a changed datum drops them at once anyway).
TIMEOUT_SECONDS = 3600
#: The models whose changes change figures: every count is of cases (their phases are a field of the
#: case, set when a chain phase is saved), the national page counts reports and names centres, and an
#: imported dataset is saved once its records are in (and deleted with them).
SOURCE_MODELS = (
    "cases.Case",
    "referrals.ChainPhase",
    "intake.Report",
    "accounts.Organisation",
    "statistics.AnalysisDataset",
)


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


def data_changed(**_kwargs: Any) -> None:
    """Signal receiver: drop the data version now and again once the change is committed.

    Now: a page counted later in the same transaction sees the change (and with the database cache
    the drop commits with the change). After commit (once per transaction): a page that counted
    meanwhile, from before the change, cannot leave its tables under a token still trusted.
    """
    if not connection.in_atomic_block:
        transaction.on_commit(forget_figures)  # runs at once
        return
    forget_figures()
    if not any(entry[1] is forget_figures for entry in connection.run_on_commit):
        transaction.on_commit(forget_figures)


def forget_figures() -> None:
    """Make every cached figure stale: the next request counts again."""
    cache.delete(VERSION_KEY)


def connect_signals() -> None:
    from django.apps import apps

    for label in SOURCE_MODELS:
        model = apps.get_model(label)
        post_save.connect(data_changed, sender=model, dispatch_uid=f"statistics-figures-{label}-save")
        post_delete.connect(data_changed, sender=model, dispatch_uid=f"statistics-figures-{label}-delete")


def _highest_case_id() -> int:
    from keten.cases.models import Case

    table = connection.ops.quote_name(Case._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(id) FROM {table}")  # noqa: S608 - the name comes from the model
        row = cursor.fetchone()
    return int(row[0] or 0) if row else 0


def cache_key(kind: str, *parts: object) -> str:
    """The key of one computed result: ``parts`` say whose figures and of what."""
    described = repr(
        (kind, parts, get_language(), min_count(), min_interval_width(), _highest_case_id(), CODE_MARK)
    )
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
