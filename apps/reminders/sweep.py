"""requeue_stale_deliveries: hand the broker again what a broker outage dropped.

dispatch_due writes Delivery rows and queues their sends after the commit; with the broker
down the rows are written and the queueing fails, so they would stay "queued" forever. Every
few minutes this finds rows still queued STALE_AFTER after they were last handed over,
claims them (queued_at moves to now, so a second sweeper run or a second beat finds nothing
to take) and queues them again. Sending stays idempotent: a row is sent only while its status
is queued and marked sent straight after the server's answer, so a re-queued row that was
sent meanwhile is skipped. A reminder that could not go out for TOO_LATE_AFTER is not worth
sending ("check in today" the next morning): it is marked failed with the reason, which the
person sees in their settings.

The import jobs' sweeper in apps/yourdata reads the same way (requeue_stale_jobs)."""

from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from apps.reminders.dispatch import queue_sends
from apps.reminders.models import Delivery

# Longer than the longest retry backoff before the last retry (480 s plus jitter), so a row
# waiting for its retry is never taken for a lost one.
STALE_AFTER = timedelta(minutes=15)
TOO_LATE_AFTER = timedelta(hours=3)
SWEEP_LIMIT = 5000
TOO_LATE_ERROR = "Not sent: the mail queue was unavailable until it was too late to be useful."


def requeue_stale_deliveries(
    now: datetime | None = None, enqueue: Callable[[list[int]], object] | None = None
) -> list[int]:
    """Returns the ids queued again."""
    now = now or timezone.now()
    queued = Delivery.objects.filter(status=Delivery.Status.QUEUED)
    queued.filter(created_at__lte=now - TOO_LATE_AFTER).update(
        status=Delivery.Status.FAILED, last_error=TOO_LATE_ERROR
    )
    cutoff = now - STALE_AFTER
    stale = queued.filter(Q(queued_at__lte=cutoff) | Q(queued_at=None, created_at__lte=cutoff))
    with transaction.atomic():
        ids = list(
            stale.select_for_update(skip_locked=True)
            .order_by("created_at")
            .values_list("pk", flat=True)[:SWEEP_LIMIT]
        )
        Delivery.objects.filter(pk__in=ids).update(queued_at=now)
    # Outside the transaction: if the broker is still down this raises, and the claimed rows
    # wait STALE_AFTER for the next sweep rather than being taken again at once.
    queue_sends(ids, enqueue)
    return ids
