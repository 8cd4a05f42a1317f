from celery import shared_task

from apps.accounts.outbox import purge_old_keys


@shared_task
def purge_old_idempotency_keys() -> int:
    return purge_old_keys()
