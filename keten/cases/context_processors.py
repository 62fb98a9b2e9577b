from __future__ import annotations

from typing import Any

from django.http import HttpRequest

#: Where one request keeps the answer, so the banner and the statistics filters agree and ask once.
_REQUEST_ATTRIBUTE = "_keten_demo_present"


def demo_present(request: HttpRequest | None = None) -> bool:
    """Whether demo cases exist, asked of the database: the one source of truth that every server
    process shares (a per-process cache let some processes serve real figures as the demo view for
    a minute after demo data was loaded). One indexed ``EXISTS`` on the partial index ``case_demo``,
    kept in the shared cache until the next write to the case files (``header_cache``, which every
    process sees at once) and remembered for the rest of the request."""
    if request is not None and hasattr(request, _REQUEST_ATTRIBUTE):
        return bool(getattr(request, _REQUEST_ATTRIBUTE))
    from keten.accounts.access import current_membership, is_verified
    from keten.accounts.header_cache import remembered
    from keten.accounts.navigation import header_answers
    from keten.cases.models import Case

    if request is not None and is_verified(request.user):
        # A professional page also shows the header's places: one cache read answers both.
        return header_answers(request, current_membership(request)).demo_present

    # A visitor who is not logged in reads the shared answer but never stores one: the public
    # pages write nothing at all (tests/training/test_demo.py).
    user = getattr(request, "user", None)
    store = request is None or bool(user is not None and user.is_authenticated)
    present = remembered("demo", Case.objects.filter(demo=True).exists, store=store)
    if request is not None:
        setattr(request, _REQUEST_ATTRIBUTE, present)
    return present


def demo_banner(request: HttpRequest) -> dict[str, Any]:
    """``demo_banner`` for base.html: true while fictitious demo cases are in the database."""
    return {"demo_banner": demo_present(request)}
