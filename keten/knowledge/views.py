from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def home_view(request: HttpRequest) -> HttpResponse:
    return render(request, "knowledge/home.html")
