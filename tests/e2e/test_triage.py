"""The hotline's triage in Chromium: a danger report comes first, bulk assignment, a logged-in
404 keeps the navigation, and the inbox fits a 320 px phone without sideways scrolling."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from keten.accounts.models import Organisation
from keten.accounts.roles import OrganisationKind, Role
from keten.intake.models import Report
from keten.intake.services import submit_report
from tests.base import PASSWORD, make_person
from tests.e2e.conftest import log_in, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _reports() -> tuple[Report, Report, Report]:
    quiet, _ = submit_report(content={"what": "A quiet report."}, form_of_exploitation="labour")
    danger, _ = submit_report(
        content={"what": "Someone is locked in now."}, form_of_exploitation="sexual", immediate_danger=True
    )
    later, _ = submit_report(content={"what": "Another quiet report."})
    return quiet, danger, later


def _operator() -> None:
    hotline = Organisation.objects.create(name="Hotline", kind=OrganisationKind.HOTLINE, slug="hotline")
    make_person("operator@hotline.example", hotline, Role.HOTLINE_OPERATOR)


def test_the_danger_report_comes_first_and_reports_are_assigned_together(page: Page) -> None:
    _operator()
    quiet, danger, later = _reports()
    log_in(page, "operator@hotline.example", PASSWORD)
    page.goto("/en/report/inbox/")
    rows = page.locator("tbody tr[data-report]")
    expect(rows.first).to_have_attribute("data-report", str(danger.pk))
    expect(page.locator(".danger-alert")).to_contain_text("someone is in danger now")
    expect(page.locator("[data-place=inbox] .nav-count-urgent")).to_have_attribute("data-waiting", "1")
    page.check(f"#tick-{quiet.pk}")
    page.check(f"#tick-{later.pk}")
    page.select_option("#id_assignee", label="Operator")
    page.click("text=Apply to the ticked reports")
    expect(page.locator(".messages")).to_contain_text("2 reports were changed.")
    screenshot(page, "intake-triage-bulk")
    assigned = set(Report.objects.filter(assigned_to__isnull=False).values_list("pk", flat=True))
    assert assigned == {quiet.pk, later.pk}


def test_a_logged_in_404_keeps_the_navigation(page: Page) -> None:
    _operator()
    log_in(page, "operator@hotline.example", PASSWORD)
    response = page.goto("/en/cases/")
    assert response is not None and response.status == 404
    expect(page.locator("[data-place=inbox] a")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Go to My work")


def test_the_inbox_fits_a_320_px_phone_with_the_list_first(browser: Browser, base_url: str) -> None:
    _operator()
    _reports()
    context = browser.new_context(base_url=base_url, locale="en-GB", viewport={"width": 320, "height": 640})
    phone = context.new_page()
    log_in(phone, "operator@hotline.example", PASSWORD)
    phone.goto("/en/report/inbox/?label=&sort=priority")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"the page is {width} px wide"
    # The menu is folded and opens without script; the list comes before the filters.
    expect(phone.locator(".pro-nav-list")).to_be_hidden()
    phone.click("label[for=pro-nav-toggle]")
    expect(phone.locator("[data-place=inbox] a")).to_be_visible()
    list_top = phone.locator(".inbox-list").bounding_box()
    filters_top = phone.locator(".inbox-filters").bounding_box()
    assert list_top is not None and filters_top is not None
    assert list_top["y"] < filters_top["y"]
    screenshot(phone, "intake-inbox-320")
    context.close()


def test_axe_finds_no_serious_problem_on_the_inbox_and_my_work(browser: Browser, base_url: str) -> None:
    from tests.e2e.test_knowledge import serious_violations

    _operator()
    _reports()
    context = browser.new_context(base_url=base_url, bypass_csp=True, locale="en-GB")
    page = context.new_page()
    log_in(page, "operator@hotline.example", PASSWORD)
    problems = {}
    for path in ("/en/report/inbox/", "/en/accounts/work/", "/en/cases/"):
        page.goto(path)
        for width in (320, 1280):
            page.set_viewport_size({"width": width, "height": 800})
            violations = serious_violations(page)
            if violations:
                problems[f"{path} at {width}px"] = [v["id"] for v in violations]
    context.close()
    assert not problems
