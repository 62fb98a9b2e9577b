"""Punctuation that differs by language, as a template tag every template has without loading it.

French puts a no-break space before a colon ("Téléphone : 02 …"); Dutch and English do not.
"""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

register = template.Library()


def colon(language: str | None = None) -> str:
    return "\u00a0: " if (language or get_language() or "").startswith("fr") else ": "


@register.simple_tag(name="colon")
def colon_tag() -> str:
    return colon()
