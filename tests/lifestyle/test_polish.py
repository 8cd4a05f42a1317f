"""Small things from the phone walkthrough (issue 16, part 6)."""

from datetime import timedelta

import pytest

from tests.factories import DailyLogFactory, TagFactory, checkin_at_local_noon

pytestmark = pytest.mark.django_db


def test_a_number_that_is_wrong_says_what_to_type(signed_in_client):
    data = {"sleep_hours": "123.456", "fruit_veg_servings": "31", "water_unit": "glasses"}
    page = signed_in_client.post("/today/", data).content.decode()
    assert "Ensure that" not in page and "Ensure this value" not in page
    assert "Enter sleep as a number from 0 to 24 hours, such as 7.5." in page
    assert "Enter fruit &amp; vegetables as a number from 0 to 30 servings, such as 7." in page


def test_examples_under_a_habit_are_not_called_a_guideline(signed_in_client):
    page = signed_in_client.get("/today/").content.decode()
    assert "Guideline:" not in page  # "Yogurt, kefir..." are examples, not a guideline
    assert "Yogurt, kefir" in page and "7 servings a day" in page


def test_history_shows_no_empty_tags_label(signed_in_client, person):
    DailyLogFactory(person=person, date=person.local_today())
    tagged = DailyLogFactory(person=person, date=person.local_today() - timedelta(days=1))
    tagged.tags.add(TagFactory(person=person, name="coffee"))
    page = signed_in_client.get("/history/").content.decode()
    assert "Tags:" not in page
    assert page.count('class="list-inline small mb-0 day-tags"') == 1
    assert ">coffee</span>" in page


def test_a_long_check_in_note_folds(signed_in_client, person):
    checkin_at_local_noon(person, person.local_today(), note="a long day " * 40)
    checkin_at_local_noon(person, person.local_today(), note="short")
    page = signed_in_client.get("/today/").content.decode()
    assert page.count('<details class="checkin-note checkin-note-long') == 1
    assert '<p class="checkin-note small mb-0">short</p>' in page


def test_the_add_button_on_the_tags_page_never_wraps(signed_in_client):
    page = signed_in_client.get("/settings/tags/").content.decode()
    assert "btn btn-success btn-touch text-nowrap flex-shrink-0" in page
    assert "d-flex flex-nowrap gap-2" in page
