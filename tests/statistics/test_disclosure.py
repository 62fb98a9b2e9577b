"""No hidden number can be worked out from a published table, and none is ever written anywhere.

Property-based: Hypothesis makes many small populations of cases (small counts are the dangerous
ones), Keten publishes its tables through HTTP, every shown number is checked against counts made
here in plain Python, and the auditor (:meth:`keten.core.disclosure.Release.audit`) computes, over
the whole page as one release, the range of values every hidden number can take given everything
published with it. No range may be a single value. Then the HTML page, the CSV and the XLSX
exports are read back: where a cell is hidden, the file holds the hidden mark, never the number.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from typing import Any

from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase
from openpyxl import load_workbook

from keten.cases.models import Case
from keten.knowledge.reference import CHAIN_PHASES
from keten.statistics.counting import Scope, adult_or_minor, age_group
from keten.statistics.tables import AGE_BROAD, FORMS, GENDERS, StatTable
from tests.statistics.base import StatisticsTestCase, audit_page, national_viewer_of
from tests.statistics.factories import make_case, make_phase

PHASES = [phase.id for phase in CHAIN_PHASES]
PERSON = st.fixed_dictionaries(
    {
        "year": st.sampled_from([2021, 2022, 2023]),
        "gender": st.sampled_from(["female", "male", "transgender_non_conforming", "unknown"]),
        "age": st.sampled_from([None, 8, 16, 19, 28, 35, 60]),
        "forms": st.lists(st.sampled_from(FORMS), max_size=3, unique=True),
        "centre": st.sampled_from(["a", "b"]),
        # With repeats: a phase may be recorded twice on one case, and still counts the person once.
        # Often none, so that tables where few people have any phase are tried too.
        "phases": st.lists(st.sampled_from(PHASES), max_size=3) | st.just([]),
    }
)
POPULATION = st.lists(PERSON, max_size=45)


def true_year_gender(people: list[dict[str, Any]]) -> list[list[int]]:
    years = sorted({person["year"] for person in people})
    rows = list(range(years[0], years[-1] + 1))
    columns: list[str] = list(GENDERS)
    if any(person["gender"] == "unknown" for person in people):
        columns.append("unknown")
    counts = Counter((person["year"], person["gender"]) for person in people)
    return [[counts[(year, gender)] for gender in columns] for year in rows]


def true_forms(people: list[dict[str, Any]]) -> list[list[int]]:
    counts = Counter(form for person in people for form in person["forms"])
    column = [[counts[form]] for form in FORMS]
    unknown = sum(1 for person in people if not person["forms"])
    if unknown:
        column.append([unknown])
    return column


def true_phases(people: list[dict[str, Any]]) -> list[list[int]]:
    counts = Counter(phase for person in people for phase in set(person["phases"]))
    column = [[counts[phase]] for phase in PHASES]
    unknown = sum(1 for person in people if not person["phases"])
    if unknown:
        column.append([unknown])
    return column


def true_ages(people: list[dict[str, Any]]) -> list[list[int]]:
    counts = Counter((age_group(person["age"]), adult_or_minor(person["age"])) for person in people)
    rows: list[str | None] = list(AGE_BROAD)
    columns: list[str | None] = ["minor", "adult"]
    if counts[(None, None)]:
        rows.append(None)
        columns.append(None)
    return [[counts[(row, column)] for column in columns] for row in rows]


def hidden_positions(table: StatTable) -> list[tuple[str, int]]:
    """(row label, column index) of every hidden cell; the total column has index len(columns)."""
    found = []
    rows = [*table.rows, *([table.totals] if table.totals else [])]
    for row in rows:
        for index, cell in enumerate(row.cells):
            if cell.hidden:
                found.append((row.label, index))
        if table.total_label and row.total is not None and row.total.hidden:
            found.append((row.label, len(row.cells)))
    return found


def sections(lines: list[list[str]]) -> dict[str, list[list[str]]]:
    result: dict[str, list[list[str]]] = {}
    current: list[list[str]] | None = None
    for line in lines:
        if not line or not any(line):
            current = None
            continue
        if current is None:
            current = result.setdefault(str(line[0]), [])
            continue
        current.append([str(value) if value is not None else "" for value in line])
    return result


class DisclosureTests(HypothesisTestCase, StatisticsTestCase):
    def publish(self, people: list[dict[str, Any]]) -> tuple[dict[str, StatTable], str, str, bytes]:
        Case.objects.all().delete()
        for person in people:
            centre = self.centre_a if person["centre"] == "a" else self.centre_b
            case = make_case(
                centre, year=person["year"], gender=person["gender"], age=person["age"], forms=person["forms"]
            )
            for phase in person.get("phases", ()):
                make_phase(case, phase, organisation=self.police, recorded_by=self.police_officer)
        self.login(self.admin)
        with translation.override("en"):
            page, csv_url, xlsx_url = (
                reverse("statistics:index"),
                reverse("statistics:export", args=["csv"]),
                reverse("statistics:export", args=["xlsx"]),
            )
        response = self.client.get(page)
        return (
            self.tables_of(response),
            response.content.decode(),
            self.client.get(csv_url).content.decode(),
            self.client.get(xlsx_url).content,
        )

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(people=POPULATION)
    @example(
        people=[
            {"year": 2022, "gender": "female", "age": 28, "forms": [], "centre": "a", "phases": phases}
            for phases in [["prosecution", "conviction"], *[[]] * 9]
        ]
    )
    def test_it_never_lets_a_hidden_cell_be_worked_out(self, people: list[dict[str, Any]]) -> None:
        tables, html, csv_text, xlsx = self.publish(people)
        if not people:
            self.assertTrue(tables["people-by-year-and-gender"].empty)
            return
        truths = {
            "people-by-year-and-gender": true_year_gender(people),
            "people-by-form": true_forms(people),
            "people-by-age": true_ages(people),
            "people-by-chain-phase": true_phases(people),
        }
        for slug, truth in truths.items():
            protected = tables[slug].protected
            assert protected is not None
            # Every shown number is the true one.
            for row, values in enumerate(truth):
                for column, value in enumerate(values):
                    cell = protected.cells[row][column]
                    if not cell.suppressed:
                        self.assertEqual(cell.value, value)
        # The whole page is one release: no hidden number can be worked out from all of it.
        for key, interval in audit_page(Scope(), national_viewer_of(self.admin)).items():
            self.assertFalse(interval.pinned, f"{key} can be worked out: {interval}")
        self.check_files(tables, html, csv_text, xlsx)

    def check_files(self, tables: dict[str, StatTable], html: str, csv_text: str, xlsx: bytes) -> None:
        # HTML: a hidden cell shows the mark and its footnote number, never a count.
        for cell in re.findall(r'<td class="numeric hidden-cell">(.*?)</td>', html, flags=re.S):
            text = re.sub(r"<sup>.*?</sup>", "", cell, flags=re.S)
            self.assertFalse(re.search(r"\d", re.sub(r"<[^>]+>", "", text)), cell)
        for title in re.findall(r'class="chart-hidden"><title>(.*?)</title>', html):
            self.assertTrue(title.endswith(": hidden"), title)
        csv_sections = sections(list(csv.reader(io.StringIO(csv_text))))
        workbook = load_workbook(io.BytesIO(xlsx), read_only=True)
        for table in tables.values():
            if table.empty:
                continue
            sheet = workbook[table.slug[:28]]
            xlsx_lines = [
                [("" if v is None else v) for v in row] for row in sheet.iter_rows(values_only=True)
            ]
            xlsx_section = sections(xlsx_lines[1:])[table.title]
            for lines in (csv_sections[table.title], xlsx_section):
                by_label = {str(line[0]): line for line in lines[1:]}
                for label, index in hidden_positions(table):
                    self.assertEqual(str(by_label[label][index + 1]), "x", f"{table.slug} {label} {index}")

    def test_it_hides_small_counts_and_their_complements(self) -> None:
        people = [{"year": 2023, "gender": "female", "age": 30, "forms": ["sexual"], "centre": "a"}] * 9
        people += [{"year": 2023, "gender": "male", "age": 30, "forms": ["labour"], "centre": "a"}] * 2
        tables, html, _csv, _xlsx = self.publish(people)
        table = tables["people-by-year-and-gender"]
        cells = table.rows[0].cells
        self.assertTrue(cells[1].hidden)  # 2 men
        self.assertTrue(cells[0].hidden)  # 9 women, hidden so the 2 cannot be worked out
        self.assertIn("Counts from 1 to 4 are hidden", table.method)
        self.assertIn("Hidden: fewer than 5 people", html)

    def test_it_follows_the_configured_threshold(self) -> None:
        people = [{"year": 2023, "gender": "female", "age": 30, "forms": ["sexual"], "centre": "a"}] * 6
        people += [{"year": 2023, "gender": "male", "age": 30, "forms": ["sexual"], "centre": "a"}] * 6
        with self.settings(KETEN_STATS_MIN_COUNT=10):
            tables, _html, _csv, _xlsx = self.publish(people)
        self.assertTrue(tables["people-by-year-and-gender"].rows[0].cells[0].hidden)
        self.assertIn("Counts from 1 to 9 are hidden", tables["people-by-year-and-gender"].method)

    def test_it_never_shows_a_total_and_adults_that_give_the_minors_away(self) -> None:
        """Issue 15: the age table hid the total and the minors but showed 196 adults, while the
        other tables of the page showed the total, 200."""
        people = [
            {
                "year": 2023,
                "gender": "female" if index % 3 else "male",
                "age": 16 if index < 4 else 30,
                "forms": ["labour"],
                "centre": "a" if index % 2 else "b",
            }
            for index in range(200)
        ]
        tables, _html, _csv, _xlsx = self.publish(people)
        ages = tables["people-by-age"]
        assert ages.totals is not None and ages.totals.total is not None
        minors, adults = ages.totals.cells
        by_gender = tables["people-by-year-and-gender"].totals
        assert by_gender is not None and by_gender.total is not None
        self.assertTrue(minors.hidden)
        self.assertTrue(adults.hidden or (by_gender.total.hidden and ages.totals.total.hidden))
        # One number, one decision: the total is hidden in every table or shown in every one.
        totals = {
            table.slug: table.totals.total for table in tables.values() if table.totals and table.totals.total
        }
        self.assertEqual(len({cell.value for cell in totals.values()}), 1, totals)
