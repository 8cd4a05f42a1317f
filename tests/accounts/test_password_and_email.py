import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "fresh-meadow-lantern-7"


def link_in(message, prefix: str) -> str:
    return re.search(rf"https?://[^/\s]+({re.escape(prefix)}[^\s]+)", message.body).group(1)


def reauthenticate(client) -> None:
    response = client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302


def test_password_reset_emails_a_link_that_sets_a_new_password(client, person):
    response = client.post("/accounts/password/reset/", {"email": person.email.upper()})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [person.email]

    link = link_in(mail.outbox[0], "/accounts/password/reset/key/")
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    done = client.post(set_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302

    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)


def test_password_reset_for_an_unknown_email_looks_the_same_to_the_visitor(client, person):
    known = client.post("/accounts/password/reset/", {"email": person.email})
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url


def test_password_change_needs_the_current_password(signed_in_client, person):
    refused = signed_in_client.post(
        "/accounts/password/change/",
        {"oldpassword": "not-it-at-all", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert refused.status_code == 200
    assert "oldpassword" in refused.context["form"].errors

    accepted = signed_in_client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert accepted.status_code == 302
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    # Still signed in after the change (ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE is off).
    assert signed_in_client.get("/settings/").status_code == 200


def test_changing_the_email_confirms_the_new_address_before_it_becomes_the_login(
    signed_in_client, person
):
    old_email = person.email
    reauthenticate(signed_in_client)
    response = signed_in_client.post(
        "/accounts/email/", {"action_add": "", "email": "Moved@Example.org"}
    )
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["moved@example.org"]
    person.refresh_from_db()
    assert person.email == old_email

    link = link_in(mail.outbox[-1], "/accounts/confirm-email/")
    signed_in_client.post(link)
    assert EmailAddress.objects.get(email="moved@example.org").verified
    person.refresh_from_db()
    assert person.email == "moved@example.org"


def test_an_email_already_used_by_someone_else_never_becomes_this_persons_login(
    signed_in_client, person
):
    UserFactory(email="someone.else@example.org")
    reauthenticate(signed_in_client)
    signed_in_client.post(
        "/accounts/email/", {"action_add": "", "email": "Someone.Else@example.org"}
    )
    # Whatever allauth tells the address's owner, following the link changes nothing.
    for message in mail.outbox:
        if "/accounts/confirm-email/" in message.body:
            response = signed_in_client.post(link_in(message, "/accounts/confirm-email/"))
            assert response.status_code < 500
    person.refresh_from_db()
    assert person.email != "someone.else@example.org"
    assert not EmailAddress.objects.filter(
        user=person, email__iexact="someone.else@example.org", verified=True
    ).exists()


def reset_links_sent_to(client, email: str) -> list[str]:
    mail.outbox.clear()
    client.post("/accounts/password/reset/", {"email": email})
    return [
        message.body for message in mail.outbox if "/accounts/password/reset/key/" in message.body
    ]


def test_adding_an_email_without_a_recent_password_asks_for_it_first(signed_in_client, person):
    # force_login records no authentication: like a session left open on a shared computer.
    response = signed_in_client.post(
        "/accounts/email/", {"action_add": "", "email": "thief@example.org"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
    assert not EmailAddress.objects.filter(email="thief@example.org").exists()
    assert mail.outbox == []


def test_removing_or_switching_an_address_needs_a_recent_password_too(signed_in_client, person):
    EmailAddress.objects.create(user=person, email="second@example.org", verified=True)
    for action in ("action_remove", "action_primary"):
        response = signed_in_client.post(
            "/accounts/email/", {action: "", "email": "second@example.org"}
        )
        assert response["Location"].startswith("/accounts/reauthenticate/")
    assert EmailAddress.objects.get(email="second@example.org").primary is False


def test_a_pending_new_address_cannot_receive_a_password_reset(signed_in_client, person):
    reauthenticate(signed_in_client)
    signed_in_client.post("/accounts/email/", {"action_add": "", "email": "pending@example.org"})
    assert EmailAddress.objects.filter(email="pending@example.org", verified=False).exists()
    assert reset_links_sent_to(Client(), "pending@example.org") == []


def test_after_an_email_change_the_old_address_cannot_reset_the_password(signed_in_client, person):
    old_email = person.email
    reauthenticate(signed_in_client)
    signed_in_client.post("/accounts/email/", {"action_add": "", "email": "moved@example.org"})
    signed_in_client.post(link_in(mail.outbox[-1], "/accounts/confirm-email/"))
    person.refresh_from_db()
    assert person.email == "moved@example.org"

    assert reset_links_sent_to(Client(), old_email) == []
    assert len(reset_links_sent_to(Client(), "moved@example.org")) == 1
