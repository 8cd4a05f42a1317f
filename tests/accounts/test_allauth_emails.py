"""allauth's emails go out as ours do: through gutmind.mail, text and HTML in our layout, a
Message-ID on the site's domain, quoted-printable bodies."""

import email
from email import policy

import pytest
from django.core import mail
from django.test import override_settings

from tests.accounts.test_signup import SIGNUP, signup_data

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("_production_site"),
]


@pytest.fixture
def _production_site():
    with override_settings(
        SITE_URL="https://gutmind.example.org",
        DEFAULT_FROM_EMAIL="GutMind <hello@mail.gutmind.example.org>",
    ):
        yield


def _parsed(message) -> email.message.EmailMessage:
    return email.message_from_bytes(message.message().as_bytes(), policy=policy.default)


def _sent_on_sign_up(client, **overrides):
    client.post(SIGNUP, signup_data(**overrides))
    assert len(mail.outbox) == 1
    return mail.outbox[0]


def test_the_confirmation_email_has_our_html_layout_beside_the_text(client):
    message = _sent_on_sign_up(client)
    html = dict((mimetype, content) for content, mimetype in message.alternatives)["text/html"]
    assert "It gives no diagnosis or medical advice" in html  # our layout's footer
    assert "background:#198754" in html  # our layout's header band
    link = next(word for word in message.body.split() if "/accounts/confirm-email/" in word)
    assert f'href="{link}"' in html
    assert "Hello from GutMind!" in message.body


def test_the_confirmation_email_has_a_message_id_on_the_site_domain(client):
    parsed = _parsed(_sent_on_sign_up(client))
    assert parsed["Message-ID"].endswith("@gutmind.example.org>")
    assert parsed["From"] == "GutMind <hello@mail.gutmind.example.org>"


def test_allauth_bodies_go_out_as_quoted_printable_seven_bit(client):
    message = _sent_on_sign_up(client, display_name="Zoë Ångström")
    raw = message.message().as_bytes()
    assert max(raw) < 128  # nothing 8-bit for a relay to re-encode
    parsed = email.message_from_bytes(raw, policy=policy.default)
    for part in parsed.walk():
        if part.get_content_maintype() == "text":
            assert part["Content-Transfer-Encoding"] == "quoted-printable"


def test_the_password_reset_email_goes_through_the_same_helper(client, person):
    client.post("/accounts/password/reset/", {"email": person.email})
    message = mail.outbox[-1]
    parsed = _parsed(message)
    assert parsed["Message-ID"].endswith("@gutmind.example.org>")
    html = parsed.get_body(preferencelist=("html",)).get_content()
    assert "/accounts/password/reset/key/" in html
    assert "It gives no diagnosis or medical advice" in html


def test_the_notice_to_the_owner_of_a_taken_address_has_the_layout_too(client, person):
    client.post(SIGNUP, signup_data(email=person.email))
    parsed = _parsed(mail.outbox[-1])
    assert parsed.get_body(preferencelist=("html",)) is not None
    assert parsed["Message-ID"].endswith("@gutmind.example.org>")
