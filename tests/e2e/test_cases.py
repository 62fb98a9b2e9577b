"""A social worker opens a case, records the evidence of the three conditions, moves it through
the reflection period and sees the next deadline on the dashboard, in Chromium."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from keten.accounts.models import Organisation
from keten.accounts.roles import OrganisationKind, Role
from keten.core.dates import add_months
from keten.core.procedure import ACT_DAYS_BEFORE_EXPIRY, Document
from tests.base import PASSWORD, make_person
from tests.e2e.conftest import log_in, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def long_date(day: date) -> str:
    """A date as the English pages write it: 7 January 2027."""
    return f"{day.day} {day:%B %Y}"


def test_it_moves_a_case_through_the_reflection_period(page: Page) -> None:
    centre = Organisation.objects.create(name="PAG-ASA", kind=OrganisationKind.CENTRE, slug="pag-asa")
    make_person("worker@pag-asa.example", centre, Role.SOCIAL_WORKER)
    today = timezone.localdate()

    log_in(page, "worker@pag-asa.example", PASSWORD)
    page.click("text=Open a new file")
    page.fill("#id_given_names", "Demo")
    page.fill("#id_family_name", "Person One")
    page.fill("#id_date_of_birth", "1994-05-17")
    page.fill("#id_nationalities", "NG")
    page.fill("#id_languages", "en")
    page.check("input[name=forms][value=sexual]")
    page.select_option("#id_intake_channel", "police")
    page.click("main button[type=submit]")
    expect(page.locator("h1")).to_contain_text("Demo Person One")

    page.select_option("#move_event", "start_reflection")
    page.fill("#move_on", today.isoformat())
    page.click("text=Record the step")
    expect(page.locator("#procedure")).to_contain_text("Reflection period")
    # 45 days counting the first day: the last day is the 44th after today.
    expect(page.locator("#next-deadline")).to_contain_text(long_date(today + timedelta(days=44)))

    page.goto("/en/accounts/work/")
    panel = page.locator("#cases-panel-title").locator("xpath=..")
    expect(panel).to_contain_text("My deadlines")
    act_by = today + timedelta(days=44 - ACT_DAYS_BEFORE_EXPIRY[Document.REFLECTION_DOCUMENT])
    expect(panel).to_contain_text(f"Act by {long_date(act_by)}")
    screenshot(page, "cases-dashboard-deadline")

    panel.locator("a", has_text="Case #").first.click()
    page.select_option("#move_event", "issue_first_residence")
    page.fill("#move_on", today.isoformat())
    page.click("text=Record the step")
    expect(page.locator("#refusal")).to_contain_text("No statements or complaint")

    for kind in ("statements", "guidance_agreement", "no_contact_undertaking"):
        page.select_option("#evidence_kind", kind)
        page.fill("#evidence_recorded_on", today.isoformat())
        page.click("text=Record the evidence")
    page.select_option("#move_event", "issue_first_residence")
    page.fill("#move_on", today.isoformat())
    page.click("text=Record the step")
    expect(page.locator("#procedure")).to_contain_text("First residence document")
    expect(page.locator("#next-deadline")).to_contain_text(long_date(add_months(today, 3)))
    expect(page.locator("#timeline")).to_contain_text("Issue the first residence document")
    screenshot(page, "cases-first-residence")
