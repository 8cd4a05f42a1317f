"""axe finds nothing to fix on the pages a newcomer sees first, nor on settings."""

import pytest

from tests.e2e.conftest import axe_violations, sign_in
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("path", ["/", "/accounts/signup/", "/accounts/login/", "/privacy/"])
def test_public_pages_have_no_accessibility_violations(axe_page, path):
    axe_page.goto(path)
    assert axe_violations(axe_page) == []


def test_a_sign_up_with_errors_has_no_accessibility_violations(axe_page):
    axe_page.goto("/accounts/signup/")
    # The browser's own checks would stop an empty form; the server's messages are what
    # this test looks at, as a browser without that validation would show them.
    axe_page.locator("form").first.evaluate("form => { form.noValidate = true; }")
    axe_page.get_by_role("button", name="Sign Up").click()
    axe_page.wait_for_selector(".invalid-feedback")
    assert axe_violations(axe_page) == []


def test_the_settings_page_has_no_accessibility_violations(axe_page):
    person = UserFactory()
    sign_in(axe_page, person.email, PASSWORD)
    axe_page.goto("/settings/")
    assert axe_violations(axe_page) == []


@pytest.fixture
def wide_axe_page(browser, live_server):
    """A desktop-sized page: the navigation is unfolded, so axe checks its links too."""
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_the_unfolded_navigation_has_no_accessibility_violations(wide_axe_page):
    person = UserFactory(is_staff=True)
    wide_axe_page.goto("/")
    assert axe_violations(wide_axe_page) == []
    sign_in(wide_axe_page, person.email, PASSWORD)
    wide_axe_page.goto("/settings/")
    assert axe_violations(wide_axe_page) == []
