import threading
from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from apps.reminders import dispatch
from apps.reminders.dispatch import dispatch_due, queue_sends
from apps.reminders.models import Delivery, Kind, ReminderSchedule
from tests.factories import DailyLogFactory, UserFactory
from tests.reminders.conftest import make_schedule

MONDAY_0700_UTC = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    with time_machine.travel(MONDAY_0700_UTC, tick=False) as traveller:
        yield traveller


def london_person(**schedule):
    person = UserFactory(timezone="Europe/London")
    make_schedule(person, **schedule)
    return person


@pytest.mark.django_db
def test_a_due_reminder_becomes_one_delivery_and_moves_to_tomorrow(clock):
    person = london_person(daily_time=time(8, 0))
    clock.move_to(datetime(2026, 11, 23, 8, 0, 30, tzinfo=UTC))

    [delivery_id] = dispatch_due()

    delivery = Delivery.objects.get(pk=delivery_id)
    assert (delivery.person, delivery.kind, delivery.local_date) == (
        person,
        Kind.DAILY,
        date(2026, 11, 23),
    )
    assert delivery.status == Delivery.Status.QUEUED
    schedule = ReminderSchedule.objects.get(person=person)
    assert schedule.next_daily_at == datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


@pytest.mark.django_db
def test_nothing_is_sent_before_its_time(clock):
    london_person(daily_time=time(8, 0))
    clock.move_to(datetime(2026, 11, 23, 7, 59, 59, tzinfo=UTC))
    assert dispatch_due() == []


@pytest.mark.django_db
def test_dispatch_twice_creates_one_delivery(clock):
    london_person(daily_time=time(8, 0))
    clock.move_to(datetime(2026, 11, 23, 8, 1, tzinfo=UTC))
    assert len(dispatch_due()) == 1
    assert dispatch_due() == []
    assert Delivery.objects.count() == 1


@pytest.mark.django_db
def test_a_stale_claim_loses_to_the_dispatcher_that_moved_the_schedule(clock):
    """The conditional update: a dispatcher that read the old next_daily_at and comes second
    claims nothing and writes no delivery."""
    london_person(daily_time=time(8, 0))
    clock.move_to(datetime(2026, 11, 23, 8, 1, tzinfo=UTC))
    rows = dispatch._due_rows(Kind.DAILY, datetime(2026, 11, 23, 8, 1, tzinfo=UTC), 10, None)
    batch = dispatch._plan(rows, datetime(2026, 11, 23, 8, 1, tzinfo=UTC), Kind.DAILY)
    assert len(dispatch_due()) == 1

    assert dispatch._move_next(batch) == set()


@pytest.mark.django_db
def test_moving_the_time_later_the_same_day_does_not_send_that_day_twice(clock):
    person = london_person(daily_time=time(8, 0))
    clock.move_to(datetime(2026, 11, 23, 8, 1, tzinfo=UTC))
    assert len(dispatch_due()) == 1
    make_schedule(person, daily_time=time(9, 0))
    clock.move_to(datetime(2026, 11, 23, 9, 1, tzinfo=UTC))

    assert dispatch_due() == []
    schedule = ReminderSchedule.objects.get(person=person)
    assert schedule.next_daily_at == datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


@pytest.mark.django_db
def test_after_beat_was_down_for_days_one_reminder_is_sent_not_a_burst(clock):
    person = london_person(daily_time=time(8, 0))
    # Beat comes back three days and an hour late.
    clock.move_to(datetime(2026, 11, 26, 9, 0, tzinfo=UTC))

    created = dispatch_due()

    assert len(created) == 1
    assert Delivery.objects.get(pk=created[0]).local_date == date(2026, 11, 26)
    schedule = ReminderSchedule.objects.get(person=person)
    assert schedule.next_daily_at == datetime(2026, 11, 27, 8, 0, tzinfo=UTC)
    assert dispatch_due() == []


@pytest.mark.django_db
def test_only_the_chosen_weekdays_get_a_reminder(clock):
    person = london_person(daily_time=time(8, 0), daily_weekdays=0b0000100)  # Wednesday
    schedule = ReminderSchedule.objects.get(person=person)
    assert schedule.next_daily_at == datetime(2026, 11, 25, 8, 0, tzinfo=UTC)


@pytest.mark.django_db
def test_an_unconfirmed_address_gets_nothing_but_the_schedule_moves_on(clock):
    person = london_person(daily_time=time(8, 0))
    EmailAddress.objects.filter(user=person).update(verified=False)
    clock.move_to(datetime(2026, 11, 23, 8, 1, tzinfo=UTC))

    assert dispatch_due() == []
    schedule = ReminderSchedule.objects.get(person=person)
    assert schedule.next_daily_at == datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


@pytest.mark.django_db
def test_a_person_without_any_email_address_record_gets_nothing(clock):
    person = UserFactory(timezone="Europe/London", verified=False)
    make_schedule(person, daily_time=time(8, 0))
    clock.move_to(datetime(2026, 11, 23, 8, 1, tzinfo=UTC))
    assert dispatch_due() == []


@pytest.mark.django_db
def test_a_logged_day_skips_the_daily_reminder_when_asked(clock):
    person = london_person(daily_time=time(20, 0), skip_if_logged=True)
    DailyLogFactory(person=person, date=date(2026, 11, 23))
    clock.move_to(datetime(2026, 11, 23, 20, 1, tzinfo=UTC))

    assert dispatch_due() == []
    schedule = ReminderSchedule.objects.get(person=person)
    assert schedule.next_daily_at == datetime(2026, 11, 24, 20, 0, tzinfo=UTC)


@pytest.mark.django_db
def test_a_logged_day_still_gets_the_reminder_when_skipping_is_off(clock):
    person = london_person(daily_time=time(20, 0), skip_if_logged=False)
    DailyLogFactory(person=person, date=date(2026, 11, 23))
    clock.move_to(datetime(2026, 11, 23, 20, 1, tzinfo=UTC))
    assert len(dispatch_due()) == 1


@pytest.mark.django_db
def test_the_log_of_the_persons_local_day_counts_not_the_servers(clock):
    # 20:00 in Auckland on the 24th is 07:00 UTC on the 24th: the server's date is the 24th
    # too, but a log for the 23rd must not count.
    person = UserFactory(timezone="Pacific/Auckland")
    make_schedule(person, daily_time=time(20, 0), skip_if_logged=True)
    DailyLogFactory(person=person, date=date(2026, 11, 23))
    clock.move_to(datetime(2026, 11, 24, 7, 1, tzinfo=UTC))
    [delivery_id] = dispatch_due()
    assert Delivery.objects.get(pk=delivery_id).local_date == date(2026, 11, 24)


@pytest.mark.django_db
def test_the_weekly_summary_is_sent_on_its_day_and_time(clock):
    person = UserFactory(timezone="Asia/Kathmandu")
    make_schedule(
        person, daily_enabled=False, weekly_enabled=True, weekly_weekday=6, weekly_time=time(18, 0)
    )
    schedule = ReminderSchedule.objects.get(person=person)
    # Sunday 29 November, 18:00 at +5:45.
    assert schedule.next_weekly_at == datetime(2026, 11, 29, 12, 15, tzinfo=UTC)
    assert schedule.next_daily_at is None
    clock.move_to(datetime(2026, 11, 29, 12, 15, tzinfo=UTC))

    [delivery_id] = dispatch_due()
    delivery = Delivery.objects.get(pk=delivery_id)
    assert (delivery.kind, delivery.local_date) == (Kind.WEEKLY, date(2026, 11, 29))
    schedule.refresh_from_db()
    assert schedule.next_weekly_at == datetime(2026, 12, 6, 12, 15, tzinfo=UTC)


@pytest.mark.django_db
def test_turned_off_reminders_are_never_due(clock):
    person = london_person(daily_enabled=False)
    clock.move_to(datetime(2026, 11, 30, tzinfo=UTC))
    assert dispatch_due() == []
    assert ReminderSchedule.objects.get(person=person).next_daily_at is None


def _queries_to_dispatch(clock, at: datetime) -> tuple[int, int]:
    clock.move_to(at)
    with CaptureQueriesContext(connection) as queries:
        created = dispatch_due(batch_size=100)
    return len(queries), len(created)


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_number_of_queries_does_not_grow_with_the_number_of_people(clock):
    for _ in range(3):
        london_person(daily_time=time(8, 0))
    for _ in range(60):
        london_person(daily_time=time(9, 0))

    few = _queries_to_dispatch(clock, datetime(2026, 11, 23, 8, 1, tzinfo=UTC))
    many = _queries_to_dispatch(clock, datetime(2026, 11, 23, 9, 1, tzinfo=UTC))

    assert (few[1], many[1]) == (3, 60)
    assert few[0] == many[0]


@pytest.mark.django_db
def test_people_beyond_one_batch_are_all_claimed(clock):
    for _ in range(25):
        london_person(daily_time=time(8, 0))
    clock.move_to(datetime(2026, 11, 23, 8, 1, tzinfo=UTC))
    assert len(dispatch_due(batch_size=10)) == 25
    assert Delivery.objects.count() == 25


@pytest.mark.django_db
def test_sends_are_queued_after_commit_in_chunks(
    clock, django_capture_on_commit_callbacks, monkeypatch
):
    for _ in range(5):
        london_person(daily_time=time(8, 0))
    queued: list[list[int]] = []
    monkeypatch.setattr(dispatch, "SEND_CHUNK", 2)
    monkeypatch.setattr(dispatch, "queue_sends", lambda ids: queue_sends(ids, queued.append))
    clock.move_to(datetime(2026, 11, 23, 8, 1, tzinfo=UTC))

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        created = dispatch_due()
        assert queued == [], "nothing may reach the broker before the commit"
    for callback in callbacks:
        callback()

    assert [len(chunk) for chunk in queued] == [2, 2, 1]
    assert sorted(id_ for chunk in queued for id_ in chunk) == sorted(created)


def _dispatch_in_own_connection(results: list, barrier: threading.Barrier) -> None:
    try:
        barrier.wait()
        results.append(dispatch_due(batch_size=7))
    finally:
        connections.close_all()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_dispatchers_at_once_on_postgres_send_each_reminder_once(monkeypatch):
    queued: list[int] = []
    monkeypatch.setattr(dispatch, "queue_sends", queued.extend)
    with time_machine.travel(MONDAY_0700_UTC, tick=False) as traveller:
        people = [london_person(daily_time=time(8, 0)) for _ in range(60)]
        traveller.move_to(datetime(2026, 11, 23, 8, 1, tzinfo=UTC))
        results: list[list[int]] = []
        barrier = threading.Barrier(2)
        threads = [
            threading.Thread(target=_dispatch_in_own_connection, args=(results, barrier))
            for _ in range(2)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    created = [id_ for result in results for id_ in result]
    assert len(created) == len(set(created)) == 60
    assert sorted(queued) == sorted(created)
    assert Delivery.objects.count() == 60
    assert {d.person_id for d in Delivery.objects.all()} == {p.pk for p in people}


@pytest.mark.django_db
def test_dispatch_spread_over_a_day_catches_everyone_once(clock):
    people = [london_person(daily_time=time(hour, 30)) for hour in range(24)]
    now = MONDAY_0700_UTC
    for _ in range(24 * 4):
        now += timedelta(minutes=15)
        clock.move_to(now)
        dispatch_due()
    assert Delivery.objects.count() == len(people)
