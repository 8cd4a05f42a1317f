"""Load test: gunicorn with 2 workers on PostgreSQL, 50 simulated people (bench/locustfile.py)
logging, checking in and opening the dashboard for LOAD_SECONDS (at most 60), on loopback.

Creates its own database (gutmind_bench_load) with 50 people and 90 days of history each,
and prints:
  BENCH load.rps             requests per second over the run
  BENCH load.p95_ms          95th percentile response time, all requests
  BENCH load.errors          failed requests (target: 0)
  BENCH load.missing_logs    logs the server confirmed (302) but the database lacks (target: 0)
  BENCH load.missing_checkins  the same for check-ins (target: 0)
  BENCH load.signed_in_queries  queries of the trivial signed-in JSON view (target: at most 2)
Production settings (DEBUG off), with GUTMIND_LOOPBACK_HTTP for plain-http cookies on loopback.
The server and the database are removed afterwards.
Run: .venv/bin/python bench/load.py (BENCH_LOAD_PG=postgres://... for another server).
"""

import csv
import datetime as dt
import json
import os
import random
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from _support import bench_database, random_checkins, server_url

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SERVER = server_url("BENCH_LOAD_PG")
DB_NAME = os.environ.get("BENCH_LOAD_DB", "gutmind_bench_load")  # one per person benchmarking
PEOPLE = 50
HISTORY_DAYS = 90
LOAD_SECONDS = min(int(os.environ.get("LOAD_SECONDS", "45")), 60)
PASSWORD = "load-test-password-1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


SECRET_KEY = secrets.token_urlsafe(64)


def child_env() -> dict:
    return os.environ | {
        "DATABASE_URL": f"{SERVER}/{DB_NAME}",
        "DJANGO_SETTINGS_MODULE": "gutmind.settings",
        # The production settings (DEBUG off, manifest static files, production hashers and
        # templates); only the cookies work over plain http, which the settings allow on
        # loopback hosts alone.
        "DJANGO_DEBUG": "false",
        "GUTMIND_LOOPBACK_HTTP": "true",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "ACCOUNT_RATE_LIMITS_ENABLED": "false",  # 50 sign-ins from one address in seconds
        "DJANGO_LOG_LEVEL": "WARNING",
        "DJANGO_CONN_MAX_AGE": "60",
    }


def signed_in_session_key(person) -> str:
    """A database session for the person, as a sign-in would leave. The load test starts
    signed in: 50 sign-ins at once measure PBKDF2's deliberate cost (about a second of CPU
    each here), which would swamp the logging and dashboard figures this test is for."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(person.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = person.get_session_auth_hash()
    session.create()
    return session.session_key


def create_people() -> dict[str, str]:
    """The load-test people with 90 days of history each; returns email -> session key."""
    from allauth.account.models import EmailAddress

    from apps.accounts.models import User
    from apps.lifestyle.models import DailyLog
    from apps.mood.models import MoodCheckIn

    rng = random.Random(5)
    sessions = {}
    for n in range(PEOPLE):
        person = User.objects.create_user(
            f"load{n}@example.org", PASSWORD, timezone="Europe/London"
        )
        EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
        today = person.local_today()
        days = [today - dt.timedelta(days=d) for d in range(1, HISTORY_DAYS + 1)]
        DailyLog.objects.bulk_create(
            DailyLog(
                person=person,
                date=day,
                fruit_veg_servings=rng.randint(0, 9),
                sleep_hours=rng.choice((6, 7, 8)),
                stress_level=rng.randint(1, 5),
            )
            for day in days
        )
        MoodCheckIn.objects.bulk_create(random_checkins(person, days, rng))
        sessions[person.email] = signed_in_session_key(person)
    return sessions


def collect_static() -> None:
    # DEBUG off reads static file names from the manifest that collectstatic writes.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=child_env(),
        check=True,
    )


def signed_in_query_count(session_key: str) -> int:
    """Queries of the trivial signed-in JSON view, after a first request (which records the
    session's activity, as every five minutes)."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    assert client.get("/api/dashboard/ping").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/dashboard/ping")
    return len(queries)


def start_server(port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "--config=gunicorn.conf.py",
            "gutmind.wsgi:application",
            # Two sync workers on this two-core machine: measured idle on 2026-12-02, five
            # workers (two per core plus one) gave a worse p95 (100-130 ms against 74-100),
            # as CPU-bound requests then share the cores instead of queueing.
            "--workers=2",
            f"--bind=127.0.0.1:{port}",
            "--timeout=30",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=child_env(),
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2):
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("gunicorn did not start within 30 s")


def run_locust(port: int, workdir: Path, sessions: dict[str, str]) -> tuple[dict, dict]:
    results = workdir / "saved.json"
    sessions_file = workdir / "sessions.json"
    sessions_file.write_text(json.dumps(sessions))
    subprocess.run(
        [
            str(BIN / "locust"),
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            "--users",
            str(PEOPLE),
            "--spawn-rate",
            "25",
            "--run-time",
            f"{LOAD_SECONDS}s",
            "--stop-timeout",
            "5",
            "--host",
            f"http://127.0.0.1:{port}",
            "--csv",
            str(workdir / "load"),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env=child_env() | {"LOAD_RESULTS": str(results), "LOAD_SESSIONS": str(sessions_file)},
        timeout=LOAD_SECONDS + 30,
        check=False,
        stdout=subprocess.DEVNULL,
    )
    with open(workdir / "load_stats.csv") as stats_file:
        total = next(row for row in csv.DictReader(stats_file) if row["Name"] == "Aggregated")
    return total, json.loads(results.read_text())


def missing_after(saved: dict, started: dt.datetime) -> tuple[int, int]:
    """Logs and check-ins the server confirmed that the database does not hold."""
    from django.db.models import Count

    from apps.lifestyle.models import DailyLog
    from apps.mood.models import MoodCheckIn

    stored = {
        (email, day.isoformat()): fruit
        for email, day, fruit in DailyLog.objects.values_list(
            "person__email", "date", "fruit_veg_servings"
        )
    }
    in_flight = {(email, day): fruit for email, day, fruit in saved.get("unconfirmed_logs", [])}
    missing_logs = sum(
        1
        for email, day, fruit in saved["logs"]
        if stored.get((email, day)) not in {fruit, in_flight.get((email, day), fruit)}
    )
    created = dict(
        MoodCheckIn.objects.filter(created_at__gte=started)
        .values("person__email")
        .annotate(n=Count("id"))
        .values_list("person__email", "n")
    )
    missing_checkins = sum(
        max(0, count - created.get(email, 0)) for email, count in saved["checkins"].items()
    )
    return missing_logs, missing_checkins


def main() -> None:
    with bench_database(SERVER, DB_NAME, env=child_env()):
        sessions = create_people()
        queries = signed_in_query_count(next(iter(sessions.values())))
        collect_static()
        port = free_port()
        server = start_server(port)
        try:
            started = dt.datetime.now(dt.UTC)
            with tempfile.TemporaryDirectory() as workdir:
                total, saved = run_locust(port, Path(workdir), sessions)
            missing_logs, missing_checkins = missing_after(saved, started)
        finally:
            server.terminate()
            server.wait(timeout=15)
        print(f"BENCH load.rps {float(total['Requests/s']):.1f} per_s")
        print(f"BENCH load.p95_ms {float(total['95%']):.0f} ms")
        print(f"BENCH load.errors {int(total['Failure Count'])} count")
        print(f"BENCH load.requests {int(total['Request Count'])} count")
        print(f"BENCH load.missing_logs {missing_logs} count")
        print(f"BENCH load.missing_checkins {missing_checkins} count")
        print(f"BENCH load.signed_in_queries {queries} count")


if __name__ == "__main__":
    main()
