import logging

from celery import Task, shared_task
from kombu.exceptions import OperationalError

from apps.accounts.models import User
from apps.yourdata import jobs, sweep

logger = logging.getLogger(__name__)


@shared_task(bind=True, soft_time_limit=600, time_limit=660, acks_late=True, max_retries=10)
def run_import(self: Task, person_id: int, token: str) -> None:
    """Thin: load the job, claim it and run it. A job already done, or failed on its file,
    is left alone, so a redelivered message imports nothing twice. One still running under a
    live lease is retried once that lease would have lapsed: if its worker was killed, the
    retry finds it stale and runs it again (nothing of the first run was committed)."""
    person = User.objects.filter(pk=person_id).first()
    job = jobs.load_job(person, token) if person else None
    if job is None:
        return
    if not jobs.claim(job):
        if job.state == "running":
            raise self.retry(countdown=jobs.lease_left(job) + 1)
        return
    jobs.run_job(job)


def enqueue(job: jobs.ImportJob) -> bool:
    """Send the job to the worker. With the broker down the job stays queued, marked as not
    sent: the page says so and offers to start it again, and the sweeper re-sends it."""
    try:
        run_import.delay(job.person.pk, job.token)
    except (OperationalError, OSError) as error:
        logger.warning("Import %s not sent to the worker: %s", job.token, error)
        job.update(enqueue_failed=True)
        return False
    return True


@shared_task(ignore_result=True, expires=240)
def requeue_stale_jobs() -> int:
    return len(sweep.requeue_stale_jobs(enqueue))


@shared_task
def purge_stale_uploads() -> int:
    return jobs.purge_stale_uploads()
