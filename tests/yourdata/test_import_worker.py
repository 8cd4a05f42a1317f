"""A large import through the real pieces: Redis as the broker, a `celery worker`
subprocess and the PostgreSQL test database shared with it, and the uploads folder too.

Runs when REDIS_URL is set (CI sets it; locally redis://127.0.0.1:6379/5) on PostgreSQL.
"""

import datetime as dt
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from apps.mood.models import MoodCheckIn
from apps.yourdata import jobs
from gutmind.celery import app as celery_app

REDIS_URL = os.environ.get("REDIS_URL", "")
ROOT = Path(__file__).resolve().parents[2]
CELERY = Path(sys.executable).with_name("celery")

pytestmark = [
    pytest.mark.integration,
    pytest.mark.postgres,
    pytest.mark.skipif(not REDIS_URL, reason="needs Redis: set REDIS_URL (CI does)"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def broker():
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    before = celery_app.conf.broker_url, celery_app.conf.broker_transport_options
    celery_app.conf.broker_url = REDIS_URL
    celery_app.conf.broker_transport_options = {}
    _forget_connections()
    yield
    celery_app.conf.broker_url, celery_app.conf.broker_transport_options = before
    _forget_connections()
    client.flushdb()


def _forget_connections() -> None:
    """Publish through new connections for the broker URL just set: an earlier test may
    have left a pool open on the filesystem broker."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def worker(broker, settings, tmp_path):
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_BROKER_URL": REDIS_URL,
        "DJANGO_MEDIA_ROOT": settings.MEDIA_ROOT,
        "DJANGO_LOG_LEVEL": "WARNING",
        "GUTMIND_IMPORT_LEASE_SECONDS": "3",
    }
    log = (tmp_path / "worker.log").open("w")
    process = subprocess.Popen(
        [
            str(CELERY),
            "-A",
            "gutmind",
            "worker",
            "--concurrency",
            "1",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--hostname",
            "data-it@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    process.log = tmp_path / "worker.log"
    yield process
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def daylio_rows(days: int) -> bytes:
    lines = ["full_date,date,weekday,time,mood,activities,note_title,note"]
    for offset in range(days):
        day = dt.date(2016, 1, 1) + dt.timedelta(days=offset)
        lines.append(f'{day},x,x,8:30 pm,good,"walk | tea","","day {offset}"')
    return "\n".join(lines).encode()


def test_a_large_import_runs_on_the_worker_and_reports_progress(client, person, worker):
    client.force_login(person)
    rows = jobs.LARGE_IMPORT_ROWS + 500
    response = client.post(
        "/settings/data/import/",
        {"format": "daylio", "file": SimpleUploadedFile("big.csv", daylio_rows(rows))},
    )
    token = re.search(r"import/([0-9a-f]{32})/", response["Location"]).group(1)

    client.post(f"/settings/data/import/{token}/confirm/")

    deadline = time.monotonic() + 60
    status = {}
    while time.monotonic() < deadline:
        status = client.get(f"/settings/data/import/{token}/status/").json()
        if status["state"] in ("done", "failed"):
            break
        time.sleep(0.5)
    assert status["state"] == "done", worker.log.read_text()[-2000:]
    assert status["result"]["checkins"] == rows
    assert MoodCheckIn.objects.filter(person=person).count() == rows


def _pool_children(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in children]


def _wait_for(client, token, states, timeout=90) -> dict:
    deadline = time.monotonic() + timeout
    status = {}
    while time.monotonic() < deadline:
        status = client.get(f"/settings/data/import/{token}/status/").json()
        if status["state"] in states and (status["state"] != "running" or status.get("done")):
            return status
        time.sleep(0.05)
    return status


def test_a_worker_killed_mid_import_leaves_nothing_partial_and_the_import_finishes(
    client, person, worker
):
    """SIGKILL the worker's pool process while it writes: its transaction dies with it, the
    message comes back (acks late, rejected on a lost worker), the retry waits out the
    3-second lease and then runs the import whole: every row once."""
    client.force_login(person)
    rows = 20_000
    response = client.post(
        "/settings/data/import/",
        {"format": "daylio", "file": SimpleUploadedFile("big.csv", daylio_rows(rows))},
    )
    token = re.search(r"import/([0-9a-f]{32})/", response["Location"]).group(1)
    client.post(f"/settings/data/import/{token}/confirm/")

    running = _wait_for(client, token, {"running", "done", "failed"})
    assert running["state"] == "running", worker.log.read_text()[-2000:]
    for child in _pool_children(worker.pid):
        os.kill(child, signal.SIGKILL)
    assert MoodCheckIn.objects.filter(person=person).count() in (0, rows)  # never a part

    status = _wait_for(client, token, {"done", "failed"}, timeout=120)
    assert status["state"] == "done", worker.log.read_text()[-3000:]
    assert MoodCheckIn.objects.filter(person=person).count() == rows
    assert jobs.load_job(person, token).meta["attempts"] >= 2
