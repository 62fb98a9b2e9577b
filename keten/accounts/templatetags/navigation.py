"""The professional header's places and counts (``keten.accounts.navigation``), once per page."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import HttpRequest

from keten.accounts.access import current_membership, is_verified
from keten.accounts.navigation import header_answers, nav_places

register = template.Library()

CACHE_ATTRIBUTE = "_keten_professional_places"


@register.simple_tag(takes_context=True)
def professional_places(context: template.Context) -> dict[str, Any]:
    """The places the person may open, what waits there, and whether a danger alert stands."""
    return places_for(context.get("request"))


def places_for(request: HttpRequest | None) -> dict[str, Any]:
    """``professional_places`` for a view ("My work" lists what waits, with the same numbers)."""
    if request is None or not is_verified(request.user):
        return {"places": [], "danger": 0}
    # The header and the alert under it both ask: look once per request.
    found = getattr(request, CACHE_ATTRIBUTE, None)
    if found is not None:
        return found
    shown = nav_places(header_answers(request, current_membership(request)).places)
    danger = sum(w.count for place in shown for w in place.waiting if w.urgent)
    found = {"places": shown, "danger": danger}
    setattr(request, CACHE_ATTRIBUTE, found)
    return found
