"""allauth's pages are the site's own pages: base.html around them, crispy Bootstrap forms."""

import pytest

pytestmark = pytest.mark.django_db

SIGNED_OUT_PAGES = [
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/password/reset/done/",
    "/accounts/confirm-email/",
    "/accounts/confirm-email/not-a-real-key/",
]
SIGNED_IN_PAGES = [
    "/accounts/logout/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/2fa/",
    "/accounts/sessions/",
    "/accounts/reauthenticate/",
]
FORM_PAGES = [
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/email/",
    "/accounts/password/change/",
]
MEDICAL_NOTE = "It gives no diagnosis or medical advice"


def assert_site_layout(html: str) -> None:
    assert '<nav class="navbar' in html
    assert 'href="#main">Skip to main content' in html
    assert MEDICAL_NOTE in html
    assert "/static/css/site.css" in html
    # allauth's bare fallback layout prints a "Menu:" list; ours never does.
    assert "<strong>Menu:</strong>" not in html


@pytest.mark.parametrize("url", SIGNED_OUT_PAGES)
def test_signed_out_allauth_pages_use_the_site_layout(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert_site_layout(response.text)


@pytest.mark.parametrize("url", SIGNED_IN_PAGES)
def test_signed_in_allauth_pages_use_the_site_layout(signed_in_client, url):
    response = signed_in_client.get(url)
    assert response.status_code == 200
    assert_site_layout(response.text)
    # The signed-in navigation, not the signed-out one.
    assert '<a class="nav-link" href="/settings/"' in response.text
    assert 'href="/accounts/signup/"' not in response.text


@pytest.mark.parametrize("url", FORM_PAGES)
def test_allauth_forms_are_rendered_with_bootstrap_classes(client, person, url):
    if url in SIGNED_IN_PAGES:
        client.force_login(person)
    html = client.get(url).text
    assert 'class="mb-3"' in html
    assert "form-control" in html
    assert "<p><label" not in html  # Django's bare as_p layout
    assert 'class="btn btn-touch btn-success"' in html


def test_sign_in_and_sign_up_sit_in_a_card(client):
    for url in ("/accounts/login/", "/accounts/signup/"):
        html = client.get(url).text
        assert 'class="card shadow-sm entrance-card"' in html


def test_allauth_pages_have_one_top_level_heading(client):
    for url in SIGNED_OUT_PAGES:
        assert client.get(url).text.count("<h1") == 1, url


def test_the_page_title_names_the_page_and_the_site(client):
    html = client.get("/accounts/login/").text
    title = html.split("<title>")[1].split("</title>")[0]
    assert " ".join(title.split()) == "Sign In · GutMind"
