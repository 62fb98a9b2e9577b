"""The number of queries of the busiest pages does not grow with the number of cases."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from keten.cases import services
from keten.cases.demo import load_fictitious_cases
from keten.cases.models import Case
from tests.cases.helpers import CaseTestCase


class QueryCountTest(CaseTestCase):
    def count(self, url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def pages(self) -> dict[str, str]:
        case = Case.objects.filter(demo=True).order_by("pk").first()
        assert case is not None
        services.add_note(actor=self.worker_a, case=case, text="n")
        with translation.override("en"):
            return {
                "caseload": reverse("cases:list"),
                "case": reverse("cases:detail", kwargs={"case_id": case.pk}),
                "deadlines": reverse("cases:deadlines") + "?scope=centre",
            }

    def test_it_does_not_grow_with_the_number_of_cases(self) -> None:
        workers = {self.centre_a.pk: [self.worker_a]}
        load_fictitious_cases(5, centres=[self.centre_a], workers=workers)
        self.login(self.manager_a)
        self.client.get(reverse("accounts:home"))  # the first page after login records the time seen
        small = {name: self.count(url) for name, url in self.pages().items()}
        load_fictitious_cases(45, centres=[self.centre_a], workers=workers, start_number=6, seed=8)
        pages = self.pages()
        self.client.get(pages["caseload"])  # the header counts again after the new files, then remembers
        large = {name: self.count(url) for name, url in pages.items()}
        self.assertEqual(small, large)
        self.client.logout()
        self.login(self.worker_a)
        with translation.override("en"):
            url = reverse("cases:deadlines")
        self.client.get(url)  # the first page after logging in records the time seen; the header counts
        # The session and the person (4), the header's cache (2) and one page of deadlines.
        self.assertLessEqual(self.count(url), 7)
