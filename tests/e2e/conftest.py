"""End-to-end tests: a real headless Chromium (Debian's package) against a live Keten server.

Playwright drives the browser that Debian installs at /usr/bin/chromium; no browser is ever
downloaded. Screenshots go to var/screenshots/ for people to look at.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.base import current_totp

CHROMIUM = os.environ.get("KETEN_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
# The closed network of the test machines refuses Chromium's own background connections.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

# Playwright's sync API runs an event loop; Django must still allow the test's own DB access.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def ensure_reference_data() -> None:
    """Transactional tests start from an emptied database: put back what migrations seed."""
    from keten.knowledge.models import Centre

    seed = importlib.import_module("keten.knowledge.migrations.0002_seed_centres")
    french = importlib.import_module("keten.knowledge.migrations.0003_centre_addresses_in_french").FRENCH
    for data in seed.CENTRES:
        Centre.objects.update_or_create(slug=data["slug"], defaults={**data, **french.get(data["slug"], {})})


@pytest.fixture
def base_url(live_server: object, transactional_db: None) -> str:
    ensure_reference_data()
    return str(live_server.url)  # type: ignore[attr-defined]


@pytest.fixture
def context(browser: Browser, base_url: str) -> Iterator[BrowserContext]:
    context = browser.new_context(base_url=base_url, locale="en-GB", viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def no_js_page(browser: Browser, base_url: str) -> Iterator[Page]:
    """A page in a browser with JavaScript switched off: everything must still work."""
    context = browser.new_context(base_url=base_url, java_script_enabled=False, locale="en-GB")
    yield context.new_page()
    context.close()


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def log_in(page: Page, email: str, password: str, language: str = "en") -> None:
    """Log in through the real pages: password, then the current code from the authenticator."""
    user = get_user_model().objects.get(email=email)
    page.goto(f"/{language}/accounts/login/")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.fill("input[name=token]", current_totp(user))  # type: ignore[arg-type]
    page.click("main button[type=submit]")
