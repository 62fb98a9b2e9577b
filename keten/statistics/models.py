"""The analysis area (imported CTDC data, never mixed with cases) and differentially private releases."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keten.core.ctdc import FLAG_COLUMNS, VP_FLAG_COLUMNS


class AnalysisDataset(models.Model):
    """One imported CTDC file. Its records live in :class:`AnalysisRecord` (the 27-column Global
    Synthetic Dataset) or :class:`AnalysisPairRecord` (the Victim-Perpetrator dataset), apart from cases."""

    class Kind(models.TextChoices):
        GLOBAL = "global", _("CTDC Global Synthetic Dataset")
        VICTIM_PERPETRATOR = "victim_perpetrator", _("CTDC Victim-Perpetrator Synthetic Dataset")

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(max_length=24, choices=Kind.choices, default=Kind.GLOBAL)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    rows_read = models.PositiveIntegerField(default=0)
    rows_imported = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("analysis dataset")

    def __str__(self) -> str:
        return self.name


class AnalysisRecord(models.Model):
    """One row of a Global Synthetic Dataset file: one victim as the source counted them.

    Values are kept as published (``30--38``); empty means missing; several values in one cell are
    kept joined with a semicolon, sorted (``BEL;ROU``).
    """

    dataset = models.ForeignKey(AnalysisDataset, on_delete=models.CASCADE, related_name="records")
    year_of_registration = models.PositiveSmallIntegerField(null=True)
    gender = models.CharField(max_length=100, blank=True)
    age_broad = models.CharField(max_length=100, blank=True)
    citizenship = models.CharField(max_length=200, blank=True)
    country_of_exploitation = models.CharField(max_length=200, blank=True)
    traffick_months = models.CharField(max_length=100, blank=True)
    # The 21 flag columns, bit i set when FLAG_COLUMNS[i] is "1" (an unset bit is "empty": missing).
    flags = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["dataset", "year_of_registration"], name="analysis_dataset_year")]

    def __str__(self) -> str:
        return f"{self.dataset_id}/{self.pk}"

    def flag(self, column: str) -> bool:
        return bool(self.flags & (1 << FLAG_COLUMNS.index(column)))


class AnalysisPairRecord(models.Model):
    """One row of a Victim-Perpetrator Synthetic Dataset file: a victim and their exploiter(s).

    Values as published; empty is missing; several values joined with a semicolon, sorted.
    """

    dataset = models.ForeignKey(AnalysisDataset, on_delete=models.CASCADE, related_name="pair_records")
    year_group = models.CharField(max_length=16, blank=True)
    gender = models.CharField(max_length=40, blank=True)
    majority_status = models.CharField(max_length=40, blank=True)
    citizenship_region = models.CharField(max_length=100, blank=True)
    exploitation_region = models.CharField(max_length=100, blank=True)
    exploiter_gender = models.CharField(max_length=40, blank=True)
    exploiter_age = models.CharField(max_length=100, blank=True)
    exploiter_region = models.CharField(max_length=100, blank=True)
    relation = models.CharField(max_length=120, blank=True)
    paid_money = models.CharField(max_length=16, blank=True)
    # The 6 flag columns, bit i set when VP_FLAG_COLUMNS[i] is "1".
    flags = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["dataset", "year_group"], name="analysis_pair_dataset_year")]

    def __str__(self) -> str:
        return f"{self.dataset_id}/{self.pk}"

    def flag(self, column: str) -> bool:
        return bool(self.flags & (1 << VP_FLAG_COLUMNS.index(column)))


class AnalysisRejection(models.Model):
    """Why one row of an imported file was refused (the first rejections of a file are kept)."""

    dataset = models.ForeignKey(AnalysisDataset, on_delete=models.CASCADE, related_name="rejections")
    line = models.PositiveIntegerField()
    column = models.CharField(max_length=40)
    reason = models.CharField(max_length=300)

    class Meta:
        ordering = ["line", "pk"]

    def __str__(self) -> str:
        return f"{self.dataset_id}: line {self.line}"


class PrivacyLedger(models.Model):
    """The privacy budget (epsilon) of open data: how much there is and how much has been spent."""

    name = models.CharField(max_length=60, unique=True)
    total_epsilon = models.DecimalField(max_digits=8, decimal_places=4)
    spent_epsilon = models.DecimalField(max_digits=8, decimal_places=4, default=0)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.name


class SavedRelease(models.Model):
    """A differentially private release of counts, published once and then only re-shown, so the
    same figures never cost budget twice."""

    ledger = models.ForeignKey(PrivacyLedger, on_delete=models.PROTECT, related_name="releases")
    title = models.CharField(max_length=200)
    epsilon = models.DecimalField(max_digits=8, decimal_places=4)
    year_from = models.PositiveSmallIntegerField()
    year_to = models.PositiveSmallIntegerField()
    # {"rows": [...labels...], "columns": [...], "counts": [[noisy ints]]}: only noisy numbers.
    table = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title
