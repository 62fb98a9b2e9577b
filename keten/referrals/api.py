"""The referrals in the JSON API: the same policy, scopes, access and services as the pages.

Session authentication (the browser's login, with both factors); writes need the CSRF token.
Anything the person may not see answers 404, and a refused read is audited like on the pages.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema
from ninja.security import SessionAuth

from keten.accounts.access import current_membership, is_verified
from keten.accounts.models import Membership
from keten.referrals import services
from keten.referrals.access import access_part, access_received, access_referral, audit_view
from keten.referrals.models import ChainPhase, Outcome
from keten.referrals.permissions import Action, policy
from keten.referrals.scopes import part, referral_summary, scoped_view


class VerifiedSession(SessionAuth):
    """A logged-in session whose person passed the second factor (CSRF checked on writes)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return user if user is not None and is_verified(request.user) else None


router = Router(tags=["referrals"], auth=VerifiedSession())


class ReferralOut(Schema):
    id: int
    source_kind: str
    source_id: int | None
    from_organisation: str
    to_organisation: str
    purpose: str
    scopes: list[str]
    status: str
    expires_on: str | None
    created_on: str | None
    decline_reason: str | None
    legal_basis: str | None


class ScopedReferralOut(Schema):
    referral: ReferralOut
    parts: dict[str, dict[str, Any]]


class AnswerIn(Schema):
    accept: bool
    reason: str = ""


class PhaseIn(Schema):
    phase: str
    started_on: date
    ended_on: date | None = None
    outcome: str = Outcome.ONGOING


class PhaseOut(Schema):
    id: int
    phase: str
    started_on: date
    ended_on: date | None
    outcome: str
    organisation: str


class Refused(Schema):
    field: str
    message: str


def _membership(request: HttpRequest) -> Membership:
    membership = current_membership(request)
    if membership is None:
        raise Http404
    return membership


@router.get("/referrals/received", response=list[ReferralOut])
def received(request: HttpRequest) -> list[dict[str, Any]]:
    """Referrals addressed to your organisation, access not ended (receiving roles)."""
    membership = _membership(request)
    if not policy.may(membership, Action.RECEIVE):
        raise Http404
    rows = policy.received(membership).select_related("from_organisation", "to_organisation")[:50]
    return [referral_summary(r) for r in rows]


@router.get("/referrals/sent", response=list[ReferralOut])
def sent(request: HttpRequest) -> list[dict[str, Any]]:
    """Referrals your organisation sent, with their answers."""
    membership = _membership(request)
    if not policy.may(membership, Action.VIEW_SENT):
        raise Http404
    rows = policy.sent(membership).select_related("from_organisation", "to_organisation")[:50]
    return [referral_summary(r) for r in rows]


@router.get("/referrals/{referral_id}", response=ScopedReferralOut)
def detail(request: HttpRequest, referral_id: int) -> dict[str, Any]:
    """A referral: the receiver gets exactly its scope (once accepted), the sender the summary."""
    membership = _membership(request)
    referral, is_receiver = access_referral(membership, referral_id)
    allowed = policy.scopes_for(membership, referral) if is_receiver else frozenset()
    if allowed:
        audit_view(membership, referral, allowed, how="api")
    return scoped_view(referral, allowed)


@router.get("/referrals/{referral_id}/parts/{scope}", response=dict[str, Any])
def scope_part(request: HttpRequest, referral_id: int, scope: str) -> dict[str, Any]:
    """One part of a received referral; outside your scope: 404 (and audited)."""
    membership = _membership(request)
    referral, allowed = access_part(membership, referral_id, scope)
    audit_view(membership, referral, frozenset({allowed}), how="api")
    return part(referral, allowed)


@router.post("/referrals/{referral_id}/answer", response={200: ReferralOut, 400: Refused})
def answer(request: HttpRequest, referral_id: int, payload: AnswerIn) -> Any:
    """Accept, or decline with a reason, a referral waiting for your organisation."""
    membership = _membership(request)
    referral = access_received(membership, referral_id)
    try:
        referral = services.answer_referral(
            actor=membership.user,
            membership=membership,
            referral=referral,
            accept=payload.accept,
            reason=payload.reason,
        )
    except services.ReferralRefused as refused:
        return 400, {"field": refused.field, "message": refused.message}
    return referral_summary(referral)


@router.post("/referrals/{referral_id}/phases", response={201: PhaseOut, 400: Refused})
def record_phase(request: HttpRequest, referral_id: int, payload: PhaseIn) -> Any:
    """Record a chain phase your role owns on a case referred to you (accepted, not expired)."""
    membership = _membership(request)
    referral = access_received(membership, referral_id)
    if referral.case is None or not policy.scopes_for(membership, referral):
        raise Http404
    if not policy.may_record_phase(membership, payload.phase):
        raise Http404
    try:
        item = services.record_phase(
            actor=membership.user,
            membership=membership,
            case=referral.case,
            phase=payload.phase,
            started_on=payload.started_on,
            ended_on=payload.ended_on,
            outcome=payload.outcome,
            referral=referral,
        )
    except services.ReferralRefused as refused:
        return 400, {"field": refused.field, "message": refused.message}
    return 201, _phase(item)


def _phase(item: ChainPhase) -> dict[str, Any]:
    return {
        "id": item.pk,
        "phase": item.phase,
        "started_on": item.started_on,
        "ended_on": item.ended_on,
        "outcome": item.outcome,
        "organisation": item.organisation.name,
    }


@router.get("/referrals/{referral_id}/phases", response=list[PhaseOut])
def phases(request: HttpRequest, referral_id: int) -> list[dict[str, Any]]:
    """The phases your organisation recorded on the case of a referral it received."""
    membership = _membership(request)
    referral = access_received(membership, referral_id)
    if referral.case_id is None:
        return []
    rows = ChainPhase.objects.filter(case_id=referral.case_id, organisation_id=membership.organisation_id)
    return [_phase(item) for item in rows.select_related("organisation")]
