import pytest

from apps.accounts.countries import guess_country
from apps.checkups import crisis_lines
from apps.checkups.models import CrisisLine, LineKind
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("zone", "country"),
    [
        ("Europe/London", "GB"),
        ("America/Toronto", "CA"),
        ("Europe/Oslo", "NO"),
        ("Australia/Sydney", "AU"),
        ("Europe/Berlin", "DE"),
        ("UTC", ""),
    ],
)
def test_the_country_is_guessed_from_the_time_zone(zone, country):
    assert guess_country(zone) == country


def test_every_shipped_line_names_its_source_page_and_date():
    rows = crisis_lines.seed_rows()
    assert rows
    for row in rows:
        assert row["source_url"].startswith("http") and row["source_name"], row["name"]
        assert row["found_on"] and row["last_verified"]
    countries = {row["country"] for row in rows if row["kind"] == "emergency"}
    assert {"GB", "US", "CA", "AU", "NZ", "DE", "FR", "IE"} <= countries


def test_the_data_migration_seeded_the_lines_and_seeding_again_adds_nothing():
    assert CrisisLine.objects.count() == len(crisis_lines.seed_rows())
    assert crisis_lines.seed(CrisisLine) == 0


def test_seeding_keeps_what_staff_edited():
    line = CrisisLine.objects.get(country="GB", name="Samaritans")
    line.hours = "Edited by staff"
    line.save()
    crisis_lines.seed(CrisisLine)
    line.refresh_from_db()
    assert line.hours == "Edited by staff"


def test_the_help_page_is_public_and_says_when_the_list_was_checked(client):
    response = client.get("/help/?country=US")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'href="tel:988"' in body and 'href="tel:911"' in body
    assert "last checked on 1 December 2026" in body


def test_the_help_page_uses_the_persons_country_or_its_guess(client):
    person = UserFactory(timezone="Australia/Sydney")
    client.force_login(person)
    body = client.get("/help/").content.decode()
    assert "13 11 14" in body and "Call 000" in body and "guessed Australia" in body
    person.country = "NZ"
    person.save()
    body = client.get("/help/").content.decode()
    assert "1737" in body and "guessed" not in body


def test_a_country_without_a_known_line_shows_its_emergency_number(client):
    body = client.get("/help/?country=EE").content.decode()
    assert "Call 112" in body and "no checked crisis line for Estonia" in body


def test_a_country_without_any_number_says_so_and_says_what_to_do(client):
    person = UserFactory(timezone="Antarctica/Troll")
    client.force_login(person)
    body = client.get("/help/").content.decode()
    assert "no checked emergency number for Antarctica" in body
    assert "local emergency number" in body


def test_a_bad_country_parameter_is_not_an_error(client):
    assert client.get("/help/?country=%00zz").status_code == 200


def test_every_page_links_to_help_signed_in_or_not(client, person):
    assert 'href="/help/">Need help now?' in client.get("/").content.decode()
    assert 'href="/help/">Need help now?' in client.get("/articles/").content.decode()
    client.force_login(person)
    for path in ("/today/", "/checkups/", "/settings/"):
        assert 'href="/help/">Need help now?' in client.get(path).content.decode(), path


def test_the_emergency_numbers_are_dialable_links():
    line = CrisisLine.objects.get(country="DE", name="TelefonSeelsorge")
    assert line.tel == "08001110111"
    assert CrisisLine.objects.filter(kind=LineKind.EMERGENCY, country="GB").get().phone == "999"
