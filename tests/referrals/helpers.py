"""Shared set-up of the referral tests: a case of centre A with identity, notes and a document."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone, translation

from keten.accounts.models import Membership, Organisation, User
from keten.accounts.roles import ROLES_BY_KIND, OrganisationKind, Role
from keten.cases import services as case_services
from keten.cases.models import Case, CaseAssignment, Document, ResidenceDocument
from keten.encryption import save_encrypted_file
from keten.intake.models import Report
from keten.referrals.models import Referral, Status
from keten.referrals.permissions import Scope
from keten.screening.models import Screening
from tests.base import KetenTestCase, make_person
from tests.cases.helpers import make_case

NAME = "Amina"
FAMILY = "Testperson"
NOTE = "Secret note about the safe house"
DOC_TITLE = "Statement to the police"


def url(name: str, **kwargs: Any) -> str:
    with translation.override("en"):
        return reverse(f"referrals:{name}", kwargs=kwargs or None)


def make_full_case(centre: Organisation, actor: User) -> Case:
    case = make_case(centre, actor=actor, workers=[actor], referred_on=date(2026, 1, 5))
    case_services.add_note(actor=actor, case=case, text=NOTE)
    ResidenceDocument.objects.create(
        case=case, kind="attestation_of_immatriculation", starts_on=date(2026, 1, 5)
    )
    Document.objects.create(
        case=case,
        title=DOC_TITLE,
        stored_as=save_encrypted_file(b"%PDF-1.4 test", folder="cases"),
        content_type="application/pdf",
        extension="pdf",
        size=13,
    )
    return case


def make_report() -> Report:
    today = timezone.localdate()
    return Report.objects.create(
        content={
            "what": "Workers sleep in the warehouse",
            "who": "About ten men",
            "contact": "reporter@example.org",
        },
        received_on=today,
        acknowledge_by=today + timedelta(days=3),
        form_of_exploitation="labour",
        region="flemish",
    )


def make_screening(user: User, organisation: Organisation, consent: str = "no") -> Screening:
    return Screening.objects.create(
        author=user,
        organisation=organisation,
        facts={"act": ["recruitment"]},
        result={"qualification": "trafficking", "urgency": "soon"},
        rules_version="test",
        consent=consent,
    )


def make_referral(
    *,
    sender: Organisation,
    to: Organisation,
    by: User,
    scopes: list[str],
    case: Case | None = None,
    report: Report | None = None,
    screening: Screening | None = None,
    status: str = Status.ACCEPTED,
    expires_in: int = 30,
) -> Referral:
    kind = "case" if case else "report" if report else "screening"
    referral = Referral.objects.create(
        source_kind=kind,
        case=case,
        report=report,
        screening=screening,
        from_organisation=sender,
        to_organisation=to,
        purpose="Please check the procedure",
        scopes=scopes,
        status=status,
        expires_on=timezone.localdate() + timedelta(days=expires_in),
        created_by=by,
    )
    if case is not None and "documents" in scopes:
        referral.documents.set(case.documents.all())
    return referral


class ReferralTestCase(KetenTestCase):
    case: Case
    # The named people of KetenTestCase, typed for the referral tests.
    worker_a: User
    worker_b: User
    manager_a: User
    police_officer: User
    magistrate: User
    inspector: User
    immigration_officer: User
    operator: User
    admin: User
    outsider: User

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.case = make_full_case(cls.centre_a, cls.worker_a)


def kind_for(role: str) -> str:
    for kind, roles in ROLES_BY_KIND.items():
        if role in roles:
            return kind
    return OrganisationKind.OTHER


class RolesTestCase(ReferralTestCase):
    """One person of every role, each in an organisation of its own, with a case (centre roles)
    and a screening of their own, and an accepted referral of each kind addressed to them."""

    report: Report
    people: dict[str, User]
    own_case: dict[str, Case]
    own_screening: dict[str, Screening]
    referrals: dict[str, dict[str, Referral]]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.report = make_report()
        cls.people = {}
        cls.own_case = {}
        cls.own_screening = {}
        cls.referrals = {}
        for role in Role:
            organisation = Organisation.objects.create(
                name=f"Org of {role.value}",
                kind=kind_for(role.value),
                slug=f"org-{role.value}".replace("_", "-"),
            )
            user = make_person(f"{role.value}@roles.example", organisation, role.value)
            cls.people[role.value] = user
            if organisation.kind == OrganisationKind.CENTRE:
                cls.own_case[role.value] = make_full_case(organisation, user)
                CaseAssignment.objects.get_or_create(case=cls.own_case[role.value], user=user)
            cls.own_screening[role.value] = make_screening(user, organisation)
            cls.referrals[role.value] = {
                "case": make_referral(
                    sender=cls.centre_a,
                    to=organisation,
                    by=cls.worker_a,
                    case=cls.case,
                    scopes=["situation", "identity", "procedure", "documents"],
                ),
                "report": make_referral(
                    sender=cls.hotline,
                    to=organisation,
                    by=cls.operator,
                    report=cls.report,
                    scopes=["situation", "report"],
                ),
                "screening": make_referral(
                    sender=cls.police,
                    to=organisation,
                    by=cls.police_officer,
                    screening=make_screening(cls.police_officer, cls.police),
                    scopes=["situation", "screening"],
                ),
            }

    def as_role(self, role: str) -> User:
        user = self.people[role]
        self.client.logout()
        self.login(user)
        return user

    def organisation_of(self, role: str) -> Organisation:
        return Membership.objects.get(user=self.people[role]).organisation

    def referral_for(self, role: str, scope: Scope) -> Referral:
        if scope == Scope.REPORT:
            return self.referrals[role]["report"]
        if scope == Scope.SCREENING:
            return self.referrals[role]["screening"]
        return self.referrals[role]["case"]
