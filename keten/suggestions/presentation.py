"""What the templates show: a text cut into highlighted pieces and its suggestions, translated."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext

from keten.suggestions.engine import Result, suggest
from keten.suggestions.model import KIND_LABELS, KINDS, Suggestion


@dataclass(frozen=True)
class ShownSuggestion:
    code: str
    label: str
    value: str
    reason: str
    score: float


@dataclass(frozen=True)
class ShownGroup:
    kind: str
    label: str
    items: tuple[ShownSuggestion, ...]


@dataclass(frozen=True)
class ShownText:
    """One text (a report's field, a message, a note) with its suggestions, ready for the partial."""

    heading: str
    segments: tuple[tuple[str, bool], ...]
    groups: tuple[ShownGroup, ...]


def _shown(item: Suggestion) -> ShownSuggestion:
    return ShownSuggestion(
        code=item.code,
        label=gettext(item.label),
        value=item.value,
        reason=item.reason.render(gettext),
        score=item.score,
    )


def show(result: Result, heading: str) -> ShownText:
    groups = []
    for kind in KINDS:
        items = tuple(_shown(item) for item in result.suggestions if item.kind == kind)
        if items:
            groups.append(ShownGroup(kind, gettext(KIND_LABELS[kind]), items))
    return ShownText(heading=heading, segments=tuple(result.segments()), groups=tuple(groups))


def suggestions_for(texts: list[tuple[str, str]], *, language: str | None = None) -> list[ShownText]:
    """``texts`` are (heading, text) pairs; empty texts are left out."""
    return [
        show(suggest(text, language=language), heading) for heading, text in texts if text and text.strip()
    ]
