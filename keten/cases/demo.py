"""Clearly fictitious case files, for demonstrations and benchmarks ("Demo Person 17").

:func:`load_fictitious_cases` writes in batches with ``bulk_create`` (the encrypted fields are
encrypted row by row as the batch is sent), so a million cases on PostgreSQL take minutes.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from keten.accounts.models import Organisation, User
from keten.cases.choices import FormOfExploitation, Gender, IntakeChannel, Sector
from keten.cases.models import Case, CaseAssignment, ConditionEvidence, ProcedureEvent
from keten.cases.services import identity_hashes
from keten.core import procedure
from keten.core.dates import age_on

BATCH_SIZE = 5000
NATIONALITIES = ("NG", "RO", "BG", "VN", "MA", "BR", "CN", "AL", "UA", "IN", "PH", "BE", "ER")
LANGUAGES = ("en", "fr", "ro", "bg", "vi", "ar", "pt", "zh", "sq", "uk")
_STATES = (
    procedure.State.REFERRED,
    procedure.State.REFLECTION,
    procedure.State.FIRST_RESIDENCE,
    procedure.State.SECOND_RESIDENCE,
    procedure.State.SECOND_RESIDENCE,
)


def _fictitious_case(number: int, centre: Organisation, rng: random.Random, today: date) -> Case:
    nationalities = [rng.choice(NATIONALITIES)]
    eu = nationalities[0] in ("RO", "BG", "BE")
    state = procedure.State.GUIDANCE_ONLY if eu and rng.random() < 0.6 else rng.choice(_STATES)
    since = today - timedelta(days=rng.randint(0, 170))
    snapshot = procedure.ProcedureSnapshot(state=state, since=since)
    document = snapshot.document
    if document is not None:
        ends_on = procedure.DURATIONS[document].ends_on(since)
        snapshot = procedure.ProcedureSnapshot(state=state, since=since, starts_on=since, ends_on=ends_on)
    deadline = procedure.next_deadline(snapshot, today)
    birth = date(rng.randint(1970, 2009), rng.randint(1, 12), rng.randint(1, 28)).isoformat()
    given, family = "Demo", f"Person {number}"
    name_hash, identity_hash = identity_hashes(given, family, birth)
    return Case(
        centre=centre,
        given_names=given,
        family_name=family,
        date_of_birth=birth,
        aliases="",
        contact_details="",
        identity_documents="",
        exploitation_place="",
        name_hash=name_hash,
        identity_hash=identity_hash,
        gender=rng.choice(Gender.values),
        nationalities=nationalities,
        languages=[rng.choice(LANGUAGES)],
        forms=[rng.choice(FormOfExploitation.values)],
        sector=rng.choice(Sector.values),
        intake_channel=rng.choice(IntakeChannel.values),
        procedure_state=snapshot.state.value,
        procedure_since=since,
        document_starts_on=snapshot.starts_on,
        document_ends_on=snapshot.ends_on,
        act_by=deadline.act_by if deadline else None,
        age_at_start=age_on(date.fromisoformat(birth), since),
        age_at_registration=age_on(date.fromisoformat(birth), timezone.localdate()),
        demo=True,
    )


def load_fictitious_cases(
    count: int,
    *,
    centres: Sequence[Organisation],
    workers: dict[int, list[User]] | None = None,
    seed: int = 7,
    batch_size: int = BATCH_SIZE,
    start_number: int = 1,
) -> int:
    """Create ``count`` fictitious cases spread over ``centres``; assign them to the centres' workers.

    Each case gets its first procedure step and, past the reflection period, the evidence of the
    three conditions.
    """
    if not centres:
        raise ValueError("at least one centre organisation is needed")
    rng = random.Random(seed)  # noqa: S311 - fictitious data, not security
    today = timezone.localdate()
    workers = workers or {}
    created = 0
    while created < count:
        size = min(batch_size, count - created)
        with transaction.atomic():
            batch = [
                _fictitious_case(
                    start_number + created + i, centres[(created + i) % len(centres)], rng, today
                )
                for i in range(size)
            ]
            cases = Case.objects.bulk_create(batch, batch_size=batch_size)
            assignments, steps = [], []
            evidence: list[ConditionEvidence] = []
            for case in cases:
                people = workers.get(case.centre_id) or []
                if people:
                    assignments.append(CaseAssignment(case=case, user=people[case.pk % len(people)]))
                state = procedure.State(case.procedure_state)
                if state is not procedure.State.REFERRED:
                    event = {
                        procedure.State.REFLECTION: procedure.Event.START_REFLECTION,
                        procedure.State.FIRST_RESIDENCE: procedure.Event.SKIP_REFLECTION,
                        procedure.State.SECOND_RESIDENCE: procedure.Event.ISSUE_SECOND_RESIDENCE,
                        procedure.State.GUIDANCE_ONLY: procedure.Event.START_GUIDANCE,
                    }[state]
                    steps.append(
                        ProcedureEvent(
                            case=case,
                            event=event.value,
                            from_state=procedure.State.REFERRED.value,
                            to_state=state.value,
                            on=case.procedure_since,
                            starts_on=case.document_starts_on,
                            ends_on=case.document_ends_on,
                        )
                    )
                if state in (procedure.State.FIRST_RESIDENCE, procedure.State.SECOND_RESIDENCE):
                    # The three conditions, as a file with a residence document has them.
                    evidence.extend(
                        ConditionEvidence(case=case, kind=kind.value, recorded_on=case.procedure_since)
                        for kind in procedure.CONDITION_EVIDENCE.values()
                    )
            CaseAssignment.objects.bulk_create(assignments, batch_size=batch_size)
            ProcedureEvent.objects.bulk_create(steps, batch_size=batch_size)
            ConditionEvidence.objects.bulk_create(evidence, batch_size=batch_size)
        created += size
    return created
