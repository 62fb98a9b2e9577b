"""Dates that the procedure allows but that make no sense: refused before anything is stored.

``keten.core.procedure`` decides which step may follow which. A few dates pass those rules and
still cannot be right, such as a second residence document "renewed" the day after it was
issued. The checks here come from the durations in ``keten.core.procedure`` (``DURATIONS``,
``PROLONGATIONS``; Aliens Act art. 61/2 to 61/5 and the Circular of 23 December 2016 as cited
there). They are Keten's plausibility rules, not law: a centre that meets a real case outside
them should tell us, and the window below is one edit.
"""

from __future__ import annotations

from datetime import date

from keten.core import procedure
from keten.core.dates import add_days
from keten.core.i18n import Message, _

PROLONGATION_WINDOW_DAYS: dict[procedure.Document, int] = {
    # Extended in the last two months of its three (Keten's practice: the request is due
    # ACT_DAYS_BEFORE_EXPIRY = 30 days before expiry, the decision follows).
    procedure.Document.ATTESTATION_OF_IMMATRICULATION: 60,
    # Renewed in the last two months of its six, for the same reason.
    procedure.Document.CERTIFICATE_OF_REGISTRATION: 60,
}
"""How many days before its expiry a document can be extended or renewed at the earliest."""

_TOO_EARLY = _(
    "The date %(on)s is too early for this step (%(step)s): the current document runs from "
    "%(starts_on)s until %(ends_on)s and is extended or renewed near its end, from %(earliest)s "
    "at the earliest. Check the date of the decision."
)


def earliest_prolongation(snapshot: procedure.ProcedureSnapshot) -> date | None:
    """The first day on which the current document can plausibly be extended or renewed."""
    document = snapshot.document
    if document is None or snapshot.ends_on is None or document not in PROLONGATION_WINDOW_DAYS:
        return None
    earliest = add_days(snapshot.ends_on, -PROLONGATION_WINDOW_DAYS[document])
    if snapshot.starts_on is not None and earliest <= snapshot.starts_on:
        return add_days(snapshot.starts_on, 1)
    return earliest


def implausible(
    snapshot: procedure.ProcedureSnapshot, event: procedure.Event, *, on: date
) -> list[procedure.Reason]:
    """Why recording ``event`` on ``on`` makes no sense, or nothing."""
    if event not in procedure.PROLONGS:
        return []
    earliest = earliest_prolongation(snapshot)
    if earliest is None or on >= earliest:
        return []
    assert snapshot.starts_on is not None and snapshot.ends_on is not None  # noqa: S101
    return [
        procedure.Reason(
            "prolongation_too_early",
            Message(
                _TOO_EARLY,
                {
                    "step": Message(procedure.EVENT_LABELS[event]),
                    "on": on.isoformat(),
                    "starts_on": snapshot.starts_on.isoformat(),
                    "ends_on": snapshot.ends_on.isoformat(),
                    "earliest": earliest.isoformat(),
                },
            ),
        )
    ]


def with_plausibility(decision: procedure.MoveDecision, *, on: date) -> procedure.MoveDecision:
    """The decision, refused as well when its date makes no sense (every reason is kept)."""
    extra = implausible(decision.before, decision.event, on=on)
    if not extra:
        return decision
    return procedure.MoveDecision(
        event=decision.event,
        before=decision.before,
        after=None,
        reasons=(*decision.reasons, *extra),
    )
