"""The reporter's short session after a correct receipt code: a signed cookie, nothing on the server.

The cookie holds the report's id and the time of the last request, signed with the site's secret
key; never the receipt code. It is a browser-session cookie (closing the browser ends it) and it
is refused after ``conf.reporter_idle_seconds()`` without a request. Each request renews it.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

from keten.intake import conf

COOKIE_NAME = "keten_report"
_SALT = "keten.intake.reporter-session.v1"


def open_reporter_session(response: HttpResponse, report_id: int) -> None:
    value = signing.dumps({"r": report_id}, salt=_SALT, compress=False)
    response.set_cookie(
        COOKIE_NAME,
        value,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )


def reporter_report_id(request: HttpRequest) -> int | None:
    """The report this browser opened with a code within the idle limit, or None."""
    value = request.COOKIES.get(COOKIE_NAME)
    if not value:
        return None
    try:
        data = signing.loads(value, salt=_SALT, max_age=conf.reporter_idle_seconds())
    except signing.BadSignature:
        return None
    report_id = data.get("r") if isinstance(data, dict) else None
    return report_id if isinstance(report_id, int) else None


def end_reporter_session(response: HttpResponse) -> None:
    response.delete_cookie(COOKIE_NAME, samesite="Strict")
