"""What a benchmark scenario module gets and gives.

A scenario module in tests/bench/ (``*_scenarios.py``) exposes
``endpoints(bench: Bench) -> list[Endpoint]``. It runs with Django set up against the
benchmark database before the server starts: create the data you need, then name the
requests to measure. ``bench.session_cookie(user)`` logs a person in with both factors and
``bench.csrf`` gives a CSRF cookie and field for form posts.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Endpoint:
    name: str
    path: str
    method: str = "GET"
    body: str = ""
    content_type: str = "application/x-www-form-urlencoded"
    headers: dict[str, str] = field(default_factory=dict)
    # A Lua snippet for wrk's request(), for requests that must differ each time.
    lua_request: str = ""
    # Checked once before measuring, so a redirect or an error is never timed as a page.
    expect_status: int = 200
    # Concurrent connections for this endpoint; None: BENCH_CONNECTIONS.
    connections: int | None = None


@dataclass
class Bench:
    scale: int
    csrf_token: str = field(default_factory=lambda: secrets.token_hex(16))

    @property
    def csrf(self) -> dict[str, str]:
        """A cookie header and form field that pass Django's CSRF check (the 32-char secret form)."""
        return {"cookie": f"csrftoken={self.csrf_token}", "field": f"csrfmiddlewaretoken={self.csrf_token}"}

    def session_cookie(self, user: Any) -> str:
        from django.conf import settings
        from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
        from django_otp import DEVICE_ID_SESSION_KEY

        from keten.accounts.devices import EncryptedTOTPDevice as TOTPDevice
        from keten.accounts.sessions import SessionStore

        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
            user=user, name="Authenticator", confirmed=True
        )
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session["keten_last_seen"] = 2**40  # far future: the idle timeout never triggers here
        session.create()
        return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
