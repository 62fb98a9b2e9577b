"""Who may see and do what with saved screenings and signals. Missing and forbidden are both 404."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse

from keten.accounts.access import current_membership, professional_required
from keten.accounts.models import Membership
from keten.audit.log import log_action
from keten.screening.models import Handover, Screening


def membership_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Logged in with both factors and acting for an organisation (any role); otherwise 404."""

    @professional_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if current_membership(request) is None:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def acting_membership(request: HttpRequest) -> Membership:
    membership = current_membership(request)
    if membership is None:
        raise Http404
    return membership


def access_screening(membership: Membership, screening_id: int, *, audit: bool = True) -> Screening:
    """A screening saved by the person's organisation; 404 for any other. Each read is audited."""
    try:
        screening = Screening.objects.visible_to(membership).select_related("author").get(pk=screening_id)
    except Screening.DoesNotExist:
        raise Http404 from None
    if audit:
        log_action(
            "screening.viewed",
            actor=membership.user,
            organisation=membership.organisation,
            obj=screening,
        )
    return screening


def access_received(membership: Membership, handover_id: int, *, audit: bool = True) -> Handover:
    """A signal sent to the person's organisation (a centre or the hotline); 404 for any other."""
    try:
        handover = (
            Handover.objects.received_by(membership)
            .select_related("screening", "screening__organisation", "handed_by")
            .get(pk=handover_id)
        )
    except Handover.DoesNotExist:
        raise Http404 from None
    if audit:
        log_action(
            "screening.signal_opened",
            actor=membership.user,
            organisation=membership.organisation,
            obj=handover,
            data={"screening": handover.screening_id},
        )
    return handover
