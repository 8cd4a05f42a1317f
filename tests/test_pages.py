import pytest

pytestmark = pytest.mark.django_db


def test_the_landing_page_says_what_gutmind_does_to_signed_out_visitors(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.text
    assert "<h1" in html and "Notice what helps you feel better" in html
    assert 'href="/accounts/signup/"' in html
    assert 'href="/accounts/login/"' in html
    assert 'href="/privacy/"' in html


def test_the_signed_out_navigation_offers_sign_in_and_sign_up_only(client):
    html = client.get("/").text
    assert ">Sign in</a>" in html and ">Sign up</a>" in html
    assert 'href="/settings/"' not in html
    assert "Sign out" not in html


def test_the_signed_in_navigation_reaches_every_section(signed_in_client):
    html = signed_in_client.get("/settings/").text
    for label in ("Today", "Settings", "Sign out"):
        assert f">{label}<" in html
    assert ">Sign up</a>" not in html


def test_every_page_has_a_skip_link_to_the_main_content(client):
    html = client.get("/privacy/").text
    assert '<a class="visually-hidden-focusable skip-link" href="#main">' in html
    assert '<main id="main"' in html


def test_every_page_says_gutmind_gives_no_medical_advice(client):
    assert "gives no diagnosis or medical advice" in client.get("/").text


def test_the_privacy_page_says_what_is_stored_who_sees_it_and_how_to_leave(client):
    response = client.get("/privacy/")
    assert response.status_code == 200
    html = response.text
    for heading in ("What is stored", "Who can see it", "Take it with you, or delete it"):
        assert heading in html
    assert "<strong>Export</strong>" in html
    assert "<strong>Delete</strong>" in html


def test_the_site_works_on_a_phone(client):
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in (
        client.get("/").text
    )


def test_robots_txt_keeps_crawlers_out_of_private_pages_and_names_the_sitemap(client, settings):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /accounts/" in body and "Disallow: /api/" in body
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in body


def test_favicon_ico_points_at_the_svg_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("/img/favicon.svg")
