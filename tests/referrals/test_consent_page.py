"""Recording a consent has its own page: the case page links to it and holds no form of its own."""

from __future__ import annotations

from django.test import Client

from keten.referrals.models import Consent
from tests.base import InEnglish
from tests.referrals.helpers import ReferralTestCase, url


class ConsentPageTests(InEnglish, ReferralTestCase):
    def test_the_case_page_links_to_the_consent_page_instead_of_holding_its_form(self) -> None:
        page = self.login(self.worker_a).get(f"/en/cases/{self.case.pk}/chain/").content.decode()
        self.assertIn(f'href="{url("consent", case_id=self.case.pk)}"', page)
        self.assertNotIn('name="recipient_kind"', page)

    def test_the_consent_page_shows_the_form_and_records_it(self) -> None:
        client = self.login(self.worker_a)
        page = client.get(url("consent", case_id=self.case.pk))
        self.assertContains(page, 'name="recipient_kind"')
        self.assertContains(page, "Back to the case")
        client.post(
            url("consent", case_id=self.case.pk),
            {"scopes": ["procedure"], "recipient_kind": "prosecution", "given_on": "2026-01-10"},
        )
        self.assertEqual(Consent.objects.filter(case=self.case).count(), 1)

    def test_nobody_else_sees_the_consent_page(self) -> None:
        for name in ("worker_b", "police_officer", "magistrate", "operator", "admin", "outsider"):
            with self.subTest(name=name):
                response = self.login(self.named_users()[name], Client()).get(
                    url("consent", case_id=self.case.pk)
                )
                self.assertIn(response.status_code, (403, 404))
        self.assertEqual(Consent.objects.count(), 0)
