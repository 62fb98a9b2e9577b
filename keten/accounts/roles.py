"""Organisation kinds and roles of the chain, and which role fits which kind."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    CENTRE = "centre", _("Specialised centre")
    HOTLINE = "hotline", _("Hotline")
    POLICE = "police", _("Police")
    PROSECUTION = "prosecution", _("Public prosecutor or labour auditor")
    SOCIAL_INSPECTION = "social_inspection", _("Social inspection")
    IMMIGRATION_OFFICE = "immigration_office", _("Immigration Office")
    GUARDIANSHIP = "guardianship", _("Guardianship service")
    COURT = "court", _("Court")
    RAPPORTEUR = "rapporteur", _("National rapporteur")
    OTHER = "other", _("Other organisation")


class Role(models.TextChoices):
    # Manages the people and settings of its own organisation only (keten.accounts.policy). The
    # installation's administrators are not a role: see ``User.is_superuser``.
    ORGANISATION_ADMINISTRATOR = "administrator", _("Organisation administrator")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    CENTRE_MANAGER = "centre_manager", _("Centre manager")
    HOTLINE_OPERATOR = "hotline_operator", _("Hotline operator")
    INVESTIGATOR = "investigator", _("Investigator")
    INSPECTOR = "inspector", _("Social inspector")
    MAGISTRATE = "magistrate", _("Magistrate")
    IMMIGRATION_OFFICER = "immigration_officer", _("Immigration officer")
    GUARDIAN = "guardian", _("Guardianship officer")
    COURT_CLERK = "court_clerk", _("Court clerk")
    RAPPORTEUR = "rapporteur", _("National rapporteur")
    TRAINER = "trainer", _("Trainer")


# Which roles a person may hold in which kind of organisation. An organisation administrator can
# sit in any organisation: each organisation manages its own people. So can a trainer: every
# partner trains its own people (keten/training).
ROLES_BY_KIND: dict[str, frozenset[str]] = {
    OrganisationKind.CENTRE: frozenset({Role.SOCIAL_WORKER, Role.CENTRE_MANAGER}),
    OrganisationKind.HOTLINE: frozenset({Role.HOTLINE_OPERATOR}),
    OrganisationKind.POLICE: frozenset({Role.INVESTIGATOR}),
    OrganisationKind.PROSECUTION: frozenset({Role.MAGISTRATE}),
    OrganisationKind.SOCIAL_INSPECTION: frozenset({Role.INSPECTOR}),
    OrganisationKind.IMMIGRATION_OFFICE: frozenset({Role.IMMIGRATION_OFFICER}),
    OrganisationKind.GUARDIANSHIP: frozenset({Role.GUARDIAN}),
    OrganisationKind.COURT: frozenset({Role.COURT_CLERK, Role.MAGISTRATE}),
    OrganisationKind.RAPPORTEUR: frozenset({Role.RAPPORTEUR}),
    OrganisationKind.OTHER: frozenset(),
}


def role_fits_kind(role: str, kind: str) -> bool:
    return role in (Role.ORGANISATION_ADMINISTRATOR, Role.TRAINER) or role in ROLES_BY_KIND.get(
        kind, frozenset()
    )
