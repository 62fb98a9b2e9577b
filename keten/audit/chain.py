"""How an audit entry is hashed, and how the whole chain is verified."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

GENESIS_HASH = "0" * 64


def entry_hash(
    *,
    previous_hash: str,
    sequence: int,
    created_at: datetime,
    actor_id: int | None,
    actor_label: str,
    organisation_id: int | None,
    action: str,
    object_type: str,
    object_id: str,
    reason: str,
    data: dict[str, Any],
) -> str:
    content = json.dumps(
        [
            previous_hash,
            sequence,
            created_at.isoformat(timespec="microseconds"),
            actor_id,
            actor_label,
            organisation_id,
            action,
            object_type,
            object_id,
            reason,
            data,
        ],
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=True,
    )
    return hashlib.sha256(content.encode()).hexdigest()


@dataclass(frozen=True)
class ChainProblem:
    sequence: int
    problem: str

    def __str__(self) -> str:
        return f"entry {self.sequence}: {self.problem}"


def verify_chain() -> Iterator[ChainProblem]:
    """Yield every break in the trail: edited, inserted, reordered or deleted entries."""
    from keten.audit.models import AuditEvent, AuditHead

    expected_sequence = 1
    previous_hash = GENESIS_HASH
    for event in AuditEvent.objects.order_by("sequence").iterator(chunk_size=2000):
        if event.sequence != expected_sequence:
            yield ChainProblem(
                event.sequence,
                f"expected entry {expected_sequence} here: entries are missing or were inserted",
            )
        if event.previous_hash != previous_hash:
            yield ChainProblem(event.sequence, "does not link to the entry before it")
        recomputed = entry_hash(
            previous_hash=event.previous_hash,
            sequence=event.sequence,
            created_at=event.created_at,
            actor_id=event.actor_id,
            actor_label=event.actor_label,
            organisation_id=event.organisation_id,
            action=event.action,
            object_type=event.object_type,
            object_id=event.object_id,
            reason=event.reason,
            data=event.data,
        )
        if recomputed != event.hash:
            yield ChainProblem(event.sequence, "its content was changed after it was written")
        previous_hash = event.hash
        expected_sequence = event.sequence + 1

    head = AuditHead.objects.filter(pk=1).first()
    last_sequence = expected_sequence - 1
    if head is not None and (head.sequence != last_sequence or head.hash != previous_hash):
        yield ChainProblem(
            head.sequence,
            f"the trail ends at entry {last_sequence} but the head records entry {head.sequence}: "
            "the last entries were deleted or the head was changed",
        )
