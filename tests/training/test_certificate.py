"""The printable certificate: only for a person who did every case of the set, as a PDF."""

from __future__ import annotations

import io

from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from keten.audit.models import AuditEvent
from keten.training.library import library
from keten.training.models import TrainingGroup
from tests.training.helpers import TrainingTestCase

CASES = ["01-loverboy", "23-truck-park"]


class CertificateTest(TrainingTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.group = TrainingGroup.objects.create(
            name="Frontline basics", organisation=self.centre_a, trainer=self.trainer, case_ids=CASES
        )
        self.group.members.set([self.worker_a, self.manager_a])
        self.url = reverse("training:group_certificate", args=[self.group.pk])

    def test_it_refuses_a_certificate_before_every_case_is_done(self) -> None:
        self.answer(self.worker_a, CASES[0])
        self.assert_not_found(self.login(self.worker_a, Client()).get(self.url))

    def test_it_prints_the_certificate_with_the_name_and_the_cases(self) -> None:
        for case_id in CASES:
            self.answer(self.worker_a, case_id, None)
        response = self.login(self.worker_a, Client()).get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
        self.assertIn("Certificate of completion", text)
        self.assertIn(self.worker_a.full_name, text)
        self.assertIn("Frontline basics", text)
        self.assertIn("Lisa and her new boyfriend", text)
        self.assertTrue(AuditEvent.objects.filter(action="training.certificate_issued").exists())

    def test_it_gives_no_certificate_of_a_group_the_person_is_not_in(self) -> None:
        for case_id in CASES:
            self.answer(self.worker_b, case_id)
        self.assert_not_found(self.login(self.worker_b, Client()).get(self.url))
        self.assert_not_found(self.login(self.trainer, Client()).get(self.url))

    def test_it_gives_the_library_certificate_only_after_every_case(self) -> None:
        url = reverse("training:certificate")
        self.assert_not_found(self.login(self.worker_a, Client()).get(url))
        for case in library():
            self.answer(self.worker_a, case.id)
        response = self.login(self.worker_a, Client()).get(url)
        self.assertEqual(response.status_code, 200)
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
        self.assertIn(f"all {len(library())} practice cases", text)
