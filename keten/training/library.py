"""The library of practice cases: one JSON file per case in ``cases/``, checked against a schema.

A case is data, not code: a story in four languages, the facts the story gives (in the screening
engine's input contract, see :mod:`keten.core.screening`), tags saying what it covers, and the
answer the engine is expected to give, element by element (see :mod:`keten.training.feedback`).
The schema is a pydantic model (pydantic comes with django-ninja). Loading fails loudly on a case
that does not fit, so a broken file never reaches a trainee.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from keten.core import law
from keten.core.screening import FactsError, parse_facts

CASES_DIR = Path(__file__).resolve().parent / "cases"
LANGUAGES: tuple[str, ...] = ("nl", "fr", "en", "de")

Trap = Literal[
    "consent",
    "no_border",
    "smuggling_only",
    "smuggling_to_trafficking",
    "relative",
    "independent_sex_work",
    "one_sign",
]
TRAPS: tuple[str, ...] = Trap.__args__  # type: ignore[attr-defined]
NationalityGroup = Literal["belgian", "eu", "non_eu", "unknown"]
Purpose = Literal[
    "sexual",
    "labour",
    "begging",
    "organ_removal",
    "forced_crime",
    "forced_marriage",
    "illegal_adoption",
    "surrogacy",
]


class CaseError(ValueError):
    """A case file that does not follow the schema; the message names the file and the field."""


class Localised(BaseModel):
    """One text in each of the four languages; none may be empty."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    nl: str = Field(min_length=1)
    fr: str = Field(min_length=1)
    en: str = Field(min_length=1)
    de: str = Field(min_length=1)

    def get(self, language: str | None) -> str:
        code = (language or "en").split("-")[0]
        return str(getattr(self, code)) if code in LANGUAGES else self.en


class Expected(BaseModel):
    """What the engine must answer for the case's facts, one key per feedback element."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    qualification: Literal["trafficking", "smuggling", "trafficking_and_smuggling", "insufficient"]
    act: Literal["met", "not_met", "unknown"]
    purpose: list[Purpose]
    aggravation: list[str]
    consent: bool | None
    border: dict[str, Literal["met", "not_met", "unknown"]]
    urgency: Literal["emergency", "urgent", "normal"]
    contacts: list[str]


class Case(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=64)
    title: Localised
    story: Localised
    lesson: Localised
    forms: list[Purpose]
    minor: bool
    nationality: NationalityGroup
    traps: list[Trap] = []
    demo: bool = False
    facts: dict[str, Any]
    expected: Expected

    @field_validator("facts")
    @classmethod
    def _facts_follow_the_contract(cls, facts: dict[str, Any]) -> dict[str, Any]:
        try:
            parse_facts(facts)
        except FactsError as error:
            raise ValueError(f"facts.{error.field}: {error.message.render()}") from error
        return facts

    @model_validator(mode="after")
    def _tags_match_the_facts(self) -> Case:
        # The tags feed the coverage test: they must say what the facts say.
        parsed = parse_facts(self.facts)
        if self.minor != parsed.is_minor:
            raise ValueError("minor must be true exactly when the facts give an age under 18")
        if self.nationality != _nationality_group(parsed.nationality):
            raise ValueError(
                f"nationality must be {_nationality_group(parsed.nationality)!r} for these facts"
            )
        return self

    def title_in(self, language: str | None) -> str:
        return self.title.get(language)

    def story_in(self, language: str | None) -> str:
        return self.story.get(language)

    def lesson_in(self, language: str | None) -> str:
        return self.lesson.get(language)


def _nationality_group(code: str | None) -> str:
    if code is None:
        return "unknown"
    if code == "BE":
        return "belgian"
    return "eu" if code in law.EU_MEMBER_STATES else "non_eu"


def load_case(path: Path) -> Case:
    """One case file, checked; ``CaseError`` names the file and what is wrong."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        case = Case.model_validate(data)
    except (json.JSONDecodeError, ValidationError) as error:
        raise CaseError(f"{path.name}: {error}") from error
    if case.id != path.stem:
        raise CaseError(f"{path.name}: the id {case.id!r} must be the file name without .json")
    return case


def load_library(directory: Path = CASES_DIR) -> tuple[Case, ...]:
    """Every case, in file-name order (the files are numbered in the order a trainee meets them)."""
    return tuple(load_case(path) for path in sorted(directory.glob("*.json")))


@cache
def library() -> tuple[Case, ...]:
    return load_library()


@cache
def cases_by_id() -> dict[str, Case]:
    return {case.id: case for case in library()}


def get_case(case_id: str) -> Case | None:
    return cases_by_id().get(case_id)


def demo_cases() -> tuple[Case, ...]:
    return tuple(case for case in library() if case.demo)
