"""What ``log_action`` guarantees whoever writes through it: one sealed entry after the head, in
the caller's transaction, anchored once committed, and a chain that stays linear under load."""

from __future__ import annotations

import threading
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.test import TransactionTestCase

from keten.audit.anchor import anchor_path, read_anchor
from keten.audit.chain import GENESIS_HASH, verify_chain
from keten.audit.log import log_action, start_of_today
from keten.audit.models import AuditEvent, AuditHead
from keten.generations import written_table
from tests.base import InEnglish, KetenTestCase, verified_audit_trail

FIELDS = [field.attname for field in AuditEvent._meta.concrete_fields]


class AppendTests(InEnglish, KetenTestCase):
    def log_varied_entries(self) -> list[AuditEvent]:
        """Entries of every shape callers write: people, labels, objects, data, reasons, days."""
        events = []
        for number in range(1, 9):
            events += [
                log_action("case.viewed", actor=self.worker_a, organisation=self.centre_a, obj=self.centre_a),
                log_action(
                    "report.answered",
                    actor="reporter",
                    object_type="intake.report",
                    object_id=number,
                    data={
                        "state": "done",
                        "ids": [number, number + 1],
                        "late": number % 2 == 0,
                        "score": 0.5,
                    },
                    day_only=True,
                ),
                log_action("login.failed", reason="too many attempts " * 20),
            ]
        return events

    def test_entries_are_written_exactly_as_returned_and_the_chain_holds(self) -> None:
        before = AuditHead.objects.filter(pk=1).values_list("sequence", flat=True).first() or 0
        events = self.log_varied_entries()
        self.assertEqual([event.sequence for event in events], list(range(before + 1, before + 25)))
        for event in events:
            stored = AuditEvent.objects.get(pk=event.pk)
            self.assertEqual(
                {name: getattr(stored, name) for name in FIELDS},
                {name: getattr(event, name) for name in FIELDS},
            )
        self.assertEqual(events[1].created_at, start_of_today())
        self.assertEqual(len(events[2].reason), 200)
        self.assertEqual(events[0].actor, self.worker_a)
        head = AuditHead.objects.get(pk=1)
        self.assertEqual((head.sequence, head.hash), (events[-1].sequence, events[-1].hash))
        self.assertEqual(verified_audit_trail(), [])

    def test_the_returned_entry_is_a_saved_row(self) -> None:
        event = log_action("case.viewed", actor=self.worker_a, object_type="cases.case", object_id=7)
        self.assertFalse(event._state.adding)
        event.refresh_from_db()
        self.assertEqual((event.object_id, event.actor_label), ("7", self.worker_a.email))

    def test_the_first_entry_ever_creates_the_head(self) -> None:
        AuditEvent.objects.all().delete()
        AuditHead.objects.all().delete()
        first = log_action("case.viewed", actor=self.worker_a, object_type="cases.case", object_id=1)
        second = log_action("case.viewed", actor=self.worker_a, object_type="cases.case", object_id=2)
        self.assertEqual((first.sequence, first.previous_hash), (1, GENESIS_HASH))
        self.assertEqual((second.sequence, second.previous_hash), (2, first.hash))
        self.assertEqual(list(AuditHead.objects.values_list("pk", "sequence", "hash")), [(1, 2, second.hash)])
        self.assertEqual(verified_audit_trail(), [])

    def test_a_rolled_back_caller_transaction_leaves_no_entry_and_no_anchor_line(self) -> None:
        log_action("case.viewed", actor=self.worker_a, object_type="cases.case", object_id=1)
        head = AuditHead.objects.values_list("sequence", "hash").get(pk=1)
        count = AuditEvent.objects.count()
        with self.captureOnCommitCallbacks(execute=True) as callbacks, self.assertRaises(RuntimeError):
            with transaction.atomic():
                log_action("case.viewed", actor=self.worker_a, object_type="cases.case", object_id=2)
                raise RuntimeError("the request failed")
        self.assertEqual(callbacks, [])
        self.assertFalse(anchor_path().exists())
        self.assertEqual(AuditEvent.objects.count(), count)
        self.assertEqual(AuditHead.objects.values_list("sequence", "hash").get(pk=1), head)

    def test_a_committed_entry_is_anchored_with_its_seal(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            event = log_action("case.viewed", actor=self.worker_a, object_type="cases.case", object_id=1)
        self.assertEqual(read_anchor(anchor_path()), ([(event.sequence, event.hash)], []))

    def test_a_rewound_head_makes_the_writer_fail_rather_than_fork_the_chain(self) -> None:
        log_action("case.viewed", actor=self.worker_a, object_type="cases.case", object_id=1)
        AuditHead.objects.filter(pk=1).update(sequence=0, hash=GENESIS_HASH)
        count = AuditEvent.objects.count()
        with self.assertRaises(IntegrityError):
            log_action("case.viewed", actor=self.worker_a, object_type="cases.case", object_id=2)
        # The caller's transaction is still usable: only the entry's own savepoint was undone.
        self.assertEqual(AuditEvent.objects.count(), count)
        self.assertEqual(AuditHead.objects.get(pk=1).sequence, 0)

    def test_the_database_execute_wrappers_see_the_writes(self) -> None:
        # keten/generations.py renews cached answers from the tables a statement writes.
        written: list[str | None] = []

        def watch(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            written.append(written_table(sql))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(watch):
            log_action("case.viewed", actor=self.worker_a, object_type="cases.case", object_id=1)
        self.assertIn(AuditEvent._meta.db_table, written)
        self.assertIn(AuditHead._meta.db_table, written)


class ConcurrentWritersTests(TransactionTestCase):
    """Writers in separate connections, all starting on an empty trail (the head is created by
    whichever comes first), each committing its own entries: the chain stays one line."""

    WRITERS = 4
    ENTRIES = 15

    def test_concurrent_writers_keep_the_chain_linear(self) -> None:
        if connection.vendor != "postgresql":
            # SQLite's test database lives in shared memory, where a second writer fails at once
            # instead of waiting; on SQLite every write transaction takes the write lock at BEGIN.
            self.skipTest("needs a database that lets writers wait for each other's locks")
        start = threading.Barrier(self.WRITERS)
        failures: list[BaseException] = []

        def write(writer: int) -> None:
            try:
                start.wait()
                for number in range(self.ENTRIES):
                    log_action("case.viewed", object_type="cases.case", object_id=f"{writer}-{number}")
            except BaseException as failure:  # reported by the test below
                failures.append(failure)
            finally:
                connection.close()

        threads = [threading.Thread(target=write, args=(writer,)) for writer in range(self.WRITERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(failures, [])
        total = self.WRITERS * self.ENTRIES
        self.assertEqual(
            list(AuditEvent.objects.order_by("sequence").values_list("sequence", flat=True)),
            list(range(1, total + 1)),
        )
        self.assertEqual(sorted(verify_chain()), [])
        self.assertEqual(len(read_anchor(anchor_path())[0]), total)
