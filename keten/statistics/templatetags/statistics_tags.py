from __future__ import annotations

from typing import Any

from django import template

from keten.accounts.policy import FiguresScope, figures_scope
from keten.accounts.roles import OrganisationKind
from keten.statistics.counting import Scope
from keten.statistics.pages import Summary, centre_summary_cached

register = template.Library()


@register.simple_tag
def centre_summary_for(membership: Any) -> Summary | None:
    """The live summary of the centre a manager acts for (protected figures, real cases only)."""
    if membership is None or membership.organisation.kind != OrganisationKind.CENTRE:
        return None
    return centre_summary_cached(Scope(centre_ids=(membership.organisation_id,)))


@register.simple_tag
def may_see_figures(user: Any, membership: Any) -> FiguresScope | None:
    """Whose figures the person sees under this membership (keten.accounts.policy), if any."""
    return figures_scope(user, membership)
