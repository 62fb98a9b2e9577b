"""A copy of the database file is not a key: no session it holds logs anyone in, no second-factor
secret or recovery code can be read from it, and django-axes keeps no description of the browser."""

from __future__ import annotations

import base64
import sqlite3
import tempfile
import unittest
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice as ClearTOTPDevice

from keten.accounts.devices import EncryptedTOTPDevice, RecoveryCodeDevice
from tests.base import PASSWORD, InEnglish, KetenTestCase, make_person

SQLITE = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"


def copy_of_the_database() -> bytes:
    """The database as a file copied off the disk: SQLite's backup of every page, as bytes."""
    connection.ensure_connection()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "copy.sqlite3"
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
        return path.read_bytes()


class CommittedTestCase(KetenTestCase):
    """The named people, committed for real (no wrapping transaction): a database file only
    holds what was committed, and SQLite cannot copy a database its own connection is writing."""

    @classmethod
    def _databases_support_transactions(cls) -> bool:
        # Django then runs setUpTestData before each test and empties the tables after it.
        return False

    def _fixture_teardown(self) -> None:
        super()._fixture_teardown()
        # Emptying the tables also removed what the migrations seed (the three centres), which
        # the test cases that run after this one expect: seed it again.
        from django.apps import apps

        seed = import_module("keten.knowledge.migrations.0002_seed_centres")
        french = import_module("keten.knowledge.migrations.0003_centre_addresses_in_french")
        seed.seed_centres(apps, None)
        french.add_french_names(apps, None)


def session_keys_in(copy: bytes) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "copy.sqlite3"
        path.write_bytes(copy)
        with sqlite3.connect(path) as database:
            return [row[0] for row in database.execute("SELECT session_key FROM django_session")]


def log_in(client: Client, email: str, code: str) -> None:
    client.post(reverse("accounts:login"), {"email": email, "password": PASSWORD})
    response = client.post(reverse("accounts:two_factor"), {"token": code})
    assert response.status_code == 302, response.status_code


def current_code(device: EncryptedTOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


@unittest.skipUnless(SQLITE, "copies the SQLite database file")
class DatabaseCopyTests(InEnglish, CommittedTestCase):
    def test_no_session_key_in_a_copy_of_the_database_logs_anyone_in(self) -> None:
        people = [self.worker_a, self.worker_b, self.manager_a, self.operator, self.admin]
        browsers = []
        for person in people:
            browser = Client()
            log_in(browser, person.email, current_code(EncryptedTOTPDevice.objects.get(user=person)))
            self.assertEqual(browser.get(reverse("accounts:home")).status_code, 200)
            browsers.append(browser)
        stored = session_keys_in(copy_of_the_database())
        self.assertGreaterEqual(len(stored), len(people))

        logins = 0
        for key in stored:
            replay = Client()
            replay.cookies[settings.SESSION_COOKIE_NAME] = key
            if replay.get(reverse("accounts:home")).status_code == 200:
                logins += 1
        self.assertEqual(logins, 0)
        # The people themselves are still logged in: the copy is useless, the sessions are not.
        for browser in browsers:
            self.assertEqual(browser.get(reverse("accounts:home")).status_code, 200)

    def test_no_second_factor_secret_can_be_found_in_a_copy_of_the_database(self) -> None:
        # One more person enrols through the pages, as a newcomer does.
        newcomer = make_person("new@pag-asa.example", self.centre_a, "social_worker", enrolled=False)
        self.client.post(reverse("accounts:login"), {"email": newcomer.email, "password": PASSWORD})
        self.client.get(reverse("accounts:enrol"))
        device = EncryptedTOTPDevice.objects.get(user=newcomer)
        self.client.post(reverse("accounts:enrol"), {"token": current_code(device)})
        recovery_codes = self.client.session["keten_new_recovery_codes"]
        self.assertEqual(len(recovery_codes), 10)

        copy = copy_of_the_database()
        devices = list(EncryptedTOTPDevice.objects.all())
        self.assertGreaterEqual(len(devices), 11)
        for device in devices:
            secret = device.bin_key
            base32 = base64.b32encode(secret)
            for form in (
                device.key.encode(),
                device.key.upper().encode(),
                base32,
                base32.rstrip(b"="),
                base32.lower(),
                secret,
            ):
                self.assertNotIn(form, copy, f"a secret of device {device.pk} is readable in the copy")
        for code in recovery_codes:
            self.assertNotIn(code.encode(), copy)
            self.assertNotIn(code.upper().encode(), copy)

        # The encrypted secret still works: the newcomer logs in with a code and a recovery code.
        self.client.post(reverse("accounts:logout"))
        log_in(Client(), newcomer.email, recovery_codes[0])
        own = EncryptedTOTPDevice.objects.get(user=newcomer, confirmed=True)
        own.last_t = -1  # the enrolment used this window's code; a code is accepted once
        own.throttle_reset(commit=False)  # the recovery code was tried against it first
        own.save()
        log_in(Client(), newcomer.email, current_code(own))


class SecondFactorMigrationTests(InEnglish, CommittedTestCase):
    """The upgrade moves django-otp's clear devices into the encrypted ones and deletes the clear rows."""

    def test_it_moves_clear_secrets_and_recovery_codes_and_login_keeps_working(self) -> None:
        from importlib import import_module

        from django.apps import apps

        migration = import_module("keten.accounts.migrations.0003_second_factor_secrets")
        person = make_person("old@pag-asa.example", self.centre_a, "social_worker", enrolled=False)
        old_device = ClearTOTPDevice.objects.create(user=person, name="Authenticator", confirmed=True)
        old_codes = StaticDevice.objects.create(user=person, name="Recovery codes")
        code = StaticToken.random_token()
        StaticToken.objects.create(device=old_codes, token=code)

        migration.move_second_factors(apps, None)

        self.assertFalse(ClearTOTPDevice.objects.exists())
        self.assertFalse(StaticToken.objects.exists())
        moved = EncryptedTOTPDevice.objects.get(user=person)
        self.assertEqual(moved.key, old_device.key)
        self.assertTrue(moved.confirmed)
        self.assertEqual(RecoveryCodeDevice.objects.get(user=person).token_set.count(), 1)
        if SQLITE:
            self.assertNotIn(old_device.key.encode(), copy_of_the_database())
        # The same authenticator app and the same recovery code still log the person in.
        log_in(Client(), person.email, current_code(moved))
        log_in(Client(), person.email, code)


class BrowserNotKeptTests(InEnglish, CommittedTestCase):
    def test_django_axes_keeps_no_user_agent_and_no_access_log(self) -> None:
        from axes.models import AccessAttempt, AccessLog

        browser = "Mozilla/5.0 (X11; Linux x86_64) SomeRareBrowser/1.2.3"
        self.client.post(
            reverse("accounts:login"),
            {"email": self.worker_a.email, "password": "not the password at all"},
            HTTP_USER_AGENT=browser,
            HTTP_ACCEPT="text/html,rare/accept",
        )
        attempt = AccessAttempt.objects.get(username=self.worker_a.email)
        self.assertEqual((attempt.user_agent, attempt.http_accept), ("", ""))
        log_in(
            self.client,
            self.worker_b.email,
            current_code(EncryptedTOTPDevice.objects.get(user=self.worker_b)),
        )
        self.assertFalse(AccessLog.objects.exists())
        if SQLITE:
            self.assertNotIn(b"SomeRareBrowser", copy_of_the_database())
