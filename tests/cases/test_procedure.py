from __future__ import annotations

from datetime import date

from django.utils import timezone

from keten.audit.models import AuditEvent
from keten.cases import services
from keten.cases.models import Case, ProcedureEvent, ResidenceDocument
from keten.core.procedure import Event, State
from tests.cases.helpers import CaseTestCase, make_case


class ProcedureThroughTheWebTest(CaseTestCase):
    def test_it_moves_through_the_reflection_period_to_the_first_residence_document(self) -> None:
        self.login(self.worker_a)
        response = self.move("start_reflection", date(2026, 1, 6), document_reference="ANN-15/123")
        self.assertRedirects(response, self.url("detail") + "#procedure", fetch_redirect_response=False)
        case = Case.objects.get(pk=self.case.pk)
        self.assertEqual(case.procedure_state, State.REFLECTION)
        self.assertEqual(case.document_ends_on, date(2026, 2, 19))  # 45 days, 6 January included
        step = ProcedureEvent.objects.get(case=case)
        self.assertEqual(
            (step.actor, step.from_state, step.to_state), (self.worker_a, "referred", "reflection")
        )
        self.assertEqual(step.document_reference, "ANN-15/123")
        self.assertTrue(
            AuditEvent.objects.filter(action="case.procedure_moved", object_id=str(case.pk)).exists()
        )

        response = self.move("issue_first_residence", date(2026, 2, 1))
        self.assertEqual(response.status_code, 400)
        self.assertContains(
            response, "No statements or complaint by the person are recorded", status_code=400
        )
        self.assertEqual(Case.objects.get(pk=case.pk).procedure_state, State.REFLECTION)

        self.client.post(self.url("add_evidence"), {"kind": "statements", "recorded_on": "2026-01-30"})
        response = self.move("issue_first_residence", date(2026, 2, 1))
        # The three conditions hold for the whole procedure (REFERENCE §3), from the first document on.
        self.assertContains(response, "No guidance agreement with a recognised centre", status_code=400)
        for kind in ("guidance_agreement", "no_contact_undertaking"):
            self.client.post(self.url("add_evidence"), {"kind": kind, "recorded_on": "2026-01-30"})
        response = self.move("issue_first_residence", date(2026, 2, 1))
        self.assertEqual(response.status_code, 302)
        case.refresh_from_db()
        self.assertEqual(case.procedure_state, State.FIRST_RESIDENCE)
        self.assertEqual(
            (case.document_starts_on, case.document_ends_on), (date(2026, 2, 1), date(2026, 5, 1))
        )
        self.assertEqual(ResidenceDocument.objects.filter(case=case).count(), 2)

    def test_it_refuses_a_move_not_in_the_table_with_the_reason(self) -> None:
        self.login(self.worker_a)
        response = self.move("renew_second_residence", date(2026, 1, 6))
        self.assertContains(
            response, "Only a current second residence document can be renewed.", status_code=400
        )
        self.assertFalse(ProcedureEvent.objects.exists())

    def test_it_refuses_residence_steps_for_eu_victims(self) -> None:
        case = make_case(self.centre_a, actor=self.worker_a, workers=[self.worker_a], nationalities=["RO"])
        self.login(self.worker_a)
        response = self.move("start_reflection", timezone.localdate(), case=case)
        self.assertContains(response, "Residence documents only concern victims", status_code=400)
        response = self.move("start_guidance", timezone.localdate(), case=case)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Case.objects.get(pk=case.pk).procedure_state, State.GUIDANCE_ONLY)

    def test_it_refuses_a_date_before_the_last_step(self) -> None:
        self.login(self.worker_a)
        response = self.move("start_reflection", date(2026, 1, 1))
        self.assertContains(response, "is before the last recorded step", status_code=400)

    def test_it_keeps_what_was_typed_when_the_form_is_wrong(self) -> None:
        self.login(self.worker_a)
        response = self.client.post(
            self.url("move"), {"event": "start_reflection", "on": "not a date", "reason": "kept"}
        )
        self.assertContains(response, "kept", status_code=400)
        self.assertContains(response, "Enter a valid date", status_code=400)

    def test_it_closes_and_reopens_the_file(self) -> None:
        self.login(self.worker_a)
        # Without the confirmation, the page only asks the question.
        response = self.client.post(self.url("close"), {"on": "2026-02-01", "reason": ""})
        self.assertContains(response, "Yes, close the file")
        self.assertEqual(Case.objects.get(pk=self.case.pk).state, "open")
        response = self.client.post(self.url("close"), {"on": "2026-02-01", "reason": "", "confirm": "yes"})
        self.assertEqual(response.status_code, 302)
        case = Case.objects.get(pk=self.case.pk)
        self.assertEqual(
            (case.state, case.procedure_state, case.closed_on), ("closed", "closed", date(2026, 2, 1))
        )
        response = self.client.post(self.url("reopen"), {"on": "2026-03-01", "reason": ""})
        self.assertEqual(response.status_code, 302)
        case.refresh_from_db()
        self.assertEqual((case.state, case.procedure_state, case.closed_on), ("open", "referred", None))

    def test_it_refuses_to_reopen_after_a_voluntary_return(self) -> None:
        services.move_procedure(
            actor=self.worker_a, case_id=self.case.pk, event=Event.RETURN_VOLUNTARILY, on=date(2026, 1, 7)
        )
        services.close_case(actor=self.worker_a, case=Case.objects.get(pk=self.case.pk), on=date(2026, 1, 8))
        self.login(self.worker_a)
        response = self.client.post(self.url("reopen"), {"on": "2026-03-01"})
        self.assertContains(
            response, "The procedure has ended; nothing more can be recorded", status_code=400
        )

    def test_it_renews_the_second_residence_document_from_the_day_after_its_expiry(self) -> None:
        for kind in ("statements", "guidance_agreement", "no_contact_undertaking"):
            services.record_evidence(
                actor=self.worker_a, case=self.case, kind=kind, recorded_on=date(2026, 1, 5)
            )
        services.record_opinion(
            actor=self.worker_a, case=self.case, opinion="positive", given_on=date(2026, 1, 5)
        )
        services.move_procedure(
            actor=self.worker_a, case_id=self.case.pk, event=Event.SKIP_REFLECTION, on=date(2026, 1, 31)
        )
        case = Case.objects.get(pk=self.case.pk)
        self.assertEqual(case.document_ends_on, date(2026, 4, 30))
        services.move_procedure(
            actor=self.worker_a, case_id=case.pk, event=Event.ISSUE_SECOND_RESIDENCE, on=date(2026, 4, 1)
        )
        case.refresh_from_db()
        self.assertEqual(case.document_ends_on, date(2026, 10, 1))
        self.login(self.worker_a)
        self.move("renew_second_residence", date(2026, 9, 15))
        case.refresh_from_db()
        self.assertEqual(
            (case.document_starts_on, case.document_ends_on), (date(2026, 10, 2), date(2027, 4, 1))
        )
        self.assertEqual(case.prolongations, 1)
        self.assertEqual(case.act_by, date(2027, 3, 2))

    def test_it_refuses_the_second_document_after_a_negative_opinion(self) -> None:
        for kind in ("statements", "guidance_agreement", "no_contact_undertaking"):
            services.record_evidence(
                actor=self.worker_a, case=self.case, kind=kind, recorded_on=date(2026, 1, 5)
            )
        services.move_procedure(
            actor=self.worker_a, case_id=self.case.pk, event=Event.SKIP_REFLECTION, on=date(2026, 1, 6)
        )
        self.login(self.worker_a)
        self.client.post(self.url("add_opinion"), {"opinion": "negative", "given_on": "2026-02-01"})
        response = self.move("issue_second_residence", date(2026, 3, 1))
        self.assertContains(response, "is negative", status_code=400)

    def test_it_notes_the_guardian_for_a_minor(self) -> None:
        case = make_case(
            self.centre_a, actor=self.worker_a, workers=[self.worker_a], date_of_birth="2012-03-01"
        )
        self.login(self.worker_a)
        response = self.move("start_reflection", timezone.localdate(), case=case)
        response = self.client.get(response["Location"])
        self.assertContains(response, "guardianship service")
