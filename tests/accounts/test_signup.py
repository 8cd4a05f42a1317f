import re

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from apps.accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
SIGNUP = "/accounts/signup/"
NEW_PASSWORD = "quiet-river-stones-42"


def signup_data(**overrides) -> dict:
    data = {
        "email": "new.person@example.org",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "display_name": "Robin",
        "timezone": "America/New_York",
        "health_data_consent": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def confirmation_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body).group(1)


@time_machine.travel("2026-03-01 09:30:00+00:00", tick=False)
def test_signing_up_records_the_profile_and_when_consent_was_given(client):
    response = client.post(SIGNUP, signup_data())
    assert response.status_code == 302
    user = User.objects.get(email="new.person@example.org")
    assert user.display_name == "Robin"
    assert user.timezone == "America/New_York"
    assert user.health_data_consent_at.isoformat() == "2026-03-01T09:30:00+00:00"
    assert user.check_password(NEW_PASSWORD)


def test_sign_up_without_consent_is_refused_with_an_explanation(client):
    response = client.post(SIGNUP, signup_data(health_data_consent=None))
    assert response.status_code == 200
    assert "tick the box" in response.context["form"].errors["health_data_consent"][0]
    assert not User.objects.exists()


def test_the_consent_box_links_the_privacy_page(client):
    response = client.get(SIGNUP)
    assert 'name="health_data_consent"' in response.text
    assert f'href="{reverse("privacy")}"' in response.text


def test_sign_up_sends_a_confirmation_email_and_does_not_sign_in(client):
    response = client.post(SIGNUP, signup_data())
    assert response.url == reverse("account_email_verification_sent")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.person@example.org"]
    assert "/accounts/confirm-email/" in message.body
    assert message.subject.startswith("[GutMind] ")
    assert message.body.startswith("Hello from GutMind!")
    assert "testserver!" not in message.body
    assert "_auth_user_id" not in client.session
    assert not EmailAddress.objects.get(email="new.person@example.org").verified


def test_signing_in_before_confirming_is_refused_and_resends_the_link(client):
    with time_machine.travel("2026-03-01 09:00:00+00:00", tick=False):
        client.post(SIGNUP, signup_data())
    mail.outbox.clear()
    # allauth resends a link at most once every few minutes.
    with time_machine.travel("2026-03-01 09:10:00+00:00", tick=False):
        response = client.post(
            "/accounts/login/", {"login": "new.person@example.org", "password": NEW_PASSWORD}
        )
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1


def test_the_confirmation_link_asks_for_a_post_and_then_confirms(client):
    client.post(SIGNUP, signup_data())
    link = confirmation_link(mail.outbox[0])

    shown = client.get(link)
    assert shown.status_code == 200
    assert not EmailAddress.objects.get(email="new.person@example.org").verified
    assert '<form method="post"' in shown.text

    client.post(link)
    assert EmailAddress.objects.get(email="new.person@example.org").verified
    signed_in = client.post(
        "/accounts/login/", {"login": "new.person@example.org", "password": NEW_PASSWORD}
    )
    assert signed_in.url == "/today/"
    assert client.session["_auth_user_id"] == str(User.objects.get().pk)


@pytest.mark.parametrize("email", ["taken@example.org", "Taken@Example.org", "TAKEN@EXAMPLE.ORG"])
def test_signing_up_with_a_taken_email_looks_like_any_sign_up_and_tells_the_owner(client, email):
    UserFactory(email="taken@example.org")
    fresh = Client().post(SIGNUP, signup_data(email="nobody.yet@example.org"))
    mail.outbox.clear()

    response = client.post(SIGNUP, signup_data(email=email))
    assert response.status_code == fresh.status_code == 302
    assert response.url == fresh.url == reverse("account_email_verification_sent")
    page = client.get(response.url)
    assert "already exists" not in page.text
    assert User.objects.filter(email__iexact="taken@example.org").count() == 1
    # The owner hears about it, in their own inbox, with no confirmation link to follow.
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to[0].lower() == "taken@example.org"
    assert "/accounts/confirm-email/" not in mail.outbox[0].body
    assert "/accounts/password/reset/" in mail.outbox[0].body


def test_the_sign_up_page_never_says_an_email_has_an_account(client):
    UserFactory(email="taken@example.org")
    response = client.post(SIGNUP, signup_data(email="taken@example.org"), follow=True)
    assert "already" not in response.text.lower()
    assert "exists" not in response.text.lower()


def test_an_unknown_timezone_is_a_form_error(client):
    response = client.post(SIGNUP, signup_data(timezone="Mars/Olympus_Mons"))
    assert response.status_code == 200
    assert "timezone" in response.context["form"].errors
    assert not User.objects.exists()


def test_a_weak_password_is_a_form_error(client):
    response = client.post(SIGNUP, signup_data(password1="password", password2="password"))
    assert response.status_code == 200
    assert "password1" in response.context["form"].errors
    assert not User.objects.exists()


def test_the_sign_up_page_fills_the_timezone_from_the_browser(client):
    response = client.get(SIGNUP)
    assert 'src="/static/js/timezone.js"' in response.text
    assert re.search(r'<select name="timezone"[^>]*data-browser-timezone="true"', response.text)


def test_sign_up_asks_for_the_login_details_first_and_consent_last(client):
    fields = list(client.get(SIGNUP).context["form"].fields)
    assert fields[:3] == ["email", "password1", "password2"]
    assert fields[-1] == "health_data_consent"
