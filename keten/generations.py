"""Answers kept in the shared cache until a write to the tables they depend on.

Some answers are asked for far more often than their data changes: the professional header's
counts and the demo banner on every page (``keten.accounts.header_cache``), the protected figures
tables (``keten.statistics.figures_cache``). Each such family of answers has a *generation*: a
random token in the shared cache (``KETEN_CACHE_URL``), replaced by every write to one of the
tables the family depends on. An answer is stored with the token it was computed under and used
only while that token is still the current one, so it is never older than the last write that
could change it.

One database execute wrapper, installed on every connection, sees the statements themselves, so
no write path can be forgotten: ``save()``, ``QuerySet.update()``, ``bulk_create()``, cascades
and raw SQL alike. The token is replaced at the write, inside its transaction (with the database
cache it commits or rolls back with the data), and once more at commit (so that with Redis no
other process can store an answer computed before the data was visible). An ``UPDATE`` or
``DELETE`` that touched no row replaces nothing. Writes made outside Keten's processes (by hand in
the database) are not seen: every entry also expires after its family's ``seconds``.
"""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Callable
from functools import cached_property
from typing import Any, TypeVar

from django.apps import apps
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

logger = logging.getLogger(__name__)

T = TypeVar("T")

_FAMILIES: list[Generation] = []
#: Set on a connection whose last statement inserted into watched tables: the families to renew.
_PENDING = "_keten_generations_pending"
_WRITE = re.compile(r'(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+["`]?(\w+)', re.IGNORECASE)


class Generation:
    """The token of one family of cached answers, renewed by writes to ``models`` (app labels
    with model names) and to every table of ``app_labels``."""

    def __init__(
        self, name: str, models: tuple[str, ...], app_labels: tuple[str, ...] = (), *, seconds: int
    ) -> None:
        self.name = name
        self.key = f"generation:{name}"
        self.models = models
        self.app_labels = app_labels
        self.seconds = seconds
        _FAMILIES.append(self)

    def __repr__(self) -> str:
        return f"Generation({self.name!r})"

    @cached_property
    def tables(self) -> frozenset[str]:
        found = {apps.get_model(label)._meta.db_table for label in self.models}
        for app_label in self.app_labels:
            found.update(model._meta.db_table for model in apps.get_app_config(app_label).get_models())
        return frozenset(found)

    def renew(self) -> None:
        """Makes every answer of the family stale. A failure is logged, never raised: a write must
        not fail because of a cache (the answers still expire after ``seconds``)."""
        try:
            # A savepoint keeps a failed cache write (no cache table yet, during the first
            # migrate) from breaking the caller's transaction on PostgreSQL.
            with transaction.atomic():
                cache.set(self.key, secrets.token_hex(8), None)
        except DatabaseError as error:
            logger.debug("%s not renewed: %s", self, error)
        except Exception:  # a Redis outage: the write itself went through, say so and go on
            logger.warning("%s not renewed", self, exc_info=True)

    def remembered(self, key: str, compute: Callable[[], T], *, store: bool = True) -> T:
        """``compute()``'s answer, computed again only after a write to the family's tables.

        ``key`` must name everything the answer depends on besides those tables (the person, the
        scope, the language, the day): answers are never shared between different keys. The token
        is read before ``compute()`` runs, so a write committed meanwhile leaves an entry that
        nobody trusts. With ``store=False`` a missing answer is computed but nothing is written
        (pages that must not write anything, such as the public ones).
        """
        answer: T = self.remembered_many({key: compute}, store=store)[key]
        return answer

    def remembered_many(
        self, computes: dict[str, Callable[[], Any]], *, store: bool = True
    ) -> dict[str, Any]:
        """:meth:`remembered` for several answers a page needs together, in one cache read."""
        found = cache.get_many([self.key, *computes])
        token = found.get(self.key)
        answers: dict[str, Any] = {}
        for key in computes:
            stored = found.get(key)
            if token is not None and isinstance(stored, tuple) and len(stored) == 2 and stored[0] == token:
                answers[key] = stored[1]
        missing = [key for key in computes if key not in answers]
        if missing and store and token is None:
            self.renew()
            token = cache.get(self.key)
        for key in missing:
            answers[key] = computes[key]()
            if store and token is not None:
                cache.set(key, (token, answers[key]), self.seconds)
        return answers


def written_table(sql: str) -> str | None:
    """The table an INSERT, UPDATE or DELETE writes; None for any other statement."""
    if not sql.startswith(("INSERT", "UPDATE", "DELETE", "insert", "update", "delete")):
        return None
    found = _WRITE.match(sql)
    return found.group(1) if found is not None else None


def families_writing(sql: str) -> list[Generation]:
    table = written_table(sql)
    return [family for family in _FAMILIES if table in family.tables] if table else []


def watch_writes(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
    """Database execute wrapper: renew the families whose tables a statement writes."""
    connection: BaseDatabaseWrapper = context["connection"]
    pending: list[Generation] | None = getattr(connection, _PENDING, None)
    if pending:
        setattr(connection, _PENDING, None)
        for family in pending:
            family.renew()
    families = families_writing(sql)
    if not families:
        return execute(sql, params, many, context)
    if sql[0] in "Ii":
        # sqlite3 refuses any other statement until the rows an INSERT ... RETURNING gives back
        # are read: renew before the insert, and again before the connection's next statement.
        for family in families:
            family.renew()
        result = execute(sql, params, many, context)
        setattr(connection, _PENDING, families)
    else:
        result = execute(sql, params, many, context)
        # An UPDATE or DELETE that touched no row changed nothing (a page that marks what is
        # already read would otherwise make every answer stale on every view).
        if getattr(context["cursor"], "rowcount", 1) == 0:
            return result
        for family in families:
            family.renew()
    if connection.in_atomic_block:
        waiting = {entry[1] for entry in connection.run_on_commit}
        for family in families:
            if family.renew not in waiting:
                transaction.on_commit(family.renew, using=connection.alias)
    return result


def install(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """``connection_created`` receiver: watch the writes of every connection."""
    if watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch_writes)
