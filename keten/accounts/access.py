"""Who is asking, for which organisation, and may they: the preconditions of every view."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse

from keten.accounts import policy
from keten.accounts.models import Membership, User

SESSION_MEMBERSHIP_KEY = "keten_membership"
# Set by the API's token authentication (keten.api.auth): the one membership a token acts as.
API_MEMBERSHIP_ATTRIBUTE = "keten_api_membership"

P = ParamSpec("P")
R = TypeVar("R", bound=HttpResponse)


def is_verified(user: Any) -> bool:
    """Logged in with both factors (django-otp adds ``is_verified`` to the request's user)."""
    return bool(user.is_authenticated and getattr(user, "is_verified", lambda: False)())


def request_user(request: HttpRequest) -> User:
    """The logged-in person behind a request that a decorator has already let through."""
    user = request.user
    if not isinstance(user, User):
        raise Http404
    return user


def current_membership(request: HttpRequest) -> Membership | None:
    """The membership the person is acting under now: the one chosen, else their first.

    A request made with an API token acts as the token's membership, and no other."""
    if not isinstance(request.user, User):
        return None
    pinned = getattr(request, API_MEMBERSHIP_ATTRIBUTE, None)
    if pinned is not None:
        return pinned if isinstance(pinned, Membership) else None
    memberships = request.user.active_membership_list()
    chosen = request.session.get(SESSION_MEMBERSHIP_KEY)
    found = [membership for membership in memberships if membership.pk == chosen] or memberships
    return found[0] if found else None


def professional_required(view: Callable[..., R]) -> Callable[..., HttpResponse]:
    """The person is logged in with both factors; anyone else is sent to the login page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_verified(request.user):
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def role_required(*roles: str) -> Callable[[Callable[..., R]], Callable[..., HttpResponse]]:
    """The current membership has one of ``roles``; otherwise the page does not exist (404).

    A forbidden page answers like a missing one so that nobody learns what exists.
    """

    def decorator(view: Callable[..., R]) -> Callable[..., HttpResponse]:
        @professional_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            membership = current_membership(request)
            if membership is None or membership.role not in roles:
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def administrator_required(view: Callable[..., R]) -> Callable[..., HttpResponse]:
    """An installation administrator or an organisation administrator (``policy.is_any_administrator``).

    The view must still narrow what it shows and changes with ``keten.accounts.policy``.
    """

    @professional_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not policy.is_any_administrator(request_user(request)):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def power_required(power: policy.Power) -> Callable[[Callable[..., R]], Callable[..., HttpResponse]]:
    """The person holds this installation-level power (``policy.may``); otherwise 404."""

    def decorator(view: Callable[..., R]) -> Callable[..., HttpResponse]:
        @professional_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not policy.may(request_user(request), power, current_membership(request)):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
