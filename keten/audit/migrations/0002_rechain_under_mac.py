"""Re-seal the audit trail with a keyed MAC (KETEN_AUDIT_KEY) instead of plain SHA-256.

The plain chain is checked first; the re-sealed trail then ends with an ``audit.rechained``
entry that records how many entries were re-sealed and whether the plain chain was intact (and
where it first broke), so re-sealing can never launder an earlier edit. The new head is anchored
outside the database once the migration commits.
"""

from functools import partial

from django.db import migrations, transaction
from django.utils import timezone

from keten.audit.anchor import append_anchor
from keten.audit.chain import GENESIS_HASH, entry_hash, legacy_entry_hash, sealed_fields


def rechain(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditHead = apps.get_model("audit", "AuditHead")
    head = AuditHead.objects.filter(pk=1).first()
    if head is None or not AuditEvent.objects.exists():
        return

    first_broken = None
    expected_sequence, legacy_previous, sealed_previous = 1, GENESIS_HASH, GENESIS_HASH
    count = 0
    for event in AuditEvent.objects.order_by("sequence").iterator(chunk_size=2000):
        legacy_intact = (
            event.sequence == expected_sequence
            and event.previous_hash == legacy_previous
            and legacy_entry_hash(**sealed_fields(event)) == event.hash
        )
        if not legacy_intact and first_broken is None:
            first_broken = min(event.sequence, expected_sequence)
        legacy_previous, expected_sequence = event.hash, event.sequence + 1
        event.previous_hash = sealed_previous
        event.hash = entry_hash(**sealed_fields(event))
        event.save(update_fields=["previous_hash", "hash"])
        sealed_previous = event.hash
        count += 1
    if first_broken is None and (head.sequence != expected_sequence - 1 or head.hash != legacy_previous):
        first_broken = expected_sequence

    sequence = expected_sequence
    event = AuditEvent(
        sequence=sequence,
        created_at=timezone.now(),
        actor_label="keten migrate",
        action="audit.rechained",
        data={
            "entries": count,
            "from": "sha256",
            "to": "hmac-sha256",
            "plain_chain_intact": first_broken is None,
            "first_broken_entry": first_broken,
        },
        previous_hash=sealed_previous,
    )
    event.hash = entry_hash(**sealed_fields(event))
    event.save(force_insert=True)
    head.sequence, head.hash = sequence, event.hash
    head.save(update_fields=["sequence", "hash"])
    transaction.on_commit(partial(append_anchor, sequence, event.hash), robust=True)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(rechain, migrations.RunPython.noop)]
