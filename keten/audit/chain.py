"""How an audit entry is sealed, and how the whole trail is verified.

Each entry carries ``hash = HMAC-SHA256(K, previous hash, its own content)``, where ``K`` is
derived from ``KETEN_AUDIT_KEY``, a secret kept outside the database (an environment variable
or ``var/audit-key``). After every commit the newest sequence number and MAC are appended to
the anchor file (:mod:`keten.audit.anchor`), which lives outside the database too.

What ``keten audit verify`` proves, and what it cannot:

- Someone who can write to the database but holds neither the key nor the anchor file cannot
  edit, insert, delete or reorder entries, nor recompute the chain (with plain hashes or any
  key of their own), nor cut the newest entries off and rewind the head: verification fails and
  names the first entry that does not hold.
- Someone who also holds the key can recompute a consistent chain; the anchor file still shows
  that anchored entries changed or vanished (the first differing anchored entry is named).
  Entries written after the last anchor line (at most the ones of a commit that was under way)
  are protected by the key alone.
- Someone who can rewrite the anchor file as well as the database can cut the newest entries off
  both, even without the key.
- Someone who holds the key *and* can rewrite the anchor file can rewrite history undetected,
  unless a copy of the anchor kept elsewhere (``keten audit anchor export``) is checked with
  ``keten audit verify --anchor``. Keep the key and an exported anchor where the database's
  administrators cannot write.
- Verification says nothing about actions that were never logged, nor about the trail before
  it was re-chained under the MAC (the ``audit.rechained`` entry records whether that older
  plain-hash chain was intact at the time).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

GENESIS_HASH = "0" * 64


def audit_mac_key() -> bytes:
    """The MAC key, derived from ``KETEN_AUDIT_KEY`` (never stored in the database)."""
    from django.conf import settings

    from keten.core.crypto import derive_key

    return derive_key(settings.AUDIT_KEY.encode(), "audit-chain")


def entry_content(
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
) -> bytes:
    """The bytes an entry's seal covers: the previous entry's seal and every field of its own."""
    return json.dumps(
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
    ).encode()


def entry_hash(*, key: bytes | None = None, **fields: Any) -> str:
    """The seal of an entry: HMAC-SHA256 under the audit key (``key`` defaults to it)."""
    return hmac.new(key or audit_mac_key(), entry_content(**fields), hashlib.sha256).hexdigest()


def legacy_entry_hash(**fields: Any) -> str:
    """The plain SHA-256 seal entries had before the MAC (only to check them while re-chaining)."""
    return hashlib.sha256(entry_content(**fields)).hexdigest()


def sealed_fields(event: Any) -> dict[str, Any]:
    return {
        "previous_hash": event.previous_hash,
        "sequence": event.sequence,
        "created_at": event.created_at,
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "organisation_id": event.organisation_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "reason": event.reason,
        "data": event.data,
    }


@dataclass(frozen=True, order=True)
class ChainProblem:
    sequence: int
    problem: str

    def __str__(self) -> str:
        # Sequence 0 stands for the trail as a whole (a missing or damaged anchor file).
        return f"entry {self.sequence}: {self.problem}" if self.sequence else self.problem


def verify_chain(*, extra_anchors: list[Path] | None = None) -> Iterator[ChainProblem]:
    """Yield every break in the trail, in the order found (sort them for the first bad entry).

    Checks the sequence (no gaps, nothing inserted), each entry's link and MAC, the head row,
    and every anchored entry (the anchor file and any ``extra_anchors``) against the trail.
    """
    from keten.audit.anchor import anchor_path, read_anchor
    from keten.audit.models import AuditEvent, AuditHead

    key = audit_mac_key()
    anchored: dict[int, str] = {}
    for path in [anchor_path(), *(extra_anchors or [])]:
        if not path.exists():
            if path == anchor_path() and not AuditEvent.objects.exists():
                continue
            yield ChainProblem(0, f"the anchor file {path} is missing: the newest entries cannot be checked")
            continue
        lines, unreadable = read_anchor(path)
        for number in unreadable:
            yield ChainProblem(0, f"line {number} of the anchor file {path} is not an anchor line")
        for sequence, sealed in lines:
            if anchored.setdefault(sequence, sealed) != sealed:
                yield ChainProblem(sequence, "two anchors disagree about this entry")

    expected_sequence = 1
    previous_hash = GENESIS_HASH
    for event in AuditEvent.objects.order_by("sequence").iterator(chunk_size=2000):
        if event.sequence != expected_sequence:
            yield ChainProblem(
                min(event.sequence, expected_sequence),
                f"expected entry {expected_sequence} here but found entry {event.sequence}: "
                "entries are missing or were inserted",
            )
        if event.previous_hash != previous_hash:
            yield ChainProblem(event.sequence, "does not link to the entry before it")
        if not hmac.compare_digest(entry_hash(key=key, **sealed_fields(event)), event.hash):
            yield ChainProblem(
                event.sequence,
                "its seal does not match its content: it was changed or forged after it was written",
            )
        if event.sequence in anchored and anchored.pop(event.sequence) != event.hash:
            yield ChainProblem(
                event.sequence, "differs from the anchor: the trail was rewritten from here on"
            )
        previous_hash = event.hash
        expected_sequence = event.sequence + 1

    last_sequence = expected_sequence - 1
    missing = sorted(sequence for sequence in anchored if sequence > last_sequence)
    if missing:
        yield ChainProblem(
            missing[0],
            f"the anchor records entries up to {missing[-1]} but the trail ends at entry {last_sequence}: "
            "the newest entries were deleted",
        )
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and (head.sequence != last_sequence or head.hash != previous_hash):
        yield ChainProblem(
            head.sequence if head.sequence <= last_sequence else last_sequence + 1,
            f"the trail ends at entry {last_sequence} but the head records entry {head.sequence}: "
            "the last entries were deleted or the head was changed",
        )
