"""Each chain phase recorded on a case marks the case, so statistics can count phases in one scan."""

from __future__ import annotations

import importlib

from django.apps import apps
from django.utils import timezone

from keten.cases.models import Case
from keten.knowledge.reference import CHAIN_PHASE_BITS, CHAIN_PHASES
from keten.referrals.models import ChainPhase
from tests.statistics.base import StatisticsTestCase
from tests.statistics.factories import make_case, make_phase

backfill = importlib.import_module("keten.referrals.migrations.0002_backfill_phases_reached")


class PhaseBitTests(StatisticsTestCase):
    def reached(self, case: Case) -> int:
        case.refresh_from_db()
        return case.phases_reached

    def test_recording_a_phase_marks_the_case_and_a_repeat_changes_nothing(self) -> None:
        case = make_case(self.centre_a)
        other = make_case(self.centre_a)
        make_phase(case, "investigation", organisation=self.police, recorded_by=self.police_officer)
        make_phase(case, "prosecution", organisation=self.police, recorded_by=self.police_officer)
        make_phase(case, "investigation", organisation=self.police, recorded_by=self.police_officer)
        self.assertEqual(
            self.reached(case), CHAIN_PHASE_BITS["investigation"] | CHAIN_PHASE_BITS["prosecution"]
        )
        self.assertEqual(self.reached(other), 0)

    def test_the_bits_are_the_order_the_migration_froze(self) -> None:
        # Stored data: a reordered CHAIN_PHASES would silently move every recorded phase.
        self.assertEqual(CHAIN_PHASE_BITS, backfill.BITS)
        self.assertEqual(len(set(CHAIN_PHASE_BITS.values())), len(CHAIN_PHASES))

    def test_the_migration_marks_phases_recorded_before_it(self) -> None:
        case = make_case(self.centre_a)
        untouched = make_case(self.centre_a)
        # bulk_create skips save(), like rows written before the bit existed.
        ChainPhase.objects.bulk_create(
            ChainPhase(
                case=case,
                phase=phase,
                started_on=timezone.localdate(),
                organisation=self.police,
                recorded_by=self.police_officer,
            )
            for phase in ("detection", "conviction", "detection")
        )
        self.assertEqual(self.reached(case), 0)
        backfill.backfill(apps, None)
        self.assertEqual(self.reached(case), CHAIN_PHASE_BITS["detection"] | CHAIN_PHASE_BITS["conviction"])
        self.assertEqual(self.reached(untouched), 0)
