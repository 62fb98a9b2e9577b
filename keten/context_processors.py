from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse, translate_url
from django.utils.translation import get_language

LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)

# The reporter's session cookie (keten.intake.reporter_session.COOKIE_NAME): while it is there, the
# quick exit also ends that session.
REPORTER_COOKIE = "keten_report"


def other_language_url(path: str, code: str) -> str:
    """``path`` in the language ``code``. Keten's paths are the same in every language but for their
    first segment (``i18n_patterns``, no translated segments: tests/web/test_language_urls.py), so
    swapping that segment is what ``translate_url`` would do, without resolving and reversing the
    path once per language on every page. Anything else goes through ``translate_url``."""
    current = get_language()
    prefix = f"/{current}/"
    if current in LANGUAGE_CODES and path.startswith(prefix):
        return f"/{code}/{path[len(prefix) :]}"
    return translate_url(path, code)


def keten(request: HttpRequest) -> dict[str, Any]:
    """What every page needs: the quick-exit target and the same page in the other languages."""
    path = request.get_full_path()
    alternates = [
        {"code": code, "name": name, "url": other_language_url(path, code)}
        for code, name in settings.LANGUAGES
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
