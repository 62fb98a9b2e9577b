"""The one-page flyer: a PDF per language, from the easy-read text, with the hotline and the centres."""

from __future__ import annotations

import html
import io
from unittest import mock

import pypdf
from django.utils import translation

from keten.knowledge import flyer
from tests.base import KetenTestCase
from tests.knowledge.helpers import LANGUAGES


def pdf_text(content: bytes) -> tuple[int, str]:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return len(reader.pages), " ".join(page.extract_text() for page in reader.pages)


class FlyerTests(KetenTestCase):
    def test_it_makes_a_one_page_pdf_in_every_language(self) -> None:
        for language in LANGUAGES:
            response = self.client.get(f"/{language}/easy-read/flyer.pdf")
            self.assertEqual(response.status_code, 200, language)
            self.assertEqual(response["Content-Type"], "application/pdf")
            self.assertEqual(response.cookies, {})
            pages, text = pdf_text(response.content)
            self.assertEqual(pages, 1, language)
            flat = " ".join(text.split())
            self.assertIn("+32 78 055 800", flat, language)
            for name, phone in (
                ("PAG-ASA", "+32 2 511 64 64"),
                ("Payoke", "+32 3 201 16 90"),
                ("Sürya", "+32 4 232 40 30"),
            ):
                self.assertIn(name, flat, language)
                self.assertIn(phone, flat, language)
            with translation.override(language):
                heading = translation.gettext("Where can you get help?")
            self.assertIn(heading, flat, language)

    def test_it_uses_the_same_text_as_the_easy_read_page(self) -> None:
        with translation.override("fr"):
            sentence = translation.gettext("Someone uses you to make money.")
        self.assertNotEqual(sentence, "Someone uses you to make money.")
        self.assertIn(sentence, html.unescape(self.client.get("/fr/easy-read/").content.decode()))
        _pages, text = pdf_text(self.client.get("/fr/easy-read/flyer.pdf").content)
        self.assertIn(sentence, " ".join(text.split()))

    def test_it_answers_503_in_the_visitors_language_when_pdf_cannot_be_made(self) -> None:
        with mock.patch("keten.knowledge.views.render_pdf", side_effect=flyer.FlyerUnavailable("no pango")):
            response = self.client.get("/nl/easy-read/flyer.pdf")
        self.assertEqual(response.status_code, 503)
        with translation.override("nl"):
            message = translation.gettext("The flyer cannot be made right now")
        self.assertNotEqual(message, "The flyer cannot be made right now")
        self.assertContains(response, message, status_code=503)

    def test_it_reports_missing_system_libraries_as_unavailable(self) -> None:
        import builtins

        real_import = builtins.__import__

        def without_weasyprint(name: str, *args: object, **kwargs: object) -> object:
            if name == "weasyprint":
                raise OSError("cannot load library 'libpango-1.0-0'")
            return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

        with mock.patch("builtins.__import__", side_effect=without_weasyprint):
            with self.assertRaises(flyer.FlyerUnavailable):
                flyer.render_pdf("<p>test</p>")
