"""Who may open a case file: the one place that decides it (STYLE.md, convention 4)."""

from __future__ import annotations

from django.http import Http404

from keten.accounts.models import Membership, Organisation, User
from keten.accounts.roles import OrganisationKind, Role
from keten.audit.log import log_action
from keten.cases.models import Case

CASE_ROLES = (Role.SOCIAL_WORKER, Role.CENTRE_MANAGER)


def centre_memberships(user: User) -> list[Membership]:
    """The memberships under which ``user`` works with case files."""
    return [
        membership
        for membership in user.active_membership_list()
        if membership.organisation.kind == OrganisationKind.CENTRE and membership.role in CASE_ROLES
    ]


def managed_centres(user: User) -> list[Organisation]:
    return [m.organisation for m in centre_memberships(user) if m.role == Role.CENTRE_MANAGER]


def access_case(
    user: User, case_id: int, *, write: bool = False, audit: bool = True, section: str = ""
) -> Case:
    """Return the case if ``user`` may open it, else raise Http404 (missing and forbidden alike).

    The assigned social workers of the centre that holds the case may read and write it; the
    centre's manager sees and may act on the whole caseload of the centre. Every access is
    written to the audit trail (``case.viewed``, with the ``section`` of the file read when a page
    shows only one; writes are audited by their service).
    """
    case = Case.objects.visible_to(user).select_related("centre").filter(pk=case_id).first()
    if case is None:
        raise Http404
    if audit and not write:
        data = {"section": section} if section else None
        log_action("case.viewed", actor=user, organisation=case.centre, obj=case, data=data)
    return case


def may_manage(user: User, case: Case) -> bool:
    """Whether ``user`` manages the centre holding ``case`` (assigns workers, sees the caseload)."""
    return any(centre.pk == case.centre_id for centre in managed_centres(user))
