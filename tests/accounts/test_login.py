from __future__ import annotations

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from keten.accounts.devices import EncryptedTOTPDevice as TOTPDevice
from keten.accounts.devices import RecoveryCodeDevice as StaticDevice
from keten.audit.models import AuditEvent
from tests.base import PASSWORD, InEnglish, KetenTestCase, current_totp, make_person


class LoginTests(InEnglish, KetenTestCase):
    def password_step(self, email: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
        return self.client.post(reverse("accounts:login"), {"email": email, "password": password})

    def test_it_asks_for_the_code_after_a_right_password(self) -> None:
        response = self.password_step(self.worker_a.email)
        self.assertRedirects(response, reverse("accounts:two_factor"))
        # The password alone does not log anybody in.
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_activity_keeps_the_session_without_a_write_on_every_page(self) -> None:
        self.login(self.worker_a)
        self.client.get(reverse("accounts:home"))
        session = self.client.session
        session["keten_last_seen"] -= 50  # active 50 s ago: within the idle limit
        session.save()
        self.assertEqual(self.client.get(reverse("accounts:home")).status_code, 200)
        # Seen again 50 s later: the session now holds the later time, so 50 s more are fine.
        session = self.client.session
        session["keten_last_seen"] -= 50
        session.save()
        self.assertEqual(self.client.get(reverse("accounts:home")).status_code, 200)
        # A page seconds later does not rewrite the session.
        with CaptureQueriesContext(connection) as queries:
            self.client.get(reverse("accounts:home"))
        writes = [q["sql"] for q in queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]
        self.assertEqual(writes, [])

    def test_it_logs_in_with_password_and_code(self) -> None:
        self.password_step(self.worker_a.email)
        response = self.client.post(reverse("accounts:two_factor"), {"token": current_totp(self.worker_a)})
        self.assertRedirects(response, reverse("accounts:home"))
        self.assertEqual(self.client.get(reverse("accounts:home")).status_code, 200)
        self.assertTrue(AuditEvent.objects.filter(action="account.logged_in", actor=self.worker_a).exists())

    def test_it_accepts_the_email_in_any_case(self) -> None:
        response = self.password_step(self.worker_a.email.upper())
        self.assertRedirects(response, reverse("accounts:two_factor"))

    def test_it_refuses_a_wrong_password_with_a_clear_message(self) -> None:
        response = self.password_step(self.worker_a.email, "wrong password entirely")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "do not match", status_code=400)
        self.assertContains(response, self.worker_a.email, status_code=400)  # what was typed is kept
        self.assertTrue(AuditEvent.objects.filter(action="account.login_failed").exists())

    def test_it_refuses_a_wrong_code(self) -> None:
        self.password_step(self.worker_a.email)
        good = current_totp(self.worker_a)
        wrong = f"{(int(good) + 1) % 1_000_000:06d}"
        response = self.client.post(reverse("accounts:two_factor"), {"token": wrong})
        self.assertEqual(response.status_code, 400)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_it_starts_again_after_five_wrong_codes(self) -> None:
        self.password_step(self.worker_a.email)
        for _ in range(5):
            response = self.client.post(reverse("accounts:two_factor"), {"token": "000000"})
        self.assertRedirects(response, reverse("accounts:login"))
        response = self.client.get(reverse("accounts:two_factor"))
        self.assertRedirects(response, reverse("accounts:login"))

    def test_it_does_not_let_the_code_step_be_skipped(self) -> None:
        response = self.client.post(reverse("accounts:two_factor"), {"token": "123456"})
        self.assertRedirects(response, reverse("accounts:login"))

    def test_it_logs_out_on_post_only(self) -> None:
        self.login(self.worker_a)
        self.assertEqual(self.client.get(reverse("accounts:logout")).status_code, 405)
        self.client.post(reverse("accounts:logout"))
        response = self.client.get(reverse("accounts:home"))
        self.assertRedirects(response, f"{reverse('accounts:login')}?next={reverse('accounts:home')}")

    def test_it_hashes_passwords_with_argon2(self) -> None:
        self.worker_a.refresh_from_db()
        self.assertTrue(self.worker_a.password.startswith("argon2"))


class SecondFactorRequiredTests(InEnglish, KetenTestCase):
    def test_it_sends_a_password_only_session_back_to_login(self) -> None:
        self.login_password_only(self.worker_a)
        response = self.client.get(reverse("accounts:home"))
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("accounts:login")))
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_it_blocks_every_professional_page_without_the_second_factor(self) -> None:
        for name in ("accounts:home", "accounts:people", "accounts:invite", "audit:list"):
            self.login_password_only(self.admin)
            response = self.client.get(reverse(name))
            self.assertEqual(response.status_code, 302, name)
            self.assertIn("/accounts/login/", response["Location"], name)

    def test_it_blocks_the_technical_admin_without_the_second_factor(self) -> None:
        self.admin.is_staff = True
        self.admin.save()
        self.login_password_only(self.admin)
        response = self.client.get("/en/admin/")
        # OTPAdminSite shows its own login form, never the admin index.
        self.assertNotContains(response, "Site administration", status_code=response.status_code)
        self.assertEqual(response.status_code, 302)


class EnrolmentTests(InEnglish, KetenTestCase):
    def test_it_enrols_a_new_person_with_a_qr_code_and_gives_recovery_codes(self) -> None:
        newcomer = make_person("new@pag-asa.example", self.centre_a, "social_worker", enrolled=False)
        response = self.client.post(
            reverse("accounts:login"), {"email": newcomer.email, "password": PASSWORD}
        )
        self.assertRedirects(response, reverse("accounts:enrol"))
        page = self.client.get(reverse("accounts:enrol"))
        self.assertContains(page, "<svg")
        device = TOTPDevice.objects.get(user=newcomer, confirmed=False)
        from django_otp.oath import totp

        code = f"{totp(device.bin_key):06d}"
        response = self.client.post(reverse("accounts:enrol"), {"token": code})
        self.assertRedirects(response, reverse("accounts:recovery_codes"), fetch_redirect_response=False)
        codes = self.client.session["keten_new_recovery_codes"]
        codes_page = self.client.get(reverse("accounts:recovery_codes"))
        self.assertEqual(len(codes), 10)
        self.assertEqual(StaticDevice.objects.get(user=newcomer).token_set.count(), 10)
        for code in codes:
            self.assertContains(codes_page, code)
        # Shown once only.
        self.assertRedirects(self.client.get(reverse("accounts:recovery_codes")), reverse("accounts:home"))
        self.assertTrue(TOTPDevice.objects.get(user=newcomer).confirmed)

    def test_it_refuses_a_wrong_enrolment_code(self) -> None:
        newcomer = make_person("new@pag-asa.example", self.centre_a, "social_worker", enrolled=False)
        self.client.post(reverse("accounts:login"), {"email": newcomer.email, "password": PASSWORD})
        self.client.get(reverse("accounts:enrol"))
        response = self.client.post(reverse("accounts:enrol"), {"token": "12345"})
        self.assertContains(response, "six digits", status_code=400)
        self.assertFalse(TOTPDevice.objects.filter(user=newcomer, confirmed=True).exists())

    def test_it_logs_in_with_a_recovery_code_once(self) -> None:
        from keten.accounts.services import replace_recovery_codes

        codes = replace_recovery_codes(user=self.worker_a)
        self.client.post(reverse("accounts:login"), {"email": self.worker_a.email, "password": PASSWORD})
        response = self.client.post(reverse("accounts:two_factor"), {"token": codes[0]})
        self.assertRedirects(response, reverse("accounts:home"))
        self.client.post(reverse("accounts:logout"))
        self.client.post(reverse("accounts:login"), {"email": self.worker_a.email, "password": PASSWORD})
        response = self.client.post(reverse("accounts:two_factor"), {"token": codes[0]})
        self.assertEqual(response.status_code, 400)


@override_settings(AXES_FAILURE_LIMIT=3)
class LockoutTests(InEnglish, KetenTestCase):
    def test_it_locks_the_account_after_repeated_failures(self) -> None:
        for _ in range(3):
            self.client.post(
                reverse("accounts:login"), {"email": self.worker_a.email, "password": "nope nope nope"}
            )
        response = self.client.post(
            reverse("accounts:login"), {"email": self.worker_a.email, "password": PASSWORD}
        )
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "paused", status_code=429)
        self.assertNotIn("keten_pending_user", self.client.session)

    def test_it_does_not_store_the_client_address(self) -> None:
        from axes.models import AccessAttempt

        self.client.post(
            reverse("accounts:login"),
            {"email": self.worker_a.email, "password": "nope nope nope"},
            REMOTE_ADDR="203.0.113.9",
        )
        self.assertFalse(AccessAttempt.objects.filter(ip_address="203.0.113.9").exists())


@override_settings(SESSION_IDLE_SECONDS=60)
class IdleTimeoutTests(InEnglish, KetenTestCase):
    def test_it_ends_the_session_after_inactivity(self) -> None:
        self.login(self.worker_a)
        self.assertEqual(self.client.get(reverse("accounts:home")).status_code, 200)
        session = self.client.session
        session["keten_last_seen"] -= 120
        session.save()
        response = self.client.get(reverse("accounts:home"))
        self.assertRedirects(response, reverse("accounts:login"), fetch_redirect_response=False)
        self.assertNotIn("_auth_user_id", self.client.session)
