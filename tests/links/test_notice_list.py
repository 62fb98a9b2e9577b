"""The list of match notices: what each row says to each side, and what the list costs."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from keten.links.models import Decision, MatchNotice
from tests.links.helpers import LinksTestCase, add, case_record, screening_record, url


class NoticeListTest(LinksTestCase):
    def notice(self) -> MatchNotice:
        add(self.worker_b, case_record(self.case_b), "plate", "1-ABC-123")
        add(self.police_officer, screening_record(self.police_screening), "plate", "1ABC123")
        return MatchNotice.objects.get()

    def test_each_side_sees_its_own_record_and_its_own_decision(self) -> None:
        notice = self.notice()
        MatchNotice.objects.filter(pk=notice.pk).update(decision_b=Decision.NO_REFERRAL)
        self.login(self.police_officer)
        police = self.client.get(url("notices"))
        self.assertContains(police, f'<a href="/en/links/notices/{notice.pk}/">{notice.reference}</a>')
        self.assertContains(police, "<td>Vehicle plate</td>")
        self.assertContains(police, f"<td>Screening {self.police_screening.pk}</td>")
        self.assertContains(police, "<td>Not decided yet</td>")
        self.assertNotContains(police, f"Case {self.case_b.pk}")
        self.client.logout()
        self.login(self.manager_b)
        centre = self.client.get(url("notices"))
        self.assertContains(centre, f"<td>Case {self.case_b.pk}</td>")
        self.assertContains(centre, "<td>We will not refer</td>")
        self.assertNotContains(centre, f"Screening {self.police_screening.pk}")

    def test_the_list_costs_the_same_number_of_queries_for_many_notices(self) -> None:
        notice = self.notice()
        self.login(self.police_officer)

        def count() -> int:
            # Asked once first: a write since the last page makes the header count again once.
            self.client.get(url("notices"))
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(url("notices")).status_code, 200)
            return len(queries)

        count()  # the first page of a session writes what later pages only read
        one = count()
        for number in range(30):
            MatchNotice.objects.create(
                reference=f"TEST-{number:04d}",
                kind=notice.kind,
                organisation_a=notice.organisation_a,
                record_a_kind=notice.record_a_kind,
                record_a_id=notice.record_a_id,
                organisation_b=notice.organisation_b,
                record_b_kind=notice.record_b_kind,
                record_b_id=notice.record_b_id + number + 1,
            )
        self.assertEqual(count(), one)
