"""Every professional page in a real Chromium, as each role sees it: axe-core finds no serious or
critical problem. The data are those of ``keten demo`` (demo organisations and accounts, files,
reports, signals and referrals); axe is the vendored tests/e2e/assets/axe.min.js."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from keten.accounts.models import Organisation, User
from keten.accounts.roles import OrganisationKind, Role
from keten.cases.demo import (
    DemoAccount,
    create_demo_organisations_and_accounts,
    load_demo_activity,
    load_fictitious_cases,
)
from keten.cases.models import CaseAssignment
from keten.intake.models import Report
from keten.referrals.models import Referral
from keten.screening.models import Handover
from tests.base import PASSWORD, make_person
from tests.e2e.conftest import log_in
from tests.e2e.test_knowledge import serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(base_url: str) -> dict[str, DemoAccount]:
    accounts = {account.email.split("@")[0]: account for account in create_demo_organisations_and_accounts()}
    centres = list(Organisation.objects.filter(kind=OrganisationKind.CENTRE).order_by("pk"))
    workers: dict[int, list[User]] = {}
    for centre in centres:
        workers[centre.pk] = list(
            User.objects.filter(memberships__organisation=centre, memberships__role=Role.SOCIAL_WORKER)
        )
    load_fictitious_cases(30, centres=centres, workers=workers)
    load_demo_activity(3)
    return accounts


@pytest.fixture
def axe_context(browser: Browser, base_url: str) -> Iterator[BrowserContext]:
    # The strict CSP forbids the injected axe script; only this test's browser may bypass it.
    context = browser.new_context(base_url=base_url, bypass_csp=True, locale="en-GB")
    yield context
    context.close()


def check(page: Page, paths: list[str], found: dict[str, Any]) -> None:
    for path in paths:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        violations = serious_violations(page)
        if violations:
            found[path] = violations


def as_person(context: BrowserContext, email: str, password: str) -> Page:
    context.clear_cookies()
    page = context.new_page()
    log_in(page, email, password)
    return page


def test_every_professional_page_passes_axe(
    axe_context: BrowserContext, demo: dict[str, DemoAccount]
) -> None:
    found: dict[str, Any] = {}
    worker = demo["worker1.pag-asa"]
    manager = demo["manager.pag-asa"]
    worker_user = User.objects.get(email=worker.email)
    manager_centre = Organisation.objects.get(memberships__user__email=manager.email)
    case_id = CaseAssignment.objects.filter(user=worker_user).values_list("case_id", flat=True).first()
    report = Report.objects.order_by("pk").first()
    handover = Handover.objects.filter(to_organisation=manager_centre).order_by("pk").first()
    referral = Referral.objects.order_by("pk").first()
    assert case_id and report and handover and referral

    page = as_person(axe_context, worker.email, worker.password)
    check(
        page,
        [
            "/en/accounts/work/",
            "/en/cases/",
            f"/en/cases/{case_id}/",
            *(
                f"/en/cases/{case_id}/{section}/"
                for section in ("guidance", "timeline", "documents", "chain", "people")
            ),
            "/en/cases/deadlines/",
            "/en/cases/calendar/",
            f"/en/cases/{case_id}/export/",
            "/en/screening/",
        ],
        found,
    )
    page.goto(f"/en/cases/{case_id}/export/")
    page.click("text=Prepare the export")
    violations = serious_violations(page)
    if violations:
        found["export ready"] = violations
    page.close()

    page = as_person(axe_context, manager.email, manager.password)
    check(
        page,
        [
            "/en/accounts/work/",
            "/en/cases/",
            "/en/cases/deadlines/?scope=centre",
            "/en/screening/signals/",
            f"/en/screening/signals/{handover.pk}/",
            "/en/figures/statistics/",
        ],
        found,
    )
    page.close()

    operator = demo["operator"]
    page = as_person(axe_context, operator.email, operator.password)
    check(page, ["/en/accounts/work/", "/en/report/inbox/", f"/en/report/inbox/{report.pk}/"], found)
    page.close()

    investigator = demo["investigator"]
    page = as_person(axe_context, investigator.email, investigator.password)
    check(page, ["/en/accounts/work/", "/en/referrals/", f"/en/referrals/{referral.pk}/"], found)
    page.close()

    admin = make_person("installation.admin@keten.example", None, None)
    admin.is_superuser = admin.is_staff = True
    admin.save(update_fields=["is_superuser", "is_staff"])
    page = as_person(axe_context, admin.email, PASSWORD)
    check(
        page,
        ["/en/accounts/work/", "/en/accounts/manage/organisations/", "/en/accounts/manage/people/"],
        found,
    )
    page.close()

    for path, violations in found.items():
        print(path, violations)  # noqa: T201 - the list to fix, shown with pytest -s
    assert found == {}
