from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from keten.cases.models import Case
from tests.cases.helpers import CaseTestCase, make_case

FORM = {
    "given_names": "amina",
    "family_name": "TESTPERSON",
    "date_of_birth": "1995-04-12",
    "gender": "female",
    "nationalities": "ng",
    "languages": "en",
    "intake_channel": "police",
}


class DuplicateWarningTest(CaseTestCase):
    def new_url(self) -> str:
        with translation.override("en"):
            return reverse("cases:new")

    def test_it_warns_about_the_same_person_in_the_centre(self) -> None:
        self.login(self.worker_a)
        response = self.client.post(self.new_url(), FORM)
        self.assertContains(response, "This person may already have a file in your centre", status_code=400)
        self.assertContains(response, f"#{self.case.pk}", status_code=400)
        self.assertContains(response, 'value="TESTPERSON"', status_code=400)
        self.assertEqual(Case.objects.count(), 1)
        response = self.client.post(self.new_url(), {**FORM, "confirm_not_duplicate": "on"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Case.objects.count(), 2)

    def test_it_matches_names_in_another_order_and_without_accents(self) -> None:
        self.login(self.worker_a)
        response = self.client.post(
            self.new_url(), {**FORM, "given_names": "Téstperson", "family_name": "Amína"}
        )
        self.assertContains(response, "may already have a file", status_code=400)

    def test_it_does_not_warn_for_another_date_of_birth_or_another_centre(self) -> None:
        self.login(self.worker_a)
        response = self.client.post(self.new_url(), {**FORM, "date_of_birth": "1996-04-12"})
        self.assertEqual(response.status_code, 302)
        self.client.logout()
        self.login(self.worker_b)
        response = self.client.post(self.new_url(), FORM)
        self.assertEqual(response.status_code, 302)

    def test_it_hides_the_link_to_a_duplicate_the_worker_may_not_open(self) -> None:
        make_case(
            self.centre_b, actor=self.worker_b, workers=[self.worker_b], given_names="Joy", family_name="Doe"
        )
        from tests.base import make_person

        colleague = make_person("colleague@payoke.example", self.centre_b, "social_worker")
        self.login(colleague)
        response = self.client.post(
            self.new_url(), {**FORM, "given_names": "Joy", "family_name": "Doe", "date_of_birth": ""}
        )
        self.assertContains(response, "ask your centre manager", status_code=400)

    def test_it_validates_country_codes_and_keeps_what_was_typed(self) -> None:
        self.login(self.worker_a)
        response = self.client.post(
            self.new_url(), {**FORM, "nationalities": "NG, ZZ", "given_names": "Someone"}
        )
        self.assertContains(response, "We do not know these countries: ZZ", status_code=400)
        self.assertContains(response, 'value="Someone"', status_code=400)
        self.assertContains(response, 'value="NG, ZZ"', status_code=400)

    def test_it_takes_countries_and_languages_by_name_and_shows_names(self) -> None:
        self.login(self.worker_a)
        with translation.override("nl"):
            url = reverse("cases:new")
        response = self.client.post(
            url,
            {
                **FORM,
                "given_names": "Named",
                "nationalities": "Roemenië; ivoorkust",
                "languages": "Frans, Engels",
            },
        )
        self.assertEqual(response.status_code, 302)
        case = Case.objects.order_by("-pk").first()
        assert case is not None
        self.assertEqual(case.nationalities, ["RO", "CI"])
        self.assertEqual(case.languages, ["fr", "en"])
        page = self.client.get(response["Location"])
        self.assertContains(page, "Roemenië, Ivoorkust")
        self.assertContains(page, "Frans, Engels")

    def test_it_assigns_the_new_file_to_the_worker_who_opens_it(self) -> None:
        self.login(self.worker_a)
        self.client.post(self.new_url(), {**FORM, "given_names": "New"})
        case = Case.objects.order_by("-pk").first()
        assert case is not None
        self.assertEqual(list(case.workers.all()), [self.worker_a])
        self.assertEqual(case.nationalities, ["NG"])
