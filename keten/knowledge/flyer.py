"""The one-page flyer as PDF, made with WeasyPrint from the same template fragments as the easy-read page."""

from __future__ import annotations

import logging
from pathlib import Path

# WeasyPrint reports every step at INFO; only its warnings matter here.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

STYLESHEET = Path(__file__).resolve().parent / "static" / "knowledge" / "flyer.css"


class FlyerUnavailable(RuntimeError):
    """WeasyPrint or the system libraries it needs (Pango) are missing on this machine."""


def render_pdf(html: str) -> bytes:
    """Turn the flyer's HTML into PDF bytes; raises ``FlyerUnavailable`` when PDF cannot be made here.

    The HTML holds no images, fonts or stylesheets to fetch: the style comes from our own file and
    the fonts from the system, so nothing is ever loaded from elsewhere.
    """
    try:
        from weasyprint import CSS, HTML
    except (ImportError, OSError) as error:  # OSError: Pango or its friends are not installed
        raise FlyerUnavailable(str(error)) from error
    try:
        stylesheet = CSS(string=STYLESHEET.read_text(encoding="utf-8"))
        pdf = HTML(string=html).write_pdf(stylesheets=[stylesheet])
    except OSError as error:
        raise FlyerUnavailable(str(error)) from error
    if pdf is None:  # pragma: no cover - write_pdf without a target always returns bytes
        raise FlyerUnavailable("WeasyPrint returned no document")
    return pdf
