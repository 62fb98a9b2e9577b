"""Who administers what: the installation's administrators and each organisation's, in one place.

Keten has two kinds of administrator, and they never stand in for each other:

- **Installation administrators** (``User.is_superuser``, shown as "installation administrator";
  created by ``keten createadmin`` or ``keten installation_admin grant`` on the server) manage
  the installation: organisations and the technical admin, who may use the hotline's inbox, the
  installation-wide audit trail, keys, retention, the national figures and the per-person
  exchange exports, and resetting someone's second factor. They appoint each organisation's
  administrator; they do not staff an organisation's teams themselves.
- **Organisation administrators** (a membership with the role ``administrator``) manage the people
  and settings of their own organisation, and nothing else: no other organisation's people,
  records, figures or audit entries, and nobody's second factor.

This module answers both questions for every view, API endpoint, export and command:
"may this person do X to this?" (``may``, ``may_manage_people``, ``may_end_membership``,
``may_reset_second_factor``, ``may_grant_inbox`` ...) and "which of these may they see?"
(``visible_memberships``, ``visible_audit_events``, ``figures_scope``). Everything not granted
here is denied. A command run on the server acts with the installation's authority: whoever can
run it already holds the database and its keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from keten.accounts.models import Membership, Organisation, User
from keten.accounts.roles import ROLES_BY_KIND, OrganisationKind, Role

if TYPE_CHECKING:
    from keten.audit.models import AuditEvent


class Power(StrEnum):
    """What only the installation's administrators may do (the rapporteur shares the figures)."""

    MANAGE_ORGANISATIONS = "manage_organisations"  # organisations, centres, the technical admin
    GRANT_INBOX = "grant_inbox"  # let a chain partner use the hotline's inbox
    VIEW_INSTALLATION_AUDIT = "view_installation_audit"  # the whole audit trail
    RESET_SECOND_FACTOR = "reset_second_factor"  # remove someone's authenticator, with a reason
    VIEW_NATIONAL_FIGURES = "view_national_figures"  # every centre's figures, reports, exchange
    EXPORT_PERSON_RECORDS = "export_person_records"  # the per-person CTDC/HTCDS exports


#: Powers the national rapporteur holds through its membership (Art. 7 of the Royal Decree of
#: 16 May 2004 on the fight against trafficking: the rapporteur reports on the whole chain).
RAPPORTEUR_POWERS = frozenset({Power.VIEW_NATIONAL_FIGURES, Power.EXPORT_PERSON_RECORDS})

#: The chain partners whose members may be let into the hotline's inbox: the services that act
#: on a report under the multidisciplinary circular (COL 04/2016: police, social inspection,
#: the public prosecutor and labour auditor, and the specialised centres). Never an organisation
#: of kind "other", the rapporteur, the Immigration Office, a guardianship service or a court:
#: an anonymous reporter wrote to the hotline, not to them.
INBOX_PARTNER_KINDS: tuple[str, ...] = (
    OrganisationKind.CENTRE,
    OrganisationKind.POLICE,
    OrganisationKind.PROSECUTION,
    OrganisationKind.SOCIAL_INSPECTION,
)


# --- Who is who --------------------------------------------------------------------------------


def is_installation_administrator(user: Any) -> bool:
    """An active account marked as one of the installation's administrators."""
    return bool(isinstance(user, User) and user.is_active and user.is_authenticated and user.is_superuser)


def is_organisation_administrator(membership: Membership | None) -> bool:
    """The membership is an active organisation administrator's, in an active organisation."""
    return bool(
        membership is not None
        and membership.is_active
        and membership.organisation.is_active
        and membership.role == Role.ORGANISATION_ADMINISTRATOR
    )


def administered_organisations(user: Any) -> QuerySet[Organisation]:
    """The organisations whose people and settings ``user`` manages as organisation administrator."""
    if not isinstance(user, User):
        return Organisation.objects.none()
    ids = [
        membership.organisation_id
        for membership in user.active_membership_list()
        if membership.role == Role.ORGANISATION_ADMINISTRATOR
    ]
    return Organisation.objects.filter(pk__in=ids, is_active=True)


def administers(user: Any, organisation: Organisation) -> bool:
    """``user`` is an organisation administrator of ``organisation`` (not merely an installation one)."""
    if not isinstance(user, User) or not organisation.is_active:
        return False
    return any(
        membership.organisation_id == organisation.pk and membership.role == Role.ORGANISATION_ADMINISTRATOR
        for membership in user.active_membership_list()
    )


def is_any_administrator(user: Any) -> bool:
    """Shows the "People" page: an installation administrator, or an organisation administrator."""
    return is_installation_administrator(user) or administered_organisations(user).exists()


# --- Installation powers ----------------------------------------------------------------------


def may(user: Any, power: Power, membership: Membership | None = None) -> bool:
    """May ``user`` (acting under ``membership``) use this installation-level power?"""
    if is_installation_administrator(user):
        return True
    return (
        power in RAPPORTEUR_POWERS
        and membership is not None
        and membership.user_id == getattr(user, "pk", None)
        and membership.is_active
        and membership.organisation.is_active
        and membership.role == Role.RAPPORTEUR
        and membership.organisation.kind == OrganisationKind.RAPPORTEUR
    )


# --- People -----------------------------------------------------------------------------------


def managed_organisations(user: Any) -> QuerySet[Organisation]:
    """Organisations ``user`` may invite someone into: their own as organisation administrator;
    every active one for an installation administrator (to appoint its administrator)."""
    if is_installation_administrator(user):
        return Organisation.objects.filter(is_active=True)
    return administered_organisations(user)


def invitable_roles(user: Any, organisation: Organisation) -> list[str]:
    """The roles ``user`` may invite a person into ``organisation`` with.

    An organisation administrator staffs their own organisation with any role that fits its kind.
    An installation administrator who does not administer it only appoints its administrators:
    the organisation then chooses its own people.
    """
    fitting = [Role.ORGANISATION_ADMINISTRATOR.value, *sorted(ROLES_BY_KIND.get(organisation.kind, ()))]
    if administers(user, organisation):
        return fitting
    if is_installation_administrator(user) and organisation.is_active:
        return [Role.ORGANISATION_ADMINISTRATOR.value]
    return []


def may_invite(user: Any, organisation: Organisation, role: str) -> bool:
    return role in invitable_roles(user, organisation)


def visible_memberships(user: Any) -> QuerySet[Membership]:
    """The memberships listed on ``user``'s "People" page."""
    if is_installation_administrator(user):
        return Membership.objects.all()
    return Membership.objects.filter(organisation__in=administered_organisations(user))


def may_end_membership(user: Any, membership: Membership) -> bool:
    """Ending a membership: its organisation's administrators, or an installation administrator."""
    return is_installation_administrator(user) or administers(user, membership.organisation)


# --- Second factor ----------------------------------------------------------------------------


class ResetRefusal(StrEnum):
    NOT_ALLOWED = "not_allowed"  # only installation administrators reset a second factor
    SELF = "self"  # nobody resets their own by this way (they still hold it; the server does)


def reset_refusal(actor: Any, target: User) -> ResetRefusal | None:
    """Why ``actor`` may not reset ``target``'s second factor, or None if they may ask.

    Resetting an installation administrator's needs a second installation administrator to
    confirm (see ``keten.accounts.services.reset_second_factor``) or the command line.
    """
    if not may(actor, Power.RESET_SECOND_FACTOR):
        return ResetRefusal.NOT_ALLOWED
    if actor.pk == target.pk:
        return ResetRefusal.SELF
    return None


def may_reset_second_factor(actor: Any, target: User) -> bool:
    return reset_refusal(actor, target) is None


# --- The hotline's inbox ----------------------------------------------------------------------


def may_grant_inbox(user: Any) -> bool:
    return may(user, Power.GRANT_INBOX)


def inbox_grantable_organisations() -> QuerySet[Organisation]:
    """The organisations that may be let into the inbox: active chain partners of those kinds."""
    return Organisation.objects.filter(is_active=True, kind__in=INBOX_PARTNER_KINDS)


def manages_hotline(user: Any) -> bool:
    """An organisation administrator of a hotline: sees who has access to its inbox, may withdraw it."""
    return administered_organisations(user).filter(kind=OrganisationKind.HOTLINE).exists()


def may_see_inbox_grants(user: Any) -> bool:
    return may_grant_inbox(user) or manages_hotline(user)


def may_revoke_inbox(user: Any) -> bool:
    """Withdrawing access only narrows who reads reports: the hotline's manager may do it too."""
    return may_see_inbox_grants(user)


# --- The audit trail --------------------------------------------------------------------------


def visible_audit_events(user: Any) -> QuerySet[AuditEvent]:
    """The whole trail for installation administrators; the entries recorded for their own
    organisations for organisation administrators; nothing for anyone else."""
    from keten.audit.models import AuditEvent

    if may(user, Power.VIEW_INSTALLATION_AUDIT):
        return AuditEvent.objects.all()
    organisations = administered_organisations(user)
    if not organisations.exists():
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(Q(organisation__in=organisations))


def may_view_audit(user: Any) -> bool:
    return is_any_administrator(user)


# --- Figures ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FiguresScope:
    """Whose figures a person sees: every centre (``national``), or their own centre's."""

    national: bool
    centre: Organisation | None = None


FIGURES_CENTRE_ROLES = (Role.CENTRE_MANAGER, Role.ORGANISATION_ADMINISTRATOR)


def figures_scope(user: Any, membership: Membership | None) -> FiguresScope | None:
    """Installation administrators and the national rapporteur see the national figures; a centre's
    manager and administrator see their centre's; everyone else none (None)."""
    if may(user, Power.VIEW_NATIONAL_FIGURES, membership):
        return FiguresScope(national=True)
    if (
        membership is not None
        and membership.user_id == getattr(user, "pk", None)
        and membership.is_active
        and membership.organisation.is_active
        and membership.role in FIGURES_CENTRE_ROLES
        and membership.organisation.kind == OrganisationKind.CENTRE
    ):
        return FiguresScope(national=False, centre=membership.organisation)
    return None


# --- Places in the professional navigation ------------------------------------------------------


class Place(StrEnum):
    """The places of the professional header. Each has one rule below; anything else is denied."""

    INBOX = "inbox"  # the hotline's reports inbox
    SIGNALS = "signals"  # screenings passed on to a centre or the hotline
    SCREENINGS = "screenings"  # the organisation's saved screenings
    CASES = "cases"  # a centre's case files
    DEADLINES = "deadlines"  # what must be done in the case files soon
    REFERRALS = "referrals"  # referrals received or sent
    NOTICES = "notices"  # match notices: another organisation holds a record sharing an identifier
    FIGURES = "figures"  # the centre's or the national figures
    TRAINING = "training"  # practice cases
    PEOPLE = "people"  # the people of the organisations one administers
    AUDIT = "audit"  # the audit trail one may read


def _acting(user: Any, membership: Membership | None) -> bool:
    """``membership`` is ``user``'s own, active, in an active organisation."""
    return bool(
        isinstance(user, User)
        and membership is not None
        and membership.user_id == user.pk
        and membership.is_active
        and membership.organisation.is_active
    )


#: The roles that keep case files, in the organisations that keep them (keten.cases.access).
CASE_FILE_ROLES = (Role.SOCIAL_WORKER, Role.CENTRE_MANAGER)
#: The organisations that receive screenings passed on as signals (keten.screening.models).
SIGNAL_RECEIVING_KINDS = (OrganisationKind.CENTRE, OrganisationKind.HOTLINE)


def keeps_case_files(user: Any, membership: Membership | None) -> bool:
    """A social worker or manager acting for a specialised centre: opens and keeps case files."""
    return (
        _acting(user, membership)
        and membership is not None
        and membership.organisation.kind == OrganisationKind.CENTRE
        and membership.role in CASE_FILE_ROLES
    )


def may_open_place(user: Any, membership: Membership | None, place: Place) -> bool:
    """May ``user``, acting under ``membership``, open this place of the navigation? Deny by default.

    The pages themselves check again (each app's access module); this only decides what the
    header offers, so it must never offer more than the page allows.
    """
    if place == Place.PEOPLE or place == Place.AUDIT:
        return is_any_administrator(user)
    if place == Place.FIGURES:
        return figures_scope(user, membership) is not None
    if membership is None or not _acting(user, membership):
        return False
    if place == Place.INBOX:
        from keten.intake.access import inbox_level

        return inbox_level(membership) is not None
    if place == Place.SIGNALS:
        return membership.organisation.kind in SIGNAL_RECEIVING_KINDS
    if place in (Place.CASES, Place.DEADLINES):
        return keeps_case_files(user, membership)
    if place == Place.REFERRALS:
        from keten.referrals.permissions import Action
        from keten.referrals.permissions import policy as referral_policy

        return referral_policy.may(membership, Action.RECEIVE) or referral_policy.may(
            membership, Action.VIEW_SENT
        )
    if place == Place.NOTICES:
        from keten.links.records import receives_notices

        return receives_notices(membership)
    if place in (Place.SCREENINGS, Place.TRAINING):
        return True  # every professional acting for an organisation (keten.screening.access)
    return False


def may_turn_report_into_case(user: Any, membership: Membership | None) -> bool:
    """Turning a hotline report into a case file: someone who keeps case files (a centre's social
    worker or manager) and may read the report, because their centre was let into the inbox.

    Hotline operators do not keep case files: they refer the report to a centre instead.
    """
    if not keeps_case_files(user, membership):
        return False
    from keten.intake.access import inbox_level

    return inbox_level(membership) is not None
