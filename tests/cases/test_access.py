"""The authorization matrix: every named person against every action on a case file."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from keten.audit.models import AuditEvent
from keten.cases import services
from keten.cases.models import Case
from tests.cases.helpers import CaseTestCase
from tests.cases.test_guidance import PNG

# The pages of a file after its first (keten.cases.sections), by URL name.
SECTION_PAGES = ("guidance", "timeline", "documents", "chain", "people")
# Who may do what on a case of centre A assigned to worker_a.
ALLOWED_ON_CASE = {"worker_a", "manager_a"}


class AccessMatrixTest(CaseTestCase):
    def actions(self) -> dict[str, Any]:
        document = services.add_document(actor=self.worker_a, case=self.case, title="Letter", data=PNG)
        return {
            "view": lambda: self.client.get(self.url("detail")),
            **{f"view {page}": lambda page=page: self.client.get(self.url(page)) for page in SECTION_PAGES},
            "edit": lambda: self.client.get(self.url("edit")),
            "save_edit": lambda: self.client.post(
                self.url("edit"), {"given_names": "X", "gender": "unknown", "intake_channel": "self"}
            ),
            "move": lambda: self.client.post(
                self.url("move"), {"event": "start_reflection", "on": "2026-01-06"}
            ),
            "evidence": lambda: self.client.post(
                self.url("add_evidence"), {"kind": "statements", "recorded_on": "2026-01-06"}
            ),
            "opinion": lambda: self.client.post(
                self.url("add_opinion"), {"opinion": "positive", "given_on": "2026-01-06"}
            ),
            "note": lambda: self.client.post(self.url("add_note"), {"text": "met today"}),
            "plan": lambda: self.client.post(
                self.url("save_plan"), {"domain": "medical", "goals": "see a doctor"}
            ),
            "activity": lambda: self.client.post(
                self.url("add_activity"),
                {"domain": "legal", "kind": "appointment", "happens_at": "2026-02-01T10:00", "summary": "x"},
            ),
            "contact": lambda: self.client.post(
                self.url("add_contact"), {"role": "lawyer", "name": "Me Test"}
            ),
            "upload": lambda: self.client.post(
                self.url("add_document"),
                {"title": "Scan", "file": SimpleUploadedFile("a.png", PNG, "image/png")},
            ),
            "download": lambda: self.client.get(self.url("document", document_id=document.pk)),
            "export": lambda: self.client.post(self.url("export"), {"language": "en"}),
            "close": lambda: self.client.post(self.url("close"), {"on": "2026-02-01", "confirm": "yes"}),
        }

    def test_it_lets_only_the_assigned_worker_and_the_manager_act_on_the_case(self) -> None:
        for name, user in self.named_users().items():
            for action, call in self.actions().items():
                with self.subTest(user=name, action=action):
                    Case.objects.filter(pk=self.case.pk).update(
                        state="open",
                        procedure_state="referred",
                        closed_on=None,
                        procedure_since=date(2026, 1, 5),
                    )
                    self.client.logout()
                    self.login(user)
                    response = call()
                    if name in ALLOWED_ON_CASE:
                        self.assertIn(response.status_code, (200, 302), f"{name} {action}")
                    else:
                        self.assert_not_found(response)

    def test_it_hides_the_case_from_a_social_worker_of_the_centre_not_assigned(self) -> None:
        from tests.base import make_person

        colleague = make_person("colleague@pag-asa.example", self.centre_a, "social_worker")
        self.login(colleague)
        for page in ("detail", *SECTION_PAGES):
            with self.subTest(page=page):
                self.assert_not_found(self.client.get(self.url(page)))

    def test_it_lets_only_the_manager_assign_workers(self) -> None:
        for name, user in self.named_users().items():
            with self.subTest(user=name):
                self.client.logout()
                self.login(user)
                response = self.client.post(self.url("assign"), {"workers": [self.worker_a.pk]})
                if name == "manager_a":
                    self.assertEqual(response.status_code, 302)
                else:
                    self.assert_not_found(response)

    def test_it_lets_only_centre_staff_use_the_lists_and_the_calendar(self) -> None:
        with translation.override("en"):
            pages = {
                "caseload": reverse("cases:list"),
                "new": reverse("cases:new"),
                "deadlines": reverse("cases:deadlines"),
                "calendar": reverse("cases:calendar"),
            }
        for name, user in self.named_users().items():
            for page, url in pages.items():
                with self.subTest(user=name, page=page):
                    self.client.logout()
                    self.login(user)
                    response = self.client.get(url)
                    if name in {"worker_a", "worker_b", "manager_a"}:
                        self.assertEqual(response.status_code, 200)
                    else:
                        self.assert_not_found(response)

    def test_it_hides_centre_a_cases_from_the_caseload_of_centre_b(self) -> None:
        self.login(self.worker_b)
        with translation.override("en"):
            response = self.client.get(reverse("cases:list"))
        self.assertNotContains(response, "Testperson")

    def test_it_sends_anonymous_visitors_to_the_login_page(self) -> None:
        for page in ("detail", *SECTION_PAGES):
            with self.subTest(page=page):
                response = self.client.get(self.url(page))
                self.assertEqual(response.status_code, 302)
                self.assertIn("login", response["Location"])

    def test_it_audits_every_read(self) -> None:
        self.login(self.worker_a)
        self.client.get(self.url("detail"))
        self.client.post(self.url("export"), {"language": "en"})
        actions = list(
            AuditEvent.objects.filter(object_id=str(self.case.pk)).values_list("action", flat=True)
        )
        self.assertIn("case.viewed", actions)
        self.assertIn("case.export_prepared", actions)

    def test_it_answers_404_for_a_missing_case(self) -> None:
        self.login(self.worker_a)
        with translation.override("en"):
            for page in ("detail", *SECTION_PAGES):
                self.assert_not_found(self.client.get(reverse(f"cases:{page}", kwargs={"case_id": 999999})))

    def test_a_get_on_a_change_only_shows_its_form(self) -> None:
        # Each action has its own page (GET): showing it changes nothing.
        self.login(self.worker_a)
        self.assertContains(self.client.get(self.url("move")), 'id="move_event"')
        self.assertContains(self.client.get(self.url("close")), "Yes, close the file")
        case = Case.objects.get(pk=self.case.pk)
        self.assertEqual((case.state, case.procedure_state), ("open", "referred"))
        self.assertFalse(case.procedure_events.exists())

    def test_it_reopens_only_for_allowed_people(self) -> None:
        services.close_case(actor=self.worker_a, case=self.case, on=date(2026, 2, 1))
        for name, user in self.named_users().items():
            with self.subTest(user=name):
                self.client.logout()
                self.login(user)
                response = self.client.post(self.url("reopen"), {"on": "2026-03-01"})
                if name in ALLOWED_ON_CASE:
                    self.assertIn(response.status_code, (302, 400))
                else:
                    self.assert_not_found(response)
