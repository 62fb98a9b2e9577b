"""Writes that concern people and their access. Each one is audited."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from keten.accounts.devices import EncryptedTOTPDevice as TOTPDevice
from keten.accounts.devices import RecoveryCodeDevice as StaticDevice
from keten.accounts.models import Membership, Organisation, User
from keten.audit.log import log_action

RECOVERY_CODE_COUNT = 10


def invite_person(
    *, by: User, organisation: Organisation, email: str, full_name: str, role: str, language: str
) -> Membership:
    """Create (or reuse) the account, add the membership and e-mail a link to choose a password."""
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_user(email=email, full_name=full_name, language=language)
        membership, _created = Membership.objects.get_or_create(
            user=user, organisation=organisation, role=role, defaults={"is_active": True}
        )
        if not membership.is_active:
            membership.is_active = True
            membership.save(update_fields=["is_active"])
        log_action("account.invited", actor=by, organisation=organisation, obj=user, data={"role": role})
        transaction.on_commit(lambda: send_invitation(user=user))
    return membership


def send_invitation(*, user: User) -> None:
    """E-mail a one-time link to set a password. The link expires (PASSWORD_RESET_TIMEOUT)."""
    with translation.override(user.language):
        path = reverse(
            "accounts:password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
        body = render_to_string(
            "accounts/email/invitation.txt", {"user": user, "link": settings.SITE_URL + path}
        )
        subject = render_to_string("accounts/email/invitation_subject.txt").strip()
    send_mail(subject, body, None, [user.email])


def deactivate_membership(*, by: User, membership: Membership) -> None:
    with transaction.atomic():
        membership.is_active = False
        membership.save(update_fields=["is_active"])
        log_action(
            "account.membership_ended",
            actor=by,
            organisation=membership.organisation,
            obj=membership.user,
            data={"role": membership.role},
        )


def start_totp_enrolment(*, user: User) -> TOTPDevice:
    """A fresh, unconfirmed authenticator for this person (any earlier unconfirmed one is dropped)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=False)


def confirm_totp_enrolment(*, user: User, device: TOTPDevice) -> list[str]:
    """Confirm the authenticator and return new recovery codes, shown once."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = replace_recovery_codes(user=user)
        log_action("account.two_factor_enrolled", actor=user, obj=user)
    return codes


def replace_recovery_codes(*, user: User) -> list[str]:
    static, _created = StaticDevice.objects.get_or_create(user=user, name="Recovery codes")
    return static.replace_codes(RECOVERY_CODE_COUNT)


def reset_second_factor(*, by: User, user: User) -> None:
    """An administrator removes a person's authenticator so they enrol again at next login."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        log_action("account.two_factor_reset", actor=by, obj=user)
