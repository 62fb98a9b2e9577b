"""The case page around its next action, its action pages, confirmations and appointments (issue 17)."""

from __future__ import annotations

import re
from datetime import UTC, date, timedelta
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from keten.accounts.roles import Role
from keten.audit.models import AuditEvent
from keten.cases import services
from keten.cases.models import Case, GuidanceActivity, ProcedureEvent
from keten.core.procedure import Event
from tests.base import make_person
from tests.cases.helpers import CaseTestCase, make_case
from tests.cases.test_guidance import PNG

CONDITIONS = ("statements", "guidance_agreement", "no_contact_undertaking")


def en(name: str, **kwargs: Any) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=kwargs or None)


class NextActionTest(CaseTestCase):
    def test_the_overview_names_the_next_action_and_links_to_its_form(self) -> None:
        today = timezone.localdate()
        Case.objects.filter(pk=self.case.pk).update(procedure_since=today - timedelta(days=40))
        for kind in CONDITIONS:
            services.record_evidence(
                actor=self.worker_a, case=self.case, kind=kind, recorded_on=today - timedelta(days=40)
            )
        services.move_procedure(
            actor=self.worker_a,
            case_id=self.case.pk,
            event=Event.START_REFLECTION,
            on=today - timedelta(days=40),
        )
        self.login(self.worker_a)
        page = self.client.get(self.url("detail")).content.decode()
        box = re.search(r'<div class="help-box next-action[^"]*" id="next-action">.*?</div>', page, re.S)
        assert box is not None
        self.assertIn("Act now", box.group(0))
        self.assertIn("Issue the first residence document", box.group(0))
        self.assertIn(f'href="{self.url("move")}?event=issue_first_residence"', box.group(0))
        # The overview holds the stage, the document, the conditions, the appointment and the referrals.
        for marker in ("overview-stage", "overview-document", "overview-conditions", "overview-appointment"):
            self.assertIn(f'id="{marker}"', page)
        self.assertIn("0 open referrals", page)

    def test_a_missing_condition_is_the_next_action_after_the_referral(self) -> None:
        self.login(self.worker_a)
        page = self.client.get(self.url("detail")).content.decode()
        self.assertIn(f'href="{self.url("add_evidence")}?kind=statements"', page)
        self.assertIn("Record: Statements or complaint", page)
        # The evidence page opens with that kind chosen.
        form = self.client.get(self.url("add_evidence") + "?kind=statements").content.decode()
        self.assertRegex(form, r'<option value="statements" selected>')

    def test_every_possible_next_step_links_to_its_form_with_the_step_chosen(self) -> None:
        for kind in CONDITIONS:
            services.record_evidence(
                actor=self.worker_a, case=self.case, kind=kind, recorded_on=date(2026, 1, 5)
            )
        self.login(self.worker_a)
        page = self.client.get(self.url("detail")).content.decode()
        steps = re.search(r'<ul class="steps" id="next-steps">.*?</ul>', page, re.S)
        assert steps is not None
        self.assertIn(f'href="{self.url("move")}?event=start_reflection"', steps.group(0))
        self.assertIn(f'href="{self.url("close")}"', steps.group(0))
        form = self.client.get(self.url("move") + "?event=start_reflection").content.decode()
        self.assertRegex(form, r'<option value="start_reflection" selected>')
        # An unknown step in the address chooses nothing.
        form = self.client.get(self.url("move") + "?event=nonsense").content.decode()
        self.assertNotIn(
            "selected>", re.search(r'<select[^>]*id="move_event".*?</select>', form, re.S).group(0)
        )  # type: ignore[union-attr]

    def test_the_page_holds_no_forms_of_its_own_but_the_chain_s(self) -> None:
        self.login(self.worker_a)
        for section in ("detail", "guidance", "timeline", "documents", "chain", "people"):
            page = self.client.get(self.url(section)).content.decode()
            for action in ("move", "add_note", "add_evidence", "close", "add_document", "add_activity"):
                self.assertNotIn(f'action="{self.url(action)}"', page, (section, action))


class SectionPagesTest(CaseTestCase):
    def test_each_page_names_its_section_in_the_title_and_marks_its_tab(self) -> None:
        self.login(self.worker_a)
        pages = {"guidance": "Guidance", "timeline": "Notes and timeline", "documents": "Documents"}
        pages |= {"chain": "Chain", "people": "People"}
        for page, label in pages.items():
            with self.subTest(page=page):
                response = self.client.get(self.url(page))
                self.assertContains(response, f"<title>{label} · Case #{self.case.pk} · Keten</title>")
                self.assertContains(response, f'<a href="{self.url(page)}" aria-current="page">{label}</a>')
        first = self.client.get(self.url("detail"))
        self.assertContains(first, f"<title>Case #{self.case.pk} · Keten</title>")
        self.assertContains(
            first, f'<a href="{self.url("detail")}" aria-current="page">Overview and procedure</a>'
        )


class CloseConfirmationTest(CaseTestCase):
    def test_closing_asks_first_and_only_a_confirmed_post_closes(self) -> None:
        self.login(self.worker_a)
        page = self.client.get(self.url("people")).content.decode()
        self.assertIn(f'href="{self.url("close")}" id="close-link"', page)
        question = self.client.get(self.url("close"))
        self.assertContains(question, "Close the file?")
        self.assertContains(question, 'name="confirm" value="yes"')
        self.assertContains(question, "button-danger")
        response = self.client.post(self.url("close"), {"on": "2026-02-01"})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(Case.objects.get(pk=self.case.pk).is_open)
        self.assertFalse(
            AuditEvent.objects.filter(action__in=("case.closed", "case.procedure_moved")).exists()
        )
        response = self.client.post(self.url("close"), {"on": "2026-02-01", "confirm": "yes"})
        self.assertRedirects(response, self.url("detail"), fetch_redirect_response=False)
        self.assertFalse(Case.objects.get(pk=self.case.pk).is_open)

    def test_a_closed_file_cannot_be_closed_again(self) -> None:
        services.close_case(actor=self.worker_a, case=self.case, on=date(2026, 2, 1))
        self.login(self.worker_a)
        response = self.client.post(self.url("close"), {"on": "2026-02-02", "confirm": "yes"})
        self.assertContains(response, "The file is already closed.", status_code=400)


class AppointmentTest(CaseTestCase):
    def setUp(self) -> None:
        self.when = timezone.now() + timedelta(days=3)
        self.appointment = services.add_activity(
            actor=self.worker_a,
            case=self.case,
            domain="legal",
            kind=GuidanceActivity.Kind.APPOINTMENT,
            happens_at=self.when,
            summary="Lawyer in Brussels",
        )
        self.login(self.worker_a)

    def test_the_overview_shows_the_next_appointment_and_leads_to_the_guidance_page(self) -> None:
        page = self.client.get(self.url("detail")).content.decode()
        box = re.search(r'<dd id="overview-appointment">.*?</dd>', page, re.S)
        assert box is not None
        self.assertIn("Lawyer in Brussels", box.group(0))
        self.assertIn(f'href="{self.url("guidance")}"', box.group(0))
        self.appointment.delete()
        page = self.client.get(self.url("detail")).content.decode()
        box = re.search(r'<dd id="overview-appointment">.*?</dd>', page, re.S)
        assert box is not None
        self.assertIn("No appointment planned.", box.group(0))
        self.assertIn(f'href="{self.url("add_activity")}?kind=appointment"', box.group(0))

    def test_an_appointment_can_be_moved_and_the_change_is_audited(self) -> None:
        edit = self.url("edit_activity", activity_id=self.appointment.pk)
        page = self.client.get(self.url("guidance")).content.decode()
        self.assertIn(f'href="{edit}"', page)
        form = self.client.get(edit)
        self.assertContains(form, "Lawyer in Brussels")
        later = timezone.localtime(self.when + timedelta(days=1)).replace(second=0, microsecond=0)
        response = self.client.post(
            edit,
            {
                "domain": "legal",
                "kind": "appointment",
                "happens_at": later.strftime("%Y-%m-%dT%H:%M"),
                "summary": "Lawyer in Antwerp",
            },
        )
        self.assertRedirects(response, self.url("guidance"), fetch_redirect_response=False)
        self.appointment.refresh_from_db()
        self.assertEqual(
            (self.appointment.happens_at, self.appointment.summary), (later, "Lawyer in Antwerp")
        )
        event = AuditEvent.objects.get(action="case.activity_updated")
        self.assertEqual(event.data["fields"], ["happens_at", "summary"])
        self.assertNotIn("Antwerp", str(event.data))

    def test_cancelling_an_appointment_asks_first_then_removes_it_from_the_page(self) -> None:
        cancel = self.url("cancel_activity", activity_id=self.appointment.pk)
        question = self.client.get(cancel)
        self.assertContains(question, "Cancel the appointment?")
        self.assertContains(question, "Lawyer in Brussels")
        self.client.post(cancel)  # not confirmed
        self.assertTrue(GuidanceActivity.objects.filter(pk=self.appointment.pk).exists())
        response = self.client.post(cancel, {"confirm": "yes"})
        self.assertRedirects(response, self.url("guidance"), fetch_redirect_response=False)
        self.assertFalse(GuidanceActivity.objects.filter(pk=self.appointment.pk).exists())
        event = AuditEvent.objects.get(action="case.activity_cancelled")
        self.assertEqual((event.data["activity"], event.data["kind"]), (self.appointment.pk, "appointment"))
        for section in ("detail", "guidance"):
            self.assertNotContains(self.client.get(self.url(section)), "Lawyer in Brussels")

    def test_an_activity_of_another_case_is_not_found(self) -> None:
        other = make_case(self.centre_a, actor=self.worker_a, workers=[self.worker_a], given_names="Other")
        for name in ("edit_activity", "cancel_activity"):
            with self.subTest(name):
                self.assert_not_found(self.client.get(self.url(name, other, activity_id=self.appointment.pk)))
                self.assert_not_found(
                    self.client.post(
                        self.url(name, other, activity_id=self.appointment.pk), {"confirm": "yes"}
                    )
                )
        self.assertTrue(GuidanceActivity.objects.filter(pk=self.appointment.pk).exists())

    def test_an_activity_cannot_be_dated_in_the_future(self) -> None:
        response = self.client.post(
            self.url("add_activity"),
            {
                "domain": "legal",
                "kind": "activity",
                "happens_at": (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
                "summary": "x",
            },
        )
        self.assertContains(response, "Plan an appointment instead", status_code=400)
        self.assertEqual(GuidanceActivity.objects.filter(case=self.case).count(), 1)

    def test_the_calendar_feed_has_a_proper_name_and_lists_appointments(self) -> None:
        response = self.client.post(en("cases:calendar"), {"action": "create"})
        url = response.context["feed_url"]
        self.client.logout()
        body = self.client.get(url).content.decode()
        self.assertIn("X-WR-CALNAME:Keten: deadlines and appointments", body)
        self.assertIn(f"UID:appointment-{self.appointment.pk}@", body)
        self.assertIn(f"SUMMARY:Case #{self.case.pk}: appointment (Legal)", body)
        self.assertIn(f"DTSTART:{self.when.astimezone(UTC):%Y%m%dT%H%M%SZ}", body)
        self.assertNotIn("Lawyer", body)
        self.assertNotIn("Amina", body)
        # A cancelled appointment leaves the calendar.
        services.cancel_activity(actor=self.worker_a, activity=self.appointment)
        self.assertNotIn("appointment-", self.client.get(url).content.decode())


class PlausibleDatesTest(CaseTestCase):
    def setUp(self) -> None:
        for kind in CONDITIONS:
            services.record_evidence(
                actor=self.worker_a, case=self.case, kind=kind, recorded_on=date(2026, 1, 5)
            )
        services.record_opinion(
            actor=self.worker_a, case=self.case, opinion="positive", given_on=date(2026, 1, 5)
        )
        for event, on in (
            (Event.SKIP_REFLECTION, date(2026, 1, 6)),
            (Event.ISSUE_SECOND_RESIDENCE, date(2026, 2, 10)),
        ):
            services.move_procedure(actor=self.worker_a, case_id=self.case.pk, event=event, on=on)
        self.login(self.worker_a)

    def test_a_renewal_the_day_after_the_document_was_issued_is_refused_and_nothing_stored(self) -> None:
        before = ProcedureEvent.objects.count()
        response = self.move("renew_second_residence", date(2026, 2, 11))
        self.assertContains(response, "The date 11 February 2026 is too early for this step", status_code=400)
        self.assertContains(response, "from 11 June 2026 at the earliest", status_code=400)
        self.assertEqual(ProcedureEvent.objects.count(), before)
        case = Case.objects.get(pk=self.case.pk)
        self.assertEqual(case.document_ends_on, date(2026, 8, 10))
        self.assertEqual(case.prolongations, 0)

    def test_the_refusal_is_translated(self) -> None:
        with translation.override("nl"):
            response = self.client.post(
                reverse("cases:move", kwargs={"case_id": self.case.pk}),
                {"event": "renew_second_residence", "on": "2026-02-11"},
            )
        self.assertContains(response, "11 februari 2026", status_code=400)
        self.assertNotContains(response, "is too early", status_code=400)

    def test_a_renewal_near_the_end_of_the_document_is_recorded(self) -> None:
        response = self.move("renew_second_residence", date(2026, 6, 11))
        self.assertEqual(response.status_code, 302, response.content.decode()[:2000])
        self.assertEqual(Case.objects.get(pk=self.case.pk).document_ends_on, date(2027, 2, 10))


class CaseFormValidationTest(CaseTestCase):
    def post_new(self, **data: str) -> Any:
        fields = {"given_names": "Ioana", "gender": "female", "intake_channel": "self", **data}
        return self.client.post(en("cases:new"), fields)

    def test_nationalities_are_understood_as_adjectives_in_the_four_languages(self) -> None:
        self.login(self.worker_a)
        for typed in (
            "Romanian",
            "Roemeense",
            "roumaine",
            "Rumänisch",
            "roumaines",
            "rumänische",
            "RO",
            "Roemenië",
        ):
            with self.subTest(typed):
                response = self.post_new(
                    nationalities=f"{typed}, Nigerian", confirm_not_duplicate="on", checked="1"
                )
                self.assertEqual(response.status_code, 302, typed)
                case = Case.objects.order_by("-pk").first()
                assert case is not None
                self.assertEqual(case.nationalities, ["RO", "NG"])

    def test_every_error_is_shown_at_once(self) -> None:
        self.login(self.worker_a)
        tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
        response = self.post_new(
            given_names="",
            nationalities="Atlantis",
            date_of_birth=tomorrow,
            exploitation_started_on="2024-05-01",
            exploitation_ended_on="2024-04-01",
        )
        self.assertEqual(response.status_code, 400)
        summary = re.search(r'<div class="error-summary".*?</div>', response.content.decode(), re.S)
        assert summary is not None
        for message in (
            "This field is required.",
            "We do not know these countries: Atlantis",
            "The date of birth is in the future.",
            "The end of the exploitation is before its start.",
        ):
            self.assertIn(message, summary.group(0))

    def test_implausible_dates_of_the_person_are_refused(self) -> None:
        self.login(self.worker_a)
        response = self.post_new(date_of_birth="1890-01-01")
        self.assertContains(response, "more than 120 years ago", status_code=400)
        response = self.post_new(date_of_birth="2000-01-01", exploitation_started_on="1999-01-01")
        self.assertContains(response, "This date is before the date of birth.", status_code=400)
        future = (timezone.localdate() + timedelta(days=5)).isoformat()
        response = self.post_new(exploitation_started_on=future)
        self.assertContains(response, "This date is in the future", status_code=400)
        self.assertEqual(Case.objects.count(), 1)


class ActionPagesAccessTest(CaseTestCase):
    """Every role that must not act on the file gets 404 on every action page, GET and POST."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.trainer = make_person("trainer@pag-asa.example", cls.centre_a, Role.TRAINER)
        cls.centre_admin = make_person("admin@pag-asa.example", cls.centre_a, Role.ORGANISATION_ADMINISTRATOR)
        cls.appointment = services.add_activity(
            actor=cls.worker_a,
            case=cls.case,
            domain="legal",
            kind=GuidanceActivity.Kind.APPOINTMENT,
            happens_at=timezone.now() + timedelta(days=2),
            summary="x",
        )

    def pages(self) -> dict[str, tuple[str, dict[str, Any]]]:
        activity = {"activity_id": self.appointment.pk}
        return {
            "move": (self.url("move"), {"event": "start_reflection", "on": "2026-01-06"}),
            "evidence": (self.url("add_evidence"), {"kind": "statements", "recorded_on": "2026-01-06"}),
            "opinion": (self.url("add_opinion"), {"opinion": "positive", "given_on": "2026-01-06"}),
            "note": (self.url("add_note"), {"text": "n"}),
            "plan": (self.url("save_plan"), {"domain": "legal", "goals": "g"}),
            "activity": (
                self.url("add_activity"),
                {"domain": "legal", "kind": "appointment", "happens_at": "2026-12-30T10:00", "summary": "s"},
            ),
            "edit_activity": (
                self.url("edit_activity", **activity),
                {"domain": "legal", "kind": "appointment", "happens_at": "2026-12-30T10:00", "summary": "s"},
            ),
            "cancel_activity": (self.url("cancel_activity", **activity), {"confirm": "yes"}),
            "contact": (self.url("add_contact"), {"role": "lawyer", "name": "L"}),
            "link": (self.url("link"), {"other": "1", "kind": "child"}),
            "assign": (self.url("assign"), {"workers": [str(self.worker_b.pk)]}),
            "document": (self.url("add_document"), {"title": "t"}),
            "close": (self.url("close"), {"on": "2026-02-01", "confirm": "yes"}),
            "reopen": (self.url("reopen"), {"on": "2026-02-01"}),
        }

    def forbidden_users(self) -> dict[str, Any]:
        users = {
            name: user for name, user in self.named_users().items() if name not in ("worker_a", "manager_a")
        }
        return {**users, "trainer": self.trainer, "centre_admin": self.centre_admin}

    def assert_nothing_changed(self) -> None:
        case = Case.objects.get(pk=self.case.pk)
        self.assertEqual((case.state, case.procedure_state), ("open", "referred"))
        self.assertFalse(case.evidence.exists() or case.opinions.exists() or case.notes.exists())
        self.assertFalse(case.plans.exists() or case.contacts.exists() or case.documents.exists())
        self.assertEqual(list(case.activities.values_list("pk", "summary")), [(self.appointment.pk, "x")])

    def test_every_forbidden_role_gets_404_on_every_action_page(self) -> None:
        for name, user in self.forbidden_users().items():
            self.client.logout()
            self.login(user)
            for action, (url, data) in self.pages().items():
                with self.subTest(user=name, action=action):
                    self.assert_not_found(self.client.get(url))
                    self.assert_not_found(self.client.post(url, data))
        self.assert_nothing_changed()

    def test_anonymous_visitors_are_sent_to_the_login_page(self) -> None:
        for action, (url, data) in self.pages().items():
            with self.subTest(action=action):
                for response in (self.client.get(url), self.client.post(url, data)):
                    self.assertEqual(response.status_code, 302)
                    self.assertIn("login", response["Location"])
        self.assert_nothing_changed()

    def test_a_social_worker_cannot_assign_workers(self) -> None:
        self.login(self.worker_a)
        self.assert_not_found(self.client.get(self.url("assign")))
        self.login(self.manager_a)
        self.assertContains(self.client.get(self.url("assign")), "Assign social workers")

    def test_the_assigned_worker_and_the_manager_see_every_page(self) -> None:
        for user in (self.worker_a, self.manager_a):
            self.client.logout()
            self.login(user)
            for action, (url, _data) in self.pages().items():
                if action in ("assign", "reopen") and user == self.worker_a:
                    continue
                with self.subTest(user=str(user), action=action):
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, 200)
                    self.assertContains(response, "Back to the file")


class QueriesTest(CaseTestCase):
    """The case page and the case list cost the same number of queries for 1 record as for many."""

    def count(self, url: str) -> int:
        # Asked once first: a write since the last page makes the header count again once
        # (keten.accounts.header_cache), which is not what these tests measure.
        self.client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def add_records(self, case: Case, n: int) -> None:
        now = timezone.now()
        for i in range(n):
            services.add_note(actor=self.worker_a, case=case, text=f"note {i}")
            for kind in (GuidanceActivity.Kind.APPOINTMENT, GuidanceActivity.Kind.ACTIVITY):
                services.add_activity(
                    actor=self.worker_a,
                    case=case,
                    domain="legal",
                    kind=kind,
                    happens_at=now + timedelta(days=i + 1 if kind == "appointment" else -i - 1),
                    summary=f"a {i}",
                )
            services.record_evidence(
                actor=self.worker_a, case=case, kind=CONDITIONS[i % 3], recorded_on=date(2026, 1, 5)
            )
            services.record_opinion(
                actor=self.worker_a, case=case, opinion="positive", given_on=date(2026, 1, 5)
            )
            services.add_contact(actor=self.worker_a, case=case, role="lawyer", name=f"L {i}", details="")
            services.add_document(actor=self.worker_a, case=case, title=f"d {i}", data=PNG)
            other = make_case(
                self.centre_a, actor=self.worker_a, workers=[self.worker_a], given_names=f"P{i}"
            )
            services.link_cases(actor=self.worker_a, case=case, other=other, kind="child")
            services.save_plan(
                actor=self.worker_a, case=case, domain=["legal", "medical", "housing"][i % 3], goals="g"
            )

    def test_the_case_page_and_the_list_do_not_grow_with_the_records(self) -> None:
        small = make_case(
            self.centre_a,
            actor=self.worker_a,
            workers=[self.worker_a],
            given_names="Small",
            referred_on=date(2026, 1, 5),
        )
        large = make_case(
            self.centre_a,
            actor=self.worker_a,
            workers=[self.worker_a],
            given_names="Large",
            referred_on=date(2026, 1, 5),
        )
        self.add_records(small, 1)
        self.add_records(large, 8)
        for case in (small, large):
            services.move_procedure(
                actor=self.worker_a, case_id=case.pk, event=Event.START_REFLECTION, on=date(2026, 1, 6)
            )
        self.login(self.worker_a)
        self.client.get(en("accounts:home"))
        for page in ("detail", "guidance", "timeline", "documents", "chain", "people"):
            with self.subTest(page):
                self.assertEqual(self.count(self.url(page, small)), self.count(self.url(page, large)))
        few = self.count(en("cases:list"))
        for i in range(20):
            make_case(self.centre_a, actor=self.worker_a, workers=[self.worker_a], given_names=f"More{i}")
        self.assertEqual(self.count(en("cases:list")), few)
