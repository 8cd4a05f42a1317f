"""The dashboard at three years of history, on PostgreSQL.

Creates its own database (gutmind_bench_dash), fills it with one person's three years of
daily logs (with tags) and two check-ins a day, signs in with Django's test Client and times
the median of RUNS requests to the dashboard page, each JSON endpoint (range "all") and a
trivial signed-in JSON view (the baseline). Prints:
  BENCH dashboard.<name>.ratio  median time against the baseline's (target: at most 3)
  BENCH dashboard.<name>_s      the median itself, in seconds
  BENCH dashboard.insights_cold_s  the first insights request, before its result is cached
                                   (target: at most 1 s; the cached one at most 3x ping)
  BENCH dashboard.insights_cold_cpu_s  its CPU time in this process (a busy machine's
                                   wall-clock time counts everyone else's work too)
The database is dropped afterwards.
Run: .venv/bin/python bench/dashboard.py (BENCH_DASH_PG=postgres://... for another server).
"""

import datetime as dt
import os
import random
import statistics
import time

from _support import bench_database, random_checkins, server_url

SERVER = server_url("BENCH_DASH_PG")
DB_NAME = os.environ.get("BENCH_DASH_DB", "gutmind_bench_dash")  # one per helper on a shared server
DAYS = 3 * 365
RUNS = int(os.environ.get("BENCH_RUNS", "21"))


def fill_three_years():
    from django.db import connection

    from apps.accounts.models import User
    from apps.dashboard.models import remember_range
    from apps.lifestyle.models import DailyLog, Tag
    from apps.mood.models import MoodCheckIn

    rng = random.Random(11)
    person = User.objects.create_user(
        "three-years@example.org", "bench-password-123", timezone="Europe/London"
    )
    tags = Tag.objects.bulk_create(
        [Tag(person=person, name=name) for name in ("coffee", "alcohol", "social", "walk")]
    )
    today = person.local_today()
    days = [today - dt.timedelta(days=n) for n in range(DAYS)]
    logs = DailyLog.objects.bulk_create(
        DailyLog(
            person=person,
            date=day,
            fruit_veg_servings=rng.randint(0, 9),
            whole_grain_servings=rng.randint(0, 4),
            fermented_servings=rng.choice((0, 0, 1, 2)),
            processed_servings=rng.randint(0, 5),
            water_ml=250 * rng.randint(4, 12),
            sleep_hours=rng.choice((5.5, 6, 6.5, 7, 7.5, 8, 8.5, 9)),
            sleep_quality=rng.randint(1, 5),
            exercise_minutes=rng.choice((0, 0, 20, 30, 45, 60)),
            mindfulness_minutes=rng.choice((0, 0, 5, 10, 20)),
            stress_level=rng.randint(1, 5),
            probiotic_taken=rng.random() < 0.3,
            gut_comfort=rng.randint(1, 5),
        )
        for day in days
    )
    DailyLog.tags.through.objects.bulk_create(
        DailyLog.tags.through(dailylog_id=log.pk, tag_id=tag.pk)
        for log in logs
        for tag in tags
        if rng.random() < 0.35
    )
    checkins = random_checkins(person, days, rng)
    for checkin in checkins:  # every outcome the insights test: mood, energy, anxiety, gut
        checkin.energy, checkin.anxiety = rng.randint(1, 5), rng.randint(1, 5)
    MoodCheckIn.objects.bulk_create(checkins)
    remember_range(person, "all")
    # Planner statistics, as autovacuum would have gathered them on a live database.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return person, tags


def timed(client, path: str, params: dict) -> float:
    started = time.perf_counter()
    response = client.get(path, params)
    seconds = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    return seconds


def run() -> None:
    from django.core.cache import cache
    from django.test import Client

    person, tags = fill_three_years()
    client = Client()
    client.force_login(person)
    cache.clear()
    habit = {"range": "all", "habit": "sleep_hours"}
    targets = {
        "ping": ("/api/dashboard/ping", {}),
        "page": ("/dashboard/", {}),
        "series": ("/api/dashboard/series", habit),
        "series_tag": ("/api/dashboard/series", {"range": "all", "habit": f"tag:{tags[0].pk}"}),
        "scatter": ("/api/dashboard/scatter", habit),
        "week": ("/api/dashboard/week", {}),
        "calendar": ("/api/dashboard/calendar", {}),
        "insights": ("/api/dashboard/insights", {"range": "all"}),
    }
    # CPU seconds of this process (Django and the statistics, not the database server):
    # on a shared machine the wall-clock time also counts everyone else's work.
    cpu_started = time.process_time()
    cold = timed(client, *targets["insights"])
    cold_cpu = time.process_time() - cpu_started
    for path, params in targets.values():  # warm up connections, templates and caches
        timed(client, path, params)
    # Round-robin, so a change in the machine's load hits the baseline and the others alike.
    timings: dict[str, list[float]] = {name: [] for name in targets}
    for _ in range(RUNS):
        for name, (path, params) in targets.items():
            timings[name].append(timed(client, path, params))
    medians = {name: statistics.median(values) for name, values in timings.items()}
    baseline = medians.pop("ping")
    print(f"BENCH dashboard.ping_s {baseline:.5f} s")
    for name, seconds in medians.items():
        print(f"BENCH dashboard.{name}.ratio {seconds / baseline:.2f} x")
        print(f"BENCH dashboard.{name}_s {seconds:.5f} s")
    print(f"BENCH dashboard.insights_cold_s {cold:.3f} s")
    print(f"BENCH dashboard.insights_cold_cpu_s {cold_cpu:.3f} s")


def main() -> None:
    with bench_database(SERVER, DB_NAME, test_client=True):
        run()


if __name__ == "__main__":
    main()
