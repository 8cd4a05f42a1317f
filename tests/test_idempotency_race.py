"""Two sends of the same outbox entry at the same moment: the second waits on the unique
key, then answers with the first one's outcome, and its own work is rolled back. PostgreSQL
only, where the threads hold real, separate connections."""

import threading
import uuid

import pytest
from django.db import connection, connections, transaction

from apps.accounts.models import IdempotencyKey
from apps.accounts.outbox import run_once
from apps.mood.models import MoodCheckIn
from tests.factories import MoodCheckInFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
WAIT_SECONDS = 20


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
    raise AssertionError("the second send never waited for the first")


def test_a_parallel_replay_waits_and_returns_the_first_outcome():
    person, key = UserFactory(), uuid.uuid4()
    inside, release, results, errors = threading.Event(), threading.Event(), [], []

    def make_checkin(label: str) -> dict:
        checkin = MoodCheckInFactory(person=person, mood=3)
        return {"id": checkin.pk, "by": label}

    def first() -> None:
        try:
            with transaction.atomic():
                results.append(run_once(person, key, lambda: make_checkin("first")))
                inside.set()
                release.wait(WAIT_SECONDS)  # the key row is taken but not committed yet
        except Exception as error:  # surfaced by the assertion on `errors`
            errors.append(error)
        finally:
            connections.close_all()

    def second() -> None:
        try:
            inside.wait(WAIT_SECONDS)
            results.append(run_once(person, key, lambda: make_checkin("second")))
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    inside.wait(WAIT_SECONDS)
    _wait_until_a_query_waits_on_a_lock()
    release.set()
    for thread in threads:
        thread.join(WAIT_SECONDS)

    assert errors == []
    (first_outcome, first_done), (second_outcome, second_done) = results
    assert (first_done, second_done) == (True, False)
    assert second_outcome == first_outcome and first_outcome["by"] == "first"
    assert MoodCheckIn.objects.filter(person=person).count() == 1
    assert IdempotencyKey.objects.filter(person=person, key=key).count() == 1
