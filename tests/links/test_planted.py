"""Planted networks across centres, the hotline and the police: every link a viewer may see is
found, none across a scope the viewer lacks; a deleted record leaves nothing linkable."""

from __future__ import annotations

from keten.links import network
from keten.links.models import Identifier, MatchNotice
from keten.links.records import Visibility
from tests.cases.helpers import make_case
from tests.links.helpers import (
    LinksTestCase,
    add,
    case_record,
    membership_of,
    report_record,
    screening_record,
    url,
)
from tests.referrals.helpers import make_referral, make_report


class PlantedNetworkTest(LinksTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.case_a2 = make_case(
            self.centre_a,
            actor=self.manager_a,
            workers=[],
            given_names="Mo",
            family_name="Two",
            date_of_birth="1980-02-02",
        )
        # Reports 1-2-3 share phones in a chain; report 3 shares a plate with case_a2.
        add(self.operator, report_record(self.report_1), "phone", "0470 11 11 11")
        add(self.operator, report_record(self.report_2), "phone", "+32 470 11 11 11")
        add(self.operator, report_record(self.report_2), "phone", "0471 22 22 22")
        add(self.operator, report_record(self.report_3), "phone", "0032 471 22 22 22")
        add(self.operator, report_record(self.report_3), "plate", "1-XYZ-999")
        # Centre A: case_a and case_a2 share an IBAN; case_a2 has the plate of report 3.
        add(self.manager_a, case_record(self.case_a), "iban", "BE71 0961 2345 6769")
        add(self.manager_a, case_record(self.case_a2), "iban", "be71096123456769")
        add(self.manager_a, case_record(self.case_a2), "plate", "1XYZ999")
        # Centre B's case: the employer of case_a2 and of the police screening.
        add(self.manager_a, case_record(self.case_a2), "enterprise", "0403.019.261")
        add(self.worker_b, case_record(self.case_b), "enterprise", "BE0403019261")
        add(self.police_officer, screening_record(self.police_screening), "enterprise", "403019261")

    def component(self, user, record):  # type: ignore[no-untyped-def]
        graph = network.build(Visibility.of(membership_of(user)), record.key, record.on)
        return {node.key for node in graph.nodes}

    def test_every_planted_link_is_found_within_each_viewer_s_scope(self) -> None:
        reports = {("report", r.pk) for r in (self.report_1, self.report_2, self.report_3)}
        self.assertEqual(self.component(self.operator, report_record(self.report_1)), reports)
        centre_a = {("case", self.case_a.pk), ("case", self.case_a2.pk)}
        self.assertEqual(self.component(self.manager_a, case_record(self.case_a)), centre_a)
        # worker_a is assigned to case_a only: case_a2 is not theirs, so not even a link.
        self.assertEqual(self.component(self.worker_a, case_record(self.case_a)), {("case", self.case_a.pk)})
        self.assertEqual(self.component(self.worker_b, case_record(self.case_b)), {("case", self.case_b.pk)})
        self.assertEqual(
            self.component(self.police_officer, screening_record(self.police_screening)),
            {("screening", self.police_screening.pk)},
        )

    def test_every_cross_organisation_link_became_a_notice_and_nothing_more(self) -> None:
        pairs = {
            frozenset({(n.record_a_kind, n.record_a_id), (n.record_b_kind, n.record_b_id)}): n.kind
            for n in MatchNotice.objects.all()
        }
        expected = {
            frozenset({("report", self.report_3.pk), ("case", self.case_a2.pk)}): "plate",
            frozenset({("case", self.case_a2.pk), ("case", self.case_b.pk)}): "enterprise",
            frozenset({("case", self.case_a2.pk), ("screening", self.police_screening.pk)}): "enterprise",
            frozenset({("case", self.case_b.pk), ("screening", self.police_screening.pk)}): "enterprise",
        }
        self.assertEqual(pairs, expected)

    def test_a_referral_opens_exactly_its_scope(self) -> None:
        make_referral(
            sender=self.centre_a, to=self.centre_b, by=self.manager_a, case=self.case_a2, scopes=["situation"]
        )
        self.assertEqual(
            self.component(self.worker_b, case_record(self.case_b)),
            {("case", self.case_b.pk), ("case", self.case_a2.pk)},
        )
        # The IBAN is identity: case_a (not referred) stays out, and so does the walk through it.
        make_referral(
            sender=self.centre_a, to=self.centre_b, by=self.manager_a, case=self.case_a, scopes=["situation"]
        )
        self.assertNotIn(("case", self.case_a.pk), self.component(self.worker_b, case_record(self.case_b)))

    def test_a_deleted_report_leaves_no_identifier(self) -> None:
        report = make_report()
        add(self.operator, report_record(report), "phone", "0470 11 11 11")
        report_id = report.pk
        report.delete()
        self.assertFalse(Identifier.objects.filter(record_kind="report", record_id=report_id).exists())

    def test_the_record_pages_link_to_their_identifiers(self) -> None:
        self.login(self.manager_a)
        response = self.client.get(f"/en/cases/{self.case_a.pk}/")
        self.assertContains(response, url("identifiers", record_kind="case", record_id=self.case_a.pk))
