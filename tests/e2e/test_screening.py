"""A worried citizen walks through the questionnaire in Chromium with JavaScript switched off."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

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


# What is filled on each step of the citizen questionnaire, as (selector, kind, value).
FILLS: list[tuple[str, str, str]] = [
    ("input[name=age]", "fill", "16"),
    ("input[value=transport]", "check", ""),
    ("input[value=begging]", "check", ""),
    ("input[value=threats]", "check", ""),
    ("input[name=crossed_irregularly][value=yes]", "check", ""),
    ("input[value='begging.punished_for_low_takings']", "check", ""),
    ("input[name=postal_code]", "fill", "4000"),
]


NL_RESULT_TITLE = "Wat dit betekent en wat u kunt doen"


def test_it_keeps_every_answer_when_the_language_changes_on_every_step(no_js_page: Page) -> None:
    """The review: a language switch mid-screening gave a 404 and lost every answer."""
    page = no_js_page
    page.goto("/en/screening/questions/?audience=citizen")
    languages = ["fr", "nl", "en"]
    for position, (selector, kind, value) in enumerate(FILLS):
        if kind == "fill":
            page.fill(selector, value)
        else:
            page.check(selector)
        language = languages[position % 3]
        page.click(f".language-switch button[lang={language}]")
        expect(page.locator("html")).to_have_attribute("lang", language)
        for earlier_selector, earlier_kind, earlier_value in FILLS[: position + 1]:
            field = page.locator(earlier_selector)
            assert field.count() >= 1, earlier_selector
            if field.first.get_attribute("type") == "hidden":
                # An answer of an earlier step, carried along as a hidden field.
                continue
            if earlier_kind == "fill":
                expect(field).to_have_value(earlier_value)
            else:
                expect(field).to_be_checked()
        next_step(page)
    expect(page.locator("main")).to_contain_text("Sürya")
    # The last step was answered in French; the result is switched to Dutch.
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.click(".language-switch button[lang=nl]")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.locator("h1")).to_have_text(NL_RESULT_TITLE)
    expect(page.locator("main")).to_contain_text("Sürya")
    screenshot(page, "screening-result-after-language-switch")
    page.click("button[name=goto][value=person]")
    expect(page.locator("input[name=age]")).to_have_value("16")
    assert page.context.cookies() == []


def test_the_enter_key_goes_to_the_next_step_not_to_another_language(no_js_page: Page) -> None:
    """The language buttons submit the questionnaire too; Enter must still press "Next"."""
    page = no_js_page
    page.goto("/en/screening/questions/?audience=citizen")
    page.fill("input[name=age]", "16")
    page.press("input[name=age]", "Enter")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("What happened")


@pytest.mark.parametrize("language", ["nl", "fr", "en", "de"])
@pytest.mark.parametrize("audience", ["citizen", "professional"])
def test_a_phone_finishes_the_screening_in_every_language(
    browser: Browser, base_url: str, language: str, audience: str
) -> None:
    """Checked by: "the screening finished on a 320 px phone in each language". Every step fits the
    width, offers at most one screen of choices, and a citizen's result starts with what to do."""
    context = browser.new_context(base_url=base_url, viewport={"width": 320, "height": 640}, locale=language)
    page = context.new_page()
    page.goto(f"/{language}/screening/questions/?audience={audience}")
    page.fill("input[name=age]", "30")
    for _ in range(20):
        if page.locator("button[name=go][value=next]").count() == 0:
            break
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, page.url
        signs = page.locator("main input[name=indicators]:visible").count()
        assert signs <= 8, f"{signs} signs to choose from at once on a phone"
        first_box = page.locator("main input[type=checkbox]:visible").first
        if first_box.count():
            first_box.check()
        next_step(page)
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    if audience == "citizen":
        advice = page.locator("main h2").first
        assert advice.bounding_box()["y"] < 640, "what to do is not on the first screen"  # type: ignore[index]
    screenshot(page, f"screening-phone-{audience}-{language}")
    context.close()
