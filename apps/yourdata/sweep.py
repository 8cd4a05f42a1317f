"""requeue_stale_jobs: hand the worker again the imports that a fault left behind.

An import left "queued" because the broker was down when it was confirmed, or queued so long
ago that its message was lost, and one "running" whose lease lapsed because its worker was
killed mid-import (its transaction rolled back: nothing of it was written) are put back to
queued and sent again. The job's state changes under its lock (jobs.requeue), so two sweepers,
or a sweeper and the person pressing "Start it again", send it once. Reminder deliveries have
the same kind of sweeper (apps/reminders/sweep.py, requeue_stale_deliveries).
"""

from collections.abc import Callable

from apps.accounts.models import User
from apps.yourdata import jobs


def requeue_stale_jobs(enqueue: Callable[[jobs.ImportJob], bool]) -> list[str]:
    """Returns the tokens of the jobs sent again (with the broker still down, none are)."""
    sent = []
    for person_id, token in jobs.stale_jobs():
        person = User.objects.filter(pk=person_id).first()
        job = jobs.load_job(person, token) if person else None
        if job is None or not jobs.requeue(job):
            continue
        if enqueue(job):
            sent.append(token)
    return sent
