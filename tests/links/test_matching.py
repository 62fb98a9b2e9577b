"""Matching across organisations without pooling: who learns what, for every role."""

from __future__ import annotations

from django.test import override_settings

from keten.audit.models import AuditEvent
from keten.links.models import Identifier, MatchNotice
from tests.links.helpers import (
    LinksTestCase,
    add,
    case_record,
    report_record,
    screening_record,
    url,
)

PHONE = "0470 12 34 56"


class IdentifierStorageTest(LinksTestCase):
    def test_the_value_is_encrypted_and_hashed_per_kind_and_never_in_the_audit_trail(self) -> None:
        add(self.worker_a, case_record(self.case_a), "phone", PHONE)
        add(self.worker_a, case_record(self.case_a), "workplace", "+32470123456")
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT value, lookup FROM links_identifier")
            rows = cursor.fetchall()
        for value, lookup in rows:
            self.assertNotIn(b"470123456", bytes(value))
            self.assertNotIn(b"470 12 34 56", bytes(value))
            self.assertNotIn("470123456", lookup)
        phone = Identifier.objects.get(kind="phone")
        workplace = Identifier.objects.get(kind="workplace")
        self.assertNotEqual(
            phone.lookup, workplace.lookup, "one key per kind: the same text hashes differently"
        )
        for event in AuditEvent.objects.all():
            self.assertNotIn("470123456", str(event.data))
            self.assertNotIn("470 12 34 56", str(event.data))
            self.assertNotIn(Identifier.objects.filter(kind="phone").get().lookup, str(event.data))

    def test_the_same_identifier_twice_on_one_record_is_kept_once(self) -> None:
        add(self.worker_a, case_record(self.case_a), "phone", PHONE)
        add(self.worker_a, case_record(self.case_a), "phone", "+32 470 12 34 56")
        self.assertEqual(Identifier.objects.filter(kind="phone").count(), 1)


class MatchNoticeTest(LinksTestCase):
    def test_a_workplace_shared_by_a_centre_and_the_police_gives_one_notice_to_both(self) -> None:
        add(self.police_officer, screening_record(self.police_screening), "workplace", "Car Wash Nord BV")
        self.assertFalse(MatchNotice.objects.exists())
        add(self.worker_a, case_record(self.case_a), "workplace", "car-wash nord")
        notice = MatchNotice.objects.get()
        self.assertEqual(notice.kind, "workplace")
        self.assertEqual({notice.organisation_a, notice.organisation_b}, {self.centre_a, self.police})
        events = AuditEvent.objects.filter(action="links.notice_created")
        self.assertEqual({event.organisation_id for event in events}, {self.centre_a.pk, self.police.pk})
        # Adding it again, or from the other side, does not repeat the notice.
        add(self.worker_a, case_record(self.case_a), "workplace", "CAR WASH NORD")
        add(self.police_officer, screening_record(self.police_screening), "workplace", "Car Wash Nord")
        self.assertEqual(MatchNotice.objects.count(), 1)

    def test_the_same_person_known_to_two_centres_gives_a_notice(self) -> None:
        from tests.cases.helpers import make_case

        make_case(self.centre_b, actor=self.worker_b, workers=[self.worker_b])  # Amina, as case_a
        notice = MatchNotice.objects.get()
        self.assertEqual(notice.kind, "person")
        self.assertEqual({notice.organisation_a, notice.organisation_b}, {self.centre_a, self.centre_b})

    def test_records_of_one_organisation_give_no_notice(self) -> None:
        add(self.operator, report_record(self.report_1), "phone", PHONE)
        add(self.operator, report_record(self.report_2), "phone", PHONE)
        self.assertFalse(MatchNotice.objects.exists())

    def test_the_person_adding_sees_the_same_page_whether_or_not_it_matched(self) -> None:
        """Probing: an organisation typing another's identifier learns nothing but its own notice."""
        self.login(self.worker_a)
        page = url("identifiers", record_kind="case", record_id=self.case_a.pk)
        unmatched = self.client.post(
            page, {"kind": "phone", "value": "0470 99 99 99", "country": "BE"}, follow=True
        )
        add(self.worker_b, case_record(self.case_b), "phone", PHONE)
        matched = self.client.post(page, {"kind": "phone", "value": PHONE, "country": "BE"}, follow=True)
        self.assertEqual(MatchNotice.objects.count(), 1)
        self.assertEqual(unmatched.status_code, matched.status_code)
        self.assertEqual(unmatched.redirect_chain, matched.redirect_chain)
        for text in (f"#{self.case_b.pk}", "Payoke", "Joy", "Other", "notice", "M-"):
            self.assertNotContains(matched, text)
        # The worker (not a manager) cannot open the notices either.
        self.assert_not_found(self.client.get(url("notices")))

    def test_only_each_side_s_notice_roles_see_the_notice_and_only_their_own_record(self) -> None:
        add(self.worker_b, case_record(self.case_b), "plate", "1-ABC-123")
        add(self.police_officer, screening_record(self.police_screening), "plate", "1ABC123")
        notice = MatchNotice.objects.get()
        allowed = {"manager_b": self.manager_b, "police_officer": self.police_officer}
        for name, user in {**self.named_users(), "manager_b": self.manager_b}.items():
            with self.subTest(name):
                self.client.logout()
                self.login(user)
                listing = self.client.get(url("notices"))
                detail = self.client.get(url("notice", notice_id=notice.pk))
                if name in allowed:
                    self.assertContains(listing, notice.reference)
                    self.assertContains(detail, notice.reference)
                    self.assertContains(detail, "Vehicle plate")
                    self.assertNotContains(detail, "1ABC123")
                    self.assertNotContains(detail, "Joy")
                else:
                    self.assertNotContains(listing, notice.reference, status_code=listing.status_code)
                    self.assertIn(listing.status_code, (200, 302, 404))
                    self.assertIn(detail.status_code, (302, 404))
        self.client.logout()
        self.login(self.police_officer)
        detail = self.client.get(url("notice", notice_id=notice.pk))
        self.assertContains(detail, f"Screening {self.police_screening.pk}")
        self.assertNotContains(detail, f"Case {self.case_b.pk}")
        # Only the kind of match and a reference: not even who holds the other record.
        self.assertNotContains(detail, self.centre_b.name)

    def test_the_other_organisation_is_named_only_after_deciding_to_refer(self) -> None:
        add(self.worker_b, case_record(self.case_b), "plate", "1-ABC-123")
        add(self.police_officer, screening_record(self.police_screening), "plate", "1ABC123")
        notice = MatchNotice.objects.get()
        police = self.police_screening.organisation
        self.login(self.manager_b)
        self.assertNotContains(self.client.get(url("notice", notice_id=notice.pk)), police.name)
        self.client.post(url("notice", notice_id=notice.pk), {"decision": "no_referral"})
        self.assertNotContains(self.client.get(url("notice", notice_id=notice.pk)), police.name)
        self.client.post(url("notice", notice_id=notice.pk), {"decision": "refer"})
        self.assertContains(self.client.get(url("notice", notice_id=notice.pk)), police.name)

    def test_a_decision_is_recorded_and_audited_for_one_side_only(self) -> None:
        add(self.worker_b, case_record(self.case_b), "plate", "1-ABC-123")
        add(self.police_officer, screening_record(self.police_screening), "plate", "1ABC123")
        notice = MatchNotice.objects.get()
        self.login(self.manager_b)
        response = self.client.post(url("notice", notice_id=notice.pk), {"decision": "refer"})
        self.assertEqual(response.status_code, 302)
        self.assertIn(f"case={self.case_b.pk}", response["Location"])
        notice.refresh_from_db()
        side = "a" if notice.organisation_a_id == self.centre_b.pk else "b"
        other = "b" if side == "a" else "a"
        self.assertEqual(getattr(notice, f"decision_{side}"), "refer")
        self.assertEqual(getattr(notice, f"decision_{other}"), "")
        self.assertTrue(
            AuditEvent.objects.filter(action="links.notice_decided", actor=self.manager_b).exists()
        )
        self.assertTrue(
            AuditEvent.objects.filter(action="links.notice_viewed", actor=self.manager_b).exists()
        )

    def test_a_record_already_referred_to_the_adder_gives_no_notice(self) -> None:
        from tests.referrals.helpers import make_referral

        make_referral(
            sender=self.centre_b, to=self.police, by=self.worker_b, case=self.case_b, scopes=["situation"]
        )
        add(self.worker_b, case_record(self.case_b), "workplace", "Car Wash Nord")
        add(self.police_officer, screening_record(self.police_screening), "workplace", "Car Wash Nord")
        self.assertFalse(MatchNotice.objects.exists())


@override_settings(KETEN_LINKS_PER_PERSON_PER_HOUR=3)
class ProbingLimitTest(LinksTestCase):
    def test_typing_many_identifiers_is_stopped_and_audited(self) -> None:
        self.login(self.worker_a)
        page = url("identifiers", record_kind="case", record_id=self.case_a.pk)
        for number in range(3):
            response = self.client.post(
                page, {"kind": "phone", "value": f"0470 12 34 5{number}", "country": "BE"}
            )
            self.assertEqual(response.status_code, 302)
        # Removing them does not reset the count.
        Identifier.objects.filter(kind="phone").delete()
        response = self.client.post(page, {"kind": "phone", "value": "0470 12 34 59", "country": "BE"})
        self.assertContains(response, "many identifiers in a short time", status_code=400)
        self.assertFalse(Identifier.objects.filter(kind="phone").exists())
        self.assertTrue(AuditEvent.objects.filter(action="links.rate_limited", actor=self.worker_a).exists())


class NoticesInTheHeaderTest(LinksTestCase):
    def test_the_header_offers_match_notices_with_what_waits_only_to_those_who_receive_them(self) -> None:
        add(self.worker_b, case_record(self.case_b), "plate", "1-ABC-123")
        add(self.police_officer, screening_record(self.police_screening), "plate", "1ABC123")
        self.login(self.manager_b)
        home = self.client.get("/en/accounts/work/")
        self.assertContains(home, "/en/links/notices/")
        self.assertContains(home, "1 match notice to decide on")
        notice = MatchNotice.objects.get()
        self.client.post(url("notice", notice_id=notice.pk), {"decision": "no_referral"})
        self.assertNotContains(self.client.get("/en/accounts/work/"), "match notice to decide on")
        self.client.logout()
        self.login(self.worker_b)
        self.assertNotContains(self.client.get("/en/accounts/work/"), "/en/links/notices/")
