"""Project-wide views: error pages in the visitor's language, health and robots."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from keten.accounts.access import is_verified


def _error_page(request: HttpRequest, template: str, status: int) -> HttpResponse:
    """An error page in the visitor's language: with the professional header for a professional
    logged in with both factors (so they find their way back), the public one for anyone else."""
    professional = is_verified(getattr(request, "user", None) or AnonymousUser())
    context = {
        "error_base": "pro_base.html" if professional else "base.html",
        "professional": professional,
    }
    return render(request, template, context, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, "403.html", 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, "403.html", 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, "404.html", 404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without context processors: the failure may come from them.
    from django.utils.translation import get_language

    html = loader.get_template("500.html").render({"LANGUAGE_CODE": get_language()})
    return HttpResponse(html, status=500)


@require_safe
@cache_control(max_age=86400, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /api/",
        "Disallow: /nl/accounts/",
        "Disallow: /fr/accounts/",
        "Disallow: /en/accounts/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on their own; the pages name the SVG icon."""
    return redirect(static("keten/icon.svg"), permanent=True)


@require_safe
def health(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@require_safe
def baseline(request: HttpRequest) -> HttpResponse:
    """The cheapest possible page, measured next to every endpoint in ``make bench``."""
    return HttpResponse("ok", content_type="text/plain")
