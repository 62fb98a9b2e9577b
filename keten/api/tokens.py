"""Making, revoking and checking personal API tokens.

A token is ``ket_`` and 43 characters of ``secrets.token_urlsafe(32)`` (256 random bits). The
database keeps its SHA-256 only: with that much entropy a plain, unsalted hash cannot be turned
back into the token, and looking it up by hash needs no per-row salt. The hash found is compared
again with :func:`hmac.compare_digest` (constant time).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from keten.accounts.models import Membership, User
from keten.api.models import ApiToken
from keten.audit.log import log_action

TOKEN_PREFIX = "ket_"  # noqa: S105 (a marker, not a secret)
PREFIX_SHOWN = 8


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # shown once, never stored


def create_token(*, user: User, membership: Membership, name: str, expires_on: date | None) -> NewToken:
    """A new token for one of the person's own active memberships; audited (no secret in the trail)."""
    if membership.user_id != user.pk or membership not in user.active_membership_list():
        raise ValueError("a token is made for one of the person's own active memberships")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            membership=membership,
            name=name,
            prefix=secret[: len(TOKEN_PREFIX) + PREFIX_SHOWN],
            token_hash=hash_token(secret),
            expires_on=expires_on,
        )
        log_action(
            "api_token.created",
            actor=user,
            organisation=membership.organisation,
            obj=token,
            data={"membership": membership.pk, "expires_on": expires_on.isoformat() if expires_on else None},
        )
    return NewToken(token, secret)


def revoke_token(*, user: User, token: ApiToken) -> ApiToken:
    """The owner ends a token now; audited. Revoking twice changes nothing."""
    if token.user_id != user.pk:
        raise ValueError("only the owner revokes a token")
    with transaction.atomic():
        locked = (
            ApiToken.objects.select_for_update().select_related("membership__organisation").get(pk=token.pk)
        )
        if locked.revoked_at is None:
            locked.revoked_at = timezone.now()
            locked.save(update_fields=["revoked_at"])
            log_action(
                "api_token.revoked", actor=user, organisation=locked.membership.organisation, obj=locked
            )
    return locked


def _refuse(why: str, token: ApiToken | None) -> None:
    """Audit a token that was sent but opens nothing (never the token itself)."""
    log_action(
        "api_token.refused",
        actor=token.user if token else None,
        organisation=token.membership.organisation if token else None,
        obj=token,
        object_type="" if token else "api.apitoken",
        data={"why": why},
    )


def authenticate(secret: str) -> tuple[User, Membership] | None:
    """The person and membership a token acts as, or None (and audited) when it opens nothing."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 128:
        _refuse("malformed", None)
        return None
    digest = hash_token(secret)
    token = (
        ApiToken.objects.select_related("user", "membership", "membership__organisation")
        .filter(token_hash=digest)
        .first()
    )
    if token is None or not hmac.compare_digest(token.token_hash, digest):
        _refuse("unknown", None)
        return None
    today = timezone.localdate()
    if token.revoked_at is not None:
        _refuse("revoked", token)
        return None
    if token.expires_on is not None and token.expires_on < today:
        _refuse("expired", token)
        return None
    user = token.user
    active = {m.pk: m for m in user.active_membership_list()} if user.is_active else {}
    membership = active.get(token.membership_id)
    if membership is None:
        _refuse("membership_inactive", token)
        return None
    if token.last_used_on != today:
        ApiToken.objects.filter(pk=token.pk).update(last_used_on=today)
    return user, membership
