from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.http import HttpRequest

DEMO_CACHE_KEY = "cases:demo-present"
DEMO_CACHE_SECONDS = 60


def demo_present() -> bool:
    """Whether demo cases exist; cached for a minute so that pages cost no query."""
    present = cache.get(DEMO_CACHE_KEY)
    if present is None:
        from keten.cases.models import Case

        present = Case.objects.filter(demo=True).exists()
        cache.set(DEMO_CACHE_KEY, present, DEMO_CACHE_SECONDS)
    return bool(present)


def demo_banner(request: HttpRequest) -> dict[str, Any]:
    """``demo_banner`` for base.html: true while fictitious demo cases are in the database."""
    return {"demo_banner": demo_present()}
