"""The API's interactive documentation renders in a real Chromium under the strict CSP."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.e2e


def test_swagger_ui_shows_every_area_and_breaks_no_policy(page: Page) -> None:
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto("/api/v1/docs")
    page.wait_for_selector(".opblock-tag", timeout=20000)
    tags = page.locator(".opblock-tag").all_inner_texts()
    for area in ("reports", "cases", "referrals", "screening"):
        assert any(area in tag.lower() for tag in tags), tags
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems
    base = page.url.split("/api/")[0]
    assert all(url.startswith(base) or url.startswith("data:") for url in requests), requests
    page.screenshot(path="var/screenshots/api-docs.png", full_page=False)
