"""Who may open which page: every named person against every page, export and import."""

from __future__ import annotations

import io

from django.urls import reverse

from keten.core import ctdc
from keten.statistics.exchange import import_ctdc
from tests.statistics.base import StatisticsTestCase
from tests.statistics.factories import make_case

STATISTICS_PEOPLE = {"manager_a", "admin", "rapporteur"}
NATIONAL_PEOPLE = {"admin", "rapporteur"}


class StatisticsAccessTests(StatisticsTestCase):
    def setUp(self) -> None:
        for _index in range(6):
            make_case(self.centre_a)
        header = ",".join(ctdc.COLUMNS)
        lines = [header] + [",".join(["2020", "Woman", *[""] * 25])] * 6
        result = import_ctdc(io.StringIO("\n".join(lines) + "\n"), name="Global", current_year=2026)
        assert result.dataset is not None
        self.dataset = result.dataset

    def pages(self) -> dict[str, tuple[str, set[str]]]:
        return {
            "index": (reverse("statistics:index"), STATISTICS_PEOPLE),
            "csv": (reverse("statistics:export", args=["csv"]), STATISTICS_PEOPLE),
            "xlsx": (reverse("statistics:export", args=["xlsx"]), STATISTICS_PEOPLE),
            "exchange": (reverse("statistics:exchange"), STATISTICS_PEOPLE),
            "ctdc": (reverse("statistics:ctdc_export"), STATISTICS_PEOPLE),
            "htcds": (reverse("statistics:htcds_export"), STATISTICS_PEOPLE),
            "import": (reverse("statistics:import"), NATIONAL_PEOPLE),
            "dataset": (reverse("statistics:dataset", args=[self.dataset.pk]), NATIONAL_PEOPLE),
            "dataset figures": (
                reverse("statistics:dataset_figures", args=[self.dataset.pk]),
                NATIONAL_PEOPLE,
            ),
            "dataset comparison": (
                reverse("statistics:dataset_comparison", args=[self.dataset.pk]),
                NATIONAL_PEOPLE,
            ),
        }

    def test_it_answers_404_for_a_dataset_that_does_not_exist(self) -> None:
        self.login(self.rapporteur)
        for name in ("dataset", "dataset_figures", "dataset_comparison"):
            with self.subTest(page=name):
                self.assert_not_found(
                    self.client.get(reverse(f"statistics:{name}", args=[self.dataset.pk + 1]))
                )

    def test_it_lets_only_managers_administrators_and_the_rapporteur_in(self) -> None:
        for name, user in self.named_users().items():
            for page, (url, allowed) in self.pages().items():
                with self.subTest(user=name, page=page):
                    self.client.logout()
                    self.login(user)
                    response = self.client.get(url)
                    if name in allowed:
                        self.assertEqual(response.status_code, 200)
                    else:
                        self.assert_not_found(response)

    def test_it_sends_anonymous_visitors_to_the_login_page(self) -> None:
        for page, (url, _allowed) in self.pages().items():
            with self.subTest(page=page):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertIn(reverse("accounts:login"), response["Location"])

    def test_it_refuses_a_password_only_login(self) -> None:
        self.login_password_only(self.manager_a)
        response = self.client.get(reverse("statistics:index"))
        self.assertEqual(response.status_code, 302)

    def test_it_shows_the_public_page_to_everyone(self) -> None:
        response = self.client.get(reverse("statistics:public"))
        self.assertEqual(response.status_code, 200)
        for user in self.named_users().values():
            self.client.logout()
            self.login(user)
            self.assertEqual(self.client.get(reverse("statistics:public")).status_code, 200)

    def test_it_refuses_posting_the_import_to_others(self) -> None:
        for name in ("manager_a", "worker_a", "outsider", "police_officer"):
            with self.subTest(user=name):
                self.client.logout()
                self.login(self.named_users()[name])
                self.assert_not_found(self.client.post(reverse("statistics:import"), {"name": "x"}))

    def test_it_opens_datasets_only_to_national_readers(self) -> None:
        from keten.statistics.models import AnalysisDataset

        dataset = AnalysisDataset.objects.create(name="Elsewhere")
        url = reverse("statistics:dataset", args=[dataset.pk])
        for name, user in self.named_users().items():
            with self.subTest(user=name):
                self.client.logout()
                self.login(user)
                response = self.client.get(url)
                if name in NATIONAL_PEOPLE:
                    self.assertEqual(response.status_code, 200)
                else:
                    self.assert_not_found(response)

    def test_it_shows_a_manager_only_their_own_centre(self) -> None:
        for _index in range(7):
            make_case(self.centre_b)
        self.login(self.manager_a)
        response = self.client.get(reverse("statistics:index"), {"centre": self.centre_b.pk})
        tables = self.tables_of(response)
        totals = tables["people-by-year-and-gender"].totals
        assert totals is not None and totals.total is not None
        self.assertEqual(totals.total.value, 6)
        self.assertNotIn("people-by-centre", tables)
        self.assertNotIn("reports-by-year", tables)

    def test_it_lets_the_rapporteur_choose_a_centre(self) -> None:
        for _index in range(7):
            make_case(self.centre_b)
        self.login(self.rapporteur)
        response = self.client.get(reverse("statistics:index"), {"centre": self.centre_b.pk})
        totals = self.tables_of(response)["people-by-year-and-gender"].totals
        assert totals is not None and totals.total is not None
        self.assertEqual(totals.total.value, 7)

    def test_it_audits_exports(self) -> None:
        from keten.audit.models import AuditEvent

        self.login(self.admin)
        self.client.get(reverse("statistics:export", args=["csv"]))
        self.client.get(reverse("statistics:ctdc_export"))
        actions = list(AuditEvent.objects.filter(action="statistics.exported").values_list("data", flat=True))
        self.assertEqual(len(actions), 2)

    def test_it_refuses_an_unknown_export_format(self) -> None:
        self.login(self.admin)
        self.assert_not_found(self.client.get(reverse("statistics:export", args=["exe"])))
