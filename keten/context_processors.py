from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url


def keten(request: HttpRequest) -> dict[str, Any]:
    """What every page needs: the quick-exit target and the same page in the other languages."""
    path = request.get_full_path()
    alternates = [
        {"code": code, "name": name, "url": translate_url(path, code)} for code, name in settings.LANGUAGES
    ]
    return {
        "quick_exit_url": settings.QUICK_EXIT_URL,
        "language_alternates": alternates,
        "site_url": settings.SITE_URL,
    }
