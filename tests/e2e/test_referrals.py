"""A centre refers a case to the labour auditor with the scope "procedure status only"; the
auditor sees the status and residence steps but not the name, notes or documents (not in the page,
the API or the export), records the prosecution, and the centre sees it on the chain, in Chromium."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from keten.accounts.models import Organisation
from keten.accounts.roles import OrganisationKind, Role
from keten.referrals.models import Consent
from tests.base import PASSWORD, make_person
from tests.e2e.conftest import log_in, screenshot
from tests.referrals.helpers import DOC_TITLE, FAMILY, NAME, NOTE, make_full_case

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_it_refers_a_case_to_the_labour_auditor_with_the_procedure_only(page: Page, base_url: str) -> None:
    centre = Organisation.objects.create(name="PAG-ASA", kind=OrganisationKind.CENTRE, slug="pag-asa")
    auditor_office = Organisation.objects.create(
        name="Labour auditor Antwerp", kind=OrganisationKind.PROSECUTION, slug="auditor-antwerp"
    )
    worker = make_person("worker@pag-asa.example", centre, Role.SOCIAL_WORKER)
    make_person("auditor@justice.example", auditor_office, Role.MAGISTRATE)
    case = make_full_case(centre, worker)
    Consent.objects.create(
        case=case,
        scopes=["procedure"],
        recipient_kind="prosecution",
        given_on=date(2026, 1, 6),
        recorded_by=worker,
    )

    log_in(page, "worker@pag-asa.example", PASSWORD)
    page.goto(f"/en/cases/{case.pk}/")
    page.click("#overview-referrals a")
    page.locator("#referrals").get_by_role("link", name="Refer", exact=True).click()
    page.select_option(
        "#id_to_organisation", label="Labour auditor Antwerp (Public prosecutor or labour auditor)"
    )
    page.fill("#id_purpose", "Please follow the protection procedure for the investigation.")
    page.check("input[name=scopes][value=procedure]")
    page.fill("#id_expires_on", (timezone.localdate() + timedelta(days=90)).isoformat())
    page.click("text=Send the referral")
    expect(page.locator("h1")).to_contain_text("Referral #")
    referral_id = page.url.rstrip("/").split("/")[-1]

    auditor = page.context.browser.new_context(base_url=base_url, locale="en-GB")  # type: ignore[union-attr]
    other = auditor.new_page()
    log_in(other, "auditor@justice.example", PASSWORD)
    other.goto("/en/referrals/")
    other.click(f"text=#{referral_id}")
    other.check("input[name=decision][value=accept]")
    other.click("text=Send the answer")
    section = other.locator("#scope-procedure")
    expect(section).to_contain_text("Procedure status")
    expect(section).to_contain_text("Attestation of immatriculation")
    content = other.content()
    for secret in (NAME, FAMILY, NOTE, DOC_TITLE):
        assert secret not in content
    api = other.request.get(f"/api/v1/referrals/{referral_id}")
    assert api.status == 200
    assert list(api.json()["parts"]) == ["procedure"]
    export = other.request.get(f"/en/referrals/{referral_id}/export/")
    assert export.status == 200
    for response in (api, export):
        for secret in (NAME, FAMILY, NOTE, DOC_TITLE):
            assert secret not in response.text()
    assert other.request.get(f"/api/v1/referrals/{referral_id}/parts/identity").status == 404
    assert other.request.get(f"/en/referrals/{referral_id}/parts/identity/").status == 404

    other.select_option("#id_phase", "prosecution")
    other.fill("#id_started_on", timezone.localdate().isoformat())
    other.click("text=Record the phase")
    expect(other.locator("#phases")).to_contain_text("Prosecution")
    screenshot(other, "referrals-auditor-procedure-scope")
    auditor.close()

    page.goto(f"/en/referrals/cases/{case.pk}/chain/")
    expect(page.locator("#chain")).to_contain_text("Prosecution")
    expect(page.locator("#chain")).to_contain_text("Labour auditor Antwerp")
    page.goto(f"/en/cases/{case.pk}/timeline/")
    expect(page.locator("#timeline")).to_contain_text("Chain: Prosecution")
    screenshot(page, "referrals-centre-chain")
