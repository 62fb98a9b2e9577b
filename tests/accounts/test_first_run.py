"""The first run: an installation administrator is told what to do, and creates the chain's
organisations in one step from the reference data."""

from __future__ import annotations

from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from keten.accounts.models import Organisation
from keten.accounts.roles import OrganisationKind, Role
from keten.audit.models import AuditEvent
from tests.base import InEnglish, KetenTestCase, make_person

REFERENCE_NAMES = ("PAG-ASA", "Payoke", "Sürya", "Myria", "Meldpunt mensenhandel")


class FreshInstallationTest(InEnglish, TestCase):
    """Only the installation administrator exists, as ``keten createadmin`` leaves it."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.admin = make_person("admin@keten.example", None, None)
        cls.admin.is_superuser = cls.admin.is_staff = True
        cls.admin.save(update_fields=["is_superuser", "is_staff"])

    def setUp(self) -> None:
        super().setUp()
        KetenTestCase.login(self, self.admin)  # type: ignore[arg-type]

    def test_the_home_page_says_what_to_do_first(self) -> None:
        page = self.client.get(reverse("accounts:home"))
        self.assertContains(page, "Set up Keten")
        self.assertContains(page, reverse("accounts:organisations"))
        self.assertContains(page, reverse("accounts:invite"))

    def test_it_creates_the_centres_the_hotline_and_the_partners_in_one_step(self) -> None:
        page = self.client.get(reverse("accounts:organisations"))
        for name in REFERENCE_NAMES:
            self.assertContains(page, name)
        slugs = [o.slug for o in page.context["missing"]]
        response = self.client.post(reverse("accounts:organisations"), {"slug": slugs})
        self.assertEqual(response.status_code, 302)
        kinds = dict(Organisation.objects.values_list("slug", "kind"))
        self.assertEqual(kinds["pag-asa"], OrganisationKind.CENTRE)
        self.assertEqual(kinds["surya"], OrganisationKind.CENTRE)
        self.assertEqual(kinds["hotline"], OrganisationKind.HOTLINE)
        self.assertEqual(kinds["myria"], OrganisationKind.RAPPORTEUR)
        self.assertEqual(AuditEvent.objects.filter(action="organisation.created").count(), len(slugs))
        # Nothing is created twice; the home page moves on to inviting people.
        self.client.post(reverse("accounts:organisations"), {"slug": slugs})
        self.assertEqual(Organisation.objects.count(), len(slugs))
        home = self.client.get(reverse("accounts:home"))
        self.assertContains(home, "Organisations are created.")

    def test_it_creates_only_the_chosen_organisations(self) -> None:
        self.client.post(reverse("accounts:organisations"), {"slug": ["payoke", "not-a-reference"]})
        self.assertEqual(list(Organisation.objects.values_list("slug", flat=True)), ["payoke"])

    def test_it_speaks_the_administrators_language(self) -> None:
        with translation.override("fr"):
            page = self.client.get(reverse("accounts:home"))
        self.assertContains(page, "Configurer Keten")


class OthersMayNotCreateOrganisationsTest(InEnglish, KetenTestCase):
    def test_nobody_but_an_installation_administrator_finds_the_page(self) -> None:
        centre_admin = make_person("admin@pag-asa.example", self.centre_a, Role.ORGANISATION_ADMINISTRATOR)
        people = {**self.named_users(), "centre_admin": centre_admin}
        del people["admin"]
        before = Organisation.objects.count()
        for name, user in people.items():
            with self.subTest(user=name):
                self.client.logout()
                self.login(user)
                self.assert_not_found(self.client.get(reverse("accounts:organisations")))
                self.assert_not_found(
                    self.client.post(reverse("accounts:organisations"), {"slug": ["myria"]})
                )
        self.assertEqual(Organisation.objects.count(), before)

    def test_the_set_up_steps_leave_once_the_installation_is_set_up(self) -> None:
        self.login(self.admin)
        self.assertNotContains(self.client.get(reverse("accounts:home")), "Set up Keten")

    def test_anonymous_visitors_are_sent_to_the_login_page(self) -> None:
        response = self.client.get(reverse("accounts:organisations"))
        self.assertEqual(response.status_code, 302)
        self.assertIn("login", response["Location"])
