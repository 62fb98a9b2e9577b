"""Matching the rules of ``lexicon`` against the tokens of a text (see its docstring for the syntax)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from keten.suggestions.text import Token, fold, stem

# How many words before the first matched word a negation still counts ("nobody took her passport").
NEGATION_REACH = 5


@dataclass(frozen=True)
class _Word:
    text: str
    stem: str
    prefix: bool
    suffix: bool

    def matches(self, token: Token) -> bool:
        if self.prefix and self.suffix:
            return self.text in token.folded
        if self.prefix:
            return token.folded.startswith(self.text)
        if self.suffix:
            return token.folded.endswith(self.text)
        return token.folded == self.text or token.stem == self.stem


Phrase = tuple[_Word, ...]
Group = tuple[Phrase, ...]
Rule = tuple[Group, ...]


def _word(raw: str, language: str) -> _Word:
    suffix = raw.startswith("*")
    prefix = raw.endswith("*")
    text = fold(raw.strip("*"))
    return _Word(text, stem(text, language), prefix, suffix)


@lru_cache(maxsize=2048)
def compile_rule(rule: str, language: str) -> Rule:
    """``"a b|c + d"`` -> groups of phrases of words."""
    return tuple(
        tuple(
            tuple(_word(word, language) for word in alternative.split())
            for alternative in group.split("|")
            if alternative.strip()
        )
        for group in rule.split(" + ")
    )


@dataclass(frozen=True)
class Match:
    """The token positions that matched, per group (each a run of consecutive tokens)."""

    runs: tuple[tuple[int, int], ...]

    @property
    def positions(self) -> frozenset[int]:
        return frozenset(index for start, end in self.runs for index in range(start, end))


class TokenIndex:
    """Where each lexicon word occurs in the tokens, computed once per word and text."""

    def __init__(self, tokens: Sequence[Token]) -> None:
        self.tokens = tokens
        self._by_folded: dict[str, list[int]] = {}
        self._by_stem: dict[str, list[int]] = {}
        for index, token in enumerate(tokens):
            self._by_folded.setdefault(token.folded, []).append(index)
            self._by_stem.setdefault(token.stem, []).append(index)
        self._cache: dict[_Word, frozenset[int]] = {}

    def positions(self, word: _Word) -> frozenset[int]:
        found = self._cache.get(word)
        if found is None:
            if word.prefix or word.suffix:
                found = frozenset(index for index, token in enumerate(self.tokens) if word.matches(token))
            else:
                found = frozenset(self._by_folded.get(word.text, ())) | frozenset(
                    self._by_stem.get(word.stem, ())
                )
            self._cache[word] = found
        return found


def _phrase_runs(phrase: Phrase, index: TokenIndex, first: int, last: int) -> list[tuple[int, int]]:
    later = [index.positions(word) for word in phrase[1:]]
    runs = []
    for start in sorted(index.positions(phrase[0])):
        if first <= start and start + len(phrase) <= last:
            if all(start + offset + 1 in positions for offset, positions in enumerate(later)):
                runs.append((start, start + len(phrase)))
    return runs


def match_rule(
    rule: Rule, index: TokenIndex, first: int, last: int, negations: frozenset[str] | None
) -> Match | None:
    """Where the rule matches tokens[first:last] (one sentence), or None.

    Each group takes every run of its alternatives in the sentence; each group must have one. With
    ``negations``, a negation word (not part of the match) between a few words before the first
    matched word and the last one cancels the match.
    """
    runs: list[tuple[int, int]] = []
    for group in rule:
        group_runs = [run for phrase in group for run in _phrase_runs(phrase, index, first, last)]
        if not group_runs:
            return None
        runs.extend(group_runs)
    match = Match(tuple(sorted(set(runs))))
    if negations:
        positions = match.positions
        start = max(first, min(positions) - NEGATION_REACH)
        for position in range(start, max(positions) + 1):
            if position not in positions and index.tokens[position].folded in negations:
                return None
    return match
