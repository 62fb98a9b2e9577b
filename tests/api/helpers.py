"""Tokens for the API tests: one per person, acting for their (first) membership."""

from __future__ import annotations

from typing import Any

from keten.accounts.models import Membership, Organisation, User
from keten.api import tokens


def token_for(user: User, organisation: Organisation | None = None) -> str:
    memberships = Membership.objects.filter(user=user)
    if organisation is not None:
        memberships = memberships.filter(organisation=organisation)
    membership = memberships.first()
    assert membership is not None
    return tokens.create_token(user=user, membership=membership, name="test", expires_on=None).secret


def bearer(secret: str, **extra: Any) -> dict[str, Any]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}", **extra}
