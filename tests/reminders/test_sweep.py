"""A broker outage at dispatch leaves deliveries queued: the sweeper queues them again,
once per claim, and never makes a delivery go out twice."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from kombu.exceptions import OperationalError

from apps.reminders import dispatch, sweep
from apps.reminders.models import Delivery, Kind
from apps.reminders.sending import send_many
from apps.reminders.tasks import requeue_stale_deliveries
from tests.factories import UserFactory
from tests.reminders.conftest import make_schedule

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 23, 8, 0, 30, tzinfo=UTC)


def queued_at(person, when: datetime, day: date = date(2026, 11, 23)) -> Delivery:
    with time_machine.travel(when, tick=False):
        return Delivery.objects.create(person=person, kind=Kind.DAILY, local_date=day)


def test_a_broker_outage_at_dispatch_is_swept_up_and_sent(
    mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    person = UserFactory(timezone="UTC")
    with time_machine.travel(NOW - timedelta(days=1), tick=False):
        make_schedule(person)

    def broker_down(ids: list[int]) -> None:
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(dispatch, "queue_sends", lambda ids, enqueue=None: broker_down(ids))
    outage = pytest.raises(OperationalError)
    with (
        time_machine.travel(NOW, tick=False),
        outage,
        django_capture_on_commit_callbacks(execute=True),
    ):
        dispatch.dispatch_due()
    [delivery] = Delivery.objects.all()
    assert delivery.status == Delivery.Status.QUEUED
    monkeypatch.undo()

    queued: list[list[int]] = []
    with time_machine.travel(NOW + sweep.STALE_AFTER - timedelta(seconds=1), tick=False):
        assert sweep.requeue_stale_deliveries(enqueue=queued.append) == []
    with time_machine.travel(NOW + sweep.STALE_AFTER + timedelta(seconds=1), tick=False):
        assert sweep.requeue_stale_deliveries(enqueue=queued.append) == [delivery.pk]
        send_many(queued[0])
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert len(mailoutbox) == 1


def test_a_second_sweep_does_not_take_what_the_first_just_queued(db):
    person = UserFactory()
    stale = queued_at(person, NOW - timedelta(minutes=20))
    queued: list[list[int]] = []
    with time_machine.travel(NOW, tick=False):
        assert sweep.requeue_stale_deliveries(enqueue=queued.append) == [stale.pk]
        assert sweep.requeue_stale_deliveries(enqueue=queued.append) == []
    assert queued == [[stale.pk]]
    with time_machine.travel(NOW + sweep.STALE_AFTER + timedelta(seconds=1), tick=False):
        assert sweep.requeue_stale_deliveries(enqueue=queued.append) == [stale.pk]


def test_sent_skipped_and_fresh_deliveries_are_left_alone(db):
    person = UserFactory()
    sent = queued_at(person, NOW - timedelta(hours=1), day=date(2026, 11, 20))
    Delivery.objects.filter(pk=sent.pk).update(status=Delivery.Status.SENT)
    skipped = queued_at(person, NOW - timedelta(hours=1), day=date(2026, 11, 21))
    Delivery.objects.filter(pk=skipped.pk).update(status=Delivery.Status.SKIPPED)
    queued_at(person, NOW - timedelta(minutes=2))
    with time_machine.travel(NOW, tick=False):
        assert sweep.requeue_stale_deliveries(enqueue=lambda ids: None) == []


def test_a_row_waiting_for_its_retry_is_not_taken_for_a_lost_one(db):
    person = UserFactory()
    retrying = queued_at(person, NOW - timedelta(minutes=40))
    Delivery.objects.filter(pk=retrying.pk).update(attempts=3, queued_at=NOW - timedelta(minutes=9))
    with time_machine.travel(NOW, tick=False):
        assert sweep.requeue_stale_deliveries(enqueue=lambda ids: None) == []


def test_a_reminder_hours_late_is_marked_failed_with_the_reason_not_sent(mailoutbox):
    person = UserFactory()
    late = queued_at(person, NOW - sweep.TOO_LATE_AFTER - timedelta(minutes=1))
    with time_machine.travel(NOW, tick=False):
        assert sweep.requeue_stale_deliveries(enqueue=lambda ids: None) == []
    late.refresh_from_db()
    assert late.status == Delivery.Status.FAILED
    assert "too late" in late.last_error
    send_many([late.pk])
    assert mailoutbox == []


def test_a_requeued_delivery_that_was_sent_meanwhile_is_not_sent_again(mailoutbox):
    person = UserFactory()
    delivery = queued_at(person, NOW - timedelta(minutes=20))
    queued: list[list[int]] = []
    with time_machine.travel(NOW, tick=False):
        sweep.requeue_stale_deliveries(enqueue=queued.append)
        send_many([delivery.pk])  # the original message arrived after all
        send_many(queued[0])  # and then the sweeper's
    assert len(mailoutbox) == 1


def test_the_task_queues_through_the_broker(eager_celery, mailoutbox):
    person = UserFactory()
    queued_at(person, NOW - timedelta(minutes=20))
    with time_machine.travel(NOW, tick=False):
        assert requeue_stale_deliveries.delay().get() == 1
    assert Delivery.objects.get().status == Delivery.Status.SENT
    assert len(mailoutbox) == 1


def test_the_sweeper_runs_from_beat_every_few_minutes(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["requeue-stale-reminder-deliveries"]
    assert entry["task"] == "apps.reminders.tasks.requeue_stale_deliveries"
