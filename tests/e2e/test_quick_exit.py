"""The quick exit in Chromium: after two public pages and the exit, Back shows no Keten page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from keten.intake.models import Report

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NEUTRAL = "https://www.meteo.be/"


def stub_neutral_site(page: Page) -> None:
    page.route(f"{NEUTRAL}**", lambda route: route.fulfill(body="<title>Weather</title><p>Sunny spells</p>"))


def assert_no_keten_page(page: Page, base_url: str) -> None:
    page.wait_for_timeout(500)  # the guard replaces a returning page at once; give it time to
    page.wait_for_load_state()
    assert not page.url.startswith(base_url), f"Back returned to {page.url}"
    body = page.locator("body").inner_text()
    assert "Keten" not in body and "trafficking" not in body.lower()


@pytest.mark.parametrize("way", ["button", "escape", "shift"])
def test_back_after_the_quick_exit_does_not_return_to_keten(page: Page, base_url: str, way: str) -> None:
    stub_neutral_site(page)
    page.goto("/en/")
    page.click("main a[href='/en/what-is-trafficking/']")
    expect(page.locator("h1")).to_have_text("What is human trafficking?")
    page.wait_for_load_state()  # keten.js (deferred) listens for the keys from then on
    if way == "button":
        page.click("[data-quick-exit-link]")
    elif way == "escape":
        page.keyboard.press("Escape")
    else:
        for _press in range(3):
            page.keyboard.press("Shift")
    page.wait_for_url(NEUTRAL)
    page.go_back()
    assert_no_keten_page(page, base_url)
    # Back once more (the first Keten page) leads away from Keten too.
    page.go_back()
    assert_no_keten_page(page, base_url)


def test_the_quick_exit_ends_the_reporters_session(page: Page, base_url: str) -> None:
    stub_neutral_site(page)
    page.goto("/en/report/")
    page.fill("textarea[name=what]", "A man sleeps in the kitchen of the restaurant.")
    page.click("main button[type=submit]")
    code = page.locator("[data-receipt-code]").inner_text().strip()
    assert Report.objects.count() == 1
    page.goto("/en/report/follow-up/")
    page.fill("input[name=code]", code)
    page.click("main button[type=submit]")
    expect(page.locator("main")).to_contain_text("A man sleeps in the kitchen")
    assert "keten_report" in {cookie["name"] for cookie in page.context.cookies()}
    page.click("[data-quick-exit-link]")
    page.wait_for_url(NEUTRAL)
    page.wait_for_timeout(500)  # the beacon
    assert "keten_report" not in {cookie["name"] for cookie in page.context.cookies()}
    page.go_back()
    assert_no_keten_page(page, base_url)
    # Opening Keten again on purpose works as usual, and the conversation is closed.
    page.goto("/en/report/follow-up/conversation/")
    expect(page.locator("h1")).not_to_contain_text("Weather")
    assert page.url.endswith("/en/report/follow-up/")


def test_without_javascript_the_quick_exit_is_a_plain_link(no_js_page: Page) -> None:
    stub_neutral_site(no_js_page)
    no_js_page.goto("/en/")
    no_js_page.click("[data-quick-exit-link]")
    no_js_page.wait_for_url(NEUTRAL)
