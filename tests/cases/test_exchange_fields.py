"""The case form records the types of sexual exploitation and the means of control (HTCDS classes),
and the age when the file was opened, so that the CTDC and HTCDS exports can carry them."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import timezone, translation

from keten.cases.models import Case
from keten.core.dates import age_on
from tests.cases.helpers import CaseTestCase

FORM = {
    "given_names": "Lena",
    "family_name": "Example",
    "date_of_birth": "2008-03-01",
    "gender": "female",
    "nationalities": "RO",
    "languages": "ro",
    "forms": ["sexual"],
    "sexual_exploitation_types": ["Prostitution", "RemoteInteractiveServices"],
    "means_of_control": ["DebtBondage", "WithholdsDocuments"],
    "intake_channel": "police",
}


class ExchangeFieldsTest(CaseTestCase):
    def new_url(self) -> str:
        with translation.override("en"):
            return reverse("cases:new")

    def test_it_records_the_types_of_sexual_exploitation_and_the_means_of_control(self) -> None:
        self.login(self.worker_a)
        response = self.client.post(self.new_url(), FORM)
        self.assertEqual(response.status_code, 302)
        case = Case.objects.get(pk=Case.objects.latest("pk").pk)
        self.assertEqual(case.sexual_exploitation_types, ["Prostitution", "RemoteInteractiveServices"])
        self.assertEqual(case.means_of_control, ["DebtBondage", "WithholdsDocuments"])
        self.assertEqual(case.age_at_registration, age_on(date(2008, 3, 1), timezone.localdate()))
        page = self.client.get(reverse("cases:people", kwargs={"case_id": case.pk}))
        self.assertContains(page, "Remote interactive services (webcam)")
        self.assertContains(page, "Withholds identity or other documents")

    def test_it_refuses_types_of_sexual_exploitation_without_sexual_exploitation(self) -> None:
        self.login(self.worker_a)
        before = Case.objects.count()
        response = self.client.post(self.new_url(), {**FORM, "forms": ["labour"]})
        self.assertContains(response, "Choose sexual exploitation among the forms", status_code=400)
        self.assertContains(response, 'value="Lena"', status_code=400)
        self.assertEqual(Case.objects.count(), before)

    def test_it_refuses_a_means_of_control_that_is_not_in_the_list(self) -> None:
        self.login(self.worker_a)
        response = self.client.post(self.new_url(), {**FORM, "means_of_control": ["Hypnosis"]})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Hypnosis is not one of the available choices", status_code=400)
        self.assertFalse(any("Hypnosis" in case.means_of_control for case in Case.objects.all()))
