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

    # The next step is a link on the case page: it opens the step's form with the step chosen.
    page.click("#next-steps a[data-event=start_reflection]")
    expect(page.locator("h1")).to_have_text("Record a step of the procedure")
    expect(page.locator("#move_event")).to_have_value("start_reflection")
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
    page.click("text=Record a step")
    page.select_option("#move_event", "issue_first_residence")
    page.fill("#move_on", today.isoformat())
    page.click("text=Record the step")
    expect(page.locator("#refusal")).to_contain_text("No statements or complaint")

    page.click("text=Back to the file")
    for kind in ("statements", "guidance_agreement", "no_contact_undertaking"):
        # While a condition is missing, the overview's next action records it.
        expect(page.locator("#next-action")).to_be_visible()
        page.click("#procedure >> text=Record evidence")
        page.select_option("#evidence_kind", kind)
        page.fill("#evidence_recorded_on", today.isoformat())
        page.click("text=Record the evidence")
    # The overview now names the next action: the first residence document, which it links to.
    expect(page.locator("#overview-conditions")).not_to_contain_text("not recorded")
    expect(page.locator("#next-action")).to_contain_text("Issue the first residence document")
    page.click("#next-action-link")
    expect(page.locator("#move_event")).to_have_value("issue_first_residence")
    page.fill("#move_on", today.isoformat())
    page.click("text=Record the step")
    expect(page.locator("#procedure")).to_contain_text("First residence document")
    expect(page.locator("#next-deadline")).to_contain_text(long_date(add_months(today, 3)))
    page.click(".case-sections >> text=Notes and timeline")
    expect(page.locator(".case-sections [aria-current=page]")).to_have_text("Notes and timeline")
    expect(page.locator("#timeline")).to_contain_text("Issue the first residence document")
    screenshot(page, "cases-first-residence")


# The pages of a file after its first (keten.cases.sections), relative to it.
SECTION_PAGES = ("guidance/", "timeline/", "documents/", "chain/", "people/")


def _overflow(page: Page) -> int:
    """How many pixels the page is wider than the screen (or the paper)."""
    return int(page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth"))


def _case_of_a_new_worker(page: Page) -> str:
    from keten.cases import services

    centre = Organisation.objects.create(name="PAG-ASA", kind=OrganisationKind.CENTRE, slug="pag-asa")
    worker = make_person("worker@pag-asa.example", centre, Role.SOCIAL_WORKER)
    case = services.create_case(
        actor=worker,
        centre=centre,
        data={
            "given_names": "Demo",
            "family_name": "Person With A Rather Long Family Name",
            "date_of_birth": "1994-05-17",
            "gender": "female",
            "nationalities": ["NG", "VN"],
            "languages": ["en"],
            "forms": ["sexual"],
            "intake_channel": "police",
        },
        workers=[worker],
    )
    log_in(page, "worker@pag-asa.example", PASSWORD)
    return f"/en/cases/{case.pk}/"


def test_closing_the_file_needs_a_confirmation(page: Page) -> None:
    url = _case_of_a_new_worker(page)
    page.goto(url)
    page.click(".case-sections >> text=People")
    page.click("#close-link")
    expect(page.locator("h1")).to_have_text("Close the file?")
    expect(page.locator("#confirm-question")).to_contain_text(
        "Only close it when the guidance has really ended"
    )
    # Going back closes nothing.
    page.click("text=No, go back")
    expect(page.locator(".lead")).to_contain_text("Open")
    expect(page.locator(".case-sections [aria-current=page]")).to_have_text("People")
    page.click("#close-link")
    page.click("text=Yes, close the file")
    expect(page.locator(".lead")).to_contain_text("Closed on")
    screenshot(page, "cases-closed")


@pytest.mark.parametrize("width", [320, 1280])
def test_the_case_page_fits_the_screen(page: Page, width: int) -> None:
    url = _case_of_a_new_worker(page)
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(url)
    expect(page.locator("#overview")).to_be_visible()
    overflow = _overflow(page)
    assert overflow <= 0, f"the case page is {overflow}px wider than a {width}px screen"
    # The overview comes first and names who, the stage and what to do next.
    expect(page.locator("#overview")).to_contain_text("Referred")
    expect(page.locator("#next-action")).to_contain_text("Record: Statements or complaint")
    screenshot(page, f"cases-page-{width}")
    for section in SECTION_PAGES:
        page.goto(url + section)
        expect(page.locator(".case-sections [aria-current=page]")).to_be_visible()
        overflow = _overflow(page)
        assert overflow <= 0, f"{section} is {overflow}px wider than a {width}px screen"


def test_the_case_page_prints_on_a4(page: Page) -> None:
    url = _case_of_a_new_worker(page)
    # A4 is 210 mm wide; less the 2 x 12 mm margins, 186 mm, about 703 CSS pixels.
    page.set_viewport_size({"width": 703, "height": 1000})
    page.emulate_media(media="print")
    page.goto(url)
    expect(page.locator(".site-nav")).to_be_hidden()
    expect(page.locator(".case-sections")).to_be_hidden()
    expect(page.locator("#overview")).to_be_visible()
    overflow = _overflow(page)
    assert overflow <= 0, f"the printed case page is {overflow}px wider than A4"
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    for section in SECTION_PAGES:
        page.goto(url + section)
        expect(page.locator(".case-sections")).to_be_hidden()
        overflow = _overflow(page)
        assert overflow <= 0, f"the printed {section} is {overflow}px wider than A4"
