"""gutmind.mail: the bytes that leave for the relay."""

import email
from email import policy

from django.test import override_settings

from gutmind.mail import assemble, message_domain

TEXT = "Hello Zoë,\n\nHow was today? Café, kimchi — and a walk.\n"
HTML = "<p>Hello Zoë, café — kimchi</p>"


def _raw() -> bytes:
    return assemble("Today’s check-in", TEXT, HTML, "zoe@example.org").message().as_bytes()


def test_non_ascii_bodies_are_quoted_printable_and_seven_bit():
    raw = _raw()
    assert max(raw) < 128
    assert b"Content-Transfer-Encoding: quoted-printable" in raw
    assert b"Zo=C3=AB" in raw
    assert b"8bit" not in raw


def test_quoted_printable_bodies_decode_back_to_the_same_text():
    parsed = email.message_from_bytes(_raw(), policy=policy.default)
    assert parsed.get_body(preferencelist=("plain",)).get_content() == TEXT
    assert parsed.get_body(preferencelist=("html",)).get_content().strip() == HTML
    assert parsed["Subject"] == "Today’s check-in"


@override_settings(SITE_URL="https://gutmind.example.org")
def test_the_message_id_is_on_the_site_domain():
    parsed = email.message_from_bytes(_raw(), policy=policy.default)
    assert parsed["Message-ID"].endswith("@gutmind.example.org>")


@override_settings(SITE_URL="http://127.0.0.1:8000", DEFAULT_FROM_EMAIL="G <hi@mail.example.net>")
def test_on_loopback_the_message_id_takes_the_senders_domain():
    assert message_domain() == "mail.example.net"


def test_a_caller_may_name_its_own_message_id():
    message = assemble("s", "t", "<p>t</p>", "a@example.org", {"Message-ID": "<x.1@example.org>"})
    assert message.message()["Message-ID"] == "<x.1@example.org>"
