"""A report referred on the hotline's mandate: recorded, audited, shown to the receiver; the
reporter's own details kept out unless they agreed."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone, translation
from django.utils.html import escape

from keten.audit.models import AuditEvent
from keten.referrals.models import LegalBasis, Referral, Status
from tests.referrals.helpers import ReferralTestCase, make_report, url

CONTACT = "reporter@example.org"


class ReportMandateTest(ReferralTestCase):
    def refer(self, **extra: object) -> Referral:
        report = make_report()
        report.province = "brussels_capital"
        report.save(update_fields=["province"])
        self.login(self.operator)
        data = {
            "to_organisation": self.police.pk,
            "purpose": "Please look at this workplace",
            "scopes": ["situation", "report"],
            "expires_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
            **extra,
        }
        response = self.client.post(url("new") + f"?report={report.pk}", data)
        self.assertEqual(
            response.status_code, 302, getattr(response, "context", None) and response.context["form"].errors
        )
        return Referral.objects.get(report=report)

    def test_the_hotline_refers_what_a_report_says_on_its_mandate(self) -> None:
        referral = self.refer()
        self.assertEqual(referral.legal_basis, LegalBasis.HOTLINE_MANDATE)
        self.assertEqual(referral.legal_basis_by, self.operator)
        event = AuditEvent.objects.get(action="referral.legal_basis_recorded", object_id=str(referral.pk))
        self.assertEqual(event.data["basis"], "hotline_mandate")
        self.assertFalse(referral.reporter_contact_shared)

    def test_the_receiver_sees_the_basis_labels_and_dates_in_their_language_but_not_the_reporter(
        self,
    ) -> None:
        referral = self.refer()
        Referral.objects.filter(pk=referral.pk).update(status=Status.ACCEPTED)
        self.login(self.police_officer)
        with translation.override("nl"):
            response = self.client.get(f"/nl/referrals/{referral.pk}/")
        body = response.content.decode()
        self.assertEqual(response.status_code, 200)
        self.assertIn("Workers sleep in the warehouse", body)
        self.assertIn("Brussel-Hoofdstad", body)
        self.assertNotIn("brussels_capital", body)
        self.assertNotIn(CONTACT, body)
        with translation.override("nl"):
            self.assertIn(escape(str(LegalBasis.HOTLINE_MANDATE.label)), body)
        month = timezone.localdate().month
        dutch_months = [
            "januari",
            "februari",
            "maart",
            "april",
            "mei",
            "juni",
            "juli",
            "augustus",
            "september",
            "oktober",
            "november",
            "december",
        ]
        self.assertIn(dutch_months[month - 1], body)
        self.assertNotIn(timezone.localdate().isoformat(), body.split('id="part-situation"')[1])
        api = self.client.get(f"/api/v1/referrals/{referral.pk}", HTTP_ACCEPT_LANGUAGE="fr").json()
        self.assertEqual(api["parts"]["situation"]["province"]["code"], "brussels_capital")
        self.assertEqual(api["parts"]["situation"]["province"]["label"], "Bruxelles-Capitale")
        self.assertNotIn("contact", api["parts"]["report"])
        self.assertEqual(api["referral"]["legal_basis"], "hotline_mandate")

    def test_the_reporters_contact_goes_along_only_when_they_agreed(self) -> None:
        referral = self.refer(reporter_contact_shared="on")
        self.assertTrue(referral.reporter_contact_shared)
        Referral.objects.filter(pk=referral.pk).update(status=Status.ACCEPTED)
        self.login(self.police_officer)
        self.assertIn(CONTACT, self.client.get(f"/en/referrals/{referral.pk}/").content.decode())
        event = AuditEvent.objects.get(action="referral.created", object_id=str(referral.pk))
        self.assertTrue(event.data["reporter_contact_shared"])

    def test_situation_only_needs_no_legal_basis(self) -> None:
        referral = self.refer(scopes=["situation"])
        self.assertEqual(referral.legal_basis, "")

    def test_nobody_but_the_hotline_uses_its_mandate(self) -> None:
        self.login(self.manager_a)
        response = self.client.post(
            "/api/v1/referrals",
            {
                "source_kind": "case",
                "source_id": self.case.pk,
                "to_organisation": self.police.pk,
                "purpose": "x",
                "scopes": ["situation"],
                "legal_basis": "hotline_mandate",
            },
            content_type="application/json",
            HTTP_X_CSRFTOKEN=self.client.cookies["csrftoken"].value
            if "csrftoken" in self.client.cookies
            else "",
        )
        self.assertIn(response.status_code, (400, 403))
        self.assertFalse(Referral.objects.filter(legal_basis="hotline_mandate").exists())


class ScreeningLabelsTest(ReferralTestCase):
    def test_the_receiver_reads_the_qualification_and_urgency_as_words(self) -> None:
        from tests.referrals.helpers import make_referral, make_screening

        screening = make_screening(self.worker_a, self.centre_a, consent="yes")
        referral = make_referral(
            sender=self.centre_a, to=self.police, by=self.worker_a, screening=screening, scopes=["situation"]
        )
        self.login(self.police_officer)
        body = self.client.get(f"/en/referrals/{referral.pk}/").content.decode()
        self.assertIn("The facts make out human trafficking.", body)
        situation = self.client.get(f"/api/v1/referrals/{referral.pk}").json()["parts"]["situation"]
        self.assertEqual(situation["qualification"]["code"], "trafficking")
        self.assertEqual(situation["urgency"]["code"], "soon")


class ShownValuesTest(ReferralTestCase):
    def test_months_days_and_codes_read_in_the_readers_language(self) -> None:
        from datetime import date

        from keten.referrals.templatetags.referral_tags import show_value

        with translation.override("fr"):
            self.assertEqual(show_value("2026-10"), "octobre 2026")
            self.assertEqual(show_value(date(2026, 10, 8)), "8 octobre 2026")
            self.assertEqual(
                show_value({"code": "brussels_capital", "label": "Bruxelles-Capitale"}), "Bruxelles-Capitale"
            )
