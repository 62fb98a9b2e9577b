"""Shared by the knowledge tests: every public page in every language."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from keten.knowledge.pages import PUBLIC_PAGES

LANGUAGES = [code for code, _name in settings.LANGUAGES]
TEL = re.compile(r"^tel:(?:\+[1-9][0-9]{6,14}|[0-9]{3})$")
MAILTO = re.compile(r"^mailto:[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")


def public_urls(language: str) -> list[str]:
    with translation.override(language):
        return [reverse(page.url_name) for page in PUBLIC_PAGES]


class LinkCollector(HTMLParser):
    """Collects every URL-bearing attribute of a page, with the tag it sits on."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str, str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in {"href", "src", "action", "srcset", "poster", "data"} and value is not None:
                self.links.append((tag, name, value))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def collect(html: str) -> LinkCollector:
    collector = LinkCollector()
    collector.feed(html)
    return collector
