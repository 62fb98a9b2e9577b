"""The public pages in a real Chromium: axe-core finds no serious problem, help is one tap away.

axe-core comes from the npm registry (``npm pack axe-core@4``), committed with its licence header as
tests/e2e/assets/axe.min.js and injected into each page; nothing is fetched from the network.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Browser, Page, expect

from keten.knowledge.pages import PUBLIC_PAGES
from tests.e2e.conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parent / "assets" / "axe.min.js"
LANGUAGES = ("nl", "fr", "en", "de")
WIDTHS = (320, 1280)


@pytest.fixture
def axe_page(browser: Browser, base_url: str) -> Iterator[Page]:
    # The strict CSP forbids the injected axe script; only this test's browser may bypass it.
    context = browser.new_context(base_url=base_url, bypass_csp=True, locale="en-GB")
    yield context.new_page()
    context.close()


def serious_violations(page: Page) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def page_urls(language: str) -> list[tuple[str, str]]:
    with translation.override(language):
        urls = [(page.name, reverse(page.url_name)) for page in PUBLIC_PAGES]
        which = reverse("knowledge:which_centre")
    return [
        *urls,
        ("which_centre_result", f"{which}?postal_code=4000"),
        ("which_centre_error", f"{which}?postal_code=12"),
    ]


def test_it_passes_axe_on_every_public_page_in_every_language(axe_page: Page) -> None:
    problems: dict[str, list[dict[str, Any]]] = {}
    for language in LANGUAGES:
        with translation.override(language):
            help_url = reverse("knowledge:help")
        for name, url in page_urls(language):
            for width in WIDTHS:
                axe_page.set_viewport_size({"width": width, "height": 800})
                axe_page.goto(url)
                expect(axe_page.locator("html")).to_have_attribute("lang", language)
                # Get help is one tap away: in the header, visible without scrolling.
                link = axe_page.locator("a.help-now")
                expect(link).to_be_visible()
                expect(link).to_have_attribute("href", help_url)
                box = link.bounding_box()
                assert box is not None and box["y"] + box["height"] <= 800, f"{url} at {width}px"
                violations = serious_violations(axe_page)
                if violations:
                    problems[f"{url} at {width}px"] = violations
                screenshot(axe_page, f"knowledge-{language}-{name}-{width}")
    assert not problems, problems


def test_it_reaches_the_hotline_and_the_right_centre_in_one_tap(page: Page) -> None:
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto("/en/impact/")
    page.click("a.help-now")
    expect(page.locator("h1")).to_have_text("Get help now")
    expect(page.locator('a[href="tel:+3278055800"]').first).to_be_visible()
    page.fill("input[name=postal_code]", "2018")
    page.click("form.postal-form button[type=submit]")
    expect(page.locator("article.centre").first).to_contain_text("Payoke")
    expect(page.locator("article.centre-recommended a[href='tel:+3232011690']")).to_be_visible()
    expect(page.locator("article.centre")).to_have_count(3)


def test_it_finds_a_centre_without_javascript(no_js_page: Page) -> None:
    no_js_page.goto("/fr/help/which-centre/")
    no_js_page.fill("input[name=postal_code]", "abc")
    no_js_page.click("form.postal-form button[type=submit]")
    expect(no_js_page.locator(".error-summary")).to_contain_text("quatre chiffres")
    expect(no_js_page.locator("input[name=postal_code]")).to_have_value("abc")
    no_js_page.fill("input[name=postal_code]", "1000")
    no_js_page.click("form.postal-form button[type=submit]")
    expect(no_js_page.locator("article.centre").first).to_contain_text("PAG-ASA")
    assert no_js_page.context.cookies() == []
