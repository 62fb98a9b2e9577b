"""The encrypted file store behaves the same on local disk and in an S3 bucket (KETEN_STORAGE).

Each behaviour runs twice: in a folder of its own on disk, and in a bucket of its own on a real
S3 API (tests/s3.py: moto's server, over HTTP, through django-storages and boto3). The bucket
is then searched as its operator would see it: no clear byte, no file name, no time in a name.
"""

from __future__ import annotations

import io
import re
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.core.files.storage import storages
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone, translation

from keten import encryption
from keten.cases import services
from keten.cases.models import Case, Document
from keten.core.crypto import DecryptionError, generate_key, key_id_of
from keten.intake import services as intake_services
from keten.intake.models import Report, ReportAttachment, State
from keten.s3_storage import PrivateS3Storage
from tests import s3
from tests.cases.helpers import CaseTestCase
from tests.cases.test_backup import _empty_database, _snapshot
from tests.cases.test_guidance import PNG
from tests.intake.helpers import png_bytes, submit, upload

NAME = re.compile(r"^[a-z]+/[0-9a-f]{32}$")


class _Null(io.StringIO):
    pass


class StoreBehaviour:
    """What both backends must do (a mixin of CaseTestCase); ``use_store`` gives each test a new,
    empty store."""

    backend = ""

    def use_store(self) -> None:
        raise NotImplementedError

    def setUp(self) -> None:
        super().setUp()  # type: ignore[misc]
        self.use_store()
        self.addCleanup(encryption.keyring.cache_clear)

    def test_it_uses_the_chosen_backend(self) -> None:
        is_bucket = isinstance(storages["private"], PrivateS3Storage)
        self.assertEqual(is_bucket, self.backend == "s3")

    def test_a_file_is_stored_encrypted_under_a_random_name(self) -> None:
        first = encryption.save_encrypted_file(b"a private statement", folder="tests")
        second = encryption.save_encrypted_file(b"a private statement", folder="tests")
        self.assertNotIn(b"private statement", encryption.read_stored_token(first))
        self.assertEqual(encryption.read_encrypted_file(first), b"a private statement")
        for name in (first, second):
            self.assertRegex(name, NAME)
            # uuid4: random bits only (a uuid1 would carry the time and the machine).
            self.assertEqual(uuid.UUID(name.split("/")[1]).version, 4)
        self.assertEqual(sorted(encryption.encrypted_file_names()), sorted([first, second]))

    def test_a_file_copied_over_another_does_not_decrypt(self) -> None:
        first = encryption.save_encrypted_file(b"first", folder="tests")
        second = encryption.save_encrypted_file(b"second", folder="tests")
        encryption.write_stored_token(second, encryption.read_stored_token(first))
        with self.assertRaises(DecryptionError):
            encryption.read_encrypted_file(second)

    def test_names_outside_the_store_are_refused(self) -> None:
        for name in ("../../secret-key", "/etc/passwd", "cases/../../secret-key", "cases/abc"):
            with self.subTest(name=name), self.assertRaises(ValueError):
                encryption.read_encrypted_file(name)

    def test_a_submitted_report_keeps_its_attachment_in_the_store(self) -> None:
        submit(self.client, files=[upload("van.png", png_bytes())])
        name = ReportAttachment.objects.get().stored_name
        self.assertEqual(list(encryption.encrypted_file_names()), [name])
        self.assertTrue(encryption.read_encrypted_file(name).startswith(b"\x89PNG"))

    def test_the_case_retention_purge_deletes_the_documents(self) -> None:
        document = services.add_document(actor=self.worker_a, case=self.case, title="Scan", data=PNG)
        self.assertEqual(list(encryption.encrypted_file_names()), [document.stored_as])
        services.close_case(actor=self.worker_a, case=self.case, on=timezone.localdate() - timedelta(days=40))
        with self.settings(CASE_RETENTION_DAYS=30):
            call_command("purge_closed_cases", stdout=_Null())
        self.assertFalse(Case.objects.filter(pk=self.case.pk).exists())
        self.assertEqual(list(encryption.encrypted_file_names()), [])

    def test_the_report_retention_purge_deletes_attachments_and_orphans(self) -> None:
        submit(self.client, files=[upload("van.png", png_bytes())])
        report = Report.objects.get()
        Report.objects.filter(pk=report.pk).update(
            state=State.CLOSED_WITHOUT_ACTION, closed_on=intake_services.today() - timedelta(days=400)
        )
        orphan = encryption.save_encrypted_file(b"left by a crash", folder="intake")
        # Fresh files are never swept: a submission may be in progress.
        with self.captureOnCommitCallbacks(execute=True):
            call_command("purge_reports", stdout=_Null())
        self.assertEqual(list(encryption.encrypted_file_names()), [orphan])
        # Three days later the file nobody claims goes too.
        later = time.time() + 3 * 86400
        with mock.patch("keten.intake.services.start_of_day", return_value=later):
            call_command("purge_reports", stdout=_Null())
        self.assertEqual(list(encryption.encrypted_file_names()), [])

    def test_keys_rotate_rewrites_every_file_under_the_new_key(self) -> None:
        document = services.add_document(actor=self.worker_a, case=self.case, title="Scan", data=PNG)
        from django.conf import settings

        old_key = key_id_of(encryption.read_stored_token(document.stored_as))
        with override_settings(ENCRYPTION_KEYS=f"{generate_key()},{settings.ENCRYPTION_KEYS}"):
            encryption.keyring.cache_clear()
            new_key = encryption.keyring().current_key_id
            out = io.StringIO()
            call_command("keys", "rotate", stdout=out)
            self.assertIn(" 1 files", out.getvalue())
            self.assertNotEqual(new_key, old_key)
            self.assertEqual(key_id_of(encryption.read_stored_token(document.stored_as)), new_key)
            self.assertEqual(services.read_document(actor=self.worker_a, document=document), PNG)
            again = io.StringIO()
            call_command("keys", "rotate", stdout=again)
            self.assertIn(" 0 files", again.getvalue())

    def backup_target(self, folder: str) -> str:
        return str(Path(folder) / "keten.backup")

    def test_backup_and_restore_bring_back_every_row_and_file(self) -> None:
        services.add_note(actor=self.worker_a, case=self.case, text="Ça va mieux.")
        document = services.add_document(actor=self.worker_a, case=self.case, title="Scan", data=PNG)
        submit(self.client, files=[upload("van.png", png_bytes())])
        files_before = {
            name: encryption.read_encrypted_file(name) for name in encryption.encrypted_file_names()
        }
        self.assertEqual(len(files_before), 2)
        with tempfile.TemporaryDirectory() as folder:
            target = self.backup_target(folder)
            call_command("backup", target, stdout=_Null())
            before = _snapshot()  # with the backup's own audit entry
            # Into a new, empty store and an emptied database.
            _empty_database()
            self.use_store()
            self.assertEqual(list(encryption.encrypted_file_names()), [])
            out = io.StringIO()
            with translation.override("en"):
                call_command("restore", target, stdout=out)
        self.assertIn("2 files", out.getvalue())
        self.assertEqual(_snapshot(), before)
        restored = {name: encryption.read_encrypted_file(name) for name in encryption.encrypted_file_names()}
        self.assertEqual(restored, files_before)
        self.assertEqual(services.read_document(actor=self.worker_a, document=document), PNG)

    def test_restore_refuses_an_installation_in_use_and_writes_no_file(self) -> None:
        services.add_document(actor=self.worker_a, case=self.case, title="Scan", data=PNG)
        with tempfile.TemporaryDirectory() as folder:
            target = self.backup_target(folder)
            call_command("backup", target, stdout=_Null())
            self.use_store()
            with translation.override("en"), self.assertRaisesRegex(CommandError, "already holds data"):
                call_command("restore", target, stdout=_Null())
            # In the language of the commands (KETEN_COMMAND_LANGUAGE), here Dutch.
            with translation.override("nl"), self.assertRaisesRegex(CommandError, "bevat al gegevens"):
                call_command("restore", target, stdout=_Null())
        self.assertEqual(list(encryption.encrypted_file_names()), [])
        self.assertTrue(Document.objects.exists())


class OnDiskTest(StoreBehaviour, CaseTestCase):
    backend = "disk"

    def use_store(self) -> None:
        folder = tempfile.TemporaryDirectory(prefix="keten-store-")
        self.addCleanup(folder.cleanup)
        disk = {"BACKEND": "keten.file_storage.PrivateFileSystemStorage"}
        # On disk even when the run is configured for a bucket (.ci/run's KETEN_STORAGE=s3 run).
        isolated = override_settings(MEDIA_ROOT=folder.name, STORAGES={**settings.STORAGES, "private": disk})
        isolated.enable()
        self.addCleanup(isolated.disable)


class InBucketTest(StoreBehaviour, CaseTestCase):
    backend = "s3"

    def use_store(self) -> None:
        self.bucket = s3.create_bucket()
        isolated = s3.in_bucket(self.bucket)
        isolated.enable()
        self.addCleanup(isolated.disable)

    def backup_target(self, folder: str) -> str:
        # Backups can go to a bucket too (here one apart from the files').
        return f"s3://{s3.create_bucket()}/backups/keten.backup"

    def test_the_bucket_holds_no_clear_byte_no_file_name_and_no_time(self) -> None:
        root = encryption.files_root()
        # Other tests of the same run may have left files on disk: only new ones count.
        on_disk_before = set(root.rglob("*")) if root.exists() else set()
        secret_text = "Zorbulon works at the bakery"
        picture = png_bytes(colour=(12, 34, 56))
        submit(self.client, what=secret_text, files=[upload("bakery-zorbulon.png", picture)])
        document = services.add_document(
            actor=self.worker_a, case=self.case, title="Passport of Amina Testperson", data=PNG
        )
        stored_picture = encryption.read_encrypted_file(ReportAttachment.objects.get().stored_name)
        objects = s3.raw_objects(self.bucket)
        self.assertEqual(len(objects), 2)
        self.assertIn(document.stored_as, objects)
        needles = [
            stored_picture,
            PNG,
            stored_picture[8:40],  # the image header, as the cleaned file has it
            PNG[8:40],
            secret_text.encode(),
            b"Zorbulon",
            b"bakery",
            b"Testperson",
            b"Passport",
            b".png",
        ]
        for key, (body, head) in objects.items():
            with self.subTest(key=key):
                self.assertRegex(key, NAME)
                self.assertEqual(uuid.UUID(key.split("/")[1]).version, 4)
                described = key + repr(head.get("Metadata")) + repr(head.get("ContentType"))
                self.assertNotIn("ContentDisposition", head)
                self.assertEqual(head.get("Metadata"), {})
                self.assertEqual(head.get("ContentType"), "application/octet-stream")
                for needle in needles:
                    self.assertNotIn(needle, body)
                    self.assertNotIn(needle, described.encode())
        # Nothing went to the local disk instead.
        on_disk_after = set(root.rglob("*")) if root.exists() else set()
        self.assertEqual(on_disk_after - on_disk_before, set())

    def test_keys_in_the_bucket_do_not_follow_the_order_of_writing(self) -> None:
        names = [encryption.save_encrypted_file(b"x", folder="tests") for _ in range(12)]
        self.assertEqual(sorted(s3.raw_objects(self.bucket)), sorted(names))
        self.assertNotEqual(sorted(names), names)
