import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from allauth.usersessions.models import UserSession
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client

from tests.factories import PASSWORD, UserFactory

NEW_PASSWORD = "quiet-orchard-kettle-42"


def totp_code(secret: str) -> str:
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def password_sign_in(client, person):
    return client.post("/accounts/login/", {"login": person.email, "password": PASSWORD})


@pytest.fixture
def with_totp(person):
    secret = generate_totp_secret()
    TOTP.activate(person, secret)
    return secret


# --- Pages in the site's layout ------------------------------------------------------------------
@pytest.mark.parametrize("url", ["/accounts/2fa/", "/accounts/sessions/"])
def test_security_pages_use_the_site_layout(signed_in_client, url):
    response = signed_in_client.get(url)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="navbar-brand fw-semibold"' in html  # the site header
    assert 'href="/settings/"' in html  # the breadcrumb back to settings
    assert "gives no diagnosis" in html  # the site footer


# --- Two-factor sign-in ------------------------------------------------------------------------
def test_totp_is_turned_on_with_a_code_from_the_authenticator_app(signed_in_client, person):
    signed_in_client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    page = signed_in_client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    secret = signed_in_client.session["mfa.totp.secret"]

    wrong = signed_in_client.post("/accounts/2fa/totp/activate/", {"code": "000000"})
    assert wrong.status_code == 200
    assert not Authenticator.objects.filter(user=person).exists()

    right = signed_in_client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert right.status_code == 302
    assert Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).exists()


def test_with_totp_on_sign_in_asks_for_the_code(client, person, with_totp):
    response = password_sign_in(client, person)

    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/settings/").status_code == 302  # not signed in yet
    refused = client.post("/accounts/2fa/authenticate/", {"code": "123456"})
    assert refused.status_code == 200
    assert "Incorrect code" in refused.content.decode()

    accepted = client.post("/accounts/2fa/authenticate/", {"code": totp_code(with_totp)})

    assert accepted.status_code == 302
    assert client.get("/settings/").status_code == 200


def test_a_recovery_code_signs_in_once(client, person, with_totp):
    code = RecoveryCodes.activate(person).get_unused_codes()[0]

    password_sign_in(client, person)
    accepted = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert accepted.status_code == 302
    assert client.get("/settings/").status_code == 200

    again = Client()
    password_sign_in(again, person)
    refused = again.post("/accounts/2fa/authenticate/", {"code": code})
    assert refused.status_code == 200
    assert again.get("/settings/").status_code == 302


# --- Sessions ----------------------------------------------------------------------------------
def test_sessions_page_lists_each_signed_in_device_and_ends_the_others(person):
    # allauth keeps each session's browser up to date from the requests it makes.
    phone = Client(HTTP_USER_AGENT="Phone browser")
    laptop = Client(HTTP_USER_AGENT="Laptop browser")
    password_sign_in(phone, person)
    password_sign_in(laptop, person)

    page = laptop.get("/accounts/sessions/").content.decode()
    assert "Phone browser" in page and "Laptop browser" in page
    assert UserSession.objects.filter(user=person).count() == 2

    response = laptop.post("/accounts/sessions/")

    assert response.status_code == 302
    assert phone.get("/settings/").status_code == 302  # signed out
    assert laptop.get("/settings/").status_code == 200
    assert UserSession.objects.filter(user=person).count() == 1


def test_one_persons_sessions_page_shows_nobody_elses_sessions(person, other_person):
    mine = Client(HTTP_USER_AGENT="My browser")
    theirs = Client(HTTP_USER_AGENT="Their browser")
    password_sign_in(mine, person)
    password_sign_in(theirs, other_person)

    page = mine.get("/accounts/sessions/").content.decode()

    assert "My browser" in page
    assert "Their browser" not in page


# --- Passwords ---------------------------------------------------------------------------------
def test_passwords_shorter_than_ten_characters_are_refused():
    with pytest.raises(ValidationError, match="at least 10 characters"):
        validate_password("tuba-7-ok")  # nine characters
    validate_password("tuba-7-okay")  # ten


def test_sign_up_with_a_short_password_says_how_long_it_must_be(client, db):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "new@example.org",
            "password1": "tuba-7-ok",
            "password2": "tuba-7-ok",
            "timezone": "UTC",
            "health_data_consent": "on",
        },
    )

    assert response.status_code == 200
    assert "at least 10 characters" in response.content.decode()


# --- Notifications -----------------------------------------------------------------------------
def test_changing_the_password_emails_the_person(signed_in_client, person):
    mail.outbox.clear()

    response = signed_in_client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [[person.email]]
    message = mail.outbox[0]
    assert "password" in message.subject.lower()
    assert message.subject.startswith("[GutMind]")
    assert NEW_PASSWORD not in message.body


def test_changing_the_email_address_notifies_the_old_address(signed_in_client, person):
    old = person.email
    signed_in_client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    signed_in_client.post("/accounts/email/", {"action_add": "", "email": "moved@example.org"})
    confirmation = next(m for m in mail.outbox if m.to == ["moved@example.org"])
    path = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+)", confirmation.body)
    mail.outbox.clear()

    response = signed_in_client.post(path.group(1))

    assert response.status_code == 302
    assert EmailAddress.objects.get_primary(person).email == "moved@example.org"
    notice = [m for m in mail.outbox if m.to == [old]]
    assert len(notice) == 1
    assert "moved@example.org" in notice[0].body


def test_no_one_else_gets_the_notification(signed_in_client, person):
    bystander = UserFactory()
    mail.outbox.clear()

    signed_in_client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert all(bystander.email not in message.to for message in mail.outbox)
