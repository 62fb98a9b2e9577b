"""Differentially private releases: noise added, budget stated and spent, refused when exhausted."""

from __future__ import annotations

import io
from decimal import Decimal

from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from keten.statistics.models import PrivacyLedger, SavedRelease
from tests.statistics.base import StatisticsTestCase
from tests.statistics.factories import make_case


class PrivacyTests(StatisticsTestCase):
    def setUp(self) -> None:
        for _index in range(30):
            make_case(self.centre_a, year=2023, gender="female")

    def test_it_spends_the_budget_per_release_and_refuses_beyond_it(self) -> None:
        out = io.StringIO()
        call_command(
            "dp_release", "--budget", "1", "--epsilon", "0.6", "--from", "2022", "--to", "2023", stdout=out
        )
        self.assertIn("ledger open-data: 0.6 of 1 spent", out.getvalue())
        release = SavedRelease.objects.get()
        self.assertEqual(release.table["rows"], ["2022", "2023"])
        self.assertTrue(
            all(isinstance(value, int) and value >= 0 for row in release.table["counts"] for value in row)
        )
        with self.assertRaisesMessage(CommandError, "only 0.4 of 1 is left"):
            call_command("dp_release", "--epsilon", "0.5", "--from", "2022", "--to", "2023", stdout=out)
        self.assertEqual(SavedRelease.objects.count(), 1)
        self.assertEqual(PrivacyLedger.objects.get().spent_epsilon, Decimal("0.6"))

    def test_it_states_the_budget_on_the_public_page(self) -> None:
        call_command(
            "dp_release",
            "--budget",
            "2",
            "--epsilon",
            "0.5",
            "--from",
            "2023",
            "--to",
            "2023",
            stdout=io.StringIO(),
        )
        with translation.override("en"):
            url = reverse("statistics:public")
        response = self.client.get(url)
        self.assertContains(response, "epsilon 0.5 for this table")
        self.assertContains(response, "0.5 of 2 spent")
