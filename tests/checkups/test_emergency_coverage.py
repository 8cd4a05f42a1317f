"""Every country the profile offers has a sourced emergency number, or is on the short,
named list of countries for which no source was found; those are told so, with 112."""

from datetime import date

import pytest

from apps.accounts.countries import country_names
from apps.checkups import crisis_lines
from apps.checkups.models import CrisisLine, LineKind
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def shipped_emergency_rows() -> dict[str, list[dict]]:
    rows: dict[str, list[dict]] = {}
    for row in crisis_lines.seed_rows():
        if row["kind"] == LineKind.EMERGENCY:
            rows.setdefault(row["country"], []).append(row)
    return rows


def test_every_offered_country_has_a_sourced_emergency_number_or_is_named_as_unsourced():
    emergency = shipped_emergency_rows()
    for code in country_names():
        if code in crisis_lines.NO_SOURCE_FOUND:
            assert code not in emergency, f"{code} is listed as unsourced but has a number"
            continue
        assert code in emergency, f"{code} has no emergency number and is not on the list"
        for row in emergency[code]:
            assert row["source_url"].startswith("https://") or row["source_url"].startswith(
                "http://"
            ), code
            assert row["source_name"], code
            assert date.fromisoformat(row["found_on"]) <= date(2026, 12, 2), code


def test_the_unsourced_list_is_short_and_names_only_offered_countries():
    assert set(country_names()) >= crisis_lines.NO_SOURCE_FOUND
    assert len(crisis_lines.NO_SOURCE_FOUND) <= 10


def test_every_emergency_number_is_a_short_dialable_number():
    for code, rows in shipped_emergency_rows().items():
        for row in rows:
            digits = row["phone"].replace(" ", "")
            assert digits.isdigit() and 2 <= len(digits) <= 5, (code, row["phone"])


def test_a_country_lists_each_number_once():
    for code, rows in shipped_emergency_rows().items():
        phones = [row["phone"] for row in rows]
        assert len(phones) == len(set(phones)), code


@pytest.mark.parametrize("code", sorted(crisis_lines.NO_SOURCE_FOUND))
def test_the_help_page_for_an_unsourced_country_says_so_and_offers_112(client, code):
    body = client.get(f"/help/?country={code}").content.decode()
    name = country_names()[code]
    assert f"no checked emergency number for {name}" in body.replace("&amp;", "&")
    assert 'href="tel:112"' in body and "we found no page that names one" in body
    assert "nearest emergency department" in body


def test_a_person_whose_profile_names_an_unsourced_country_is_told_so(client):
    person = UserFactory(country="AQ")
    client.force_login(person)
    body = client.get("/help/").content.decode()
    assert "no checked emergency number for Antarctica" in body
    assert 'href="tel:112"' in body


def test_the_help_page_offers_every_country_to_choose(client):
    body = client.get("/help/").content.decode()
    assert body.count("<option") == len(country_names()) + 1  # and "Choose a country"


def test_japan_shows_its_ambulance_and_police_numbers_from_a_city_page(client):
    body = client.get("/help/?country=JP").content.decode()
    assert 'href="tel:119"' in body and 'href="tel:110"' in body
    assert body.index("tel:119") < body.index("tel:110")  # the ambulance first


def test_a_country_sourced_from_libphonenumber_shows_its_numbers(client):
    body = client.get("/help/?country=KE").content.decode()
    assert 'href="tel:112"' in body and 'href="tel:999"' in body
    kenya = CrisisLine.objects.filter(country="KE", kind=LineKind.EMERGENCY)
    assert {line.source_url for line in kenya} == {
        "https://github.com/google/libphonenumber/blob/master/resources/ShortNumberMetadata.xml"
    }


def test_canadas_911_no_longer_rests_on_a_church_news_page():
    line = CrisisLine.objects.get(country="CA", kind=LineKind.EMERGENCY)
    assert line.phone == "911" and "brampton.ca" in line.source_url


def test_an_old_canadian_row_is_moved_onto_the_new_source_and_an_edited_one_is_not():
    old = "https://richmondhilluc.ca/news/988-hotline-launched"
    line = CrisisLine.objects.get(country="CA", kind=LineKind.EMERGENCY)
    CrisisLine.objects.filter(pk=line.pk).update(source_url=old, source_name="Church news")
    assert crisis_lines.refresh_source(CrisisLine, "CA", line.name, old) == 1
    line.refresh_from_db()
    assert "brampton.ca" in line.source_url and "Brampton" in line.source_name
    CrisisLine.objects.filter(pk=line.pk).update(source_url="https://example.org/staff-found")
    assert crisis_lines.refresh_source(CrisisLine, "CA", line.name, old) == 0


def test_116_123_is_offered_only_where_a_named_source_says_it_works():
    rows = [row for row in crisis_lines.seed_rows() if row["phone"].replace(" ", "") == "116123"]
    assert {row["country"] for row in rows} == {"GB", "IE", "PL"}
    for row in rows:
        assert row["source_url"].startswith("http") and row["source_name"]


@pytest.mark.parametrize(
    ("code", "phone"),
    [("NL", "0800 0113"), ("BE", "1813"), ("ES", "024"), ("AT", "142"), ("SE", "90101")],
)
def test_eu_states_show_their_national_suicide_prevention_line(client, code, phone):
    body = client.get(f"/help/?country={code}").content.decode()
    assert f"Call {phone}" in body and 'href="tel:112"' in body


def test_a_country_whose_lines_staff_removed_is_not_called_unsourced(client):
    CrisisLine.objects.filter(country="GB").delete()
    body = client.get("/help/?country=GB").content.decode()
    assert "no checked emergency number for Britain (UK)." in body
    assert "we found no page" not in body and 'href="tel:112"' in body
