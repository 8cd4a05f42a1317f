import pytest
from django.test import Client, override_settings
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"
LOGOUT = "/accounts/logout/"


def form_errors(response) -> list[str]:
    return response.context["form"].errors.get("__all__", [])


def test_a_person_signs_in_with_email_and_password_and_lands_on_today(client, person):
    response = client.post(LOGIN, {"login": person.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == "/today/"
    assert client.session["_auth_user_id"] == str(person.pk)


def test_the_email_is_matched_ignoring_case_at_sign_in(client):
    person = UserFactory(email="mixed@example.org")
    client.post(LOGIN, {"login": "MIXED@Example.org", "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(person.pk)


def test_a_wrong_password_gives_the_same_message_whether_or_not_the_email_exists(client, person):
    wrong_password = client.post(LOGIN, {"login": person.email, "password": "not-the-password"})
    no_account = client.post(LOGIN, {"login": "nobody@example.org", "password": "not-the-password"})
    assert wrong_password.status_code == no_account.status_code == 200
    assert form_errors(wrong_password) == form_errors(no_account)
    assert form_errors(wrong_password)
    assert "_auth_user_id" not in client.session


def test_a_signed_out_visitor_is_sent_to_sign_in_from_a_private_page(client):
    response = client.get("/settings/")
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next=/settings/"


def test_the_landing_page_sends_a_signed_in_person_to_today(signed_in_client):
    response = signed_in_client.get("/")
    assert response.status_code == 302
    assert response.url == "/today/"


def test_signing_out_by_get_only_asks_for_confirmation(signed_in_client, person):
    response = signed_in_client.get(LOGOUT)
    assert response.status_code == 200
    assert '<form method="post" action="/accounts/logout/"' in response.text
    assert signed_in_client.session["_auth_user_id"] == str(person.pk)


def test_signing_out_by_post_ends_the_session(signed_in_client):
    response = signed_in_client.post(LOGOUT)
    assert response.status_code == 302
    assert response.url == "/"
    assert "_auth_user_id" not in signed_in_client.session
    assert signed_in_client.get("/settings/").status_code == 302


def test_every_page_offers_sign_out_as_a_post_form(signed_in_client):
    response = signed_in_client.get("/settings/")
    assert '<form method="post" action="/accounts/logout/"' in response.text


@pytest.mark.parametrize(
    ("url", "data"),
    [
        (LOGIN, {"login": "someone@example.org", "password": PASSWORD}),
        ("/accounts/signup/", {"email": "new@example.org"}),
        ("/accounts/password/reset/", {"email": "someone@example.org"}),
    ],
)
def test_a_post_without_a_csrf_token_is_refused(url, data):
    response = Client(enforce_csrf_checks=True).post(url, data)
    assert response.status_code == 403


def test_sign_out_without_a_csrf_token_is_refused_and_keeps_the_session(person):
    client = Client(enforce_csrf_checks=True)
    client.force_login(person)
    response = client.post(LOGOUT)
    assert response.status_code == 403
    assert client.session["_auth_user_id"] == str(person.pk)


def test_settings_save_without_a_csrf_token_is_refused(person):
    client = Client(enforce_csrf_checks=True)
    client.force_login(person)
    response = client.post("/settings/", {"display_name": "X", "timezone": "UTC"})
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.display_name != "X"


def test_repeated_failed_sign_ins_are_eventually_refused_even_with_the_right_password(
    client, person
):
    for _attempt in range(10):
        client.post(LOGIN, {"login": person.email, "password": "guess-guess-guess"})
    response = client.post(LOGIN, {"login": person.email, "password": PASSWORD})
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session
    if response.status_code == 200:
        assert "Too many failed login attempts" in " ".join(form_errors(response))


def test_the_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_admin_sends_a_signed_out_visitor_to_allauths_sign_in(client):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
    assert response.status_code == 200


def test_a_staff_account_reaches_the_admin(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.post(LOGIN, {"login": staff.email, "password": PASSWORD})
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "GutMind content" in response.text


def test_a_signed_in_person_who_is_not_staff_does_not_reach_the_admin(signed_in_client):
    for url in ("/admin/", "/admin/accounts/user/"):
        response = signed_in_client.get(url, follow=True)
        assert response.status_code == 403
        assert "GutMind content" not in response.text


def _sign_in_from_behind_the_proxy(forwarded_for: str, email: str) -> int:
    # The TLS proxy connects from loopback and appends the client's address.
    client = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded_for)
    return client.post(LOGIN, {"login": email, "password": "guess-guess-guess"}).status_code


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1, ACCOUNT_RATE_LIMITS={"login": "3/m/ip"})
def test_two_people_behind_the_proxy_get_separate_sign_in_limits(db):
    statuses = [_sign_in_from_behind_the_proxy("203.0.113.5", "a@example.org") for _ in range(4)]
    assert statuses[-1] == 429
    assert _sign_in_from_behind_the_proxy("198.51.100.7", "b@example.org") == 200


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1, ACCOUNT_RATE_LIMITS={"login": "3/m/ip"})
def test_a_forged_forwarded_for_entry_does_not_escape_the_limit(db):
    for _ in range(3):
        _sign_in_from_behind_the_proxy("203.0.113.5", "a@example.org")
    # The client can prepend anything; the address the proxy appended is still the last one.
    assert _sign_in_from_behind_the_proxy("10.9.9.9, 203.0.113.5", "a@example.org") == 429


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=0, ACCOUNT_RATE_LIMITS={"login": "3/m/ip"})
def test_without_a_proxy_count_everyone_behind_the_proxy_shares_one_limit(db):
    # What the proxy count fixes (and what the test above would see without it).
    for _ in range(3):
        _sign_in_from_behind_the_proxy("203.0.113.5", "a@example.org")
    assert _sign_in_from_behind_the_proxy("198.51.100.7", "b@example.org") == 429
