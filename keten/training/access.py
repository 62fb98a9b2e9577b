"""Who may do what in the training. Missing and forbidden are both 404.

- Every professional acting for an organisation (any role) is a trainee: the library, their own
  answers, their progress and their certificates. Nobody sees another person's answers.
- A trainer (``Role.TRAINER``) also manages the groups they lead in the organisation they act for,
  and sees each group's summary, which names nobody.
- Without logging in, only the public demo of three cases, which stores nothing.
"""

from __future__ import annotations

from django.http import Http404

from keten.accounts.access import role_required
from keten.accounts.models import Membership, User
from keten.accounts.roles import Role
from keten.audit.log import log_action
from keten.screening.access import acting_membership, membership_required
from keten.training.models import Attempt, TrainingGroup

trainee_required = membership_required
trainer_required = role_required(Role.TRAINER)

__all__ = [
    "access_attempt",
    "access_group",
    "acting_membership",
    "groups_led_by",
    "trainee_required",
    "trainer_required",
]


def access_attempt(user: User, attempt_id: int) -> Attempt:
    """One of the person's own answers; anyone else's is 404."""
    try:
        return Attempt.objects.get(pk=attempt_id, user=user)
    except Attempt.DoesNotExist:
        raise Http404 from None


def groups_led_by(membership: Membership) -> list[TrainingGroup]:
    """The groups this trainer leads in the organisation they act for now."""
    if membership.role != Role.TRAINER:
        return []
    return list(TrainingGroup.objects.filter(trainer=membership.user, organisation=membership.organisation))


def access_group(membership: Membership, group_id: int, *, audit: bool = True) -> TrainingGroup:
    """A group the trainer leads in the organisation they act for; 404 for any other.

    The page names the group's members, so each read is audited.
    """
    if membership.role != Role.TRAINER:
        raise Http404
    try:
        group = TrainingGroup.objects.get(
            pk=group_id, trainer=membership.user, organisation=membership.organisation
        )
    except TrainingGroup.DoesNotExist:
        raise Http404 from None
    if audit:
        log_action(
            "training.group_viewed", actor=membership.user, organisation=membership.organisation, obj=group
        )
    return group
