import gc
import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gutmind.settings")

app = Celery("gutmind")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def freeze_what_the_worker_loaded(**_kwargs: object) -> None:
    """As gunicorn.conf.py does for the web workers: what a worker process inherited at
    start (Django, the apps) is moved out of the garbage collector's sight, so a full
    collection does not walk it while reminders are being sent."""
    gc.freeze()


worker_process_init.connect(freeze_what_the_worker_loaded)
