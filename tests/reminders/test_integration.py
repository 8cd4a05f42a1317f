"""Real parts: Redis as the broker, a `celery worker` subprocess, an aiosmtpd server that
receives the bytes, and the PostgreSQL test database shared by the test and the worker.

Runs when REDIS_URL is set (CI sets it; locally use redis://127.0.0.1:6379/4) and the
database is PostgreSQL. Only the Redis database named in REDIS_URL is flushed.
"""

import asyncio
import email
import email.policy
import os
import signal
import subprocess
import sys
import threading
import time as clock
from datetime import time
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
import redis
from aiosmtpd.controller import Controller
from django.db import connection
from django.test import Client
from django.utils import timezone

from apps.reminders.dispatch import dispatch_due
from apps.reminders.models import Delivery, ReminderSchedule
from gutmind.celery import app as celery_app
from tests.factories import UserFactory
from tests.reminders.conftest import RecordingHandler, free_port, make_schedule

REDIS_URL = os.environ.get("REDIS_URL", "")
ROOT = Path(__file__).resolve().parents[2]
CELERY = Path(sys.executable).with_name("celery")
SITE = "https://gutmind.example"
VISIBILITY_TIMEOUT = 5

pytestmark = [
    pytest.mark.integration,
    pytest.mark.postgres,
    pytest.mark.skipif(not REDIS_URL, reason="needs Redis: set REDIS_URL (CI does)"),
    pytest.mark.django_db(transaction=True),
]


class GatedHandler(RecordingHandler):
    """Receives messages; once `hold_after` have arrived, holds the next one at MAIL FROM
    (before any of it is delivered) until released."""

    def __init__(self) -> None:
        super().__init__()
        self.hold_after: int | None = None
        self.holding = threading.Event()
        self.released = threading.Event()

    async def handle_MAIL(self, server, session, envelope, address, mail_options) -> str:
        if self.hold_after is not None and len(self.messages) >= self.hold_after:
            self.holding.set()
            while not self.released.is_set():
                await asyncio.sleep(0.05)
            return "421 4.3.0 Closing"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"


@pytest.fixture
def broker():
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    before = celery_app.conf.broker_url
    celery_app.conf.broker_url = REDIS_URL
    celery_app.conf.broker_transport_options = {"visibility_timeout": VISIBILITY_TIMEOUT}
    forget_connections()  # publish through pools for the new URL
    yield client
    celery_app.conf.broker_url = before
    forget_connections()
    client.flushdb()


def forget_connections() -> None:
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def inbox():
    handler = GatedHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield handler, controller.port
    handler.released.set()
    controller.stop()


def shared_database_url() -> str:
    """The test database pytest-django created, for the worker to share."""
    db = connection.settings_dict
    user = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{user}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


class Workers:
    def __init__(self, smtp_port: int, log_dir: Path) -> None:
        self.env = {
            **os.environ,
            "DATABASE_URL": shared_database_url(),
            "CELERY_BROKER_URL": REDIS_URL,
            "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            "SITE_URL": SITE,
            "DJANGO_LOG_LEVEL": "WARNING",
        }
        self.log_dir = log_dir
        self.running: list[subprocess.Popen] = []

    def start(self) -> subprocess.Popen:
        log = (self.log_dir / f"worker{len(self.running)}.log").open("w")
        process = subprocess.Popen(
            [
                str(CELERY),
                "-A",
                "gutmind",
                "worker",
                "--loglevel",
                "INFO",
                "--concurrency",
                "1",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--hostname",
                f"it{len(self.running)}@%h",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: SIGKILL reaches the pool too
        )
        self.running.append(process)
        return process

    def kill(self, process: subprocess.Popen) -> None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop_all(self) -> None:
        for process in self.running:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    self.kill(process)


@pytest.fixture
def workers(inbox, broker, tmp_path):
    pool = Workers(inbox[1], tmp_path)
    yield pool
    pool.stop_all()


def wait_for(condition, timeout: float, what: str, logs: Path) -> None:
    deadline = clock.monotonic() + timeout
    while not condition():
        if clock.monotonic() > deadline:
            text = "\n".join(p.read_text()[-3000:] for p in sorted(logs.glob("*.log")))
            pytest.fail(f"timed out waiting for {what}; worker logs:\n{text}")
        clock.sleep(0.1)


def unsubscribe_link(message) -> str:
    # A long header may arrive folded; the URL is the part between the angle brackets.
    return str(message["List-Unsubscribe"]).strip().removeprefix("<").removesuffix(">")


def due_now(count: int, **schedule) -> list:
    """People whose reminders fell due a minute ago."""
    people = []
    for _ in range(count):
        person = UserFactory()
        make_schedule(person, **schedule)
        people.append(person)
    past = timezone.now() - timezone.timedelta(minutes=1)
    ReminderSchedule.objects.filter(daily_enabled=True).update(next_daily_at=past)
    ReminderSchedule.objects.filter(weekly_enabled=True).update(next_weekly_at=past)
    return people


def test_a_real_worker_sends_both_parts_with_unsubscribe_headers(workers, inbox, tmp_path):
    handler, _ = inbox
    [daily_person] = due_now(1, daily_time=time(8, 0))
    [weekly_person] = due_now(1, daily_enabled=False, weekly_enabled=True)

    assert len(dispatch_due()) == 2
    workers.start()
    wait_for(lambda: len(handler.messages) == 2, 60, "two emails", tmp_path)

    received = {rcpts[0]: raw for _, rcpts, raw in handler.messages}
    assert set(received) == {daily_person.email, weekly_person.email}
    for raw in received.values():
        message = email.message_from_bytes(raw, policy=email.policy.default)
        assert message.get_content_type() == "multipart/alternative"
        link = unsubscribe_link(message)
        assert link.startswith(f"{SITE}/reminders/unsubscribe/")
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        text = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        assert link in text and link in html
        assert "GutMind" in text and "GutMind" in html
    daily = email.message_from_bytes(received[daily_person.email], policy=email.policy.default)
    assert f"{SITE}/today/" in daily.get_body(("plain",)).get_content()
    wait_for(
        lambda: Delivery.objects.filter(status=Delivery.Status.SENT).count() == 2,
        10,
        "the rows marked sent",
        tmp_path,
    )

    # The mail client's one-click POST, with no session and no CSRF token.
    response = Client(enforce_csrf_checks=True).post(
        urlsplit(unsubscribe_link(daily)).path, {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    assert not ReminderSchedule.objects.get(person=daily_person).daily_enabled


def test_a_worker_killed_mid_batch_loses_and_repeats_nothing(workers, inbox, tmp_path):
    handler, _ = inbox
    people = due_now(200, daily_time=time(8, 0))
    assert len(dispatch_due()) == 200
    handler.hold_after = 60

    first = workers.start()
    assert handler.holding.wait(60), "the worker never reached the 61st email"
    workers.kill(first)
    handler.hold_after = None
    handler.released.set()
    assert 0 < Delivery.objects.filter(status=Delivery.Status.SENT).count() < 200
    # The unacknowledged batch is visible again once its visibility timeout has passed.
    clock.sleep(VISIBILITY_TIMEOUT + 1)
    workers.start()
    wait_for(lambda: len(handler.messages) >= 200, 60, "all 200 emails", tmp_path)
    wait_for(
        lambda: Delivery.objects.filter(status=Delivery.Status.SENT).count() == 200,
        10,
        "every row marked sent",
        tmp_path,
    )
    clock.sleep(1)  # anything sent twice would arrive now

    received = sorted(rcpts[0] for _, rcpts, _ in handler.messages)
    assert received == sorted(p.email for p in people)
