"""Who may see which figures: the one place that decides it (STYLE.md, convention 4).

The rule itself is ``keten.accounts.policy.figures_scope``:

- Centre managers and a centre's organisation administrators see the figures (and the exchange
  exports) of their own centre only.
- Installation administrators and the national rapporteur see every centre, the reports and the
  national exchange pages.
- Everyone else (social workers, administrators of other organisations) gets 404; the public page
  shows protected figures to all.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest

from keten.accounts import policy
from keten.accounts.access import current_membership, request_user
from keten.accounts.models import Membership, Organisation, User
from keten.accounts.roles import OrganisationKind, Role

# The decorators only ask for a membership to act under; ``statistics_viewer`` decides (policy).
STATISTICS_ROLES = tuple(Role)
NATIONAL_ROLES = tuple(Role)


@dataclass(frozen=True)
class Viewer:
    user: User
    membership: Membership
    #: The centres whose figures this person may see, by id, with their names.
    centres: dict[int, str]
    #: Installation administrators and the rapporteur: every centre, reports, exchange.
    national: bool

    @property
    def centre_ids(self) -> tuple[int, ...] | None:
        return None if self.national else tuple(self.centres)


def statistics_viewer(request: HttpRequest) -> Viewer:
    """The person behind ``request`` as a reader of figures, or 404 (missing and forbidden alike)."""
    user = request_user(request)
    membership = current_membership(request)
    seen = policy.figures_scope(user, membership)
    if seen is None or membership is None:
        raise Http404
    if seen.centre is not None:
        return Viewer(user, membership, {seen.centre.pk: seen.centre.name}, national=False)
    centres = dict(
        Organisation.objects.filter(kind=OrganisationKind.CENTRE).order_by("name").values_list("pk", "name")
    )
    return Viewer(user, membership, centres, national=True)


def national_viewer(request: HttpRequest) -> Viewer:
    """Installation administrators and the national rapporteur only (import, national exchange), else 404."""
    viewer = statistics_viewer(request)
    if not viewer.national:
        raise Http404
    return viewer
