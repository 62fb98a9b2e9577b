"""The generated test: every role against every action, every scope and every chain phase.

The expectations come from the permission table itself (keten/referrals/permissions.py): what it
grants answers 200 (or a redirect after a change), everything else 404, and a refused read of a
referral is written to the audit trail as ``referral.denied``.
"""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from keten.accounts.models import Membership, Organisation, User
from keten.accounts.roles import OrganisationKind, Role
from keten.audit.log import log_action
from keten.audit.models import AuditEvent
from keten.cases.models import Case
from keten.knowledge.reference import CHAIN_PHASES
from keten.referrals.models import ChainPhase, Consent
from keten.referrals.permissions import Action, Scope, grant_for, markdown_table
from tests.base import make_person
from tests.referrals.helpers import ReferralTestCase, RolesTestCase, url

README = Path(__file__).resolve().parents[2] / "README.md"


class PermissionTableTest(RolesTestCase):
    def test_it_checks_every_role_against_every_scope(self) -> None:
        for role in Role:
            self.as_role(role.value)
            grant = grant_for(role.value)
            for scope in Scope:
                with self.subTest(role=role.value, scope=scope.value):
                    referral = self.referral_for(role.value, scope)
                    denied_before = AuditEvent.objects.filter(action="referral.denied").count()
                    response = self.client.get(url("part", referral_id=referral.pk, scope=scope.value))
                    allowed = scope in grant.scopes and Action.RECEIVE in grant.actions
                    if allowed:
                        self.assertEqual(response.status_code, 200)
                        self.assertTrue(
                            AuditEvent.objects.filter(
                                action="referral.viewed", object_id=str(referral.pk)
                            ).exists()
                        )
                    else:
                        self.assert_not_found(response)
                        self.assertEqual(
                            AuditEvent.objects.filter(action="referral.denied").count(), denied_before + 1
                        )
                    # The API answers the same.
                    api = self.client.get(f"/api/v1/referrals/{referral.pk}/parts/{scope.value}")
                    self.assertEqual(api.status_code, 200 if allowed else 404)

    def probe(self, action: Action, *, role: str, case: Case, membership: Membership) -> Any:
        """One request that needs ``action`` and nothing else."""
        if action == Action.VIEW_SENT:
            return self.client.get(url("sent"))
        if action == Action.RECEIVE:
            return self.client.get(url("inbox"))
        if action == Action.VIEW_CHAIN:
            return self.client.get(url("chain", case_id=case.pk))
        if action == Action.VIEW_ACCESS_LOG:
            return self.client.get(url("who_saw", case_id=case.pk))
        if action == Action.RECORD_CONSENT:
            return self.client.post(
                url("consent", case_id=case.pk),
                {"scopes": ["situation"], "recipient_kind": "police", "given_on": "2026-01-10"},
            )
        return self.client.post(
            url("new") + f"?screening={self.own_screening[role].pk}",
            {
                "to_organisation": self.police.pk
                if membership.organisation_id != self.police.pk
                else self.centre_a.pk,
                "purpose": "A child is in danger",
                "scopes": ["situation", "screening"],
                "expires_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
                "legal_basis": "minor_in_danger",
            },
        )

    def test_it_checks_every_role_against_every_action(self) -> None:
        for role in Role:
            user = self.as_role(role.value)
            grant = grant_for(role.value)
            case = self.own_case.get(role.value, self.case)
            membership = Membership.objects.get(user=user)
            for action in Action:
                with self.subTest(role=role.value, action=action.value):
                    response = self.probe(action, role=role.value, case=case, membership=membership)
                    if action not in grant.actions:
                        if action == Action.RECORD_LEGAL_BASIS and "screening" in grant.refers:
                            # May refer, but not beyond the consent: the form says why.
                            self.assertEqual(response.status_code, 400)
                        else:
                            self.assert_not_found(response)
                    else:
                        self.assertIn(response.status_code, (200, 302))
            with self.subTest(role=role.value, action="record_consent_saved"):
                self.assertEqual(
                    Consent.objects.filter(recorded_by=user).exists(), Action.RECORD_CONSENT in grant.actions
                )

    def test_it_checks_every_role_against_every_source_it_may_refer(self) -> None:
        for role in Role:
            self.as_role(role.value)
            grant = grant_for(role.value)
            sources = {
                "case": self.own_case.get(role.value, self.case).pk,
                "report": self.report.pk,
                "screening": self.own_screening[role.value].pk,
            }
            for kind, pk in sources.items():
                with self.subTest(role=role.value, source=kind):
                    response = self.client.get(url("new") + f"?{kind}={pk}")
                    if kind in grant.refers:
                        self.assertEqual(response.status_code, 200)
                    else:
                        self.assert_not_found(response)

    def test_it_checks_every_role_against_every_chain_phase(self) -> None:
        for role in Role:
            user = self.as_role(role.value)
            grant = grant_for(role.value)
            referral = self.referrals[role.value]["case"]
            for phase in CHAIN_PHASES:
                with self.subTest(role=role.value, phase=phase.id):
                    response = self.client.post(
                        url("record_phase", referral_id=referral.pk),
                        {"phase": phase.id, "started_on": "2026-02-01", "outcome": "ongoing"},
                    )
                    recorded = ChainPhase.objects.filter(
                        case=self.case, phase=phase.id, recorded_by=user
                    ).exists()
                    if phase.id in grant.phases and Action.RECEIVE in grant.actions:
                        self.assertEqual(response.status_code, 302)
                        self.assertTrue(recorded)
                    else:
                        self.assertIn(response.status_code, (400, 404))
                        self.assertFalse(recorded)

    def test_it_hides_everything_from_an_outsider(self) -> None:
        self.login(self.outsider)
        referral = self.referrals[Role.SOCIAL_WORKER.value]["case"]
        for name, kwargs in [
            ("inbox", {}),
            ("sent", {}),
            ("detail", {"referral_id": referral.pk}),
            ("export", {"referral_id": referral.pk}),
            ("chain", {"case_id": self.case.pk}),
            ("who_saw", {"case_id": self.case.pk}),
        ]:
            with self.subTest(page=name):
                self.assert_not_found(self.client.get(url(name, **kwargs)))
        self.assertEqual(self.client.get(f"/api/v1/referrals/{referral.pk}").status_code, 404)


class ReadmeTableTest(ReferralTestCase):
    def test_it_keeps_the_readme_table_equal_to_the_code(self) -> None:
        text = README.read_text(encoding="utf-8")
        start = text.index("<!-- permissions:start -->\n") + len("<!-- permissions:start -->\n")
        end = text.index("<!-- permissions:end -->")
        self.assertEqual(text[start:end], markdown_table(), "run: keten permissions --markdown")

    def test_it_prints_the_table(self) -> None:
        out = StringIO()
        call_command("permissions", "--markdown", stdout=out)
        self.assertEqual(out.getvalue(), markdown_table())


class OrganisationAdministratorsTest(RolesTestCase):
    """An organisation administrator of every kind of organisation against every other
    organisation's people, records and figures (issue 13): nothing reaches across."""

    def setUp(self) -> None:
        super().setUp()
        log_action("case.viewed", actor=self.worker_a, organisation=self.centre_a, obj=self.case)

    def administrator_of(self, kind: str) -> tuple[User, Organisation]:
        organisation = Organisation.objects.create(
            name=f"Own {kind}", kind=kind, slug=f"own-{kind}".replace("_", "-")
        )
        user = make_person(f"admin@own-{kind}.example", organisation, Role.ORGANISATION_ADMINISTRATOR)
        return user, organisation

    def test_it_keeps_every_kind_of_organisation_administrator_inside_its_organisation(self) -> None:
        others = list(Membership.objects.exclude(role=Role.ORGANISATION_ADMINISTRATOR).select_related("user"))
        cases = [self.case, *self.own_case.values()]
        referrals = [item for kinds in self.referrals.values() for item in kinds.values()]
        for kind in OrganisationKind:
            admin, own = self.administrator_of(kind.value)
            self.client.logout()
            self.login(admin)
            with self.subTest(kind=kind.value, what="people"):
                people = self.client.get(reverse("accounts:people"))
                self.assertEqual(people.status_code, 200)
                for membership in others:
                    self.assertNotContains(people, membership.user.email)
                    self.assert_not_found(
                        self.client.post(reverse("accounts:end_membership", args=[membership.pk]))
                    )
                    self.assert_not_found(
                        self.client.post(
                            reverse("accounts:reset_second_factor", args=[membership.user_id]),
                            {"reason": "x"},
                        )
                    )
                self.assertFalse(
                    Membership.objects.filter(pk__in=[m.pk for m in others], is_active=False).exists()
                )
            with self.subTest(kind=kind.value, what="invite elsewhere"):
                response = self.client.post(
                    reverse("accounts:invite"),
                    {
                        "email": f"mole-{kind.value}@example.org",
                        "full_name": "Mole",
                        "organisation": self.centre_a.pk,
                        "role": Role.SOCIAL_WORKER,
                        "language": "en",
                    },
                )
                self.assertEqual(response.status_code, 400)
                self.assertFalse(User.objects.filter(email=f"mole-{kind.value}@example.org").exists())
            with self.subTest(kind=kind.value, what="records"):
                for case in cases:
                    self.assert_not_found(self.client.get(reverse("cases:detail", args=[case.pk])))
                for referral in referrals:
                    self.assert_not_found(self.client.get(url("detail", referral_id=referral.pk)))
                    self.assertEqual(self.client.get(f"/api/v1/referrals/{referral.pk}").status_code, 404)
                    for scope in Scope:
                        self.assert_not_found(
                            self.client.get(url("part", referral_id=referral.pk, scope=scope.value))
                        )
                self.assert_not_found(self.client.get(reverse("intake:inbox")))
                self.assert_not_found(self.client.get(reverse("intake:detail", args=[self.report.pk])))
            with self.subTest(kind=kind.value, what="audit"):
                trail = self.client.get(reverse("audit:list"))
                self.assertNotContains(trail, "case.viewed")
                self.assertNotContains(trail, self.worker_a.email)
            with self.subTest(kind=kind.value, what="figures"):
                for name in ("statistics:exchange", "statistics:import", "statistics:ctdc_export"):
                    if kind == OrganisationKind.CENTRE and name != "statistics:import":
                        continue
                    self.assert_not_found(self.client.get(reverse(name)))
                if kind == OrganisationKind.CENTRE:
                    export = b"".join(self.client.get(reverse("statistics:htcds_export")).streaming_content)  # type: ignore[attr-defined]
                    self.assertEqual(export.strip(), b"[\n]")
                else:
                    self.assert_not_found(self.client.get(reverse("statistics:index")))
            with self.subTest(kind=kind.value, what="inbox grants"):
                self.assert_not_found(
                    self.client.post(
                        reverse("intake:grant_access"), {"organisation": own.pk, "level": "work"}
                    )
                )
