"""Triage at scale: order, sorting, filters, bulk changes, saved filters, danger alerts, reply
templates, and every role against each new action it must not do."""

from __future__ import annotations

from datetime import timedelta

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from keten.accounts.models import Membership
from keten.accounts.roles import Role
from keten.audit.models import AuditEvent
from keten.intake.models import InboxAccess, OnDuty, ReplyTemplate, Report, SavedFilter, State
from keten.intake.services import submit_report
from tests.base import InEnglish, KetenTestCase, make_person

INBOX = "/en/report/inbox/"


def new_report(*, danger: bool = False, days_old: int = 0, receipt: bool = True) -> Report:
    report, _code = submit_report(
        content={"what": "Secret words of the reporter about the car wash."},
        form_of_exploitation="sexual",
        immediate_danger=danger,
        give_receipt=receipt,
    )
    if days_old:
        Report.objects.filter(pk=report.pk).update(
            received_on=report.received_on - timedelta(days=days_old),
            acknowledge_by=report.acknowledge_by - timedelta(days=days_old),
        )
    return report


def listed(response) -> list[int]:  # type: ignore[no-untyped-def]
    return [report.pk for report in response.context["page"].object_list]


class TriageOrderTests(InEnglish, KetenTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.old = new_report(days_old=5)
        self.no_receipt = new_report(receipt=False, days_old=9)
        self.fresh = new_report()
        self.danger = new_report(danger=True)
        self.login(self.operator)

    def test_it_lists_danger_first_then_the_answer_due_soonest_then_the_oldest(self) -> None:
        response = self.client.get(INBOX)
        self.assertEqual(listed(response), [self.danger.pk, self.old.pk, self.fresh.pk, self.no_receipt.pk])

    def test_a_closed_danger_report_no_longer_comes_first(self) -> None:
        Report.objects.filter(pk=self.danger.pk).update(state=State.CLOSED_WITHOUT_ACTION)
        self.assertNotEqual(listed(self.client.get(INBOX))[0], self.danger.pk)

    def test_it_sorts_by_a_column_through_a_link_and_back(self) -> None:
        response = self.client.get(INBOX + "?sort=number")
        self.assertEqual(listed(response), sorted(listed(response)))
        self.assertContains(response, 'aria-sort="ascending"')
        self.assertContains(response, "sort=-number")
        response = self.client.get(INBOX + "?sort=-number")
        self.assertEqual(listed(response), sorted(listed(response), reverse=True))

    def test_it_filters_in_operators_words(self) -> None:
        response = self.client.get(INBOX)
        self.assertContains(response, "Sexual exploitation")
        self.assertNotContains(response, "Forced to sell sex")
        self.assertEqual(listed(self.client.get(INBOX + "?danger=on")), [self.danger.pk])
        Report.objects.filter(pk=self.old.pk).update(acknowledge_by=self.old.received_on - timedelta(days=1))
        self.assertEqual(listed(self.client.get(INBOX + "?due=overdue")), [self.old.pk])

    def test_the_list_costs_the_same_number_of_queries_for_ten_times_the_reports(self) -> None:
        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(INBOX).status_code, 200)
            return len(queries)

        count()  # the first page of a session writes what later pages only read
        few = count()
        for _ in range(30):
            new_report(danger=True)
        count()  # the new reports renewed the cached header: it is read again once
        self.assertEqual(count(), few)

    def test_the_list_asks_its_small_lookups_only_after_they_changed(self) -> None:
        def tables() -> str:
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(INBOX).status_code, 200)
            return " ".join(query["sql"] for query in queries)

        lookups = (
            '"intake_onduty"',
            '"intake_savedfilter"',
            '"intake_inboxsettings"',
            '"intake_replytemplate"',
        )
        first = tables()  # the session's first page
        self.assertTrue(all(table in first for table in lookups))
        warm = tables()
        self.assertFalse([table for table in lookups if table in warm])
        OnDuty.objects.create(user=self.operator, since=timezone.now())
        after_write = tables()
        self.assertTrue(all(table in after_write for table in lookups))
        self.assertIn("I am no longer on duty", self.client.get(INBOX).content.decode())


class BulkTests(InEnglish, KetenTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.first, self.second = new_report(), new_report()
        self.login(self.operator)

    def bulk(self, **data):  # type: ignore[no-untyped-def]
        return self.client.post(reverse("intake:bulk"), data)

    def test_it_assigns_and_moves_the_ticked_reports_with_an_audit_entry_each(self) -> None:
        response = self.bulk(
            reports=[self.first.pk, self.second.pk], assignee=self.operator.pk, to_state=State.IN_TRIAGE
        )
        self.assertEqual(response.status_code, 302)
        for report in (self.first, self.second):
            report.refresh_from_db()
            self.assertEqual((report.assigned_to, report.state), (self.operator, State.IN_TRIAGE))
            self.assertTrue(
                AuditEvent.objects.filter(action="report.assigned", object_id=str(report.pk)).exists()
            )
            self.assertTrue(
                AuditEvent.objects.filter(action="report.state_changed", object_id=str(report.pk)).exists()
            )

    def test_it_says_which_changes_were_refused_and_does_the_rest(self) -> None:
        Report.objects.filter(pk=self.second.pk).update(state=State.IN_TRIAGE)
        response = self.bulk(reports=[self.first.pk, self.second.pk, 999999], to_state=State.IN_TRIAGE)
        page = self.client.get(response["Location"])
        text = page.content.decode()
        self.assertIn("1 report was changed.", text)
        self.assertIn(f"Report #{self.second.pk:05d} was not changed", text)
        self.assertIn("Report #999999 was not changed: There is no report with that number.", text)
        self.first.refresh_from_db()
        self.assertEqual(self.first.state, State.IN_TRIAGE)

    def test_it_refuses_to_assign_to_someone_outside_the_inbox(self) -> None:
        response = self.bulk(reports=[self.first.pk], assignee=self.worker_a.pk)
        self.assertEqual(response.status_code, 400)
        self.first.refresh_from_db()
        self.assertIsNone(self.first.assigned_to)

    def test_it_shows_errors_at_the_top_with_a_link_to_the_field(self) -> None:
        response = self.bulk(assignee=self.operator.pk)
        self.assertEqual(response.status_code, 400)
        text = response.content.decode()
        summary = text.index('id="error-summary"')
        self.assertLess(summary, text.index("<table"))
        self.assertIn('href="#id_reports"', text)
        self.assertIn('id="id_reports"', text)

    def test_it_needs_the_csrf_token(self) -> None:
        from django.test import Client

        client = Client(enforce_csrf_checks=True)
        self.login(self.operator, client)
        response = client.post(reverse("intake:bulk"), {"reports": [self.first.pk], "to_state": "in_triage"})
        self.assertEqual(response.status_code, 403)
        self.first.refresh_from_db()
        self.assertEqual(self.first.state, State.NEW)

    def test_nobody_without_work_access_may_change_reports_in_bulk(self) -> None:
        InboxAccess.objects.create(organisation=self.police, level="read", granted_at=self.first.received_on)
        for name, user in self.named_users().items():
            if name == "operator":
                continue
            with self.subTest(name=name):
                self.client.logout()
                self.login(user)
                response = self.bulk(reports=[self.first.pk], to_state=State.IN_TRIAGE, assignee="nobody")
                self.assertEqual(response.status_code, 404)
        self.first.refresh_from_db()
        self.assertEqual(self.first.state, State.NEW)


class SavedFilterTests(InEnglish, KetenTestCase):
    def test_an_operator_saves_uses_and_deletes_their_own_filter_only(self) -> None:
        other = make_person("second@hotline.example", self.hotline, Role.HOTLINE_OPERATOR)
        self.login(self.operator)
        self.client.post(
            reverse("intake:save_filter"), {"name": "Danger", "filters": "danger=on&state=new&evil=1"}
        )
        saved = SavedFilter.objects.get(owner=self.operator)
        self.assertEqual(saved.query, "danger=1&state=new")
        self.assertContains(self.client.get(INBOX), "?danger=1&amp;state=new")
        self.client.logout()
        self.login(other)
        self.assertNotContains(self.client.get(INBOX), "Danger</a>")
        self.assert_not_found(self.client.post(reverse("intake:delete_filter", args=[saved.pk])))
        self.assertTrue(SavedFilter.objects.filter(pk=saved.pk).exists())
        self.client.logout()
        self.login(self.operator)
        self.client.post(reverse("intake:delete_filter", args=[saved.pk]))
        self.assertFalse(SavedFilter.objects.filter(pk=saved.pk).exists())

    def test_people_without_inbox_access_cannot_save_filters(self) -> None:
        for name, user in self.named_users().items():
            if name == "operator":
                continue
            with self.subTest(name=name):
                self.client.logout()
                self.login(user)
                self.assert_not_found(
                    self.client.post(reverse("intake:save_filter"), {"name": "x", "filters": "state=new"})
                )
        self.assertFalse(SavedFilter.objects.exists())


class DangerAlertTests(InEnglish, KetenTestCase):
    def test_it_alerts_the_operators_on_duty_without_any_content_of_the_report(self) -> None:
        second = make_person("second@hotline.example", self.hotline, Role.HOTLINE_OPERATOR)
        OnDuty.objects.create(user=second, since=self.hotline_since())
        with self.captureOnCommitCallbacks(execute=True):
            report = new_report(danger=True)
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, [second.email])
        whole = message.subject + message.body
        self.assertIn("/report/inbox/?danger=1", whole)
        for secret in ("car wash", "Secret", report.number, str(report.pk) + "/", "sexual", "Sexual"):
            self.assertNotIn(secret, whole)

    def test_without_anyone_on_duty_every_operator_is_alerted_and_nobody_else(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            new_report(danger=True)
        self.assertEqual([m.to for m in mail.outbox], [[self.operator.email]])

    def test_a_report_without_danger_alerts_nobody(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            new_report()
        self.assertEqual(mail.outbox, [])

    def test_the_operator_sees_the_alert_on_every_page_and_the_centre_does_not(self) -> None:
        new_report(danger=True)
        self.login(self.operator)
        self.assertContains(self.client.get(reverse("accounts:home")), 'class="danger-alert"')
        self.client.logout()
        self.login(self.worker_a)
        self.assertNotContains(self.client.get(reverse("accounts:home")), 'class="danger-alert"')

    def test_only_operators_go_on_duty(self) -> None:
        self.login(self.worker_a)
        self.assert_not_found(self.client.post(reverse("intake:duty"), {"on_duty": "1"}))
        self.assertFalse(OnDuty.objects.exists())

    def hotline_since(self):  # type: ignore[no-untyped-def]
        from django.utils import timezone

        return timezone.now()


class ReplyTemplateTests(InEnglish, KetenTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.hotline_admin = make_person("admin@hotline.example", cls.hotline, Role.ORGANISATION_ADMINISTRATOR)

    def test_the_hotline_administrator_manages_templates_in_each_language(self) -> None:
        self.login(self.hotline_admin)
        url = reverse("intake:reply_templates")
        for language, body in (("nl", "Bedankt voor uw melding."), ("fr", "Merci pour votre signalement.")):
            response = self.client.post(url, {"title": "Thanks", "language": language, "body": body})
            self.assertEqual(response.status_code, 302)
        self.assertEqual(ReplyTemplate.objects.count(), 2)
        template = ReplyTemplate.objects.get(language="nl")
        self.client.post(url, {"template": template.pk, "title": "Dank", "language": "nl", "body": "Dank u."})
        template.refresh_from_db()
        self.assertEqual(template.title, "Dank")
        self.client.post(reverse("intake:delete_reply_template", args=[template.pk]))
        self.assertEqual(ReplyTemplate.objects.count(), 1)
        self.assertEqual(AuditEvent.objects.filter(action__startswith="inbox.reply_template").count(), 4)

    def test_an_operator_picks_a_template_to_fill_the_reply(self) -> None:
        template = ReplyTemplate.objects.create(
            title="First answer", language="en", body="Thank you for telling us.", changed_at=self.now()
        )
        report = new_report()
        self.login(self.operator)
        response = self.client.get(reverse("intake:detail", args=[report.pk]) + f"?template={template.pk}")
        self.assertContains(response, "Thank you for telling us.</textarea>")

    def test_nobody_else_manages_templates(self) -> None:
        template = ReplyTemplate.objects.create(title="T", language="en", body="B", changed_at=self.now())
        InboxAccess.objects.create(organisation=self.centre_a, level="work", granted_at=self.now())
        centre_admin = make_person("admin@pag-asa.example", self.centre_a, Role.ORGANISATION_ADMINISTRATOR)
        people = {**self.named_users(), "centre_admin": centre_admin}
        for name, user in people.items():
            with self.subTest(name=name):
                self.client.logout()
                self.login(user)
                url = reverse("intake:reply_templates")
                self.assert_not_found(self.client.get(url))
                self.assert_not_found(self.client.post(url, {"title": "X", "language": "en", "body": "Y"}))
                self.assert_not_found(
                    self.client.post(reverse("intake:delete_reply_template", args=[template.pk]))
                )
        self.assertEqual(list(ReplyTemplate.objects.values_list("title", flat=True)), ["T"])

    def now(self):  # type: ignore[no-untyped-def]
        from django.utils import timezone

        return timezone.now()


class CaseFlowTests(InEnglish, KetenTestCase):
    def test_a_centre_with_inbox_access_turns_a_report_into_a_case_and_the_hotline_refers(self) -> None:
        report = new_report()
        self.login(self.operator)
        page = self.client.get(reverse("intake:detail", args=[report.pk]))
        self.assertNotContains(page, "Turn into a case")
        self.assertContains(page, "data-case-by-centre")
        self.client.logout()
        from django.utils import timezone

        InboxAccess.objects.create(organisation=self.centre_a, level="read", granted_at=timezone.now())
        self.login(self.worker_a)
        page = self.client.get(reverse("intake:detail", args=[report.pk]))
        self.assertContains(page, f"/en/cases/new/?report={report.pk}")
        self.assertNotContains(page, "data-case-by-centre")

    def test_a_centre_without_inbox_access_never_sees_the_report(self) -> None:
        report = new_report()
        self.login(self.worker_a)
        self.assert_not_found(self.client.get(reverse("intake:detail", args=[report.pk])))
        self.assertFalse(Membership.objects.filter(user=self.worker_a, role=Role.HOTLINE_OPERATOR).exists())


class ScreeningLinkTests(InEnglish, KetenTestCase):
    def test_a_screening_started_from_a_report_links_back_to_it(self) -> None:
        from tests.screening.test_saving import ANSWERS

        report = new_report()
        self.login(self.operator)
        start = self.client.get(reverse("screening:start") + f"?report={report.pk}")
        self.assertContains(start, f'name="from_report" value="{report.number}"')
        self.client.post(reverse("screening:save"), {**ANSWERS, "from_report": report.number})
        from keten.screening.models import Screening

        screening = Screening.objects.get()
        self.assertEqual(screening.report_id, report.pk)
        page = self.client.get(reverse("intake:detail", args=[report.pk]))
        self.assertContains(page, reverse("screening:detail", args=[screening.pk]))
        detail = self.client.get(reverse("screening:detail", args=[screening.pk]))
        self.assertContains(detail, reverse("intake:detail", args=[report.pk]))

    def test_someone_who_cannot_read_the_report_cannot_tie_a_screening_to_it(self) -> None:
        from keten.screening.models import Screening
        from tests.screening.test_saving import ANSWERS

        report = new_report()
        self.login(self.worker_a)
        self.client.post(reverse("screening:save"), {**ANSWERS, "from_report": str(report.pk)})
        self.assertIsNone(Screening.objects.get().report_id)
