"""Writes that concern people and their access. Each one is audited."""

from __future__ import annotations

from enum import StrEnum

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_otp import devices_for_user

from keten.accounts import policy
from keten.accounts.devices import EncryptedTOTPDevice as TOTPDevice
from keten.accounts.devices import RecoveryCodeDevice as StaticDevice
from keten.accounts.models import Invitation, Membership, Organisation, SecondFactorResetRequest, User
from keten.audit.log import log_action

RECOVERY_CODE_COUNT = 10


class AccountError(Exception):
    """A change to people or access that the rules refuse; ``message`` is for the person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def invite_person(
    *, by: User, organisation: Organisation, email: str, full_name: str, role: str, language: str
) -> Membership | Invitation:
    """Invite someone into ``organisation`` in ``role``, as ``by`` may (keten.accounts.policy).

    A new address gets an account and an e-mail with a link to choose a password. An account that
    exists already gets an invitation it accepts or declines while logged in: its password, its
    second factor and its other memberships are never touched.
    """
    if not policy.may_invite(by, organisation, role):
        raise AccountError(_("You may not invite someone into this organisation in this role."))
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        if user is not None:
            return _invite_existing(by=by, user=user, organisation=organisation, role=role)
        user = User.objects.create_user(email=email, full_name=full_name, language=language)
        membership = Membership.objects.create(user=user, organisation=organisation, role=role)
        log_action("account.invited", actor=by, organisation=organisation, obj=user, data={"role": role})
        transaction.on_commit(lambda: send_invitation(user=user))
    return membership


def _invite_existing(*, by: User, user: User, organisation: Organisation, role: str) -> Invitation:
    if Membership.objects.filter(user=user, organisation=organisation, role=role, is_active=True).exists():
        raise AccountError(_("This person already works for this organisation in this role."))
    invitation, _created = Invitation.objects.update_or_create(
        user=user,
        organisation=organisation,
        role=role,
        defaults={"invited_by": by, "created_at": timezone.now()},
    )
    log_action("account.invitation_sent", actor=by, organisation=organisation, obj=user, data={"role": role})
    transaction.on_commit(lambda: send_invitation_to_existing(invitation=invitation))
    return invitation


def send_invitation_to_existing(*, invitation: Invitation) -> None:
    """Tell an existing account about an invitation: it accepts on its own page, logged in."""
    user = invitation.user
    with translation.override(user.language):
        body = render_to_string(
            "accounts/email/invitation_existing.txt",
            {
                "user": user,
                "invitation": invitation,
                "link": settings.SITE_URL + reverse("accounts:invitations"),
            },
        )
        subject = render_to_string("accounts/email/invitation_subject.txt").strip()
    send_mail(subject, body, None, [user.email])


def accept_invitation(*, user: User, invitation_id: int) -> Membership:
    """The invited person, logged in with both factors, accepts: the membership starts."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().filter(pk=invitation_id, user=user).first()
        if invitation is None or not invitation.organisation.is_active:
            raise Http404
        membership, _created = Membership.objects.get_or_create(
            user=user, organisation=invitation.organisation, role=invitation.role
        )
        if not membership.is_active:
            membership.is_active = True
            membership.save(update_fields=["is_active"])
        log_action(
            "account.invitation_accepted",
            actor=user,
            organisation=invitation.organisation,
            obj=user,
            data={"role": invitation.role},
        )
        invitation.delete()
    return membership


def decline_invitation(*, user: User, invitation_id: int) -> None:
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().filter(pk=invitation_id, user=user).first()
        if invitation is None:
            raise Http404
        log_action(
            "account.invitation_declined",
            actor=user,
            organisation=invitation.organisation,
            obj=user,
            data={"role": invitation.role},
        )
        invitation.delete()


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
    if not policy.may_end_membership(by, membership):
        raise AccountError(_("You may not end this membership."))
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


class ResetOutcome(StrEnum):
    DONE = "done"  # the second factor is removed; the person enrols again at their next login
    AWAITING_SECOND = "awaiting_second"  # an installation administrator's: a second one must confirm


def reset_second_factor(*, by: User, user: User, reason: str) -> ResetOutcome:
    """An installation administrator removes ``user``'s second factor, with a written reason.

    Every device django-otp knows for the person goes (``devices_for_user``: whatever device
    models are installed), the person is told by e-mail, and the reset is audited with its reason.
    An installation administrator's second factor needs two of them: the first request waits
    (``account.two_factor_reset_requested``) until a different installation administrator
    confirms it within a day; ``keten reset_second_factor`` on the server does it alone.
    """
    reason = " ".join(reason.split())
    if not reason:
        raise AccountError(_("Write why the second factor must be reset."))
    refusal = policy.reset_refusal(by, user)
    if refusal == policy.ResetRefusal.SELF:
        raise AccountError(
            _("You cannot reset your own second factor here. Ask another installation administrator.")
        )
    if refusal is not None:
        raise AccountError(_("Only an installation administrator may reset a second factor."))
    with transaction.atomic():
        if policy.is_installation_administrator(user):
            pending = SecondFactorResetRequest.objects.select_for_update().filter(user=user).first()
            if pending is None or not pending.is_current() or pending.requested_by_id == by.pk:
                SecondFactorResetRequest.objects.update_or_create(
                    user=user, defaults={"requested_by": by, "reason": reason, "requested_at": timezone.now()}
                )
                log_action("account.two_factor_reset_requested", actor=by, obj=user, reason=reason)
                return ResetOutcome.AWAITING_SECOND
            first = pending.requested_by_id
            pending.delete()
            remove_second_factor(user=user, actor=by, reason=reason, confirmed_request_of=first)
            return ResetOutcome.DONE
        remove_second_factor(user=user, actor=by, reason=reason)
    return ResetOutcome.DONE


def remove_second_factor(
    *, user: User, actor: User | str, reason: str, confirmed_request_of: int | None = None
) -> None:
    """Delete every device of ``user``, audit it and tell the person (the checks are the caller's).

    ``confirmed_request_of``: the installation administrator whose request this reset confirms.
    """
    with transaction.atomic():
        for device in list(devices_for_user(user, confirmed=None)):
            device.delete()
        log_action(
            "account.two_factor_reset",
            actor=actor,
            obj=user,
            reason=reason,
            data={"requested_by": confirmed_request_of} if confirmed_request_of else None,
        )
        transaction.on_commit(lambda: send_second_factor_reset_notice(user=user))


def send_second_factor_reset_notice(*, user: User) -> None:
    with translation.override(user.language):
        body = render_to_string(
            "accounts/email/second_factor_reset.txt",
            {"user": user, "link": settings.SITE_URL + reverse("accounts:login")},
        )
        subject = render_to_string("accounts/email/second_factor_reset_subject.txt").strip()
    send_mail(subject, body, None, [user.email])


def set_installation_administrator(*, user: User, on: bool, actor: str) -> None:
    """Make ``user`` one of the installation's administrators, or no longer (the server only)."""
    with transaction.atomic():
        user.is_superuser = on
        user.is_staff = on
        user.save(update_fields=["is_superuser", "is_staff"])
        log_action(
            "account.installation_administrator_granted"
            if on
            else "account.installation_administrator_revoked",
            actor=actor,
            obj=user,
        )
