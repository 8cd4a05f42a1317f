"""Every "today" is the person's own calendar date, whatever the server's clock says."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from apps.lifestyle.models import DailyLog
from apps.mood.models import MoodCheckIn
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _local(zone: str, *args) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo(zone))


@pytest.mark.parametrize(
    ("zone", "local_moment", "expected_day"),
    [
        # Honolulu is UTC-10: 23:30 there is already the next day in UTC.
        ("Pacific/Honolulu", (2026, 6, 15, 23, 30), date(2026, 6, 15)),
        ("Pacific/Honolulu", (2026, 6, 16, 0, 30), date(2026, 6, 16)),
        # Kiritimati is UTC+14: 00:30 there is still the day before in UTC.
        ("Pacific/Kiritimati", (2026, 6, 15, 23, 30), date(2026, 6, 15)),
        ("Pacific/Kiritimati", (2026, 6, 16, 0, 30), date(2026, 6, 16)),
    ],
)
def test_today_and_its_check_in_use_the_persons_local_date(
    client, zone, local_moment, expected_day
):
    person = UserFactory(timezone=zone)
    client.force_login(person)
    with time_machine.travel(_local(zone, *local_moment), tick=False):
        page = client.get("/today/").content.decode()
        client.post(
            "/today/", {"fruit_veg_servings": "4", "water_unit": "glasses", "checkin-mood": "4"}
        )
    assert expected_day.strftime("%A %-d %B") in page
    assert DailyLog.objects.get(person=person).date == expected_day
    checkin = MoodCheckIn.objects.get(person=person)
    assert checkin.local_date == expected_day
    assert checkin.at == _local(zone, *local_moment)


@pytest.mark.parametrize(
    ("local_moment", "expected_day"),
    [
        # London moves its clocks forward at 01:00 UTC on 29 March 2026.
        ((2026, 3, 28, 23, 30), date(2026, 3, 28)),
        ((2026, 3, 29, 0, 30), date(2026, 3, 29)),
        ((2026, 3, 29, 23, 30), date(2026, 3, 29)),  # 22:30 UTC, the first evening of BST
        ((2026, 3, 30, 0, 30), date(2026, 3, 30)),  # 23:30 UTC on the 29th
    ],
)
def test_the_local_date_holds_across_a_dst_change(client, local_moment, expected_day):
    person = UserFactory(timezone="Europe/London")
    client.force_login(person)
    with time_machine.travel(_local("Europe/London", *local_moment), tick=False):
        client.post("/today/", {"sleep_hours": "7", "water_unit": "glasses", "checkin-mood": "3"})
    assert DailyLog.objects.get(person=person).date == expected_day
    assert MoodCheckIn.objects.get(person=person).local_date == expected_day


def test_a_day_that_is_future_for_the_server_but_today_for_the_person_is_today(client):
    person = UserFactory(timezone="Pacific/Kiritimati")
    client.force_login(person)
    # 11:00 UTC on 15 June is 01:00 on 16 June in Kiritimati.
    with time_machine.travel(datetime(2026, 6, 15, 11, tzinfo=ZoneInfo("UTC")), tick=False):
        response = client.get("/log/2026-06-16/")
        assert response.status_code == 302
        assert response["Location"] == "/today/"
        assert client.get("/log/2026-06-17/").status_code == 400


def test_a_new_check_in_at_a_local_evening_time_lands_on_that_local_day(client):
    person = UserFactory(timezone="Pacific/Honolulu")
    client.force_login(person)
    with time_machine.travel(_local("Pacific/Honolulu", 2026, 6, 16, 9, 0), tick=False):
        client.post(
            "/checkins/new/", {"mood": "2", "local_day": "2026-06-15", "local_time": "23:30"}
        )
    checkin = MoodCheckIn.objects.get(person=person)
    assert checkin.local_date == date(2026, 6, 15)
    assert checkin.at == _local("Pacific/Honolulu", 2026, 6, 15, 23, 30)


def test_check_in_times_are_shown_in_the_persons_own_time(client):
    person = UserFactory(timezone="Pacific/Honolulu")
    client.force_login(person)
    with time_machine.travel(_local("Pacific/Honolulu", 2026, 6, 15, 23, 30), tick=False):
        client.post("/today/", {"water_unit": "glasses", "checkin-mood": "4"})
        page = client.get("/today/").content.decode()
    assert ">23:30<" in page
