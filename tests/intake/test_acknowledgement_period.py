"""The hotline sets how many days it gives itself to answer a new reporter (issue #6).

Who may change it, how a wrong number is refused, what the audit trail keeps, and how the period
reaches the due dates, the inbox, "My work" and the reporter's pages.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from unittest import mock

from django.test import Client, override_settings
from django.utils.formats import date_format

from keten.accounts.models import Membership, User
from keten.accounts.roles import Role
from keten.audit.models import AuditEvent
from keten.intake.models import InboxAccess, InboxSettings, Report
from keten.intake.services import IntakeError, set_acknowledge_days, today
from keten.intake.views.public import reset_code_limiter
from tests.base import KetenTestCase, make_person
from tests.intake.helpers import submit

SETTINGS_URL = "/en/report/inbox/settings/"
RANGE_ERROR = "Choose a whole number of days from 1 to 60."


class PeriodTestCase(KetenTestCase):
    def change(self, days: Any, user: User | None = None, language: str = "en") -> Any:
        client = Client()
        self.login(user or self.operator, client)
        return client.post(f"/{language}/report/inbox/settings/", {"acknowledge_days": days})

    def chosen(self) -> int | None:
        row = InboxSettings.objects.first()
        return row.acknowledge_days if row is not None else None


class WhoMayChangeThePeriodTests(PeriodTestCase):
    hotline_admin: User

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.hotline_admin = make_person("admin@hotline.example", cls.hotline, Role.ORGANISATION_ADMINISTRATOR)

    def test_it_lets_the_hotline_operator_see_and_change_the_period(self) -> None:
        self.login(self.operator)
        page = self.client.get(SETTINGS_URL)
        self.assertContains(page, 'name="acknowledge_days"')
        self.assertContains(page, 'value="7"')
        self.assertContains(page, "a first message within 7 days.")
        response = self.client.post(SETTINGS_URL, {"acknowledge_days": "14"}, follow=True)
        self.assertRedirects(response, SETTINGS_URL)
        self.assertContains(response, "New reports must now be acknowledged within 14 days.")
        self.assertContains(response, 'value="14"')
        self.assertEqual(self.chosen(), 14)

    def test_it_lets_an_administrator_acting_for_the_hotline_change_the_period(self) -> None:
        response = self.change("10", self.hotline_admin)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.chosen(), 10)
        self.login(self.hotline_admin)
        home = self.client.get("/en/accounts/work/")
        self.assertContains(home, SETTINGS_URL)
        # The administrator still reads no report.
        self.assert_not_found(self.client.get("/en/report/inbox/"))

    def test_it_refuses_every_other_role_with_404_and_changes_nothing(self) -> None:
        # Granted organisations use the inbox but follow the hotline's period.
        InboxAccess.objects.create(organisation=self.police, level="work", granted_at="2025-01-01T00:00Z")
        InboxAccess.objects.create(
            organisation=self.prosecution, level="read", granted_at="2025-01-01T00:00Z"
        )
        for name in (
            "worker_a",
            "worker_b",
            "manager_a",
            "police_officer",
            "magistrate",
            "inspector",
            "immigration_officer",
            "admin",
            "outsider",
        ):
            user = self.named_users()[name]
            client = self.login(user, Client())
            with self.subTest(user=name):
                self.assert_not_found(client.get(SETTINGS_URL))
                self.assert_not_found(client.post(SETTINGS_URL, {"acknowledge_days": "3"}))
        self.assertIsNone(self.chosen())
        self.assertFalse(AuditEvent.objects.filter(action="inbox.settings_changed").exists())

    def test_it_hides_the_link_from_organisations_granted_the_inbox(self) -> None:
        InboxAccess.objects.create(organisation=self.police, level="work", granted_at="2025-01-01T00:00Z")
        self.login(self.police_officer)
        inbox = self.client.get("/en/report/inbox/")
        self.assertContains(inbox, "New reports must be acknowledged within 7 days.")
        self.assertNotContains(inbox, SETTINGS_URL)
        self.assertNotContains(self.client.get("/en/accounts/work/"), SETTINGS_URL)

    def test_it_shows_the_operator_the_link_in_the_inbox_and_on_my_work(self) -> None:
        self.login(self.operator)
        self.assertContains(self.client.get("/en/report/inbox/"), SETTINGS_URL)
        self.assertContains(self.client.get("/en/accounts/work/"), SETTINGS_URL)

    def test_it_refuses_an_operator_acting_for_another_organisation(self) -> None:
        Membership.objects.create(user=self.operator, organisation=self.centre_a, role=Role.SOCIAL_WORKER)
        self.login(self.operator)
        session = self.client.session
        session["keten_membership"] = Membership.objects.get(
            user=self.operator, organisation=self.centre_a
        ).pk
        session.save()
        self.assert_not_found(self.client.post(SETTINGS_URL, {"acknowledge_days": "3"}))
        self.assertIsNone(self.chosen())

    def test_it_refuses_an_operator_of_a_deactivated_hotline(self) -> None:
        self.hotline.is_active = False
        self.hotline.save(update_fields=["is_active"])
        self.assert_not_found(self.change("3"))
        self.assertIsNone(self.chosen())

    def test_it_sends_anonymous_visitors_and_half_logged_in_operators_to_the_login_page(self) -> None:
        for client in (Client(), self.login_password_only(self.operator, Client())):
            for response in (client.get(SETTINGS_URL), client.post(SETTINGS_URL, {"acknowledge_days": "3"})):
                self.assertEqual(response.status_code, 302)
                self.assertIn("/accounts/login/", response["Location"])
        self.assertIsNone(self.chosen())

    def test_it_refuses_the_change_in_the_service_too(self) -> None:
        InboxAccess.objects.create(organisation=self.police, level="work", granted_at="2025-01-01T00:00Z")
        membership = self.police_officer.active_memberships().get()
        with self.assertRaises(IntakeError):
            set_acknowledge_days(days=3, membership=membership)
        self.assertIsNone(self.chosen())


class ValidationAndAuditTests(PeriodTestCase):
    def test_it_refuses_anything_but_a_whole_number_from_1_to_60(self) -> None:
        for days in ("0", "61", "-3", "7.5", "", "seven", "1e3"):
            with self.subTest(days=days):
                response = self.change(days)
                self.assertContains(response, RANGE_ERROR, status_code=400)
        self.assertIsNone(self.chosen())
        self.assertFalse(AuditEvent.objects.filter(action="inbox.settings_changed").exists())

    def test_it_keeps_the_period_in_force_after_a_refused_change(self) -> None:
        self.change("14")
        self.assertContains(self.change("90"), RANGE_ERROR, status_code=400)
        self.assertEqual(self.chosen(), 14)

    def test_it_accepts_both_ends_of_the_range(self) -> None:
        response = self.change("1")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.chosen(), 1)
        self.change("60")
        self.assertEqual(self.chosen(), 60)

    def test_it_explains_the_error_in_dutch_and_french(self) -> None:
        self.assertContains(
            self.change("0", language="nl"), "Kies een geheel aantal dagen van 1 tot 60.", status_code=400
        )
        self.assertContains(
            self.change("0", language="fr"),
            "Choisissez un nombre entier de jours de 1 à 60.",
            status_code=400,
        )

    def test_it_audits_a_change_with_the_numbers_only(self) -> None:
        self.change("14")
        self.change("3")
        events = list(AuditEvent.objects.filter(action="inbox.settings_changed").order_by("sequence"))
        self.assertEqual([event.data for event in events], [{"from": 7, "to": 14}, {"from": 14, "to": 3}])
        self.assertEqual(
            {(event.actor_id, event.organisation_id) for event in events},
            {(self.operator.pk, self.hotline.pk)},
        )
        self.assertEqual(events[0].object_type, "intake.inboxsettings")

    def test_it_changes_and_records_nothing_when_the_period_stays_the_same(self) -> None:
        self.login(self.operator)
        response = self.client.post(SETTINGS_URL, {"acknowledge_days": "7"}, follow=True)
        self.assertContains(response, "Nothing changed: the period was already 7 days.")
        self.assertIsNone(self.chosen())
        self.assertFalse(AuditEvent.objects.filter(action="inbox.settings_changed").exists())


class PeriodInUseTests(PeriodTestCase):
    def setUp(self) -> None:
        reset_code_limiter()

    def report(self) -> Report:
        return Report.objects.order_by("-pk").first()  # type: ignore[return-value]

    def test_it_gives_new_reports_7_days_by_default(self) -> None:
        response, _code = submit(self.client)
        self.assertEqual(self.report().acknowledge_by, self.report().received_on + timedelta(days=7))
        self.assertContains(response, "Look again within 7 days: we will answer you there.")
        self.login(self.operator)
        self.assertContains(
            self.client.get("/en/report/inbox/"), "New reports must be acknowledged within 7 days."
        )
        self.assertContains(
            self.client.get("/en/accounts/work/"), "New reports must be acknowledged within 7 days."
        )

    @override_settings(INTAKE_ACKNOWLEDGE_DAYS=10)
    def test_it_falls_back_to_the_configured_default_until_the_hotline_chooses(self) -> None:
        self.login(self.operator)
        self.assertContains(self.client.get(SETTINGS_URL), 'value="10"')
        self.change("5")
        submit(Client())
        self.assertEqual(self.report().acknowledge_by, self.report().received_on + timedelta(days=5))

    def test_it_gives_new_reports_the_period_the_hotline_set(self) -> None:
        self.change("3")
        response, _code = submit(Client())
        report = self.report()
        self.assertEqual(report.acknowledge_by, report.received_on + timedelta(days=3))
        self.assertContains(response, "Look again within 3 days: we will answer you there.")
        self.login(self.operator)
        self.assertContains(
            self.client.get("/en/report/inbox/"), date_format(report.acknowledge_by, "SHORT_DATE_FORMAT")
        )
        self.assertContains(
            self.client.get("/en/accounts/work/"), "New reports must be acknowledged within 3 days."
        )
        call = self.client.post(
            "/en/report/inbox/call/",
            {"what": "Caller saw workers locked in.", "channel": "phone", "give_receipt": "on"},
        )
        self.assertContains(call, "the hotline answers within 3 days")
        self.assertEqual(self.report().acknowledge_by, self.report().received_on + timedelta(days=3))

    def test_it_says_one_day_in_the_singular(self) -> None:
        self.change("1")
        response, _code = submit(Client())
        self.assertContains(response, "Look again within 1 day: we will answer you there.")

    def test_it_keeps_the_due_date_reporters_were_given_before_a_change(self) -> None:
        _response, code = submit(Client())
        before = self.report()
        self.change("3")
        self.assertEqual(
            Report.objects.get(pk=before.pk).acknowledge_by, before.received_on + timedelta(days=7)
        )
        reporter = Client()
        reporter.post("/en/report/follow-up/", {"code": code}, REMOTE_ADDR="192.0.2.20")
        thread = reporter.get("/en/report/follow-up/conversation/")
        self.assertContains(thread, "The hotline answers within 7 days of your report")

    def test_it_counts_a_first_answer_overdue_after_the_period_set(self) -> None:
        self.change("2")
        submit(Client())
        due = self.report().acknowledge_by
        self.login(self.operator)
        with mock.patch("keten.intake.services.today", return_value=today() + timedelta(days=3)):
            home = self.client.get("/en/accounts/work/")
            inbox = self.client.get("/en/report/inbox/")
        self.assertContains(home, "1 first answer overdue")
        self.assertContains(inbox, "(overdue)")
        with mock.patch("keten.intake.services.today", return_value=today() + timedelta(days=1)):
            home = self.client.get("/en/accounts/work/")
        self.assertContains(home, "0 first answers overdue")
        self.assertContains(home, "1 first answer due within two days")
        self.assertContains(home, f"Next first answer due by {due.day} {due.strftime('%B %Y')}")

    def test_it_does_not_count_as_overdue_within_the_default_period(self) -> None:
        submit(Client())
        self.login(self.operator)
        with mock.patch("keten.intake.services.today", return_value=today() + timedelta(days=3)):
            home = self.client.get("/en/accounts/work/")
        self.assertContains(home, "0 first answers overdue")
