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
