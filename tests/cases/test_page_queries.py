"""The pages of a case file read each related set once, and stay right when a file is larger than
the caps."""

from __future__ import annotations

import re
from datetime import date, timedelta
from unittest import mock

from django.db import connection
from django.test import SimpleTestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from keten.audit.models import AuditEvent
from keten.cases import page_data, services
from keten.cases.paths import case_path, path_to
from tests.cases.helpers import CaseTestCase
from tests.cases.test_guidance import PNG

# Each page of the file, the sets it shows (or puts in its timeline), each read by exactly one
# query, and the most queries the whole page may run: 4 for the session and the person, 1 for the
# case, 5 for the audit entry (in a test: savepoint, head, insert, update, release), 1 for the
# header and the demo banner (one cache read), and the page's own. The one page holding everything
# ran 31; they may only go down.
PAGES: dict[str, tuple[tuple[str, ...], int]] = {
    "detail": (
        (
            "cases_conditionevidence",
            "cases_magistrateopinion",
            "cases_procedureevent",
            "cases_residencedocument",
            "cases_guidanceactivity",
            "referrals_referral",
        ),
        17,
    ),
    "guidance": (("cases_guidanceactivity", "cases_guidanceplan"), 13),
    "timeline": (
        (
            "cases_conditionevidence",
            "cases_magistrateopinion",
            "cases_procedureevent",
            "cases_guidanceactivity",
            "cases_note",
            "cases_document",
            "referrals_chainphase",
        ),
        19,
    ),
    "documents": (("cases_document",), 12),
    "chain": (("referrals_referral", "referrals_consent"), 13),
    "people": (("cases_keycontact", "cases_caselink", "cases_caseassignment"), 14),
}
# The section each page's read is audited with (the first page is the file as a whole).
SECTIONS = {
    "detail": "",
    "guidance": "guidance",
    "timeline": "notes",
    "documents": "documents",
    "chain": "chain",
    "people": "people",
}
# The lists read their rows in one query (and, the caseload, write one audit entry); the rest is
# the session, the person and the header.
LIST_MOST = 15
DEADLINES_MOST = 10


class CasePageQueriesTest(CaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        now = timezone.now()
        for i in range(3):
            services.add_note(actor=self.worker_a, case=self.case, text=f"note {i}")
            for kind, days in (("appointment", i + 1), ("activity", -i - 1)):
                services.add_activity(
                    actor=self.worker_a,
                    case=self.case,
                    domain="legal",
                    kind=kind,
                    happens_at=now + timedelta(days=days),
                    summary=f"{kind} {i}",
                )
            services.record_evidence(
                actor=self.worker_a, case=self.case, kind="statements", recorded_on=date(2026, 1, 5)
            )
            services.record_opinion(
                actor=self.worker_a, case=self.case, opinion="positive", given_on=date(2026, 1, 5)
            )
            services.add_document(actor=self.worker_a, case=self.case, title=f"doc {i}", data=PNG)
        self.login(self.worker_a)
        self.client.get(self.url("detail"))  # the first page after login records the time seen

    def queries(self, url: str) -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return [q["sql"] for q in captured.captured_queries]

    def test_each_page_reads_each_of_its_sets_once(self) -> None:
        for page, (tables, most) in PAGES.items():
            with self.subTest(page=page):
                sql = self.queries(self.url(page))
                for table in tables:
                    reads = [q for q in sql if re.search(rf'FROM "{table}"', q)]
                    self.assertEqual(len(reads), 1, (table, reads))
                self.assertLessEqual(len(sql), most)

    def test_the_read_of_each_page_is_audited_with_its_section(self) -> None:
        for page, section in SECTIONS.items():
            with self.subTest(page=page):
                sql = self.queries(self.url(page))
                self.assertEqual(len([q for q in sql if q.startswith('INSERT INTO "audit_auditevent"')]), 1)
                event = AuditEvent.objects.filter(action="case.viewed").latest("sequence")
                self.assertEqual(event.object_id, str(self.case.pk))
                self.assertEqual(event.data, {"section": section} if section else {})

    def test_the_lists_stay_within_their_queries(self) -> None:
        with translation.override("en"):
            caseload, deadlines = reverse("cases:list"), reverse("cases:deadlines")
        self.assertLessEqual(len(self.queries(caseload)), LIST_MOST)
        self.assertLessEqual(len(self.queries(deadlines)), DEADLINES_MOST)

    def test_appointments_and_activities_are_right_beyond_the_timeline_cap(self) -> None:
        """With more activities than the timeline holds, the guidance page still shows the soonest
        appointments and the latest activities (it asks for them on its own)."""
        now = timezone.now()
        for i in range(4):
            services.add_activity(
                actor=self.worker_a,
                case=self.case,
                domain="medical",
                kind="appointment",
                happens_at=now + timedelta(days=400 + i),
                summary=f"far {i}",
            )
        with mock.patch.object(page_data, "TIMELINE_LIMIT", 3):
            page = self.client.get(self.url("guidance")).content.decode()
            timeline_page = self.client.get(self.url("timeline")).content.decode()
        upcoming = re.search(r'<ul id="upcoming-appointments">(.*?)</ul>', page, re.S)
        latest = re.search(r'<ul id="latest-activities">(.*?)</ul>', page, re.S)
        assert upcoming is not None and latest is not None
        self.assertEqual(
            re.findall(r"appointment \d|far \d", upcoming.group(1)),
            ["appointment 0", "appointment 1", "appointment 2", "far 0", "far 1"],
        )
        self.assertEqual(
            re.findall(r"activity \d", latest.group(1)), ["activity 0", "activity 1", "activity 2"]
        )
        # The timeline holds the three latest of each kind only.
        timeline = re.search(r'<ol class="timeline" id="timeline">(.*?)</ol>', timeline_page, re.S)
        assert timeline is not None
        self.assertEqual(re.findall(r"far \d", timeline.group(1)), ["far 3", "far 2", "far 1"])


class CasePathsTest(SimpleTestCase):
    def test_the_addresses_are_those_reverse_gives_in_every_language(self) -> None:
        for language in ("en", "nl", "fr", "de"):
            with translation.override(language):
                for name in ("detail", "move", "edit", "close", "export"):
                    self.assertEqual(
                        case_path(f"cases:{name}", 41), reverse(f"cases:{name}", kwargs={"case_id": 41})
                    )
                self.assertEqual(
                    path_to("cases:edit_activity", activity_id=7, case_id=12),
                    reverse("cases:edit_activity", kwargs={"case_id": 12, "activity_id": 7}),
                )
                self.assertEqual(
                    path_to("cases:document", case_id=3, document_id=987654321),
                    reverse("cases:document", kwargs={"case_id": 3, "document_id": 987654321}),
                )

    def test_an_address_never_takes_anything_but_a_number(self) -> None:
        with self.assertRaises(ValueError):
            case_path("cases:detail", "1/../../admin")  # type: ignore[arg-type]
