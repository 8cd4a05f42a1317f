import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
SETTINGS = "/settings/"


def test_the_settings_page_shows_the_persons_own_profile(signed_in_client, person):
    response = signed_in_client.get(SETTINGS)
    assert response.status_code == 200
    assert person.email in response.text
    assert response.context["form"].instance == person
    assert response.context["form"].initial["timezone"] == "Europe/London"


def test_saving_the_profile_changes_name_and_timezone(signed_in_client, person):
    response = signed_in_client.post(
        SETTINGS, {"display_name": "Ngozi", "timezone": "Africa/Lagos"}, follow=True
    )
    assert response.redirect_chain == [(SETTINGS, 302)]
    assert "Your profile is saved." in response.text
    person.refresh_from_db()
    assert person.display_name == "Ngozi"
    assert person.timezone == "Africa/Lagos"


def test_an_unknown_timezone_re_renders_the_form_with_an_error(signed_in_client, person):
    response = signed_in_client.post(
        SETTINGS, {"display_name": "Ngozi", "timezone": "Atlantis/Capital"}
    )
    assert response.status_code == 200
    assert "timezone" in response.context["form"].errors
    assert "is-invalid" in response.text
    person.refresh_from_db()
    assert person.timezone == "Europe/London"
    assert person.display_name != "Ngozi"


def test_the_settings_form_cannot_change_the_email_or_staff_flag(signed_in_client, person):
    signed_in_client.post(
        SETTINGS,
        {
            "display_name": "Sneaky",
            "timezone": "UTC",
            "email": "other@example.org",
            "is_staff": "on",
        },
    )
    person.refresh_from_db()
    assert person.display_name == "Sneaky"
    assert person.email != "other@example.org"
    assert not person.is_staff


def test_saving_changes_only_the_signed_in_persons_profile(signed_in_client, person):
    other = UserFactory(display_name="Unchanged", timezone="Asia/Tokyo")
    signed_in_client.post(SETTINGS, {"display_name": "Mine", "timezone": "UTC"})
    other.refresh_from_db()
    assert (other.display_name, other.timezone) == ("Unchanged", "Asia/Tokyo")


def test_the_settings_page_needs_a_signed_in_person(client):
    response = client.get(SETTINGS)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_the_settings_page_links_the_account_pages(signed_in_client):
    html = signed_in_client.get(SETTINGS).text
    for url in ("/accounts/email/", "/accounts/password/change/", "/accounts/sessions/"):
        assert f'href="{url}"' in html
