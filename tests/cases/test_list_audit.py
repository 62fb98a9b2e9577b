"""The caseload shows victims' names: seeing it is a read, and the audit trail says which files it listed."""

from __future__ import annotations

from django.urls import reverse

from keten.audit.models import AuditEvent
from tests.base import InEnglish
from tests.cases.helpers import CaseTestCase, make_case


class CaseloadReadAuditTests(InEnglish, CaseTestCase):
    def last_list_read(self) -> AuditEvent:
        event = AuditEvent.objects.filter(action="caseload.viewed").order_by("sequence").last()
        assert event is not None
        return event

    def test_it_audits_which_files_the_caseload_listed_and_for_whom(self) -> None:
        self.login(self.manager_a)
        other = make_case(self.centre_a, actor=self.manager_a, workers=[])
        response = self.client.get(reverse("cases:list"))
        self.assertContains(response, self.case.display_name)
        event = self.last_list_read()
        self.assertEqual((event.actor, event.organisation), (self.manager_a, self.centre_a))
        self.assertEqual(sorted(event.data["cases"]), sorted([self.case.pk, other.pk]))
        self.assertEqual((event.data["state"], event.data["page"]), ("open", 1))

    def test_a_list_of_another_centre_records_none_of_its_files(self) -> None:
        self.login(self.worker_b)
        self.client.get(reverse("cases:list"))
        event = self.last_list_read()
        self.assertEqual(event.actor, self.worker_b)
        self.assertNotIn(self.case.pk, event.data["cases"])

    def test_free_text_from_the_address_never_reaches_the_trail(self) -> None:
        self.login(self.worker_a)
        response = self.client.get(reverse("cases:list"), {"state": "<script>Jane Doe</script>"})
        self.assertEqual(response.status_code, 200)
        event = self.last_list_read()
        self.assertEqual(event.data["state"], "all")
        self.assertNotIn("Jane", str(event.data))
