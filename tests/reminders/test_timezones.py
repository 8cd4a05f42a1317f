"""Exactly one reminder per local day, at the right UTC instant, across DST changes.

Beat is simulated every 30 minutes and at each due instant; the expected instants are
worked out by hand from the zones' rules, not by the code under test."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine

from apps.reminders.dispatch import dispatch_due
from apps.reminders.models import Delivery
from tests.factories import UserFactory
from tests.reminders.conftest import make_schedule

TICK = timedelta(minutes=30)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


CASES = [
    pytest.param(
        "America/New_York",
        time(8, 0),
        {
            date(2026, 3, 7): utc(2026, 3, 7, 13, 0),  # EST, UTC-5
            date(2026, 3, 8): utc(2026, 3, 8, 12, 0),  # EDT from 02:00 that day
            date(2026, 3, 9): utc(2026, 3, 9, 12, 0),
        },
        id="new-york-08:00-spring-forward",
    ),
    pytest.param(
        "America/New_York",
        time(2, 30),
        {
            date(2026, 3, 7): utc(2026, 3, 7, 7, 30),
            # 02:30 does not exist: sent at the first instant after it, 03:00 EDT.
            date(2026, 3, 8): utc(2026, 3, 8, 7, 0),
            date(2026, 3, 9): utc(2026, 3, 9, 6, 30),
        },
        id="new-york-02:30-spring-forward-gap",
    ),
    pytest.param(
        "America/New_York",
        time(1, 30),
        {
            date(2026, 3, 8): utc(2026, 3, 8, 6, 30),  # before the change, EST
            date(2026, 3, 9): utc(2026, 3, 9, 5, 30),
        },
        id="new-york-01:30-spring-forward",
    ),
    pytest.param(
        "America/New_York",
        time(8, 0),
        {
            date(2026, 10, 31): utc(2026, 10, 31, 12, 0),
            date(2026, 11, 1): utc(2026, 11, 1, 13, 0),  # EST from 02:00 that day
            date(2026, 11, 2): utc(2026, 11, 2, 13, 0),
        },
        id="new-york-08:00-fall-back",
    ),
    pytest.param(
        "America/New_York",
        time(1, 30),
        {
            date(2026, 10, 31): utc(2026, 10, 31, 5, 30),
            # 01:30 happens twice: sent once, at the first (EDT); not again at 06:30 UTC.
            date(2026, 11, 1): utc(2026, 11, 1, 5, 30),
            date(2026, 11, 2): utc(2026, 11, 2, 6, 30),
        },
        id="new-york-01:30-fall-back-twice",
    ),
    pytest.param(
        "America/New_York",
        time(2, 30),
        {
            date(2026, 10, 31): utc(2026, 10, 31, 6, 30),
            date(2026, 11, 1): utc(2026, 11, 1, 7, 30),
            date(2026, 11, 2): utc(2026, 11, 2, 7, 30),
        },
        id="new-york-02:30-fall-back",
    ),
    pytest.param(
        "Europe/London",
        time(1, 30),
        {
            date(2026, 3, 28): utc(2026, 3, 28, 1, 30),
            date(2026, 3, 29): utc(2026, 3, 29, 1, 0),  # 01:30 skipped: 02:00 BST
            date(2026, 3, 30): utc(2026, 3, 30, 0, 30),
        },
        id="london-01:30-spring-forward-gap",
    ),
    pytest.param(
        "Europe/London",
        time(1, 30),
        {
            date(2026, 10, 24): utc(2026, 10, 24, 0, 30),
            date(2026, 10, 25): utc(2026, 10, 25, 0, 30),  # first 01:30, BST
            date(2026, 10, 26): utc(2026, 10, 26, 1, 30),
        },
        id="london-01:30-fall-back-twice",
    ),
    pytest.param(
        "Australia/Lord_Howe",
        time(2, 15),
        {
            date(2026, 10, 3): utc(2026, 10, 2, 15, 45),  # +10:30
            # The clocks go from 02:00 to 02:30: 02:15 is sent at 02:30 (+11:00).
            date(2026, 10, 4): utc(2026, 10, 3, 15, 30),
            date(2026, 10, 5): utc(2026, 10, 4, 15, 15),
        },
        id="lord-howe-02:15-half-hour-gap",
    ),
    pytest.param(
        "Australia/Lord_Howe",
        time(1, 45),
        {
            date(2026, 4, 4): utc(2026, 4, 3, 14, 45),  # +11:00
            # 01:30 to 02:00 happens twice: the first 01:45 (+11:00) only.
            date(2026, 4, 5): utc(2026, 4, 4, 14, 45),
            date(2026, 4, 6): utc(2026, 4, 5, 15, 15),  # +10:30
        },
        id="lord-howe-01:45-half-hour-overlap",
    ),
    pytest.param(
        "Pacific/Chatham",
        time(8, 0),
        {
            date(2026, 9, 26): utc(2026, 9, 25, 19, 15),  # +12:45
            date(2026, 9, 27): utc(2026, 9, 26, 18, 15),  # +13:45
            date(2026, 9, 28): utc(2026, 9, 27, 18, 15),
        },
        id="chatham-08:00-spring-forward",
    ),
    pytest.param(
        "Pacific/Chatham",
        time(3, 0),
        {
            date(2026, 9, 26): utc(2026, 9, 25, 14, 15),
            date(2026, 9, 27): utc(2026, 9, 26, 14, 0),  # 02:45 jumps to 03:45
            date(2026, 9, 28): utc(2026, 9, 27, 13, 15),
        },
        id="chatham-03:00-gap",
    ),
    pytest.param(
        "Asia/Kathmandu",
        time(8, 0),
        {
            date(2026, 9, 26): utc(2026, 9, 26, 2, 15),  # +5:45 all year
            date(2026, 9, 27): utc(2026, 9, 27, 2, 15),
        },
        id="kathmandu-08:00",
    ),
]


def simulate_beat(person, at: time, start: datetime, end: datetime) -> dict[date, datetime]:
    """Dispatch every TICK and at every due instant; returns {local date: instant sent}."""
    sent: dict[date, datetime] = {}
    with time_machine.travel(start, tick=False) as clock:
        schedule = make_schedule(person, daily_time=at)
        now = start
        while now < end:
            schedule.refresh_from_db()
            due = schedule.next_daily_at
            while now + TICK < min(due, end):
                now += TICK
                clock.move_to(now)
                assert dispatch_due() == [], f"sent early, at {now}"
            if due >= end:
                break
            now = due
            clock.move_to(now)
            created = dispatch_due()
            assert len(created) == 1, f"expected one send at {due}"
            assert dispatch_due() == [], "a second run sent again"
            day = Delivery.objects.get(pk=created[0]).local_date
            assert day not in sent, f"two sends for {day}"
            sent[day] = due
    return sent


@pytest.mark.django_db
@pytest.mark.parametrize(("zone", "at", "expected"), CASES)
def test_one_reminder_per_local_day_at_the_right_instant(zone, at, expected):
    person = UserFactory(timezone=zone)
    first, last = min(expected.values()), max(expected.values())
    sent = simulate_beat(person, at, first - timedelta(hours=30), last + timedelta(hours=12))

    assert {day: sent[day] for day in expected} == expected
    days = sorted(sent)
    assert days == [days[0] + timedelta(days=n) for n in range(len(days))], "a day was missed"
    assert Delivery.objects.filter(person=person).count() == len(sent)


@pytest.mark.django_db
def test_the_second_0130_of_a_fall_back_night_sends_nothing():
    person = UserFactory(timezone="America/New_York")
    with time_machine.travel(utc(2026, 11, 1, 5, 0), tick=False) as clock:
        make_schedule(person, daily_time=time(1, 30))
        clock.move_to(utc(2026, 11, 1, 5, 30, 20))
        assert len(dispatch_due()) == 1
        clock.move_to(utc(2026, 11, 1, 6, 30, 20))  # 01:30 again, now EST
        assert dispatch_due() == []
