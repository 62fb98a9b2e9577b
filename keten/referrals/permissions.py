"""Who may do what with referrals, consent and chain phases: the one permission model.

Read :data:`POLICY` as a table: one row per role, saying

- which records the role may **refer** (a case, a report, a screening: only ones it may open),
- which **actions** it may take (see what its organisation sent, receive and answer referrals,
  record the victim's consent, record a legal basis that overrides a missing consent, see the
  chain of a case, see who saw what of a case),
- which **scopes** it may see of a referral its organisation received and accepted,
- which **chain phases** it records.

Anything not written here is denied. ``keten permissions --markdown`` prints the table (it is in
README.md, and a test keeps the two equal). :class:`ReferralPolicy` applies the table to one
referral ("may this person see this part?") and to many ("which referrals may this person see?").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keten.accounts.roles import OrganisationKind, Role

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from keten.accounts.models import Membership
    from keten.referrals.models import Referral


class Scope(StrEnum):
    """The named parts of a record that a referral may open to its receiver."""

    SITUATION = "situation"  # the situation without identity: forms, sector, period, region, state
    IDENTITY = "identity"  # names, date of birth, nationalities, contact details, ID numbers
    PROCEDURE = "procedure"  # protection procedure status and the residence documents
    DOCUMENTS = "documents"  # only the documents chosen in the referral
    REPORT = "report"  # what an intake report says (never the reporter's contact details)
    SCREENING = "screening"  # a screening's facts and result


SCOPE_VALUES: frozenset[str] = frozenset(scope.value for scope in Scope)

SCOPE_LABELS: dict[Scope, Any] = {
    Scope.SITUATION: _("The situation, without identity"),
    Scope.IDENTITY: _("Identity and contact details"),
    Scope.PROCEDURE: _("Procedure status and residence documents"),
    Scope.DOCUMENTS: _("The documents chosen"),
    Scope.REPORT: _("What the report says"),
    Scope.SCREENING: _("The screening: facts and result"),
}

#: Which scopes make sense for each kind of record referred.
SCOPES_BY_SOURCE: dict[str, tuple[Scope, ...]] = {
    "case": (Scope.SITUATION, Scope.IDENTITY, Scope.PROCEDURE, Scope.DOCUMENTS),
    "report": (Scope.SITUATION, Scope.REPORT),
    "screening": (Scope.SITUATION, Scope.SCREENING),
}


class Action(StrEnum):
    VIEW_SENT = "view_sent"  # see the referrals one's organisation sent, and their answers
    RECEIVE = "receive"  # have an inbox of referrals, open them and answer them
    RECORD_CONSENT = "record_consent"  # record what the victim agreed to share (on a case)
    RECORD_LEGAL_BASIS = "record_legal_basis"  # refer beyond the consent on a legal basis
    VIEW_CHAIN = "view_chain"  # see every chain phase of a case, as a timeline
    VIEW_ACCESS_LOG = "view_access_log"  # see who saw what of a case


ACTION_LABELS: dict[Action, str] = {
    Action.VIEW_SENT: "see sent",
    Action.RECEIVE: "receive and answer",
    Action.RECORD_CONSENT: "record consent",
    Action.RECORD_LEGAL_BASIS: "record a legal basis",
    Action.VIEW_CHAIN: "see the chain",
    Action.VIEW_ACCESS_LOG: "see who saw what",
}

#: The kinds of organisation a referral may go to.
RECEIVING_KINDS: tuple[str, ...] = (
    OrganisationKind.POLICE,
    OrganisationKind.PROSECUTION,
    OrganisationKind.SOCIAL_INSPECTION,
    OrganisationKind.IMMIGRATION_OFFICE,
    OrganisationKind.GUARDIANSHIP,
    OrganisationKind.CENTRE,
    OrganisationKind.HOTLINE,
    OrganisationKind.COURT,
)

#: How long a receiver keeps access, unless the sender chooses otherwise.
DEFAULT_EXPIRY_DAYS = 90
MAX_EXPIRY_DAYS = 365

CENTRE_PHASES = frozenset({"detection", "identification", "protection", "guidance", "compensation"})
ALL_SCOPES = frozenset(Scope)


@dataclass(frozen=True)
class Grant:
    refers: frozenset[str] = frozenset()
    actions: frozenset[Action] = frozenset()
    scopes: frozenset[Scope] = frozenset()
    phases: frozenset[str] = frozenset()


def _grant(
    refers: tuple[str, ...] = (),
    actions: tuple[Action, ...] = (),
    scopes: tuple[Scope, ...] | frozenset[Scope] = (),
    phases: tuple[str, ...] | frozenset[str] = (),
) -> Grant:
    return Grant(frozenset(refers), frozenset(actions), frozenset(scopes), frozenset(phases))


_CENTRE_ACTIONS = (
    Action.VIEW_SENT,
    Action.RECEIVE,
    Action.RECORD_CONSENT,
    Action.VIEW_CHAIN,
    Action.VIEW_ACCESS_LOG,
)
_PARTNER_ACTIONS = (Action.VIEW_SENT, Action.RECEIVE)

#: THE TABLE. Deny by default: a role that is not here, or an entry that is empty, may do nothing.
POLICY: dict[str, Grant] = {
    Role.SOCIAL_WORKER: _grant(
        refers=("case", "screening"), actions=_CENTRE_ACTIONS, scopes=ALL_SCOPES, phases=CENTRE_PHASES
    ),
    Role.CENTRE_MANAGER: _grant(
        refers=("case", "screening"),
        actions=(*_CENTRE_ACTIONS, Action.RECORD_LEGAL_BASIS),
        scopes=ALL_SCOPES,
        phases=CENTRE_PHASES,
    ),
    Role.HOTLINE_OPERATOR: _grant(
        refers=("report", "screening"),
        actions=_PARTNER_ACTIONS,
        scopes=(Scope.SITUATION, Scope.REPORT, Scope.SCREENING),
    ),
    Role.INVESTIGATOR: _grant(
        refers=("screening",),
        actions=_PARTNER_ACTIONS,
        scopes=ALL_SCOPES,
        phases=("investigation", "arrest"),
    ),
    Role.INSPECTOR: _grant(
        refers=("screening",),
        actions=_PARTNER_ACTIONS,
        scopes=(Scope.SITUATION, Scope.IDENTITY, Scope.REPORT, Scope.SCREENING),
        phases=("detection",),
    ),
    Role.MAGISTRATE: _grant(
        refers=("screening",),
        actions=(*_PARTNER_ACTIONS, Action.RECORD_LEGAL_BASIS),
        scopes=ALL_SCOPES,
        phases=("prosecution", "conviction"),
    ),
    Role.IMMIGRATION_OFFICER: _grant(
        actions=(Action.RECEIVE,), scopes=(Scope.IDENTITY, Scope.PROCEDURE, Scope.DOCUMENTS)
    ),
    Role.GUARDIAN: _grant(
        actions=(Action.RECEIVE,), scopes=(Scope.SITUATION, Scope.IDENTITY, Scope.PROCEDURE)
    ),
    Role.COURT_CLERK: _grant(
        actions=(Action.RECEIVE,), scopes=(Scope.SITUATION, Scope.PROCEDURE), phases=("compensation",)
    ),
    Role.RAPPORTEUR: _grant(),
    Role.ORGANISATION_ADMINISTRATOR: _grant(),
}

NOTHING = Grant()


def grant_for(role: str | None) -> Grant:
    return POLICY.get(role or "", NOTHING)


def phase_owners() -> dict[str, list[str]]:
    """Which roles record each chain phase (the ownership table, derived from :data:`POLICY`)."""
    from keten.knowledge.reference import CHAIN_PHASES

    return {
        phase.id: [role for role, grant in POLICY.items() if phase.id in grant.phases]
        for phase in CHAIN_PHASES
    }


class ReferralPolicy:
    """Applies :data:`POLICY` to a membership (the organisation and role a person acts under)."""

    def grant(self, membership: Membership | None) -> Grant:
        if membership is None or not membership.is_active or not membership.organisation.is_active:
            return NOTHING
        return grant_for(membership.role)

    # -- "may this person do X?" ------------------------------------------------------------
    def may(self, membership: Membership | None, action: Action) -> bool:
        return action in self.grant(membership).actions

    def may_refer(self, membership: Membership | None, source_kind: str) -> bool:
        return source_kind in self.grant(membership).refers

    def may_record_phase(self, membership: Membership | None, phase: str) -> bool:
        return phase in self.grant(membership).phases

    # -- "which of these may this person see?" ----------------------------------------------
    def received(self, membership: Membership | None, today: date | None = None) -> QuerySet[Referral]:
        """Referrals in the person's inbox: addressed to their organisation, access not ended."""
        from keten.referrals.models import Referral

        if not self.may(membership, Action.RECEIVE):
            return Referral.objects.none()
        if membership is None:
            raise ValueError("the referral has no such record")
        return Referral.objects.active_on(today or timezone.localdate()).filter(
            to_organisation_id=membership.organisation_id
        )

    def sent(self, membership: Membership | None) -> QuerySet[Referral]:
        """What the person's organisation sent, less the referrals of case files they may not open:
        a social worker sees (and may withdraw) the referrals of the cases they may see, no others."""
        from django.db.models import Q

        from keten.cases.models import Case
        from keten.referrals.models import Referral

        if not self.may(membership, Action.VIEW_SENT):
            return Referral.objects.none()
        if membership is None:
            raise ValueError("the referral has no such record")
        return Referral.objects.filter(from_organisation_id=membership.organisation_id).filter(
            Q(case__isnull=True) | Q(case__in=Case.objects.visible_to(membership.user).values("pk"))
        )

    # -- one referral -----------------------------------------------------------------------
    def scopes_for(
        self, membership: Membership | None, referral: Referral, today: date | None = None
    ) -> frozenset[Scope]:
        """The parts of ``referral`` this person may see now: none unless their organisation
        received it, accepted it and access has not ended; then the referral's scopes that their
        role may receive."""
        from keten.referrals.models import Status

        if membership is None or referral.to_organisation_id != membership.organisation_id:
            return frozenset()
        if referral.status != Status.ACCEPTED or referral.is_expired(today):
            return frozenset()
        if not self.may(membership, Action.RECEIVE):
            return frozenset()
        offered = {Scope(value) for value in referral.scopes if value in SCOPE_VALUES}
        return frozenset(offered & self.grant(membership).scopes)

    def may_view_part(self, membership: Membership | None, referral: Referral, scope: str) -> bool:
        return scope in self.scopes_for(membership, referral)


policy = ReferralPolicy()


def markdown_table() -> str:
    """The policy as a Markdown table (what README.md shows)."""
    actions = list(Action)
    header = [
        "role",
        "refers",
        *[ACTION_LABELS[a] for a in actions],
        "scopes it may see",
        "phases it records",
    ]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    for role in Role:
        grant = grant_for(role.value)
        cells = [
            f"`{role.value}`",
            ", ".join(sorted(grant.refers)) or "—",
            *["yes" if action in grant.actions else "—" for action in actions],
            ", ".join(scope.value for scope in Scope if scope in grant.scopes) or "—",
            ", ".join(sorted(grant.phases)) or "—",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("| phase | recorded by |")
    lines.append("| --- | --- |")
    for phase, roles in phase_owners().items():
        lines.append(f"| {phase} | " + (", ".join(f"`{role}`" for role in roles) or "—") + " |")
    return "\n".join(lines) + "\n"
