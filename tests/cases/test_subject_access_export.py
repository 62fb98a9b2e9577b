"""The subject-access export as the person receives it: readable, in their language, with their documents."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pyzipper
from pypdf import PdfReader

from keten.audit.models import AuditEvent
from keten.cases import exports, services
from keten.encryption import read_encrypted_file
from tests.cases.helpers import CaseTestCase, make_case
from tests.cases.test_guidance import PNG

BRUSSELS = ZoneInfo("Europe/Brussels")
PASSPHRASE = re.compile(r'id="export-passphrase">([a-z2-9-]+)<')


def pdf_text(archive: pyzipper.AESZipFile, name: str) -> str:
    reader = PdfReader(io.BytesIO(archive.read(name)))
    return " ".join(page.extract_text() for page in reader.pages)


class ExportContentTest(CaseTestCase):
    """What the PDF says, whatever way it is delivered."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        services.move_procedure(
            actor=cls.worker_a, case_id=cls.case.pk, event="start_reflection", on=date(2026, 1, 6)
        )
        services.add_activity(
            actor=cls.worker_a,
            case=cls.case,
            domain="legal",
            kind="appointment",
            # In winter Brussels is one hour ahead of UTC: this is 09:30 UTC.
            happens_at=datetime(2026, 2, 3, 10, 30, tzinfo=BRUSSELS),
            summary="Meet the lawyer",
        )

    def html(self, language: str) -> str:
        self.case.refresh_from_db()
        return exports.export_html(exports.build_export(self.case, language))

    def test_it_shows_plain_labels_and_sentences_not_codes(self) -> None:
        html = self.html("en")
        self.assertIn("Given names", html)
        self.assertIn("The reflection period started.", html)
        self.assertIn("Female", html)
        self.assertIn("Nigeria", html)
        for code in ("given_names", "start_reflection", "reflection", "female", "NG", "police"):
            self.assertNotIn(f">{code}<", html)

    def test_it_gives_times_in_belgian_local_time(self) -> None:
        html = self.html("en")
        self.assertIn("3 February 2026 10:30", html)
        self.assertNotIn("09:30", html)
        self.assertNotIn("+00:00", html)

    def test_the_french_export_has_no_english_field_name(self) -> None:
        html = self.html("fr")
        self.assertIn('lang="fr"', html)
        self.assertIn("La période de réflexion a commencé.", html)
        self.assertIn("3 février 2026 10:30", html)
        for english in (
            "Given names",
            "Family name",
            "Date of birth",
            "Gender",
            "Nationalities",
            "Key contacts",
        ):
            self.assertNotIn(english, html)

    def test_it_speaks_dutch_and_german_too(self) -> None:
        self.assertIn("De bezinningsperiode is begonnen.", self.html("nl"))
        self.assertIn("Die Bedenkzeit hat begonnen.", self.html("de"))

    def test_it_refuses_a_language_it_does_not_speak(self) -> None:
        with self.assertRaises(ValueError):
            exports.build_export(self.case, "es")

    def test_it_chooses_the_persons_language_first(self) -> None:
        person = make_case(self.centre_a, actor=self.worker_a, languages=["ti", "fr"])
        self.assertEqual(exports.default_language(person, "nl"), "fr")
        self.assertEqual(exports.default_language(self.case, "nl"), "en")


class ExportDeliveryTest(CaseTestCase):
    """The pages: choose a language, see the passphrase once, download the ZIP once."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.document = services.add_document(
            actor=cls.worker_a, case=cls.case, title="Passport scan", data=PNG
        )

    def prepare(self, language: str = "fr") -> str:
        page = self.client.get(self.url("export"))
        self.assertContains(page, 'name="language"')
        response = self.client.post(self.url("export"), {"language": language})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Cache-Control"], "no-store")
        match = PASSPHRASE.search(response.content.decode())
        assert match is not None
        return match.group(1)

    def download(self) -> Any:
        return self.client.post(self.url("export_download"))

    def test_the_zip_holds_the_pdf_and_the_documents_and_opens_only_with_the_passphrase(self) -> None:
        self.login(self.worker_a)
        passphrase = self.prepare("fr")
        response = self.download()
        if response.status_code == 503:
            self.skipTest("WeasyPrint is not installed here")
        self.assertEqual(response["Content-Type"], "application/zip")
        content = response.content
        with pyzipper.AESZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
            pdf_name = next(name for name in names if name.endswith(".pdf"))
            document_name = next(name for name in names if name.endswith(".png"))
            self.assertIn("passport-scan", document_name)
            # Without the passphrase, or with a wrong one, nothing can be read.
            with self.assertRaises(RuntimeError):
                archive.read(document_name)
            archive.setpassword(b"wrong-passphrase")
            with self.assertRaises(RuntimeError):
                archive.read(document_name)
            archive.setpassword(passphrase.encode())
            self.assertEqual(archive.read(document_name), read_encrypted_file(self.document.stored_as))
            text = pdf_text(archive, pdf_name)
        self.assertIn("Prénoms", text)
        self.assertIn("Amina", text)
        for english in ("Given names", "Family name", "Gender", "Passport scan was uploaded"):
            self.assertNotIn(english, text)
        # The standard library cannot read the members either (AES, not clear text).
        with (
            zipfile.ZipFile(io.BytesIO(content)) as plain,
            self.assertRaises((RuntimeError, NotImplementedError)),
        ):
            plain.read(document_name)
        self.assertNotIn(b"Amina", content)

    def test_it_downloads_once_and_a_new_export_gets_a_new_passphrase(self) -> None:
        self.login(self.worker_a)
        first = self.prepare()
        self.assertNotEqual(self.download().status_code, 404)
        self.assert_not_found(self.download())
        self.assertNotEqual(self.prepare(), first)

    def test_it_audits_the_export_with_the_documents_in_it(self) -> None:
        self.login(self.manager_a)
        self.prepare("nl")
        if self.download().status_code == 503:
            self.skipTest("WeasyPrint is not installed here")
        event = AuditEvent.objects.get(action="case.exported", object_id=str(self.case.pk))
        self.assertEqual(event.data["documents"], [self.document.pk])
        self.assertEqual(event.data["language"], "nl")
        self.assertEqual(event.actor_id, self.manager_a.pk)

    def test_everyone_else_finds_nothing(self) -> None:
        for name, user in self.named_users().items():
            if name in ("worker_a", "manager_a"):
                continue
            with self.subTest(user=name):
                self.client.logout()
                self.login(user)
                self.assert_not_found(self.client.get(self.url("export")))
                self.assert_not_found(self.client.post(self.url("export"), {"language": "en"}))
                self.assert_not_found(self.download())
        self.assertFalse(AuditEvent.objects.filter(action="case.exported").exists())

    def test_a_ticket_for_one_file_does_not_open_another(self) -> None:
        other = make_case(self.centre_a, actor=self.worker_a, workers=[self.worker_a], given_names="Joy")
        self.login(self.worker_a)
        self.prepare()
        self.assert_not_found(self.client.post(self.url("export_download", other)))

    def test_it_refuses_an_unknown_language_and_a_download_by_get(self) -> None:
        self.login(self.worker_a)
        self.assert_not_found(self.client.post(self.url("export"), {"language": "xx"}))
        self.prepare()
        self.assertEqual(self.client.get(self.url("export_download")).status_code, 405)

    def test_anonymous_visitors_are_sent_to_the_login_page(self) -> None:
        response = self.client.get(self.url("export"))
        self.assertEqual(response.status_code, 302)
        self.assertIn("login", response["Location"])
