"""The API's interactive documentation at /api/v1/docs: Swagger UI from our own static files,
started by a static script, under the site's strict Content-Security-Policy."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_safe


@require_safe
@ensure_csrf_cookie
def api_docs(request: HttpRequest) -> HttpResponse:
    return render(request, "api/docs.html", {"openapi_url": reverse("api:openapi-json")})
