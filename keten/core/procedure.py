"""The Belgian protection procedure for victims of trafficking (national referral mechanism).

A plain state machine in the manner of django-oscar's order pipeline: a table of
allowed moves (:data:`ALLOWED`), one pure function that decides a move
(:func:`check_move`), and what the law fixes (durations, requirements) as data next to
its legal source, so that a change in the law is one edit here.

Legal sources
    Aliens Act of 15 December 1980, Title II, Chapter IV, art. 61/2 to 61/5 (inserted
    by the law of 15 September 2006) [verify the paragraphs cited below]; Circular of
    23 December 2016 on the multidisciplinary cooperation for victims of trafficking and
    certain aggravated forms of smuggling (Moniteur belge 10 March 2017), replacing the
    circular of 26 September 2008. Rules marked [verify] await confirmation.

The path
    A person is *referred* to a recognised centre. A victim who is neither Belgian nor
    an EU national gets a *reflection* period of 45 days (skipped when statements are
    made at once), then a *first residence* document (attestation of immatriculation,
    3 months, extendable once), then a *second residence* document (certificate of
    registration, A card, 6 months, renewable until the judicial procedure ends), and
    *permanent* residence on a conviction or when the prosecutor's submissions retain
    the trafficking charge. Belgian and EU victims follow the same guidance and judicial
    path without residence documents (*guidance_only*). Throughout, the victim meets
    three conditions (:class:`Condition`). The procedure ends by an exit.

Decisions taken here (change them here and in the test table)
    * ``closed`` and ``exit_left`` can be reopened (back to ``referred``): files are
      dropped and reopened when new facts come in, and people who disappear often come
      back. A breach of the conditions, a voluntary return or a transfer to another
      centre is final for this file: if the person comes back, a new referral opens a
      new case, so that each file tells one story.
    * ``permanent`` is the outcome of the procedure; only ``close`` leaves it.
    * A document's end date is its expiry date ("valid until", included), and its start
      date is included too. A document of N days therefore covers N days counting both
      ends: the reflection document "covering 45 days" (REFERENCE.md §3) from
      17 December is valid until 30 January. A document of N months is valid until the
      same day N months later (3 months from 1 February: until 1 May) [verify: the
      reference gives "3 months" and "6 months" without saying how the end is counted].
    * An extension or a renewal runs from the day after the previous expiry date, so
      cover is continuous without a day of overlap: a card valid until 31 July renewed
      for 6 months is valid from 1 August until 31 January. Decided more than a day
      after the expiry date, it runs from the decision date and carries
      :attr:`Flag.GAP_IN_COVER`; :func:`gaps_in_cover` finds such gaps in a history.
    * A step cannot be dated after the day it is recorded (``today``): a decision is
      recorded once it is taken, and a future date would block every later step.
    * Minors: the three conditions apply to minors too: no source waives them
      (REFERENCE §11, correcting an earlier blanket waiver). An unaccompanied foreign
      minor presumed a victim receives a 3-month document at once instead of the 45-day
      reflection document (Myria; :data:`UNACCOMPANIED_MINOR_DURATIONS`). Every move for
      a minor notes that the guardianship service must appoint a guardian.
    * Evidence counts when it is dated on or before the move; the conditions are not
      re-proved at every step, their breach is recorded as an exit.

Messages are :class:`keten.core.i18n.Message` (marked text and parameters), wrapped in a
:class:`Reason` with a stable code. Dates in parameters are ISO strings (YYYY-MM-DD), which
the Django layer formats for the reader's language (``keten.cases.formatting``); the typed
dates are on the decision and the deadline themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from keten.core.dates import add_days, add_months
from keten.core.i18n import Message, ParamValue, _

ALIENS_ACT = "Aliens Act of 15 December 1980"
CIRCULAR_2016 = "Circular of 23 December 2016 (Moniteur belge 10 March 2017)"


# --- Vocabulary -----------------------------------------------------------------------


class State(StrEnum):
    """Where a victim stands in the procedure."""

    REFERRED = "referred"
    REFLECTION = "reflection"
    FIRST_RESIDENCE = "first_residence"
    SECOND_RESIDENCE = "second_residence"
    PERMANENT = "permanent"
    GUIDANCE_ONLY = "guidance_only"
    EXIT_CONDITION_BREACHED = "exit_condition_breached"
    EXIT_VOLUNTARY_RETURN = "exit_voluntary_return"
    EXIT_TRANSFERRED = "exit_transferred"
    EXIT_LEFT = "exit_left"
    CLOSED = "closed"


class Event(StrEnum):
    """A step that a centre records in the procedure."""

    START_REFLECTION = "start_reflection"
    SKIP_REFLECTION = "skip_reflection"
    START_GUIDANCE = "start_guidance"
    ISSUE_FIRST_RESIDENCE = "issue_first_residence"
    EXTEND_FIRST_RESIDENCE = "extend_first_residence"
    ISSUE_SECOND_RESIDENCE = "issue_second_residence"
    RENEW_SECOND_RESIDENCE = "renew_second_residence"
    GRANT_PERMANENT = "grant_permanent"
    BREACH_CONDITION = "breach_condition"
    RETURN_VOLUNTARILY = "return_voluntarily"
    TRANSFER = "transfer"
    LEAVE = "leave"
    CLOSE = "close"
    REOPEN = "reopen"


class Document(StrEnum):
    """The documents the Immigration Office issues at the centre's request."""

    REFLECTION_DOCUMENT = "reflection_document"
    ATTESTATION_OF_IMMATRICULATION = "attestation_of_immatriculation"
    CERTIFICATE_OF_REGISTRATION = "certificate_of_registration"
    UNLIMITED_RESIDENCE = "unlimited_residence"


class Condition(StrEnum):
    """The three cumulative conditions the victim meets for the whole procedure.

    Source: Aliens Act art. 61/2 to 61/4 [verify]; Circular of 23 December 2016.
    """

    NO_CONTACT = "no_contact"
    GUIDANCE = "guidance"
    COOPERATION = "cooperation"


class EvidenceKind(StrEnum):
    """Dated facts recorded in a file that the procedure relies on."""

    STATEMENTS = "statements"
    GUIDANCE_AGREEMENT = "guidance_agreement"
    NO_CONTACT_UNDERTAKING = "no_contact_undertaking"
    CONVICTION = "conviction"
    TRAFFICKING_CHARGE_RETAINED = "trafficking_charge_retained"


class Opinion(StrEnum):
    """The magistrate's opinion: is the person (still) to be considered a victim?"""

    POSITIVE = "positive"
    NEGATIVE = "negative"


class Flag(StrEnum):
    """Notes that an allowed move carries for the person recording it."""

    MINOR_GUARDIAN = "minor_guardian"
    UNACCOMPANIED_MINOR_THREE_MONTHS = "unaccompanied_minor_three_months"
    GAP_IN_COVER = "gap_in_cover"


class DeadlineStatus(StrEnum):
    UPCOMING = "upcoming"
    ACT_NOW = "act_now"
    OVERDUE = "overdue"


STATE_LABELS: dict[State, str] = {
    State.REFERRED: _("Referred (intake)"),
    State.REFLECTION: _("Reflection period"),
    State.FIRST_RESIDENCE: _("First residence document"),
    State.SECOND_RESIDENCE: _("Second residence document"),
    State.PERMANENT: _("Permanent residence"),
    State.GUIDANCE_ONLY: _("Guidance without residence documents"),
    State.EXIT_CONDITION_BREACHED: _("Ended: a condition was breached"),
    State.EXIT_VOLUNTARY_RETURN: _("Ended: voluntary return"),
    State.EXIT_TRANSFERRED: _("Ended: transferred to another centre"),
    State.EXIT_LEFT: _("Ended: the person left or disappeared"),
    State.CLOSED: _("File closed"),
}

EVENT_LABELS: dict[Event, str] = {
    Event.START_REFLECTION: _("Start the reflection period"),
    Event.SKIP_REFLECTION: _("Skip the reflection period (statements made at once)"),
    Event.START_GUIDANCE: _("Start guidance without residence documents"),
    Event.ISSUE_FIRST_RESIDENCE: _("Issue the first residence document"),
    Event.EXTEND_FIRST_RESIDENCE: _("Extend the first residence document"),
    Event.ISSUE_SECOND_RESIDENCE: _("Issue the second residence document"),
    Event.RENEW_SECOND_RESIDENCE: _("Renew the second residence document"),
    Event.GRANT_PERMANENT: _("Grant permanent residence"),
    Event.BREACH_CONDITION: _("End: a condition was breached"),
    Event.RETURN_VOLUNTARILY: _("End: voluntary return"),
    Event.TRANSFER: _("End: transfer to another centre"),
    Event.LEAVE: _("End: the person left or disappeared"),
    Event.CLOSE: _("Close the file"),
    Event.REOPEN: _("Reopen the file"),
}

DOCUMENT_LABELS: dict[Document, str] = {
    Document.REFLECTION_DOCUMENT: _("Reflection period document"),
    Document.ATTESTATION_OF_IMMATRICULATION: _("Attestation of immatriculation"),
    Document.CERTIFICATE_OF_REGISTRATION: _("Certificate of registration (A card)"),
    Document.UNLIMITED_RESIDENCE: _("Unlimited residence"),
}


# --- The transition table -------------------------------------------------------------

ACTIVE_STATES: frozenset[State] = frozenset(
    {
        State.REFERRED,
        State.REFLECTION,
        State.FIRST_RESIDENCE,
        State.SECOND_RESIDENCE,
        State.GUIDANCE_ONLY,
    }
)
"""The procedure is under way: every exit is possible."""

EXIT_STATES: frozenset[State] = frozenset(
    {
        State.EXIT_CONDITION_BREACHED,
        State.EXIT_VOLUNTARY_RETURN,
        State.EXIT_TRANSFERRED,
        State.EXIT_LEFT,
        State.CLOSED,
    }
)
"""The procedure has ended (``closed`` and ``exit_left`` may be reopened)."""

# Ways out of an active state: a condition is breached (or fraud is found), the person
# returns or leaves, or the file is dropped with no other basis: Aliens Act art. 61/2
# §3, 61/3 §3, 61/4 §2 [verify]; Circular of 23 December 2016. A transfer hands the
# file over to another centre.
_EXITS: dict[Event, State] = {
    Event.BREACH_CONDITION: State.EXIT_CONDITION_BREACHED,
    Event.RETURN_VOLUNTARILY: State.EXIT_VOLUNTARY_RETURN,
    Event.TRANSFER: State.EXIT_TRANSFERRED,
    Event.LEAVE: State.EXIT_LEFT,
    Event.CLOSE: State.CLOSED,
}

ALLOWED: dict[State, dict[Event, State]] = {
    State.REFERRED: {
        Event.START_REFLECTION: State.REFLECTION,  # non-EU victims
        Event.SKIP_REFLECTION: State.FIRST_RESIDENCE,  # non-EU, statements at once
        Event.START_GUIDANCE: State.GUIDANCE_ONLY,  # Belgian and EU victims
        **_EXITS,
    },
    State.REFLECTION: {
        Event.ISSUE_FIRST_RESIDENCE: State.FIRST_RESIDENCE,
        **_EXITS,
    },
    State.FIRST_RESIDENCE: {
        Event.EXTEND_FIRST_RESIDENCE: State.FIRST_RESIDENCE,
        Event.ISSUE_SECOND_RESIDENCE: State.SECOND_RESIDENCE,
        **_EXITS,
    },
    State.SECOND_RESIDENCE: {
        Event.RENEW_SECOND_RESIDENCE: State.SECOND_RESIDENCE,
        Event.GRANT_PERMANENT: State.PERMANENT,
        **_EXITS,
    },
    State.GUIDANCE_ONLY: {
        **_EXITS,
    },
    State.PERMANENT: {
        Event.CLOSE: State.CLOSED,
    },
    State.EXIT_CONDITION_BREACHED: {},
    State.EXIT_VOLUNTARY_RETURN: {},
    State.EXIT_TRANSFERRED: {},
    State.EXIT_LEFT: {
        Event.REOPEN: State.REFERRED,
    },
    State.CLOSED: {
        Event.REOPEN: State.REFERRED,
    },
}
"""For each state, the events that may be recorded and the state each leads to."""

RESIDENCE_EVENTS: frozenset[Event] = frozenset(
    {
        Event.START_REFLECTION,
        Event.SKIP_REFLECTION,
        Event.ISSUE_FIRST_RESIDENCE,
        Event.EXTEND_FIRST_RESIDENCE,
        Event.ISSUE_SECOND_RESIDENCE,
        Event.RENEW_SECOND_RESIDENCE,
        Event.GRANT_PERMANENT,
    }
)
"""Steps that exist only for victims who are neither Belgian nor EU nationals.

Source: Aliens Act art. 61/2 §1 (foreign nationals outside the EU) [verify].
"""

EU_PATH_EVENTS: frozenset[Event] = frozenset({Event.START_GUIDANCE})
"""Steps of the path without residence documents, for Belgian and EU victims."""

DOCUMENT_OF_STATE: dict[State, Document] = {
    State.REFLECTION: Document.REFLECTION_DOCUMENT,
    State.FIRST_RESIDENCE: Document.ATTESTATION_OF_IMMATRICULATION,
    State.SECOND_RESIDENCE: Document.CERTIFICATE_OF_REGISTRATION,
    State.PERMANENT: Document.UNLIMITED_RESIDENCE,
}

ISSUES: dict[Event, Document] = {
    Event.START_REFLECTION: Document.REFLECTION_DOCUMENT,
    Event.SKIP_REFLECTION: Document.ATTESTATION_OF_IMMATRICULATION,
    Event.ISSUE_FIRST_RESIDENCE: Document.ATTESTATION_OF_IMMATRICULATION,
    Event.ISSUE_SECOND_RESIDENCE: Document.CERTIFICATE_OF_REGISTRATION,
    Event.GRANT_PERMANENT: Document.UNLIMITED_RESIDENCE,
}
"""Events that issue a new document, valid from the day of the decision."""

PROLONGS: dict[Event, Document] = {
    Event.EXTEND_FIRST_RESIDENCE: Document.ATTESTATION_OF_IMMATRICULATION,
    Event.RENEW_SECOND_RESIDENCE: Document.CERTIFICATE_OF_REGISTRATION,
}
"""Events that extend or renew the current document from its expiry date."""


# --- Durations: the law as data -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Duration:
    """How long a document is valid: days or months; neither means unlimited."""

    days: int = 0
    months: int = 0
    source: str = ""

    def __post_init__(self) -> None:
        if self.days < 0 or self.months < 0 or (self.days and self.months):
            raise ValueError("a duration is a number of days or of months, not both")

    @property
    def unlimited(self) -> bool:
        return not self.days and not self.months

    def ends_on(self, start: date) -> date | None:
        """The expiry date of a document valid from ``start``; None when unlimited.

        Both ends are included, so N days end on day N counting ``start`` as day 1:
        REFERENCE.md §3 gives the reflection document as "a document covering 45 days".
        N months end on the same day N months later (:func:`add_months`) [verify].
        """
        if self.days:
            return add_days(start, self.days - 1)
        if self.months:
            return add_months(start, self.months)
        return None

    def ends_after(self, previous_end: date) -> date | None:
        """The expiry date of a prolongation running from the day after ``previous_end``.

        It covers exactly the duration that follows the previous document: N days after
        ``previous_end``, or the same day N months later (31 July + 6 months: 31 January).
        """
        if self.days:
            return add_days(previous_end, self.days)
        if self.months:
            return add_months(previous_end, self.months)
        return None


@dataclass(frozen=True, slots=True)
class Prolongation:
    """How a document is extended or renewed, and how often (None: without limit)."""

    duration: Duration
    max_times: int | None


DURATIONS: dict[Document, Duration] = {
    Document.REFLECTION_DOCUMENT: Duration(
        days=45,
        source=f"{ALIENS_ACT}, art. 61/2 §2 [verify]; {CIRCULAR_2016} (annex 15 since 2017 [verify])",
    ),
    Document.ATTESTATION_OF_IMMATRICULATION: Duration(
        months=3,
        source=f"{ALIENS_ACT}, art. 61/3 §1 [verify]; {CIRCULAR_2016}",
    ),
    Document.CERTIFICATE_OF_REGISTRATION: Duration(
        months=6,
        source=f"{ALIENS_ACT}, art. 61/4 §1 [verify]; {CIRCULAR_2016}",
    ),
    Document.UNLIMITED_RESIDENCE: Duration(
        source=f"{ALIENS_ACT}, art. 61/5 [verify]",
    ),
}
"""Validity of each document when it is issued."""

PROLONGATIONS: dict[Document, Prolongation] = {
    # Extended once, when the prosecutor or labour auditor still handles the file and
    # the qualification is not yet settled.
    Document.ATTESTATION_OF_IMMATRICULATION: Prolongation(
        Duration(months=3, source=f"{ALIENS_ACT}, art. 61/3 [verify]; {CIRCULAR_2016}"),
        max_times=1,
    ),
    # Renewed until the judicial procedure ends.
    Document.CERTIFICATE_OF_REGISTRATION: Prolongation(
        Duration(months=6, source=f"{ALIENS_ACT}, art. 61/4 §1 [verify]; {CIRCULAR_2016}"),
        max_times=None,
    ),
}
"""How each document is extended or renewed."""

ACT_DAYS_BEFORE_EXPIRY: dict[Document, int] = {
    Document.REFLECTION_DOCUMENT: 15,
    Document.ATTESTATION_OF_IMMATRICULATION: 30,
    Document.CERTIFICATE_OF_REGISTRATION: 30,
}
"""Days before expiry by which the centre should act (Keten's practice, not law)."""


# --- Evidence and requirements --------------------------------------------------------

UNACCOMPANIED_MINOR_DURATIONS: dict[Document, Duration] = {
    Document.REFLECTION_DOCUMENT: Duration(
        months=3,
        source="Myria (REFERENCE §11): an unaccompanied foreign minor presumed a victim gets a "
        "3-month document at once; the 45 days become 3 months",
    ),
}
"""Documents whose validity differs for an unaccompanied foreign minor."""

CONDITION_EVIDENCE: dict[Condition, EvidenceKind] = {
    Condition.NO_CONTACT: EvidenceKind.NO_CONTACT_UNDERTAKING,
    Condition.GUIDANCE: EvidenceKind.GUIDANCE_AGREEMENT,
    Condition.COOPERATION: EvidenceKind.STATEMENTS,
}
"""Which recorded evidence shows that a condition is met."""


@dataclass(frozen=True, slots=True)
class EvidenceRecord:
    kind: EvidenceKind
    recorded_on: date


@dataclass(frozen=True, slots=True)
class MagistrateOpinion:
    opinion: Opinion
    given_on: date


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the file holds that a move may need; only facts dated by the move count."""

    records: tuple[EvidenceRecord, ...] = ()
    opinions: tuple[MagistrateOpinion, ...] = ()

    def has(self, kinds: Iterable[EvidenceKind], *, on: date) -> bool:
        """Whether evidence of one of ``kinds`` is recorded on or before ``on``."""
        wanted = frozenset(kinds)
        return any(r.kind in wanted and r.recorded_on <= on for r in self.records)

    def latest_opinion(self, *, on: date) -> MagistrateOpinion | None:
        """The magistrate's latest opinion given on or before ``on``.

        Of two opinions given on the same day, the one listed last wins.
        """
        latest: MagistrateOpinion | None = None
        for opinion in self.opinions:
            if opinion.given_on <= on and (latest is None or opinion.given_on >= latest.given_on):
                latest = opinion
        return latest


NO_EVIDENCE = Evidence()


@dataclass(frozen=True, slots=True)
class Requirement:
    """One thing a move needs, and what to say when it is missing."""

    code: str
    text: str
    evidence: frozenset[EvidenceKind] = frozenset()
    positive_opinion: bool = False
    condition: Condition | None = None


_COOPERATION = Requirement(
    "missing_statements",
    _(
        "No statements or complaint by the person are recorded on or before %(on)s "
        "(condition: cooperate with the judicial authorities)."
    ),
    evidence=frozenset({EvidenceKind.STATEMENTS}),
    condition=Condition.COOPERATION,
)
_GUIDANCE = Requirement(
    "missing_guidance_agreement",
    _(
        "No guidance agreement with a recognised centre is recorded on or before "
        "%(on)s (condition: accept guidance)."
    ),
    evidence=frozenset({EvidenceKind.GUIDANCE_AGREEMENT}),
    condition=Condition.GUIDANCE,
)
_NO_CONTACT = Requirement(
    "missing_no_contact_undertaking",
    _(
        "No undertaking to break off all contact with the suspected exploiters is "
        "recorded on or before %(on)s (condition: no contact)."
    ),
    evidence=frozenset({EvidenceKind.NO_CONTACT_UNDERTAKING}),
    condition=Condition.NO_CONTACT,
)
_POSITIVE_OPINION = Requirement(
    "missing_magistrate_opinion",
    _(
        "No opinion of the magistrate is recorded on or before %(on)s; this step "
        "needs the magistrate to consider the person a victim."
    ),
    positive_opinion=True,
)
_NEGATIVE_OPINION = _(
    "The magistrate's latest opinion, given on %(opinion_on)s, is negative; this step "
    "needs the magistrate to consider the person a victim."
)
_JUDICIAL_OUTCOME = Requirement(
    "missing_judicial_outcome",
    _(
        "Neither a conviction nor prosecutor's submissions retaining the trafficking or "
        "aggravated smuggling charge are recorded on or before %(on)s."
    ),
    evidence=frozenset({EvidenceKind.CONVICTION, EvidenceKind.TRAFFICKING_CHARGE_RETAINED}),
)

# The three conditions hold "for the whole procedure" (domain REFERENCE §3; Circular of
# 23 December 2016): every residence document needs evidence of all three.
_CONDITIONS = (_COOPERATION, _GUIDANCE, _NO_CONTACT)

REQUIREMENTS: dict[Event, tuple[Requirement, ...]] = {
    # The attestation of immatriculation follows statements or a complaint:
    # Aliens Act art. 61/3 §1 [verify]; Circular of 23 December 2016.
    Event.SKIP_REFLECTION: _CONDITIONS,
    Event.ISSUE_FIRST_RESIDENCE: _CONDITIONS,
    Event.EXTEND_FIRST_RESIDENCE: _CONDITIONS,
    # The certificate of registration: the magistrate still considers the person a
    # victim, the person cooperates, accepts guidance and has no contact with the
    # suspects: Aliens Act art. 61/4 §1 [verify]; Circular of 23 December 2016. That
    # the investigation goes on and that there is no danger to public order are the
    # magistrate's and the Immigration Office's assessments, not recorded here.
    Event.ISSUE_SECOND_RESIDENCE: (*_CONDITIONS, _POSITIVE_OPINION),
    Event.RENEW_SECOND_RESIDENCE: (*_CONDITIONS, _POSITIVE_OPINION),
    # Unlimited residence may be granted (a discretionary decision, "may") when the
    # statements led to a conviction or when the prosecutor's submissions retain the
    # trafficking or the aggravated-smuggling charge: Aliens Act art. 61/5 [verify the
    # number]; Myria, quoted by RTBF (REFERENCE §11).
    Event.GRANT_PERMANENT: (_JUDICIAL_OUTCOME,),
}
"""What each move needs beyond being allowed from the current state."""


# --- Snapshots and decisions ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Reason:
    """An explanation with a stable code (for tests and the API) and its message."""

    code: str
    message: Message


@dataclass(frozen=True, slots=True)
class ProcedureSnapshot:
    """Where a procedure stands: enough to decide the next move.

    ``since`` is the day of the last recorded move. ``starts_on`` and ``ends_on`` are
    the validity of the current document (``ends_on`` is its expiry date, None when
    unlimited). ``prolongations`` counts the extensions or renewals of that document.
    """

    state: State
    since: date | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    prolongations: int = 0

    def __post_init__(self) -> None:
        if self.starts_on is not None and self.ends_on is not None and self.ends_on <= self.starts_on:
            raise ValueError("a document ends after it starts")
        if self.prolongations < 0:
            raise ValueError("prolongations cannot be negative")

    @classmethod
    def referred(cls, on: date) -> ProcedureSnapshot:
        """A new procedure, referred on ``on``."""
        return cls(state=State.REFERRED, since=on)

    @property
    def document(self) -> Document | None:
        """The kind of document the person holds in this state, if any."""
        return DOCUMENT_OF_STATE.get(self.state)


@dataclass(frozen=True, slots=True)
class MoveDecision:
    """May this event be recorded now? The new snapshot, or the reasons why not."""

    event: Event
    before: ProcedureSnapshot
    after: ProcedureSnapshot | None
    reasons: tuple[Reason, ...] = ()
    notes: tuple[Reason, ...] = ()

    @property
    def allowed(self) -> bool:
        return self.after is not None

    @property
    def target(self) -> State | None:
        return self.after.state if self.after is not None else None

    @property
    def document(self) -> Document | None:
        """The document issued, extended or renewed by this move, if any."""
        if self.after is None or self.event not in ISSUES.keys() | PROLONGS.keys():
            return None
        return self.after.document

    @property
    def starts_on(self) -> date | None:
        """First day of the new document (or of its extension or renewal)."""
        if self.after is None or self.document is None:
            return None
        return self.after.starts_on

    @property
    def ends_on(self) -> date | None:
        """Expiry date of the new document; None when refused, none or unlimited."""
        if self.after is None or self.document is None:
            return None
        return self.after.ends_on

    @property
    def reason(self) -> Reason | None:
        """The first reason for a refusal (all of them are in ``reasons``)."""
        return self.reasons[0] if self.reasons else None

    @property
    def flags(self) -> frozenset[Flag]:
        return frozenset(Flag(note.code) for note in self.notes)


_WAY_OUT_ONLY_UNDER_WAY = _("This way out is only possible while the procedure is under way.")
_NOT_HERE: dict[Event, str] = {
    Event.START_REFLECTION: _("The reflection period can only start right after the referral."),
    Event.SKIP_REFLECTION: _("The reflection period can only be skipped right after the referral."),
    Event.START_GUIDANCE: _("Guidance without residence documents can only start right after the referral."),
    Event.ISSUE_FIRST_RESIDENCE: _(
        "The first residence document follows the reflection period; right after the "
        "referral, skip the reflection period instead."
    ),
    Event.EXTEND_FIRST_RESIDENCE: _("Only a current first residence document can be extended."),
    Event.ISSUE_SECOND_RESIDENCE: _(
        "The second residence document can only follow the first residence document."
    ),
    Event.RENEW_SECOND_RESIDENCE: _("Only a current second residence document can be renewed."),
    Event.GRANT_PERMANENT: _("Permanent residence can only follow the second residence document."),
    Event.BREACH_CONDITION: _WAY_OUT_ONLY_UNDER_WAY,
    Event.RETURN_VOLUNTARILY: _WAY_OUT_ONLY_UNDER_WAY,
    Event.TRANSFER: _WAY_OUT_ONLY_UNDER_WAY,
    Event.LEAVE: _WAY_OUT_ONLY_UNDER_WAY,
    Event.CLOSE: _(
        "The file can only be closed while the procedure is under way or after permanent residence."
    ),
    Event.REOPEN: _("Only a closed file, or that of a person who left, can be reopened."),
}
_ENDED = _("The procedure has ended; nothing more can be recorded in this file.")
_ENDED_REOPENABLE = _("The procedure has ended; the file can only be reopened.")
_RESIDENCE_NOT_FOR_EU = _(
    "Residence documents only concern victims who are neither Belgian nor EU "
    "nationals; Belgian and EU victims follow guidance and the judicial path without "
    "them."
)
_GUIDANCE_ONLY_FOR_EU = _(
    "Guidance without residence documents is the path for Belgian and EU victims; for "
    "other victims, start the reflection period or record their statements."
)
_DATE_BEFORE_LAST_MOVE = _("The date %(on)s is before the last recorded step, of %(since)s.")
_DATE_IN_FUTURE = _(
    "The date of the decision, %(on)s, is after today. Record a step once it has been decided."
)
_PROLONGATION_LIMIT = _(
    "This document has already been extended the maximum number of times (%(max_times)s)."
)
_NOTE_MINOR_GUARDIAN = _(
    "The person is a minor: make sure the guardianship service has appointed a guardian."
)
_NOTE_UNACCOMPANIED_MINOR = _(
    "The person is an unaccompanied foreign minor: the document covers 3 months at once instead of 45 days."
)
_NOTE_GAP = _(
    "The previous document expired on %(expired_on)s: the person had no valid document until %(on)s."
)


def _require_date(value: date) -> None:
    # datetime is a subclass of date; refuse it rather than compare an instant with a
    # calendar day.
    if isinstance(value, datetime):
        raise TypeError("use a calendar date, not a datetime")


def _reason(code: str, text: str, **params: ParamValue) -> Reason:
    return Reason(code, Message(text, params))


def _refused(current: ProcedureSnapshot, event: Event, *reasons: Reason) -> MoveDecision:
    return MoveDecision(event=event, before=current, after=None, reasons=reasons)


def _unmet(requirement: Requirement, evidence: Evidence, on: date) -> Reason | None:
    if requirement.evidence and not evidence.has(requirement.evidence, on=on):
        return _reason(requirement.code, requirement.text, on=on.isoformat())
    if requirement.positive_opinion:
        latest = evidence.latest_opinion(on=on)
        if latest is None:
            return _reason(requirement.code, requirement.text, on=on.isoformat())
        if latest.opinion is not Opinion.POSITIVE:
            return _reason(
                "negative_magistrate_opinion",
                _NEGATIVE_OPINION,
                on=on.isoformat(),
                opinion_on=latest.given_on.isoformat(),
            )
    return None


def check_move(
    current: ProcedureSnapshot,
    event: Event,
    *,
    on: date,
    nationality_eu_or_be: bool,
    evidence: Evidence = NO_EVIDENCE,
    minor: bool = False,
    unaccompanied_minor: bool = False,
    today: date | None = None,
) -> MoveDecision:
    """Decide whether ``event`` may be recorded on ``on``, and what follows from it.

    Checks, in order: the transition table (:data:`ALLOWED`); that ``on`` is not after
    ``today`` (when given: the day the step is recorded) nor before the last recorded
    move; the path (residence documents only for victims who are
    neither Belgian nor EU nationals, guidance without them only for Belgian and EU
    victims); the number of extensions (:data:`PROLONGATIONS`); what the move needs
    (:data:`REQUIREMENTS`), every unmet need being reported, for minors as for adults.
    An allowed move returns the new snapshot with the document's start and expiry date
    (:data:`DURATIONS`; :data:`UNACCOMPANIED_MINOR_DURATIONS` for an unaccompanied
    foreign minor).
    """
    _require_date(on)
    event = Event(event)
    moves = ALLOWED[current.state]
    target = moves.get(event)
    if target is None:
        state_label = Message(STATE_LABELS[current.state])
        if not moves:
            return _refused(current, event, _reason("procedure_ended", _ENDED, state=state_label))
        if set(moves) == {Event.REOPEN}:
            return _refused(
                current,
                event,
                _reason("procedure_ended", _ENDED_REOPENABLE, state=state_label),
            )
        return _refused(
            current,
            event,
            _reason("not_allowed_here", _NOT_HERE[event], state=state_label),
        )

    if today is not None and on > today:
        _require_date(today)
        return _refused(
            current,
            event,
            _reason("date_in_future", _DATE_IN_FUTURE, on=on.isoformat()),
        )

    if current.since is not None and on < current.since:
        return _refused(
            current,
            event,
            _reason(
                "date_before_last_move",
                _DATE_BEFORE_LAST_MOVE,
                on=on.isoformat(),
                since=current.since.isoformat(),
            ),
        )

    if nationality_eu_or_be and event in RESIDENCE_EVENTS:
        return _refused(current, event, _reason("residence_not_for_eu", _RESIDENCE_NOT_FOR_EU))
    if not nationality_eu_or_be and event in EU_PATH_EVENTS:
        return _refused(current, event, _reason("guidance_only_for_eu", _GUIDANCE_ONLY_FOR_EU))

    reasons: list[Reason] = []
    prolonged = PROLONGS.get(event)
    if prolonged is not None:
        limit = PROLONGATIONS[prolonged].max_times
        if limit is not None and current.prolongations >= limit:
            reasons.append(_reason("prolongation_limit_reached", _PROLONGATION_LIMIT, max_times=limit))

    for requirement in REQUIREMENTS.get(event, ()):
        unmet = _unmet(requirement, evidence, on)
        if unmet is not None:
            reasons.append(unmet)
    if reasons:
        return _refused(current, event, *reasons)

    notes: list[Reason] = []
    starts_on: date | None = None
    ends_on: date | None = None
    prolongations = 0
    issued = ISSUES.get(event)
    unaccompanied = minor and unaccompanied_minor
    if issued is not None:
        duration = DURATIONS[issued]
        if unaccompanied and issued in UNACCOMPANIED_MINOR_DURATIONS:
            duration = UNACCOMPANIED_MINOR_DURATIONS[issued]
            notes.append(_reason(Flag.UNACCOMPANIED_MINOR_THREE_MONTHS, _NOTE_UNACCOMPANIED_MINOR))
        starts_on, ends_on = on, duration.ends_on(on)
    elif prolonged is not None:
        previous_end = current.ends_on
        duration = PROLONGATIONS[prolonged].duration
        if previous_end is not None and on <= add_days(previous_end, 1):
            # No day of overlap: the previous document is valid up to and including
            # previous_end (see "Decisions taken here").
            starts_on = add_days(previous_end, 1)
            ends_on = duration.ends_after(previous_end)
        else:
            starts_on = on
            ends_on = duration.ends_on(on)
            if previous_end is not None:
                notes.append(
                    _reason(
                        Flag.GAP_IN_COVER,
                        _NOTE_GAP,
                        expired_on=previous_end.isoformat(),
                        on=on.isoformat(),
                    )
                )
        prolongations = current.prolongations + 1

    if minor and (target in ACTIVE_STATES or target is State.PERMANENT):
        notes.append(_reason(Flag.MINOR_GUARDIAN, _NOTE_MINOR_GUARDIAN))

    after = ProcedureSnapshot(
        state=target,
        since=on,
        starts_on=starts_on,
        ends_on=ends_on,
        prolongations=prolongations,
    )
    return MoveDecision(event=event, before=current, after=after, notes=tuple(notes))


def allowed_events(
    current: ProcedureSnapshot,
    *,
    on: date,
    nationality_eu_or_be: bool,
    evidence: Evidence = NO_EVIDENCE,
    minor: bool = False,
    unaccompanied_minor: bool = False,
    include_all: bool = False,
) -> tuple[MoveDecision, ...]:
    """The possible next steps, each allowed or refused with its reasons.

    For the "next action" buttons. By default only the events that the transition
    table offers from the current state are listed, in the order of :class:`Event`;
    ``include_all`` lists every event.
    """
    offered = ALLOWED[current.state]
    return tuple(
        check_move(
            current,
            event,
            on=on,
            nationality_eu_or_be=nationality_eu_or_be,
            evidence=evidence,
            minor=minor,
            unaccompanied_minor=unaccompanied_minor,
        )
        for event in Event
        if include_all or event in offered
    )


# --- Deadlines ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Deadline:
    """When the current document expires and by when the centre should act."""

    document: Document
    expires_on: date
    act_by: date
    action: Event
    status: DeadlineStatus
    days_left: int
    message: Message


_DEADLINE_MESSAGES: dict[Event, str] = {
    Event.ISSUE_FIRST_RESIDENCE: _(
        "The reflection period ends on %(expires_on)s. By %(act_by)s, ask whether the "
        "person will make statements, so that the first residence document can follow."
    ),
    Event.EXTEND_FIRST_RESIDENCE: _(
        "The first residence document expires on %(expires_on)s. By %(act_by)s, "
        "request its extension or the second residence document."
    ),
    Event.ISSUE_SECOND_RESIDENCE: _(
        "The first residence document, already extended, expires on %(expires_on)s. "
        "By %(act_by)s, request the second residence document."
    ),
    Event.RENEW_SECOND_RESIDENCE: _(
        "The second residence document expires on %(expires_on)s. By %(act_by)s, request its renewal."
    ),
}
_OVERDUE = _("The current document (%(document)s) expired on %(expires_on)s and no next step is recorded.")


def _next_action(snapshot: ProcedureSnapshot) -> Event | None:
    if snapshot.state is State.REFLECTION:
        return Event.ISSUE_FIRST_RESIDENCE
    if snapshot.state is State.FIRST_RESIDENCE:
        limit = PROLONGATIONS[Document.ATTESTATION_OF_IMMATRICULATION].max_times
        if limit is not None and snapshot.prolongations >= limit:
            return Event.ISSUE_SECOND_RESIDENCE
        return Event.EXTEND_FIRST_RESIDENCE
    if snapshot.state is State.SECOND_RESIDENCE:
        return Event.RENEW_SECOND_RESIDENCE
    return None


def next_deadline(snapshot: ProcedureSnapshot, today: date) -> Deadline | None:
    """The expiry of the current document and the day to act by.

    The day to act by is :data:`ACT_DAYS_BEFORE_EXPIRY` days before expiry. A document
    is valid up to and including its expiry date, so it is overdue from the next day.
    None when there is no document with an expiry date (referral, guidance only,
    permanent residence, an ended procedure).
    """
    _require_date(today)
    document = snapshot.document
    action = _next_action(snapshot)
    if document is None or action is None or snapshot.ends_on is None:
        return None
    expires_on = snapshot.ends_on
    act_by = add_days(expires_on, -ACT_DAYS_BEFORE_EXPIRY[document])
    params: dict[str, ParamValue] = {
        "document": Message(DOCUMENT_LABELS[document]),
        "expires_on": expires_on.isoformat(),
        "act_by": act_by.isoformat(),
    }
    if today > expires_on:
        status = DeadlineStatus.OVERDUE
        message = Message(_OVERDUE, params)
    else:
        status = DeadlineStatus.ACT_NOW if today >= act_by else DeadlineStatus.UPCOMING
        message = Message(_DEADLINE_MESSAGES[action], params)
    return Deadline(
        document=document,
        expires_on=expires_on,
        act_by=act_by,
        action=action,
        status=status,
        days_left=(expires_on - today).days,
        message=message,
    )


# --- Cover ----------------------------------------------------------------------------


def gaps_in_cover(periods: Iterable[tuple[date, date | None]]) -> tuple[tuple[date, date], ...]:
    """The days without a valid document between the given validity periods.

    Each period is (first day, last day), both included; a last day of None means
    unlimited. Returns (first day without a document, last day without one) for each
    gap between the first period and the last, in order. Overlapping and adjacent
    periods leave no gap: a card valid until 28 February 2025 renewed from 10 March
    leaves the gap 1 to 9 March (see :attr:`Flag.GAP_IN_COVER`).
    """
    gaps: list[tuple[date, date]] = []
    covered_until: date | None = None
    started = False
    for start, end in sorted(periods, key=lambda period: period[0]):
        _require_date(start)
        if started and covered_until is not None and start > add_days(covered_until, 1):
            gaps.append((add_days(covered_until, 1), add_days(start, -1)))
        if not started:
            covered_until, started = end, True
        elif covered_until is not None:
            covered_until = None if end is None else max(covered_until, end)
        if covered_until is None:
            break
    return tuple(gaps)
