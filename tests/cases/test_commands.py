from __future__ import annotations

import copy
import io
from datetime import timedelta

from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from keten.audit.models import AuditEvent
from keten.cases import services
from keten.cases.models import Case, Document
from keten.encryption import encrypted_file_names
from tests.cases.helpers import CaseTestCase
from tests.cases.test_guidance import PNG


def with_demo_banner() -> list[dict[str, object]]:
    """TEMPLATES with the demo banner's context processor (the lead adds it to settings)."""
    templates = copy.deepcopy(settings.TEMPLATES)
    processors = templates[0]["OPTIONS"]["context_processors"]
    if "keten.cases.context_processors.demo_banner" not in processors:
        processors.append("keten.cases.context_processors.demo_banner")
    return templates


@override_settings(TEMPLATES=with_demo_banner())
class DemoTest(CaseTestCase):
    def test_it_fills_fictitious_people_and_shows_the_banner(self) -> None:
        self.login(self.worker_a)
        with translation.override("en"):
            home = reverse("accounts:home")
        self.assertNotContains(self.client.get(home), "demo-banner")
        out = io.StringIO()
        call_command("demo", "--cases", "12", stdout=out)
        self.assertIn("Created 12", out.getvalue())
        self.assertEqual(Case.objects.filter(demo=True).count(), 12)
        self.assertTrue(Case.objects.filter(family_name__isnull=False, demo=True).exists())
        names = {c.display_name for c in Case.objects.filter(demo=True)}
        self.assertTrue(all(name.startswith("Demo Person ") for name in names))
        self.assertContains(self.client.get(home), "demo-banner")
        call_command("demo", "--clear", stdout=io.StringIO())
        self.assertFalse(Case.objects.filter(demo=True).exists())
        self.assertNotContains(self.client.get(home), "demo-banner")


class RetentionTest(CaseTestCase):
    def test_it_purges_closed_cases_after_the_retention_period(self) -> None:
        document = services.add_document(actor=self.worker_a, case=self.case, title="Scan", data=PNG)
        services.close_case(actor=self.worker_a, case=self.case, on=timezone.localdate() - timedelta(days=40))
        out = io.StringIO()
        with self.settings(CASE_RETENTION_DAYS=30):
            call_command("purge_closed_cases", "--dry-run", stdout=out)
            self.assertIn("Would delete 1 cases", out.getvalue())
            self.assertTrue(Case.objects.filter(pk=self.case.pk).exists())
            call_command("purge_closed_cases", stdout=io.StringIO())
        self.assertFalse(Case.objects.filter(pk=self.case.pk).exists())
        self.assertFalse(Document.objects.exists())
        self.assertNotIn(document.stored_as, list(encrypted_file_names()))
        self.assertTrue(AuditEvent.objects.filter(action="case.purged", object_id=str(self.case.pk)).exists())

    def test_it_keeps_cases_closed_recently(self) -> None:
        services.close_case(actor=self.worker_a, case=self.case, on=timezone.localdate())
        with self.settings(CASE_RETENTION_DAYS=30):
            call_command("purge_closed_cases", stdout=io.StringIO())
        self.assertTrue(Case.objects.filter(pk=self.case.pk).exists())
