"""My work and the deadlines list: their queries do not grow with the data, and My work does not
count the unread referrals a second time (the header already has that count)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from keten.cases.demo import load_fictitious_cases
from tests.cases.helpers import CaseTestCase

# 4 for the session and the person, 2 for the header's cache, the invitations, the deadlines
# panel and the inbox panel's access check.
MY_WORK_MOST = 9
# 4 for the session and the person, 2 for the header's cache, the page of deadlines.
DEADLINES_MOST = 7


class MyWorkQueriesTest(CaseTestCase):
    def queries(self, url: str) -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return [query["sql"] for query in captured.captured_queries]

    def test_my_work_and_the_deadlines_ask_the_same_however_many_files(self) -> None:
        workers = {self.centre_a.pk: [self.worker_a]}
        load_fictitious_cases(3, centres=[self.centre_a], workers=workers)
        self.login(self.worker_a)
        with translation.override("en"):
            home, deadlines = reverse("accounts:home"), reverse("cases:deadlines")
        self.client.get(home)  # the first page after login records the time seen
        self.client.get(home)  # the header's counts, remembered from here on
        small = {url: self.queries(url) for url in (home, deadlines)}
        load_fictitious_cases(40, centres=[self.centre_a], workers=workers, start_number=4, seed=8)
        self.client.get(home)
        large = {url: self.queries(url) for url in (home, deadlines)}
        self.assertEqual(
            {url: len(sql) for url, sql in small.items()}, {url: len(sql) for url, sql in large.items()}
        )
        self.assertLessEqual(len(large[home]), MY_WORK_MOST)
        self.assertLessEqual(len(large[deadlines]), DEADLINES_MOST)
        self.assertFalse([sql for sql in large[home] if '"referrals_notification"' in sql])
        # The list shows no names: none is read.
        self.assertFalse([sql for sql in large[deadlines] if '"given_names"' in sql])

    def test_the_referrals_panel_still_says_how_many_wait(self) -> None:
        self.login(self.worker_a)
        response = self.client.get(reverse("accounts:home"))
        self.assertContains(response, "0 new referrals are waiting for your organisation.")
