"""Two saves of the same day at the same moment end in one row with the last values.
These run on PostgreSQL, where the two threads hold real, separate connections."""

import threading
from datetime import date

import pytest
from django.db import connection, connections, transaction

from apps.lifestyle.models import DailyLog
from apps.lifestyle.services import save_day
from tests.factories import DailyLogFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
DAY = date(2026, 6, 1)
WAIT_SECONDS = 20


def _in_thread(target, errors: list) -> threading.Thread:
    def run() -> None:
        try:
            target()
        except Exception as exc:  # surfaced by the test's assertion on `errors`
            errors.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _wait_until_a_query_waits_on_a_lock() -> None:
    for _ in range(2000):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
        threading.Event().wait(0.01)
    raise AssertionError("the second save never waited for the first")


def _race(person, existing: bool) -> None:
    if existing:
        DailyLogFactory(person=person, date=DAY, fruit_veg_servings=0)
    first_saved, release, errors = threading.Event(), threading.Event(), []

    def first() -> None:
        with transaction.atomic():
            save_day(person, DAY, {"fruit_veg_servings": 1, "note": "first"})
            first_saved.set()
            release.wait(WAIT_SECONDS)  # hold the transaction open while the second arrives

    def second() -> None:
        first_saved.wait(WAIT_SECONDS)
        save_day(person, DAY, {"fruit_veg_servings": 2, "note": "second"})

    threads = [_in_thread(first, errors), _in_thread(second, errors)]
    first_saved.wait(WAIT_SECONDS)
    _wait_until_a_query_waits_on_a_lock()
    release.set()
    for thread in threads:
        thread.join(WAIT_SECONDS)
    assert errors == []


def test_two_saves_of_a_new_day_make_one_row_with_the_last_values():
    person = UserFactory()
    _race(person, existing=False)
    log = DailyLog.objects.get(person=person, date=DAY)
    assert (log.fruit_veg_servings, log.note) == (2, "second")


def test_two_saves_of_an_existing_day_keep_one_row_with_the_last_values():
    person = UserFactory()
    _race(person, existing=True)
    log = DailyLog.objects.get(person=person, date=DAY)
    assert (log.fruit_veg_servings, log.note) == (2, "second")


def test_many_saves_at_once_leave_exactly_one_row():
    person = UserFactory()
    start, errors = threading.Barrier(4), []

    def saver(n: int):
        def run() -> None:
            start.wait(WAIT_SECONDS)
            save_day(person, DAY, {"fruit_veg_servings": n}, new_tag_names=["coffee"])

        return run

    threads = [_in_thread(saver(n), errors) for n in range(4)]
    for thread in threads:
        thread.join(WAIT_SECONDS)
    assert errors == []
    log = DailyLog.objects.get(person=person, date=DAY)
    assert log.fruit_veg_servings in range(4)
    assert list(log.tags.values_list("name", flat=True)) == ["coffee"]
