"""The printable certificate of completion, a one-page PDF made by WeasyPrint like the flyer."""

from __future__ import annotations

from pathlib import Path

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import get_language

from keten.accounts.models import User
from keten.knowledge.flyer import FlyerUnavailable
from keten.training.library import cases_by_id
from keten.training.models import TrainingGroup
from keten.training.services import completed_on

STYLESHEET = Path(__file__).resolve().parent / "static" / "training" / "certificate.css"

__all__ = ["FlyerUnavailable", "render"]


def render(*, user: User, group: TrainingGroup | None, case_ids: list[str], request: HttpRequest) -> bytes:
    """The certificate for a person who did every one of ``case_ids``, in the current language."""
    language = get_language()
    known = cases_by_id()
    html = render_to_string(
        "training/certificate.html",
        {
            "person": user.full_name or user.email,
            "group": group,
            "cases": [known[case_id].title_in(language) for case_id in case_ids if case_id in known],
            "completed_on": completed_on(user, case_ids),
        },
        request=request,
    )
    return _pdf(html)


def _pdf(html: str) -> bytes:
    try:
        from weasyprint import CSS, HTML
    except (ImportError, OSError) as error:  # OSError: Pango or its friends are not installed
        raise FlyerUnavailable(str(error)) from error
    try:
        pdf = HTML(string=html).write_pdf(stylesheets=[CSS(string=STYLESHEET.read_text(encoding="utf-8"))])
    except OSError as error:
        raise FlyerUnavailable(str(error)) from error
    if pdf is None:  # pragma: no cover - write_pdf without a target always returns bytes
        raise FlyerUnavailable("WeasyPrint returned no document")
    return pdf
