"""A reporter's new message is seen: marked in the inbox and on "My work", and a closed report reopens."""

from __future__ import annotations

from keten.audit.log import start_of_today
from keten.audit.models import AuditEvent
from keten.intake.models import InboxAccess, Report, State
from keten.intake.services import set_report_state
from keten.intake.views.public import reset_code_limiter
from tests.base import KetenTestCase, verified_audit_trail
from tests.intake.helpers import conversation_token, submit

MARK = "data-new-reporter-message"


class ReporterMessageTests(KetenTestCase):
    def setUp(self) -> None:
        reset_code_limiter()
        _response, code = submit(self.client)
        assert code is not None
        self.code = code
        self.report = Report.objects.get()
        self.membership = self.operator.active_memberships().get()

    def move(self, to_state: str, **kwargs: object) -> None:
        set_report_state(report_id=self.report.pk, to_state=to_state, membership=self.membership, **kwargs)  # type: ignore[arg-type]

    def add_information(self) -> None:
        self.client.post("/en/report/follow-up/", {"code": self.code})
        response = self.client.post(
            "/en/report/follow-up/conversation/add/",
            {"body": "They moved them.", "once": conversation_token(self.client)},
        )
        self.assertEqual(response.status_code, 302)
        self.client.post("/en/report/follow-up/leave/")
        self.report.refresh_from_db()

    def test_it_reopens_a_report_closed_without_action_and_audits_it_as_the_system(self) -> None:
        self.move(State.CLOSED_WITHOUT_ACTION)
        self.add_information()
        self.assertEqual(self.report.state, State.IN_TRIAGE)
        self.assertIsNone(self.report.closed_on)
        self.assertTrue(self.report.has_new_reporter_message)
        change = self.report.state_changes.last()
        assert change is not None
        self.assertEqual(
            (change.from_state, change.to_state, change.actor), ("closed_without_action", "in_triage", None)
        )
        event = AuditEvent.objects.filter(action="report.state_changed").order_by("sequence").last()
        assert event is not None
        self.assertEqual((event.actor, event.actor_label), (None, "system"))
        self.assertEqual(event.reason, "the reporter added information")
        self.assertEqual((event.data["from"], event.data["to"]), ("closed_without_action", "in_triage"))
        self.assertNotIn("They moved them", str(event.data))
        # Only the day is kept of the moment the reporter wrote, in the history and the audit.
        midnight = start_of_today()
        self.assertEqual((change.changed_at, event.created_at), (midnight, midnight))
        self.assertEqual(verified_audit_trail(), [])

    def test_it_reopens_a_duplicate_and_unlinks_the_original_mark(self) -> None:
        original, _code = submit(self.client)
        other = Report.objects.exclude(pk=self.report.pk).get()
        self.move(State.DUPLICATE, duplicate_of_id=other.pk)
        self.add_information()
        self.assertEqual((self.report.state, self.report.duplicate_of_id), (State.IN_TRIAGE, None))

    def test_it_keeps_a_referred_report_referred_but_marks_it(self) -> None:
        self.move(State.REFERRED)
        self.add_information()
        self.assertEqual(self.report.state, State.REFERRED)
        self.assertTrue(self.report.has_new_reporter_message)

    def test_it_marks_new_messages_in_the_inbox_and_on_my_work_until_an_operator_opens_the_report(
        self,
    ) -> None:
        self.add_information()
        self.assertEqual(self.report.state, State.NEW)
        self.login(self.operator)
        self.assertContains(self.client.get("/en/report/inbox/"), MARK)
        work = self.client.get("/en/accounts/work/")
        self.assertContains(work, "1 report with a new message from the reporter")
        self.client.get(f"/en/report/inbox/{self.report.pk}/")
        self.report.refresh_from_db()
        self.assertFalse(self.report.has_new_reporter_message)
        self.assertNotContains(self.client.get("/en/report/inbox/"), MARK)
        self.assertNotContains(self.client.get("/en/accounts/work/"), "with a new message from the reporter")

    def test_it_leaves_the_mark_when_an_organisation_with_read_access_opens_the_report(self) -> None:
        InboxAccess.objects.create(organisation=self.police, level="read", granted_at="2025-01-01T00:00Z")
        self.add_information()
        self.login(self.police_officer)
        self.assertEqual(self.client.get(f"/en/report/inbox/{self.report.pk}/").status_code, 200)
        self.report.refresh_from_db()
        self.assertTrue(self.report.has_new_reporter_message)


class FinishedReportForTheReporterTests(KetenTestCase):
    def setUp(self) -> None:
        reset_code_limiter()
        _response, code = submit(self.client)
        assert code is not None
        self.code = code
        self.report = Report.objects.get()

    def test_it_tells_the_reporter_kindly_that_the_hotline_has_finished(self) -> None:
        membership = self.operator.active_memberships().get()
        set_report_state(
            report_id=self.report.pk, to_state=State.CLOSED_WITHOUT_ACTION, membership=membership
        )
        self.client.post("/en/report/follow-up/", {"code": self.code})
        page = self.client.get("/en/report/follow-up/conversation/")
        self.assertContains(page, "The hotline has finished working on your report.")
        self.assertContains(page, "you can still add it below. Someone at the hotline will read it.")
        self.assertNotContains(page, "No answer yet")

    def test_it_still_promises_an_answer_on_an_open_report(self) -> None:
        self.client.post("/en/report/follow-up/", {"code": self.code})
        page = self.client.get("/en/report/follow-up/conversation/")
        self.assertContains(page, "No answer yet")
        self.assertNotContains(page, "has finished working on your report")

    def test_it_tells_the_reporter_in_dutch_and_french_too(self) -> None:
        membership = self.operator.active_memberships().get()
        set_report_state(report_id=self.report.pk, to_state=State.REFERRED, membership=membership)
        self.client.post("/nl/report/follow-up/", {"code": self.code})
        self.assertContains(
            self.client.get("/nl/report/follow-up/conversation/"),
            "Het meldpunt heeft uw melding afgehandeld.",
        )
        self.assertContains(
            self.client.get("/fr/report/follow-up/conversation/"), "Le point de contact a terminé"
        )
