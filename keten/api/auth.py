"""Who calls the API: a personal token (``Authorization: Bearer ket_...``) or the browser's session.

A token acts as the one membership it was made for: :func:`keten.accounts.access.current_membership`
returns that membership for the request, so every access function of the pages decides the
same way for the API. A session needs both factors, and ninja checks its CSRF token on writes; a
token request carries no cookie to forge, so it needs none.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from keten.accounts.access import API_MEMBERSHIP_ATTRIBUTE, is_verified
from keten.api import tokens


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = tokens.authenticate(token)
        if found is None:
            return None
        user, membership = found
        request.user = user
        setattr(request, API_MEMBERSHIP_ATTRIBUTE, membership)
        return user


class VerifiedSession(SessionAuth):
    """A logged-in session whose person passed the second factor (CSRF checked on writes)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return user if user is not None and is_verified(request.user) else None


#: Every endpoint that needs a person: a token first, else the session.
API_AUTH = [BearerToken(), VerifiedSession()]
