"""A professional logs in with a TOTP code in Chromium and switches language."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from keten.accounts.models import Organisation
from keten.accounts.roles import OrganisationKind, Role
from tests.base import PASSWORD, make_person
from tests.e2e.conftest import log_in, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_it_logs_in_with_a_code_and_switches_language(page: Page) -> None:
    centre = Organisation.objects.create(name="PAG-ASA", kind=OrganisationKind.CENTRE, slug="pag-asa")
    make_person("worker@pag-asa.example", centre, Role.SOCIAL_WORKER)

    page.goto("/en/accounts/work/")
    assert "/en/accounts/login/" in page.url
    log_in(page, "worker@pag-asa.example", PASSWORD)
    expect(page.locator("h1")).to_have_text("My work")
    expect(page.locator("main")).to_contain_text("PAG-ASA")

    page.click("nav.language-switch >> text=Français")
    assert page.url.endswith("/fr/accounts/work/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("h1")).to_have_text("Mon travail")
    screenshot(page, "login-french-dashboard")


def test_it_refuses_the_work_pages_without_the_code(page: Page) -> None:
    centre = Organisation.objects.create(name="Payoke", kind=OrganisationKind.CENTRE, slug="payoke")
    make_person("worker@payoke.example", centre, Role.SOCIAL_WORKER)
    page.goto("/en/accounts/login/")
    page.fill("input[name=email]", "worker@payoke.example")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("Enter your code")
    page.goto("/en/accounts/work/")
    expect(page.locator("h1")).to_have_text("Log in")


def test_it_leaves_quickly_with_the_escape_key(page: Page) -> None:
    page.route("https://www.meteo.be/**", lambda route: route.fulfill(body="<title>Weather</title>neutral"))
    page.goto("/en/")
    page.keyboard.press("Escape")
    page.wait_for_url("https://www.meteo.be/")
    page.go_back()
    # The Keten page was replaced in the history, so Back does not lead to it.
    assert "/en/" not in page.url or page.url.startswith("https://www.meteo.be")


def test_one_escape_in_a_form_field_keeps_what_was_typed_and_two_leave(page: Page) -> None:
    page.route("https://www.meteo.be/**", lambda route: route.fulfill(body="<title>Weather</title>neutral"))
    page.goto("/en/report/")
    assert page.locator(".quick-exit-hint").is_visible()
    field = page.locator("textarea").first
    field.fill("something I saw")
    field.press("Escape")
    page.wait_for_timeout(1200)  # longer than the second within which a second press counts
    assert "/en/report/" in page.url
    assert field.input_value() == "something I saw"
    field.press("Escape")
    field.press("Escape")
    page.wait_for_url("https://www.meteo.be/")
