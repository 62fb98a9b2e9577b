"""After a submission, the reporter's address, browser and words are nowhere in clear.

The database is copied to a file with ``VACUUM INTO`` and its bytes searched, as an adversary with
a copy of the database file would; the stored files and the captured log output are searched too.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.db import connection
from django.test import TransactionTestCase, override_settings

from keten.encryption import files_root, read_encrypted_file
from keten.intake.models import Report, ReportAttachment
from tests.intake.helpers import png_bytes, submit, upload

ADDRESS = "203.0.113.77"
USER_AGENT = "DistinctiveBrowser/9.87 (PrivacyProbe)"
WHAT = "Zorbulon-7 hides workers behind the bakery"
PNG_TEXT = "PixelSecretMarker"


class PrivacyTests(TransactionTestCase):
    def database_bytes(self) -> bytes:
        path = Path(tempfile.mkdtemp()) / "copy.sqlite3"
        if connection.vendor != "sqlite":
            self.skipTest("reads the SQLite file")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(path)])
        return path.read_bytes()

    def text_of_every_column(self) -> str:
        """For PostgreSQL as for SQLite: every value of every table, as text."""
        values: list[str] = []
        with connection.cursor() as cursor:
            for table in connection.introspection.table_names(cursor):
                cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
                for row in cursor.fetchall():
                    values.extend(
                        bytes(v).decode("latin-1") if isinstance(v, bytes | memoryview) else str(v)
                        for v in row
                    )
        return "\n".join(values)

    @override_settings(DEBUG=False)
    def test_it_keeps_no_address_user_agent_or_text_in_clear(self) -> None:
        logger = logging.getLogger()
        stream = _Capture()
        logger.addHandler(stream)
        level = logger.level
        logger.setLevel(logging.DEBUG)
        try:
            response, code = submit(
                self.client,
                what=WHAT,
                who="Zorbulon's brother",
                files=[upload("bakery.png", png_bytes(text_chunk=PNG_TEXT))],
                extra={
                    "REMOTE_ADDR": ADDRESS,
                    "HTTP_USER_AGENT": USER_AGENT,
                    "HTTP_X_FORWARDED_FOR": ADDRESS,
                },
            )
            self.assertIsNotNone(code)
            self.client.post(
                "/en/report/follow-up/", {"code": code}, REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=USER_AGENT
            )
            self.client.post(
                "/en/report/follow-up/",
                {"code": "AAAA-AAAA-AAAA-AAAA"},
                REMOTE_ADDR=ADDRESS,
                HTTP_USER_AGENT=USER_AGENT,
            )
        finally:
            logger.removeHandler(stream)
            logger.setLevel(level)
        report = Report.objects.get()
        self.assertEqual(report.content["what"], WHAT)

        assert code is not None
        secrets_to_find = [ADDRESS, USER_AGENT, "Zorbulon", PNG_TEXT, code, code.replace("-", "")]
        database = self.database_bytes()
        columns = self.text_of_every_column()
        stored = [p.read_bytes() for p in files_root().rglob("*") if p.is_file()]
        for secret in secrets_to_find:
            with self.subTest(secret=secret):
                self.assertNotIn(secret.encode(), database)
                self.assertNotIn(secret, columns)
                self.assertFalse(any(secret.encode() in data for data in stored))
                self.assertNotIn(secret, stream.text)
        # The stored picture is the cleaned one: readable, without its text chunk.
        attachment = ReportAttachment.objects.get()
        self.assertNotIn(PNG_TEXT.encode(), read_encrypted_file(attachment.stored_name))
        # Only dates are kept for what the reporter did: no column of the report holds a time of day.
        times = [f.name for f in Report._meta.concrete_fields if f.get_internal_type() == "DateTimeField"]
        self.assertEqual(times, [])

    def test_it_re_encrypts_reports_and_files_when_keys_rotate(self) -> None:
        from keten.core.crypto import generate_key
        from keten.encryption import keyring

        # Rotation reads every stored file: only this test's files may be in the store.
        media = tempfile.TemporaryDirectory(prefix="keten-rotation-")
        self.addCleanup(media.cleanup)
        isolated = override_settings(MEDIA_ROOT=media.name)
        isolated.enable()
        self.addCleanup(isolated.disable)
        _response, _code = submit(self.client, what=WHAT, files=[upload("a.png", png_bytes())])
        old = (files_root() / ReportAttachment.objects.get().stored_name).read_bytes()
        from django.conf import settings

        new_keys = f"{generate_key()},{settings.ENCRYPTION_KEYS}"
        with override_settings(ENCRYPTION_KEYS=new_keys):
            keyring.cache_clear()
            try:
                call_command("keys", "rotate", stdout=_Null())
                attachment = ReportAttachment.objects.get()
                self.assertNotEqual((files_root() / attachment.stored_name).read_bytes(), old)
                self.assertTrue(read_encrypted_file(attachment.stored_name).startswith(b"\x89PNG"))
                self.assertEqual(Report.objects.get().content["what"], WHAT)
            finally:
                keyring.cache_clear()


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.text = ""

    def emit(self, record: logging.LogRecord) -> None:
        self.text += self.format(record) + "\n"


class _Null:
    def write(self, *args: object, **kwargs: object) -> None:
        pass

    def flush(self) -> None:
        pass
