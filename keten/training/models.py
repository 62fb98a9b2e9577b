"""What a trainee did and what a trainer set: answers to practice cases, and training groups.

An attempt holds only the facts of an invented case and which elements were right: nothing about
a real person. Case ids point into the library of case files (:mod:`keten.training.library`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keten.accounts.models import Organisation


class Attempt(models.Model):
    """One trainee's answers to one practice case, and which feedback elements they got right."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_attempts"
    )
    case_id = models.CharField(_("practice case"), max_length=64)
    language = models.CharField(_("language"), max_length=8)
    facts = models.JSONField(_("answers"))
    marks = models.JSONField(_("elements right"))
    correct = models.PositiveSmallIntegerField(_("elements right"))
    total = models.PositiveSmallIntegerField(_("elements"))
    rules_version = models.CharField(max_length=32)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "case_id"])]
        verbose_name = _("answer to a practice case")
        verbose_name_plural = _("answers to practice cases")

    def __str__(self) -> str:
        return f"{self.case_id} ({self.correct}/{self.total})"


class TrainingGroup(models.Model):
    """People of one organisation to whom a trainer gives a set of practice cases."""

    name = models.CharField(_("name of the group"), max_length=120)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="training_groups")
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="training_groups_led"
    )
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="training_groups", blank=True)
    case_ids = models.JSONField(_("practice cases"), default=list)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("training group")
        verbose_name_plural = _("training groups")

    def __str__(self) -> str:
        return self.name
