"""The training in a real Chromium: the public demo without JavaScript on a 320 px phone, a trainee
who answers a case and reads the feedback, and axe-core finding no serious problem on any page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from keten.accounts.models import Organisation
from keten.accounts.roles import OrganisationKind, Role
from keten.training.models import Attempt, TrainingGroup
from tests.base import PASSWORD, make_person
from tests.e2e.conftest import log_in, screenshot
from tests.e2e.test_knowledge import serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def next_step(page: Page) -> None:
    page.click("button[name=go][value=next]")


def answer_loverboy(page: Page) -> None:
    """Lisa's case, answered right except for the means (a frequent miss)."""
    page.fill("input[name=age]", "16")
    page.fill("input[name=nationality]", "Belgium")
    next_step(page)
    for act in ("recruitment", "harbouring", "control"):
        page.check(f"input[name=acts][value={act}]")
    next_step(page)
    page.check("input[name=purposes][value=sexual]")
    next_step(page)
    page.check("input[name=consent][value=yes]")
    next_step(page)
    page.check("input[name=crossed_irregularly][value=no]")
    next_step(page)
    next_step(page)
    page.fill("input[name=postal_code]", "2000")
    next_step(page)


def fits_the_width(page: Page, width: int) -> bool:
    return bool(page.evaluate(f"document.documentElement.scrollWidth <= {width}"))


def test_a_visitor_tries_a_demo_case_on_a_phone_without_javascript(browser: Browser, base_url: str) -> None:
    context = browser.new_context(
        base_url=base_url, java_script_enabled=False, locale="en-GB", viewport={"width": 320, "height": 700}
    )
    page = context.new_page()
    page.goto("/en/recognising-a-victim/")
    page.click("text=Try three cases without logging in")
    expect(page.locator("h1")).to_have_text("Training for professionals: try three cases")
    page.click("text=Lisa and her new boyfriend")
    expect(page.locator("h1")).to_have_text("Lisa and her new boyfriend")
    expect(page.locator(".training-story")).to_contain_text("Lisa is 16 and Belgian")
    assert fits_the_width(page, 320)
    answer_loverboy(page)

    expect(page.locator("h1")).to_have_text("Feedback: Lisa and her new boyfriend")
    expect(page.locator("[data-score]")).to_have_text("You got 7 of 8 elements right.")
    expect(page.locator("tr[data-element=aggravation]")).to_have_attribute("data-correct", "no")
    expect(page.locator("tr[data-element=consent]")).to_have_attribute("data-correct", "yes")
    expect(page.locator("tr[data-element=consent]")).to_contain_text("433quinquies §1, last sentence")
    assert fits_the_width(page, 320)
    screenshot(page, "training-demo-feedback-320")
    assert context.cookies() == []
    assert Attempt.objects.count() == 0
    context.close()


@pytest.fixture
def trainee(base_url: str) -> Iterator[str]:
    centre = Organisation.objects.create(name="Payoke", kind=OrganisationKind.CENTRE, slug="payoke")
    worker = make_person("worker@payoke.example", centre, Role.SOCIAL_WORKER)
    trainer = make_person("trainer@payoke.example", centre, Role.TRAINER)
    group = TrainingGroup.objects.create(
        name="First week", organisation=centre, trainer=trainer, case_ids=["01-loverboy"]
    )
    group.members.set([worker])
    yield "worker@payoke.example"


def test_a_trainee_answers_a_case_and_prints_the_certificate(page: Page, trainee: str) -> None:
    page.set_viewport_size({"width": 320, "height": 700})
    log_in(page, trainee, PASSWORD)
    page.goto("/en/training/")
    page.click("text=Lisa and her new boyfriend")
    answer_loverboy(page)
    expect(page.locator("[data-score]")).to_have_text("You got 7 of 8 elements right.")
    assert Attempt.objects.filter(case_id="01-loverboy").count() == 1
    page.goto("/en/training/progress/")
    expect(page.locator("main")).to_contain_text("Means and other aggravating circumstances: missed 1 time")
    page.goto("/en/training/")
    link = page.locator("a", has_text="Your certificate (PDF)")
    expect(link).to_be_visible()
    response = page.request.get(link.get_attribute("href") or "")
    assert response.headers["content-type"] == "application/pdf"


def test_it_passes_axe_on_the_training_pages(browser: Browser, base_url: str, trainee: str) -> None:
    problems = {}
    context = browser.new_context(base_url=base_url, bypass_csp=True, locale="en-GB")
    page = context.new_page()

    def check(name: str) -> None:
        for width in (320, 1280):
            page.set_viewport_size({"width": width, "height": 800})
            violations = serious_violations(page)
            if violations:
                problems[f"{name} at {width}px"] = violations
            assert fits_the_width(page, width) or width > 320, f"{name} is wider than {width}px"

    for language in ("nl", "fr", "en"):
        page.goto(f"/{language}/training/demo/")
        check(f"{language} demo list")
        page.goto(f"/{language}/training/demo/23-truck-park/")
        check(f"{language} demo step")
        for _ in range(7):
            next_step(page)
        check(f"{language} demo feedback")

    log_in(page, trainee, PASSWORD)
    page.goto("/en/training/")
    check("library")
    page.goto("/en/training/cases/13-sleeping-in-the-kitchen/")
    for _ in range(7):
        next_step(page)
    check("feedback")
    page.goto("/en/training/progress/")
    check("progress")
    context.close()

    context = browser.new_context(base_url=base_url, bypass_csp=True, locale="en-GB")
    page = context.new_page()
    log_in(page, "trainer@payoke.example", PASSWORD)
    page.goto("/en/training/groups/")
    check("groups")
    page.click("text=First week")
    check("group")
    context.close()
    assert not problems, problems
