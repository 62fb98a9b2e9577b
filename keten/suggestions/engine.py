"""Suggestions for one text: identifiers, likely indicators and likely forms of exploitation.

``suggest(text)`` returns what a person may want to look at, each with the words that triggered it.
It decides nothing: the person reading chooses what to record. Nothing leaves the server; the text
is neither stored nor logged here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from keten.core import indicators as catalogue
from keten.core.i18n import Message, _
from keten.core.law import PURPOSE_LABELS
from keten.suggestions import lexicon
from keten.suggestions.identifiers import find_identifiers
from keten.suggestions.matching import Rule, TokenIndex, compile_rule, match_rule
from keten.suggestions.model import FORM, INDICATOR, Span, Suggestion
from keten.suggestions.text import Token, guess_language, tokenize

FORMS: tuple[str, ...] = ("sexual", "labour", "begging", "forced_crime", "organ_removal")
MAX_TEXT_LENGTH = 20000

REASON_WORDS = _("Found the words: %(words)s")
REASON_FORM_WORDS = _("Found words that name this form: %(words)s")
REASON_FORM_FROM_SIGN = _("Follows from the sign: %(sign)s")
REASON_FORM_CONTEXT = _("Found words about a sector (%(words)s) together with a sign of exploitation")

_STRENGTH_SCORE = {catalogue.STRONG: 0.9, catalogue.MEDIUM: 0.8, catalogue.WEAK: 0.7}


@dataclass(frozen=True)
class Result:
    """What ``suggest`` found: the language it read the text in, and the suggestions, by kind."""

    text: str
    language: str
    identifiers: tuple[Suggestion, ...]
    indicators: tuple[Suggestion, ...]
    forms: tuple[Suggestion, ...]

    @property
    def suggestions(self) -> tuple[Suggestion, ...]:
        return self.identifiers + self.indicators + self.forms

    def segments(self) -> list[tuple[str, bool]]:
        """The text cut into (piece, highlighted) pieces: highlighted where a suggestion was triggered."""
        spans = sorted({span for item in self.suggestions for span in item.spans})
        merged: list[Span] = []
        for span in spans:
            if merged and span.start <= merged[-1].end:
                merged[-1] = Span(merged[-1].start, max(merged[-1].end, span.end))
            else:
                merged.append(span)
        pieces: list[tuple[str, bool]] = []
        position = 0
        for span in merged:
            if span.start > position:
                pieces.append((self.text[position : span.start], False))
            pieces.append((self.text[span.start : span.end], True))
            position = span.end
        if position < len(self.text):
            pieces.append((self.text[position:], False))
        return pieces


def _spans(tokens: list[Token], runs: Iterable[tuple[int, int]]) -> tuple[Span, ...]:
    return tuple(sorted({Span(tokens[start].start, tokens[end - 1].end) for start, end in runs}))


def _words(text: str, spans: Iterable[Span]) -> str:
    seen: list[str] = []
    for span in spans:
        word = text[span.start : span.end]
        if word.lower() not in (item.lower() for item in seen):
            seen.append(word)
    return ", ".join(f"“{word}”" for word in seen)


@dataclass(frozen=True)
class _Text:
    """A text read once: its tokens, where each word occurs, and each sentence's run of tokens."""

    text: str
    language: str
    tokens: list[Token]
    index: TokenIndex
    sentences: dict[int, tuple[int, int]]


def _candidate_sentences(rule: Rule, read: _Text) -> set[int]:
    """Sentences where every group's first words occur at least once (the only ones worth matching)."""
    candidates: set[int] | None = None
    for group in rule:
        here = {
            read.tokens[position].sentence for phrase in group for position in read.index.positions(phrase[0])
        }
        candidates = here if candidates is None else candidates & here
        if not candidates:
            return set()
    return candidates or set()


def _find(
    rules: dict[str, dict[str, tuple[str, ...]]],
    read: _Text,
    *,
    negation_exempt: frozenset[str] = frozenset(),
) -> dict[str, tuple[Span, ...]]:
    """For each code whose rules match somewhere, the spans of every matching word."""
    found: dict[str, set[Span]] = defaultdict(set)
    negations = lexicon.NEGATIONS[read.language]
    for code, by_language in rules.items():
        for raw in by_language.get(read.language, ()):
            rule = compile_rule(raw, read.language)
            for sentence in sorted(_candidate_sentences(rule, read)):
                first, last = read.sentences[sentence]
                match = match_rule(
                    rule, read.index, first, last, None if code in negation_exempt else negations
                )
                if match is not None:
                    found[code].update(_spans(read.tokens, match.runs))
    return {code: tuple(sorted(spans)) for code, spans in found.items()}


def _forms_of(indicator_id: str) -> tuple[str, ...]:
    """The forms a sign points to by itself.

    The ILO's forced-labour signs (threats, deception, ...) are listed for labour but occur in
    every form: on their own they point to none.
    """
    sign = catalogue.get(indicator_id)
    return () if sign.group == catalogue.FORCED_LABOUR else sign.forms


def _sentence_token_ranges(tokens: list[Token]) -> dict[int, tuple[int, int]]:
    """Sentence number -> (first, last + 1) token positions."""
    ranges: dict[int, tuple[int, int]] = {}
    for position, token in enumerate(tokens):
        first, _last = ranges.get(token.sentence, (position, position))
        ranges[token.sentence] = (first, position + 1)
    return ranges


def suggest(text: str, *, language: str | None = None) -> Result:
    """Suggestions for ``text``; ``language`` is a hint, the text's own words decide."""
    text = text[:MAX_TEXT_LENGTH]
    read_as = guess_language(text, language)
    tokens = tokenize(text, read_as)
    read = _Text(text, read_as, tokens, TokenIndex(tokens), _sentence_token_ranges(tokens))

    indicator_spans = _find(lexicon.INDICATOR_RULES, read, negation_exempt=lexicon.NEGATION_IN_RULE)
    indicators = []
    for code, spans in sorted(
        indicator_spans.items(), key=lambda pair: catalogue.CATALOGUE.index(catalogue.get(pair[0]))
    ):
        sign = catalogue.get(code)
        indicators.append(
            Suggestion(
                kind=INDICATOR,
                code=code,
                label=sign.label,
                score=_STRENGTH_SCORE[sign.strength],
                reason=Message(REASON_WORDS, {"words": _words(text, spans)}),
                spans=spans,
                triggers=tuple(text[span.start : span.end] for span in spans),
            )
        )

    form_spans: dict[str, list[Span]] = defaultdict(list)
    form_reasons: dict[str, Message] = {}
    form_scores: dict[str, float] = {}
    for code, spans in _find(lexicon.FORM_RULES, read).items():
        form_spans[code].extend(spans)
        form_reasons[code] = Message(REASON_FORM_WORDS, {"words": _words(text, spans)})
        form_scores[code] = 0.85
    for item in indicators:
        for form in _forms_of(item.code):
            if form not in form_reasons:
                form_reasons[form] = Message(REASON_FORM_FROM_SIGN, {"sign": Message(item.label)})
                form_scores[form] = 0.75
            form_spans[form].extend(item.spans)
    if indicators:
        for code, spans in _find(lexicon.FORM_CONTEXT_RULES, read).items():
            if code not in form_reasons:
                form_reasons[code] = Message(REASON_FORM_CONTEXT, {"words": _words(text, spans)})
                form_scores[code] = 0.6
            form_spans[code].extend(spans)
    forms = [
        Suggestion(
            kind=FORM,
            code=code,
            label=PURPOSE_LABELS[code],
            score=form_scores[code],
            reason=form_reasons[code],
            spans=tuple(sorted(set(form_spans[code]))),
            triggers=tuple(text[span.start : span.end] for span in sorted(set(form_spans[code]))),
        )
        for code in FORMS
        if code in form_reasons
    ]
    return Result(
        text=text,
        language=read_as,
        identifiers=tuple(find_identifiers(text)),
        indicators=tuple(indicators),
        forms=tuple(forms),
    )
