"""The professional header: only the places a role may open, counts that never tell about
records the person may not see, a constant number of queries, and error pages with navigation."""

from __future__ import annotations

import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from keten.accounts.header_cache import HEADER
from keten.accounts.roles import Role
from keten.intake.models import InboxAccess
from keten.intake.services import submit_report
from keten.screening.models import Handover, Screening
from tests.base import InEnglish, KetenTestCase, make_person
from tests.screening.test_saving import ANSWERS

HOME = "/en/accounts/work/"
PLACE = re.compile(r'data-place="([a-z]+)"')

#: What each named person's header offers, and no more.
EXPECTED = {
    "worker_a": {"inbox": False, "cases": True, "deadlines": True, "signals": True, "people": False},
    "worker_b": {"inbox": False, "cases": True, "deadlines": True, "signals": True, "people": False},
    "manager_a": {"cases": True, "figures": True, "signals": True, "inbox": False, "people": False},
    "police_officer": {"inbox": False, "cases": False, "signals": False, "figures": False},
    "magistrate": {"inbox": False, "cases": False, "signals": False, "people": False},
    "inspector": {"inbox": False, "cases": False, "figures": False},
    "immigration_officer": {"inbox": False, "cases": False, "signals": False},
    "operator": {"inbox": True, "signals": True, "cases": False, "deadlines": False, "people": False},
    "admin": {"people": True, "audit": True, "figures": True, "inbox": False, "cases": False},
    "outsider": {"inbox": False, "cases": False, "training": False, "referrals": False, "people": False},
}


def places(response) -> list[str]:  # type: ignore[no-untyped-def]
    return PLACE.findall(response.content.decode())


def danger_report() -> None:
    submit_report(content={"what": "Someone is locked in."}, immediate_danger=True)


class NavigationTests(InEnglish, KetenTestCase):
    def test_each_role_sees_only_the_places_it_may_open(self) -> None:
        for name, user in self.named_users().items():
            with self.subTest(name=name):
                client = self.login(user, Client())
                shown = places(client.get(HOME))
                for place, expected in EXPECTED[name].items():
                    self.assertEqual(place in shown, expected, f"{name}: {place}")
                # Every place offered opens: the header never promises more than the page gives.
                for url in re.findall(
                    r'data-place="[a-z]+"><a href="([^"]+)"', client.get(HOME).content.decode()
                ):
                    self.assertEqual(client.get(url).status_code, 200, f"{name}: {url}")

    def test_a_granted_centre_gets_the_inbox_place(self) -> None:
        from django.utils import timezone

        InboxAccess.objects.create(organisation=self.centre_a, level="read", granted_at=timezone.now())
        self.assertIn("inbox", places(self.login(self.worker_a).get(HOME)))
        self.assertNotIn("inbox", places(self.login(self.worker_b, Client()).get(HOME)))

    def test_counts_show_what_waits_for_the_inbox_only_to_those_who_may_read_it(self) -> None:
        danger_report()
        submit_report(content={"what": "Another one."})
        page = self.login(self.operator).get(HOME).content.decode()
        self.assertIn("2 new reports", page)
        self.assertIn("1 report says someone is in danger now", page)
        for name in ("worker_a", "police_officer", "admin", "outsider"):
            with self.subTest(name=name):
                page = self.login(self.named_users()[name], Client()).get(HOME).content.decode()
                self.assertNotIn("new report", page)
                self.assertNotIn("in danger now", page)

    def test_signal_counts_never_tell_about_another_organisations_signals(self) -> None:
        client = self.login(self.operator, Client())
        client.post(reverse("screening:save"), {**ANSWERS})
        screening = Screening.objects.get()
        client.post(
            reverse("screening:handover", args=[screening.pk]),
            {"to_organisation": self.centre_a.pk, "consent": "yes"},
        )
        self.assertEqual(Handover.objects.count(), 1)
        self.assertIn("1 new signal", self.login(self.worker_a, Client()).get(HOME).content.decode())
        self.assertNotIn("new signal", self.login(self.worker_b, Client()).get(HOME).content.decode())

    def test_a_signal_received_by_a_centre_offers_to_open_a_case_file(self) -> None:
        client = self.login(self.operator, Client())
        client.post(reverse("screening:save"), {**ANSWERS})
        client.post(
            reverse("screening:handover", args=[Screening.objects.get().pk]),
            {"to_organisation": self.centre_a.pk, "consent": "yes"},
        )
        handover = Handover.objects.get()
        page = self.login(self.worker_a, Client()).get(reverse("screening:received", args=[handover.pk]))
        self.assertContains(page, "data-open-case")
        self.assertContains(page, reverse("cases:new"))

    def test_the_header_costs_the_same_queries_whatever_the_amount_of_data(self) -> None:
        client = self.login(self.operator)
        client.get(HOME)

        def count() -> int:
            HEADER.renew()  # counted again, not taken from the shared cache
            with CaptureQueriesContext(connection) as queries:
                client.get(HOME)
            return len(queries)

        few = count()
        for _ in range(25):
            danger_report()
        self.assertEqual(count(), few)

    def test_the_menu_folds_without_javascript(self) -> None:
        page = self.login(self.operator).get(HOME).content.decode()
        self.assertIn('<input type="checkbox" id="pro-nav-toggle"', page)
        self.assertIn('<label for="pro-nav-toggle"', page)


class MyWorkTests(InEnglish, KetenTestCase):
    def test_my_work_lists_next_actions_danger_first(self) -> None:
        submit_report(content={"what": "x"})
        danger_report()
        page = self.login(self.operator).get(HOME).content.decode()
        section = page[page.index("data-next-actions") :]
        self.assertLess(section.index("in danger now"), section.index("new reports"))

    def test_someone_with_nothing_waiting_is_told_so(self) -> None:
        self.assertContains(
            self.login(self.police_officer).get(HOME), "Nothing is waiting for you right now."
        )


class ErrorPageTests(InEnglish, KetenTestCase):
    def test_a_logged_in_404_has_the_navigation_and_a_way_back(self) -> None:
        response = self.login(self.operator).get("/en/cases/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, 'data-place="inbox"', status_code=404)
        self.assertContains(response, "Go to My work", status_code=404)

    def test_a_public_404_has_no_professional_navigation(self) -> None:
        response = Client().get("/en/no-such-page/")
        self.assertEqual(response.status_code, 404)
        self.assertNotContains(response, "data-place", status_code=404)
        self.assertNotContains(response, "Go to My work", status_code=404)

    def test_password_only_is_not_enough_for_the_professional_404(self) -> None:
        client = self.login_password_only(self.operator, Client())
        response = client.get("/en/no-such-page/")
        self.assertNotIn("data-place", response.content.decode())


class PeopleFindingsTests(InEnglish, KetenTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.centre_admin = make_person("admin@pag-asa.example", cls.centre_a, Role.ORGANISATION_ADMINISTRATOR)

    def test_ending_a_membership_asks_first(self) -> None:
        client = self.login(self.centre_admin)
        membership = self.worker_a.memberships.get()
        people = client.get(reverse("accounts:people"))
        url = reverse("accounts:end_membership", args=[membership.pk])
        self.assertContains(people, f'<a href="{url}">End membership</a>', html=False)
        confirm = client.get(url)
        self.assertContains(confirm, "Yes, end the membership")
        membership.refresh_from_db()
        self.assertTrue(membership.is_active)
        client.post(url)
        membership.refresh_from_db()
        self.assertFalse(membership.is_active)

    def test_another_organisations_administrator_cannot_even_see_the_question(self) -> None:
        other_admin = make_person("admin@payoke.example", self.centre_b, Role.ORGANISATION_ADMINISTRATOR)
        membership = self.worker_a.memberships.get()
        self.assert_not_found(
            self.login(other_admin).get(reverse("accounts:end_membership", args=[membership.pk]))
        )

    def test_an_invitee_is_shown_as_invited_until_they_log_in(self) -> None:
        client = self.login(self.centre_admin)
        client.post(
            reverse("accounts:invite"),
            {
                "email": "new@pag-asa.example",
                "full_name": "New Person",
                "organisation": self.centre_a.pk,
                "role": Role.SOCIAL_WORKER,
                "language": "nl",
            },
        )
        page = client.get(reverse("accounts:people")).content.decode()
        table = page[page.index("<tbody>") :]
        row = table[table.index("new@pag-asa.example") :]
        self.assertIn("invited: has not set a password and logged in yet", row[: row.index("</tr>")])

    def test_the_set_password_page_speaks_dutch_about_length(self) -> None:
        from django.contrib.auth.password_validation import validate_password
        from django.core.exceptions import ValidationError
        from django.utils import translation

        with translation.override("nl"), self.assertRaises(ValidationError) as raised:
            validate_password("kort")
        text = " ".join(raised.exception.messages)
        self.assertNotIn("too short", text)
        self.assertIn("te kort", text)
