"""Browser tests: Playwright drives the system's Chromium (/usr/bin/chromium) against
pytest-django's live server. Playwright never downloads a browser here."""

import os
import re
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("GUTMIND_CHROMIUM", "/usr/bin/chromium"))
# Flags that keep Chromium from reaching for Google's services on a closed network.
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
PHONE = {"width": 390, "height": 844}


E2E_DIR = Path(__file__).resolve().parent
BROWSER_SKIP_REASON = f"{CHROMIUM} not installed (apt-get install -y chromium)"


def is_browser_test(item: pytest.Item) -> bool:
    return E2E_DIR in Path(item.path).resolve().parents


def pytest_collection_modifyitems(config, items) -> None:
    # A hook in a folder's conftest still sees every collected item of the session, so it
    # must pick out the browser tests itself: a fresh machine without Chromium runs the rest.
    if CHROMIUM.exists():
        return
    browser_tests = [item for item in items if is_browser_test(item)]
    if browser_tests and os.environ.get("GUTMIND_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"{CHROMIUM} is missing: apt-get install -y chromium")
    skip = pytest.mark.skip(reason=BROWSER_SKIP_REASON)
    for item in browser_tests:
        item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    # No service worker here: its background requests would race the test's own on the
    # in-memory SQLite database. tests/e2e/test_offline.py has the fixture that allows it.
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, service_workers="block")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def axe_page(browser, live_server):
    """A page for accessibility checks: axe is injected as a script, which our own CSP
    would rightly refuse, so this context alone bypasses it."""
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, bypass_csp=True, service_workers="block"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes: "
        f"{', '.join(n['target'][0] for n in v['nodes'][:3])})"
        for v in results.response["violations"]
    ]


def sign_in(page, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
