"""*Who saw what* of a case: plain sentences in the reader's language, never raw action codes."""

from __future__ import annotations

import re
from pathlib import Path

from django.urls import reverse
from django.utils import timezone, translation

from keten.audit.log import log_action
from keten.audit.models import AuditEvent
from keten.referrals import services
from keten.referrals.access_log import DESCRIBED
from keten.referrals.models import Status
from keten.referrals.permissions import policy
from tests.referrals.helpers import ReferralTestCase, make_referral, url

ROOT = Path(__file__).resolve().parents[2] / "keten"
# Written without a case or a referral as their object: they never reach the page.
NOT_ON_A_CASE = {
    "case.demo_cleared",
    "case.demo_loaded",
    "case.calendar_feed_created",
    "case.calendar_feed_revoked",
    "case.duplicate_warned",
    "case.reminder_sent",
}
RAW_CODE = re.compile(r"\b(case|referral|chain|consent)\.[a-z_]+\b")


class WhoSawWhatTest(ReferralTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.referral = make_referral(
            sender=self.centre_a,
            to=self.prosecution,
            by=self.worker_a,
            case=self.case,
            scopes=["procedure"],
            status=Status.PENDING,
        )

    def page(self, language: str = "en") -> str:
        with translation.override(language):
            path = reverse("referrals:who_saw", kwargs={"case_id": self.case.pk})
        response = self.client.get(path)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def make_history(self) -> None:
        self.login(self.worker_a)
        self.client.get(f"/en/cases/{self.case.pk}/")
        self.login(self.magistrate)
        self.client.post(url("answer", referral_id=self.referral.pk), {"decision": "accept"})
        self.client.get(url("detail", referral_id=self.referral.pk))
        self.client.get(url("part", referral_id=self.referral.pk, scope="identity"))
        self.client.post(
            url("record_phase", referral_id=self.referral.pk),
            {"phase": "prosecution", "started_on": timezone.localdate().isoformat(), "outcome": "ongoing"},
        )
        self.login(self.manager_a)

    def test_it_describes_each_action_in_words(self) -> None:
        self.make_history()
        body = self.page()
        number = self.referral.pk
        self.assertIn("Opened the case file", body)
        self.assertIn(f"Accepted referral #{number}", body)
        self.assertIn(f"Opened referral #{number}: Procedure status and residence documents", body)
        self.assertIn(f"Was refused the part: Identity and contact details (referral #{number})", body)
        self.assertIn("Recorded a chain phase: Prosecution<", body)
        self.assertIn(self.prosecution.name, body)
        self.assertIn(str(self.magistrate), body)
        self.assertIsNone(RAW_CODE.search(body.split('id="who-saw"')[1]), "a raw action code is shown")

    def test_it_speaks_the_reader_language(self) -> None:
        self.make_history()
        dutch = self.page("nl")
        self.assertIn("Opende het dossier", dutch)
        self.assertIn("Kreeg geen toegang tot het deel: Identiteit en contactgegevens", dutch)
        self.assertIn("Noteerde een fase van de keten: Vervolging<", dutch)
        french = self.page("fr")
        self.assertIn("A ouvert le dossier", french)
        self.assertIn("S’est vu refuser la partie : Identité et coordonnées", french)
        self.assertIsNone(RAW_CODE.search(french.split('id="who-saw"')[1]))

    def test_it_shows_the_same_opening_at_the_same_moment_once(self) -> None:
        self.login(self.worker_a)
        for _ in range(2):
            log_action("case.viewed", actor=self.worker_a, organisation=self.centre_a, obj=self.case)
        body = self.page()
        self.assertEqual(body.count("Opened the case file"), 1)
        self.assertIn("(2 times)", body)

    def test_it_audits_a_look_at_the_page_once(self) -> None:
        self.login(self.manager_a)
        before = AuditEvent.objects.count()
        self.page()
        self.assertEqual(
            list(AuditEvent.objects.order_by("sequence")[before:].values_list("action", flat=True)),
            ["case.access_log_viewed"],
        )

    def test_it_describes_every_action_written_on_a_case_or_a_referral(self) -> None:
        written: set[str] = set()
        for path in ROOT.glob("**/*.py"):
            written |= set(re.findall(r'"((?:case|consent|chain|referral)\.[a-z_]+)"', path.read_text()))
        written -= NOT_ON_A_CASE
        self.assertEqual(written - DESCRIBED, set(), "describe these in keten/referrals/access_log.py")

    def test_it_describes_the_remaining_referral_actions(self) -> None:
        from keten.referrals.access_log import describe

        self.login(self.worker_a)
        membership = self.worker_a.memberships.get()
        services.withdraw_referral(actor=self.worker_a, membership=membership, referral=self.referral)
        events = AuditEvent.objects.filter(action="referral.withdrawn")
        with translation.override("en"):
            self.assertEqual(describe(events.get()), f"Withdrew referral #{self.referral.pk}")
        self.assertTrue(policy.sent(membership).filter(pk=self.referral.pk).exists())
