from datetime import timedelta

import pytest

from apps.lifestyle.models import DailyLog
from tests.factories import DailyLogFactory, MoodCheckInFactory, checkin_at_local_noon

pytestmark = pytest.mark.django_db


def _url(day) -> str:
    return f"/log/{day:%Y-%m-%d}/"


def test_a_past_day_can_be_logged_and_edited(signed_in_client, person):
    yesterday = person.local_today() - timedelta(days=1)
    response = signed_in_client.post(
        _url(yesterday), {"exercise_minutes": "45", "water_unit": "ml", "water_amount": "900"}
    )
    assert response.status_code == 302
    assert response["Location"] == _url(yesterday)
    signed_in_client.post(_url(yesterday), {"exercise_minutes": "50", "water_unit": "glasses"})
    log = DailyLog.objects.get(person=person)
    assert (log.date, log.exercise_minutes, log.water_ml) == (yesterday, 50, None)


def test_a_past_day_shows_its_values_and_check_ins(signed_in_client, person):
    day = person.local_today() - timedelta(days=3)
    DailyLogFactory(person=person, date=day, exercise_minutes=65)
    checkin = checkin_at_local_noon(person, day, mood=2)
    page = signed_in_client.get(_url(day)).content.decode()
    assert 'value="65"' in page
    assert f"/checkins/{checkin.pk}/edit/" in page
    assert f"/checkins/new/?date={day:%Y-%m-%d}" in page
    assert 'name="checkin-mood"' in page  # the same quick mood as Today


def test_a_future_date_is_refused_with_a_clear_message(signed_in_client, person):
    tomorrow = person.local_today() + timedelta(days=1)
    response = signed_in_client.post(_url(tomorrow), {"exercise_minutes": "45"})
    assert response.status_code == 400
    assert "has not happened yet" in response.content.decode()
    assert not DailyLog.objects.exists()


def test_todays_date_goes_to_the_today_page(signed_in_client, person):
    response = signed_in_client.get(_url(person.local_today()))
    assert response["Location"] == "/today/"


@pytest.mark.parametrize("path", ["/log/2026-02-30/", "/log/2026-13-01/", "/log/yesterday/"])
def test_an_impossible_date_is_not_found(signed_in_client, path):
    assert signed_in_client.get(path).status_code == 404


def test_another_persons_day_is_never_shown_or_changed(signed_in_client, person, other_person):
    day = person.local_today() - timedelta(days=1)
    DailyLogFactory(person=other_person, date=day, exercise_minutes=77)
    MoodCheckInFactory(person=other_person, at=checkin_at_local_noon(other_person, day).at)
    page = signed_in_client.get(_url(day)).content.decode()
    assert 'value="77"' not in page
    signed_in_client.post(_url(day), {"exercise_minutes": "5", "water_unit": "glasses"})
    assert DailyLog.objects.get(person=other_person).exercise_minutes == 77
    assert DailyLog.objects.get(person=person).exercise_minutes == 5
