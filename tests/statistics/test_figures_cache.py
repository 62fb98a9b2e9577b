"""The figures pages keep their computed tables in the cache: few queries, never stale, never shared.

The cache key and the data version are in keten/statistics/figures_cache.py. These tests use the
database cache of the settings (rolled back with each test).
"""

from __future__ import annotations

import datetime
import io
import re
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from keten.accounts.roles import Role
from keten.cases.models import Case
from keten.core import ctdc
from keten.statistics import figures_cache
from keten.statistics.counting import Scope
from keten.statistics.datasets import comparisons, dataset_tables
from keten.statistics.exchange import import_ctdc
from keten.statistics.models import AnalysisDataset
from keten.statistics.pages import statistics_page_cached
from tests.base import make_person
from tests.statistics.base import StatisticsTestCase, national_viewer_of
from tests.statistics.factories import make_case, make_phase

GENDER = "people-by-year-and-gender"
PER_RESPONSE = re.compile(r'nonce="[^"]*"|name="csrfmiddlewaretoken" value="[^"]*"')


def _english(name: str) -> str:
    with translation.override("en"):
        return reverse(name)


def _english_args(name: str, *args: object) -> str:
    with translation.override("en"):
        return reverse(name, args=args)


def _total(tables: dict[str, Any]) -> int | None:
    totals = tables[GENDER].totals
    assert totals is not None and totals.total is not None
    value: int | None = totals.total.value
    return value


class FiguresCacheTests(StatisticsTestCase):
    def setUp(self) -> None:
        self.manager_b = make_person("manager.b@payoke.example", self.centre_b, Role.CENTRE_MANAGER)
        self.cases_a = [make_case(self.centre_a, year=2022 + index % 2) for index in range(6)]
        self.cases_b = [make_case(self.centre_b, gender="male", year=2021) for _index in range(9)]

    def page(self, user: Any, path: str = "") -> Any:
        self.client.logout()
        self.login(user)
        response = self.client.get(path or _english("statistics:index"))
        self.assertEqual(response.status_code, 200)
        return response

    def queries_of(self, user: Any) -> list[str]:
        self.client.logout()
        self.login(user)
        url = _english("statistics:index")
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return [query["sql"] for query in queries.captured_queries]

    # --- Queries -------------------------------------------------------------------------------

    def test_a_second_visit_counts_nothing_and_costs_the_same_whatever_the_number_of_cases(self) -> None:
        first = self.queries_of(self.manager_a)
        again = self.queries_of(self.manager_a)
        # The first visit counts (ten grouped queries); the second reads the tables back in two.
        self.assertTrue(any("GROUP BY" in sql for sql in first))
        self.assertFalse(any("GROUP BY" in sql for sql in again))
        self.assertLessEqual(len(again), len(first) - 8)
        for index in range(40):
            make_case(
                self.centre_a,
                year=2015 + index % 9,
                gender=("female", "male", "unknown")[index % 3],
                forms=[("sexual", "labour", "begging")[index % 3]],
                nationalities=[("RO", "BG", "NG", "BE")[index % 4]],
            )
        self.assertEqual(len(self.queries_of(self.manager_a)), len(first))
        self.assertEqual(len(self.queries_of(self.manager_a)), len(again))

    def test_the_page_shows_the_same_with_and_without_the_cache(self) -> None:
        computed = self.page(self.manager_a).content.decode()
        cached = self.page(self.manager_a).content.decode()
        self.assertIn("People by year of registration and gender", cached)
        # Only the CSP nonce and the CSRF token differ from one response to the next.
        self.assertEqual(PER_RESPONSE.sub("", computed), PER_RESPONSE.sub("", cached))

    # --- Never stale ---------------------------------------------------------------------------

    def test_a_changed_case_shows_at_the_next_request(self) -> None:
        before = self.tables_of(self.page(self.manager_a))
        self.assertEqual(_total(before), 6)
        women = before[GENDER].totals.cells[0].value  # type: ignore[union-attr]
        self.assertEqual(women, 6)
        for case in self.cases_a:
            case.gender = "male"
            case.save()
        after = self.tables_of(self.page(self.manager_a))
        self.assertEqual(after[GENDER].totals.cells[1].value, 6)  # type: ignore[union-attr]
        self.assertEqual(after[GENDER].totals.cells[0].value, 0)  # type: ignore[union-attr]

    def test_a_new_or_deleted_case_shows_at_the_next_request(self) -> None:
        self.assertEqual(_total(self.tables_of(self.page(self.manager_a))), 6)
        make_case(self.centre_a)
        self.assertEqual(_total(self.tables_of(self.page(self.manager_a))), 7)
        Case.objects.filter(pk__in=[case.pk for case in self.cases_a[:2]]).delete()
        self.assertEqual(_total(self.tables_of(self.page(self.manager_a))), 5)

    def test_cases_changed_in_bulk_show_at_the_next_request(self) -> None:
        self.assertEqual(_total(self.tables_of(self.page(self.manager_a))), 6)
        Case.objects.filter(centre=self.centre_a).update(gender="male")  # no signal, no save()
        after = self.tables_of(self.page(self.manager_a))
        self.assertEqual(after[GENDER].totals.cells[1].value, 6)  # type: ignore[union-attr]

    def test_a_write_that_changes_no_row_keeps_the_figures(self) -> None:
        self.page(self.manager_a)
        Case.objects.filter(pk=0).update(gender="male")
        self.assertFalse(any("GROUP BY" in sql for sql in self.queries_of(self.manager_a)))

    def test_cases_made_without_signals_show_at_the_next_request(self) -> None:
        self.assertEqual(_total(self.tables_of(self.page(self.manager_a))), 6)
        created = timezone.make_aware(datetime.datetime(2023, 6, 15, 12, 0))  # noqa: DTZ001
        copies = [
            Case(
                centre=self.centre_a,
                gender="female",
                forms=["sexual"],
                nationalities=["RO"],
                intake_channel="police",
                procedure_state="reflection",
                procedure_since=created.date(),
                created_at=created,
            )
            for _index in range(3)
        ]
        Case.objects.bulk_create(copies)  # no post_save: the write itself is seen
        self.assertEqual(_total(self.tables_of(self.page(self.manager_a))), 9)

    def test_a_recorded_chain_phase_shows_at_the_next_request(self) -> None:
        phases = self.tables_of(self.page(self.manager_a))["people-by-chain-phase"]
        self.assertEqual([row.label for row in phases.rows if row.cells[0].value], ["No phase recorded"])
        for case in self.cases_a:
            make_phase(case, "protection", organisation=self.centre_a, recorded_by=self.manager_a)
        phases = self.tables_of(self.page(self.manager_a))["people-by-chain-phase"]
        shown = {row.label: row.cells[0].value for row in phases.rows}
        self.assertEqual(shown["Protection"], 6)

    def test_a_change_drops_the_version_once_more_after_commit(self) -> None:
        self.cases_a[0].save()
        self.cases_a[1].save()
        make_phase(self.cases_a[2], "protection", organisation=self.centre_a, recorded_by=self.manager_a)
        waiting = [entry[1] for entry in connection.run_on_commit]
        self.assertEqual(waiting.count(figures_cache.FIGURES.renew), 1)

    def test_the_summary_on_my_work_follows_the_data(self) -> None:
        for _index in range(4):
            make_case(self.centre_a)
        home = _english("accounts:home")
        self.assertContains(self.page(self.manager_a, home), "10 people guided")
        make_case(self.centre_a)
        self.assertContains(self.page(self.manager_a, home), "11 people guided")

    def test_the_public_page_follows_a_changed_case(self) -> None:
        url = _english("statistics:public")

        def women_and_men() -> list[int | None]:
            response = self.client.get(url)
            tables = {item["table"].slug: item["table"] for item in response.context["items"]}
            totals = tables[GENDER].totals
            assert totals is not None
            return [cell.value for cell in totals.cells[:2]]

        self.assertEqual(women_and_men(), [6, 9])
        for case in [*self.cases_a, *self.cases_b]:
            case.gender = "male"
            case.save()
        self.assertEqual(women_and_men(), [0, 15])

    # --- Never shared --------------------------------------------------------------------------

    def test_two_centres_and_a_national_reader_never_share_an_entry(self) -> None:
        self.assertEqual(_total(self.tables_of(self.page(self.manager_a))), 6)
        self.assertEqual(_total(self.tables_of(self.page(self.manager_b))), 9)
        self.assertEqual(_total(self.tables_of(self.page(self.admin))), 15)
        # Read back from the cache, still each their own.
        self.assertEqual(_total(self.tables_of(self.page(self.manager_a))), 6)
        self.assertEqual(_total(self.tables_of(self.page(self.manager_b))), 9)
        national = self.tables_of(self.page(self.admin))
        self.assertIn("people-by-centre", national)
        self.assertNotIn("people-by-centre", self.tables_of(self.page(self.manager_a)))

    def test_the_key_names_the_scope_the_reader_and_the_language(self) -> None:
        scope_a, scope_b = Scope(centre_ids=(self.centre_a.pk,)), Scope(centre_ids=(self.centre_b.pk,))
        keys = {
            figures_cache.cache_key("page", scope_a, (False, ((self.centre_a.pk, "PAG-ASA"),))),
            figures_cache.cache_key("page", scope_b, (False, ((self.centre_b.pk, "Payoke"),))),
            figures_cache.cache_key("page", Scope(), (True, ())),
            figures_cache.cache_key("page", Scope(demo=True), (True, ())),
            figures_cache.cache_key("summary", scope_a),
        }
        self.assertEqual(len(keys), 5)
        for language in ("nl", "fr", "en", "de"):
            with translation.override(language):
                keys.add(figures_cache.cache_key("summary", scope_a))
        self.assertEqual(len(keys), 8)

    def test_each_language_has_its_own_tables(self) -> None:
        self.page(self.manager_a)  # English, now cached
        self.login(self.manager_a)
        response = self.client.get("/nl/figures/statistics/")
        self.assertContains(response, "Personen per jaar van registratie en gender")

    def test_a_demo_scope_is_not_the_real_one(self) -> None:
        for _index in range(7):
            make_case(self.centre_a, demo=True)
        viewer = national_viewer_of(self.admin)
        real = statistics_page_cached(Scope(), viewer)
        demo = statistics_page_cached(Scope(demo=True), viewer)
        self.assertNotEqual(real.html, demo.html)
        self.assertEqual(_total({GENDER: real.tables[0]}), 15)
        self.assertEqual(_total({GENDER: demo.tables[0]}), 7)


class DatasetFiguresCacheTests(StatisticsTestCase):
    def import_dataset(self, name: str, line: str, rows: int) -> AnalysisDataset:
        header = ",".join(ctdc.COLUMNS)
        text = "\n".join([header] + [line] * rows) + "\n"
        result = import_ctdc(io.StringIO(text), name=name, current_year=2026)
        assert result.dataset is not None
        return result.dataset

    def test_each_dataset_has_its_own_figures(self) -> None:
        first = self.import_dataset("First", ",".join(["2020", "Woman", *[""] * 25]), 6)
        second = self.import_dataset("Second", ",".join(["2021", "Man", *[""] * 25]), 9)
        self.login(self.rapporteur)
        for _visit in range(2):  # computed, then read back
            for dataset in (first, second):
                response = self.client.get(_english_args("statistics:dataset_figures", dataset.pk))
                self.assertEqual(self.tables_of(response), {t.slug: t for t in dataset_tables(dataset)})
        self.assertNotEqual(dataset_tables(first), dataset_tables(second))

    def test_the_comparison_follows_the_cases(self) -> None:
        dataset = self.import_dataset("Global", ",".join(["2020", "Woman", *[""] * 25]), 6)
        self.login(self.rapporteur)
        url = _english_args("statistics:dataset_comparison", dataset.pk)

        def shown() -> list[Any]:
            return [item["comparison"] for item in self.client.get(url).context["comparisons"]]

        before = shown()
        self.assertEqual(before, comparisons(dataset)[0])
        for _index in range(6):
            make_case(self.centre_a, gender="male")
        after = shown()
        self.assertEqual(after, comparisons(dataset)[0])
        self.assertNotEqual(before, after)
