"""What every professional page asks again and again, kept in the shared cache between writes.

The header's places and counts and the demo banner cost a handful of ORM queries on every page
(about a third of a simple page), yet their answers change only when one of a few tables is
written. So:

* every write to a watched table (whatever the path: ``save()``, ``update()``, ``bulk_create()``,
  a cascade, raw SQL) replaces one *generation* token in the shared cache. A database execute
  wrapper sees the statements themselves, so no write path can be forgotten;
* an entry is stored with the generation it was computed under and used only while that
  generation is still the current one. A count is therefore never older than the last write.

The token is replaced at the write (inside its transaction: with the database cache it commits
or rolls back with the data) and again at commit (so that with Redis no reader can store an
answer computed before the data was visible under the new token). Entries are keyed by the
account, the membership and the day: never shared between people. ``ENTRY_SECONDS`` bounds what
an unforeseen path could leave behind.
"""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

from django.apps import apps
from django.core.cache import cache as shared_cache
from django.db import DatabaseError, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

logger = logging.getLogger(__name__)

T = TypeVar("T")

GENERATION_KEY = "header:generation"
ENTRY_SECONDS = 300

#: Models whose rows decide the header's places (accounts, memberships, inbox grants, referral
#: rules) or its counts (reports, signals, referrals, match notices, case files and who keeps
#: them), and the demo banner (case files).
WATCHED_MODELS = (
    "accounts.User",
    "accounts.Organisation",
    "accounts.Membership",
    "intake.Report",
    "intake.InboxAccess",
    "screening.Handover",
    "links.MatchNotice",
    "cases.Case",
    "cases.CaseAssignment",
)
#: Every table of these apps is watched (referrals, notifications, consents and the rules for them).
WATCHED_APPS = ("referrals",)

#: Set on a connection whose last statement inserted into a watched table.
_PENDING = "_keten_header_generation_pending"

_WRITE = re.compile(r'(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+["`]?(\w+)', re.IGNORECASE)


@cache
def watched_tables() -> frozenset[str]:
    tables = {apps.get_model(label)._meta.db_table for label in WATCHED_MODELS}
    for app_label in WATCHED_APPS:
        tables.update(model._meta.db_table for model in apps.get_app_config(app_label).get_models())
    return frozenset(tables)


def writes_watched_table(sql: str) -> bool:
    if not sql.startswith(("INSERT", "UPDATE", "DELETE", "insert", "update", "delete")):
        return False
    found = _WRITE.match(sql)
    return found is not None and found.group(1) in watched_tables()


def new_generation() -> None:
    """Makes every stored entry stale. A failure is logged, never raised: a write must not fail
    because of the header (its entries still expire after ``ENTRY_SECONDS``)."""
    try:
        # A savepoint keeps a failed cache write (no cache table yet, during the first migrate)
        # from breaking the caller's transaction on PostgreSQL.
        with transaction.atomic():
            shared_cache.set(GENERATION_KEY, secrets.token_hex(8), None)
    except DatabaseError as error:
        logger.debug("header generation not replaced: %s", error)
    except Exception:  # a Redis outage: the write itself went through, say so and go on
        logger.warning("header generation not replaced", exc_info=True)


def watch_writes(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
    """Database execute wrapper: a new generation for each write to a watched table."""
    connection: BaseDatabaseWrapper = context["connection"]
    if getattr(connection, _PENDING, False):
        setattr(connection, _PENDING, False)
        new_generation()
    if not writes_watched_table(sql):
        return execute(sql, params, many, context)
    if sql[0] in "Ii":
        # sqlite3 refuses any other statement until the rows an INSERT ... RETURNING gives back
        # are read: replace the generation before the insert, and again before the next statement.
        new_generation()
        result = execute(sql, params, many, context)
        setattr(connection, _PENDING, True)
    else:
        result = execute(sql, params, many, context)
        # An UPDATE or DELETE that touched no row changes nothing (a page that marks what is
        # already read would otherwise make every entry stale on every view).
        if getattr(context["cursor"], "rowcount", 1) == 0:
            return result
        new_generation()
    if connection.in_atomic_block and not any(
        callback is new_generation for _sids, callback, _robust in connection.run_on_commit
    ):
        transaction.on_commit(new_generation, using=connection.alias)
    return result


def install(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """``connection_created`` receiver: watch the writes of every connection."""
    if watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch_writes)


def remembered(key: str, compute: Callable[[], T]) -> T:
    """``compute()``'s answer, computed again only after a watched table was written.

    ``key`` must name everything the answer depends on besides the watched tables (the account,
    the membership, the day): entries are never shared between different keys.
    """
    found = shared_cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY)
    stored = found.get(key)
    if generation is not None and isinstance(stored, tuple) and stored[0] == generation:
        return stored[1]  # type: ignore[no-any-return]
    if generation is None:
        new_generation()
        generation = shared_cache.get(GENERATION_KEY)
    value = compute()
    if generation is not None:
        shared_cache.set(key, (generation, value), ENTRY_SECONDS)
    return value
