from datetime import timedelta

import pytest

from apps.lifestyle.views import HISTORY_PAGE_SIZE
from tests.factories import DailyLogFactory, TagFactory, checkin_at_local_noon

pytestmark = pytest.mark.django_db


def test_days_are_listed_newest_first_with_a_summary(signed_in_client, person):
    today = person.local_today()
    old = DailyLogFactory(person=person, date=today - timedelta(days=5), fruit_veg_servings=3)
    old.tags.add(TagFactory(person=person, name="walk outside"))
    checkin_at_local_noon(person, today - timedelta(days=2), mood=4)
    checkin_at_local_noon(person, today - timedelta(days=2), mood=5)
    page = signed_in_client.get("/history/").content.decode()
    newer = page.index(f"/log/{today - timedelta(days=2):%Y-%m-%d}/")
    older = page.index(f"/log/{today - timedelta(days=5):%Y-%m-%d}/")
    assert newer < older
    assert "Mood 4.5 (great)" in page
    assert "2 check-ins" in page
    assert "Fruit &amp; veg 3" in page
    assert "walk outside" in page


def test_history_is_paginated(signed_in_client, person):
    today = person.local_today()
    for n in range(HISTORY_PAGE_SIZE + 2):
        DailyLogFactory(person=person, date=today - timedelta(days=n))
    first = signed_in_client.get("/history/").content.decode()
    second = signed_in_client.get("/history/?page=2").content.decode()
    assert first.count('class="day-row') == HISTORY_PAGE_SIZE
    assert second.count('class="day-row') == 2
    assert "Older days" in first
    assert "Newer days" in second


def test_history_shows_nothing_of_another_person(signed_in_client, other_person):
    DailyLogFactory(person=other_person)
    page = signed_in_client.get("/history/").content.decode()
    assert "Nothing logged yet" in page


def test_an_empty_history_invites_a_first_log(signed_in_client):
    assert "Log today" in signed_in_client.get("/history/").content.decode()


def test_the_date_picker_opens_the_chosen_day(signed_in_client, person):
    yesterday = person.local_today() - timedelta(days=1)
    response = signed_in_client.get("/log/", {"date": yesterday.isoformat()})
    assert response.status_code == 302
    assert response["Location"] == f"/log/{yesterday.isoformat()}/"


@pytest.mark.parametrize("raw", ["", "yesterday", "2026-02-30"])
def test_the_date_picker_explains_a_date_it_cannot_read(signed_in_client, raw):
    response = signed_in_client.get("/log/", {"date": raw}, follow=True)
    assert response.redirect_chain[-1][0] == "/history/"
    assert b"Pick a date" in response.content


def test_a_sleep_of_seven_and_a_half_hours_reads_7_5_in_the_history(signed_in_client, person):
    DailyLogFactory(person=person, date=person.local_today(), sleep_hours="7.50", gut_comfort=4)
    content = signed_in_client.get("/history/").content.decode()
    assert "Sleep 7.5 h" in content
    assert "Gut comfort 4/5" in content
