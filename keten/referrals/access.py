"""Opening a referral, a case's consent and chain: the only way in, for pages, the API and exports.

Missing, forbidden, expired and out-of-scope all answer 404. Every read by a receiver is audited
(``referral.viewed``), and so is every refused attempt (``referral.denied``).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from keten.accounts.access import current_membership, request_user
from keten.accounts.models import Membership
from keten.audit.log import log_action
from keten.cases.access import access_case
from keten.cases.models import Case
from keten.intake.access import access_report
from keten.referrals import services
from keten.referrals.listing import with_unread
from keten.referrals.models import Consent, Referral, SourceKind, Status
from keten.referrals.permissions import SCOPE_VALUES, Action, Scope, policy
from keten.screening.access import access_screening

#: How many referrals a list shows at a time (the pages and the API alike).
PAGE_SIZE = 50

RELATED = ("from_organisation", "to_organisation", "case", "case__centre", "report", "screening")


def acting_membership(request: HttpRequest) -> Membership:
    """The organisation and role the person acts under now; 404 without one."""
    membership = current_membership(request)
    if membership is None:
        raise Http404
    return membership


def require(membership: Membership, action: Action) -> None:
    """404 unless the policy grants ``action`` to the person's role."""
    if not policy.may(membership, action):
        raise Http404


def deny(membership: Membership | None, referral_id: int | str, *, scope: str = "", why: str = "") -> Http404:
    """Audit a refused read and return the 404 to raise.

    Only a known scope name is recorded: a value typed into a URL never reaches the trail.
    """
    if scope not in SCOPE_VALUES:
        scope = ""
    log_action(
        "referral.denied",
        actor=membership.user if membership else None,
        organisation=membership.organisation if membership else None,
        object_type="referrals.referral",
        object_id=str(referral_id),
        data={"scope": scope, "why": why},
    )
    return Http404()


# --- Lists -------------------------------------------------------------------------------------


def received_list(membership: Membership) -> QuerySet[Referral]:
    """The inbox, newest first (a stable order: ties broken by id); 404 for roles that do not receive."""
    require(membership, Action.RECEIVE)
    return (
        policy.received(membership)
        .select_related("from_organisation", "to_organisation")
        .order_by("-created_at", "-pk")
    )


def sent_list(membership: Membership) -> QuerySet[Referral]:
    """What the person's organisation sent, newest first; 404 for roles that may not see it."""
    require(membership, Action.VIEW_SENT)
    return (
        policy.sent(membership)
        .select_related("from_organisation", "to_organisation")
        .order_by("-created_at", "-pk")
    )


# --- One referral -----------------------------------------------------------------------------


def access_received(membership: Membership | None, referral_id: int) -> Referral:
    """A referral addressed to the person's organisation whose access has not ended."""
    referral = (
        policy.received(membership, timezone.localdate())
        .select_related(*RELATED)
        .filter(pk=referral_id)
        .first()
    )
    if referral is None:
        raise deny(membership, referral_id, why="not_received")
    return referral


def access_sent(membership: Membership | None, referral_id: int) -> Referral:
    """A referral the person's organisation sent."""
    referral = policy.sent(membership).select_related(*RELATED).filter(pk=referral_id).first()
    if referral is None:
        raise deny(membership, referral_id, why="not_sent")
    return referral


def access_referral(membership: Membership | None, referral_id: int) -> tuple[Referral, bool]:
    """The referral as receiver (True) or as sender (False); 404 and audited otherwise."""
    if policy.may(membership, Action.RECEIVE) and membership is not None:
        # ``unread``: whether its notice to the organisation waits (``read_referral`` clears it).
        received = with_unread(policy.received(membership), membership)
        referral = received.select_related(*RELATED).filter(pk=referral_id).first()
        if referral is not None:
            return referral, True
    if policy.may(membership, Action.VIEW_SENT):
        referral = policy.sent(membership).select_related(*RELATED).filter(pk=referral_id).first()
        if referral is not None:
            return referral, False
    raise deny(membership, referral_id, why="not_visible")


def audit_view(membership: Membership, referral: Referral, scopes: frozenset[Scope], *, how: str) -> None:
    log_action(
        "referral.viewed",
        actor=membership.user,
        organisation=membership.organisation,
        obj=referral,
        data={
            "scopes": sorted(scope.value for scope in scopes),
            "how": how,
            "case": referral.case_id,
            "report": referral.report_id,
            "screening": referral.screening_id,
        },
    )


def read_referral(
    membership: Membership, referral_id: int, *, how: str
) -> tuple[Referral, bool, frozenset[Scope]]:
    """Open a referral to read it: ``(referral, received, parts allowed)``.

    Its receiver gets the parts their role may see now (none before acceptance); the read is
    audited as ``referral.viewed`` (with ``how``: ``page`` or ``api``) and the notice is marked
    read. Its sender gets the summary only, audited as ``referral.opened_sent``. Anyone else: 404.
    """
    referral, received = access_referral(membership, referral_id)
    if not received:
        log_action(
            "referral.opened_sent", actor=membership.user, organisation=membership.organisation, obj=referral
        )
        return referral, False, frozenset()
    allowed = policy.scopes_for(membership, referral)
    if allowed:
        audit_view(membership, referral, allowed, how=how)
    if getattr(referral, "unread", True):
        services.mark_read(membership=membership, referral=referral)
    return referral, True, allowed


def access_part(membership: Membership | None, referral_id: int, scope: str) -> tuple[Referral, Scope]:
    """One part of a received referral, if the person may see it; else 404 and ``referral.denied``.

    A scope name that does not exist is refused before anything is looked up or logged with it.
    """
    if scope not in SCOPE_VALUES:
        raise deny(membership, referral_id, why="unknown_scope")
    referral = access_received(membership, referral_id)
    if not policy.may_view_part(membership, referral, scope):
        raise deny(membership, referral_id, scope=scope, why="out_of_scope")
    return referral, Scope(scope)


def access_phase_referral(membership: Membership, referral_id: int) -> tuple[Referral, Case]:
    """A received, accepted referral of a case, whose receiver's role records chain phases.

    Anything else answers 404 and is audited (``referral.denied``); which phase the role may
    record is checked by :func:`keten.referrals.services.record_phase`.
    """
    referral = access_received(membership, referral_id)
    if referral.case is None or referral.status != Status.ACCEPTED:
        raise deny(membership, referral_id, why="no_case")
    if not policy.grant(membership).phases:
        raise deny(membership, referral_id, why="phase_not_owned")
    return referral, referral.case


# --- What is referred, and the centre's side of a case ------------------------------------------


def open_source(
    request: HttpRequest, membership: Membership, kind: str, source_id: int, *, write: bool
) -> services.Source:
    """The record to refer, if the person's role may refer its kind and may open it; else 404.

    A case must be open to the person (their centre, assigned or managed; a read is audited as
    ``case.viewed``), a report needs the hotline's working access, a screening must be their
    organisation's (audited as ``screening.viewed``).
    """
    if kind not in SourceKind.values or not policy.may_refer(membership, kind):
        raise Http404
    if kind == SourceKind.CASE:
        return services.Source(kind, case=access_case(request_user(request), source_id, write=write))
    if kind == SourceKind.REPORT:
        return services.Source(kind, report=access_report(request, source_id, write=True))
    return services.Source(kind, screening=access_screening(membership, source_id))


def access_centre_case(
    request: HttpRequest, case_id: int, action: Action, *, write: bool = False, audit: bool = True
) -> tuple[Membership, Case]:
    """A case of the person's own centre that they may open, for an action the policy grants them;
    404 otherwise. Reads are audited as ``case.viewed`` (by :func:`keten.cases.access.access_case`)
    unless ``audit`` is False: the caller then writes its own, more precise, audit entry."""
    membership = acting_membership(request)
    require(membership, action)
    case = access_case(request_user(request), case_id, write=write, audit=audit)
    if case.centre_id != membership.organisation_id:
        raise Http404
    return membership, case


def access_active_consent(case: Case, consent_id: int) -> Consent:
    """A consent recorded on ``case`` and not withdrawn; 404 otherwise."""
    item = Consent.objects.filter(case=case, pk=consent_id, withdrawn_on__isnull=True).first()
    if item is None:
        raise Http404
    return item
