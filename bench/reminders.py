"""Reminders at scale, on PostgreSQL and Redis.

  BENCH reminders.dispatch_s       seconds for dispatch_due to claim 100,000 people due in
                                   the same minute, write their deliveries and queue the sends
  BENCH reminders.dispatch.rate    people per second (target: at least 10,000)
  BENCH reminders.send.rate        emails per second from one worker process (a real
                                   `celery worker`) delivering 2,000 reminders to aiosmtpd
  BENCH reminders.smtplib.rate     plain smtplib sending the same 2,000 messages, prebuilt,
                                   over one connection to the same server
  BENCH reminders.send.ratio       worker / smtplib (target: at least 0.5)

BENCH_REMINDERS_DISPATCH=orm times the ORM path of dispatch on PostgreSQL instead of the
array statements of apps/reminders/dispatch_pg.py, which are kept only while the ORM path
falls short of 10,000 per second.

It creates its own database (<DATABASE_URL's name>_reminders), sends through its own queue
on the broker in CELERY_BROKER_URL, and drops both afterwards.
Run: .venv/bin/python bench/reminders.py
"""

import multiprocessing
import os
import random
import secrets
import signal
import smtplib
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

import psycopg

ROOT = Path(__file__).resolve().parent.parent
BASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/gutmind_bench")
BROKER = os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/4")
if not BROKER.startswith("redis"):
    BROKER = "redis://127.0.0.1:6379/4"
QUEUE = "bench.reminders"
PEOPLE = int(os.environ.get("BENCH_REMINDERS_PEOPLE", 100_000))
DISPATCH_PATH = os.environ.get("BENCH_REMINDERS_DISPATCH", "pg")
SENDS = 2_000
ROUNDS = 4
ZONES = [
    "Europe/London",
    "America/New_York",
    "America/Los_Angeles",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "Asia/Tokyo",
    "Europe/Berlin",
    "UTC",
]

parts = urlsplit(BASE_URL)
DB_NAME = f"{parts.path.lstrip('/')}_reminders"
SERVER_URL = urlunsplit(parts._replace(path="/postgres"))
DB_URL = urlunsplit(parts._replace(path=f"/{DB_NAME}"))


def bench(name: str, value: float, unit: str) -> None:
    print(f"BENCH {name} {value:.2f} {unit}", flush=True)


def recreate_database(drop_only: bool = False) -> None:
    with psycopg.connect(SERVER_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        if not drop_only:
            conn.execute(f"CREATE DATABASE {DB_NAME}")


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    # Production settings (DEBUG off: cached templates, no query log), inherited by the worker.
    os.environ.update(
        DATABASE_URL=DB_URL,
        CELERY_BROKER_URL=BROKER,
        DJANGO_SETTINGS_MODULE="gutmind.settings",
        DJANGO_LOG_LEVEL="WARNING",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="gutmind.example",
        SITE_URL="https://gutmind.example",
    )
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from gutmind.celery import app

    # Only this script's queue: nothing here is picked up by, or picks up, anyone else's.
    app.conf.task_default_queue = QUEUE


def people_due_at(due: datetime) -> None:
    """PEOPLE verified people in several zones, each with a daily reminder at the local
    wall-clock minute that `due` is in their zone, so all fall due together."""
    from allauth.account.models import EmailAddress

    from apps.accounts.models import User
    from apps.reminders.models import ReminderSchedule

    rng = random.Random(6)
    zones = [rng.choice(ZONES) for _ in range(PEOPLE)]
    users = User.objects.bulk_create(
        [
            User(email=f"p{n}@bench.example", password="!", timezone=zone)
            for n, zone in enumerate(zones)
        ],
        batch_size=5000,
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users],
        batch_size=5000,
    )
    local_times = {zone: due.astimezone(ZoneInfo(zone)).time() for zone in ZONES}
    ReminderSchedule.objects.bulk_create(
        [
            ReminderSchedule(
                person=u,
                daily_enabled=True,
                daily_time=local_times[u.timezone],
                skip_if_logged=rng.random() < 0.5,
                timezone=u.timezone,
                next_daily_at=due,
            )
            for u in users
        ],
        batch_size=5000,
    )


def measure_dispatch() -> list[int]:
    from django.db import connection

    from apps.reminders import dispatch
    from apps.reminders.dispatch import dispatch_due

    if DISPATCH_PATH == "orm":
        dispatch.array_statements = lambda: False
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    started = time.perf_counter()
    created = dispatch_due()
    elapsed = time.perf_counter() - started
    assert len(created) == PEOPLE, len(created)
    assert dispatch_due() == [], "a second run sent again"
    bench("reminders.dispatch_s", elapsed, "s")
    bench("reminders.dispatch.rate", PEOPLE / elapsed, "per_s")
    return created


def settle_database() -> None:
    """Vacuum after the dispatch run, so that autovacuum is not busy with its 200,000 row
    changes while the sends are timed."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


class Counter:
    """Counts received messages; shared with the server's own process."""

    def __init__(self) -> None:
        self.value = multiprocessing.Value("i", 0)

    @property
    def count(self) -> int:
        return self.value.value

    @count.setter
    def count(self, number: int) -> None:
        self.value.value = number

    async def handle_DATA(self, server, session, envelope) -> str:
        with self.value.get_lock():
            self.value.value += 1
        return "250 OK"


def run_smtp_server(counter: Counter, port: int, stop) -> None:
    from aiosmtpd.controller import Controller

    controller = Controller(counter, hostname="127.0.0.1", port=port)
    controller.start()
    stop.wait()
    controller.stop()


def start_smtp_server(counter: Counter, port: int):
    """aiosmtpd in its own process: neither sender shares an interpreter with it."""
    stop = multiprocessing.Event()
    process = multiprocessing.get_context("fork").Process(
        target=run_smtp_server, args=(counter, port, stop), daemon=True
    )
    process.start()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.05)
    return process, stop


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the worker did not finish in time")
        time.sleep(0.01)


def start_worker(smtp_port: int) -> subprocess.Popen:
    env = {**os.environ, "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}"}
    return subprocess.Popen(
        [
            str(Path(sys.executable).with_name("celery")),
            "-A",
            "gutmind",
            "worker",
            "--concurrency",
            "1",
            "--queues",
            QUEUE,
            "--loglevel",
            "WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def measure_sends(delivery_ids: list[int]) -> None:
    """The worker and smtplib take turns, ROUNDS times, on the same messages, so that both
    see the same load on a shared machine; each rate is over all its rounds."""
    counter = Counter()
    port = free_port()
    server, stop = start_smtp_server(counter, port)
    worker = start_worker(port)
    try:
        warm_up, measured = delivery_ids[:20], delivery_ids[20 : 20 + SENDS]
        send_by_worker(counter, warm_up)
        size = SENDS // ROUNDS
        worker_s = smtplib_s = 0.0
        for start in range(0, SENDS, size):
            ids = measured[start : start + size]
            worker_s += send_by_worker(counter, ids)
            smtplib_s += send_by_smtplib(counter, ids, port)
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=30)
        stop.set()
        server.join(timeout=10)
    bench("reminders.send.rate", SENDS / worker_s, "per_s")
    bench("reminders.smtplib.rate", SENDS / smtplib_s, "per_s")
    bench("reminders.send.ratio", smtplib_s / worker_s, "x")


def send_by_worker(counter: Counter, ids: list[int]) -> float:
    from apps.reminders.dispatch import queue_sends
    from apps.reminders.models import Delivery

    counter.count = 0
    started = time.perf_counter()
    queue_sends(ids)
    wait_until(lambda: counter.count >= len(ids), 300)
    elapsed = time.perf_counter() - started
    sent = Delivery.objects.filter(pk__in=ids, status="sent")
    wait_until(lambda: sent.count() == len(ids), 30)
    return elapsed


def send_by_smtplib(counter: Counter, ids: list[int], port: int) -> float:
    """The same messages, built beforehand, sent by plain smtplib over one connection."""
    from django.core import mail

    from apps.reminders.emails import build_reminder
    from apps.reminders.models import Delivery

    deliveries = Delivery.objects.filter(pk__in=ids).select_related("person__reminder_schedule")
    messages = [build_reminder(d, mail.get_connection()).message() for d in deliveries]
    counter.count = 0
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as client:
        for message in messages:
            data = message.as_bytes(linesep="\r\n")  # as Django's SMTP backend sends it
            client.sendmail(message["From"], [message["To"]], data)
    elapsed = time.perf_counter() - started
    assert counter.count == len(ids)
    return elapsed


def forget_queue() -> None:
    import redis

    redis.Redis.from_url(BROKER).delete(QUEUE)


def main() -> None:
    recreate_database()
    try:
        setup_django()
        # Everyone fell due at the start of the last minute.
        due = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(minutes=1)
        people_due_at(due)
        created = measure_dispatch()
        settle_database()
        # dispatch queued 1,000 send batches for a worker that is not running: drop them.
        forget_queue()
        measure_sends(created)
    finally:
        from django.db import connections

        connections.close_all()
        forget_queue()
        recreate_database(drop_only=True)


if __name__ == "__main__":
    main()
