"""Minors in the protection procedure after the legal review (REFERENCE §11): an unaccompanied
foreign minor gets a 3-month document at once; the three conditions are not waived for minors."""

from __future__ import annotations

from datetime import date

from keten.cases import services
from keten.cases.models import Case
from keten.core.procedure import Event
from tests.cases.helpers import CaseTestCase, make_case

REFERRED = date(2026, 1, 5)


class UnaccompaniedMinorTest(CaseTestCase):
    def child(self, *, unaccompanied: bool) -> Case:
        return make_case(
            self.centre_a,
            actor=self.worker_a,
            workers=[self.worker_a],
            referred_on=REFERRED,
            date_of_birth="2011-03-01",
            nationalities=["AF"],
            unaccompanied=unaccompanied,
        )

    def test_an_unaccompanied_foreign_minor_gets_three_months_at_once(self) -> None:
        """Myria: the 45 days become 3 months for an unaccompanied foreign minor."""
        case = self.child(unaccompanied=True)
        services.move_procedure(
            actor=self.worker_a, case_id=case.pk, event=Event.START_REFLECTION, on=REFERRED
        )
        case.refresh_from_db()
        self.assertEqual(case.document_ends_on, date(2026, 4, 5))

    def test_an_accompanied_minor_gets_the_45_days(self) -> None:
        case = self.child(unaccompanied=False)
        services.move_procedure(
            actor=self.worker_a, case_id=case.pk, event=Event.START_REFLECTION, on=REFERRED
        )
        case.refresh_from_db()
        self.assertEqual(case.document_ends_on, date(2026, 2, 18))

    def test_the_conditions_are_not_waived_for_a_minor(self) -> None:
        """No source waives the three conditions for minors (REFERENCE §11)."""
        case = self.child(unaccompanied=True)
        decision = services.check_case_move(case, Event.SKIP_REFLECTION, on=REFERRED)
        self.assertFalse(decision.allowed)
        self.assertIn("missing_statements", [reason.code for reason in decision.reasons])

    def test_the_form_records_that_the_child_is_unaccompanied(self) -> None:
        case = self.child(unaccompanied=False)
        self.login(self.worker_a)
        response = self.client.get(self.url("edit", case))
        self.assertContains(response, 'name="unaccompanied"')
