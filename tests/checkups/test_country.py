import pytest

from apps.accounts.models import User
from tests.accounts.test_signup import SIGNUP, signup_data

pytestmark = pytest.mark.django_db


def test_sign_up_guesses_the_country_from_the_time_zone(client):
    client.post(SIGNUP, signup_data(timezone="America/Toronto"))
    assert User.objects.get().country == "CA"


def test_the_person_chooses_their_country_in_settings(signed_in_client, person):
    response = signed_in_client.post(
        "/settings/", {"display_name": "Ada", "timezone": "Europe/London", "country": "IE"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.country == "IE"
    body = signed_in_client.get("/help/").content.decode()
    assert "Samaritans" in body and "Call 112" in body and "guessed" not in body


def test_an_unknown_country_re_renders_the_settings_with_an_error(signed_in_client, person):
    response = signed_in_client.post(
        "/settings/", {"display_name": "Ada", "timezone": "Europe/London", "country": "XX"}
    )
    assert response.status_code == 200 and "country" in response.context["form"].errors
    person.refresh_from_db()
    assert person.country == ""
