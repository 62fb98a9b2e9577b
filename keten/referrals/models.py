"""Referrals between chain partners, the victim's consent to share, and the chain phases of a case.

What a receiver may see of a referral is decided in :mod:`keten.referrals.permissions` and
rendered by :func:`keten.referrals.scopes.scoped_view`; nothing here decides access.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keten.accounts.roles import OrganisationKind
from keten.encryption import EncryptedTextField
from keten.knowledge.reference import CHAIN_PHASE_BITS, CHAIN_PHASES
from keten.referrals.permissions import SCOPE_LABELS, SCOPE_VALUES, Scope


class SourceKind(models.TextChoices):
    CASE = "case", _("Case file")
    REPORT = "report", _("Report")
    SCREENING = "screening", _("Screening")


class Status(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class LegalBasis(models.TextChoices):
    NONE = "", _("None: the person agreed")
    # Passing on what one knows to protect a child in serious and imminent danger: state of
    # necessity, and Criminal Code art. 458bis for those bound by professional secrecy.
    MINOR_IN_DANGER = "minor_in_danger", _("A minor in serious and imminent danger")
    # State of necessity (Criminal Code, general principle): a serious danger to someone's life.
    DANGER_TO_LIFE = "danger_to_life", _("A serious danger to someone's life")
    # Code of Criminal Procedure: a magistrate may order that information is handed over.
    JUDICIAL_ORDER = "judicial_order", _("An order of a magistrate")
    # An anonymous report has nobody who can consent. The hotline passes on what a report says to
    # the partner who can act on it as the task it carries out in the public interest: GDPR art.
    # 6(1)(e), with art. 10 GDPR and the Data Protection Act of 30 July 2018 (art. 10) for data on
    # possible offences; the chain's cooperation is set out in the circular of 23 December 2016 on
    # the multidisciplinary cooperation for victims of trafficking [verify the instrument that
    # entrusts the national hotline]. Recorded automatically when the hotline refers what a
    # report says (keten.referrals.services.create_referral).
    HOTLINE_MANDATE = "hotline_mandate", _("The hotline's mandate to pass on reports")


SCOPE_CHOICES = [(scope.value, SCOPE_LABELS[scope]) for scope in Scope]
PHASE_CHOICES = [(phase.id, phase.label) for phase in CHAIN_PHASES]


class ReferralQuerySet(models.QuerySet["Referral"]):
    def active_on(self, day: date) -> ReferralQuerySet:
        """Referrals whose access has not ended: not withdrawn, not declined, not expired."""
        return self.filter(expires_on__gte=day).exclude(status__in=[Status.DECLINED, Status.WITHDRAWN])


class Referral(models.Model):
    """A report, a screening or a case handed to a partner for a purpose, with a scope."""

    source_kind = models.CharField(_("what is referred"), max_length=16, choices=SourceKind.choices)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="referrals"
    )
    report = models.ForeignKey(
        "intake.Report", on_delete=models.CASCADE, null=True, blank=True, related_name="referrals"
    )
    screening = models.ForeignKey(
        "screening.Screening", on_delete=models.CASCADE, null=True, blank=True, related_name="referrals"
    )
    from_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="referrals_sent"
    )
    to_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="referrals_received",
        verbose_name=_("to"),
    )
    purpose = EncryptedTextField(_("purpose"), default="")
    scopes = models.JSONField(_("what they may see"), default=list)
    documents = models.ManyToManyField("cases.Document", blank=True, related_name="referrals")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    expires_on = models.DateField(_("access ends after"))
    legal_basis = models.CharField(
        _("legal basis"), max_length=32, choices=LegalBasis.choices, blank=True, default=""
    )
    legal_basis_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    decline_reason = EncryptedTextField(_("reason"), default="", blank=True)
    # A report only: the reporter agreed that their own contact details go with what they wrote.
    reporter_contact_shared = models.BooleanField(
        _("the reporter agreed to share their contact details"), default=False
    )

    objects: ClassVar[ReferralQuerySet] = ReferralQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["to_organisation", "status", "expires_on"], name="referral_inbox"),
            models.Index(fields=["from_organisation", "-created_at"], name="referral_sent"),
        ]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self) -> str:
        return f"referral {self.pk}"

    @property
    def source_id(self) -> int | None:
        return {"case": self.case_id, "report": self.report_id, "screening": self.screening_id}.get(
            self.source_kind
        )

    def is_expired(self, today: date | None = None) -> bool:
        return (today or timezone.localdate()) > self.expires_on

    def scope_labels(self) -> list[str]:
        return [str(SCOPE_LABELS[Scope(value)]) for value in self.scopes if value in SCOPE_VALUES]


class Consent(models.Model):
    """What the victim agreed to share, with whom (a kind of organisation or one organisation), when."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="consents")
    scopes = models.JSONField(_("what may be shared"), default=list)
    recipient_kind = models.CharField(
        _("with every organisation of this kind"),
        max_length=32,
        choices=OrganisationKind.choices,
        blank=True,
    )
    recipient = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("or with this organisation only"),
    )
    given_on = models.DateField(_("given on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-given_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(recipient_kind="") | models.Q(recipient__isnull=False),
                name="consent_has_recipient",
            )
        ]

    def __str__(self) -> str:
        return f"consent {self.pk}"

    def labels(self) -> list[str]:
        return [str(SCOPE_LABELS[Scope(value)]) for value in self.scopes if value in SCOPE_VALUES]

    def covers(self, organisation_id: int, organisation_kind: str, day: date) -> bool:
        if self.given_on > day or (self.withdrawn_on is not None and self.withdrawn_on <= day):
            return False
        if self.recipient_id is not None:
            return self.recipient_id == organisation_id
        return self.recipient_kind == organisation_kind


class Outcome(models.TextChoices):
    ONGOING = "ongoing", _("Ongoing")
    DONE = "done", _("Done")
    NOT_PURSUED = "not_pursued", _("Stopped or not pursued")


class ChainPhase(models.Model):
    """One phase of the chain reached on a case, recorded by the partner that owns it."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="chain_phases")
    phase = models.CharField(_("phase"), max_length=16, choices=PHASE_CHOICES, db_index=True)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.ONGOING)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    referral = models.ForeignKey(
        Referral, on_delete=models.SET_NULL, null=True, blank=True, related_name="phases"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["started_on", "pk"]
        indexes = [models.Index(fields=["case", "phase"], name="chain_phase_case")]

    def __str__(self) -> str:
        return f"{self.phase} on case {self.case_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save, and mark the phase as reached on the case (``Case.phases_reached``) in the same
        transaction. Phases are only ever added, so the bit never needs clearing."""
        with transaction.atomic():
            super().save(*args, **kwargs)
            Case = apps.get_model("cases", "Case")  # noqa: N806
            Case.objects.filter(pk=self.case_id).update(
                phases_reached=F("phases_reached").bitor(CHAIN_PHASE_BITS[self.phase])
            )


class Notification(models.Model):
    """In-app notice to an organisation that a referral waits for it (no personal data)."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="notifications")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["organisation", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return f"notification {self.pk}"
