"""django-axes, as Keten runs it: lockout per account, and nothing about the browser kept.

Axes records the client's user agent and Accept header with every failed login (and, unless
switched off, every login). Together with the time they can single a person's device out, and
Keten needs neither: the lockout counts failures per account (``AXES_LOCKOUT_PARAMETERS``).
"""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from django.http import HttpRequest


def _forget_browser(request: HttpRequest | None) -> None:
    if request is not None:
        request.axes_user_agent = ""  # type: ignore[attr-defined]
        request.axes_http_accept = ""  # type: ignore[attr-defined]


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler with the browser's description blanked before anything is stored."""

    def user_login_failed(
        self, sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
    ) -> Any:
        _forget_browser(request)
        return super().user_login_failed(sender, credentials, request, **kwargs)

    def user_logged_in(self, sender: Any, request: Any, user: Any, **kwargs: Any) -> Any:
        _forget_browser(request)
        return super().user_logged_in(sender, request, user, **kwargs)

    def user_logged_out(self, sender: Any, request: Any, user: Any, **kwargs: Any) -> Any:
        _forget_browser(request)
        return super().user_logged_out(sender, request, user, **kwargs)
