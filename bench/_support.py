"""What every benchmark does around its measurement: a PostgreSQL database of its own,
created fresh, migrated, and dropped afterwards, so a run never touches real data."""

import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
# Each script may name another server: BENCH_DASH_PG, BENCH_DATA_PG, BENCH_LOAD_PG.
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432"


def server_url(variable: str) -> str:
    return os.environ.get(variable, DEFAULT_SERVER)


def _drop_and_maybe_create(server: str, name: str, create: bool) -> None:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        if create:
            conn.execute(f"CREATE DATABASE {name}")


def _setup_django(database_url: str, env: Mapping[str, str], test_client: bool) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.update(env)
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gutmind.settings")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    import django
    from django.core.management import call_command

    django.setup()
    if test_client:
        from django.test.utils import setup_test_environment

        setup_test_environment()  # lets the test Client's "testserver" host through
    call_command("migrate", verbosity=0)


@contextmanager
def bench_database(
    server: str, name: str, env: Mapping[str, str] | None = None, test_client: bool = False
) -> Iterator[str]:
    """A fresh, migrated database with Django set up on it; dropped on the way out."""
    _drop_and_maybe_create(server, name, create=True)
    try:
        _setup_django(f"{server}/{name}", env or {}, test_client)
        yield f"{server}/{name}"
    finally:
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        _drop_and_maybe_create(server, name, create=False)


def random_checkins(person, days, rng, hours: tuple[int, ...] = (9, 20)) -> list:
    """Check-ins at the given local hours of each day, with random moods: the history the
    dashboard and load benchmarks read."""
    import datetime as dt

    from apps.mood.models import MoodCheckIn

    return [
        MoodCheckIn(
            person=person,
            at=dt.datetime.combine(day, dt.time(hour), tzinfo=person.tzinfo),
            local_date=day,
            mood=rng.randint(1, 5),
        )
        for day in days
        for hour in hours
    ]
