"""Every answer of the JSON API is JSON, errors included.

Most errors come from django-ninja as JSON already; some are answered before or around it as an
HTML page: an address that matches no endpoint (404), a refused CSRF token (403), a method the
endpoint does not take (405), a server error (500), or a session that needs a login again (a
redirect to the login page). This middleware turns each of those into ``{"detail": "..."}`` with
the same status, in the person's language.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

API_PREFIX = "/api/"
LOGIN_PATH = "/accounts/login/"  # after the language prefix
KEPT_HEADERS = ("Allow", "Retry-After", "Cache-Control")


def _detail(status: int) -> str:
    messages = {
        400: _("This request is not valid."),
        401: _("Please log in first."),
        403: _("This request was refused."),
        404: _("There is nothing here, or you may not see it."),
        405: _("This method is not allowed here."),
        413: _("This request is too large."),
        429: _("Too many requests. Please wait a moment and try again."),
    }
    if status in messages:
        return messages[status]
    if status >= 500:
        return _("Something went wrong on our side. Please try again later.")
    return _("This request could not be answered.")


def _is_json(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").split(";")[0].strip() == "application/json"


class ApiJsonErrorsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path_info.startswith(API_PREFIX):
            return response
        status = response.status_code
        location = str(response.get("Location", "")).split("?")[0]
        if 300 <= status < 400 and location.endswith(LOGIN_PATH):
            status = 401  # the session ended or lacks the second factor: no HTML login page here
        elif status < 400 or _is_json(response):
            return response
        answer = JsonResponse({"detail": _detail(status)}, status=status)
        for header in KEPT_HEADERS:
            if header in response:
                answer[header] = response[header]
        return answer
