"""The JSON shapes of the referrals API (documentation and output; the pages' forms check input)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from ninja import Schema
from pydantic import ConfigDict, Field
from pydantic_core import PydanticUndefined

from keten.knowledge.reference import CHAIN_PHASES
from keten.referrals.models import LegalBasis, Outcome, SourceKind
from keten.referrals.permissions import RECEIVING_KINDS, SCOPES_BY_SOURCE, Scope
from keten.screening.schemas import inline_json_schema


def one_of(values: Collection[str], default: Any = PydanticUndefined) -> Any:
    """A text field documented (not checked: the forms check) as one of ``values``."""
    enum: list[Any] = list(values)
    return Field(default, json_schema_extra={"enum": enum})


def list_of(values: Collection[str]) -> Any:
    return Field(json_schema_extra={"items": {"type": "string", "enum": list(values)}})


_ALL_SCOPES = [scope.value for scope in Scope]
_CASE_SCOPES = [scope.value for scope in SCOPES_BY_SOURCE["case"]]
_PHASES = [phase.id for phase in CHAIN_PHASES]


class ReferralOut(Schema):
    id: int
    source_kind: str
    source_id: int | None
    from_organisation: str
    to_organisation: str
    purpose: str
    scopes: list[str]
    status: str
    expires_on: date | None
    created_on: date | None
    decline_reason: str | None
    legal_basis: str | None
    legal_basis_label: str | None
    status_label: str
    scope_labels: list[str]


class ReferralPage(Schema):
    count: int
    page: int
    pages: int
    next: str | None
    previous: str | None
    results: list[ReferralOut]


class ScopedReferralOut(Schema):
    referral: ReferralOut
    parts: dict[str, dict[str, Any]]


class ErrorsOut(Schema):
    errors: dict[str, list[str]]


class ReferralIn(Schema):
    """A new referral. Without ``expires_on`` access ends after 90 days; ``documents`` only with
    the ``documents`` scope; ``legal_basis`` only for a centre manager or a magistrate."""

    model_config = ConfigDict(extra="forbid")

    source_kind: str = one_of(SourceKind.values)
    source_id: int
    to_organisation: int
    purpose: str
    scopes: list[str] = list_of(_ALL_SCOPES)
    documents: list[int] = []
    expires_on: date | None = None
    legal_basis: str = one_of([v for v in LegalBasis.values if v != LegalBasis.HOTLINE_MANDATE], "")
    reporter_contact_shared: bool = False


class AnswerIn(Schema):
    model_config = ConfigDict(extra="forbid")

    accept: bool
    reason: str = ""


class PhaseIn(Schema):
    model_config = ConfigDict(extra="forbid")

    phase: str = one_of(_PHASES)
    started_on: date
    ended_on: date | None = None
    outcome: str = one_of(Outcome.values, Outcome.ONGOING.value)


class PhaseOut(Schema):
    id: int
    phase: str
    phase_label: str
    started_on: date
    ended_on: date | None
    outcome: str
    outcome_label: str
    organisation: str


class ConsentIn(Schema):
    """What the person agreed to share, with every organisation of a kind or with one organisation."""

    model_config = ConfigDict(extra="forbid")

    scopes: list[str] = list_of(_CASE_SCOPES)
    recipient_kind: str = one_of(["", *RECEIVING_KINDS], "")
    recipient: int | None = None
    given_on: date


class ConsentOut(Schema):
    id: int
    scopes: list[str]
    recipient_kind: str | None
    recipient: int | None
    recipient_name: str | None
    given_on: date
    withdrawn_on: date | None


def json_body(model: type[Schema]) -> dict[str, Any]:
    """Documents a JSON request body that the endpoint reads itself (ninja does not parse it)."""
    schema = {"content": {"application/json": {"schema": inline_json_schema(model)}}}
    return {"requestBody": {"required": True, **schema}}
