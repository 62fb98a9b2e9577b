"""The referrals in the JSON API, through HTTP: the same checks, scopes and services as the pages.

The first class follows each endpoint (success, bad input, scope, paging, CSRF); the second is
generated from the permission table like ``test_permissions.py``: every role against every
endpoint, what the table grants answers 200 or 201, everything else 404.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from keten.accounts.roles import Role
from keten.audit.models import AuditEvent
from keten.cases.models import Document
from keten.encryption import save_encrypted_file
from keten.knowledge.reference import CHAIN_PHASES
from keten.referrals.access import PAGE_SIZE
from keten.referrals.models import ChainPhase, Consent, Notification, Referral, Status
from keten.referrals.permissions import Action, Scope, grant_for
from tests.cases.helpers import make_case
from tests.referrals.helpers import (
    DOC_TITLE,
    FAMILY,
    NAME,
    NOTE,
    ReferralTestCase,
    RolesTestCase,
    make_referral,
    make_screening,
    url,
)

API = "/api/v1"
SUMMARY_KEYS = {
    "legal_basis_label",
    "status_label",
    "scope_labels",
    "id",
    "source_kind",
    "source_id",
    "from_organisation",
    "to_organisation",
    "purpose",
    "scopes",
    "status",
    "expires_on",
    "created_on",
    "decline_reason",
    "legal_basis",
}
SECRETS = (NAME, FAMILY, NOTE, DOC_TITLE, "1995-04-12")


class ApiTestMixin:
    client: Client

    def get_json(self, path: str, *, language: str = "en") -> Any:
        return self.client.get(API + path, headers={"accept-language": language})

    def post_json(self, path: str, body: Any = None, *, language: str = "en", raw: str | None = None) -> Any:
        data = raw if raw is not None else ("" if body is None else json.dumps(body))
        return self.client.post(
            API + path, data, content_type="application/json", headers={"accept-language": language}
        )


class ReferralApiTest(ApiTestMixin, ReferralTestCase):
    def consent(self, kind: str = "prosecution", scopes: tuple[str, ...] = ("procedure",)) -> Consent:
        return Consent.objects.create(
            case=self.case,
            scopes=list(scopes),
            recipient_kind=kind,
            given_on=timezone.localdate(),
            recorded_by=self.worker_a,
        )

    def referral_body(self, **extra: Any) -> dict[str, Any]:
        return {
            "source_kind": "case",
            "source_id": self.case.pk,
            "to_organisation": self.prosecution.pk,
            "purpose": "Follow the procedure",
            "scopes": ["procedure"],
            **extra,
        }

    def errors(self, response: Any) -> dict[str, list[str]]:
        self.assertEqual(response.status_code, 400, response.content)
        errors: dict[str, list[str]] = response.json()["errors"]
        return errors

    # --- Creating -------------------------------------------------------------------------------

    def test_it_records_the_consent_and_then_refers_a_case(self) -> None:
        self.login(self.worker_a)
        today = timezone.localdate().isoformat()
        response = self.post_json(
            f"/referrals/cases/{self.case.pk}/consents",
            {"scopes": ["procedure"], "recipient_kind": "prosecution", "given_on": today},
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["scopes"], ["procedure"])
        self.assertTrue(AuditEvent.objects.filter(action="consent.recorded").exists())
        listed = self.get_json(f"/referrals/cases/{self.case.pk}/consents").json()
        self.assertEqual([item["recipient_kind"] for item in listed], ["prosecution"])

        response = self.post_json("/referrals", self.referral_body())
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual(set(body), SUMMARY_KEYS)
        self.assertEqual(body["status"], "pending")
        self.assertEqual(body["to_organisation"], self.prosecution.name)
        self.assertIsNone(body["legal_basis"])
        expected_end = timezone.localdate() + timedelta(days=90)
        self.assertEqual(body["expires_on"], expected_end.isoformat())
        referral = Referral.objects.get()
        self.assertEqual(referral.scopes, ["procedure"])
        self.assertTrue(AuditEvent.objects.filter(action="referral.created", object_id=str(referral.pk)))
        self.assertTrue(Notification.objects.filter(referral=referral, organisation=self.prosecution))

    def test_it_refuses_a_referral_beyond_the_consent_in_the_request_language(self) -> None:
        self.login(self.worker_a)
        errors = self.errors(self.post_json("/referrals", self.referral_body()))
        self.assertIn("did not agree to share", errors["legal_basis"][0])
        dutch = self.errors(self.post_json("/referrals", self.referral_body(), language="nl"))
        self.assertIn("De persoon stemde er niet mee in", dutch["legal_basis"][0])
        french = self.errors(self.post_json("/referrals", self.referral_body(), language="fr"))
        self.assertNotEqual(french["legal_basis"][0], errors["legal_basis"][0])
        self.consent(scopes=("situation",))
        self.errors(self.post_json("/referrals", self.referral_body()))
        self.assertFalse(Referral.objects.exists())
        self.assertFalse(AuditEvent.objects.filter(action="referral.created").exists())

    def test_it_lets_a_manager_refer_on_a_legal_basis_and_tells_a_worker_why_not(self) -> None:
        self.login(self.worker_a)
        errors = self.errors(self.post_json("/referrals", self.referral_body(legal_basis="minor_in_danger")))
        self.assertEqual(
            errors, {"legal_basis": ["Only a centre manager or a magistrate may record a legal basis."]}
        )
        self.login(self.manager_a)
        errors = self.errors(self.post_json("/referrals", self.referral_body(legal_basis="a_good_reason")))
        self.assertIn("legal_basis", errors)
        response = self.post_json("/referrals", self.referral_body(legal_basis="minor_in_danger"))
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["legal_basis"], "minor_in_danger")
        referral = Referral.objects.get()
        self.assertEqual(referral.legal_basis_by, self.manager_a)
        event = AuditEvent.objects.get(action="referral.legal_basis_recorded")
        self.assertEqual(event.data["basis"], "minor_in_danger")

    def test_it_refuses_bad_input_with_a_clear_message_and_writes_nothing(self) -> None:
        self.consent(scopes=("procedure", "documents"))
        other_case = make_case(self.centre_a, actor=self.worker_a, workers=[self.worker_a])
        other_document = Document.objects.create(
            case=other_case,
            title="Another file",
            stored_as=save_encrypted_file(b"%PDF-1.4 other", folder="cases"),
            content_type="application/pdf",
            extension="pdf",
            size=14,
        )
        far = (timezone.localdate() + timedelta(days=800)).isoformat()
        self.login(self.worker_a)
        cases: list[tuple[str, Any, dict[str, str]]] = [
            ("not JSON", "{scopes: procedure", {"__all__": "This is not valid JSON."}),
            ("not an object", [], {"__all__": "Send a JSON object."}),
            ("unknown field", self.referral_body(colour="red"), {"colour": "There is no such field here."}),
            (
                "scopes as text",
                self.referral_body(scopes="procedure"),
                {"scopes": "Give a list of values here."},
            ),
            ("purpose as object", self.referral_body(purpose={"a": 1}), {"purpose": "Give one value here"}),
            ("no purpose", self.referral_body(purpose=None), {"purpose": "This field is required."}),
            ("bad date", self.referral_body(expires_on="soon"), {"expires_on": "Enter a valid date."}),
            ("too far", self.referral_body(expires_on=far), {"expires_on": "up to one year ahead"}),
            ("scope of a report", self.referral_body(scopes=["report"]), {"scopes": "Select a valid choice"}),
            (
                "no such partner",
                self.referral_body(to_organisation=999999),
                {"to_organisation": "valid choice"},
            ),
            (
                "own centre",
                self.referral_body(to_organisation=self.centre_a.pk),
                {"to_organisation": "valid"},
            ),
            ("unknown kind", self.referral_body(source_kind="car"), {"source_kind": "Say what you refer"}),
            ("no number", self.referral_body(source_id="seven"), {"source_id": "Give the number"}),
            (
                "document of another file",
                self.referral_body(scopes=["documents"], documents=[other_document.pk]),
                {"documents": "valid choice"},
            ),
            ("no documents", self.referral_body(scopes=["documents"]), {"documents": "Choose the documents"}),
        ]
        for label, body, expected in cases:
            with self.subTest(label):
                raw = body if isinstance(body, str) else None
                errors = self.errors(self.post_json("/referrals", body, raw=raw))
                self.assertEqual(set(errors), set(expected))
                for field, fragment in expected.items():
                    self.assertIn(fragment, " ".join(errors[field]))
        self.assertFalse(Referral.objects.exists())
        self.assertFalse(AuditEvent.objects.filter(action="referral.created").exists())
        self.assertFalse(Notification.objects.exists())

    def test_it_answers_404_for_a_record_one_may_not_refer(self) -> None:
        self.consent()
        for user, body in [
            (self.worker_b, self.referral_body()),  # another centre's case
            (self.operator, self.referral_body()),  # the hotline refers no cases
            (self.worker_a, self.referral_body(source_id=999999)),
            (
                self.worker_a,
                self.referral_body(
                    source_kind="screening",
                    source_id=make_screening(self.police_officer, self.police).pk,
                    scopes=["situation"],
                ),
            ),
            (self.immigration_officer, self.referral_body()),  # refers nothing at all
        ]:
            with self.subTest(user=user.email, kind=body["source_kind"]):
                self.login(user)
                self.assert_not_found(self.post_json("/referrals", body))
        self.assertFalse(Referral.objects.exists())

    def test_it_refers_only_the_documents_chosen(self) -> None:
        self.consent(scopes=("documents",))
        document = self.case.documents.get()
        self.login(self.worker_a)
        response = self.post_json(
            "/referrals", self.referral_body(scopes=["documents"], documents=[document.pk])
        )
        self.assertEqual(response.status_code, 201, response.content)
        referral = Referral.objects.get()
        self.assertEqual(list(referral.documents.all()), [document])
        self.login(self.magistrate)
        self.assertEqual(
            self.post_json(f"/referrals/{referral.pk}/answer", {"accept": True}).status_code, 200
        )
        parts = self.get_json(f"/referrals/{referral.pk}").json()["parts"]
        self.assertEqual(list(parts), ["documents"])
        self.assertEqual([item["id"] for item in parts["documents"]["documents"]], [document.pk])

    # --- Answering and withdrawing -----------------------------------------------------------------

    def test_it_accepts_and_declines_with_the_checks_of_the_page(self) -> None:
        referral = make_referral(
            sender=self.centre_a,
            to=self.prosecution,
            by=self.worker_a,
            case=self.case,
            scopes=["procedure"],
            status=Status.PENDING,
        )
        path = f"/referrals/{referral.pk}/answer"
        self.login(self.worker_a)  # the sender does not answer
        self.assert_not_found(self.post_json(path, {"accept": True}))
        self.login(self.magistrate)
        self.assertEqual(self.get_json(f"/referrals/{referral.pk}").json()["parts"], {})  # not yet
        self.assertIn("accept", self.errors(self.post_json(path, {"accept": "yes"})))
        self.assertIn("accept", self.errors(self.post_json(path, {})))
        self.assertEqual(
            self.errors(self.post_json(path, {"accept": False})), {"reason": ["Say why you decline it."]}
        )
        self.assertEqual(
            self.errors(self.post_json(path, {"accept": False, "reason": "  "}, language="nl")),
            {"reason": ["Zeg waarom u weigert."]},
        )
        response = self.post_json(path, {"accept": True})
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["status"], "accepted")
        self.assertTrue(AuditEvent.objects.filter(action="referral.answered", object_id=str(referral.pk)))
        self.assertEqual(
            self.errors(self.post_json(path, {"accept": False, "reason": "Too late"})),
            {"__all__": ["This referral has already been answered."]},
        )
        self.assertEqual(list(self.get_json(f"/referrals/{referral.pk}").json()["parts"]), ["procedure"])

    def test_it_declines_with_a_reason_and_the_access_ends(self) -> None:
        referral = make_referral(
            sender=self.centre_a,
            to=self.prosecution,
            by=self.worker_a,
            case=self.case,
            scopes=["procedure"],
            status=Status.PENDING,
        )
        self.login(self.magistrate)
        response = self.post_json(
            f"/referrals/{referral.pk}/answer", {"accept": False, "reason": "Not for our district"}
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["status"], "declined")
        self.assertEqual(response.json()["decline_reason"], "Not for our district")
        self.assert_not_found(self.get_json(f"/referrals/{referral.pk}"))
        self.login(self.worker_a)
        self.assertEqual(self.get_json(f"/referrals/{referral.pk}").json()["referral"]["status"], "declined")

    def test_it_lets_the_sender_withdraw_and_the_access_ends_at_once(self) -> None:
        referral = make_referral(
            sender=self.centre_a, to=self.prosecution, by=self.worker_a, case=self.case, scopes=["procedure"]
        )
        path = f"/referrals/{referral.pk}/withdraw"
        self.login(self.magistrate)
        self.assert_not_found(self.post_json(path))
        self.login(self.worker_a)
        response = self.post_json(path)
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["status"], "withdrawn")
        self.assertTrue(AuditEvent.objects.filter(action="referral.withdrawn", object_id=str(referral.pk)))
        self.assertEqual(
            self.errors(self.post_json(path)), {"__all__": ["This referral cannot be withdrawn."]}
        )
        self.login(self.magistrate)
        self.assert_not_found(self.get_json(f"/referrals/{referral.pk}"))
        self.assert_not_found(self.get_json(f"/referrals/{referral.pk}/parts/procedure"))

    # --- Chain phases and consent ----------------------------------------------------------------

    def test_it_records_a_partner_phase_and_refuses_one_it_does_not_own(self) -> None:
        referral = make_referral(
            sender=self.centre_a, to=self.prosecution, by=self.worker_a, case=self.case, scopes=["procedure"]
        )
        path = f"/referrals/{referral.pk}/phases"
        self.login(self.magistrate)
        response = self.post_json(path, {"phase": "prosecution", "started_on": "2026-03-01"})
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["outcome"], "ongoing")
        self.assertEqual(response.json()["organisation"], self.prosecution.name)
        self.assertTrue(AuditEvent.objects.filter(action="chain.phase_recorded").exists())
        self.assertEqual([item["phase"] for item in self.get_json(path).json()], ["prosecution"])
        errors = self.errors(
            self.post_json(
                path, {"phase": "conviction", "started_on": "2026-03-01", "ended_on": "2026-02-01"}
            )
        )
        self.assertEqual(errors, {"ended_on": ["The end comes before the start."]})
        self.assertIn(
            "outcome",
            self.errors(
                self.post_json(path, {"phase": "conviction", "started_on": "2026-03-01", "outcome": "maybe"})
            ),
        )
        self.assertIn("started_on", self.errors(self.post_json(path, {"phase": "conviction"})))
        denied = AuditEvent.objects.filter(action="referral.denied").count()
        self.assert_not_found(self.post_json(path, {"phase": "arrest", "started_on": "2026-03-01"}))
        self.assertEqual(AuditEvent.objects.filter(action="referral.denied").count(), denied + 1)
        self.assertEqual(ChainPhase.objects.count(), 1)

        pending = make_referral(
            sender=self.centre_a,
            to=self.prosecution,
            by=self.worker_a,
            case=self.case,
            scopes=["procedure"],
            status=Status.PENDING,
        )
        self.assert_not_found(
            self.post_json(
                f"/referrals/{pending.pk}/phases", {"phase": "prosecution", "started_on": "2026-03-01"}
            )
        )

    def test_it_shows_the_centre_the_chain_and_records_its_own_phases(self) -> None:
        referral = make_referral(
            sender=self.centre_a, to=self.prosecution, by=self.worker_a, case=self.case, scopes=["procedure"]
        )
        ChainPhase.objects.create(
            case=self.case,
            phase="prosecution",
            started_on=date(2026, 3, 1),
            organisation=self.prosecution,
            referral=referral,
            recorded_by=self.magistrate,
        )
        path = f"/referrals/cases/{self.case.pk}/phases"
        self.login(self.worker_a)
        response = self.post_json(
            path, {"phase": "identification", "started_on": "2026-01-06", "outcome": "done"}
        )
        self.assertEqual(response.status_code, 201, response.content)
        chain = self.get_json(path).json()
        self.assertEqual(
            [(item["phase"], item["organisation"]) for item in chain],
            [
                ("identification", self.centre_a.name),
                ("prosecution", self.prosecution.name),
            ],
        )
        self.assert_not_found(self.post_json(path, {"phase": "conviction", "started_on": "2026-01-06"}))
        self.login(self.worker_b)
        self.assert_not_found(self.get_json(path))
        self.assert_not_found(self.post_json(path, {"phase": "identification", "started_on": "2026-01-06"}))

    def test_it_records_lists_and_withdraws_consent(self) -> None:
        path = f"/referrals/cases/{self.case.pk}/consents"
        today = timezone.localdate()
        self.login(self.worker_a)
        errors = self.errors(self.post_json(path, {"scopes": ["identity"], "given_on": today.isoformat()}))
        self.assertEqual(errors, {"recipient_kind": ["Say with whom the person agreed to share."]})
        tomorrow = (today + timedelta(days=1)).isoformat()
        errors = self.errors(
            self.post_json(path, {"scopes": ["identity"], "recipient": self.police.pk, "given_on": tomorrow})
        )
        self.assertEqual(errors, {"given_on": ["This day is in the future."]})
        self.assertIn(
            "scopes",
            self.errors(
                self.post_json(
                    path, {"scopes": ["report"], "recipient_kind": "police", "given_on": today.isoformat()}
                )
            ),
        )
        self.assertFalse(Consent.objects.exists())
        response = self.post_json(
            path, {"scopes": ["identity"], "recipient": self.police.pk, "given_on": today.isoformat()}
        )
        self.assertEqual(response.status_code, 201, response.content)
        consent = response.json()
        self.assertEqual(
            (consent["recipient"], consent["recipient_name"]), (self.police.pk, self.police.name)
        )
        self.assertIsNone(consent["recipient_kind"])
        withdraw = f"{path}/{consent['id']}/withdraw"
        response = self.post_json(withdraw)
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["withdrawn_on"], today.isoformat())
        self.assertTrue(AuditEvent.objects.filter(action="consent.withdrawn").exists())
        self.assert_not_found(self.post_json(withdraw))
        self.assertEqual([item["withdrawn_on"] for item in self.get_json(path).json()], [today.isoformat()])
        self.login(self.worker_b)
        self.assert_not_found(self.get_json(path))
        self.assert_not_found(
            self.post_json(
                path, {"scopes": ["identity"], "recipient_kind": "police", "given_on": today.isoformat()}
            )
        )
        self.assertEqual(Consent.objects.count(), 1)

    # --- Scope, paging, authentication ----------------------------------------------------------

    def test_it_never_shows_the_receiver_anything_outside_the_scope(self) -> None:
        referral = make_referral(
            sender=self.centre_a, to=self.prosecution, by=self.worker_a, case=self.case, scopes=["procedure"]
        )
        self.login(self.magistrate)
        responses = {
            "list": self.get_json("/referrals/received"),
            "detail": self.get_json(f"/referrals/{referral.pk}"),
            "part": self.get_json(f"/referrals/{referral.pk}/parts/procedure"),
            "phases": self.get_json(f"/referrals/{referral.pk}/phases"),
        }
        for name, response in responses.items():
            with self.subTest(name):
                self.assertEqual(response.status_code, 200)
                for secret in SECRETS:
                    self.assertNotIn(secret, response.content.decode())
        self.assertEqual(set(responses["list"].json()["results"][0]), SUMMARY_KEYS)
        detail = responses["detail"].json()
        self.assertEqual(set(detail), {"referral", "parts"})
        self.assertEqual(set(detail["referral"]), SUMMARY_KEYS)
        self.assertEqual(list(detail["parts"]), ["procedure"])
        self.assertIn("2026-01-05", responses["part"].content.decode())
        for scope in ("identity", "situation", "documents", "report", "nonsense"):
            self.assert_not_found(self.get_json(f"/referrals/{referral.pk}/parts/{scope}"))
        viewed = AuditEvent.objects.filter(action="referral.viewed", object_id=str(referral.pk))
        self.assertEqual({event.data["how"] for event in viewed}, {"api"})

        # A role sees only what the table gives it, even when more is offered.
        offered = make_referral(
            sender=self.centre_a,
            to=self.immigration,
            by=self.worker_a,
            case=self.case,
            scopes=["situation", "identity", "procedure"],
        )
        self.login(self.immigration_officer)
        parts = self.get_json(f"/referrals/{offered.pk}").json()["parts"]
        self.assertEqual(list(parts), ["identity", "procedure"])
        self.assertNotIn("sector", json.dumps(parts))
        # The sender gets the summary, never the parts, and that read is audited too.
        self.login(self.worker_a)
        self.assertEqual(self.get_json(f"/referrals/{referral.pk}").json()["parts"], {})
        self.assertTrue(AuditEvent.objects.filter(action="referral.opened_sent").exists())

    def test_it_pages_the_lists_newest_first_with_next_and_previous(self) -> None:
        count = PAGE_SIZE + 5
        moment = timezone.now()
        Referral.objects.bulk_create(
            Referral(
                source_kind="case",
                case=self.case,
                from_organisation=self.centre_a,
                to_organisation=self.prosecution,
                purpose="Follow the procedure",
                scopes=["procedure"],
                expires_on=timezone.localdate() + timedelta(days=30),
                created_by=self.worker_a,
                # Ten share each moment: the order must still be stable (the id breaks ties).
                created_at=moment - timedelta(minutes=number // 10),
            )
            for number in range(count)
        )
        expected = list(Referral.objects.order_by("-created_at", "-pk").values_list("pk", flat=True))
        self.login(self.magistrate)
        first = self.get_json("/referrals/received").json()
        self.assertEqual((first["count"], first["page"], first["pages"]), (count, 1, 2))
        self.assertEqual(first["previous"], None)
        self.assertEqual(first["next"], f"{API}/referrals/received?page=2")
        second = self.client.get(first["next"], headers={"accept-language": "en"}).json()
        self.assertEqual(second["next"], None)
        self.assertEqual(second["previous"], f"{API}/referrals/received?page=1")
        ids = [row["id"] for row in first["results"]] + [row["id"] for row in second["results"]]
        self.assertEqual(ids, expected)
        self.assertEqual(len(first["results"]), PAGE_SIZE)
        for number in ("3", "0", "two", "-1"):
            with self.subTest(page=number):
                errors = self.errors(self.get_json(f"/referrals/received?page={number}"))
                self.assertEqual(errors, {"page": ["Ask for a page from 1 to 2."]})
        dutch = self.errors(self.get_json("/referrals/received?page=9", language="nl"))
        self.assertEqual(dutch, {"page": ["Vraag een pagina van 1 tot 2."]})
        # The inbox page shows the same order, a page at a time.
        page = self.client.get(url("inbox") + "?page=2")
        self.assertContains(page, f"#{expected[-1]}<")
        self.assertNotContains(page, f"#{expected[0]}<")
        self.assertContains(page, "Page 2 of 2")

        self.login(self.worker_a)
        sent = self.get_json("/referrals/sent?page=2").json()
        self.assertEqual([row["id"] for row in sent["results"]], expected[PAGE_SIZE:])
        self.assertContains(self.client.get(url("sent") + "?page=2"), f"#{expected[-1]}<")
        self.client.logout()
        self.login(self.inspector)  # nothing was referred to the social inspection
        self.assertEqual(
            self.get_json("/referrals/received").json(),
            {"count": 0, "page": 1, "pages": 1, "next": None, "previous": None, "results": []},
        )

    def test_it_needs_the_csrf_token_for_every_write(self) -> None:
        self.consent()
        client = self.login(self.worker_a, Client(enforce_csrf_checks=True))
        body = json.dumps(self.referral_body())
        refused = client.post(f"{API}/referrals", body, content_type="application/json")
        self.assertEqual(refused.status_code, 403)
        self.assertFalse(Referral.objects.exists())
        client.get(url("new") + f"?case={self.case.pk}")  # the form page hands out the token
        token = client.cookies["csrftoken"].value
        accepted = client.post(
            f"{API}/referrals", body, content_type="application/json", headers={"x-csrftoken": token}
        )
        self.assertEqual(accepted.status_code, 201, accepted.content)
        self.assertEqual(client.get(f"{API}/referrals/sent").status_code, 200)  # reads need no token

    def test_it_refuses_anonymous_visitors_and_sessions_without_the_second_factor(self) -> None:
        self.consent()
        self.assertEqual(self.get_json("/referrals/received").status_code, 401)
        self.assertEqual(self.post_json("/referrals", self.referral_body()).status_code, 401)
        self.login_password_only(self.worker_a)
        self.assertNotIn(self.post_json("/referrals", self.referral_body()).status_code, (200, 201))
        self.assertFalse(Referral.objects.exists())

    def test_it_documents_every_endpoint_in_openapi(self) -> None:
        document = Client().get(f"{API}/openapi.json").json()
        paths = {path for path in document["paths"] if path.startswith(f"{API}/referrals")}
        self.assertEqual(
            paths,
            {
                f"{API}/referrals",
                f"{API}/referrals/received",
                f"{API}/referrals/sent",
                f"{API}/referrals/{{referral_id}}",
                f"{API}/referrals/{{referral_id}}/parts/{{scope}}",
                f"{API}/referrals/{{referral_id}}/answer",
                f"{API}/referrals/{{referral_id}}/withdraw",
                f"{API}/referrals/{{referral_id}}/phases",
                f"{API}/referrals/cases/{{case_id}}/phases",
                f"{API}/referrals/cases/{{case_id}}/consents",
                f"{API}/referrals/cases/{{case_id}}/consents/{{consent_id}}/withdraw",
            },
        )
        create = document["paths"][f"{API}/referrals"]["post"]
        body = create["requestBody"]["content"]["application/json"]["schema"]
        self.assertFalse(body["additionalProperties"])
        self.assertEqual(
            set(body["required"]), {"source_kind", "source_id", "to_organisation", "purpose", "scopes"}
        )
        self.assertEqual(set(create["responses"]), {"201", "400"})
        received = document["paths"][f"{API}/referrals/received"]["get"]
        self.assertEqual([p["name"] for p in received["parameters"]], ["page"])


class ApiPermissionTableTest(ApiTestMixin, RolesTestCase):
    """Every role against every endpoint, expectations read from the permission table."""

    def test_it_checks_every_role_against_the_lists(self) -> None:
        for role in Role:
            self.as_role(role.value)
            grant = grant_for(role.value)
            for path, action in [
                ("/referrals/received", Action.RECEIVE),
                ("/referrals/sent", Action.VIEW_SENT),
            ]:
                with self.subTest(role=role.value, path=path):
                    response = self.get_json(path)
                    self.assertEqual(response.status_code, 200 if action in grant.actions else 404)

    def test_it_checks_every_role_against_every_source_it_may_refer(self) -> None:
        for case in self.own_case.values():
            Consent.objects.create(
                case=case,
                scopes=["situation"],
                recipient_kind="police",
                given_on=timezone.localdate(),
                recorded_by=self.worker_a,
            )
        for role in Role:
            self.as_role(role.value)
            grant = grant_for(role.value)
            sources = {
                "case": self.own_case.get(role.value, self.case).pk,
                "report": self.report.pk,
                "screening": self.own_screening[role.value].pk,
            }
            for kind, pk in sources.items():
                with self.subTest(role=role.value, source=kind):
                    before = Referral.objects.count()
                    response = self.post_json(
                        "/referrals",
                        {
                            "source_kind": kind,
                            "source_id": pk,
                            "to_organisation": self.police.pk,
                            "purpose": "Please look into this",
                            "scopes": ["situation"],
                        },
                    )
                    allowed = kind in grant.refers
                    self.assertEqual(response.status_code, 201 if allowed else 404, response.content)
                    self.assertEqual(Referral.objects.count(), before + (1 if allowed else 0))

    def test_it_checks_every_role_against_the_legal_basis(self) -> None:
        for role in Role:
            self.as_role(role.value)
            grant = grant_for(role.value)
            with self.subTest(role=role.value):
                response = self.post_json(
                    "/referrals",
                    {
                        "source_kind": "screening",
                        "source_id": self.own_screening[role.value].pk,
                        "to_organisation": self.police.pk,
                        "purpose": "A child is in danger",
                        "scopes": ["situation", "screening"],
                        "legal_basis": "minor_in_danger",
                    },
                )
                if Action.RECORD_LEGAL_BASIS in grant.actions:
                    self.assertEqual(response.status_code, 201, response.content)
                    self.assertEqual(response.json()["legal_basis"], "minor_in_danger")
                elif "screening" in grant.refers:
                    self.assertEqual(response.status_code, 400)
                    self.assertEqual(list(response.json()["errors"]), ["legal_basis"])
                else:
                    self.assert_not_found(response)

    def test_it_checks_every_role_against_answering(self) -> None:
        for role in Role:
            self.as_role(role.value)
            grant = grant_for(role.value)
            referral = make_referral(
                sender=self.police,
                to=self.organisation_of(role.value),
                by=self.police_officer,
                screening=make_screening(self.police_officer, self.police),
                scopes=["situation"],
                status=Status.PENDING,
            )
            with self.subTest(role=role.value):
                response = self.post_json(f"/referrals/{referral.pk}/answer", {"accept": True})
                allowed = Action.RECEIVE in grant.actions
                self.assertEqual(response.status_code, 200 if allowed else 404)
                referral.refresh_from_db()
                self.assertEqual(referral.status, Status.ACCEPTED if allowed else Status.PENDING)

    def test_it_checks_every_role_against_withdrawing(self) -> None:
        for role in Role:
            user = self.as_role(role.value)
            grant = grant_for(role.value)
            referral = make_referral(
                sender=self.organisation_of(role.value),
                to=self.police,
                by=user,
                screening=self.own_screening[role.value],
                scopes=["situation"],
            )
            with self.subTest(role=role.value):
                response = self.post_json(f"/referrals/{referral.pk}/withdraw")
                allowed = Action.VIEW_SENT in grant.actions
                self.assertEqual(response.status_code, 200 if allowed else 404)
                referral.refresh_from_db()
                self.assertEqual(referral.status, Status.WITHDRAWN if allowed else Status.ACCEPTED)

    def test_it_checks_every_role_against_every_scope_of_the_detail(self) -> None:
        for role in Role:
            self.as_role(role.value)
            grant = grant_for(role.value)
            for kind, referral in self.referrals[role.value].items():
                with self.subTest(role=role.value, source=kind):
                    response = self.get_json(f"/referrals/{referral.pk}")
                    if Action.RECEIVE not in grant.actions:
                        self.assert_not_found(response)
                        continue
                    self.assertEqual(response.status_code, 200)
                    expected = {s for s in Scope if s.value in referral.scopes and s in grant.scopes}
                    self.assertEqual(set(response.json()["parts"]), {s.value for s in expected})
                    if Scope.IDENTITY not in expected:
                        self.assertNotIn(FAMILY, response.content.decode())

    def test_it_checks_every_role_against_every_chain_phase(self) -> None:
        for role in Role:
            user = self.as_role(role.value)
            grant = grant_for(role.value)
            referral = self.referrals[role.value]["case"]
            for phase in CHAIN_PHASES:
                with self.subTest(role=role.value, phase=phase.id):
                    response = self.post_json(
                        f"/referrals/{referral.pk}/phases", {"phase": phase.id, "started_on": "2026-02-01"}
                    )
                    allowed = phase.id in grant.phases and Action.RECEIVE in grant.actions
                    self.assertEqual(response.status_code, 201 if allowed else 404, response.content)
                    recorded = ChainPhase.objects.filter(case=self.case, phase=phase.id, recorded_by=user)
                    self.assertEqual(recorded.exists(), allowed)

    def test_it_checks_every_role_against_the_consent_and_chain_of_a_case(self) -> None:
        today = timezone.localdate().isoformat()
        for role in Role:
            user = self.as_role(role.value)
            grant = grant_for(role.value)
            case = self.own_case.get(role.value, self.case)
            consents = f"/referrals/cases/{case.pk}/consents"
            chain = f"/referrals/cases/{case.pk}/phases"
            probes: list[tuple[Action, int, str, dict[str, Any] | None]] = [
                (Action.RECORD_CONSENT, 200, consents, None),
                (
                    Action.RECORD_CONSENT,
                    201,
                    consents,
                    {"scopes": ["situation"], "recipient_kind": "police", "given_on": today},
                ),
                (Action.VIEW_CHAIN, 200, chain, None),
                (Action.VIEW_CHAIN, 201, chain, {"phase": "identification", "started_on": today}),
            ]
            for action, status, path, body in probes:
                with self.subTest(role=role.value, action=action.value, write=body is not None):
                    response = self.get_json(path) if body is None else self.post_json(path, body)
                    self.assertEqual(response.status_code, status if action in grant.actions else 404)
            with self.subTest(role=role.value, action="saved"):
                self.assertEqual(
                    Consent.objects.filter(recorded_by=user).exists(), Action.RECORD_CONSENT in grant.actions
                )
                self.assertEqual(
                    ChainPhase.objects.filter(recorded_by=user).exists(), Action.VIEW_CHAIN in grant.actions
                )

    def test_it_hides_everything_from_an_outsider(self) -> None:
        self.login(self.outsider)
        referral = self.referrals[Role.SOCIAL_WORKER.value]["case"]
        case = self.case.pk
        for path in [
            "/referrals/received",
            "/referrals/sent",
            f"/referrals/{referral.pk}",
            f"/referrals/{referral.pk}/parts/situation",
            f"/referrals/{referral.pk}/phases",
            f"/referrals/cases/{case}/phases",
            f"/referrals/cases/{case}/consents",
        ]:
            with self.subTest(path=path):
                self.assert_not_found(self.get_json(path))
        for path in [
            "/referrals",
            f"/referrals/{referral.pk}/answer",
            f"/referrals/{referral.pk}/withdraw",
            f"/referrals/{referral.pk}/phases",
            f"/referrals/cases/{case}/phases",
            f"/referrals/cases/{case}/consents",
        ]:
            with self.subTest(path=path):
                self.assert_not_found(self.post_json(path, {}))
