"""The public pages: information, help, the centre finder, easy read and the flyer.

Every view here is public on purpose: it is read by possible victims and worried citizens, so it
sets no cookie, loads nothing from elsewhere and works without JavaScript.
"""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from keten.core import indicators
from keten.knowledge import pages, reference
from keten.knowledge.centres import CentreAdvice, advise_centres
from keten.knowledge.flyer import FlyerUnavailable, render_pdf
from keten.knowledge.forms import PostalCodeForm
from keten.knowledge.models import Centre

logger = logging.getLogger(__name__)


def _context(page: pages.Page, **extra: Any) -> dict[str, Any]:
    return {
        "page": page,
        "information_pages": pages.INFORMATION_PAGES,
        "help_numbers": reference.HELP_NUMBERS,
        "hotline": reference.HELP_NUMBERS_BY_ID["hotline"],
        "report_url": pages.optional_url("intake:new"),
        "screening_url": pages.optional_url("screening:start"),
        "training_url": pages.optional_url("training:index"),
        "training_demo_url": pages.optional_url("training:demo"),
        **extra,
    }


@require_safe
def information_view(request: HttpRequest, page_name: str) -> HttpResponse:
    """Anyone: one of the information pages (home, definition, forms, smuggling...)."""
    page = pages.PAGES_BY_NAME[page_name]
    extra: dict[str, Any] = {}
    if page_name == "forms":
        extra["forms"] = reference.FORMS
    elif page_name == "recognise":
        extra["general_indicators"] = indicators.GENERAL_INDICATORS
    elif page_name == "protection":
        extra["centres"] = Centre.objects.all()
    elif page_name == "chain":
        extra["partners"] = reference.PARTNERS
        extra["chain_phases"] = reference.CHAIN_PHASES
    return render(request, page.template, _context(page, **extra))


@require_safe
def help_view(request: HttpRequest) -> HttpResponse:
    """Anyone: numbers to call, reporting, the centres and the postal-code helper."""
    context = _context(pages.HELP, centres=Centre.objects.all(), form=PostalCodeForm())
    return render(request, "knowledge/help.html", context)


@require_safe
def which_centre_view(request: HttpRequest) -> HttpResponse:
    """Anyone: the centre finder. A GET form, so it needs no cookie and works without JavaScript."""
    form = PostalCodeForm(request.GET if "postal_code" in request.GET else None)
    advice: CentreAdvice | None = None
    if form.is_bound and form.is_valid():
        advice = advise_centres(form.cleaned_data["postal_code"])
    centres = advice.centres if advice else tuple(Centre.objects.all())
    context = _context(
        pages.WHICH_CENTRE,
        form=form,
        advice=advice,
        centres=centres,
        region_label=reference.REGION_LABELS[advice.region] if advice else None,
    )
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "knowledge/which_centre.html", context, status=status)


@require_safe
def easy_read_view(request: HttpRequest) -> HttpResponse:
    """Anyone: the essentials in simple words, with a link to the printable flyer."""
    context = _context(pages.EASY_READ, centres=Centre.objects.all())
    return render(request, "knowledge/easy_read.html", context)


@require_safe
def flyer_view(request: HttpRequest) -> HttpResponse:
    """Anyone: the easy-read text as a one-page PDF in the current language (503 if PDF cannot be made)."""
    language = get_language()
    html = render_to_string(
        "knowledge/flyer.html",
        _context(pages.EASY_READ, centres=Centre.objects.all()),
        request=request,
    )
    try:
        pdf = render_pdf(html)
    except FlyerUnavailable:
        logger.exception("The flyer PDF could not be made")
        return render(request, "knowledge/flyer_unavailable.html", _context(pages.EASY_READ), status=503)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="keten-flyer-{language}.pdf"'
    return response
