"""Export and import at the scale of ten years, on PostgreSQL.

Creates its own database (gutmind_bench_data), fills it with one person's ten years of daily
logs and two check-ins a day, and prints:
  BENCH data.export.peak_growth_mb  peak memory growth while streaming the JSON export
  BENCH data.export_s               seconds to stream the JSON export
  BENCH data.import.daylio_3650_s   seconds to read, plan and write a 3,650-row Daylio file
  BENCH data.import.backup_10y_s    the same for a ten-year Daylio backup (7,300 entries)
  BENCH data.import.bearable_50k_s  the same for a 50,000-row Bearable export
Targets: export under 50 MB and 10 s (issue 7); Daylio and backup at most 2 s each, Bearable
at most 10 s (issue 13). The database is dropped afterwards.
Run: .venv/bin/python bench/data.py (BENCH_DATA_PG=postgres://... to use another server, or
BENCH_DATABASE_URL=postgres://.../name for another server and database name).
"""

import base64
import datetime as dt
import io
import json
import os
import random
import sys
import time
import tracemalloc
import zipfile

from _support import bench_database, server_url

SERVER = server_url("BENCH_DATA_PG")
DB_NAME = "gutmind_bench_data"
if os.environ.get("BENCH_DATABASE_URL"):
    SERVER, DB_NAME = os.environ["BENCH_DATABASE_URL"].rsplit("/", 1)
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


def backup_file(days: int) -> bytes:
    """Ten years of a Daylio backup, in the shape of the real ones (our own made-up data)."""
    rng = random.Random(13)
    moods = [
        {"id": g, "custom_name": "", "mood_group_id": g, "predefined_name_id": g}
        for g in range(1, 6)
    ]
    names = ["work", "family", "walk", "reading", "coffee", "yoga", "kimchi"]
    tags = [{"id": 100 + n, "name": name, "id_tag_group": 1} for n, name in enumerate(names)]
    entries = []
    start = dt.date(2014, 1, 1)
    for n in range(days):
        day = start + dt.timedelta(days=n)
        for hour in (9, 21):
            entries.append(
                {
                    "year": day.year,
                    "month": day.month - 1,
                    "day": day.day,
                    "hour": hour,
                    "minute": rng.randint(0, 59),
                    "mood": rng.randint(1, 5),
                    "tags": [tag["id"] for tag in rng.sample(tags, 2)],
                    "note": "A few words<br>on two lines.",
                    "note_title": "",
                }
            )
    data = {
        "customMoods": moods,
        "tags": tags,
        "tag_groups": [{"id": 1, "name": "All"}],
        "dayEntries": entries,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("backup.daylio", base64.b64encode(json.dumps(data).encode()))
    return buffer.getvalue()


def bearable_file(rows: int) -> bytes:
    rng = random.Random(17)
    lines = ["date,date formatted,weekday,time of day,category,rating/amount,detail,notes"]
    day = dt.date(2012, 1, 1)
    quarters = ["00", "15", "30", "45"]
    kinds = [
        ("am", "Mood", lambda: str(rng.randint(1, 5)), "Calm"),
        ("pm", "Mood", lambda: str(rng.randint(1, 5)), "Tired"),
        ("am", "Energy", lambda: str(rng.randint(1, 5)), ""),
        ("all day", "Sleep", lambda: f"{rng.randint(5, 9)}:{rng.choice(quarters)}", ""),
        ("all day", "Sleep quality", lambda: str(rng.randint(1, 5)), ""),
        ("mid", "Bowel Movements", lambda: str(rng.randint(1, 7)), ""),
        ("pm", "Symptom", lambda: str(rng.randint(1, 4)), "Bloating"),
        ("all day", "Factors", lambda: "", "Walk | Coffee"),
        ("pm", "Nutrition", lambda: "", "Meals: soup"),
        ("pm", "Gratitudes", lambda: "", "Sunshine"),
    ]
    while len(lines) <= rows:
        for block, category, rating, detail in kinds:
            note = "A note" if rng.random() < 0.3 else ""
            lines.append(
                f'"{day:%d %b %Y}","{day}","{day:%A}","{block}","{category}",'
                f'"{rating()}","{detail}","{note}"'
            )
        day += dt.timedelta(days=1)
    return "\n".join(lines[: rows + 1]).encode()


def import_seconds(fmt: str, raw: bytes, email: str) -> tuple[float, int]:
    from apps.accounts.models import User
    from apps.yourdata import importing

    person = User.objects.create_user(email, "bench-password-123")
    started = time.perf_counter()
    plan = importing.build_plan(person, importing.parse(fmt, raw))
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
        seconds, created = import_seconds("daylio", daylio_file(DAYS), "daylio@example.org")
        assert created == DAYS, f"imported {created} check-ins, expected {DAYS}"
        print(f"BENCH data.import.daylio_3650_s {seconds:.2f} s", flush=True)
        raw = backup_file(DAYS)
        seconds, created = import_seconds("daylio-backup", raw, "backup@example.org")
        assert created == 2 * DAYS, f"imported {created} check-ins, expected {2 * DAYS}"
        print(f"BENCH data.import.backup_10y_s {seconds:.2f} s", flush=True)
        seconds, created = import_seconds("bearable", bearable_file(50_000), "bear@example.org")
        print(f"BENCH data.import.bearable_50k_s {seconds:.2f} s", flush=True)
        print(f"# bearable: {created} check-ins", file=sys.stderr)


if __name__ == "__main__":
    main()
