"""Login preconditions that hold for every page, as a second line behind the view decorators."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import resolve
from django.urls.exceptions import Resolver404

from keten.accounts.access import is_verified
from keten.accounts.models import request_memberships

# URL names an account that has not yet given its second factor may still reach.
OPEN_BEFORE_SECOND_FACTOR = {
    "accounts:login",
    "accounts:logout",
    "accounts:two_factor",
    "accounts:enrol",
}


class MembershipCacheMiddleware:
    """Looks a person's memberships up once per request (``User.active_membership_list``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = request_memberships.set({})
        try:
            return self.get_response(request)
        finally:
            request_memberships.reset(token)


class RequireSecondFactorMiddleware:
    """An account that logged in with a password only is sent back to the second-factor step.

    ``login()`` is only called after the second factor, so this guards against a session
    that was authenticated by some other path (the admin, a future back-end, a bug).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and not is_verified(request.user):
            try:
                name = resolve(request.path_info).view_name
            except Resolver404:
                name = ""
            if name not in OPEN_BEFORE_SECOND_FACTOR and not request.path_info.startswith(
                settings.STATIC_URL
            ):
                logout(request)
                return redirect("accounts:login")
        return self.get_response(request)


class IdleTimeoutMiddleware:
    """Ends a professional's session after a period without any request.

    The time last seen is stored to the minute (a tenth of the idle period if that is shorter):
    rewriting the session on every request would cost a database write per page.
    """

    SESSION_KEY = "keten_last_seen"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(self.SESSION_KEY, now)
            if now - last_seen > settings.SESSION_IDLE_SECONDS:
                logout(request)
                response = redirect("accounts:login")
                response["Cache-Control"] = "no-store"
                return response
            if now - last_seen >= min(60, settings.SESSION_IDLE_SECONDS // 10) or self.SESSION_KEY not in (
                request.session
            ):
                request.session[self.SESSION_KEY] = now
        return self.get_response(request)
