"""A base test case with the named people of the chain (STYLE.md, convention 8)."""

from __future__ import annotations

from typing import Any

from django.test import Client, TestCase
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp

from keten.accounts.devices import EncryptedTOTPDevice as TOTPDevice
from keten.accounts.models import Membership, Organisation, User
from keten.accounts.roles import OrganisationKind, Role
from keten.audit.anchor import append_anchor
from keten.audit.chain import ChainProblem, verify_chain
from keten.audit.models import AuditHead

PASSWORD = "a long and fine test password"


def make_organisation(name: str, kind: str, slug: str) -> Organisation:
    return Organisation.objects.get_or_create(slug=slug, defaults={"name": name, "kind": kind})[0]


def make_person(
    email: str, organisation: Organisation | None, role: str | None, *, enrolled: bool = True
) -> User:
    user = User.objects.create_user(email=email, password=PASSWORD, full_name=email.split("@")[0].title())
    if organisation is not None and role is not None:
        Membership.objects.create(user=user, organisation=organisation, role=role)
    if enrolled:
        TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=True)
    return user


def current_totp(user: User) -> str:
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def verified_audit_trail() -> list[ChainProblem]:
    """The problems ``keten audit verify`` finds, once the trail's head is anchored as a commit
    would anchor it (a TestCase never commits, so its on-commit anchoring never runs)."""
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and head.sequence:
        append_anchor(head.sequence, head.hash)
    return sorted(verify_chain())


class InEnglish:
    """Mixin: URLs are reversed, and pages asserted, in English."""

    def setUp(self) -> None:
        super().setUp()  # type: ignore[misc]
        self.enterContext(translation.override("en"))  # type: ignore[attr-defined]


class KetenTestCase(TestCase):
    """Named people: a social worker of centre A and one of centre B, a centre manager,
    a police officer, a magistrate, a labour inspector, an immigration officer, a hotline
    operator, an installation administrator, and an outsider who belongs to no organisation."""

    centre_a: Organisation
    centre_b: Organisation
    hotline: Organisation
    police: Organisation
    prosecution: Organisation
    inspection: Organisation
    immigration: Organisation
    administration: Organisation

    @classmethod
    def setUpTestData(cls) -> None:
        cls.centre_a = make_organisation("PAG-ASA", OrganisationKind.CENTRE, "pag-asa")
        cls.centre_b = make_organisation("Payoke", OrganisationKind.CENTRE, "payoke")
        cls.hotline = make_organisation("Hotline", OrganisationKind.HOTLINE, "hotline")
        cls.police = make_organisation("Police zone Brussels", OrganisationKind.POLICE, "police-brussels")
        cls.prosecution = make_organisation(
            "Labour auditor Antwerp", OrganisationKind.PROSECUTION, "auditor-antwerp"
        )
        cls.inspection = make_organisation(
            "Social inspection", OrganisationKind.SOCIAL_INSPECTION, "inspection"
        )
        cls.immigration = make_organisation(
            "Immigration Office", OrganisationKind.IMMIGRATION_OFFICE, "dvz-oe"
        )
        cls.administration = make_organisation(
            "Keten administration", OrganisationKind.OTHER, "administration"
        )

        cls.worker_a = make_person("worker.a@pag-asa.example", cls.centre_a, Role.SOCIAL_WORKER)
        cls.worker_b = make_person("worker.b@payoke.example", cls.centre_b, Role.SOCIAL_WORKER)
        cls.manager_a = make_person("manager.a@pag-asa.example", cls.centre_a, Role.CENTRE_MANAGER)
        cls.police_officer = make_person("officer@police.example", cls.police, Role.INVESTIGATOR)
        cls.magistrate = make_person("magistrate@justice.example", cls.prosecution, Role.MAGISTRATE)
        cls.inspector = make_person("inspector@inspection.example", cls.inspection, Role.INSPECTOR)
        cls.immigration_officer = make_person(
            "officer@dvz.example", cls.immigration, Role.IMMIGRATION_OFFICER
        )
        cls.operator = make_person("operator@hotline.example", cls.hotline, Role.HOTLINE_OPERATOR)
        # An installation administrator, as ``keten createadmin`` makes one.
        cls.admin = make_person("admin@keten.example", cls.administration, Role.ORGANISATION_ADMINISTRATOR)
        cls.admin.is_superuser = cls.admin.is_staff = True
        cls.admin.save(update_fields=["is_superuser", "is_staff"])
        cls.outsider = make_person("outsider@elsewhere.example", None, None)

    def named_users(self) -> dict[str, User]:
        return {
            "worker_a": self.worker_a,
            "worker_b": self.worker_b,
            "manager_a": self.manager_a,
            "police_officer": self.police_officer,
            "magistrate": self.magistrate,
            "inspector": self.inspector,
            "immigration_officer": self.immigration_officer,
            "operator": self.operator,
            "admin": self.admin,
            "outsider": self.outsider,
        }

    def login(self, user: User, client: Client | None = None) -> Client:
        """Log in with both factors, as the login pages would."""
        client = client or self.client
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        device = TOTPDevice.objects.get(user=user, confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return client

    def login_password_only(self, user: User, client: Client | None = None) -> Client:
        client = client or self.client
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    def assert_not_found(self, response: Any) -> None:
        self.assertEqual(response.status_code, 404, f"expected 404, got {response.status_code}")
