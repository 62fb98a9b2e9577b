"""Small choice lists of the case file, until the knowledge app's reference data land.

The forms of exploitation are the five purposes of art. 433quinquies §1 of the Criminal
Code, with the ids of :mod:`keten.core.law`. Genders follow the Human Trafficking Case
Data Standard (HTCDS); sectors are the sections of ISIC rev. 4.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from keten.core.law import CLASSIC_PURPOSES as PURPOSES


class Gender(models.TextChoices):
    """HTCDS gender values."""

    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    TRANSGENDER_NON_CONFORMING = "transgender_non_conforming", _("Transgender or gender non-conforming")
    UNKNOWN = "unknown", _("Unknown")


class FormOfExploitation(models.TextChoices):
    SEXUAL = "sexual", _("Sexual exploitation")
    LABOUR = "labour", _("Labour exploitation")
    BEGGING = "begging", _("Exploitation of begging")
    ORGAN_REMOVAL = "organ_removal", _("Removal of organs")
    FORCED_CRIME = "forced_crime", _("Forced criminality")


assert tuple(FormOfExploitation.values) == PURPOSES  # noqa: S101 - one list, two places


class MethodOfControl(models.TextChoices):
    """How the exploiters controlled the person: the values of HTCDS 2.0 ``vic_MethodsOfControl``,
    stored under their HTCDS names so that the export needs no second list."""

    PHYSICAL_THREATS = "PhysicalThreats", _("Physical threats")
    THREATS_LAW_ENFORCEMENT = "ThreatsLawEnforcement", _("Threats of police or immigration authorities")
    THREATENS_CHILDREN_FAMILY = "ThreatensChildrenFamily", _("Threats to children or family")
    DEBT_BONDAGE = "DebtBondage", _("Debt bondage")
    FALSE_PROMISES = "FalsePromises", _("False promises")
    PHYSICAL_ABUSE = "PhysicalAbuse", _("Physical abuse")
    SEXUAL_ABUSE = "SexualAbuse", _("Sexual abuse")
    TAKES_EARNINGS = "TakesEarnings", _("Takes the earnings")
    RESTRICTS_FINANCIAL_ACCESS = "RestrictsFinancialAccess", _("Restricts access to money")
    RESTRICTS_MEDICAL_CARE = "RestrictsMedicalCare", _("Restricts medical care")
    WITHHOLDS_NECESSITIES = "WithholdsNecessities", _("Withholds food, shelter or other necessities")
    PSYCHOLOGICAL_ABUSE = "PsychologicalAbuse", _("Psychological abuse")
    PSYCHOACTIVE_SUBSTANCE = "PsychoactiveSubstance", _("Alcohol or drugs")
    EXCESSIVE_WORKING_HOURS = "ExcessiveWorkingHours", _("Excessive working hours")
    WITHHOLDS_DOCUMENTS = "WithholdsDocuments", _("Withholds identity or other documents")
    OTHER = "Other", _("Another means of control")


class SexualExploitationType(models.TextChoices):
    """The values of HTCDS 2.0 ``vic_TypeOfSexExploitation``, under their HTCDS names."""

    PROSTITUTION = "Prostitution", _("Prostitution")
    PORNOGRAPHY = "Pornography", _("Pornography")
    REMOTE_INTERACTIVE_SERVICES = "RemoteInteractiveServices", _("Remote interactive services (webcam)")
    PRIVATE_SEXUAL_SERVICES = "PrivateSexualServices", _("Private sexual services")


class Sector(models.TextChoices):
    """ISIC rev. 4 sections A to U."""

    A = "A", _("A: Agriculture, forestry and fishing")
    B = "B", _("B: Mining and quarrying")
    C = "C", _("C: Manufacturing")
    D = "D", _("D: Electricity, gas, steam and air conditioning supply")
    E = "E", _("E: Water supply, sewerage, waste management")
    F = "F", _("F: Construction")
    G = "G", _("G: Wholesale and retail trade, repair of vehicles")
    H = "H", _("H: Transportation and storage")
    I = "I", _("I: Accommodation and food service")  # noqa: E741
    J = "J", _("J: Information and communication")
    K = "K", _("K: Financial and insurance activities")
    L = "L", _("L: Real estate activities")
    M = "M", _("M: Professional, scientific and technical activities")
    N = "N", _("N: Administrative and support services")
    O = "O", _("O: Public administration and defence")  # noqa: E741
    P = "P", _("P: Education")
    Q = "Q", _("Q: Human health and social work")
    R = "R", _("R: Arts, entertainment and recreation")
    S = "S", _("S: Other service activities")
    T = "T", _("T: Households as employers, domestic work")
    U = "U", _("U: Extraterritorial organisations")


class IntakeChannel(models.TextChoices):
    """How the person came to the centre."""

    POLICE = "police", _("Police")
    SOCIAL_INSPECTION = "social_inspection", _("Social inspection")
    HOTLINE_REPORT = "hotline_report", _("A report to the hotline")
    SCREENING = "screening", _("A screening by a professional")
    ANOTHER_CENTRE = "another_centre", _("Another centre")
    NGO = "ngo", _("An NGO or social service")
    SELF = "self", _("The person came on their own")


class GuidanceDomain(models.TextChoices):
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial")
    MEDICAL = "medical", _("Medical")
    LEGAL = "legal", _("Legal")
    ADMINISTRATIVE = "administrative", _("Administrative")
    HOUSING = "housing", _("Housing")
    WORK_AND_TRAINING = "work_and_training", _("Work and training")
    FAMILY = "family", _("Family")


class ContactRole(models.TextChoices):
    LAWYER = "lawyer", _("Lawyer")
    GUARDIAN = "guardian", _("Guardian")
    INTERPRETER = "interpreter", _("Interpreter")
    OTHER = "other", _("Other")


class LinkKind(models.TextChoices):
    CHILD = "child", _("Child")
    CO_VICTIM = "co_victim", _("Co-victim")
    RELATIVE = "relative", _("Other relative")
