"""Browser tests: Playwright driving Debian's Chromium against a live server.

Without Chromium the tests report themselves skipped with the reason; with
REQUIRE_BROWSER=1 (CI) a missing browser fails the run instead. Each module
sets BROWSER_TEST as its pytestmark: a live server needs committed data, and
the serialized rollback puts back what the migrations made after each flush.
"""

import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connections

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make between browser steps are still ordinary synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

BROWSER_TEST = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser(demo_site):
    """A Chromium for one test.

    While Playwright's sync API runs, Django sees a fresh context (its
    connections are context-local), so Playwright starts after the test's
    database set-up and stops before its tear-down; that keeps the flush and the
    serialized rollback working on the connections they were made for.
    """
    if not Path(CHROMIUM).exists():
        reason = f"Chromium not found at {CHROMIUM} (apt-get install chromium chromium-driver)"
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        # Connections the test opened between browser steps belong to Playwright's
        # context; close them now, or PostgreSQL cannot drop the test database.
        connections.close_all()
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def demo_site(live_server, transactional_db):
    """The demo content, served by a live server; yields the server's base URL."""
    call_command("load_demo_content", verbosity=0)
    return live_server.url


@pytest.fixture
def screenshot_dir():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
