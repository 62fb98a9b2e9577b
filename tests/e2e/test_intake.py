"""The reporter's journey in Chromium: report anonymously with a photo, get a code, read the
hotline's reply with the code, and add information."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from keten.accounts.models import Organisation
from keten.accounts.roles import OrganisationKind, Role
from keten.intake.models import Report, ReportMessage
from tests.base import PASSWORD, make_person
from tests.e2e.conftest import log_in, screenshot
from tests.intake.helpers import png_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_it_takes_a_report_a_reply_and_more_information(
    page: Page, browser: Browser, base_url: str, tmp_path: Path
) -> None:
    hotline = Organisation.objects.create(name="Hotline", kind=OrganisationKind.HOTLINE, slug="hotline")
    make_person("operator@hotline.example", hotline, Role.HOTLINE_OPERATOR)
    photo = tmp_path / "van.png"
    photo.write_bytes(png_bytes())

    # The reporter, anonymous, with JavaScript as it comes.
    reporter = browser.new_context(base_url=base_url, locale="en-GB", viewport={"width": 390, "height": 844})
    phone = reporter.new_page()
    phone.goto("/en/report/")
    expect(phone.locator("h1")).to_have_text("Report a situation confidentially")
    phone.fill("textarea[name=what]", "Six men sleep in a van behind the car wash and never leave.")
    phone.fill("input[name=postal_code]", "9000")
    phone.select_option("select[name=kind_of_place]", "shop")
    phone.check("input[name=form_of_exploitation][value=labour]")
    phone.set_input_files("input[name=attachments]", str(photo))
    screenshot(phone, "intake-form-phone")
    phone.click("main button[type=submit]")
    code = phone.locator("[data-receipt-code]").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", code)
    screenshot(phone, "intake-receipt-code")
    assert {cookie["name"] for cookie in reporter.cookies()} == {"csrftoken"}
    report = Report.objects.get()
    assert report.attachments.count() == 1

    # The operator reads the report and replies.
    log_in(page, "operator@hotline.example", PASSWORD)
    page.goto("/en/report/inbox/")
    page.click(f"text=#{report.number}")
    expect(page.locator("main")).to_contain_text("Six men sleep in a van")
    page.fill("textarea[name=body] >> nth=0", "Thank you. Can you tell us when the van arrives?")
    page.click("text=Send to the reporter")
    expect(page.locator(".messages")).to_contain_text("Your message has been sent")
    screenshot(page, "intake-operator-report")

    # The reporter comes back with the code, reads the reply and answers.
    phone.goto("/en/report/follow-up/")
    phone.fill("input[name=code]", code.lower().replace("-", " "))
    phone.click("main button[type=submit]")
    expect(phone.locator("main")).to_contain_text("Can you tell us when the van arrives?")
    phone.fill("textarea[name=body]", "Every evening at six.")
    phone.click("main form.form button[type=submit]")
    expect(phone.locator("main")).to_contain_text("Your information has been added")
    expect(phone.locator("main")).to_contain_text("Every evening at six.")
    screenshot(phone, "intake-reporter-conversation")
    assert ReportMessage.objects.filter(author="reporter").get().body == "Every evening at six."
    reporter.close()


def test_it_works_without_javascript(no_js_page: Page) -> None:
    no_js_page.goto("/en/report/")
    no_js_page.fill("textarea[name=what]", "Someone works day and night without pay.")
    no_js_page.check("input[name=immediate_danger]")
    no_js_page.click("main button[type=submit]")
    expect(no_js_page.locator("main h2").first).to_have_text("Is someone in danger right now? Call 112.")
    expect(no_js_page.locator("[data-receipt-code]")).to_be_visible()


def test_switching_language_keeps_what_the_reporter_typed(page: Page, tmp_path: Path) -> None:
    """The review: the report form lost typed text on a language switch."""
    photo = tmp_path / "van.png"
    photo.write_bytes(png_bytes())
    page.goto("/en/report/")
    page.fill("textarea[name=what]", "Six men sleep in a van behind the car wash.")
    page.fill("input[name=postal_code]", "9000")
    page.check("input[name=form_of_exploitation][value=labour]")
    page.set_input_files("input[name=attachments]", str(photo))
    page.click(".language-switch button[lang=fr]")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("textarea[name=what]")).to_have_value("Six men sleep in a van behind the car wash.")
    expect(page.locator("input[name=postal_code]")).to_have_value("9000")
    expect(page.locator("input[name=form_of_exploitation][value=labour]")).to_be_checked()
    expect(page.locator("main [role=status]")).to_contain_text("choisissez-le à nouveau")
    page.click(".language-switch button[lang=nl]")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.locator("textarea[name=what]")).to_have_value("Six men sleep in a van behind the car wash.")
    assert Report.objects.count() == 0
    # Enter in a one-line field sends the report (the form's own button), not a language switch.
    page.press("input[name=postal_code]", "Enter")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.locator("[data-receipt-code]")).to_have_text(re.compile(r"^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$"))
    assert Report.objects.count() == 1
