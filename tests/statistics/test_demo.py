"""Demo figures: one source of truth for every server process, and fictitious in their first line."""

from __future__ import annotations

import csv
import io

from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.statistics.base import StatisticsTestCase
from tests.statistics.factories import make_case

MARK = "DEMO: fictitious figures. Every person counted here is invented; these are not real cases."


class DemoTests(StatisticsTestCase):
    def setUp(self) -> None:
        for _index in range(8):
            make_case(self.centre_a, forms=["labour"], year=2023)

    def url(self, name: str, *args: object) -> str:
        with translation.override("en"):
            return reverse(name, args=args)

    def test_it_offers_the_demo_view_as_soon_as_demo_cases_exist(self) -> None:
        """Another process loading demo data is seen at once: nothing is cached per process."""
        self.login(self.manager_a)
        page = self.client.get(self.url("statistics:index"))
        self.assertNotContains(page, 'name="demo"')
        cache.set("cases:demo-present", False, 60)  # what the old per-process cache held
        for _index in range(6):
            make_case(self.centre_a, demo=True, forms=["sexual"])

        page = self.client.get(self.url("statistics:index"))
        demo = self.client.get(self.url("statistics:index"), {"demo": "on"})

        self.assertContains(page, 'name="demo"')
        self.assertContains(page, "Demo: every person and every fact on these pages is invented.")
        totals = self.tables_of(demo)["people-by-year-and-gender"].totals
        assert totals is not None and totals.total is not None
        self.assertEqual(totals.total.value, 6)  # the demo cases, not the 8 real ones

    def test_it_marks_every_demo_export_as_fictitious_in_its_first_line(self) -> None:
        for _index in range(6):
            make_case(self.centre_a, demo=True, forms=["sexual"])
        self.login(self.manager_a)
        demo = {"demo": "on"}

        csv_response = self.client.get(self.url("statistics:export", "csv"), demo)
        xlsx_response = self.client.get(self.url("statistics:export", "xlsx"), demo)
        pdf_response = self.client.get(self.url("statistics:annual_report", 2023), demo)
        page = self.client.get(self.url("statistics:index"), demo)

        first = next(csv.reader(io.StringIO(csv_response.content.decode())))
        self.assertEqual(first, [MARK])
        self.assertIn("keten-demo-figures.csv", csv_response["Content-Disposition"])
        workbook = load_workbook(io.BytesIO(xlsx_response.content), read_only=True)
        for sheet in workbook.worksheets:
            self.assertEqual(next(sheet.iter_rows(values_only=True))[0], MARK, sheet.title)
        self.assertEqual(pdf_response.status_code, 200)
        text = PdfReader(io.BytesIO(pdf_response.content)).pages[0].extract_text()
        self.assertTrue(text.startswith("DEMO: fictitious figures."), text[:120])
        main = page.content.decode().split('id="main"', 1)[1]
        self.assertLess(
            main.index("Demo mode: these figures count only the invented demo cases."), main.index("<h1")
        )

    def test_it_never_marks_real_figures_as_demo(self) -> None:
        for _index in range(6):
            make_case(self.centre_a, demo=True)
        self.login(self.manager_a)

        first = next(
            csv.reader(io.StringIO(self.client.get(self.url("statistics:export", "csv")).content.decode()))
        )
        workbook = load_workbook(io.BytesIO(self.client.get(self.url("statistics:export", "xlsx")).content))

        self.assertNotEqual(first, [MARK])
        self.assertTrue(first[0].startswith("Keten figures, exported on"))
        self.assertNotEqual(next(workbook.worksheets[0].iter_rows(values_only=True))[0], MARK)
