"""Django's database session store, keeping only a keyed hash of each session key.

The browser holds the session key; the ``django_session`` table holds ``HMAC(SECRET_KEY, key)``.
A copy of the database (a stolen backup, a leaked file) therefore holds no key that logs anyone
in: turning a stored value back into a cookie needs the secret key, which lives outside the
database (``KETEN_SECRET_KEY`` or ``var/secret-key``). Everything else is Django's own
``django.contrib.sessions.backends.db`` (expiry, ``clearsessions``, key cycling at login).
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.sessions.backends import db
from django.core.exceptions import SuspiciousOperation
from django.utils import timezone
from django.utils.crypto import salted_hmac

# Django's session table keeps 40 characters: 160 bits of HMAC-SHA256, far beyond guessing.
STORED_KEY_LENGTH = 40


def stored_session_key(session_key: str) -> str:
    """What the table holds for the session key a browser sends."""
    return salted_hmac("keten.accounts.sessions", session_key, algorithm="sha256").hexdigest()[
        :STORED_KEY_LENGTH
    ]


class SessionStore(db.SessionStore):
    """Looks sessions up, saves and deletes them by the keyed hash of their key."""

    def _get_session_from_db(self) -> Any:
        try:
            return self.model.objects.get(
                session_key=stored_session_key(self.session_key or ""), expire_date__gt=timezone.now()
            )
        except (self.model.DoesNotExist, SuspiciousOperation) as error:
            if isinstance(error, SuspiciousOperation):
                logging.getLogger(f"django.security.{error.__class__.__name__}").warning(str(error))
            self._session_key = None
            return None

    async def _aget_session_from_db(self) -> Any:
        try:
            return await self.model.objects.aget(
                session_key=stored_session_key(self.session_key or ""), expire_date__gt=timezone.now()
            )
        except (self.model.DoesNotExist, SuspiciousOperation) as error:
            if isinstance(error, SuspiciousOperation):
                logging.getLogger(f"django.security.{error.__class__.__name__}").warning(str(error))
            self._session_key = None
            return None

    def exists(self, session_key: str) -> bool:
        return bool(self.model.objects.filter(session_key=stored_session_key(session_key)).exists())

    async def aexists(self, session_key: str) -> bool:
        return bool(await self.model.objects.filter(session_key=stored_session_key(session_key)).aexists())

    def create_model_instance(self, data: dict[str, Any]) -> Any:
        return self.model(
            session_key=stored_session_key(self._get_or_create_session_key()),  # type: ignore[attr-defined]
            session_data=self.encode(data),
            expire_date=self.get_expiry_date(),
        )

    async def acreate_model_instance(self, data: dict[str, Any]) -> Any:
        return self.model(
            session_key=stored_session_key(await self._aget_or_create_session_key()),  # type: ignore[attr-defined]
            session_data=self.encode(data),
            expire_date=await self.aget_expiry_date(),
        )

    def delete(self, session_key: str | None = None) -> None:
        session_key = session_key or self.session_key
        if session_key is not None:
            self.model.objects.filter(session_key=stored_session_key(session_key)).delete()

    async def adelete(self, session_key: str | None = None) -> None:
        session_key = session_key or self.session_key
        if session_key is not None:
            await self.model.objects.filter(session_key=stored_session_key(session_key)).adelete()
