"""What a suggestion is: a kind, a code, a label to translate, a score, a reason and its spans."""

from __future__ import annotations

from dataclasses import dataclass, field

from keten.core.i18n import Message, _

IDENTIFIER = "identifier"
INDICATOR = "indicator"
FORM = "form"
KINDS: tuple[str, ...] = (IDENTIFIER, INDICATOR, FORM)
KIND_LABELS: dict[str, str] = {
    IDENTIFIER: _("Details that identify someone or something"),
    INDICATOR: _("Possible signs"),
    FORM: _("Possible forms of exploitation"),
}


@dataclass(frozen=True, order=True)
class Span:
    """Characters ``start`` to ``end`` (exclusive) of the text."""

    start: int
    end: int

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class Suggestion:
    """One thing Keten suggests a person looks at; never a decision.

    ``kind`` is identifier, indicator or form. ``code`` is, for an identifier, its type (phone,
    email, iban, ...); for an indicator, its id in ``keten.core.indicators``; for a form, the
    purpose code of ``keten.core.law`` (sexual, labour, begging, forced_crime, organ_removal).
    ``value`` is the identifier as written in a standard form (empty for the other kinds).
    ``spans`` are the words in the text that triggered it.
    """

    kind: str
    code: str
    label: str
    score: float
    reason: Message
    spans: tuple[Span, ...]
    value: str = ""
    triggers: tuple[str, ...] = field(default=())
