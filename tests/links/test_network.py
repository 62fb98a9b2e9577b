"""The network view: every planted link the viewer may see is drawn, none across a scope they lack."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from keten.audit.models import AuditEvent
from keten.links import network
from keten.links.records import Visibility
from tests.links.helpers import (
    LinksTestCase,
    add,
    case_record,
    membership_of,
    report_record,
    screening_record,
    url,
)
from tests.referrals.helpers import make_referral

PHONE = "0470 12 34 56"


class NetworkTest(LinksTestCase):
    def setUp(self) -> None:
        super().setUp()
        for report in (self.report_1, self.report_2, self.report_3):
            add(self.operator, report_record(report), "phone", PHONE)
        add(self.worker_a, case_record(self.case_a), "phone", PHONE)
        add(self.worker_a, case_record(self.case_a), "workplace", "Car Wash Nord")
        add(self.worker_b, case_record(self.case_b), "workplace", "Car Wash Nord BV")
        add(self.worker_b, case_record(self.case_b), "phone", PHONE)
        add(self.police_officer, screening_record(self.police_screening), "workplace", "car wash nord")
        add(self.police_officer, screening_record(self.police_screening), "phone", PHONE)

    def keys(self, user, start):  # type: ignore[no-untyped-def]
        graph = network.build(Visibility.of(membership_of(user)), start.key, start.on)
        return {node.key for node in graph.nodes}, graph

    def test_three_reports_sharing_a_phone_are_one_network_for_the_operator(self) -> None:
        keys, graph = self.keys(self.operator, report_record(self.report_1))
        self.assertEqual(keys, {("report", r.pk) for r in (self.report_1, self.report_2, self.report_3)})
        self.assertEqual(len(graph.edges), 3)
        self.login(self.operator)
        response = self.client.get(url("network", record_kind="report", record_id=self.report_1.pk))
        self.assertContains(response, '<svg id="network" role="img"')
        self.assertContains(response, "Phone number: +32 470 12 34 56")
        self.assertContains(response, f"Report {self.report_3.pk:05d}")
        self.assertNotContains(response, f"Case {self.case_a.pk}")
        self.assertTrue(
            AuditEvent.objects.filter(action="links.network_viewed", actor=self.operator).exists()
        )

    def test_a_centre_sees_only_its_own_cases(self) -> None:
        keys, _graph = self.keys(self.manager_a, case_record(self.case_a))
        self.assertEqual(keys, {("case", self.case_a.pk)})
        keys, _graph = self.keys(self.worker_b, case_record(self.case_b))
        self.assertEqual(keys, {("case", self.case_b.pk)})

    def test_a_partner_sees_a_referred_case_only_through_what_the_scope_opens(self) -> None:
        make_referral(
            sender=self.centre_b, to=self.police, by=self.worker_b, case=self.case_b, scopes=["situation"]
        )
        keys, graph = self.keys(self.police_officer, screening_record(self.police_screening))
        self.assertEqual(keys, {("screening", self.police_screening.pk), ("case", self.case_b.pk)})
        reasons = [kind for edge in graph.edges for kind, _shown in edge.reasons]
        self.assertEqual(
            reasons, ["workplace"], "the phone is identity: the situation scope does not open it"
        )
        # A pending referral opens nothing.
        keys, _graph = self.keys(self.magistrate, screening_record(self.police_screening))
        self.assertEqual(keys, set())

    def test_filters_by_kind_and_period(self) -> None:
        make_referral(
            sender=self.centre_b, to=self.police, by=self.worker_b, case=self.case_b, scopes=["situation"]
        )
        start = screening_record(self.police_screening)
        visibility = Visibility.of(membership_of(self.police_officer))
        only_phones = network.build(visibility, start.key, start.on, kinds=frozenset({"phone"}))
        self.assertEqual({node.key for node in only_phones.nodes}, {start.key})
        later = network.build(visibility, start.key, start.on, since=timezone.localdate() + timedelta(days=1))
        self.assertEqual({node.key for node in later.nodes}, {start.key})

    def test_every_role_may_open_only_the_network_of_a_record_it_may_open(self) -> None:
        pages = {
            "report": url("network", record_kind="report", record_id=self.report_1.pk),
            "case_a": url("network", record_kind="case", record_id=self.case_a.pk),
            "screening": url("network", record_kind="screening", record_id=self.police_screening.pk),
        }
        allowed = {
            ("operator", "report"),
            ("worker_a", "case_a"),
            ("manager_a", "case_a"),
            ("police_officer", "screening"),
        }
        for name, user in self.named_users().items():
            self.client.logout()
            if name == "outsider":
                self.client.force_login(user)
            else:
                self.login(user)
            for page, address in pages.items():
                with self.subTest(user=name, page=page):
                    response = self.client.get(address)
                    if (name, page) in allowed:
                        self.assertEqual(response.status_code, 200)
                    else:
                        self.assertIn(response.status_code, (302, 404))
                        self.assertNotIn(b"+32 470", response.content)

    def test_the_identifiers_page_lists_values_only_to_those_who_may_open_the_record(self) -> None:
        page = url("identifiers", record_kind="case", record_id=self.case_b.pk)
        self.login(self.worker_b)
        self.assertContains(self.client.get(page), "+32 470 12 34 56")
        self.client.logout()
        self.login(self.worker_a)
        self.assert_not_found(self.client.get(page))
        self.assert_not_found(self.client.post(page, {"kind": "phone", "value": PHONE, "country": "BE"}))


def test_the_walk_casts_the_record_kind_to_the_column_s_own_type() -> None:
    """PostgreSQL refuses a recursive query whose first row has another type than the column."""
    from keten.links import network
    from keten.links.models import Identifier

    length = Identifier._meta.get_field("record_kind").max_length
    assert f"CAST(%s AS varchar({length}))" in network._REACHABLE
