from __future__ import annotations

from datetime import date, timedelta
from unittest import mock

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from keten.accounts.models import Membership
from keten.cases import services
from keten.cases.models import Case
from keten.core.procedure import Event
from tests.cases.helpers import CaseTestCase, make_case


def en(name: str, **kwargs: object) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=kwargs or None)


class DeadlineDatesTest(CaseTestCase):
    def test_it_ends_a_three_month_document_on_the_last_day_of_february_in_a_leap_year(self) -> None:
        case = make_case(
            self.centre_a, actor=self.worker_a, workers=[self.worker_a], referred_on=date(2023, 11, 1)
        )
        for kind in ("statements", "guidance_agreement", "no_contact_undertaking"):
            services.record_evidence(actor=self.worker_a, case=case, kind=kind, recorded_on=date(2023, 11, 2))
        self.login(self.worker_a)
        self.move("skip_reflection", date(2023, 11, 30), case=case)
        case.refresh_from_db()
        self.assertEqual(case.document_ends_on, date(2024, 2, 29))
        page = self.client.get(self.url("detail", case))
        self.assertContains(page, "29 February 2024")

    def test_it_ends_on_february_28_outside_leap_years(self) -> None:
        case = make_case(
            self.centre_a, actor=self.worker_a, workers=[self.worker_a], referred_on=date(2025, 11, 1)
        )
        for kind in ("statements", "guidance_agreement", "no_contact_undertaking"):
            services.record_evidence(actor=self.worker_a, case=case, kind=kind, recorded_on=date(2025, 11, 2))
        self.login(self.worker_a)
        self.move("skip_reflection", date(2025, 11, 30), case=case)
        self.move("extend_first_residence", date(2026, 2, 1), case=case)
        case.refresh_from_db()
        # Valid until 28 February 2026; the extension runs from the next day, 1 March, and
        # covers the 3 months after the expiry date: until 28 May 2026.
        self.assertEqual(
            (case.document_starts_on, case.document_ends_on), (date(2026, 3, 1), date(2026, 5, 28))
        )
        response = self.move("extend_first_residence", date(2026, 5, 1), case=case)
        self.assertContains(response, "maximum number of times", status_code=400)

    def test_it_ends_the_reflection_period_45_days_later_across_a_month_end(self) -> None:
        self.login(self.worker_a)
        self.move("start_reflection", date(2026, 1, 31))
        case = Case.objects.get(pk=self.case.pk)
        # 45 days counting both ends (REFERENCE.md §3: "a document covering 45 days").
        self.assertEqual((case.document_ends_on, case.act_by), (date(2026, 3, 16), date(2026, 3, 1)))


class DeadlineViewsTest(CaseTestCase):
    def setUp(self) -> None:
        today = timezone.localdate()
        Case.objects.filter(pk=self.case.pk).update(procedure_since=today - timedelta(days=40))
        services.move_procedure(
            actor=self.worker_a,
            case_id=self.case.pk,
            event=Event.START_REFLECTION,
            on=today - timedelta(days=40),
        )
        self.overdue = make_case(
            self.centre_a,
            actor=self.worker_a,
            workers=[self.worker_a],
            referred_on=today - timedelta(days=60),
        )
        services.move_procedure(
            actor=self.worker_a,
            case_id=self.overdue.pk,
            event=Event.START_REFLECTION,
            on=today - timedelta(days=50),
        )
        self.other = make_case(self.centre_a, actor=self.manager_a, referred_on=today - timedelta(days=60))
        services.move_procedure(
            actor=self.manager_a,
            case_id=self.other.pk,
            event=Event.START_REFLECTION,
            on=today - timedelta(days=35),
        )

    def test_it_lists_my_deadlines_with_the_overdue_highlighted(self) -> None:
        self.login(self.worker_a)
        response = self.client.get(en("cases:deadlines"))
        self.assertContains(response, f"#{self.case.pk}")
        self.assertContains(response, f"#{self.overdue.pk}")
        self.assertNotContains(response, f">#{self.other.pk}<")
        self.assertContains(response, 'class="overdue"')
        self.assertContains(response, "Overdue")

    def test_it_shows_the_centre_deadlines_to_the_manager_only(self) -> None:
        self.login(self.manager_a)
        response = self.client.get(en("cases:deadlines") + "?scope=centre")
        self.assertContains(response, f">#{self.other.pk}<")
        self.client.logout()
        self.login(self.worker_a)
        response = self.client.get(en("cases:deadlines") + "?scope=centre")
        self.assertNotContains(response, f">#{self.other.pk}<")

    def test_it_pages_the_centre_deadlines_in_the_order_they_fall_due(self) -> None:
        self.login(self.manager_a)
        url = en("cases:deadlines") + "?scope=centre"
        with mock.patch("keten.cases.views.PAGE_SIZE", 2):
            first = self.client.get(url)
            second = self.client.get(url + "&page=2")
        # The overdue file falls due first, then the other two (act-by dates 40 and 35 days back).
        self.assertContains(first, f">#{self.overdue.pk}<")
        self.assertContains(first, f">#{self.case.pk}<")
        self.assertNotContains(first, f">#{self.other.pk}<")
        self.assertContains(first, "?scope=centre&amp;page=2")
        self.assertNotContains(first, "Previous page")
        self.assertContains(second, f">#{self.other.pk}<")
        self.assertNotContains(second, f">#{self.case.pk}<")
        self.assertContains(second, "Previous page")
        self.assertNotContains(second, "Next page")

    def test_it_shows_the_next_deadline_on_the_dashboard(self) -> None:
        self.login(self.worker_a)
        response = self.client.get(en("accounts:home"))
        self.assertContains(response, "My deadlines")
        self.assertContains(response, f"Case #{self.case.pk}")

    def test_it_sends_reminders_without_names_once_a_day(self) -> None:
        call_command("send_deadline_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
        self.assertEqual(len(mail.outbox), 1)  # only worker_a is assigned
        recipients = sorted(m.to[0] for m in mail.outbox)
        self.assertIn(self.worker_a.email, recipients)
        for message in mail.outbox:
            self.assertNotIn("Testperson", message.body)
            self.assertNotIn("Amina", message.body)
            self.assertNotIn(f"#{self.case.pk}", message.body)
        call_command("send_deadline_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
        self.assertEqual(len(mail.outbox), 1)

    def test_it_gives_a_calendar_feed_without_names_and_revokes_it(self) -> None:
        self.login(self.worker_a)
        response = self.client.post(en("cases:calendar"), {"action": "create"})
        url = response.context["feed_url"]
        self.client.logout()
        feed = self.client.get(url)
        self.assertEqual(feed["Content-Type"], "text/calendar; charset=utf-8")
        body = feed.content.decode()
        self.assertIn("BEGIN:VEVENT", body)
        self.assertIn(f"Case #{self.case.pk}", body)
        self.assertNotIn("Testperson", body)
        self.assertNotIn("Amina", body)
        self.login(self.worker_a)
        self.client.post(en("cases:calendar"), {"action": "revoke"})
        self.client.logout()
        self.assert_not_found(self.client.get(url))


class EndedMembershipTest(CaseTestCase):
    """Deadlines, dashboard, calendar feed and reminders stop the moment a membership ends
    (issue 13): worker A moves to centre B but stays assigned to a file of centre A."""

    def setUp(self) -> None:
        today = timezone.localdate()
        Case.objects.filter(pk=self.case.pk).update(procedure_since=today - timedelta(days=40))
        services.move_procedure(
            actor=self.worker_a,
            case_id=self.case.pk,
            event=Event.START_REFLECTION,
            on=today - timedelta(days=40),
        )
        self.login(self.worker_a)
        response = self.client.post(en("cases:calendar"), {"action": "create"})
        self.feed_url = response.context["feed_url"]
        self.assertIn(f"Case #{self.case.pk}", self.client.get(self.feed_url).content.decode())
        Membership.objects.filter(user=self.worker_a, organisation=self.centre_a).update(is_active=False)
        Membership.objects.create(user=self.worker_a, organisation=self.centre_b, role="social_worker")

    def test_it_drops_the_old_centres_files_from_the_deadlines_and_the_dashboard(self) -> None:
        self.assertNotContains(self.client.get(en("cases:deadlines")), f"#{self.case.pk}")
        self.assertNotContains(self.client.get(en("accounts:home")), f"Case #{self.case.pk}")

    def test_it_empties_the_calendar_feed(self) -> None:
        self.client.logout()
        self.assertNotIn(f"Case #{self.case.pk}", self.client.get(self.feed_url).content.decode())

    def test_it_sends_no_more_reminders(self) -> None:
        call_command("send_deadline_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
        self.assertEqual(mail.outbox, [])
