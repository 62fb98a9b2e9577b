"""A worried citizen walks through the questionnaire in Chromium with JavaScript switched off."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def next_step(page: Page) -> None:
    page.click("button[name=go][value=next]")


def test_it_reaches_a_result_with_112_first_without_javascript(no_js_page: Page) -> None:
    page = no_js_page
    page.goto("/en/screening/")
    expect(page.locator("h1")).to_have_text("Is this human trafficking?")
    page.click("text=I am worried about someone (or about myself)")

    expect(page.locator("h1")).to_have_text("About the person")
    page.fill("input[name=age]", "15")
    next_step(page)
    expect(page.locator("h1")).to_have_text("What happened")
    page.check("text=Someone took them somewhere, by car, bus, plane or on foot")
    next_step(page)
    page.check("text=They have to beg, and others take the money")
    next_step(page)
    page.click("button[name=go][value=back]")
    expect(page.locator("h1")).to_have_text("What the person has to do")
    expect(page.locator("input[value=begging]")).to_be_checked()
    page.click("button[name=go][value=back]")
    expect(page.locator("h1")).to_have_text("What happened")
    expect(page.locator("input[value=transport]")).to_be_checked()
    next_step(page)
    next_step(page)
    expect(page.locator("h1")).to_have_text("How the person is kept in it")
    next_step(page)
    expect(page.locator("h1")).to_have_text("Coming to Belgium")
    next_step(page)
    expect(page.locator("h1")).to_have_text("What you noticed")
    page.check("input[value='begging.punished_for_low_takings']")
    screenshot(page, "screening-citizen-indicators")
    next_step(page)
    expect(page.locator("h1")).to_have_text("Danger and place")
    page.check("input[name=immediate_danger]")
    page.fill("input[name=postal_code]", "4000")
    next_step(page)

    main = page.locator("main")
    expect(page.locator("h1")).to_have_text("What this means and what you can do")
    first_call = main.locator("a[href^='tel:']").first
    expect(first_call).to_have_attribute("href", "tel:112")
    expect(main.locator("section").first).to_contain_text("call 112 now")
    expect(main).to_contain_text("Sürya")
    expect(main).to_contain_text("What not to do")
    assert page.context.cookies() == []
    screenshot(page, "screening-citizen-result")
