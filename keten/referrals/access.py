"""Opening a referral: the only way in, for pages, the API and exports alike.

Missing, forbidden, expired and out-of-scope all answer 404. Every read by a receiver is audited
(``referral.viewed``), and so is every refused attempt (``referral.denied``).
"""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone

from keten.accounts.models import Membership
from keten.audit.log import log_action
from keten.referrals.models import Referral
from keten.referrals.permissions import Action, Scope, policy

RELATED = ("from_organisation", "to_organisation", "case", "case__centre", "report", "screening")


def deny(membership: Membership | None, referral_id: int | str, *, scope: str = "", why: str = "") -> Http404:
    """Audit a refused read and return the 404 to raise."""
    log_action(
        "referral.denied",
        actor=membership.user if membership else None,
        organisation=membership.organisation if membership else None,
        object_type="referrals.referral",
        object_id=str(referral_id),
        data={"scope": scope[:40], "why": why},
    )
    return Http404()


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
    if policy.may(membership, Action.RECEIVE):
        referral = policy.received(membership).select_related(*RELATED).filter(pk=referral_id).first()
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


def access_part(membership: Membership | None, referral_id: int, scope: str) -> tuple[Referral, Scope]:
    """One part of a received referral, if the person may see it; else 404 and ``referral.denied``."""
    referral = access_received(membership, referral_id)
    if not policy.may_view_part(membership, referral, scope):
        raise deny(membership, referral_id, scope=scope, why="out_of_scope")
    return referral, Scope(scope)
