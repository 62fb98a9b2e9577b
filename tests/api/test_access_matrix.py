"""Every endpoint of the records API against every person: what the pages let them see, else 404.

The expectations are written out here, role by role, from the pages' own rules: the hotline's
inbox (operators, and organisations granted access), case files (the assigned workers and the
centre's manager, of the centre the token acts for), the chain (centre staff of the case).
"""

from __future__ import annotations

from django.utils import timezone

from keten.accounts.models import Membership
from keten.accounts.roles import Role
from keten.audit.models import AuditEvent
from keten.intake.models import InboxAccess
from tests.api.helpers import bearer, token_for
from tests.referrals.helpers import ReferralTestCase, make_report

PEOPLE = (
    "worker_a",
    "worker_b",
    "manager_a",
    "police_officer",
    "magistrate",
    "inspector",
    "immigration_officer",
    "operator",
    "admin",
)


class AccessMatrixTest(ReferralTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.report = make_report()
        # The police zone is granted read access to the hotline's inbox; the inspection is not.
        InboxAccess.objects.create(organisation=cls.police, level="read", granted_at=timezone.now())

    def expected(self) -> dict[str, set[str]]:
        case, report = self.case.pk, self.report.pk
        return {
            "/api/v1/reports": {"operator", "police_officer"},
            f"/api/v1/reports/{report}": {"operator", "police_officer"},
            "/api/v1/cases": {"worker_a", "worker_b", "manager_a"},
            "/api/v1/cases/deadlines": {"worker_a", "worker_b", "manager_a"},
            f"/api/v1/cases/{case}": {"worker_a", "manager_a"},
            f"/api/v1/referrals/cases/{case}/phases": {"worker_a", "manager_a"},
            f"/api/v1/referrals/cases/{case}/consents": {"worker_a", "manager_a"},
        }

    def test_every_person_against_every_endpoint(self) -> None:
        secrets = {name: token_for(getattr(self, name)) for name in PEOPLE}
        for path, allowed in self.expected().items():
            for name in PEOPLE:
                with self.subTest(path=path, person=name):
                    response = self.client.get(path, **bearer(secrets[name]))
                    self.assertEqual(response.status_code, 200 if name in allowed else 404, response.content)
                    self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")

    def test_nobody_without_a_token_or_session_gets_in(self) -> None:
        for path in self.expected():
            with self.subTest(path=path):
                response = self.client.get(path)
                self.assertEqual(response.status_code, 401)
                self.assertIn("detail", response.json())

    def test_a_person_without_a_membership_sees_nothing(self) -> None:
        self.login(self.outsider)
        for path in self.expected():
            with self.subTest(path=path):
                self.assertEqual(self.client.get(path).status_code, 404)

    def test_another_centres_worker_sees_none_of_the_cases(self) -> None:
        body = self.client.get("/api/v1/cases?state=all", **bearer(token_for(self.worker_b))).json()
        self.assertEqual(body["count"], 0)
        body = self.client.get("/api/v1/cases?state=all", **bearer(token_for(self.worker_a))).json()
        self.assertEqual([item["id"] for item in body["results"]], [self.case.pk])

    def test_a_token_for_another_organisation_sees_nothing_of_the_first(self) -> None:
        # The centre's manager is also an investigator of the police: that token opens no case.
        Membership.objects.create(user=self.manager_a, organisation=self.police, role=Role.INVESTIGATOR)
        police = token_for(self.manager_a, self.police)
        centre = token_for(self.manager_a, self.centre_a)
        path = f"/api/v1/cases/{self.case.pk}"
        self.assertEqual(self.client.get(path, **bearer(police)).status_code, 404)
        self.assertEqual(self.client.get(path, **bearer(centre)).status_code, 200)
        # ... and the police's inbox grant does not follow the centre's token.
        self.assertEqual(self.client.get("/api/v1/reports", **bearer(centre)).status_code, 404)
        self.assertEqual(self.client.get("/api/v1/reports", **bearer(police)).status_code, 200)

    def test_reads_are_audited_like_the_pages(self) -> None:
        operator = token_for(self.operator)
        self.client.get(f"/api/v1/reports/{self.report.pk}", **bearer(operator))
        self.assertTrue(
            AuditEvent.objects.filter(action="report.viewed", object_id=str(self.report.pk)).exists()
        )
        self.client.get("/api/v1/reports", **bearer(operator))
        self.assertTrue(AuditEvent.objects.filter(action="report.listed").exists())
        self.client.get(f"/api/v1/cases/{self.case.pk}", **bearer(token_for(self.worker_a)))
        self.assertTrue(AuditEvent.objects.filter(action="case.viewed", object_id=str(self.case.pk)).exists())
        self.client.get("/api/v1/cases", **bearer(token_for(self.manager_a)))
        listed = AuditEvent.objects.filter(action="caseload.viewed").latest("pk")
        self.assertEqual(listed.data["cases"], [self.case.pk])


class CodesAndPagingTest(ReferralTestCase):
    def test_codes_stay_and_labels_follow_the_language(self) -> None:
        secret = token_for(self.worker_a)
        path = f"/api/v1/cases/{self.case.pk}"
        dutch = self.client.get(path, **bearer(secret, HTTP_ACCEPT_LANGUAGE="nl")).json()
        french = self.client.get(f"{path}?lang=fr", **bearer(secret, HTTP_ACCEPT_LANGUAGE="nl")).json()
        self.assertEqual(dutch["procedure_state"]["code"], french["procedure_state"]["code"])
        self.assertEqual(dutch["procedure_state"]["code"], self.case.procedure_state)
        self.assertNotEqual(dutch["procedure_state"]["label"], french["procedure_state"]["label"])
        self.assertEqual(dutch["state"], {"code": "open", "label": dutch["state"]["label"]})

    def test_reports_page_with_limit_and_offset_and_filter(self) -> None:
        for _ in range(3):
            make_report()
        secret = token_for(self.operator)
        first = self.client.get("/api/v1/reports?limit=2", **bearer(secret)).json()
        self.assertEqual((first["count"], len(first["results"])), (3, 2))
        self.assertIsNone(first["previous"])
        second = self.client.get(first["next"], **bearer(secret)).json()
        self.assertEqual(len(second["results"]), 1)
        self.assertIsNone(second["next"])
        ids = [r["id"] for r in first["results"] + second["results"]]
        self.assertEqual(len(set(ids)), 3)
        self.assertEqual(first["results"][0]["form_of_exploitation"]["code"], "labour")
        none = self.client.get("/api/v1/reports?form_of_exploitation=sexual", **bearer(secret)).json()
        self.assertEqual(none["count"], 0)
        self.assertEqual(self.client.get("/api/v1/reports?limit=1000", **bearer(secret)).status_code, 422)
        self.assertEqual(self.client.get("/api/v1/reports?state=nonsense", **bearer(secret)).status_code, 400)


class DocsTest(ReferralTestCase):
    def test_the_docs_are_served_from_our_origin_without_inline_script(self) -> None:
        response = self.client.get("/api/v1/docs")
        self.assertEqual(response.status_code, 200)
        body = response.content.decode()
        self.assertIn("/static/keten/vendor/swagger-ui/swagger-ui-bundle.js", body)
        self.assertIn("/static/keten/js/api-docs.js", body)
        self.assertNotIn("cdn", body.lower())
        self.assertNotIn("<script>", body)
        self.assertNotIn("style=", body)
        csp = response["Content-Security-Policy"]
        self.assertIn("script-src 'self'", csp)
        self.assertNotIn("unsafe-inline", csp)
