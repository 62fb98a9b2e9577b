"""The sitemap of the public pages, every page in every language with its hreflang alternates."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from keten.knowledge import pages


class PublicPagesSitemap(Sitemap[pages.Page]):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "monthly"

    @property
    def protocol(self) -> str:  # type: ignore[override]
        return "https" if settings.SITE_URL.startswith("https://") else "http"

    def items(self) -> list[pages.Page]:
        return list(pages.PUBLIC_PAGES)

    def location(self, item: pages.Page) -> str:
        return reverse(item.url_name)


class OtherPublicPagesSitemap(PublicPagesSitemap):
    """The public pages of the other apps: the screening, the report form, the figures, the flyer."""

    def items(self) -> list[str]:  # type: ignore[override]
        return ["screening:start", "intake:new", "statistics:public", "knowledge:flyer"]

    def location(self, item: str) -> str:  # type: ignore[override]
        return reverse(item)


SITEMAPS: dict[str, Any] = {"public": PublicPagesSitemap, "services": OtherPublicPagesSitemap}
