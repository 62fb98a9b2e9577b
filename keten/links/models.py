"""Identifiers kept on reports, screenings and cases, and the match notices between organisations.

An identifier's value is stored encrypted; what is compared is a keyed lookup hash of its normal
form, one key per kind (``keten.encryption.lookup_hash``). Neither the value nor the hash is ever
written to a log or the audit trail.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keten.encryption import EncryptedTextField
from keten.links.kinds import IdentifierKind, RecordKind


class Identifier(models.Model):
    """One identifier on one record (a report, a screening or a case)."""

    kind = models.CharField(_("kind"), max_length=16, choices=IdentifierKind.choices)
    value = EncryptedTextField(_("identifier"), default="")
    lookup = models.CharField(max_length=64, editable=False)
    record_kind = models.CharField(max_length=16, choices=RecordKind.choices)
    record_id = models.PositiveBigIntegerField()
    # The organisation that holds the record (the centre of a case, the hotline for a report,
    # the organisation that saved a screening): who a match notice goes to.
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", null=True
    )
    # The record's own date (received, saved, opened), copied so that a period filter is one query.
    record_date = models.DateField()
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "pk"]
        indexes = [
            # Matching: one index probe per new identifier.
            models.Index(fields=["lookup", "kind"], name="identifier_lookup"),
            models.Index(fields=["record_kind", "record_id"], name="identifier_record"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["record_kind", "record_id", "kind", "lookup"], name="identifier_once_per_record"
            )
        ]
        verbose_name = _("identifier")
        verbose_name_plural = _("identifiers")

    def __str__(self) -> str:
        return f"{self.kind} on {self.record_kind} {self.record_id}"


class Decision(models.TextChoices):
    PENDING = "", _("Not decided yet")
    REFER = "refer", _("We will refer our record")
    NO_REFERRAL = "no_referral", _("We will not refer")


class MatchNotice(models.Model):
    """Two records of two organisations share an identifier (or a person) that neither side may see
    on the other's record. Each side learns only the kind of match and the reference, and decides
    for its own record whether to refer it."""

    reference = models.CharField(max_length=16, unique=True)
    kind = models.CharField(_("kind of match"), max_length=16, choices=IdentifierKind.choices)
    # Side A: the record that received the new identifier. Side B: the record already known.
    organisation_a = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    record_a_kind = models.CharField(max_length=16, choices=RecordKind.choices)
    record_a_id = models.PositiveBigIntegerField()
    organisation_b = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    record_b_kind = models.CharField(max_length=16, choices=RecordKind.choices)
    record_b_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    decision_a = models.CharField(max_length=16, choices=Decision.choices, blank=True, default="")
    decided_a_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_a_at = models.DateTimeField(null=True, blank=True)
    decision_b = models.CharField(max_length=16, choices=Decision.choices, blank=True, default="")
    decided_b_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_b_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["organisation_a", "-created_at"], name="notice_side_a"),
            models.Index(fields=["organisation_b", "-created_at"], name="notice_side_b"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "record_a_kind", "record_a_id", "record_b_kind", "record_b_id"],
                name="notice_once_per_pair",
            )
        ]
        verbose_name = _("match notice")
        verbose_name_plural = _("match notices")

    def __str__(self) -> str:
        return self.reference


class Probe(models.Model):
    """One identifier typed by one person, kept (without the value) to limit and audit probing:
    removing identifiers does not reset the count."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["user", "at"], name="probe_user_at")]

    def __str__(self) -> str:
        return f"probe {self.pk}"
