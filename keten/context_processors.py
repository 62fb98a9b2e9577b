from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse, translate_url

# The reporter's session cookie (keten.intake.reporter_session.COOKIE_NAME): while it is there, the
# quick exit also ends that session.
REPORTER_COOKIE = "keten_report"


def keten(request: HttpRequest) -> dict[str, Any]:
    """What every page needs: the quick-exit target and the same page in the other languages."""
    path = request.get_full_path()
    alternates = [
        {"code": code, "name": name, "url": translate_url(path, code)} for code, name in settings.LANGUAGES
    ]
    end_session = reverse("intake:quick_exit") if REPORTER_COOKIE in request.COOKIES else ""
    return {
        "quick_exit_url": settings.QUICK_EXIT_URL,
        # Without JavaScript the link itself passes by the server to end the reporter's session.
        "quick_exit_link": end_session or settings.QUICK_EXIT_URL,
        "end_session_url": end_session,
        "language_alternates": alternates,
        "site_url": settings.SITE_URL,
    }
