"""Saved screenings and the signals (hand-overs) made from them.

A screening is only stored when a professional chooses to save it. The facts and the result are
encrypted at rest: they describe a person who may be in danger.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from keten.accounts.models import Membership, Organisation
from keten.accounts.roles import OrganisationKind
from keten.encryption import EncryptedJSONField

# Organisations that may receive a signal.
RECEIVING_KINDS: tuple[str, ...] = (OrganisationKind.CENTRE, OrganisationKind.HOTLINE)


class RecordingConsent(models.TextChoices):
    YES = "yes", _("Yes, the person agreed")
    NO = "no", _("No, the person did not agree")
    NOT_ASKED = "not_asked", _("Not asked yet")


class HandoverConsent(models.TextChoices):
    YES = "yes", _("Yes, the person agreed that it is passed on")
    NO = "no", _("No, but there is a legal basis")


class LegalBasis(models.TextChoices):
    NONE = "", pgettext_lazy("no legal basis", "None")
    # A professional may pass on what they know without consent to protect a child in serious and
    # imminent danger: state of necessity, and Criminal Code art. 458bis for those bound by
    # professional secrecy. [verify the exact scope of art. 458bis before citing it to a user.]
    MINOR_IN_DANGER = "minor_in_danger", _("The person is a minor in serious danger")


class HandoverStatus(models.TextChoices):
    NEW = "new", _("New")
    TAKEN_UP = "taken_up", _("Taken up")


class ScreeningQuerySet(models.QuerySet["Screening"]):
    def visible_to(self, membership: Membership | None) -> ScreeningQuerySet:
        """Screenings saved by the organisation the person acts for now; none without one."""
        if membership is None:
            return self.none()
        return self.filter(organisation=membership.organisation)


class Screening(models.Model):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="screenings",
        verbose_name=_("author"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="screenings", verbose_name=_("organisation")
    )
    facts = EncryptedJSONField(_("facts"))
    result = EncryptedJSONField(_("result as shown"))
    rules_version = models.CharField(_("version of the rules"), max_length=32)
    consent = models.CharField(
        _("consent to record"),
        max_length=16,
        choices=RecordingConsent.choices,
        default=RecordingConsent.NOT_ASKED,
    )
    created_at = models.DateTimeField(_("saved on"), default=timezone.now)
    # The hotline report this screening was started from, when it was (``?report=`` on the start
    # page and the saver may read that report): the report's page links back to it.
    report = models.ForeignKey(
        "intake.Report",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="screenings",
        verbose_name=_("started from report"),
    )

    objects = ScreeningQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")

    def __str__(self) -> str:
        return f"{_('Screening')} {self.pk}"


class HandoverQuerySet(models.QuerySet["Handover"]):
    def received_by(self, membership: Membership | None) -> HandoverQuerySet:
        """Signals sent to the organisation the person acts for now; none without one."""
        if membership is None or membership.organisation.kind not in RECEIVING_KINDS:
            return self.none()
        return self.filter(to_organisation=membership.organisation)


class Handover(models.Model):
    """A screening passed on to a centre or the hotline as a signal, with consent recorded."""

    screening = models.ForeignKey(Screening, on_delete=models.PROTECT, related_name="handovers")
    to_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="signals_received", verbose_name=_("to")
    )
    consent = models.CharField(_("consent"), max_length=16, choices=HandoverConsent.choices)
    legal_basis = models.CharField(
        _("legal basis"), max_length=32, choices=LegalBasis.choices, blank=True, default=LegalBasis.NONE
    )
    handed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="handovers_made"
    )
    handed_at = models.DateTimeField(_("handed over on"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=16, choices=HandoverStatus.choices, default=HandoverStatus.NEW
    )
    taken_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="handovers_taken_up",
        null=True,
        blank=True,
    )
    taken_up_at = models.DateTimeField(null=True, blank=True)

    objects = HandoverQuerySet.as_manager()

    class Meta:
        ordering = ["-handed_at", "-pk"]
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(consent="yes") | ~models.Q(legal_basis=""),
                name="handover_consent_or_legal_basis",
            )
        ]

    def __str__(self) -> str:
        return f"{_('Signal')} {self.pk}"
