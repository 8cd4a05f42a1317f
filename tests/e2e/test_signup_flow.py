"""A newcomer on a phone: sign up, confirm through the emailed link, sign in, set a
timezone, sign out. The live server runs in this process, so mail.outbox sees its emails."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import expect

from apps.accounts.models import User
from tests.e2e.conftest import PHONE, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
# Two cores shared by many processes: give each expectation the page's own patience.
expect.set_options(timeout=10_000)
EMAIL = "river@example.org"
PASSWORD = "slow-tide-over-pebbles-9"


@pytest.fixture
def tokyo_page(browser, live_server):
    """A phone whose clock says Tokyo, so the sign-up page has a zone to pick up."""
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, timezone_id="Asia/Tokyo"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    # Anything the CSP blocks (an inline script or style) is reported on the console.
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    yield page
    context.close()


def confirmation_path(message) -> str:
    url = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    return urlsplit(url).path


def sign_up(page) -> None:
    page.goto("/accounts/signup/")
    expect(page.get_by_label("Time zone")).to_have_value("Asia/Tokyo")
    page.get_by_role("textbox", name="Email").fill(EMAIL)
    page.get_by_role("textbox", name=re.compile(r"^Password\*?$")).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_label("Your name").fill("River")
    page.get_by_label(re.compile("I agree that GutMind stores")).check()
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("verify", re.I))


def sign_out(page) -> None:
    # On a phone the navigation is folded behind the menu button.
    page.get_by_role("button", name="Open the menu").click()
    # Wait for the menu's collapse animation to end: a click during it can miss (seen in CI).
    expect(page.locator(".navbar-collapse.show:not(.collapsing)")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()


def test_a_newcomer_signs_up_confirms_signs_in_sets_a_timezone_and_signs_out(
    tokyo_page, live_server
):
    page = tokyo_page
    sign_up(page)
    person = User.objects.get(email=EMAIL)
    assert (person.display_name, person.timezone) == ("River", "Asia/Tokyo")
    assert person.health_data_consent_at is not None
    assert len(mail.outbox) == 1
    first_email = mail.outbox[0]

    sign_in(page, EMAIL, PASSWORD)
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))

    page.goto(confirmation_path(first_email))
    page.get_by_role("button", name="Confirm").click()
    sign_in(page, EMAIL, PASSWORD)
    expect(page).to_have_url(re.compile(r"/today/$"))

    page.goto("/settings/")
    expect(page.get_by_label("Time zone")).to_have_value("Asia/Tokyo")
    page.get_by_label("Time zone").select_option("America/Chicago")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()
    assert User.objects.get(email=EMAIL).timezone == "America/Chicago"

    sign_out(page)
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Notice what helps you feel better")
    page.goto("/settings/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/settings/$"))
    assert page.console_errors == []


def test_the_browser_asks_for_consent_before_sending_the_form(page):
    """Nothing reaches the server (and no typed password is lost) until the box is ticked."""
    page.goto("/accounts/signup/")
    page.locator("#id_email").fill("consent@example.org")
    page.locator("#id_password1").fill("a-long-enough-password")
    page.locator("#id_password2").fill("a-long-enough-password")
    page.get_by_role("button", name="Sign Up").click()
    consent = page.locator("#id_health_data_consent")
    assert consent.evaluate("box => box.validity.valueMissing")
    assert page.url.endswith("/accounts/signup/")
    assert page.locator("#id_password1").input_value() == "a-long-enough-password"
