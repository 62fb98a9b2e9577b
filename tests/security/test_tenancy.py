"""The attacks of issue 13, tried by an organisation administrator (each succeeded on the old main).

The new names are imported inside the tests that need them, so that this file also runs against
the code before the change and shows each attack working there.

An organisation administrator manages their own organisation's people, nothing more; the
installation's administrators hold the installation-wide powers (keten.accounts.policy).
"""

from __future__ import annotations

from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_otp import devices_for_user

from keten.accounts.devices import EncryptedTOTPDevice as TOTPDevice
from keten.accounts.models import Membership, Organisation, User
from keten.accounts.roles import OrganisationKind, Role
from keten.audit.log import log_action
from keten.audit.models import AuditEvent
from keten.intake.models import AccessLevel, InboxAccess
from tests.base import PASSWORD, InEnglish, KetenTestCase, make_organisation, make_person
from tests.cases.helpers import make_case
from tests.referrals.helpers import make_report

REASON = "Phone lost, confirmed by a call to the known number"


class TenancyTestCase(InEnglish, KetenTestCase):
    """Adds an unrelated organisation (kind "other") with its administrator, and the hotline's."""

    other: Organisation
    other_admin: User
    hotline_admin: User

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.other = make_organisation("Friendly association", OrganisationKind.OTHER, "friendly")
        cls.other_admin = make_person("admin@friendly.example", cls.other, Role.ORGANISATION_ADMINISTRATOR)
        cls.hotline_admin = make_person("admin@hotline.example", cls.hotline, Role.ORGANISATION_ADMINISTRATOR)

    def devices(self, user: User) -> list[object]:
        return list(devices_for_user(user, confirmed=None))


class InboxGrantAttackTests(TenancyTestCase):
    def test_it_refuses_an_organisation_administrator_granting_itself_the_inbox(self) -> None:
        self.login(self.other_admin)
        self.assert_not_found(self.client.get(reverse("intake:access")))
        response = self.client.post(
            reverse("intake:grant_access"), {"organisation": self.other.pk, "level": AccessLevel.WORK}
        )
        self.assert_not_found(response)
        self.assertFalse(InboxAccess.objects.exists())
        self.assert_not_found(self.client.get(reverse("intake:inbox")))

    def test_it_gives_nothing_through_a_grant_to_an_organisation_that_is_no_chain_partner(self) -> None:
        # A grant made before this rule (the old main let any administrator make one) opens nothing.
        InboxAccess.objects.create(organisation=self.other, level=AccessLevel.WORK, granted_at=timezone.now())
        report = make_report()
        self.login(self.other_admin)
        self.assert_not_found(self.client.get(reverse("intake:inbox")))
        self.assert_not_found(self.client.get(reverse("intake:detail", args=[report.pk])))

    def test_it_lets_an_installation_administrator_grant_only_chain_partners(self) -> None:
        self.login(self.admin)
        refused = self.client.post(
            reverse("intake:grant_access"), {"organisation": self.other.pk, "level": AccessLevel.READ}
        )
        self.assertEqual(refused.status_code, 400)
        self.assertFalse(InboxAccess.objects.exists())
        response = self.client.post(
            reverse("intake:grant_access"), {"organisation": self.police.pk, "level": AccessLevel.READ}
        )
        self.assertRedirects(response, reverse("intake:access"))
        self.assertTrue(InboxAccess.objects.filter(organisation=self.police).exists())
        event = AuditEvent.objects.get(action="inbox.access_granted")
        self.assertEqual((event.actor_id, event.organisation_id), (self.admin.pk, self.police.pk))

    def test_it_lists_grants_for_the_hotline_administrator_who_may_withdraw_but_not_grant(self) -> None:
        InboxAccess.objects.create(
            organisation=self.police, level=AccessLevel.READ, granted_by=self.admin, granted_at=timezone.now()
        )
        self.login(self.hotline_admin)
        page = self.client.get(reverse("intake:access"))
        self.assertContains(page, "Police zone Brussels")
        self.assertNotContains(page, reverse("intake:grant_access"))
        self.assert_not_found(
            self.client.post(
                reverse("intake:grant_access"),
                {"organisation": self.inspection.pk, "level": AccessLevel.WORK},
            )
        )
        self.client.post(reverse("intake:revoke_access", args=[self.police.pk]))
        self.assertFalse(InboxAccess.objects.exists())
        self.assertTrue(
            AuditEvent.objects.filter(action="inbox.access_revoked", actor=self.hotline_admin).exists()
        )


class InviteAndResetAttackTests(TenancyTestCase):
    def test_it_turns_an_invitation_of_an_existing_account_into_a_question_to_its_owner(self) -> None:
        before = [device.persistent_id for device in self.devices(self.worker_a)]
        self.login(self.other_admin)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                reverse("accounts:invite"),
                {
                    "email": self.worker_a.email,
                    "full_name": "Anyone",
                    "organisation": self.other.pk,
                    "role": Role.ORGANISATION_ADMINISTRATOR,
                    "language": "en",
                },
            )
        self.assertRedirects(response, reverse("accounts:people"))
        self.worker_a.refresh_from_db()
        self.assertTrue(self.worker_a.check_password(PASSWORD))
        self.assertEqual([device.persistent_id for device in self.devices(self.worker_a)], before)
        self.assertFalse(Membership.objects.filter(user=self.worker_a, organisation=self.other).exists())
        self.assertEqual(len(mail.outbox), 1)
        self.assertNotIn("/password/set/", mail.outbox[0].body)
        # Not yet a member: the other organisation's administrator cannot even list the person.
        people = self.client.get(reverse("accounts:people"))
        self.assertNotContains(people, self.worker_a.email)

        # Its owner accepts while logged in; only then does the membership start.
        self.client.logout()
        self.login(self.worker_a)
        from keten.accounts.models import Invitation

        invitation = Invitation.objects.get(user=self.worker_a)
        self.assertContains(self.client.get(reverse("accounts:invitations")), "Friendly association")
        self.client.post(reverse("accounts:answer_invitation", args=[invitation.pk]), {"answer": "accept"})
        self.assertTrue(
            Membership.objects.filter(user=self.worker_a, organisation=self.other, is_active=True).exists()
        )
        self.assertTrue(AuditEvent.objects.filter(action="account.invitation_accepted").exists())

    def test_it_lets_nobody_answer_someone_elses_invitation(self) -> None:
        from keten.accounts.models import Invitation

        invitation = Invitation.objects.create(
            user=self.worker_a, organisation=self.other, role=Role.ORGANISATION_ADMINISTRATOR
        )
        self.login(self.worker_b)
        self.assert_not_found(
            self.client.post(
                reverse("accounts:answer_invitation", args=[invitation.pk]), {"answer": "accept"}
            )
        )
        self.assertFalse(Membership.objects.filter(user=self.worker_a, organisation=self.other).exists())

    def test_it_refuses_an_organisation_administrator_resetting_a_second_factor(self) -> None:
        # Even for a member of their own organisation: only installation administrators reset.
        Membership.objects.create(
            user=self.worker_a, organisation=self.other, role=Role.ORGANISATION_ADMINISTRATOR
        )
        self.login(self.other_admin)
        url = reverse("accounts:reset_second_factor", args=[self.worker_a.pk])
        self.assert_not_found(self.client.get(url))
        self.assert_not_found(self.client.post(url, {"reason": REASON}))
        self.assertTrue(TOTPDevice.objects.filter(user=self.worker_a).exists())
        self.assertFalse(AuditEvent.objects.filter(action__startswith="account.two_factor_reset").exists())

    def test_it_resets_with_a_written_reason_audited_and_e_mailed(self) -> None:
        self.login(self.admin)
        url = reverse("accounts:reset_second_factor", args=[self.worker_a.pk])
        self.assertEqual(self.client.post(url, {"reason": "  "}).status_code, 400)
        self.assertTrue(TOTPDevice.objects.filter(user=self.worker_a).exists())
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url, {"reason": REASON})
        self.assertRedirects(response, reverse("accounts:people"))
        self.assertEqual(self.devices(self.worker_a), [])
        event = AuditEvent.objects.get(action="account.two_factor_reset")
        self.assertEqual(
            (event.actor_id, event.object_id, event.reason), (self.admin.pk, str(self.worker_a.pk), REASON)
        )
        self.assertEqual([message.to for message in mail.outbox], [[self.worker_a.email]])
        # In the person's own language (Dutch here), with the way back in.
        self.assertIn("opnieuw ingesteld", mail.outbox[0].body)
        self.assertIn("/nl/accounts/login/", mail.outbox[0].body)

    def test_it_needs_two_installation_administrators_to_reset_a_third_ones(self) -> None:
        second = make_person("second@keten.example", self.administration, Role.ORGANISATION_ADMINISTRATOR)
        target = make_person("third@keten.example", self.administration, Role.ORGANISATION_ADMINISTRATOR)
        for person in (second, target):
            person.is_superuser = True
            person.save()
        url = reverse("accounts:reset_second_factor", args=[target.pk])
        self.login(self.admin)
        self.client.post(url, {"reason": REASON})
        self.client.post(url, {"reason": REASON})  # asking twice is still one person
        self.assertTrue(TOTPDevice.objects.filter(user=target).exists())
        self.assertTrue(AuditEvent.objects.filter(action="account.two_factor_reset_requested").exists())
        self.client.logout()
        self.login(second)
        self.client.post(url, {"reason": REASON})
        self.assertFalse(TOTPDevice.objects.filter(user=target).exists())
        event = AuditEvent.objects.get(action="account.two_factor_reset")
        self.assertEqual((event.actor_id, event.data), (second.pk, {"requested_by": self.admin.pk}))

    def test_it_refuses_an_installation_administrator_resetting_their_own(self) -> None:
        self.login(self.admin)
        response = self.client.post(
            reverse("accounts:reset_second_factor", args=[self.admin.pk]), {"reason": REASON}
        )
        self.assertEqual(response.status_code, 400)
        self.assertTrue(TOTPDevice.objects.filter(user=self.admin).exists())

    def test_it_resets_any_account_from_the_command_line(self) -> None:
        call_command("reset_second_factor", self.admin.email, reason=REASON, stdout=StringIO())
        self.assertEqual(self.devices(self.admin), [])
        self.assertTrue(
            AuditEvent.objects.filter(
                action="account.two_factor_reset", actor_label="keten reset_second_factor"
            )
        )

    def test_it_lets_an_installation_administrator_appoint_only_an_organisations_administrators(self) -> None:
        self.login(self.admin)
        data = {
            "email": "new@pag-asa.example",
            "full_name": "New",
            "organisation": self.centre_a.pk,
            "language": "en",
        }
        refused = self.client.post(reverse("accounts:invite"), {**data, "role": Role.SOCIAL_WORKER})
        self.assertContains(refused, "appoint only the administrators", status_code=400)
        self.client.post(reverse("accounts:invite"), {**data, "role": Role.ORGANISATION_ADMINISTRATOR})
        self.assertTrue(
            Membership.objects.filter(
                user__email="new@pag-asa.example",
                organisation=self.centre_a,
                role=Role.ORGANISATION_ADMINISTRATOR,
            ).exists()
        )


class InstallationWideReadsTests(TenancyTestCase):
    def test_it_shows_an_organisation_administrator_only_its_own_audit_entries(self) -> None:
        log_action(
            "case.viewed",
            actor=self.worker_a,
            organisation=self.centre_a,
            object_type="cases.case",
            object_id=7,
        )
        log_action("account.logged_in", actor=self.other_admin, organisation=self.other, obj=self.other_admin)
        self.login(self.other_admin)
        page = self.client.get(reverse("audit:list"))
        self.assertContains(page, "account.logged_in")
        self.assertNotContains(page, "case.viewed")
        self.assertNotContains(page, self.worker_a.email)

    def test_it_shows_the_whole_trail_to_an_installation_administrator(self) -> None:
        log_action(
            "case.viewed",
            actor=self.worker_a,
            organisation=self.centre_a,
            object_type="cases.case",
            object_id=7,
        )
        self.login(self.admin)
        self.assertContains(self.client.get(reverse("audit:list")), "case.viewed")

    def test_it_keeps_national_figures_and_exports_from_organisation_administrators(self) -> None:
        make_case(self.centre_a, actor=self.worker_a, workers=[self.worker_a])
        for admin in (self.other_admin, self.hotline_admin):
            self.login(admin)
            for name in (
                "statistics:index",
                "statistics:exchange",
                "statistics:ctdc_export",
                "statistics:htcds_export",
                "statistics:import",
            ):
                with self.subTest(admin=admin.email, page=name):
                    self.assert_not_found(self.client.get(reverse(name)))

    def test_it_shows_a_centres_administrator_its_own_figures_only(self) -> None:
        centre_admin = make_person("admin@pag-asa.example", self.centre_a, Role.ORGANISATION_ADMINISTRATOR)
        make_case(self.centre_b, actor=self.worker_b, workers=[self.worker_b], family_name="Elsewhere")
        self.login(centre_admin)
        self.assertContains(self.client.get(reverse("statistics:index")), "PAG-ASA")
        self.assert_not_found(self.client.get(reverse("statistics:import")))
        export = b"".join(self.client.get(reverse("statistics:htcds_export")).streaming_content)  # type: ignore[attr-defined]
        self.assertEqual(export.strip(), b"[\n]")

    def test_it_lets_the_rapporteur_and_installation_administrators_see_national_figures(self) -> None:
        rapporteur_org = make_organisation("Myria", OrganisationKind.RAPPORTEUR, "myria")
        rapporteur = make_person("rapporteur@myria.example", rapporteur_org, Role.RAPPORTEUR)
        for user in (rapporteur, self.admin):
            self.login(user)
            self.assertEqual(self.client.get(reverse("statistics:exchange")).status_code, 200)

    def test_it_keeps_organisation_administrators_out_of_the_technical_admin(self) -> None:
        self.other_admin.is_staff = True
        self.other_admin.save()
        self.login(self.other_admin)
        response = self.client.get("/en/admin/accounts/organisation/")
        self.assertNotEqual(response.status_code, 200)
        self.login(self.admin)
        self.assertEqual(self.client.get("/en/admin/accounts/organisation/").status_code, 200)

    def test_it_names_the_two_kinds_of_administrator_in_the_interface(self) -> None:
        self.login(self.admin)
        self.assertContains(
            self.client.get(reverse("accounts:home")), "You are an installation administrator"
        )
        self.login(self.other_admin)
        page = self.client.get(reverse("accounts:people"))
        self.assertContains(page, "Organisation administrator")
        self.assertNotContains(page, "Installation administrators")


class InstallationAdminCommandTests(TenancyTestCase):
    def test_it_grants_and_revokes_from_the_command_line_only_and_audits_it(self) -> None:
        from keten.accounts import policy

        call_command("installation_admin", "grant", self.other_admin.email, stdout=StringIO())
        self.other_admin.refresh_from_db()
        self.assertTrue(policy.is_installation_administrator(self.other_admin))
        call_command("installation_admin", "revoke", self.other_admin.email, stdout=StringIO())
        self.other_admin.refresh_from_db()
        self.assertFalse(policy.is_installation_administrator(self.other_admin))
        self.assertEqual(
            AuditEvent.objects.filter(action__startswith="account.installation_administrator_").count(), 2
        )

    def test_it_keeps_the_last_installation_administrator(self) -> None:
        from django.core.management.base import CommandError

        with self.assertRaises(CommandError):
            call_command("installation_admin", "revoke", self.admin.email, stdout=StringIO())
