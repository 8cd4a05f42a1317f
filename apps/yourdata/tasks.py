from celery import shared_task

from apps.accounts.models import User
from apps.yourdata import jobs


@shared_task(soft_time_limit=600, time_limit=660, acks_late=True)
def run_import(person_id: int, token: str) -> None:
    """Thin: load the job and run it. A job already running or done is left alone, so a
    redelivered message imports nothing twice (and the import skips duplicates anyway)."""
    person = User.objects.filter(pk=person_id).first()
    job = jobs.load_job(person, token) if person else None
    if job is None or job.state not in ("queued", "uploaded"):
        return
    jobs.run_job(job)


@shared_task
def purge_stale_uploads() -> int:
    return jobs.purge_stale_uploads()
