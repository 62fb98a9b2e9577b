"""Template helpers for the public shell: the list of public pages for the navigation and footer."""

from __future__ import annotations

from django import template

from keten.knowledge import pages

register = template.Library()


@register.simple_tag
def information_pages() -> tuple[pages.Page, ...]:
    return pages.INFORMATION_PAGES
