from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from PIL import Image

from keten.cases.models import Document, GuidancePlan, Note
from tests.cases.helpers import CaseTestCase


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


PNG = _png()


class GuidanceTest(CaseTestCase):
    def test_it_keeps_notes_encrypted_at_rest_and_shows_them_in_the_timeline(self) -> None:
        self.login(self.worker_a)
        response = self.client.post(self.url("add_note"), {"text": "She feels safer in the new shelter."})
        self.assertEqual(response.status_code, 302)
        with connection.cursor() as cursor:
            cursor.execute("SELECT text FROM cases_note")
            raw = bytes(cursor.fetchone()[0])
        self.assertNotIn(b"shelter", raw)
        self.assertEqual(Note.objects.get().text, "She feels safer in the new shelter.")
        page = self.client.get(self.url("timeline"))
        self.assertContains(page, "She feels safer in the new shelter.")

    def test_it_saves_the_plan_and_activities(self) -> None:
        self.login(self.worker_a)
        self.client.post(self.url("save_plan"), {"domain": "housing", "goals": "Find a flat"})
        self.client.post(self.url("save_plan"), {"domain": "housing", "goals": "Find a flat in Ghent"})
        self.assertEqual(GuidancePlan.objects.get().goals, "Find a flat in Ghent")
        response = self.client.post(
            self.url("add_activity"),
            {
                "domain": "medical",
                "kind": "appointment",
                "happens_at": "2026-03-02T09:30",
                "summary": "Dentist",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertContains(self.client.get(self.url("guidance")), "Find a flat in Ghent")
        # A past appointment is no longer upcoming: the timeline keeps it.
        self.assertContains(self.client.get(self.url("timeline")), "Dentist")

    def test_it_stores_documents_encrypted_and_gives_them_back(self) -> None:
        self.login(self.worker_a)
        response = self.client.post(
            self.url("add_document"),
            {"title": "Passport scan", "file": SimpleUploadedFile("p.png", PNG, "image/png")},
        )
        self.assertEqual(response.status_code, 302)
        document = Document.objects.get()
        response = self.client.get(self.url("document", document_id=document.pk))
        self.assertEqual(response["Content-Type"], "image/png")
        self.assertTrue(response.content.startswith(b"\x89PNG"))

    def test_it_refuses_a_file_of_another_type_and_says_why(self) -> None:
        self.login(self.worker_a)
        response = self.client.post(
            self.url("add_document"),
            {"title": "Script", "file": SimpleUploadedFile("x.png", b"#!/bin/sh\n", "image/png")},
        )
        self.assertContains(
            response,
            "“x.png” cannot be accepted: only photos (JPEG, PNG, WebP) and PDF documents can.",
            status_code=400,
        )
        self.assertFalse(Document.objects.exists())

    def test_it_says_a_damaged_pdf_is_damaged(self) -> None:
        self.login(self.worker_a)
        response = self.client.post(
            self.url("add_document"),
            {
                "title": "Broken",
                "file": SimpleUploadedFile("x.pdf", b"%PDF-1.7\nnot really", "application/pdf"),
            },
        )
        self.assertContains(response, "“x.pdf” could not be read: it may be damaged", status_code=400)
        self.assertNotContains(response, "only photos", status_code=400)
        self.assertFalse(Document.objects.exists())

    def test_it_refuses_a_file_too_large(self) -> None:
        self.login(self.worker_a)
        with self.settings(CASE_UPLOAD_MAX_BYTES=10):
            response = self.client.post(
                self.url("add_document"),
                {"title": "Big", "file": SimpleUploadedFile("p.png", PNG, "image/png")},
            )
        self.assertContains(response, "The file is too large", status_code=400)

    def test_it_links_a_co_victim(self) -> None:
        from tests.cases.helpers import make_case

        other = make_case(self.centre_a, actor=self.worker_a, workers=[self.worker_a], given_names="Joy")
        self.login(self.worker_a)
        response = self.client.post(self.url("link"), {"other": other.pk, "kind": "co_victim"})
        self.assertEqual(response.status_code, 302)
        self.assertContains(self.client.get(self.url("people")), f"#{other.pk}")
        response = self.client.post(self.url("link"), {"other": 999999, "kind": "co_victim"})
        self.assertEqual(response.status_code, 400)
