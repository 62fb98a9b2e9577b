"""The one writer of the audit trail."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time
from functools import partial
from typing import Any, NamedTuple

from django.db import connection, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from keten.audit.anchor import append_anchor
from keten.audit.chain import entry_hash, sealed_fields
from keten.audit.models import AuditEvent, AuditHead

ACTION_PATTERN = re.compile(r"^[a-z_]+(\.[a-z_]+)+$")
# Data values are short codes, ids, dates or numbers: never free text or secrets.
FORBIDDEN_KEYS = re.compile(r"pass|secret|token|code|otp|content|text|body|note|name|email|address", re.I)
MAX_VALUE_LENGTH = 100
Scalar = str | int | float | bool | None


def _checked_data(data: dict[str, Any] | None) -> dict[str, Any]:
    checked: dict[str, Any] = {}
    for key, value in (data or {}).items():
        if FORBIDDEN_KEYS.search(key):
            raise ValueError(f"audit data may not hold {key!r}: no free text or secrets in the trail")
        values = value if isinstance(value, list | tuple) else [value]
        for item in values:
            if not isinstance(item, Scalar):
                raise ValueError(f"audit data {key!r} must be a scalar or a list of scalars")
            if isinstance(item, str) and len(item) > MAX_VALUE_LENGTH:
                raise ValueError(f"audit data {key!r} is too long to be a code")
        checked[key] = list(value) if isinstance(value, list | tuple) else value
    return checked


def log_action(
    action: str,
    *,
    actor: Any = None,
    organisation: Any = None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    reason: str = "",
    data: dict[str, Any] | None = None,
    day_only: bool = False,
) -> AuditEvent:
    """Append one entry to the trail, in the caller's transaction when there is one.

    ``action`` is a namespaced code such as ``case.viewed``; ``data`` holds only short codes
    and ids. The head row is locked, so concurrent writers queue up and the chain stays linear.
    Each entry is sealed with the audit key and anchored outside the database after commit
    (see :mod:`keten.audit.chain`).
    ``day_only`` records the start of the day instead of the moment, for entries an anonymous
    reporter causes: the exact time they wrote could help find them.
    """
    if not ACTION_PATTERN.match(action):
        raise ValueError(f"audit action {action!r} must look like 'area.verb'")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    actor_user = actor if getattr(actor, "is_authenticated", False) else None
    # Everything that does not depend on the head is prepared before its lock is taken.
    event = AuditEvent(
        actor=actor_user,
        actor_label=actor_user.email if actor_user else (actor if isinstance(actor, str) else ""),
        organisation=organisation,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        reason=reason[:200],
        data=_checked_data(data),
    )
    with transaction.atomic():
        _append(event, created_at=start_of_today() if day_only else None)
        # The anchor outside the database is written once the entry is durably committed.
        # A failed write is logged, never undoes the committed entry (robust).
        transaction.on_commit(partial(append_anchor, event.sequence, event.hash), robust=True)
    return event


def _append(event: AuditEvent, *, created_at: datetime | None) -> None:
    """Lock the head, seal ``event`` after it, insert it and move the head on.

    Three plain statements through Django's cursor (so execute wrappers still see them) instead
    of ``select_for_update().get_or_create()`` and two ``save()``: the ORM spent over half a
    millisecond of Python building those on every audited read, all of it while the head was
    locked (on SQLite, while the database's only write lock was held). Values are converted by the
    model's own fields, as ``save()`` converts them, so the stored row and its seal are the same.
    No model signals are sent for these rows (nothing listens to them).
    """
    statements = _statements(connection)
    with connection.cursor() as cursor:
        cursor.execute(statements.lock_head)
        head = cursor.fetchone()
        if head is None:  # the first entry ever; a concurrent first writer waits on this insert
            AuditHead.objects.bulk_create([AuditHead(pk=1)], ignore_conflicts=True)
            cursor.execute(statements.lock_head)
            head = cursor.fetchone()
        event.sequence, event.previous_hash = head[0] + 1, head[1]
        event.created_at = created_at or timezone.now()
        event.hash = entry_hash(**sealed_fields(event))
        values = [
            field.get_db_prep_save(field.pre_save(event, True), connection) for field in statements.fields
        ]
        cursor.execute(statements.insert_event, values)
        if statements.returns_id:
            event.pk = cursor.fetchone()[0]
        else:
            event.pk = connection.ops.last_insert_id(cursor, AuditEvent._meta.db_table, "id")
        cursor.execute(statements.move_head, [event.sequence, event.hash])
    event._state.adding, event._state.db = False, connection.alias


class _Statements(NamedTuple):
    lock_head: str
    insert_event: str
    returns_id: bool
    move_head: str
    fields: list[Any]


_STATEMENTS: dict[str, _Statements] = {}


def _statements(connection: BaseDatabaseWrapper) -> _Statements:
    """The SQL of :func:`_append` for this kind of database, built once."""
    if connection.vendor not in _STATEMENTS:
        quote = connection.ops.quote_name
        head, events = quote(AuditHead._meta.db_table), quote(AuditEvent._meta.db_table)
        fields = [field for field in AuditEvent._meta.concrete_fields if not field.primary_key]
        returns_id = connection.features.can_return_columns_from_insert
        for_update = (
            " " + connection.ops.for_update_sql() if connection.features.has_select_for_update else ""
        )
        # Only the model's own table and column names go into the text; every value is a parameter.
        columns = ", ".join(quote(field.column) for field in fields)
        marks = ", ".join(["%s"] * len(fields))
        sequence, hash_, id_ = quote("sequence"), quote("hash"), quote("id")
        _STATEMENTS[connection.vendor] = _Statements(
            lock_head=f"SELECT {sequence}, {hash_} FROM {head} WHERE {id_} = 1{for_update}",  # noqa: S608
            insert_event=f"INSERT INTO {events} ({columns}) VALUES ({marks})"  # noqa: S608
            + (f" RETURNING {id_}" if returns_id else ""),
            returns_id=returns_id,
            move_head=f"UPDATE {head} SET {sequence} = %s, {hash_} = %s WHERE {id_} = 1",  # noqa: S608
            fields=fields,
        )
    return _STATEMENTS[connection.vendor]


def start_of_today() -> datetime:
    """Midnight of today in the site's time zone, in UTC like every stored moment (the hash of an
    entry is computed over the value as the database gives it back)."""
    return timezone.make_aware(datetime.combine(timezone.localdate(), time.min)).astimezone(UTC)
