"""In Chromium: three reports sharing a phone number are one network to the operator; a centre's
case sharing a workplace with a police screening gives a match notice to both managers and
nothing else."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from keten.accounts.models import Organisation
from keten.accounts.roles import OrganisationKind, Role
from keten.links.models import MatchNotice
from tests.base import PASSWORD, make_person
from tests.cases.helpers import make_case
from tests.e2e.conftest import log_in, screenshot
from tests.referrals.helpers import make_report, make_screening

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def add_identifier(page: Page, address: str, kind: str, value: str) -> None:
    page.goto(address)
    page.select_option("#id_kind", kind)
    page.fill("#id_value", value)
    page.click("text=Add the identifier")
    expect(page.locator(".messages")).to_contain_text("The identifier is saved.")


def test_three_reports_sharing_a_phone_are_one_network(page: Page) -> None:
    hotline = Organisation.objects.create(name="Hotline", kind=OrganisationKind.HOTLINE, slug="hotline")
    make_person("operator@hotline.example", hotline, Role.HOTLINE_OPERATOR)
    reports = [make_report() for _ in range(3)]
    log_in(page, "operator@hotline.example", PASSWORD)
    for report, written in zip(reports, ["0470 12 34 56", "+32 470/12.34.56", "0032470123456"], strict=True):
        add_identifier(page, f"/en/links/report/{report.pk}/", "phone", written)
    page.goto(f"/en/report/inbox/{reports[0].pk}/")
    page.click("text=Identifiers and linked records")
    page.click("text=See the records linked to this one")
    expect(page.locator("svg#network")).to_be_visible()
    expect(page.locator("#network-records tbody tr")).to_have_count(3)
    expect(page.locator("#network-links tbody tr")).to_have_count(3)
    expect(page.locator("#network-links")).to_contain_text("Phone number: +32 470 12 34 56")
    screenshot(page, "links-network")


def test_a_shared_workplace_gives_a_notice_to_both_managers_and_nothing_else(
    page: Page, browser: Browser, base_url: str
) -> None:
    centre = Organisation.objects.create(name="PAG-ASA", kind=OrganisationKind.CENTRE, slug="pag-asa")
    police = Organisation.objects.create(
        name="Police zone Brussels", kind=OrganisationKind.POLICE, slug="police"
    )
    manager = make_person("manager@pag-asa.example", centre, Role.CENTRE_MANAGER)
    investigator = make_person("officer@police.example", police, Role.INVESTIGATOR)
    case = make_case(centre, actor=manager, workers=[])
    screening = make_screening(investigator, police)

    officer_context = browser.new_context(base_url=base_url, locale="en-GB")
    officer = officer_context.new_page()
    log_in(officer, "officer@police.example", PASSWORD)
    add_identifier(officer, f"/en/links/screening/{screening.pk}/", "workplace", "Car Wash Nord BV")

    log_in(page, "manager@pag-asa.example", PASSWORD)
    add_identifier(page, f"/en/links/case/{case.pk}/", "workplace", "CAR-WASH NORD b.v.")
    # The person adding learns nothing on the spot, and the case's network shows the case alone.
    expect(page.locator("main")).not_to_contain_text("Police")
    page.click("text=See the records linked to this one")
    expect(page.locator("#network-records tbody tr")).to_have_count(1)
    expect(page.locator("main")).not_to_contain_text("Screening")

    reference = MatchNotice.objects.get().reference
    page.goto("/en/links/notices/")
    expect(page.locator("#notices tbody tr")).to_have_count(1)
    expect(page.locator("#notices")).to_contain_text(reference)
    page.click(f"text={reference}")
    facts = page.locator("#notice-facts")
    expect(facts).to_contain_text("Name of a workplace")
    expect(facts).to_contain_text(f"Case {case.pk}")
    expect(page.locator("main")).not_to_contain_text("Car Wash")
    expect(page.locator("main")).not_to_contain_text(f"Screening {screening.pk}")
    screenshot(page, "links-notice")

    officer.goto("/en/links/notices/")
    expect(officer.locator("#notices")).to_contain_text(reference)
    officer.click(f"text={reference}")
    expect(officer.locator("#notice-facts")).to_contain_text(f"Screening {screening.pk}")
    expect(officer.locator("main")).not_to_contain_text(f"Case {case.pk}")
    expect(officer.locator("main")).not_to_contain_text("Amina")
    officer.goto(f"/en/links/screening/{screening.pk}/network/")
    expect(officer.locator("#network-records tbody tr")).to_have_count(1)
    officer_context.close()
