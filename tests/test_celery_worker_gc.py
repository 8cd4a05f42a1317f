"""A Celery worker process hides what it inherited at start from the garbage collector, as
the web workers do (gunicorn.conf.py): a full collection would otherwise walk all of it."""

import gc

from celery.signals import worker_process_init

import gutmind.celery  # noqa: F401 (connects the worker's signal handlers)


def test_a_new_worker_process_freezes_what_it_inherited():
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    try:
        worker_process_init.send(sender=None)
        assert gc.get_freeze_count() > 1000
    finally:
        gc.unfreeze()
