"""Precision and recall of the suggestions on the labelled sentences in ``eval/sentences.jsonl``.

Each line is one sentence: ``id``, ``language``, ``split`` (``tuning``: the lexicons were adjusted
while looking at these; ``held_out``: never looked at while adjusting), ``text``, and what a person
would expect Keten to suggest: ``identifiers`` (kind and character span), ``indicators`` (catalogue
ids) and ``forms`` (purpose codes). A suggested identifier counts as right when its kind and span
are exactly those labelled; an indicator or a form when the sentence is labelled with that code.
The language is not given to ``suggest``: it guesses it, as it does in use.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from keten.suggestions.engine import suggest
from keten.suggestions.model import FORM, IDENTIFIER, INDICATOR, KINDS

EVALUATION_SET = Path(__file__).parent / "eval" / "sentences.jsonl"
SPLITS: tuple[str, ...] = ("tuning", "held_out")

# The bar the evaluation must clear (issue 19): identifiers are facts that end up in a file, so
# suggesting a wrong one costs more than a wrong sign, which a person weighs anyway.
MIN_PRECISION: dict[str, float] = {IDENTIFIER: 0.9, INDICATOR: 0.75}


@dataclass(frozen=True)
class Example:
    id: str
    language: str
    split: str
    text: str
    identifiers: frozenset[tuple[str, int, int]]
    indicators: frozenset[str]
    forms: frozenset[str]


@dataclass
class Count:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0

    def add(self, expected: Iterable[object], found: Iterable[object]) -> None:
        expected_set, found_set = set(expected), set(found)
        self.true_positives += len(expected_set & found_set)
        self.false_positives += len(found_set - expected_set)
        self.false_negatives += len(expected_set - found_set)


@dataclass(frozen=True)
class Mistake:
    example: str
    kind: str
    missed: tuple[str, ...]
    wrong: tuple[str, ...]


@dataclass
class Report:
    """Counts by (split, language, kind); ``"all"`` stands for every split or language."""

    counts: dict[tuple[str, str, str], Count] = field(default_factory=dict)
    sentences: dict[tuple[str, str], int] = field(default_factory=dict)
    mistakes: list[Mistake] = field(default_factory=list)

    def count(self, split: str, language: str, kind: str) -> Count:
        return self.counts.setdefault((split, language, kind), Count())


def load(path: Path = EVALUATION_SET) -> list[Example]:
    examples = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            row = json.loads(line)
            examples.append(
                Example(
                    id=row["id"],
                    language=row["language"],
                    split=row["split"],
                    text=row["text"],
                    identifiers=frozenset(
                        (item["kind"], item["start"], item["end"]) for item in row["identifiers"]
                    ),
                    indicators=frozenset(row["indicators"]),
                    forms=frozenset(row["forms"]),
                )
            )
    return examples


def _found(example: Example) -> dict[str, set[object]]:
    result = suggest(example.text)
    return {
        IDENTIFIER: {(item.code, item.spans[0].start, item.spans[0].end) for item in result.identifiers},
        INDICATOR: {item.code for item in result.indicators},
        FORM: {item.code for item in result.forms},
    }


def _expected(example: Example) -> dict[str, set[object]]:
    return {
        IDENTIFIER: set(example.identifiers),
        INDICATOR: set(example.indicators),
        FORM: set(example.forms),
    }


def _by_identifier_type(
    expected: set[object], found: set[object]
) -> dict[str, tuple[set[object], set[object]]]:
    """Expected and found identifiers per type, under the name ``identifier:<type>``."""
    pairs: dict[str, tuple[set[object], set[object]]] = {}
    for index, items in enumerate((expected, found)):
        for item in items:
            kind = item[0] if isinstance(item, tuple) else ""
            pairs.setdefault(f"{IDENTIFIER}:{kind}", (set(), set()))[index].add(item)
    return pairs


def evaluate(examples: Iterable[Example]) -> Report:
    report = Report()
    for example in examples:
        expected, found = _expected(example), _found(example)
        for split in (example.split, "all"):
            for language in (example.language, "all"):
                key = (split, language)
                report.sentences[key] = report.sentences.get(key, 0) + 1
                for kind in KINDS:
                    report.count(split, language, kind).add(expected[kind], found[kind])
                for name, (wanted, got) in _by_identifier_type(
                    expected[IDENTIFIER], found[IDENTIFIER]
                ).items():
                    report.count(split, language, name).add(wanted, got)
        for kind in KINDS:
            if expected[kind] != found[kind]:
                report.mistakes.append(
                    Mistake(
                        example.id,
                        kind,
                        tuple(sorted(str(item) for item in expected[kind] - found[kind])),
                        tuple(sorted(str(item) for item in found[kind] - expected[kind])),
                    )
                )
    return report


def table(
    report: Report, *, split: str = "all", by_language: bool = True
) -> list[tuple[str, str, int, int, int, float, float]]:
    """Rows of (kind, language, true positives, false positives, missed, precision, recall)."""
    languages = ("all", "nl", "fr", "en", "de") if by_language else ("all",)
    kinds = sorted(
        {kind for (s, _, kind) in report.counts if s == split},
        key=lambda k: (k.split(":")[0] not in KINDS, KINDS.index(k.split(":")[0]), k),
    )
    rows = []
    for kind in kinds:
        for language in languages:
            count = report.counts.get((split, language, kind))
            if count is None:
                continue
            rows.append(
                (
                    kind,
                    language,
                    count.true_positives,
                    count.false_positives,
                    count.false_negatives,
                    count.precision,
                    count.recall,
                )
            )
    return rows
