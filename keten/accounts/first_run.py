"""What an installation administrator does first, shown on their home page until it is done."""

from __future__ import annotations

from dataclasses import dataclass

from keten.accounts import policy
from keten.accounts.models import Membership, Organisation, User
from keten.accounts.roles import OrganisationKind


@dataclass(frozen=True)
class FirstRun:
    has_centres: bool
    has_people: bool

    @property
    def done(self) -> bool:
        return self.has_centres and self.has_people


def first_run(user: User) -> FirstRun | None:
    """The set-up steps for an installation administrator; ``None`` for anyone else or once done."""
    if not policy.is_installation_administrator(user):
        return None
    state = FirstRun(
        has_centres=Organisation.objects.filter(kind=OrganisationKind.CENTRE, is_active=True).exists(),
        has_people=Membership.objects.filter(is_active=True).exclude(user=user).exists(),
    )
    return None if state.done else state
