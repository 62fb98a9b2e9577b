"""Chain phases reached: each person once in each phase recorded on their case and once in the total,
the people with no phase apart, within the filters of the page, protected like every table."""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Mapping

from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from keten.accounts.models import User
from keten.cases.models import Case
from keten.knowledge.reference import CHAIN_PHASES
from keten.statistics.counting import Scope
from keten.statistics.tables import CHAIN_PHASE_LABELS, StatTable
from tests.statistics.base import StatisticsTestCase, audit_page, national_viewer_of
from tests.statistics.factories import make_case, make_phase

PHASES = [phase.id for phase in CHAIN_PHASES]
SLUG = "people-by-chain-phase"
NO_PHASE = "No phase recorded"


def rows_of(table: StatTable) -> dict[str, int | None]:
    """Row label → published number (None when hidden)."""
    return {row.label: row.cells[0].value for row in table.rows}


def total_of(table: StatTable) -> int | None:
    assert table.totals is not None
    return table.totals.cells[0].value


class ChainPhaseTests(StatisticsTestCase):
    def record(self, case: Case, *phases: str, outcome: str = "ongoing") -> None:
        for phase in phases:
            make_phase(
                case, phase, organisation=self.police, recorded_by=self.police_officer, outcome=outcome
            )

    def url(self, name: str, *args: object) -> str:
        with translation.override("en"):
            return reverse(name, args=args)

    def table(self, query: Mapping[str, str | int] | None = None, *, user: User | None = None) -> StatTable:
        self.login(user or self.admin)
        response = self.client.get(self.url("statistics:index"), query or {})
        return self.tables_of(response)[SLUG]

    def labels(self) -> dict[str, str]:
        with translation.override("en"):
            return {str(CHAIN_PHASE_LABELS[phase]): phase for phase in PHASES}

    def test_it_has_a_short_label_for_every_phase_of_the_chain(self) -> None:
        self.assertEqual(set(CHAIN_PHASE_LABELS), set(PHASES))

    def test_it_counts_a_person_once_in_a_phase_recorded_twice(self) -> None:
        for _index in range(6):
            # The police open an investigation, the labour inspection records one too.
            self.record(make_case(self.centre_a), "investigation", "investigation")
        table = self.table()
        rows = rows_of(table)
        self.assertEqual(rows["Investigation"], 6)
        self.assertEqual(total_of(table), 6)
        self.assertNotIn(NO_PHASE, rows)

    def test_it_counts_a_person_in_each_of_their_phases_and_once_in_the_total(self) -> None:
        for _index in range(6):
            self.record(make_case(self.centre_a), "investigation", "prosecution")
        for _index in range(7):
            self.record(make_case(self.centre_a), "investigation")
        for _index in range(5):
            make_case(self.centre_a)
        table = self.table()
        rows = rows_of(table)
        self.assertEqual(rows["Investigation"], 13)
        self.assertEqual(rows["Prosecution"], 6)
        self.assertEqual(rows["Detection"], 0)
        self.assertEqual(rows[NO_PHASE], 5)
        self.assertEqual(list(rows)[-1], NO_PHASE)
        self.assertEqual(total_of(table), 18)
        self.assertIn("once in each chain phase", table.counting_note)
        # Shares are over the 13 people with a phase, and can add up to more than 100 %.
        shares = {row.label: row.cells[0].share for row in table.rows}
        self.assertEqual(shares["Investigation"], 100.0)
        self.assertEqual(shares["Prosecution"], round(100 * 6 / 13, 1))
        self.assertIsNone(shares[NO_PHASE])
        self.assertIn("13 people", table.shares_note)

    def test_it_counts_a_phase_whatever_its_outcome(self) -> None:
        for outcome in ("ongoing", "done", "not_pursued"):
            for _index in range(2):
                self.record(make_case(self.centre_a), "prosecution", outcome=outcome)
        self.assertEqual(rows_of(self.table())["Prosecution"], 6)

    def test_it_counts_like_plain_python_within_every_filter(self) -> None:
        chooser = random.Random(9)
        phases_of: dict[int, set[str]] = {}
        cases = []
        for _index in range(140):
            case = make_case(
                chooser.choice([self.centre_a, self.centre_b]),
                year=chooser.choice([2021, 2022, 2023]),
                forms=chooser.sample(["sexual", "labour"], chooser.choice([0, 1, 1, 2])),
                demo=chooser.random() < 0.2,
            )
            # Up to three phases drawn with repeats: a phase can be recorded twice on one case.
            recorded = chooser.choices(PHASES[:5], k=chooser.choice([0, 1, 2, 3]))
            self.record(case, *recorded)
            phases_of[case.pk] = set(recorded)
            cases.append(case)
        labels = self.labels()
        filters: list[tuple[dict[str, str | int], list[Case]]] = [
            ({}, [c for c in cases if not c.demo]),
            (
                {"centre": self.centre_b.pk},
                [c for c in cases if not c.demo and c.centre_id == self.centre_b.pk],
            ),
            (
                {"year_from": 2022, "year_to": 2022},
                [c for c in cases if not c.demo and c.created_at.year == 2022],
            ),
            ({"form": "labour"}, [c for c in cases if not c.demo and "labour" in c.forms]),
            ({"demo": "on"}, [c for c in cases if c.demo]),
        ]
        for query, chosen in filters:
            with self.subTest(query=query):
                table = self.table(query)
                self.assertEqual(total_of(table), len(chosen))
                checked = 0
                for label, value in rows_of(table).items():
                    if value is None:
                        continue
                    if label == NO_PHASE:
                        expected = sum(1 for c in chosen if not phases_of[c.pk])
                    else:
                        expected = sum(1 for c in chosen if labels[label] in phases_of[c.pk])
                    self.assertEqual(value, expected, label)
                    checked += value > 0
                self.assertGreaterEqual(checked, 3)

    def test_it_shows_a_manager_only_their_own_centre(self) -> None:
        for _index in range(6):
            self.record(make_case(self.centre_a), "guidance")
        for _index in range(6):
            self.record(make_case(self.centre_b), "arrest")
        table = self.table(user=self.manager_a)
        rows = rows_of(table)
        self.assertEqual((rows["Guidance by a centre"], rows["Arrest of suspects"]), (6, 0))
        self.assertEqual(total_of(table), 6)

    def test_it_hides_small_counts_and_what_would_give_them_away(self) -> None:
        investigated = [make_case(self.centre_a) for _index in range(9)]
        for case in investigated:
            self.record(case, "investigation")
        for case in investigated[:2]:
            self.record(case, "arrest")
        for _index in range(6):
            make_case(self.centre_a)
        table = self.table()
        rows = rows_of(table)
        self.assertIsNone(rows["Arrest of suspects"])
        self.assertIn("Counts from 1 to 4 are hidden", table.method)
        self.assertTrue(any("fewer than 5 people" in text for _number, text in table.footnotes))
        for key, interval in audit_page(Scope(), national_viewer_of(self.admin)).items():
            self.assertFalse(interval.pinned, f"{key} can be worked out: {interval}")
        # The files carry the mark, never the number.
        lines = list(
            csv.reader(io.StringIO(self.client.get(self.url("statistics:export", "csv")).content.decode()))
        )
        by_label = {line[0]: line for line in lines if line}
        self.assertEqual(by_label["Arrest of suspects"][1], "x")
        workbook = load_workbook(io.BytesIO(self.client.get(self.url("statistics:export", "xlsx")).content))
        sheet = {row[0]: row for row in workbook[SLUG].iter_rows(values_only=True)}
        self.assertEqual(sheet["Arrest of suspects"][1], "x")
        self.assertIn("Chain phases reached", sheet)

    def test_it_hides_how_many_have_a_phase_when_that_number_would_bound_the_hidden_rows(self) -> None:
        # One person of ten reached prosecution and conviction: with 9 "no phase" and 10 in all,
        # everyone would know each hidden phase holds exactly that one person.
        self.record(make_case(self.centre_a), "prosecution", "conviction")
        for _index in range(9):
            make_case(self.centre_a)
        table = self.table()
        rows = rows_of(table)
        self.assertIsNone(rows["Prosecution"])
        self.assertIsNone(rows["Conviction"])
        self.assertIsNone(rows[NO_PHASE])
        self.assertEqual(total_of(table), 10)
        self.assertNotIn("people whose information is known", table.shares_note)
        self.assertTrue(any("worked out" in text for _number, text in table.footnotes))
        csv_text = self.client.get(self.url("statistics:export", "csv")).content.decode()
        by_label = {line[0]: line for line in csv.reader(io.StringIO(csv_text)) if line}
        self.assertEqual(by_label[NO_PHASE][1], "x")

    def test_it_hides_the_total_of_a_few_people(self) -> None:
        for _index in range(3):
            self.record(make_case(self.centre_a), "detection")
        table = self.table()
        self.assertIsNone(total_of(table))
        self.assertIsNone(rows_of(table)["Detection"])

    def test_it_keeps_chain_phases_off_the_public_page(self) -> None:
        for _index in range(12):
            self.record(make_case(self.centre_a), "detection")
        response = self.client.get(self.url("statistics:public"))
        self.assertNotIn(SLUG, self.tables_of(response))
        self.assertIn("people-by-form", self.tables_of(response))
