from __future__ import annotations

from contextvars import ContextVar
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keten.accounts.roles import OrganisationKind, Role, role_fits_kind

#: Active memberships per person, for the length of one request (set by
#: ``keten.accounts.middleware.MembershipCacheMiddleware``; outside a request nothing is cached).
request_memberships: ContextVar[dict[int, list[Membership]] | None] = ContextVar(
    "keten_request_memberships", default=None
)


class Organisation(models.Model):
    """A partner of the chain: a centre, the hotline, a police zone, a prosecutor's office..."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    slug = models.SlugField(_("short name"), max_length=64, unique=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A professional of the chain. Citizens and reporters never have an account."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    language = models.CharField(_("language"), max_length=8, default="nl")
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("may use the technical admin"), default=False)
    # Marks the installation's administrators (keten.accounts.policy); set only on the server
    # (``keten createadmin``, ``keten installation_admin grant``), never by an organisation.
    is_superuser = models.BooleanField(
        _("installation administrator"),
        default=False,
        help_text=_("Manages organisations, inbox access, the audit trail, keys and national figures."),
    )
    date_joined = models.DateTimeField(_("invited on"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["email"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.full_name or self.email

    def active_memberships(self) -> models.QuerySet[Membership]:
        return self.memberships.filter(is_active=True, organisation__is_active=True).select_related(
            "organisation"
        )

    def active_membership_list(self) -> list[Membership]:
        """``active_memberships()`` as a list, looked up once per request: the access checks,
        the view and the page shell all ask for it."""
        cache = request_memberships.get()
        if cache is None:
            return list(self.active_memberships())
        if self.pk not in cache:
            cache[self.pk] = list(self.active_memberships())
        return cache[self.pk]

    def has_role(self, *roles: str) -> bool:
        return any(membership.role in roles for membership in self.active_membership_list())

    @property
    def is_installation_administrator(self) -> bool:
        """One of the installation's administrators (for templates; the rules are in policy)."""
        from keten.accounts.policy import is_installation_administrator

        return is_installation_administrator(self)

    @property
    def is_any_administrator(self) -> bool:
        """An installation or an organisation administrator: shows the "People" page."""
        from keten.accounts.policy import is_any_administrator

        return is_any_administrator(self)


class Membership(models.Model):
    """One person serving one organisation in one role. A person may hold several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="unique_membership"),
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.organisation} · {self.get_role_display()}"

    def clean(self) -> None:
        if self.organisation_id and not role_fits_kind(self.role, self.organisation.kind):
            raise ValidationError({"role": _("This role does not exist in this kind of organisation.")})


class Invitation(models.Model):
    """An organisation asks an account that exists already to join it in a role.

    The account's owner accepts or declines it while logged in; until then it gives nothing, and
    it never touches the account's password or second factor.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="unique_invitation"),
        ]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.organisation} · {self.get_role_display()}"


class SecondFactorResetRequest(models.Model):
    """The first of the two installation administrators needed to reset another one's second factor.

    A second, different installation administrator confirms it within a day; then it is carried out.
    """

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="second_factor_reset_request")
    requested_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=200)
    requested_at = models.DateTimeField(default=timezone.now)

    LIFETIME_SECONDS = 24 * 3600

    def __str__(self) -> str:
        return f"{self.user} · {self.requested_at:%Y-%m-%d %H:%M}"

    def is_current(self) -> bool:
        return (timezone.now() - self.requested_at).total_seconds() < self.LIFETIME_SECONDS


def _forget_request_memberships(**_kwargs: Any) -> None:
    """A membership or organisation changed during the request: look memberships up afresh."""
    cache = request_memberships.get()
    if cache is not None:
        cache.clear()


for _model in (Membership, Organisation):
    models.signals.post_save.connect(_forget_request_memberships, sender=_model)
    models.signals.post_delete.connect(_forget_request_memberships, sender=_model)


# The second-factor devices live in their own module; Django finds models through this one.
from keten.accounts.devices import EncryptedTOTPDevice, RecoveryCode, RecoveryCodeDevice  # noqa: E402

__all__ = ["EncryptedTOTPDevice", "Membership", "Organisation", "RecoveryCode", "RecoveryCodeDevice", "User"]
