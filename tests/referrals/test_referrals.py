"""Referrals through HTTP: consent, legal basis, expiry, notifications, scopes, who saw what."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from django.core import mail
from django.utils import timezone

from keten.audit.models import AuditEvent
from keten.referrals.models import Consent, Referral, Status
from tests.referrals.helpers import DOC_TITLE, FAMILY, NAME, NOTE, ReferralTestCase, make_referral, url


class ReferralFlowTest(ReferralTestCase):
    def refer(self, **extra: object) -> Any:
        data = {
            "case": self.case.pk,
            "to_organisation": self.prosecution.pk,
            "purpose": "Follow the procedure",
            "scopes": ["procedure"],
            "expires_on": (timezone.localdate() + timedelta(days=90)).isoformat(),
            **extra,
        }
        return self.client.post(url("new") + f"?case={self.case.pk}", data)

    def consent(self, kind: str = "prosecution", scopes: tuple[str, ...] = ("procedure",)) -> None:
        Consent.objects.create(
            case=self.case,
            scopes=list(scopes),
            recipient_kind=kind,
            given_on=timezone.localdate(),
            recorded_by=self.worker_a,
        )

    def test_it_explains_the_form_without_a_raw_placeholder(self) -> None:
        self.login(self.worker_a)
        response = self.client.get(url("new") + f"?case={self.case.pk}")
        self.assertContains(response, "The partner sees only the parts you tick")
        self.assertNotContains(response, "%(")

    def test_it_refuses_a_referral_beyond_the_consent(self) -> None:
        self.login(self.worker_a)
        response = self.refer()
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "did not agree", status_code=400)
        self.assertContains(response, "Follow the procedure", status_code=400)  # nothing lost
        self.assertFalse(Referral.objects.exists())
        self.consent(scopes=("situation",))
        self.assertEqual(self.refer().status_code, 400)

    def test_it_records_the_consent_on_the_case_and_then_refers(self) -> None:
        self.login(self.worker_a)
        response = self.client.post(
            url("consent", case_id=self.case.pk),
            {
                "scopes": ["procedure"],
                "recipient_kind": "prosecution",
                "given_on": timezone.localdate().isoformat(),
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(AuditEvent.objects.filter(action="consent.recorded").exists())
        response = self.refer()
        self.assertEqual(response.status_code, 302)
        referral = Referral.objects.get()
        self.assertEqual(referral.scopes, ["procedure"])
        self.assertEqual(referral.legal_basis, "")

    def test_it_lets_a_manager_refer_on_a_legal_basis_audited_and_shown(self) -> None:
        self.login(self.worker_a)
        # A social worker has no legal-basis field: the form refuses.
        self.assertEqual(self.refer(legal_basis="minor_in_danger").status_code, 400)
        self.login(self.manager_a)
        response = self.refer(legal_basis="minor_in_danger")
        self.assertEqual(response.status_code, 302)
        referral = Referral.objects.get()
        self.assertEqual(referral.legal_basis, "minor_in_danger")
        self.assertEqual(referral.legal_basis_by, self.manager_a)
        event = AuditEvent.objects.get(action="referral.legal_basis_recorded")
        self.assertEqual(event.data["basis"], "minor_in_danger")
        page = self.client.get(f"/en/cases/{self.case.pk}/chain/")
        self.assertContains(page, "A minor in serious and imminent danger")

    def test_it_notifies_the_receivers_without_personal_data(self) -> None:
        self.consent()
        self.login(self.worker_a)
        with self.captureOnCommitCallbacks(execute=True):
            self.refer()
        self.assertEqual([m.to for m in mail.outbox], [[self.magistrate.email]])
        message = mail.outbox[0]
        self.assertEqual(message.subject, "Er wacht een nieuwe doorverwijzing in Keten")  # in their language
        for secret in (NAME, FAMILY, NOTE, "Follow the procedure", f"#{self.case.pk}", self.centre_a.name):
            self.assertNotIn(secret, str(message.subject) + str(message.body))
        self.login(self.magistrate)
        home = self.client.get("/en/accounts/work/")
        self.assertContains(home, "1 new referral is waiting")
        self.client.get(url("detail", referral_id=Referral.objects.get().pk))
        self.assertContains(self.client.get("/en/accounts/work/"), "0 new referrals are waiting")

    def test_it_shows_exactly_the_procedure_scope_in_html_api_and_export(self) -> None:
        referral = make_referral(
            sender=self.centre_a, to=self.prosecution, by=self.worker_a, case=self.case, scopes=["procedure"]
        )
        self.login(self.magistrate)
        responses = [
            self.client.get(url("detail", referral_id=referral.pk)),
            self.client.get(url("part", referral_id=referral.pk, scope="procedure")),
            self.client.get(f"/api/v1/referrals/{referral.pk}"),
            self.client.get(url("export", referral_id=referral.pk)),
        ]
        for response in responses:
            self.assertEqual(response.status_code, 200)
            body = response.content.decode()
            # The procedure and the residence document: ISO in JSON, in the reader's language on pages.
            self.assertIn("2026-01-05" if "json" in response["Content-Type"] else "5 January 2026", body)
            for secret in (NAME, FAMILY, NOTE, DOC_TITLE, "1995-04-12"):
                self.assertNotIn(secret, body)
        data = json.loads(responses[2].content)
        self.assertEqual(list(data["parts"]), ["procedure"])
        self.assertEqual(json.loads(responses[3].content)["parts"].keys(), data["parts"].keys())
        for scope in ("identity", "situation", "documents"):
            self.assert_not_found(self.client.get(url("part", referral_id=referral.pk, scope=scope)))
            self.assertEqual(
                self.client.get(f"/api/v1/referrals/{referral.pk}/parts/{scope}").status_code, 404
            )
        document = self.case.documents.get()
        self.assert_not_found(
            self.client.get(url("document", referral_id=referral.pk, document_id=document.pk))
        )
        self.assertEqual(AuditEvent.objects.filter(action="referral.denied").count(), 7)
        self.assertTrue(
            AuditEvent.objects.filter(action="referral.viewed", object_id=str(referral.pk)).exists()
        )

    def test_it_shows_nothing_before_acceptance_and_nothing_after_expiry(self) -> None:
        referral = make_referral(
            sender=self.centre_a,
            to=self.prosecution,
            by=self.worker_a,
            case=self.case,
            scopes=["procedure"],
            status=Status.PENDING,
        )
        self.login(self.magistrate)
        self.assert_not_found(self.client.get(url("part", referral_id=referral.pk, scope="procedure")))
        response = self.client.post(
            url("answer", referral_id=referral.pk), {"decision": "decline", "reason": ""}
        )
        self.assertContains(response, "Say why you decline it", status_code=400)
        self.client.post(url("answer", referral_id=referral.pk), {"decision": "accept"})
        self.assertEqual(
            self.client.get(url("part", referral_id=referral.pk, scope="procedure")).status_code, 200
        )
        Referral.objects.filter(pk=referral.pk).update(expires_on=timezone.localdate() - timedelta(days=1))
        self.assert_not_found(self.client.get(url("detail", referral_id=referral.pk)))
        self.assert_not_found(self.client.get(url("export", referral_id=referral.pk)))
        self.assertEqual(self.client.get(f"/api/v1/referrals/{referral.pk}").status_code, 404)
        self.assertNotContains(self.client.get(url("inbox")), f"#{referral.pk}<")

    def test_it_lets_the_sender_withdraw_and_the_access_ends(self) -> None:
        referral = make_referral(
            sender=self.centre_a, to=self.prosecution, by=self.worker_a, case=self.case, scopes=["procedure"]
        )
        self.login(self.worker_a)
        self.assertEqual(self.client.post(url("withdraw", referral_id=referral.pk)).status_code, 302)
        self.login(self.magistrate)
        self.assert_not_found(self.client.get(url("detail", referral_id=referral.pk)))

    def test_it_records_phases_by_their_owner_and_shows_the_chain_to_the_centre(self) -> None:
        referral = make_referral(
            sender=self.centre_a, to=self.prosecution, by=self.worker_a, case=self.case, scopes=["procedure"]
        )
        self.login(self.magistrate)
        response = self.client.post(
            url("record_phase", referral_id=referral.pk),
            {"phase": "prosecution", "started_on": "2026-03-01", "outcome": "ongoing"},
        )
        self.assertEqual(response.status_code, 302)
        api = self.client.post(
            f"/api/v1/referrals/{referral.pk}/phases",
            {"phase": "arrest", "started_on": "2026-03-01"},
            content_type="application/json",
        )
        self.assertEqual(api.status_code, 404)
        self.assert_not_found(self.client.get(url("chain", case_id=self.case.pk)))
        self.login(self.worker_a)
        chain = self.client.get(url("chain", case_id=self.case.pk))
        self.assertContains(chain, "Prosecution")
        self.assertContains(chain, self.prosecution.name)
        self.assertContains(self.client.get(f"/en/cases/{self.case.pk}/timeline/"), "Chain: Prosecution")

    def test_it_shows_the_centre_who_saw_what(self) -> None:
        referral = make_referral(
            sender=self.centre_a, to=self.prosecution, by=self.worker_a, case=self.case, scopes=["procedure"]
        )
        self.login(self.magistrate)
        self.client.get(url("detail", referral_id=referral.pk))
        self.client.get(url("part", referral_id=referral.pk, scope="identity"))
        self.login(self.manager_a)
        page = self.client.get(url("who_saw", case_id=self.case.pk))
        self.assertContains(page, self.prosecution.name)
        self.assertContains(page, f"Opened referral #{referral.pk}")
        self.assertContains(
            page, f"Was refused the part: Identity and contact details (referral #{referral.pk})"
        )
        self.assertContains(page, str(self.magistrate))
        self.login(self.worker_b)
        self.assert_not_found(self.client.get(url("who_saw", case_id=self.case.pk)))

    def test_it_refers_a_report_from_the_hotline_without_the_reporter_contact(self) -> None:
        from tests.referrals.helpers import make_report

        report = make_report()
        self.login(self.operator)
        response = self.client.post(
            url("new") + f"?report={report.pk}",
            {
                "report": report.pk,
                "to_organisation": self.police.pk,
                "purpose": "Please look into this",
                "scopes": ["situation"],
                "expires_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
            },
        )
        self.assertEqual(response.status_code, 302)
        referral = Referral.objects.get()
        self.login(self.police_officer)
        self.client.post(url("answer", referral_id=referral.pk), {"decision": "accept"})
        body = self.client.get(url("export", referral_id=referral.pk)).content.decode()
        self.assertIn("situation", body)
        self.assertNotIn("reporter@example.org", body)
        self.assertNotIn("warehouse", body)
