"""Figures of an imported CTDC dataset, and Belgium's figures next to it: the same counting rules and
the same disclosure control as Keten's own figures, as accessible SVG charts with their tables."""

from __future__ import annotations

import io
from typing import Any

from django.urls import reverse
from django.utils import translation

from keten.core import ctdc
from keten.statistics import datasets, tables
from keten.statistics.exchange import import_ctdc
from keten.statistics.models import AnalysisDataset
from keten.statistics.tables import StatTable
from tests.statistics.base import StatisticsTestCase
from tests.statistics.factories import make_case


def english(name: str, pk: int) -> str:
    with translation.override("en"):
        return reverse(name, args=[pk])


def global_rows(count: int, **values: str) -> list[dict[str, str]]:
    row = dict.fromkeys(ctdc.COLUMNS, "")
    row.update({"yearOfRegistration": "2020", "gender": "Woman", "ageBroad": "18--20"})
    row.update(values)
    return [row] * count


def vp_rows(count: int, **values: str) -> list[dict[str, str]]:
    row = dict.fromkeys(ctdc.VP_COLUMNS, "")
    row.update({"yearRegister": "2019", "gender": "Female", "majorityStatus": "Adult", "IP_Gender": "Male"})
    row.update(values)
    return [row] * count


def load(rows: list[dict[str, str]], columns: tuple[str, ...] = ctdc.COLUMNS) -> AnalysisDataset:
    lines = [",".join(columns)] + [",".join(row[name] for name in columns) for row in rows]
    result = import_ctdc(io.StringIO("\n".join(lines) + "\n"), name="Elsewhere", current_year=2026)
    assert result.ok and result.dataset is not None, result.error
    return result.dataset


def cells(table: StatTable) -> dict[str, int | None]:
    return {row.label: row.cells[0].value for row in table.rows}


class DatasetFiguresTests(StatisticsTestCase):
    def figures(self, dataset: AnalysisDataset) -> tuple[Any, dict[str, StatTable]]:
        self.login(self.rapporteur)
        response = self.client.get(english("statistics:dataset_figures", dataset.pk))
        self.assertEqual(response.status_code, 200)
        return response, self.tables_of(response)

    def test_it_counts_a_global_dataset_as_keten_counts_its_cases(self) -> None:
        dataset = load(
            global_rows(20, isSexualExploit="1", citizenship="ROU")
            + global_rows(10, gender="Man", ageBroad="30--38", isForcedLabour="1", isSexualExploit="1")
            + global_rows(7, gender="", ageBroad="", citizenship="BEL;NGA")
            + global_rows(2, gender="Trans/Transgender/NonConforming", yearOfRegistration="2021")
        )
        response, tables = self.figures(dataset)
        forms = cells(tables["dataset-form"])
        # A row counts once per form marked; rows with no form are "not known", never "no".
        self.assertEqual(forms["Sexual exploitation"], 30)
        self.assertEqual(forms["Forced labour"], 10)
        self.assertEqual(forms["Not known"], 9)
        self.assertEqual(tables["dataset-form"].totals.cells[0].value, 39)  # type: ignore[union-attr]
        # Shares are of the rows with information (30), not of all 39 (codebook, section 6).
        shares = {row.label: row.cells[0].share for row in tables["dataset-form"].rows}
        self.assertEqual(shares["Forced labour"], round(100 * 10 / 30, 1))
        ages = cells(tables["dataset-age"])
        self.assertEqual((ages["18\u201320"], ages["30\u201338"], ages["Not known"]), (22, 10, 7))
        # Two people of 2021: hidden, and the disclosure check hides what would give them away.
        by_year = tables["dataset-year-gender"]
        year_2021 = next(row for row in by_year.rows if row.label == "2021")
        self.assertTrue(any(cell.hidden for cell in year_2021.cells))
        citizenship = cells(tables["dataset-citizenship"])
        self.assertEqual(citizenship["Romania"], 20)
        # Two citizenships in one cell: the row counts in both.
        both = (citizenship["Belgium"], citizenship["Nigeria"], citizenship["Not known"])
        self.assertEqual(both, (7, 7, 12))
        self.assertContains(response, 'role="img"')
        self.assertContains(response, "<caption")
        for table in tables.values():
            for row in table.rows:
                for cell in row.cells:
                    self.assertFalse(cell.value is not None and 0 < cell.value < 5, (table.slug, row.label))

    def test_it_publishes_no_totals_by_year_when_a_row_has_two_genders(self) -> None:
        dataset = load(global_rows(10) + global_rows(10, gender="Man") + global_rows(6, gender="Man;Woman"))
        _response, tables = self.figures(dataset)
        by_year = tables["dataset-year-gender"]
        row = by_year.rows[0]
        self.assertEqual([cell.value for cell in row.cells], [16, 16, 0])
        # 32 mentions, 26 people: a sum would be wrong, so none is published.
        self.assertIsNone(row.total)
        self.assertEqual(tables["dataset-form"].totals.cells[0].value, 26)  # type: ignore[union-attr]

    def test_it_counts_a_victim_perpetrator_dataset_with_the_exploiters(self) -> None:
        dataset = load(
            vp_rows(12, IP_Relation="FriendAcquaintance", IP_Exploiter="1", isForcedLabour="1")
            + vp_rows(8, IP_Gender="Female;Male", IP_Relation="StrangerUnknownOther", IP_RecruiterBroker="1")
            + vp_rows(6, gender="Male", majorityStatus="Minor", IP_Gender="", isSexualExploit="1"),
            ctdc.VP_COLUMNS,
        )
        _response, tables = self.figures(dataset)
        gender = cells(tables["pairs-exploiter-gender"])
        # Several exploiters of both genders: the row counts once in each.
        self.assertEqual((gender["Male"], gender["Female"], gender["Not known"]), (20, 8, 6))
        self.assertEqual(tables["pairs-exploiter-gender"].totals.cells[0].value, 26)  # type: ignore[union-attr]
        relation = cells(tables["pairs-relation"])
        self.assertEqual(
            (relation["Friend or acquaintance"], relation["Stranger, unknown or other"]), (12, 8)
        )
        roles = cells(tables["pairs-role"])
        self.assertEqual((roles["Exploiter"], roles["Recruiter or broker"], roles["Not known"]), (12, 8, 6))
        self.assertEqual(cells(tables["pairs-majority"])["Minor"], 6)


class ComparisonTests(StatisticsTestCase):
    def test_it_shows_belgium_next_to_the_dataset_in_the_ctdc_classes(self) -> None:
        for _index in range(6):
            make_case(self.centre_a, gender="female", forms=["sexual"], age_at_registration=19)
        for _index in range(5):
            make_case(self.centre_b, gender="male", forms=["begging", "labour"], age_at_registration=35)
        make_case(self.centre_b, gender="male", forms=["forced_crime"], age_at_registration=16)
        make_case(self.centre_a, demo=True, gender="male", forms=["organ_removal"])
        dataset = load(
            global_rows(30, isSexualExploit="1") + global_rows(10, gender="Man", isForcedLabour="1")
        )
        self.login(self.admin)
        response = self.client.get(english("statistics:dataset_comparison", dataset.pk))
        self.assertEqual(response.status_code, 200)
        pairs = {entry["comparison"].slug: entry["comparison"] for entry in response.context["comparisons"]}
        form = {row.label: row for row in pairs["form"].rows}
        # Begging and forced criminality are forced labour for CTDC: 6 people, each once.
        self.assertEqual(form["Forced labour"].belgium.value, 6)
        self.assertEqual(form["Sexual exploitation"].belgium.value, 6)
        self.assertEqual(form["Forced labour"].belgium.share, 50.0)
        self.assertEqual(form["Forced labour"].dataset.value, 10)
        self.assertEqual(form["Forced labour"].dataset.share, 25.0)
        # Demo cases are never counted: nobody in "other exploitation".
        self.assertEqual(form["Other exploitation"].belgium.value, 0)
        gender = {row.label: row for row in pairs["gender"].rows}
        self.assertEqual((gender["Woman"].belgium.value, gender["Man"].belgium.value), (6, 6))
        age = {row.label: row for row in pairs["age"].rows}
        # The age when registered, as the codebook's ageBroad; one minor of 16: hidden.
        self.assertEqual(age["18\u201320"].belgium.value, 6)
        self.assertTrue(age["9\u201317"].belgium.hidden)
        self.assertIsNone(age["9\u201317"].belgium.share)
        self.assertContains(response, "Belgium (Keten)")
        self.assertContains(response, 'role="img"', count=3)

    def test_it_shows_the_exploiters_of_a_victim_perpetrator_dataset(self) -> None:
        dataset = load(
            vp_rows(9, IP_Relation="FamilyIntimatePartner", IP_ControlAbuseKidnap="1"), ctdc.VP_COLUMNS
        )
        self.login(self.rapporteur)
        response = self.client.get(english("statistics:dataset_comparison", dataset.pk))
        self.assertEqual(response.status_code, 200)
        slugs = {item["table"].slug for item in response.context["items"]}
        self.assertEqual(slugs, {"pairs-exploiter-gender", "pairs-relation", "pairs-role"})
        self.assertContains(response, "Family or intimate partner")
        self.assertContains(response, "Only in this dataset: the exploiters")


class ReleaseTests(StatisticsTestCase):
    """Every table of one page is protected as one release (keten.core.disclosure)."""

    def test_the_tables_of_a_figures_page_are_one_release_that_pins_nothing(self) -> None:
        dataset = load(
            global_rows(20, isSexualExploit="1", citizenship="ROU")
            + global_rows(9, gender="Man", ageBroad="30--38", isForcedLabour="1", isSexualExploit="1")
            + global_rows(3, gender="", ageBroad="", citizenship="BEL;NGA")
            + global_rows(2, gender="Trans/Transgender/NonConforming", yearOfRegistration="2021")
        )
        with tables.counted_once():
            release = tables.release_of(datasets.dataset_drafts(dataset))
        protected = release.protect()
        self.assertTrue(protected.hidden)
        for key, interval in release.audit(protected).items():
            self.assertFalse(interval.pinned, key)
            self.assertTrue(interval.high is None or interval.high - interval.low >= 1, key)
        # The rows of the dataset are one quantity, whichever table shows them.
        self.assertEqual(protected.shown[datasets.rows_of(dataset)], 34)

    def test_a_small_dataset_hides_its_total_in_every_table(self) -> None:
        dataset = load(global_rows(3, isSexualExploit="1"))
        published = datasets.dataset_tables(dataset)
        # Three rows: the total, one quantity of the release, is hidden in every table showing it.
        for table in published:
            assert table.totals is not None, table.slug
            total = table.totals.total if table.chart == "groups" else table.totals.cells[0]
            self.assertTrue(total is not None and total.hidden, table.slug)
            for row in table.rows:
                for cell in (*row.cells, row.total):
                    self.assertFalse(cell is not None and cell.value is not None and 0 < cell.value < 5)

    def test_the_comparison_page_is_one_release(self) -> None:
        for _index in range(3):
            make_case(self.centre_a, gender="female", forms=["sexual"], age_at_registration=19)
        dataset = load(
            global_rows(30, isSexualExploit="1") + global_rows(10, gender="Man", isForcedLabour="1")
        )
        with translation.override("en"):
            pairs, only = datasets.comparisons(dataset)
        self.assertEqual(only, [])
        # Three people in Belgium: hidden everywhere, in every classification, with no share.
        for pair in pairs:
            for row in pair.rows:
                self.assertFalse(row.belgium.value is not None and 0 < row.belgium.value < 5)
            self.assertTrue(pair.belgium.totals is not None and pair.belgium.totals.cells[0].hidden)
        form = {row.label: row for row in pairs[2].rows}
        self.assertEqual(form["Forced labour"].dataset.value, 10)
        self.assertEqual(form["Forced labour"].dataset.share, 25.0)
