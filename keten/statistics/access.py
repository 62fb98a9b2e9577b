"""Who may see which figures: the one place that decides it (STYLE.md, convention 4).

- Centre managers see the figures of their own centre only.
- Administrators and the national rapporteur see every centre, the reports and the exchange pages.
- Everyone else (social workers included) gets 404; the public page shows protected figures to all.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest

from keten.accounts.access import current_membership, request_user
from keten.accounts.models import Membership, Organisation, User
from keten.accounts.roles import OrganisationKind, Role

STATISTICS_ROLES = (Role.CENTRE_MANAGER, Role.ADMINISTRATOR, Role.RAPPORTEUR)
NATIONAL_ROLES = (Role.ADMINISTRATOR, Role.RAPPORTEUR)


@dataclass(frozen=True)
class Viewer:
    user: User
    membership: Membership
    #: The centres whose figures this person may see, by id, with their names.
    centres: dict[int, str]
    #: Administrators and the rapporteur: every centre, reports, exchange.
    national: bool

    @property
    def centre_ids(self) -> tuple[int, ...] | None:
        return None if self.national else tuple(self.centres)


def statistics_viewer(request: HttpRequest) -> Viewer:
    """The person behind ``request`` as a reader of figures, or 404 (missing and forbidden alike)."""
    user = request_user(request)
    membership = current_membership(request)
    if membership is None or membership.role not in STATISTICS_ROLES:
        raise Http404
    if membership.role == Role.CENTRE_MANAGER:
        if membership.organisation.kind != OrganisationKind.CENTRE:
            raise Http404
        return Viewer(
            user, membership, {membership.organisation_id: membership.organisation.name}, national=False
        )
    centres = dict(
        Organisation.objects.filter(kind=OrganisationKind.CENTRE).order_by("name").values_list("pk", "name")
    )
    return Viewer(user, membership, centres, national=True)


def national_viewer(request: HttpRequest) -> Viewer:
    """Administrators and the national rapporteur only (import, national exchange), else 404."""
    viewer = statistics_viewer(request)
    if not viewer.national:
        raise Http404
    return viewer
