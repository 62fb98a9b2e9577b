"""CSV, XLSX and PDF exports of the protected tables; spreadsheet formulas neutralised."""

from __future__ import annotations

import csv
import io
import sys
from unittest import mock

from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from keten.statistics.exports import neutralised
from tests.statistics.base import StatisticsTestCase
from tests.statistics.factories import make_case


class ExportTests(StatisticsTestCase):
    def setUp(self) -> None:
        for _index in range(8):
            make_case(self.centre_a, forms=["labour"], year=2023)
        for _index in range(2):
            make_case(self.centre_a, forms=["begging"], year=2023, gender="male")

    def url(self, name: str, *args: object) -> str:
        with translation.override("en"):
            return reverse(name, args=args)

    def test_it_neutralises_spreadsheet_formulas(self) -> None:
        for text in ("=1+1", "+SUM(A1)", "-2", "@cmd", "\tx", "\rx"):
            self.assertEqual(neutralised(text), "'" + text)
        self.assertEqual(neutralised("Labour"), "Labour")
        self.assertEqual(neutralised(12), 12)

    def test_it_neutralises_a_centre_name_that_looks_like_a_formula(self) -> None:
        self.centre_b.name = '=HYPERLINK("http://evil.example","x")'
        self.centre_b.save()
        make_case(self.centre_b)
        self.login(self.admin)
        content = self.client.get(self.url("statistics:export", "csv")).content.decode()
        self.assertIn("'=HYPERLINK", content)
        self.assertNotIn('\n"=HYPERLINK', content)
        workbook = load_workbook(io.BytesIO(self.client.get(self.url("statistics:export", "xlsx")).content))
        values = [cell.value for row in workbook["people-by-centre"].iter_rows() for cell in row]
        self.assertIn('\'=HYPERLINK("http://evil.example","x")', values)
        self.assertFalse(any(isinstance(v, str) and v.startswith("=") for v in values))

    def test_it_writes_the_method_and_notes_under_every_table(self) -> None:
        self.login(self.manager_a)
        lines = list(
            csv.reader(io.StringIO(self.client.get(self.url("statistics:export", "csv")).content.decode()))
        )
        flat = [line[0] for line in lines if line]
        self.assertGreaterEqual(
            sum(1 for text in flat if text.startswith("Counts from 1 to 4 are hidden")), 8
        )
        self.assertIn("People by form of exploitation", flat)
        self.assertTrue(any("once in each of their forms" in text for text in flat))

    def test_it_makes_the_annual_report_as_pdf(self) -> None:
        self.login(self.manager_a)
        response = self.client.get(self.url("statistics:annual_report", 2023))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertTrue(response.content.startswith(b"%PDF"))

    def test_it_answers_503_when_pdf_software_is_missing(self) -> None:
        self.login(self.manager_a)
        with mock.patch.dict(sys.modules, {"weasyprint": None}):
            response = self.client.get(self.url("statistics:annual_report", 2023))
        self.assertEqual(response.status_code, 503)
        self.assertContains(response, "The PDF cannot be made here", status_code=503)

    def test_it_draws_accessible_charts_without_inline_styles(self) -> None:
        self.login(self.manager_a)
        html = self.client.get(self.url("statistics:index")).content.decode()
        self.assertIn('role="img"', html)
        self.assertIn("<desc id=", html)
        self.assertNotIn("style=", html)

    def test_it_says_plainly_when_there_is_not_enough_to_publish(self) -> None:
        from keten.cases.models import Case

        Case.objects.all().delete()
        make_case(self.centre_a)
        response = self.client.get(self.url("statistics:public"))
        self.assertContains(response, "There are not yet enough cases to publish figures")

    def test_it_publishes_protected_real_figures_on_the_public_page(self) -> None:
        for _index in range(20):
            make_case(self.centre_b, demo=True)
        response = self.client.get(self.url("statistics:public"))
        self.assertContains(response, "People by year of registration and gender")
        tables = self.tables_of(response)
        totals = tables["people-by-year-and-gender"].totals
        assert totals is not None and totals.total is not None
        self.assertEqual(totals.total.value, 10)  # demo cases never public
        self.assertNotIn("people-by-centre", tables)
