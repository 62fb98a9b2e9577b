"""A trainer gives a set of cases to a group of their organisation and sees a summary naming nobody."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from keten.audit.models import AuditEvent
from keten.training.models import TrainingGroup
from tests.training.helpers import TrainingTestCase, answers_for

CASES = ["01-loverboy", "23-truck-park"]


class GroupTest(TrainingTestCase):
    def create(self, **data: object) -> object:
        client = self.login(self.trainer, Client())
        form = {"name": "New colleagues", "members": [self.worker_a.pk, self.manager_a.pk], "cases": CASES}
        return client.post(reverse("training:groups"), {**form, **data})

    def test_it_creates_a_group_of_the_trainer_s_own_people_and_audits_it(self) -> None:
        response = self.create()
        group = TrainingGroup.objects.get()
        self.assertRedirects(
            response, reverse("training:group", args=[group.pk]), fetch_redirect_response=False
        )
        self.assertEqual(group.organisation, self.centre_a)
        self.assertEqual(group.trainer, self.trainer)
        self.assertEqual(set(group.members.all()), {self.worker_a, self.manager_a})
        self.assertEqual(group.case_ids, CASES)
        event = AuditEvent.objects.get(action="training.group_created")
        self.assertEqual(event.actor, self.trainer)
        self.assertEqual(event.data["members"], 2)

    def test_it_refuses_people_of_another_organisation(self) -> None:
        response = self.create(members=[self.worker_a.pk, self.worker_b.pk])
        self.assertEqual(response.status_code, 400)  # type: ignore[attr-defined]
        self.assertEqual(TrainingGroup.objects.count(), 0)

    def test_it_refuses_an_unknown_case_and_an_empty_set_and_keeps_what_was_typed(self) -> None:
        response = self.create(cases=["99-nothing"])
        self.assertEqual(response.status_code, 400)  # type: ignore[attr-defined]
        response = self.create(cases=[])
        self.assertContains(response, "New colleagues", status_code=400)  # type: ignore[arg-type]
        self.assertEqual(TrainingGroup.objects.count(), 0)

    def test_it_shows_the_group_to_its_members_and_lets_them_print_a_certificate_when_done(self) -> None:
        self.create()
        group = TrainingGroup.objects.get()
        client = self.login(self.worker_a, Client())
        self.assertContains(client.get(reverse("training:index")), "New colleagues: 2 cases.")
        self.assertContains(client.get(reverse("training:index")), "Not finished yet.")
        for case_id in CASES:
            self.answer(self.worker_a, case_id)
        self.assertContains(
            client.get(reverse("training:index")), reverse("training:group_certificate", args=[group.pk])
        )

    def test_it_summarises_the_group_without_naming_anyone_and_audits_the_page(self) -> None:
        self.create()
        group = TrainingGroup.objects.get()
        for case_id in CASES:
            self.answer(self.worker_a, case_id)
        self.answer(self.manager_a, "01-loverboy", {**answers_for("01-loverboy"), "consent": ""})
        self.answer(self.worker_b, "01-loverboy", {**answers_for("01-loverboy"), "age": ""})  # not a member

        response = self.login(self.trainer, Client()).get(reverse("training:group", args=[group.pk]))
        html = response.content.decode()
        summary_part = html.split('id="edit-heading"')[0]
        self.assertIn("1 of 2 members have done every case.", summary_part)
        self.assertIn("Consent: missed 1 time", summary_part)
        self.assertNotIn("How urgent", summary_part)  # only the non-member missed it
        for person in (self.worker_a, self.manager_a, self.worker_b):
            self.assertNotIn(person.full_name, summary_part)
            self.assertNotIn(person.email, summary_part)
        event = AuditEvent.objects.filter(action="training.group_viewed").get()
        self.assertEqual((event.actor, event.object_id), (self.trainer, str(group.pk)))

    def test_it_changes_the_group_and_audits_the_change(self) -> None:
        self.create()
        group = TrainingGroup.objects.get()
        client = self.login(self.trainer, Client())
        response = client.post(
            reverse("training:group", args=[group.pk]),
            {"name": "Renamed", "members": [self.worker_a.pk], "cases": ["13-sleeping-in-the-kitchen"]},
        )
        self.assertEqual(response.status_code, 302)
        group.refresh_from_db()
        self.assertEqual(group.name, "Renamed")
        self.assertEqual(list(group.members.all()), [self.worker_a])
        self.assertEqual(group.case_ids, ["13-sleeping-in-the-kitchen"])
        self.assertTrue(AuditEvent.objects.filter(action="training.group_changed").exists())

    def test_it_lets_a_trainer_sit_in_any_kind_of_organisation(self) -> None:
        from keten.accounts.roles import OrganisationKind, Role, role_fits_kind

        for kind in OrganisationKind.values:
            self.assertTrue(role_fits_kind(Role.TRAINER, kind), kind)
