"""The training's operations: record an answer, manage a group, and the figures built on them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from keten.accounts.models import Membership, User
from keten.audit.log import log_action
from keten.core.screening import RULES_VERSION
from keten.training.feedback import ELEMENT_IDS, ELEMENTS_BY_ID, Feedback, compare
from keten.training.library import Case, cases_by_id, library
from keten.training.models import Attempt, TrainingGroup


class GroupRefused(ValueError):
    """A group cannot be saved as asked; ``field`` names the form field, ``message`` says why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def record_attempt(*, user: User, case: Case, facts: Mapping[str, Any], language: str) -> Attempt:
    """Store a trainee's answers to a case with the elements they got right (facts already parsed)."""
    feedback: Feedback = compare(facts, case.facts)
    return Attempt.objects.create(
        user=user,
        case_id=case.id,
        language=language,
        facts=dict(facts),
        marks=feedback.marks(),
        correct=feedback.correct,
        total=feedback.total,
        rules_version=RULES_VERSION,
    )


def trainees_of(organisation_id: int) -> Iterable[User]:
    """The people a trainer may put in a group: active members of the trainer's organisation."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__organisation_id=organisation_id,
            memberships__is_active=True,
        )
        .distinct()
        .order_by("full_name", "email")
    )


def _checked(
    membership: Membership, name: str, member_ids: Iterable[int], case_ids: Iterable[str]
) -> tuple[str, list[User], list[str]]:
    name = name.strip()
    if not name:
        raise GroupRefused("name", gettext("Give the group a name."))
    allowed = {user.pk: user for user in trainees_of(membership.organisation_id)}
    wanted = set(member_ids)
    if not wanted <= allowed.keys():
        raise GroupRefused("members", gettext("Only people of your own organisation can join your group."))
    known = cases_by_id()
    chosen = list(dict.fromkeys(case_ids))
    if not chosen:
        raise GroupRefused("cases", gettext("Choose at least one practice case."))
    if any(case_id not in known for case_id in chosen):
        raise GroupRefused("cases", gettext("One of the chosen practice cases does not exist."))
    order = [case.id for case in library()]
    return name, [allowed[pk] for pk in sorted(wanted)], sorted(chosen, key=order.index)


@transaction.atomic
def create_group(
    *, membership: Membership, name: str, member_ids: Iterable[int], case_ids: Iterable[str]
) -> TrainingGroup:
    """A trainer sets up a group of their organisation's people with a set of cases. Audited."""
    name, members, cases = _checked(membership, name, member_ids, case_ids)
    group = TrainingGroup.objects.create(
        name=name, organisation=membership.organisation, trainer=membership.user, case_ids=cases
    )
    group.members.set(members)
    log_action(
        "training.group_created",
        actor=membership.user,
        organisation=membership.organisation,
        obj=group,
        data={"members": len(members), "cases": cases},
    )
    return group


@transaction.atomic
def update_group(
    *,
    membership: Membership,
    group: TrainingGroup,
    name: str,
    member_ids: Iterable[int],
    case_ids: Iterable[str],
) -> TrainingGroup:
    """A trainer changes the name, the members or the cases of a group they lead. Audited."""
    name, members, cases = _checked(membership, name, member_ids, case_ids)
    group = TrainingGroup.objects.select_for_update().get(pk=group.pk)
    group.name = name
    group.case_ids = cases
    group.save(update_fields=["name", "case_ids"])
    group.members.set(members)
    log_action(
        "training.group_changed",
        actor=membership.user,
        organisation=membership.organisation,
        obj=group,
        data={"members": len(members), "cases": cases},
    )
    return group


# --- Progress ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseProgress:
    case: Case
    attempts: int
    best: int
    total: int
    last_attempt_id: int


@dataclass(frozen=True)
class Progress:
    done: tuple[CaseProgress, ...]
    missed: tuple[tuple[str, str, int], ...]  # (element id, label, times missed), most missed first
    attempts: int

    @property
    def done_ids(self) -> frozenset[str]:
        return frozenset(item.case.id for item in self.done)


def missed_counts(attempts: Iterable[Attempt]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for attempt in attempts:
        counts.update(element for element, right in attempt.marks.items() if not right)
    return counts


def _ranked(counts: Counter[str]) -> tuple[tuple[str, str, int], ...]:
    order = {element: position for position, element in enumerate(ELEMENT_IDS)}
    return tuple(
        (element, str(ELEMENTS_BY_ID[element].label), count)
        for element, count in sorted(counts.items(), key=lambda item: (-item[1], order.get(item[0], 99)))
        if count and element in ELEMENTS_BY_ID
    )


def progress_of(user: User) -> Progress:
    """Which cases the person has done (best score, how often) and which elements they miss most."""
    attempts = list(Attempt.objects.filter(user=user).order_by("created_at", "pk"))
    known = cases_by_id()
    per_case: dict[str, list[Attempt]] = {}
    for attempt in attempts:
        per_case.setdefault(attempt.case_id, []).append(attempt)
    done = tuple(
        CaseProgress(
            case=known[case.id],
            attempts=len(per_case[case.id]),
            best=max(attempt.correct for attempt in per_case[case.id]),
            total=per_case[case.id][-1].total,
            last_attempt_id=per_case[case.id][-1].pk,
        )
        for case in library()
        if case.id in per_case
    )
    return Progress(done=done, missed=_ranked(missed_counts(attempts)), attempts=len(attempts))


def has_completed(user: User, case_ids: Iterable[str]) -> bool:
    wanted = set(case_ids)
    done = set(Attempt.objects.filter(user=user, case_id__in=wanted).values_list("case_id", flat=True))
    return bool(wanted) and wanted <= done


def completed_on(user: User, case_ids: Iterable[str]) -> Any:
    """When the last of these cases was first done (the date on a certificate)."""
    firsts = [
        Attempt.objects.filter(user=user, case_id=case_id)
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
        for case_id in case_ids
    ]
    dates = [first for first in firsts if first is not None]
    return max(dates) if dates else timezone.now()


# --- A group's summary, naming nobody ----------------------------------------------------------


@dataclass(frozen=True)
class CaseSummary:
    case: Case
    done_by: int
    average: float | None


@dataclass(frozen=True)
class GroupSummary:
    members: int
    completed: int
    cases: tuple[CaseSummary, ...]
    missed: tuple[tuple[str, str, int], ...]


def group_summary(group: TrainingGroup) -> GroupSummary:
    """Counts for the whole group: how many finished, per case how many did it and the average score,
    and which elements the group misses most. No name, no per-person figure."""
    member_ids = list(group.members.values_list("pk", flat=True))
    attempts = list(Attempt.objects.filter(user_id__in=member_ids, case_id__in=group.case_ids))
    known = cases_by_id()
    cases = []
    for case_id in group.case_ids:
        if case_id not in known:
            continue
        on_case = [attempt for attempt in attempts if attempt.case_id == case_id]
        people = {attempt.user_id for attempt in on_case}
        average = (
            sum(attempt.correct / attempt.total for attempt in on_case) / len(on_case) if on_case else None
        )
        cases.append(CaseSummary(known[case_id], len(people), average))
    done: dict[int, set[str]] = {}
    for attempt in attempts:
        done.setdefault(attempt.user_id, set()).add(attempt.case_id)
    completed = sum(1 for cases_done in done.values() if set(group.case_ids) <= cases_done)
    return GroupSummary(
        members=len(member_ids),
        completed=completed,
        cases=tuple(cases),
        missed=_ranked(missed_counts(attempts)),
    )
