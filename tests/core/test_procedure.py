from __future__ import annotations

import ast
from collections import deque
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from keten.core import procedure
from keten.core.dates import add_days
from keten.core.procedure import (
    ACT_DAYS_BEFORE_EXPIRY,
    ACTIVE_STATES,
    ALLOWED,
    DOCUMENT_LABELS,
    DURATIONS,
    EVENT_LABELS,
    EXIT_STATES,
    PROLONGATIONS,
    RESIDENCE_EVENTS,
    STATE_LABELS,
    DeadlineStatus,
    Document,
    Event,
    Evidence,
    EvidenceKind,
    EvidenceRecord,
    Flag,
    MagistrateOpinion,
    MoveDecision,
    Opinion,
    ProcedureSnapshot,
    State,
    allowed_events,
    check_move,
    next_deadline,
)

S = State
E = Event

# The specification, written out again on its own so that a change to ALLOWED must be
# made twice, on purpose. Every pair not listed here is refused.
EXPECTED: dict[tuple[State, Event], State] = {
    (S.REFERRED, E.START_REFLECTION): S.REFLECTION,
    (S.REFERRED, E.SKIP_REFLECTION): S.FIRST_RESIDENCE,
    (S.REFERRED, E.START_GUIDANCE): S.GUIDANCE_ONLY,
    (S.REFLECTION, E.ISSUE_FIRST_RESIDENCE): S.FIRST_RESIDENCE,
    (S.FIRST_RESIDENCE, E.EXTEND_FIRST_RESIDENCE): S.FIRST_RESIDENCE,
    (S.FIRST_RESIDENCE, E.ISSUE_SECOND_RESIDENCE): S.SECOND_RESIDENCE,
    (S.SECOND_RESIDENCE, E.RENEW_SECOND_RESIDENCE): S.SECOND_RESIDENCE,
    (S.SECOND_RESIDENCE, E.GRANT_PERMANENT): S.PERMANENT,
    (S.PERMANENT, E.CLOSE): S.CLOSED,
    (S.CLOSED, E.REOPEN): S.REFERRED,
    (S.EXIT_LEFT, E.REOPEN): S.REFERRED,
    **{
        (state, event): target
        for state in (
            S.REFERRED,
            S.REFLECTION,
            S.FIRST_RESIDENCE,
            S.SECOND_RESIDENCE,
            S.GUIDANCE_ONLY,
        )
        for event, target in (
            (E.BREACH_CONDITION, S.EXIT_CONDITION_BREACHED),
            (E.RETURN_VOLUNTARILY, S.EXIT_VOLUNTARY_RETURN),
            (E.TRANSFER, S.EXIT_TRANSFERRED),
            (E.LEAVE, S.EXIT_LEFT),
            (E.CLOSE, S.CLOSED),
        )
    },
}
EXIT_EVENTS = (E.BREACH_CONDITION, E.RETURN_VOLUNTARILY, E.TRANSFER, E.LEAVE, E.CLOSE)

D0 = date(2026, 1, 5)
ON = date(2026, 2, 1)
FULL_EVIDENCE = Evidence(
    records=tuple(EvidenceRecord(kind, date(2026, 1, 2)) for kind in EvidenceKind),
    opinions=(MagistrateOpinion(Opinion.POSITIVE, date(2026, 1, 3)),),
)
CONDITIONS_ONLY = Evidence(
    records=(
        EvidenceRecord(EvidenceKind.STATEMENTS, date(2026, 1, 2)),
        EvidenceRecord(EvidenceKind.GUIDANCE_AGREEMENT, date(2026, 1, 2)),
        EvidenceRecord(EvidenceKind.NO_CONTACT_UNDERTAKING, date(2026, 1, 2)),
    ),
    opinions=(MagistrateOpinion(Opinion.POSITIVE, date(2026, 1, 3)),),
)


def snapshot_in(state: State) -> ProcedureSnapshot:
    """A plausible snapshot for each state, the last move on D0."""
    document = procedure.DOCUMENT_OF_STATE.get(state)
    if document is None:
        return ProcedureSnapshot(state, since=D0)
    return ProcedureSnapshot(state, since=D0, starts_on=D0, ends_on=DURATIONS[document].ends_on(D0))


def eu_path(state: State, event: Event) -> bool:
    return state is S.GUIDANCE_ONLY or event is E.START_GUIDANCE


def render_all(decision: MoveDecision) -> None:
    for reason in (*decision.reasons, *decision.notes):
        assert reason.message.render()


def move(
    snapshot: ProcedureSnapshot,
    event: Event,
    on: date,
    *,
    evidence: Evidence = FULL_EVIDENCE,
    eu: bool = False,
    minor: bool = False,
) -> MoveDecision:
    return check_move(
        snapshot,
        event,
        on=on,
        nationality_eu_or_be=eu,
        evidence=evidence,
        minor=minor,
    )


def follow(snapshot: ProcedureSnapshot, event: Event, on: date, **kwargs: bool) -> ProcedureSnapshot:
    decision = check_move(
        snapshot,
        event,
        on=on,
        nationality_eu_or_be=kwargs.get("eu", False),
        evidence=FULL_EVIDENCE,
    )
    assert decision.after is not None, decision.reasons
    return decision.after


# --- The table ------------------------------------------------------------------------


def test_it_states_the_table_as_specified() -> None:
    flattened = {
        (state, event): target for state, moves in ALLOWED.items() for event, target in moves.items()
    }
    assert flattened == EXPECTED
    assert set(ALLOWED) == set(State)


@pytest.mark.parametrize(("state", "event"), [(state, event) for state in State for event in Event])
def test_it_decides_every_pair(state: State, event: Event) -> None:
    decision = move(snapshot_in(state), event, ON, eu=eu_path(state, event))
    render_all(decision)
    expected = EXPECTED.get((state, event))
    if expected is None:
        assert not decision.allowed
        assert decision.after is None and decision.target is None
        assert decision.reason is not None
        assert decision.reason.code in {"not_allowed_here", "procedure_ended"}
    else:
        assert decision.allowed, decision.reasons
        assert decision.target is expected
        assert decision.reasons == ()
        assert decision.after is not None and decision.after.since == ON


def test_it_labels_every_state_event_and_document() -> None:
    assert set(STATE_LABELS) == set(State)
    assert set(EVENT_LABELS) == set(Event)
    assert set(DOCUMENT_LABELS) == set(Document)


@pytest.mark.parametrize("state", sorted(ACTIVE_STATES))
@pytest.mark.parametrize("event", EXIT_EVENTS)
def test_it_exits_from_every_active_state(state: State, event: Event) -> None:
    decision = move(snapshot_in(state), event, ON, eu=state is S.GUIDANCE_ONLY)
    assert decision.target in EXIT_STATES
    assert decision.after is not None
    assert decision.after.document is None
    assert decision.document is None and decision.ends_on is None


@pytest.mark.parametrize(
    ("state", "leaves_by"),
    [
        (S.EXIT_CONDITION_BREACHED, set()),
        (S.EXIT_VOLUNTARY_RETURN, set()),
        (S.EXIT_TRANSFERRED, set()),
        (S.EXIT_LEFT, {E.REOPEN}),
        (S.CLOSED, {E.REOPEN}),
        (S.PERMANENT, {E.CLOSE}),
    ],
)
def test_it_leaves_an_end_only_as_decided(state: State, leaves_by: set[Event]) -> None:
    allowed = {
        event for event in Event for eu in (False, True) if move(snapshot_in(state), event, ON, eu=eu).allowed
    }
    assert allowed == leaves_by


def test_it_reopens_a_closed_file_as_a_new_referral() -> None:
    closed = follow(snapshot_in(S.FIRST_RESIDENCE), E.CLOSE, ON)
    assert closed.state is S.CLOSED
    reopened = follow(closed, E.REOPEN, date(2026, 6, 1))
    assert reopened == ProcedureSnapshot(S.REFERRED, since=date(2026, 6, 1))
    again = follow(reopened, E.START_REFLECTION, date(2026, 6, 2))
    assert again.state is S.REFLECTION


def test_it_explains_that_an_ended_procedure_cannot_go_on() -> None:
    decision = move(snapshot_in(S.EXIT_CONDITION_BREACHED), E.REOPEN, ON)
    assert decision.reason is not None
    assert decision.reason.code == "procedure_ended"
    decision = move(snapshot_in(S.CLOSED), E.START_REFLECTION, ON)
    assert decision.reason is not None
    assert "only be reopened" in decision.reason.message.text


# --- Two paths ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "event"),
    sorted((state, event) for state, event in EXPECTED if event in RESIDENCE_EVENTS),
)
def test_it_refuses_residence_steps_to_belgian_and_eu_victims(state: State, event: Event) -> None:
    decision = move(snapshot_in(state), event, ON, eu=True)
    assert decision.reason is not None
    assert decision.reason.code == "residence_not_for_eu"
    assert "only concern victims" in decision.reason.message.text
    assert move(snapshot_in(state), event, ON, eu=False).allowed


def test_it_keeps_guidance_only_for_belgian_and_eu_victims() -> None:
    decision = move(snapshot_in(S.REFERRED), E.START_GUIDANCE, ON, eu=False)
    assert decision.reason is not None
    assert decision.reason.code == "guidance_only_for_eu"
    decision = move(snapshot_in(S.REFERRED), E.START_GUIDANCE, ON, eu=True)
    assert decision.target is S.GUIDANCE_ONLY
    assert decision.document is None


# --- Requirements ---------------------------------------------------------------------


@pytest.mark.parametrize("event", [E.SKIP_REFLECTION, E.ISSUE_FIRST_RESIDENCE])
def test_it_needs_all_three_conditions_for_the_first_residence_document(event: Event) -> None:
    # REFERENCE §3: the three conditions hold for the whole procedure, not only from the second document.
    state = S.REFERRED if event is E.SKIP_REFLECTION else S.REFLECTION
    decision = move(snapshot_in(state), event, ON, evidence=Evidence())
    assert [r.code for r in decision.reasons] == [
        "missing_statements",
        "missing_guidance_agreement",
        "missing_no_contact_undertaking",
    ]
    others = (
        EvidenceRecord(EvidenceKind.GUIDANCE_AGREEMENT, ON),
        EvidenceRecord(EvidenceKind.NO_CONTACT_UNDERTAKING, ON),
    )
    late = Evidence(records=(EvidenceRecord(EvidenceKind.STATEMENTS, add_days(ON, 1)), *others))
    late_reasons = move(snapshot_in(state), event, ON, evidence=late).reasons
    assert [r.code for r in late_reasons] == ["missing_statements"]
    only_statements = Evidence(records=(EvidenceRecord(EvidenceKind.STATEMENTS, ON),))
    assert not move(snapshot_in(state), event, ON, evidence=only_statements).allowed
    on_time = Evidence(records=(EvidenceRecord(EvidenceKind.STATEMENTS, ON), *others))
    assert move(snapshot_in(state), event, ON, evidence=on_time).allowed


def test_it_extends_the_first_residence_document_only_once() -> None:
    first = follow(ProcedureSnapshot.referred(D0), E.SKIP_REFLECTION, D0)
    extended = follow(first, E.EXTEND_FIRST_RESIDENCE, date(2026, 3, 20))
    assert extended.prolongations == 1
    decision = move(extended, E.EXTEND_FIRST_RESIDENCE, date(2026, 6, 1))
    assert not decision.allowed
    assert decision.reason is not None
    assert decision.reason.code == "prolongation_limit_reached"
    assert decision.reason.message.params["max_times"] == 1
    assert move(extended, E.ISSUE_SECOND_RESIDENCE, date(2026, 6, 1)).allowed


@pytest.mark.parametrize(
    ("missing", "code"),
    [
        (EvidenceKind.STATEMENTS, "missing_statements"),
        (EvidenceKind.GUIDANCE_AGREEMENT, "missing_guidance_agreement"),
        (EvidenceKind.NO_CONTACT_UNDERTAKING, "missing_no_contact_undertaking"),
    ],
)
@pytest.mark.parametrize(
    ("state", "event"),
    [
        (S.FIRST_RESIDENCE, E.ISSUE_SECOND_RESIDENCE),
        (S.SECOND_RESIDENCE, E.RENEW_SECOND_RESIDENCE),
    ],
)
def test_it_needs_each_condition_for_the_second_residence_document(
    state: State, event: Event, missing: EvidenceKind, code: str
) -> None:
    evidence = Evidence(
        records=tuple(r for r in CONDITIONS_ONLY.records if r.kind is not missing),
        opinions=CONDITIONS_ONLY.opinions,
    )
    decision = move(snapshot_in(state), event, ON, evidence=evidence)
    assert [r.code for r in decision.reasons] == [code]
    assert decision.reasons[0].message.params == {"on": "2026-02-01"}


@pytest.mark.parametrize(
    ("opinions", "code"),
    [
        ((), "missing_magistrate_opinion"),
        (
            (MagistrateOpinion(Opinion.NEGATIVE, date(2026, 1, 20)),),
            "negative_magistrate_opinion",
        ),
        (
            (
                MagistrateOpinion(Opinion.POSITIVE, date(2026, 1, 3)),
                MagistrateOpinion(Opinion.NEGATIVE, date(2026, 1, 20)),
            ),
            "negative_magistrate_opinion",
        ),
        (  # an opinion given after the move does not count yet
            (MagistrateOpinion(Opinion.POSITIVE, date(2026, 2, 2)),),
            "missing_magistrate_opinion",
        ),
    ],
)
def test_it_needs_a_positive_magistrate_opinion(opinions: tuple[MagistrateOpinion, ...], code: str) -> None:
    evidence = Evidence(records=CONDITIONS_ONLY.records, opinions=opinions)
    decision = move(snapshot_in(S.FIRST_RESIDENCE), E.ISSUE_SECOND_RESIDENCE, ON, evidence=evidence)
    assert [r.code for r in decision.reasons] == [code]
    render_all(decision)


def test_it_follows_the_latest_opinion() -> None:
    evidence = Evidence(
        records=CONDITIONS_ONLY.records,
        opinions=(
            MagistrateOpinion(Opinion.NEGATIVE, date(2026, 1, 3)),
            MagistrateOpinion(Opinion.POSITIVE, date(2026, 1, 25)),
        ),
    )
    decision = move(snapshot_in(S.FIRST_RESIDENCE), E.ISSUE_SECOND_RESIDENCE, ON, evidence=evidence)
    assert decision.target is S.SECOND_RESIDENCE


def test_it_lists_every_missing_requirement() -> None:
    decision = move(snapshot_in(S.FIRST_RESIDENCE), E.ISSUE_SECOND_RESIDENCE, ON, evidence=Evidence())
    assert [r.code for r in decision.reasons] == [
        "missing_statements",
        "missing_guidance_agreement",
        "missing_no_contact_undertaking",
        "missing_magistrate_opinion",
    ]


@pytest.mark.parametrize("outcome", [EvidenceKind.CONVICTION, EvidenceKind.TRAFFICKING_CHARGE_RETAINED])
def test_it_grants_permanent_residence_on_a_judicial_outcome(outcome: EvidenceKind) -> None:
    second = snapshot_in(S.SECOND_RESIDENCE)
    refused = move(second, E.GRANT_PERMANENT, ON, evidence=CONDITIONS_ONLY)
    assert [r.code for r in refused.reasons] == ["missing_judicial_outcome"]
    evidence = Evidence(records=(EvidenceRecord(outcome, ON),))
    decision = move(second, E.GRANT_PERMANENT, ON, evidence=evidence)
    assert decision.target is S.PERMANENT
    assert decision.document is Document.UNLIMITED_RESIDENCE
    assert decision.starts_on == ON
    assert decision.ends_on is None


def test_it_applies_the_three_conditions_to_minors_too() -> None:
    """No source waives the three conditions for minors (REFERENCE §11, Myria)."""
    evidence = Evidence(opinions=CONDITIONS_ONLY.opinions)
    decision = move(
        snapshot_in(S.FIRST_RESIDENCE),
        E.ISSUE_SECOND_RESIDENCE,
        ON,
        evidence=evidence,
        minor=True,
    )
    assert decision.target is None
    assert {r.code for r in decision.reasons} == {
        "missing_statements",
        "missing_guidance_agreement",
        "missing_no_contact_undertaking",
    }
    decision = move(
        snapshot_in(S.FIRST_RESIDENCE), E.ISSUE_SECOND_RESIDENCE, ON, evidence=CONDITIONS_ONLY, minor=True
    )
    assert decision.target is S.SECOND_RESIDENCE
    assert decision.flags == {Flag.MINOR_GUARDIAN}
    render_all(decision)


def test_it_gives_an_unaccompanied_foreign_minor_three_months_at_once() -> None:
    """Myria: an unaccompanied foreign minor presumed a victim gets a 3-month document at once,
    the 45 days become 3 months (REFERENCE §11)."""
    referred = snapshot_in(S.REFERRED)
    child = procedure.check_move(
        referred,
        E.START_REFLECTION,
        on=date(2026, 2, 1),
        nationality_eu_or_be=False,
        minor=True,
        unaccompanied_minor=True,
    )
    assert child.ends_on == date(2026, 5, 1)
    assert Flag.UNACCOMPANIED_MINOR_THREE_MONTHS in child.flags
    render_all(child)
    adult = procedure.check_move(
        referred, E.START_REFLECTION, on=date(2026, 2, 1), nationality_eu_or_be=False
    )
    assert adult.ends_on == date(2026, 3, 17)
    # Only a minor: the flag alone on an adult changes nothing.
    grown = procedure.check_move(
        referred,
        E.START_REFLECTION,
        on=date(2026, 2, 1),
        nationality_eu_or_be=False,
        unaccompanied_minor=True,
    )
    assert grown.ends_on == adult.ends_on


def test_it_notes_the_guardian_for_every_move_of_a_minor() -> None:
    decision = move(snapshot_in(S.REFERRED), E.START_REFLECTION, ON, minor=True)
    assert decision.flags == {Flag.MINOR_GUARDIAN}
    assert move(snapshot_in(S.REFERRED), E.START_REFLECTION, ON).flags == set()


def test_it_refuses_a_date_before_the_last_move() -> None:
    decision = move(snapshot_in(S.REFLECTION), E.ISSUE_FIRST_RESIDENCE, add_days(D0, -1))
    assert decision.reason is not None
    assert decision.reason.code == "date_before_last_move"
    assert decision.reason.message.params == {"on": "2026-01-04", "since": "2026-01-05"}


def test_it_refuses_datetimes() -> None:
    moment = datetime(2026, 2, 1, 9, tzinfo=UTC)
    with pytest.raises(TypeError):
        move(snapshot_in(S.REFERRED), E.START_REFLECTION, moment)
    with pytest.raises(TypeError):
        next_deadline(snapshot_in(S.REFLECTION), moment)


# --- Dates ----------------------------------------------------------------------------


def test_it_reads_durations_from_one_table() -> None:
    assert DURATIONS[Document.REFLECTION_DOCUMENT].days == 45
    assert DURATIONS[Document.ATTESTATION_OF_IMMATRICULATION].months == 3
    assert DURATIONS[Document.CERTIFICATE_OF_REGISTRATION].months == 6
    assert DURATIONS[Document.UNLIMITED_RESIDENCE].unlimited
    extension = PROLONGATIONS[Document.ATTESTATION_OF_IMMATRICULATION]
    assert (extension.duration.months, extension.max_times) == (3, 1)
    renewal = PROLONGATIONS[Document.CERTIFICATE_OF_REGISTRATION]
    assert (renewal.duration.months, renewal.max_times) == (6, None)
    for duration in (*DURATIONS.values(), *(p.duration for p in PROLONGATIONS.values())):
        assert "61/" in duration.source


@pytest.mark.parametrize(
    ("on", "expected_end"),
    [
        # 45 days counting both ends: "a document covering 45 days" (REFERENCE.md §3).
        (date(2025, 12, 17), date(2026, 1, 30)),
        (date(2027, 12, 20), date(2028, 2, 2)),  # across a year end
        (date(2028, 1, 20), date(2028, 3, 4)),  # across 29 February
        (date(2027, 1, 20), date(2027, 3, 5)),
    ],
)
def test_it_gives_45_days_of_reflection(on: date, expected_end: date) -> None:
    decision = move(ProcedureSnapshot.referred(on), E.START_REFLECTION, on)
    assert decision.document is Document.REFLECTION_DOCUMENT
    assert (decision.starts_on, decision.ends_on) == (on, expected_end)
    assert (decision.ends_on - on).days + 1 == 45


@pytest.mark.parametrize(
    ("on", "expected_end"),
    [
        (date(2026, 1, 31), date(2026, 4, 30)),
        (date(2026, 11, 30), date(2027, 2, 28)),
        (date(2027, 11, 30), date(2028, 2, 29)),
    ],
)
def test_it_gives_3_months_of_first_residence(on: date, expected_end: date) -> None:
    decision = move(ProcedureSnapshot.referred(on), E.SKIP_REFLECTION, on)
    assert decision.document is Document.ATTESTATION_OF_IMMATRICULATION
    assert (decision.starts_on, decision.ends_on) == (on, expected_end)


def test_it_gives_6_months_of_second_residence_from_a_leap_day() -> None:
    first = ProcedureSnapshot(
        S.FIRST_RESIDENCE,
        since=date(2028, 1, 10),
        starts_on=date(2028, 1, 10),
        ends_on=date(2028, 4, 10),
    )
    decision = move(first, E.ISSUE_SECOND_RESIDENCE, date(2028, 2, 29))
    assert decision.document is Document.CERTIFICATE_OF_REGISTRATION
    assert (decision.starts_on, decision.ends_on) == (date(2028, 2, 29), date(2028, 8, 29))


def test_it_extends_from_the_day_after_the_expiry_date() -> None:
    first = follow(ProcedureSnapshot.referred(date(2026, 1, 31)), E.SKIP_REFLECTION, date(2026, 1, 31))
    assert first.ends_on == date(2026, 4, 30)
    decision = move(first, E.EXTEND_FIRST_RESIDENCE, date(2026, 4, 1))
    assert (decision.starts_on, decision.ends_on) == (date(2026, 5, 1), date(2026, 7, 30))
    assert decision.flags == set()


def test_it_chains_renewals() -> None:
    snapshot = ProcedureSnapshot(
        S.FIRST_RESIDENCE,
        since=date(2026, 1, 1),
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 4, 1),
    )
    snapshot = follow(snapshot, E.ISSUE_SECOND_RESIDENCE, date(2026, 1, 31))
    ends = [snapshot.ends_on]
    for on in (date(2026, 7, 1), date(2027, 1, 1), date(2027, 7, 1)):
        snapshot = follow(snapshot, E.RENEW_SECOND_RESIDENCE, on)
        ends.append(snapshot.ends_on)
    assert ends == [
        date(2026, 7, 31),
        date(2027, 1, 31),
        date(2027, 7, 31),
        date(2028, 1, 31),
    ]
    assert snapshot.prolongations == 3
    assert snapshot.starts_on == date(2027, 8, 1)


def test_it_renews_without_a_day_of_overlap() -> None:
    # The card is valid until 15 December included: the renewal starts on 16 December.
    second = ProcedureSnapshot(
        S.SECOND_RESIDENCE,
        since=date(2026, 6, 15),
        starts_on=date(2026, 6, 15),
        ends_on=date(2026, 12, 15),
    )
    decision = move(second, E.RENEW_SECOND_RESIDENCE, date(2026, 12, 1))
    assert (decision.starts_on, decision.ends_on) == (date(2026, 12, 16), date(2027, 6, 15))
    assert decision.flags == set()
    # Decided the day after the expiry: still no gap, no overlap.
    next_day = move(second, E.RENEW_SECOND_RESIDENCE, date(2026, 12, 16))
    assert (next_day.starts_on, next_day.ends_on) == (date(2026, 12, 16), date(2027, 6, 15))
    assert next_day.flags == set()


def test_it_chains_renewals_from_the_end_of_a_short_month() -> None:
    # Each renewal counts from the previous expiry date, so a day lost to February
    # is not won back: 31 August, 28 February, 28 August.
    snapshot = ProcedureSnapshot(
        S.SECOND_RESIDENCE,
        since=date(2026, 3, 1),
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 8, 31),
    )
    snapshot = follow(snapshot, E.RENEW_SECOND_RESIDENCE, date(2026, 8, 1))
    assert snapshot.ends_on == date(2027, 2, 28)
    snapshot = follow(snapshot, E.RENEW_SECOND_RESIDENCE, date(2027, 2, 1))
    assert snapshot.ends_on == date(2027, 8, 28)


def test_it_flags_a_gap_when_renewed_late() -> None:
    second = snapshot_in(S.SECOND_RESIDENCE)
    assert second.ends_on == date(2026, 7, 5)
    decision = move(second, E.RENEW_SECOND_RESIDENCE, date(2026, 7, 20))
    assert (decision.starts_on, decision.ends_on) == (date(2026, 7, 20), date(2027, 1, 20))
    assert decision.flags == {Flag.GAP_IN_COVER}
    render_all(decision)
    on_expiry_day = move(second, E.RENEW_SECOND_RESIDENCE, date(2026, 7, 5))
    assert on_expiry_day.starts_on == date(2026, 7, 6)
    assert on_expiry_day.flags == set()


def test_it_refuses_a_date_after_today() -> None:
    today = date(2026, 2, 1)
    decision = check_move(
        ProcedureSnapshot.referred(D0),
        E.START_REFLECTION,
        on=date(2026, 2, 2),
        nationality_eu_or_be=False,
        today=today,
    )
    assert decision.reason is not None and decision.reason.code == "date_in_future"
    assert "2026-02-02" in decision.reason.message.render()
    same_day = check_move(
        ProcedureSnapshot.referred(D0), E.START_REFLECTION, on=today, nationality_eu_or_be=False, today=today
    )
    assert same_day.allowed


@pytest.mark.parametrize(
    ("periods", "gaps"),
    [
        ([], ()),
        ([(date(2024, 9, 1), date(2025, 2, 28))], ()),
        # Expired on 28 February 2025, renewed on 10 March: no document from 1 to 9 March.
        (
            [(date(2024, 9, 1), date(2025, 2, 28)), (date(2025, 3, 10), date(2025, 9, 10))],
            ((date(2025, 3, 1), date(2025, 3, 9)),),
        ),
        # Adjacent and overlapping periods leave no gap, in any order.
        ([(date(2025, 3, 1), date(2025, 9, 1)), (date(2024, 9, 1), date(2025, 2, 28))], ()),
        ([(date(2024, 9, 1), date(2025, 3, 5)), (date(2025, 3, 1), date(2025, 9, 1))], ()),
        # Nothing is missing once the residence is unlimited.
        ([(date(2024, 9, 1), None), (date(2030, 1, 1), date(2030, 2, 1))], ()),
        (
            [
                (date(2025, 1, 1), date(2025, 1, 31)),
                (date(2025, 2, 10), date(2025, 5, 10)),
                (date(2025, 5, 20), None),
            ],
            ((date(2025, 2, 1), date(2025, 2, 9)), (date(2025, 5, 11), date(2025, 5, 19))),
        ),
    ],
)
def test_it_finds_gaps_in_cover(
    periods: list[tuple[date, date | None]], gaps: tuple[tuple[date, date], ...]
) -> None:
    assert procedure.gaps_in_cover(periods) == gaps


# --- Deadlines and next actions -------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "status", "days_left"),
    [
        (date(2026, 1, 10), DeadlineStatus.UPCOMING, 39),
        (date(2026, 2, 2), DeadlineStatus.UPCOMING, 16),
        (date(2026, 2, 3), DeadlineStatus.ACT_NOW, 15),
        (date(2026, 2, 18), DeadlineStatus.ACT_NOW, 0),
        (date(2026, 2, 19), DeadlineStatus.OVERDUE, -1),
    ],
)
def test_it_gives_the_reflection_deadline(today: date, status: DeadlineStatus, days_left: int) -> None:
    deadline = next_deadline(snapshot_in(S.REFLECTION), today)
    assert deadline is not None
    assert deadline.document is Document.REFLECTION_DOCUMENT
    assert deadline.expires_on == date(2026, 2, 18)
    assert deadline.act_by == add_days(
        date(2026, 2, 18), -ACT_DAYS_BEFORE_EXPIRY[Document.REFLECTION_DOCUMENT]
    )
    assert deadline.action is E.ISSUE_FIRST_RESIDENCE
    assert (deadline.status, deadline.days_left) == (status, days_left)
    assert "2026-02-18" in deadline.message.render()


@pytest.mark.parametrize(
    ("snapshot", "action", "act_by"),
    [
        (snapshot_in(S.FIRST_RESIDENCE), E.EXTEND_FIRST_RESIDENCE, date(2026, 3, 6)),
        (
            ProcedureSnapshot(
                S.FIRST_RESIDENCE,
                since=D0,
                starts_on=date(2026, 4, 5),
                ends_on=date(2026, 7, 5),
                prolongations=1,
            ),
            E.ISSUE_SECOND_RESIDENCE,
            date(2026, 6, 5),
        ),
        (snapshot_in(S.SECOND_RESIDENCE), E.RENEW_SECOND_RESIDENCE, date(2026, 6, 5)),
    ],
)
def test_it_says_what_to_request_and_when(snapshot: ProcedureSnapshot, action: Event, act_by: date) -> None:
    deadline = next_deadline(snapshot, ON)
    assert deadline is not None
    assert (deadline.action, deadline.act_by) == (action, act_by)
    assert deadline.message.render()


@pytest.mark.parametrize(
    "state",
    [S.REFERRED, S.GUIDANCE_ONLY, S.PERMANENT, *sorted(EXIT_STATES)],
)
def test_it_has_no_deadline_without_an_expiring_document(state: State) -> None:
    assert next_deadline(snapshot_in(state), ON) is None


def test_it_lists_the_next_actions_with_reasons() -> None:
    decisions = allowed_events(ProcedureSnapshot.referred(D0), on=ON, nationality_eu_or_be=False)
    assert [d.event for d in decisions] == [
        E.START_REFLECTION,
        E.SKIP_REFLECTION,
        E.START_GUIDANCE,
        *EXIT_EVENTS,
    ]
    by_event = {d.event: d for d in decisions}
    assert by_event[E.START_REFLECTION].allowed
    skip_reason = by_event[E.SKIP_REFLECTION].reason
    guidance_reason = by_event[E.START_GUIDANCE].reason
    assert skip_reason is not None and skip_reason.code == "missing_statements"
    assert guidance_reason is not None and guidance_reason.code == "guidance_only_for_eu"
    assert all(by_event[event].allowed for event in EXIT_EVENTS)


def test_it_lists_every_event_on_request() -> None:
    decisions = allowed_events(snapshot_in(S.CLOSED), on=ON, nationality_eu_or_be=True, include_all=True)
    assert len(decisions) == len(Event)
    assert [d.event for d in decisions if d.allowed] == [E.REOPEN]


# --- Properties -----------------------------------------------------------------------

any_date = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))


@given(any_date)
def test_it_always_ends_a_document_after_it_starts(start: date) -> None:
    for duration in (*DURATIONS.values(), *(p.duration for p in PROLONGATIONS.values())):
        end = duration.ends_on(start)
        assert end is None or end > start


def reachable_states(eu: bool) -> set[State]:
    seen = {S.REFERRED}
    queue = deque([S.REFERRED])
    while queue:
        state = queue.popleft()
        for (source, event), target in EXPECTED.items():
            if source is not state or target in seen:
                continue
            if (event in RESIDENCE_EVENTS and eu) or (event is E.START_GUIDANCE and not eu):
                continue
            seen.add(target)
            queue.append(target)
    return seen


@given(
    data=st.data(),
    kinds=st.sets(st.sampled_from(list(EvidenceKind))),
    opinion=st.sampled_from([None, Opinion.POSITIVE, Opinion.NEGATIVE]),
    eu=st.booleans(),
    minor=st.booleans(),
    start=any_date,
)
def test_it_never_leaves_the_table(
    data: st.DataObject,
    kinds: set[EvidenceKind],
    opinion: Opinion | None,
    eu: bool,
    minor: bool,
    start: date,
) -> None:
    evidence = Evidence(
        records=tuple(EvidenceRecord(kind, start) for kind in sorted(kinds)),
        opinions=() if opinion is None else (MagistrateOpinion(opinion, start),),
    )
    reachable = reachable_states(eu)
    snapshot = ProcedureSnapshot.referred(start)
    on = start
    for _ in range(data.draw(st.integers(0, 30), label="steps")):
        # Mostly events the table offers, so that long paths are explored, and
        # sometimes any event at all.
        offered = sorted(ALLOWED[snapshot.state]) or list(Event)
        event = data.draw(
            st.one_of(st.sampled_from(offered), st.sampled_from(list(Event))),
            label="event",
        )
        on = add_days(on, data.draw(st.integers(-5, 200), label="days"))
        decision = check_move(
            snapshot,
            event,
            on=on,
            nationality_eu_or_be=eu,
            evidence=evidence,
            minor=minor,
        )
        render_all(decision)
        if decision.after is None:
            assert decision.reasons
            continue
        assert EXPECTED[(snapshot.state, event)] is decision.after.state
        assert decision.after.state in reachable
        assert decision.after.state in ALLOWED
        if decision.starts_on is not None and decision.ends_on is not None:
            assert decision.ends_on > decision.starts_on
            assert decision.starts_on >= on
        snapshot = decision.after


def test_it_imports_nothing_from_django() -> None:
    for module in ("procedure.py", "dates.py"):
        source = Path(procedure.__file__).with_name(module).read_text()
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(name.split(".")[0] == "django" for name in names)
