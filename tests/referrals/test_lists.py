"""The lists of referrals received and sent: what each row says, and what a list costs."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from keten.referrals.access import PAGE_SIZE
from keten.referrals.models import Notification, Referral, Status
from tests.referrals.helpers import ReferralTestCase, make_referral, url

NEW_TAG = '<span class="tag">New</span>'


class ReferralListTest(ReferralTestCase):
    def refer(self, **extra: object) -> Referral:
        arguments: dict = {
            "sender": self.centre_a,
            "to": self.prosecution,
            "by": self.worker_a,
            "case": self.case,
            "scopes": ["procedure"],
            "status": Status.PENDING,
            **extra,
        }
        return make_referral(**arguments)

    def queries(self, path: str) -> int:
        # Asked once first: a write since the last page makes the header count again once
        # (keten.accounts.header_cache), which is not what these tests measure.
        self.client.get(path)
        with CaptureQueriesContext(connection) as captured:
            self.assertEqual(self.client.get(path).status_code, 200)
        return len(captured)

    def test_it_marks_a_referral_new_until_its_receiver_opens_it(self) -> None:
        referral = self.refer()
        Notification.objects.create(organisation=self.prosecution, referral=referral)
        read = self.refer()
        Notification.objects.create(organisation=self.prosecution, referral=read, read_at=timezone.now())
        # A notice to another organisation says nothing to this one.
        elsewhere = self.refer()
        Notification.objects.create(organisation=self.centre_a, referral=elsewhere)
        self.login(self.magistrate)
        response = self.client.get(url("inbox"))
        self.assertContains(response, NEW_TAG, count=1)
        self.assertContains(response, f'<a href="/en/referrals/{referral.pk}/">#{referral.pk}</a> {NEW_TAG}')
        self.client.get(url("detail", referral_id=referral.pk))
        self.assertNotContains(self.client.get(url("inbox")), NEW_TAG)

    def test_each_row_says_who_when_how_far_and_until_when(self) -> None:
        referral = self.refer(expires_in=1)
        day = timezone.localdate()
        self.login(self.magistrate)
        received = self.client.get(url("inbox"))
        self.assertContains(received, f'<a href="/en/referrals/{referral.pk}/">#{referral.pk}</a>')
        self.assertContains(received, f"<td>{self.centre_a.name}</td>")
        self.assertContains(received, "<td>Waiting for an answer</td>")
        self.login(self.worker_a)
        sent = self.client.get(url("sent"))
        self.assertContains(sent, f"<td>{self.prosecution.name}</td>")
        self.assertNotContains(sent, "expired")
        Referral.objects.filter(pk=referral.pk).update(expires_on=day - timedelta(days=1))
        self.assertContains(self.client.get(url("sent")), "Waiting for an answer · expired")

    def test_a_list_costs_the_same_number_of_queries_for_many_referrals(self) -> None:
        self.refer()
        self.login(self.magistrate)
        self.queries(url("inbox"))  # the first page of a session writes what later pages only read
        one = self.queries(url("inbox"))
        self.login(self.worker_a)
        self.queries(url("sent"))
        one_sent = self.queries(url("sent"))
        for _ in range(PAGE_SIZE - 1):
            referral = self.refer()
            Notification.objects.create(organisation=self.prosecution, referral=referral)
        self.assertEqual(self.queries(url("sent")), one_sent)
        self.login(self.magistrate)
        self.queries(url("inbox"))
        self.assertEqual(self.queries(url("inbox")), one)
        # More than a page: one COUNT query more, however long the list.
        self.refer()
        self.assertEqual(self.queries(url("inbox")), one + 1)
        for _ in range(PAGE_SIZE):
            self.refer()
        self.assertEqual(self.queries(url("inbox")), one + 1)
        second = self.client.get(url("inbox") + "?page=2")
        self.assertContains(second, "Page 2 of 3")
