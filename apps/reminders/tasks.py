"""Thin Celery tasks over dispatch.py and sending.py.

acks_late with reject_on_worker_lost: a message is acknowledged only after its task ran,
so a worker killed mid-batch leaves it on the broker for the next worker; the Delivery
status makes the rerun skip what was already sent.
"""

import random

from celery import Task, shared_task

from apps.reminders import dispatch, sending, sweep

MAX_RETRIES = 5
BACKOFF_BASE_SECONDS = 30
BACKOFF_CAP_SECONDS = 3600
RELIABLE = {"acks_late": True, "reject_on_worker_lost": True, "ignore_result": True}


def backoff(retries: int) -> int:
    """30 s, 60 s, 120 s...: exponential, with jitter so a recovered server is not hit by
    every retry in the same second."""
    delay: int = min(BACKOFF_BASE_SECONDS * 2**retries, BACKOFF_CAP_SECONDS)
    return delay + random.randint(0, delay // 4)


@shared_task(**RELIABLE)
def dispatch_due() -> int:
    return len(dispatch.dispatch_due())


@shared_task(**RELIABLE)
def requeue_stale_deliveries() -> int:
    return len(sweep.requeue_stale_deliveries())


@shared_task(**RELIABLE)
def send_batch(delivery_ids: list[int]) -> None:
    for delivery_id in sending.send_many(delivery_ids):
        send_delivery.apply_async((delivery_id,), countdown=backoff(0))


@shared_task(bind=True, max_retries=MAX_RETRIES + 1, **RELIABLE)
def send_delivery(self: Task, delivery_id: int) -> None:
    try:
        sending.send_by_id(delivery_id)
    except sending.TransientSendError as exc:
        # The row counts attempts, the one in send_batch included: the first plus
        # MAX_RETRIES retries, then the person is told.
        if exc.attempts > MAX_RETRIES:
            sending.give_up(delivery_id, f"Gave up after {exc.attempts} attempts. {exc}")
            return
        raise self.retry(exc=exc, countdown=backoff(exc.attempts - 1)) from exc
