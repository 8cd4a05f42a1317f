"""Export and import at the scale of ten years, on PostgreSQL.

Creates its own database (gutmind_bench_data), fills it with one person's ten years of daily
logs and two check-ins a day, and prints:
  BENCH data.export.peak_growth_mb  peak memory growth while streaming the JSON export
  BENCH data.export_s               seconds to stream the JSON export
  BENCH data.import.daylio_3650_s   seconds to read, plan and write a 3,650-row Daylio file
Targets (issue 7): under 50 MB and under 10 seconds. The database is dropped afterwards.
Run: .venv/bin/python bench/data.py (BENCH_DATA_PG=postgres://... to use another server).
"""

import datetime as dt
import random
import sys
import time
import tracemalloc

from _support import bench_database, server_url

SERVER = server_url("BENCH_DATA_PG")
DB_NAME = "gutmind_bench_data"
DAYS = 3650


def fill_ten_years():
    from apps.accounts.models import User
    from apps.lifestyle.models import DailyLog, Tag
    from apps.mood.models import MoodCheckIn

    rng = random.Random(7)
    person = User.objects.create_user("ten-years@example.org", "bench-password-123")
    tz = person.tzinfo
    tags = Tag.objects.bulk_create(
        [Tag(person=person, name=name) for name in ("coffee", "alcohol", "social", "walk")]
    )
    start = dt.date.today() - dt.timedelta(days=DAYS)
    days = [start + dt.timedelta(days=n) for n in range(DAYS)]
    logs = DailyLog.objects.bulk_create(
        [
            DailyLog(
                person=person,
                date=day,
                fruit_veg_servings=rng.randint(0, 9),
                water_ml=rng.randrange(500, 3500, 250),
                sleep_hours=rng.choice([6, 6.5, 7, 7.5, 8, 8.25]),
                exercise_minutes=rng.randint(0, 90),
                stress_level=rng.randint(1, 5),
                note="A day like the others, with a few words written about it." * 2,
            )
            for day in days
        ],
        batch_size=1000,
    )
    through = DailyLog.tags.through
    through.objects.bulk_create(
        [through(dailylog_id=log.id, tag_id=tag.id) for log in logs for tag in rng.sample(tags, 2)],
        batch_size=2000,
    )
    MoodCheckIn.objects.bulk_create(
        [
            MoodCheckIn(
                person=person,
                at=dt.datetime.combine(day, dt.time(hour), tzinfo=tz),
                local_date=day,
                mood=rng.randint(1, 5),
                energy=rng.randint(1, 5),
                emotions=["calm"],
                note="Felt about the same as yesterday.",
            )
            for day in days
            for hour in (9, 21)
        ],
        batch_size=2000,
    )
    return person


def export_seconds(person) -> tuple[float, int]:
    from apps.yourdata import exporting

    started = time.perf_counter()
    size = sum(len(chunk) for chunk in exporting.json_bytes(person))
    return time.perf_counter() - started, size


def export_peak_growth_mb(person) -> float:
    from apps.yourdata import exporting

    tracemalloc.start()
    baseline, _ = tracemalloc.get_traced_memory()
    tracemalloc.reset_peak()
    for _chunk in exporting.json_bytes(person):
        pass
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return (peak - baseline) / 1024 / 1024


def daylio_file(rows: int) -> bytes:
    rng = random.Random(11)
    labels = ["rad", "good", "meh", "bad", "awful"]
    lines = ["full_date,date,weekday,time,mood,activities,note_title,note"]
    start = dt.date(2014, 1, 1)
    for n in range(rows):
        day = start + dt.timedelta(days=n)
        activities = " | ".join(rng.sample(["work", "family", "walk", "reading", "coffee"], 2))
        note = '"Wrote a little, with ""quotes"", commas\nand a second line."'
        lines.append(
            f"{day},{day:%d %B},{day:%A},{rng.randint(1, 12)}:{rng.randint(0, 59):02d} pm,"
            f'{rng.choice(labels)},"{activities}","",{note}'
        )
    return "\n".join(lines).encode()


def import_seconds() -> tuple[float, int]:
    from apps.accounts.models import User
    from apps.yourdata import importing

    person = User.objects.create_user("newcomer@example.org", "bench-password-123")
    raw = daylio_file(DAYS)
    started = time.perf_counter()
    plan = importing.build_plan(person, importing.parse("daylio", raw))
    result = importing.apply_plan(plan)
    return time.perf_counter() - started, result.checkins


def main() -> None:
    with bench_database(SERVER, DB_NAME):
        person = fill_ten_years()
        seconds, size = export_seconds(person)
        growth = export_peak_growth_mb(person)
        print(f"BENCH data.export.peak_growth_mb {growth:.1f} MB", flush=True)
        print(f"BENCH data.export_s {seconds:.2f} s", flush=True)
        print(f"# export: {size / 1024 / 1024:.1f} MB of JSON", file=sys.stderr)
        seconds, created = import_seconds()
        assert created == DAYS, f"imported {created} check-ins, expected {DAYS}"
        print(f"BENCH data.import.daylio_3650_s {seconds:.2f} s", flush=True)


if __name__ == "__main__":
    main()
