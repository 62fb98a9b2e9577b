"""``keten demo`` on a fresh installation: demo organisations, accounts that log in, assigned cases."""

from __future__ import annotations

import base64
import io
import re

from django.core.management import call_command
from django.test import TestCase
from django_otp.oath import totp

from keten.accounts.devices import EncryptedTOTPDevice
from keten.accounts.models import Organisation, User
from keten.accounts.roles import OrganisationKind
from keten.cases.models import Case, CaseAssignment
from keten.intake.models import Report
from keten.referrals.models import Referral
from keten.screening.models import Handover, Screening
from tests.cases.helpers import CaseTestCase

ACCOUNT_LINE = re.compile(
    r"^\s+(\S+)\s+(\S+@demo\.keten\.invalid)\s+password (\S+)\s+secret ([A-Z2-7=]+)", re.M
)


def run_demo(*arguments: str) -> str:
    out = io.StringIO()
    call_command("demo", *arguments, stdout=out)
    return out.getvalue()


class FreshInstallationDemoTest(TestCase):
    def test_it_creates_organisations_and_accounts_and_assigns_every_case(self) -> None:
        output = run_demo("--cases", "30")
        accounts = ACCOUNT_LINE.findall(output)
        roles = {role for role, *_rest in accounts}
        self.assertTrue(
            {"social_worker", "centre_manager", "hotline_operator", "investigator", "magistrate"} <= roles
        )
        centres = Organisation.objects.filter(kind=OrganisationKind.CENTRE)
        self.assertEqual(centres.count(), 3)
        self.assertTrue(all(c.name.endswith("(demo)") for c in centres))
        self.assertEqual(Case.objects.filter(demo=True).count(), 30)
        self.assertEqual(CaseAssignment.objects.values("case").distinct().count(), 30)
        # The inbox, the signals and the referrals have something to show too.
        self.assertEqual(Report.objects.count(), 3)
        self.assertEqual(Handover.objects.count(), 3)
        self.assertEqual(Referral.objects.count(), 3)
        # The printed password and authenticator secret really log the person in.
        _role, email, password, secret = next(a for a in accounts if a[0] == "social_worker")
        user = User.objects.get(email=email)
        self.assertTrue(user.check_password(password))
        device = EncryptedTOTPDevice.objects.get(user=user)
        code = totp(base64.b32decode(secret), device.step, device.t0, device.digits)
        self.assertTrue(device.verify_token(f"{code:06d}"))

    def test_a_second_run_adds_cases_but_prints_no_secret_again(self) -> None:
        run_demo("--cases", "6")
        output = run_demo("--cases", "6")
        self.assertNotIn("secret", output)
        self.assertEqual(Case.objects.filter(demo=True).count(), 12)

    def test_clear_removes_the_cases_accounts_and_organisations(self) -> None:
        run_demo("--cases", "6")
        output = run_demo("--clear")
        self.assertIn("Deleted 6 demo cases", output)
        self.assertFalse(Case.objects.exists())
        self.assertFalse(Report.objects.exists())
        self.assertFalse(Screening.objects.exists())
        self.assertFalse(Referral.objects.exists())
        self.assertFalse(User.objects.filter(email__endswith="@demo.keten.invalid", is_active=True).exists())
        self.assertFalse(Organisation.objects.filter(is_active=True).exists())


class DemoNextToRealDataTest(CaseTestCase):
    def test_it_uses_the_real_centres_and_creates_no_account(self) -> None:
        output = run_demo("--cases", "4")
        self.assertNotIn("secret", output)
        self.assertFalse(User.objects.filter(email__endswith="@demo.keten.invalid").exists())
        self.assertFalse(Organisation.objects.filter(slug__startswith="demo-").exists())
        run_demo("--clear")
        self.assertTrue(Case.objects.filter(pk=self.case.pk).exists())
