from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from django.core.management import CommandError, call_command
from django.db import connection

from keten.accounts.models import User
from keten.audit.models import AuditEvent
from keten.cases import services
from keten.cases.backup import backup_models, restore_backup
from keten.cases.models import Case, Document, Note
from keten.core.procedure import Event
from keten.encryption import encrypted_file_names, files_root, read_encrypted_file
from tests.cases.helpers import CaseTestCase
from tests.cases.test_guidance import PNG


def _snapshot() -> dict[str, list[tuple[object, ...]]]:
    """Every row of every backed-up table, decrypted, for comparison."""
    rows: dict[str, list[tuple[object, ...]]] = {}
    for model in backup_models():
        fields = [f.attname for f in model._meta.concrete_fields]
        rows[model._meta.label_lower] = [
            tuple(getattr(obj, f) for f in fields) for obj in model._default_manager.order_by("pk")
        ]
    return rows


def _empty_database() -> None:
    with connection.constraint_checks_disabled():
        for model in reversed(backup_models()):
            model._base_manager.all()._raw_delete(model._base_manager.db)


class BackupRestoreTest(CaseTestCase):
    def test_it_backs_up_and_restores_everything(self) -> None:
        for kind in ("statements", "guidance_agreement", "no_contact_undertaking"):
            services.record_evidence(
                actor=self.worker_a, case=self.case, kind=kind, recorded_on=date(2026, 1, 5)
            )
        services.move_procedure(
            actor=self.worker_a, case_id=self.case.pk, event=Event.SKIP_REFLECTION, on=date(2026, 1, 6)
        )
        services.add_note(actor=self.worker_a, case=self.case, text="Ça va mieux.")
        document = services.add_document(actor=self.worker_a, case=self.case, title="Scan", data=PNG)
        files_before = {name: read_encrypted_file(name) for name in encrypted_file_names()}
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "keten.backup"
            call_command("backup", str(path), stdout=open("/dev/null", "w"))  # noqa: SIM115
            # With the backup's own audit entry: it is written before the snapshot is read.
            before = _snapshot()
            self.assertTrue(AuditEvent.objects.filter(action="system.backup_started").exists())
            self.assertNotIn(b"Testperson", path.read_bytes())
            self.assertNotIn("Ça va".encode(), path.read_bytes())
            with self.assertRaises(CommandError):
                call_command("restore", str(path), stdout=open("/dev/null", "w"))  # noqa: SIM115

            _empty_database()
            for name in list(encrypted_file_names()):
                (files_root() / name).unlink()
            self.assertFalse(Case.objects.exists())
            restore_backup(path)
        self.assertEqual(_snapshot(), before)
        self.assertEqual({name: read_encrypted_file(name) for name in encrypted_file_names()}, files_before)
        self.assertEqual(Note.objects.get().text, "Ça va mieux.")
        self.assertEqual(Document.objects.get().pk, document.pk)
        self.assertTrue(User.objects.filter(email=self.worker_a.email).exists())
        self.assertTrue(AuditEvent.objects.filter(action="case.procedure_moved").exists())
        # New rows get new ids after the restore.
        new_case = services.create_case(
            actor=self.worker_a, centre=self.centre_a, data={"given_names": "After", "intake_channel": "self"}
        )
        self.assertGreater(new_case.pk, self.case.pk)

    def test_it_refuses_a_file_that_is_not_a_backup(self) -> None:
        with tempfile.NamedTemporaryFile() as handle:
            handle.write(b"hello")
            handle.flush()
            _empty_database()
            with self.assertRaises(CommandError):
                call_command("restore", handle.name, stdout=open("/dev/null", "w"))  # noqa: SIM115
