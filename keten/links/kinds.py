"""The kinds of identifier that link records, and which referral scope reveals each kind."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from keten.referrals.permissions import Scope


class IdentifierKind(models.TextChoices):
    PHONE = "phone", _("Phone number")
    EMAIL = "email", _("E-mail address")
    ADDRESS = "address", _("Postal address")
    PLATE = "plate", _("Vehicle plate")
    IBAN = "iban", _("Bank account (IBAN)")
    ENTERPRISE = "enterprise", _("Belgian enterprise number")
    WEBSITE = "website", _("Website")
    HANDLE = "handle", _("Advertisement or social-media handle")
    WORKPLACE = "workplace", _("Name of a workplace")
    # Never typed: kept from a case's keyed hash of names and date of birth (keten.cases.services).
    PERSON = "person", _("The same person (names and date of birth)")


class RecordKind(models.TextChoices):
    REPORT = "report", _("Report")
    SCREENING = "screening", _("Screening")
    CASE = "case", _("Case file")


#: Kinds a person may type on a record's page (a person match comes from the case itself).
TYPED_KINDS: tuple[str, ...] = tuple(kind for kind in IdentifierKind.values if kind != IdentifierKind.PERSON)

#: Kinds that say who someone is or how to reach them: a receiver sees them only with the
#: identity scope (a case), or the report's or screening's own content.
PERSONAL_KINDS = frozenset(
    {
        IdentifierKind.PHONE,
        IdentifierKind.EMAIL,
        IdentifierKind.ADDRESS,
        IdentifierKind.IBAN,
        IdentifierKind.HANDLE,
        IdentifierKind.PERSON,
    }
)
#: Kinds that describe the situation (where, which business, which car): the situation scope.
SITUATION_KINDS = frozenset(IdentifierKind.values) - PERSONAL_KINDS

#: For a record received through a referral: which identifier kinds each scope reveals.
KINDS_BY_SCOPE: dict[str, dict[Scope, frozenset[str]]] = {
    RecordKind.CASE: {
        Scope.SITUATION: frozenset(SITUATION_KINDS),
        Scope.IDENTITY: frozenset(PERSONAL_KINDS),
    },
    RecordKind.REPORT: {
        Scope.SITUATION: frozenset(SITUATION_KINDS),
        Scope.REPORT: frozenset(IdentifierKind.values) - {IdentifierKind.PERSON},
    },
    RecordKind.SCREENING: {
        Scope.SITUATION: frozenset(SITUATION_KINDS),
        Scope.SCREENING: frozenset(IdentifierKind.values) - {IdentifierKind.PERSON},
    },
}


def kinds_for_scopes(record_kind: str, scopes: frozenset[Scope]) -> frozenset[str]:
    allowed: set[str] = set()
    for scope in scopes:
        allowed |= KINDS_BY_SCOPE.get(record_kind, {}).get(scope, frozenset())
    return frozenset(allowed)
