"""Keten's published numbers match counts made independently, in plain Python, from the same cases."""

from __future__ import annotations

import random
from collections import Counter

from django.urls import reverse
from django.utils import translation

from keten.cases.models import Case
from keten.knowledge.names import country_name
from keten.statistics.counting import has_age_field
from keten.statistics.tables import CellView, StatTable
from tests.statistics.base import StatisticsTestCase
from tests.statistics.factories import age_of, make_case

FORMS = ["sexual", "labour", "begging", "organ_removal", "forced_crime"]


def published(table: StatTable) -> dict[tuple[str, str], int]:
    """Every shown number of a table by (row label, column label); hidden ones left out."""
    numbers: dict[tuple[str, str], int] = {}
    rows = [*table.rows, *([table.totals] if table.totals else [])]
    for row in rows:
        for label, cell in zip(table.column_labels, row.cells, strict=True):
            if cell.value is not None:
                numbers[(row.label, label)] = cell.value
        if row.total is not None and row.total.value is not None:
            numbers[(row.label, "total")] = row.total.value
    return numbers


class CountingTests(StatisticsTestCase):
    def make_population(self, seed: int, size: int = 160) -> list[Case]:
        chooser = random.Random(seed)
        cases = []
        for _index in range(size):
            forms = chooser.sample(FORMS, chooser.choice([0, 1, 1, 1, 2, 3]))
            cases.append(
                make_case(
                    chooser.choice([self.centre_a, self.centre_b]),
                    year=chooser.choice([2021, 2022, 2023]),
                    gender=chooser.choice(
                        ["female", "female", "male", "transgender_non_conforming", "unknown"]
                    ),
                    age=chooser.choice([None, 7, 15, 17, 18, 19, 25, 31, 50]),
                    forms=forms,
                    nationalities=chooser.sample(
                        ["RO", "NG", "BE", "VN", "MA"], chooser.choice([0, 1, 1, 2])
                    ),
                    sector=chooser.choice(["", "A", "F", "I"]),
                    channel=chooser.choice(["police", "ngo", "self"]),
                )
            )
        make_case(self.centre_a, demo=True, forms=["labour"])  # never counted
        return cases

    def page(self, **query: object) -> dict[str, StatTable]:
        self.login(self.admin)
        with translation.override("en"):
            url = reverse("statistics:index")
        return self.tables_of(self.client.get(url, query))

    def test_it_counts_people_by_year_and_gender_like_plain_python(self) -> None:
        cases = self.make_population(1)
        table = self.page()["people-by-year-and-gender"]
        expected = Counter((str(c.created_at.year), c.gender) for c in cases)
        labels = {
            "Female": "female",
            "Male": "male",
            "Transgender or gender non-conforming": "transgender_non_conforming",
            "Not known": "unknown",
        }
        numbers = published(table)
        checked = 0
        for (row, column), value in numbers.items():
            if row == "Total of people" and column == "total":
                self.assertEqual(value, len(cases))
            elif row == "Total of people":
                self.assertEqual(value, sum(1 for c in cases if c.gender == labels[column]))
            elif column == "total":
                self.assertEqual(value, sum(1 for c in cases if str(c.created_at.year) == row))
            else:
                self.assertEqual(value, expected[(row, labels[column])])
            checked += 1
        self.assertGreater(checked, 10)

    def test_it_counts_a_person_once_in_each_form_and_once_in_the_total(self) -> None:
        cases = self.make_population(2)
        table = self.page()["people-by-form"]
        self.assertIn("once in each of their forms", table.counting_note)
        labels = dict(
            zip(
                [
                    "Sexual exploitation",
                    "Labour exploitation",
                    "Exploitation of begging",
                    "Removal of organs",
                    "Forced criminality",
                ],
                FORMS,
                strict=True,
            )
        )
        for row in table.rows:
            cell = row.cells[0]
            if cell.value is None:
                continue
            if row.label == "Not known":
                self.assertEqual(cell.value, sum(1 for c in cases if not c.forms))
            else:
                self.assertEqual(cell.value, sum(1 for c in cases if labels[row.label] in c.forms))
        assert table.totals is not None
        self.assertEqual(table.totals.cells[0].value, len(cases))
        self.assertGreater(sum(row.cells[0].value or 0 for row in table.rows), len(cases))

    def test_it_computes_shares_only_over_people_with_information(self) -> None:
        cases = self.make_population(3)
        table = self.page()["people-by-form"]
        known = sum(1 for c in cases if c.forms)
        for row in table.rows:
            cell: CellView = row.cells[0]
            if row.label == "Not known":
                self.assertIsNone(cell.share)
            elif cell.value is not None:
                self.assertEqual(cell.share, round(100 * cell.value / known, 1))
        self.assertIn(str(known), table.shares_note)

    def test_it_shows_missing_values_apart_never_as_zero(self) -> None:
        for _index in range(6):
            make_case(self.centre_a, forms=[], nationalities=[], gender="unknown", age=None)
        for _index in range(6):
            make_case(self.centre_a, forms=["labour"], sector="A")
        tables = self.page()
        forms = {row.label: row.cells[0].value for row in tables["people-by-form"].rows}
        self.assertEqual(forms["Not known"], 6)
        self.assertEqual(forms["Labour exploitation"], 6)
        sectors = {row.label: row.cells[0].value for row in tables["people-by-sector"].rows}
        self.assertEqual(sectors["Not known"], 6)
        self.assertIn("Not known", tables["people-by-year-and-gender"].column_labels)
        if has_age_field():
            ages = {row.label: row.total for row in tables["people-by-age"].rows}
            self.assertEqual(ages["Not known"].value if ages["Not known"] else None, 6)

    def test_it_counts_adults_and_minors_at_the_start_of_exploitation(self) -> None:
        if not has_age_field():
            self.skipTest("Case.age_at_start does not exist yet")
        cases = self.make_population(4)
        table = self.page()["people-by-age"]
        assert table.totals is not None
        minors, adults = table.totals.cells[0], table.totals.cells[1]
        if minors.value is not None:
            self.assertEqual(minors.value, sum(1 for c in cases if age_of(c) is not None and age_of(c) < 18))
        if adults.value is not None:
            self.assertEqual(adults.value, sum(1 for c in cases if age_of(c) is not None and age_of(c) >= 18))

    def test_it_counts_nationalities_channels_and_centres(self) -> None:
        cases = self.make_population(5)
        tables = self.page()
        codes = {country_name(code, "en"): code for c in cases for code in c.nationalities}
        checked = 0
        for row in tables["people-by-nationality"].rows:
            if row.cells[0].value is not None and row.label in codes:
                checked += 1
                self.assertEqual(
                    row.cells[0].value, sum(1 for c in cases if codes[row.label] in c.nationalities)
                )
        self.assertGreater(checked, 0, "no nationality row was published by name")
        channels = {
            "Police": "police",
            "An NGO or social service": "ngo",
            "The person came on their own": "self",
        }
        for row in tables["people-by-channel"].rows:
            if row.label in channels and row.cells[0].value is not None:
                self.assertEqual(
                    row.cells[0].value, sum(1 for c in cases if c.intake_channel == channels[row.label])
                )
        for row in tables["people-by-centre"].rows:
            centre = {"PAG-ASA": self.centre_a, "Payoke": self.centre_b}.get(row.label)
            if centre is not None and row.cells[0].value is not None:
                self.assertEqual(row.cells[0].value, sum(1 for c in cases if c.centre_id == centre.pk))

    def test_it_filters_by_years_and_form(self) -> None:
        cases = self.make_population(6)
        table = self.page(year_from=2022, year_to=2023, form="labour")["people-by-year-and-gender"]
        self.assertEqual([row.label for row in table.rows], ["2022", "2023"])
        assert table.totals is not None and table.totals.total is not None
        expected = sum(1 for c in cases if c.created_at.year >= 2022 and "labour" in c.forms)
        self.assertEqual(table.totals.total.value, expected)

    def test_it_leaves_out_demo_cases_unless_asked(self) -> None:
        for _index in range(6):
            make_case(self.centre_a)
        for _index in range(8):
            make_case(self.centre_a, demo=True)
        real = self.page()["people-by-year-and-gender"].totals
        demo = self.page(demo="on")["people-by-year-and-gender"].totals
        assert real is not None and demo is not None and real.total and demo.total
        self.assertEqual((real.total.value, demo.total.value), (6, 8))

    def test_it_rejects_a_year_range_backwards_and_keeps_what_was_typed(self) -> None:
        self.login(self.admin)
        with translation.override("en"):
            url = reverse("statistics:index")
        response = self.client.get(url, {"year_from": 2023, "year_to": 2021})
        self.assertContains(response, "The last year must not come before the first year.")
        self.assertContains(response, 'value="2023"')
        # No figures that would silently ignore the filter the person typed.
        self.assertEqual(self.tables_of(response), {})
        self.assertNotContains(response, "Download these tables")

    def test_an_empty_report_table_speaks_of_reports(self) -> None:
        make_case(self.centre_a)
        table = self.page()["reports-by-year"]
        self.assertTrue(table.empty)
        self.assertEqual(table.empty_text, "No reports in this selection.")

    def test_the_rare_nationalities_row_has_no_share(self) -> None:
        for code in ("ER", "SO", "SD", "ET", "GH", "TG"):
            make_case(self.centre_a, nationalities=[code, "CM"] if code == "ER" else [code])
        table = self.page()["people-by-nationality"]
        rows = {row.label: row.cells[0] for row in table.rows}
        self.assertEqual(rows["Other nationalities"].value, 7)
        self.assertIsNone(rows["Other nationalities"].share)

    def test_it_summarises_a_centre_live_for_its_manager(self) -> None:
        for _index in range(7):
            make_case(self.centre_a, gender="female", year=2020, forms=["sexual", "labour"])
        for _index in range(5):
            make_case(self.centre_a, gender="male", year=2022, forms=["labour"], nationalities=["NG"])
        self.login(self.manager_a)
        with translation.override("en"):
            url, home_url = reverse("statistics:index"), reverse("accounts:home")
        response = self.client.get(url)
        self.assertContains(response, "Since 2020, 12 people guided.")
        self.assertContains(response, "Women: 7; men: 5.")
        self.assertContains(response, "2 nationalities.")
        home = self.client.get(home_url)
        self.assertContains(home, "Since 2020, 12 people guided.")
