"""The signal page's queries: its own are the signal, the centres its actions name and the audit
entry, however many signals, screenings and handovers there are."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from keten.audit.models import AuditEvent
from keten.screening.models import Handover, Screening
from tests.screening.test_saving import ScreeningTestCase

# 4 for the session and the person, 1 for the signal, 1 for the centres its actions name, 5 for
# the audit entry (in a test: savepoint, head, insert, update, release), 2 for the header's cache.
SIGNAL_PAGE_MOST = 13


class SignalPageQueriesTest(ScreeningTestCase):
    def open(self, client: Client, handover: Handover) -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("screening:received", args=[handover.pk]))
        self.assertContains(response, "Qualification")
        self.assertContains(response, "The answers")
        return [query["sql"] for query in captured.captured_queries]

    def test_it_stays_within_its_queries_and_audits_each_read(self) -> None:
        first = self.handover_to_hotline()
        client = self.login(self.operator, Client())
        client.get(reverse("screening:inbox"))  # the first page after login records the time seen
        self.open(client, first)
        small = self.open(client, first)
        # More screenings passed on as signals: the page asks the same.
        for _ in range(4):
            self.assertEqual(self.save_as(self.worker_a, recording_consent="yes").status_code, 302)
            screening = Screening.objects.order_by("-pk").first()
            assert screening is not None
            self.hand_over(self.worker_a, screening, to_organisation=self.hotline.pk, consent="yes")
        self.assertEqual(Handover.objects.count(), 5)
        self.open(client, first)  # the header counts again after the new signals, then remembers
        large = self.open(client, first)
        self.assertEqual(len(small), len(large))
        self.assertLessEqual(len(large), SIGNAL_PAGE_MOST)
        self.assertEqual(len([q for q in large if q.startswith('INSERT INTO "audit_auditevent"')]), 1)
        self.assertEqual(AuditEvent.objects.filter(action="screening.signal_opened").count(), 4)
