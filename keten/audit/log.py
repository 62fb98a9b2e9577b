"""The one writer of the audit trail."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time
from functools import partial
from typing import Any

from django.db import models, transaction
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
    with transaction.atomic():
        head, _created = AuditHead.objects.select_for_update().get_or_create(pk=1)
        sequence = head.sequence + 1
        event = AuditEvent(
            sequence=sequence,
            created_at=start_of_today() if day_only else timezone.now(),
            actor=actor_user,
            actor_label=actor_user.email if actor_user else (actor if isinstance(actor, str) else ""),
            organisation=organisation,
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            reason=reason[:200],
            data=_checked_data(data),
            previous_hash=head.hash,
        )
        event.hash = entry_hash(**sealed_fields(event))
        event.save(force_insert=True)
        head.sequence, head.hash = sequence, event.hash
        head.save(update_fields=["sequence", "hash"])
        # The anchor outside the database is written once the entry is durably committed.
        # A failed write is logged, never undoes the committed entry (robust).
        transaction.on_commit(partial(append_anchor, sequence, event.hash), robust=True)
    return event


def start_of_today() -> datetime:
    """Midnight of today in the site's time zone, in UTC like every stored moment (the hash of an
    entry is computed over the value as the database gives it back)."""
    return timezone.make_aware(datetime.combine(timezone.localdate(), time.min)).astimezone(UTC)
