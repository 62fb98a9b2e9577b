"""The hotline's inbox: who may do what (every named person × every action), and each action."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.test import Client

from keten.accounts.models import User
from keten.audit.models import AuditEvent
from keten.intake.models import InboxAccess, Report, ReportMessage, ReportNote, State
from keten.intake.services import submit_report
from tests.base import KetenTestCase
from tests.intake.helpers import png_bytes, upload


def make_report(**content: Any) -> Report:
    from keten.core.metadata import clean_upload
    from keten.intake.services import Upload

    report, _code = submit_report(
        content={"what": "A girl never leaves the nail salon.", "postal_code": "1000", **content},
        form_of_exploitation="labour",
        kind_of_place="shop",
        uploads=[Upload(file_name="salon.png", clean=clean_upload(png_bytes()))],
    )
    return report


class InboxAuthorisationTests(KetenTestCase):
    """Every named person against every action of the inbox."""

    def setUp(self) -> None:
        self.report = make_report()
        self.other = make_report()

    def actions(self) -> dict[str, tuple[str, str, Callable[[], dict[str, Any]]]]:
        r, o = self.report.pk, self.other.pk
        attachment = self.report.attachments.get().pk
        return {
            "list": ("get", "/en/report/inbox/", dict),
            "read": ("get", f"/en/report/inbox/{r}/", dict),
            "download": ("get", f"/en/report/inbox/{r}/files/{attachment}/", dict),
            "note": ("post", f"/en/report/inbox/{r}/notes/", lambda: {"body": "Called the centre."}),
            "state": ("post", f"/en/report/inbox/{r}/state/", lambda: {"to_state": "in_triage"}),
            "assign": ("post", f"/en/report/inbox/{r}/assign/", lambda: {"assignee": self.operator.pk}),
            "labels": ("post", f"/en/report/inbox/{r}/labels/", lambda: {"labels": "nails, brussels"}),
            "reply": ("post", f"/en/report/inbox/{r}/reply/", lambda: {"body": "We read your report."}),
            "link": ("post", f"/en/report/inbox/{r}/links/", lambda: {"other": o}),
            "unlink": ("post", f"/en/report/inbox/{r}/links/{o}/remove/", dict),
            "phone_form": ("get", "/en/report/inbox/call/", dict),
            "phone_save": (
                "post",
                "/en/report/inbox/call/",
                lambda: {"what": "Caller saw workers locked in.", "channel": "phone"},
            ),
            "access": ("get", "/en/report/inbox/access/", dict),
            "grant": (
                "post",
                "/en/report/inbox/access/grant/",
                lambda: {"organisation": self.inspection.pk, "level": "read"},
            ),
            "revoke": ("post", f"/en/report/inbox/access/{self.prosecution.pk}/revoke/", dict),
        }

    READ_ACTIONS = {"list", "read", "download", "note"}
    WORK_ACTIONS = {"state", "assign", "labels", "reply", "link", "unlink", "phone_form", "phone_save"}
    ADMIN_ACTIONS = {"access", "grant", "revoke"}

    def attempt(self, user: User | None, action: str) -> int:
        method, url, data = self.actions()[action]
        client = Client()
        if user is not None:
            self.login(user, client)
        InboxAccess.objects.get_or_create(
            organisation=self.prosecution, defaults={"level": "read", "granted_at": "2025-01-01T00:00Z"}
        )
        response = getattr(client, method)(url, data())
        return int(response.status_code)

    def expect(self, allowed: set[str], user: User | None) -> None:
        for action in self.actions():
            with self.subTest(user=str(user), action=action):
                status = self.attempt(user, action)
                if action in allowed:
                    self.assertIn(status, (200, 302), f"{action} should be allowed")
                elif user is None:
                    self.assertEqual(status, 302)
                else:
                    self.assertEqual(status, 404, f"{action} should be refused")

    def test_it_lets_the_operator_do_everything_but_administer_access(self) -> None:
        self.expect(self.READ_ACTIONS | self.WORK_ACTIONS, self.operator)

    def test_it_lets_the_administrator_manage_access_but_not_read_reports(self) -> None:
        self.expect(self.ADMIN_ACTIONS, self.admin)

    def test_it_refuses_everyone_else(self) -> None:
        for name in (
            "worker_a",
            "worker_b",
            "manager_a",
            "police_officer",
            "inspector",
            "immigration_officer",
            "outsider",
        ):
            self.expect(set(), self.named_users()[name])

    def test_it_sends_anonymous_visitors_to_the_login_page(self) -> None:
        self.expect(set(), None)

    def test_it_lets_a_granted_organisation_read_and_note_only(self) -> None:
        # The magistrate's organisation holds a read grant (see attempt()).
        self.expect(self.READ_ACTIONS, self.magistrate)

    def test_it_lets_an_organisation_granted_work_do_what_the_operator_does(self) -> None:
        InboxAccess.objects.create(organisation=self.police, level="work", granted_at="2025-01-01T00:00Z")
        self.expect(self.READ_ACTIONS | self.WORK_ACTIONS, self.police_officer)

    def test_it_refuses_get_on_changes(self) -> None:
        self.login(self.operator)
        for action, (method, url, _data) in self.actions().items():
            if method == "post" and action != "phone_save":
                with self.subTest(action=action):
                    self.assertEqual(self.client.get(url).status_code, 405)


class InboxTests(KetenTestCase):
    def setUp(self) -> None:
        self.report = make_report()
        self.login(self.operator)

    def test_it_lists_reports_without_decrypting_their_content(self) -> None:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            response = self.client.get("/en/report/inbox/")
        self.assertContains(response, f"#{self.report.number}")
        report_queries = [q["sql"] for q in queries if 'FROM "intake_report"' in q["sql"]]
        self.assertTrue(report_queries)
        self.assertTrue(all('"intake_report"."content"' not in sql for sql in report_queries))

    def test_it_filters_by_state_channel_form_assignment_label_and_dates(self) -> None:
        other = make_report()
        Report.objects.filter(pk=other.pk).update(
            state=State.IN_TRIAGE, channel="phone", form_of_exploitation="sexual"
        )
        self.client.post(f"/en/report/inbox/{self.report.pk}/labels/", {"labels": "Car wash"})
        self.client.post(f"/en/report/inbox/{self.report.pk}/assign/", {"assignee": self.operator.pk})
        cases = {
            "state=in_triage": other,
            "channel=phone": other,
            "form=labour": self.report,
            "assigned=me": self.report,
            "assigned=nobody": other,
            "label=car+wash": self.report,
            "q=car": self.report,
            f"q={other.pk}": other,
        }
        for query, expected in cases.items():
            with self.subTest(query=query):
                page = self.client.get(f"/en/report/inbox/?{query}").context["page"]
                self.assertEqual([r.pk for r in page.object_list], [expected.pk])
        today = self.report.received_on.isoformat()
        page = self.client.get(f"/en/report/inbox/?received_from={today}&received_to={today}").context["page"]
        self.assertEqual(len(page.object_list), 2)

    def test_it_audits_every_read(self) -> None:
        self.client.get(f"/en/report/inbox/{self.report.pk}/")
        attachment = self.report.attachments.get()
        download = self.client.get(f"/en/report/inbox/{self.report.pk}/files/{attachment.pk}/")
        self.assertEqual(download["Content-Type"], "image/png")
        self.assertTrue(download.content.startswith(b"\x89PNG"))
        actions = list(
            AuditEvent.objects.filter(object_id=str(self.report.pk)).values_list("action", flat=True)
        )
        self.assertIn("report.viewed", actions)
        self.assertIn("report.attachment_viewed", actions)

    def test_it_moves_through_triage_and_refuses_illegal_moves(self) -> None:
        url = f"/en/report/inbox/{self.report.pk}/state/"
        self.assertEqual(self.client.post(url, {"to_state": "in_triage"}).status_code, 302)
        self.assertEqual(self.client.post(url, {"to_state": "closed_without_action"}).status_code, 302)
        self.report.refresh_from_db()
        self.assertEqual(self.report.state, State.CLOSED_WITHOUT_ACTION)
        self.assertIsNotNone(self.report.closed_on)
        refused = self.client.post(url, {"to_state": "waiting_for_reporter"})
        self.assertEqual(refused.status_code, 400)
        self.assertContains(refused, "cannot move to that state", status_code=400)
        self.client.post(url, {"to_state": "in_triage"})
        self.report.refresh_from_db()
        self.assertIsNone(self.report.closed_on)
        self.assertEqual(
            list(self.report.state_changes.values_list("to_state", flat=True)),
            ["in_triage", "closed_without_action", "in_triage"],
        )
        audited = AuditEvent.objects.filter(action="report.state_changed", object_id=str(self.report.pk))
        self.assertEqual(audited.count(), 3)

    def test_it_marks_a_duplicate_and_links_it(self) -> None:
        original = make_report()
        url = f"/en/report/inbox/{self.report.pk}/state/"
        missing = self.client.post(url, {"to_state": "duplicate"})
        self.assertContains(missing, "Give the number of the report", status_code=400)
        self.client.post(url, {"to_state": "duplicate", "duplicate_of": original.pk})
        self.report.refresh_from_db()
        self.assertEqual((self.report.state, self.report.duplicate_of_id), (State.DUPLICATE, original.pk))
        self.assertIn(self.report, original.linked.all())

    def test_it_says_precisely_what_is_wrong_with_the_duplicate_number(self) -> None:
        url = f"/en/report/inbox/{self.report.pk}/state/"
        itself = self.client.post(url, {"to_state": "duplicate", "duplicate_of": self.report.pk})
        self.assertContains(itself, "A report cannot be linked to itself.", status_code=400)
        missing = self.client.post(url, {"to_state": "duplicate", "duplicate_of": 99999})
        self.assertContains(missing, "There is no report with that number.", status_code=400)
        self.report.refresh_from_db()
        self.assertEqual(self.report.state, State.NEW)

    def test_it_shows_the_original_by_its_usual_number(self) -> None:
        original = make_report()
        self.client.post(
            f"/en/report/inbox/{self.report.pk}/state/",
            {"to_state": "duplicate", "duplicate_of": original.pk},
        )
        page = self.client.get(f"/en/report/inbox/{self.report.pk}/").content.decode()
        start = page.index("data-duplicate-of>")
        shown = re.sub(r"<[^>]+>", "", page[start : page.index("</span>", start)]).split(">", 1)[1]
        self.assertEqual(shown, f"(duplicate of #{original.number})")

    def test_it_offers_a_case_file_only_to_someone_who_may_open_one(self) -> None:
        case_link = f"/en/cases/new/?report={self.report.pk}"
        self.assertNotContains(self.client.get(f"/en/report/inbox/{self.report.pk}/"), case_link)
        self.assertEqual(self.client.get(case_link).status_code, 404)
        InboxAccess.objects.create(organisation=self.centre_a, level="work", granted_at="2025-01-01T00:00Z")
        worker = self.login(self.worker_a, Client())
        self.assertContains(worker.get(f"/en/report/inbox/{self.report.pk}/"), case_link)
        self.assertEqual(worker.get(case_link).status_code, 200)

    def test_it_replies_and_counts_the_first_reply_as_acknowledgement(self) -> None:
        self.client.post(f"/en/report/inbox/{self.report.pk}/reply/", {"body": "We read it."})
        self.report.refresh_from_db()
        self.assertEqual(self.report.acknowledged_on, self.report.received_on)
        message = ReportMessage.objects.get()
        self.assertEqual((message.author, message.operator), ("operator", self.operator))

    def test_it_keeps_an_empty_reply_form_with_its_error(self) -> None:
        response = self.client.post(f"/en/report/inbox/{self.report.pk}/reply/", {"body": ""})
        self.assertContains(response, "This field is required.", status_code=400)

    def test_it_keeps_internal_notes_apart_from_the_reporter(self) -> None:
        self.client.post(f"/en/report/inbox/{self.report.pk}/notes/", {"body": "Known address."})
        self.assertEqual(ReportNote.objects.get().body, "Known address.")
        self.assertEqual(ReportMessage.objects.count(), 0)

    def test_it_records_a_phone_call_with_an_optional_code(self) -> None:
        response = self.client.post(
            "/en/report/inbox/call/",
            {
                "what": "Caller saw workers locked in.",
                "channel": "phone",
                "give_receipt": "on",
                "attachments": [upload("p.png", png_bytes())],
            },
        )
        self.assertContains(response, "Read this receipt code to the caller")
        report = Report.objects.get(channel="phone")
        self.assertEqual((report.recorded_by, report.attachments.count()), (self.operator, 1))
        self.assertIsNotNone(report.receipt_hash)
        self.client.post("/en/report/inbox/call/", {"what": "Second call.", "channel": "phone"})
        self.assertIsNone(Report.objects.get(content__isnull=False, pk__gt=report.pk).receipt_hash)
        self.assertTrue(AuditEvent.objects.filter(action="report.recorded").exists())

    def test_it_offers_turning_into_a_screening_or_case_only_if_those_pages_exist(self) -> None:
        from django.urls import NoReverseMatch, reverse

        response = self.client.get(f"/en/report/inbox/{self.report.pk}/")
        for name, text in (("screening:start", "Turn into a screening"), ("cases:new", "Turn into a case")):
            try:
                reverse(name)
            except NoReverseMatch:
                self.assertNotContains(response, text)
            else:
                self.assertContains(response, f"?report={self.report.pk}")

    def test_it_shows_the_dashboard_panel_with_due_and_overdue_acknowledgements(self) -> None:
        from datetime import timedelta

        Report.objects.filter(pk=self.report.pk).update(
            acknowledge_by=self.report.received_on - timedelta(days=1)
        )
        soon = make_report()
        Report.objects.filter(pk=soon.pk).update(acknowledge_by=soon.received_on + timedelta(days=1))
        response = self.client.get("/en/accounts/work/")
        self.assertContains(response, "2 new reports")
        self.assertContains(response, "1 first answer overdue")
        self.assertContains(response, "1 first answer due within two days")

    def test_it_hides_the_panel_from_people_without_access(self) -> None:
        self.client.logout()
        self.login(self.worker_a)
        self.assertNotContains(self.client.get("/en/accounts/work/"), "Reports inbox")


class AccessGrantTests(KetenTestCase):
    def test_it_grants_and_revokes_with_an_audit_entry(self) -> None:
        self.login(self.admin)
        self.client.post("/en/report/inbox/access/grant/", {"organisation": self.police.pk, "level": "read"})
        self.assertEqual(InboxAccess.objects.get().organisation, self.police)
        self.client.post(f"/en/report/inbox/access/{self.police.pk}/revoke/")
        self.assertFalse(InboxAccess.objects.exists())
        actions = set(AuditEvent.objects.values_list("action", flat=True))
        self.assertTrue({"inbox.access_granted", "inbox.access_revoked"} <= actions)
