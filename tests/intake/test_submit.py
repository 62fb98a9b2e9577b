"""The public report form: submitting, the receipt code, danger first, nothing lost on errors."""

from __future__ import annotations

from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from keten.core import receipts
from keten.encryption import files_root, read_encrypted_file
from keten.intake.models import Report, ReportAttachment
from keten.intake.services import receipt_hash
from tests.base import KetenTestCase
from tests.intake.helpers import jpeg_with_gps, png_bytes, submit, upload


class SubmitTests(KetenTestCase):
    def test_it_shows_the_form_to_anyone_without_a_session_cookie(self) -> None:
        response = self.client.get("/en/report/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Report a situation confidentially")
        self.assertContains(response, 'enctype="multipart/form-data"')
        self.assertEqual(set(response.cookies), {"csrftoken"})
        with translation.override("nl"):
            self.assertEqual(reverse("intake:new"), "/nl/report/")

    def test_it_is_in_dutch_and_french(self) -> None:
        self.assertContains(self.client.get("/nl/report/"), 'lang="nl"')
        self.assertContains(self.client.get("/fr/report/"), 'lang="fr"')

    def test_it_stores_a_report_and_shows_the_code_once(self) -> None:
        response, code = submit(self.client)
        self.assertEqual(response.status_code, 200)
        self.assertIsNotNone(code)
        assert code is not None
        self.assertEqual(response["Cache-Control"], "no-store")
        report = Report.objects.get()
        self.assertEqual(report.channel, "web")
        self.assertEqual(report.state, "new")
        self.assertEqual(report.content["what"], "Workers sleep in the car wash and never get paid.")
        self.assertEqual((report.province, report.region), ("antwerp", "flemish"))
        self.assertEqual(report.form_of_exploitation, "labour")
        self.assertEqual((report.acknowledge_by - report.received_on).days, 7)
        self.assertEqual(report.receipt_hash, receipt_hash(code))
        self.assertNotIn(code.replace("-", ""), str(Report.objects.values().get()))
        self.assertEqual(len(code.replace("-", "")) * 5, receipts.ENTROPY_BITS)
        # The receipt's short cookie is gone once the code is on the screen.
        self.assertEqual(
            {name for name, cookie in self.client.cookies.items() if cookie.value}, {"csrftoken"}
        )
        self.assertContains(response, "nobody can look it up for you")

    @override_settings(INTAKE_ACKNOWLEDGE_DAYS=3)
    def test_it_takes_the_acknowledgement_period_from_the_settings(self) -> None:
        submit(self.client)
        report = Report.objects.get()
        self.assertEqual((report.acknowledge_by - report.received_on).days, 3)

    def test_it_shows_112_before_anything_else_when_someone_is_in_danger(self) -> None:
        response, _code = submit(self.client, immediate_danger="on")
        html = response.content.decode()
        main = html[html.index('<main id="main"') :]
        self.assertLess(main.index("Call 112"), main.index("<h1>"))
        self.assertTrue(Report.objects.get().immediate_danger)

    def test_it_shows_112_first_on_the_error_page_too(self) -> None:
        response, code = submit(self.client, what="", immediate_danger="on")
        self.assertIsNone(code)
        html = response.content.decode()
        main = html[html.index('<main id="main"') :]
        self.assertLess(main.index("Call 112"), main.index("There is a problem"))

    def test_it_keeps_everything_typed_and_names_the_field_on_error(self) -> None:
        response, code = submit(self.client, what="", postal_code="99", who="a woman with a baby")
        self.assertIsNone(code)
        self.assertEqual(Report.objects.count(), 0)
        self.assertContains(response, "Please tell us what you saw or heard.")
        self.assertContains(response, "four digits")
        self.assertContains(response, "a woman with a baby")
        self.assertContains(response, 'value="99"')
        self.assertContains(response, "every weekend")

    def test_it_is_anonymous_by_default(self) -> None:
        submit(self.client)
        self.assertEqual(Report.objects.get().content["contact"], "")

    def test_it_stores_attachments_encrypted_and_without_metadata(self) -> None:
        response, code = submit(
            self.client,
            files=[upload("street.jpg", jpeg_with_gps(), "image/jpeg"), upload("plan.png", png_bytes())],
        )
        self.assertIsNotNone(code)
        attachments = list(ReportAttachment.objects.order_by("pk"))
        self.assertEqual([a.file_name for a in attachments], ["street.jpg", "plan.png"])
        self.assertEqual([a.content_type for a in attachments], ["image/jpeg", "image/png"])
        stored = read_encrypted_file(attachments[0].stored_name)
        self.assertNotIn(b"SecretPhoneMaker", stored)
        raw = (files_root() / attachments[0].stored_name).read_bytes()
        self.assertNotIn(b"\xff\xd8\xff", raw[:8])
        self.assertNotIn(b"JFIF", raw)

    def test_it_refuses_an_oversized_file_and_keeps_the_rest(self) -> None:
        before = set(files_root().rglob("*")) if files_root().exists() else set()
        with self.settings(INTAKE_MAX_FILE_BYTES=1000):
            response, code = submit(
                self.client, who="kept words", files=[upload("big.png", png_bytes() + b"\0" * 2000)]
            )
        self.assertIsNone(code)
        self.assertEqual(Report.objects.count(), 0)
        self.assertContains(response, "“big.png” is larger than")
        self.assertContains(response, "please choose the files again")
        self.assertContains(response, "kept words")
        after = set(files_root().rglob("*")) if files_root().exists() else set()
        self.assertEqual(after - before, set())

    def test_it_refuses_a_file_that_is_not_an_image_or_pdf(self) -> None:
        response, code = submit(self.client, files=[upload("photo.png", b"MZ\x90\x00 not an image")])
        self.assertIsNone(code)
        self.assertContains(response, "“photo.png” cannot be accepted")

    def test_it_refuses_more_files_than_allowed(self) -> None:
        with self.settings(INTAKE_MAX_FILES=1):
            response, code = submit(
                self.client, files=[upload("a.png", png_bytes()), upload("b.png", png_bytes())]
            )
        self.assertIsNone(code)
        self.assertContains(response, "at most 1 files")

    def test_it_rejects_a_post_without_the_csrf_token(self) -> None:
        from django.test import Client

        client = Client(enforce_csrf_checks=True)
        response = client.post("/en/report/", {"what": "x"})
        self.assertEqual(response.status_code, 403)
        self.assertEqual(Report.objects.count(), 0)

    def test_it_stores_no_file_when_the_report_cannot_be_committed(self) -> None:
        from unittest import mock

        before = set(files_root().rglob("*")) if files_root().exists() else set()
        with mock.patch("keten.intake.models.Report.objects.create", side_effect=RuntimeError("disk full")):
            with self.assertRaises(RuntimeError):
                submit(self.client, files=[upload("a.png", png_bytes())])
        after = set(files_root().rglob("*")) if files_root().exists() else set()
        self.assertEqual({p for p in after - before if p.is_file()}, set())
        self.assertEqual(ReportAttachment.objects.count(), 0)
