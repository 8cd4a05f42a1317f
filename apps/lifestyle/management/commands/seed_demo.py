"""The demo person with N days of patterned logs and check-ins, and a demo staff editor.

Every day is generated from its own date with a fixed seed, so a re-run (or a run on a later
day) produces the same values for the same dates, and days that already hold a log or a
check-in are left alone: nothing is duplicated or overwritten.

Relationships planted for the dashboard to find (moderate: 0.5 to 1 point of the day's mean
mood on the 1-5 scale, 1.5 for the two next-day habits together):
- the day after fermented food (>= 1 serving) mood is higher, and higher still when that day
  also had at least 7 hours of sleep;
- on days with stress at 4 or 5, mood is lower;
- on days tagged "walk outside", mood is higher.
Everything else is noise, so anything else the dashboard "finds" is a false positive.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from datetime import tzinfo as TzInfo
from decimal import Decimal
from typing import Any, TypeVar

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from apps.accounts.editors import ensure_editors_group
from apps.accounts.models import User
from apps.accounts.provisioning import ensure_verified_person
from apps.lifestyle.models import DailyLog, Tag
from apps.mood.models import MoodCheckIn

DEMO_EMAIL = "demo@gutmind.localhost"
DEMO_PASSWORD = "demo-gutmind-2026"  # noqa: S105 (a local demo account, printed on purpose)
STAFF_EMAIL = "staff@gutmind.localhost"
STAFF_PASSWORD = "staff-gutmind-2026"  # noqa: S105
PRODUCTION_FLAG = "--i-know-this-creates-public-demo-accounts"
REFUSED_IN_PRODUCTION = (
    "seed_demo makes accounts whose passwords are published (in this command and the README), "
    "one of them a staff editor who can publish articles. DJANGO_DEBUG is off, so this looks "
    f"like production: nothing was created. To make them anyway, add {PRODUCTION_FLAG}."
)

SEED = "gutmind-demo-v1"
Choice = TypeVar("Choice")
MISSING_DAY_RATE = 0.15
CHECKINS_ONLY_RATE = 0.05
# Mood points (on the 1-5 scale) of each planted relationship, and the noise around them.
# Tuned with the dashboard's own tests (apps/dashboard/stats.py: Spearman and mean
# differences, permutations, Benjamini-Hochberg at 0.05) over 30 different 120-day windows:
# fermented food, stress and "walk outside" were found in 29 or 30 of them.
BASE_MOOD = 2.8
FERMENTED_EFFECT = 1.0  # next day, after >= 1 serving of fermented food
SLEEP_EFFECT = 0.5  # next day, after >= 7 hours of sleep
# Stress of 4 or 5 pulls the day down; calmer days lift it a little, so the link is
# monotonic (what a rank correlation measures), not only a step.
STRESS_EFFECT = 1.1
STRESS_SHAPE = {1: 0.4, 2: 0.25, 3: 0.0, 4: -0.7, 5: -1.0}
WALK_EFFECT = 1.0  # same day, on days tagged "walk outside"
DAY_NOISE = 0.2
CHECKIN_NOISE = 0.3
TAG_RATES = {"walk outside": 0.4, "coffee": 0.6, "social": 0.3, "alcohol": 0.12}
NOTES = (
    "",
    "",
    "",
    "Busy day at work.",
    "Long walk by the river.",
    "Slept badly, neighbours were loud.",
    "Cooked a big pot of vegetable soup.",
    "Dinner with friends.",
)
# Words from the model's fixed list (EMOTION_WORDS); bulk_create skips model validation.
HAPPY_WORDS = ("calm", "content", "grateful", "happy", "hopeful", "relaxed")
LOW_WORDS = ("anxious", "irritable", "overwhelmed", "sad", "stressed", "tired")


def _rng(kind: str, day: date) -> random.Random:
    # A string seed is hashed with SHA-512 by random.seed: stable across runs and machines.
    return random.Random(f"{SEED}:{kind}:{day.isoformat()}")


def _weighted(rng: random.Random, weights: dict[Choice, int]) -> Choice:
    """One of the keys, each as likely as its weight."""
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def day_habits(day: date) -> dict[str, Any]:
    """The habits of one day, a pure function of the date."""
    rng = _rng("habits", day)
    weekend = day.weekday() >= 5
    sleep = min(Decimal("9.5"), max(Decimal("4.5"), _quarter(rng.gauss(7.1, 0.9))))
    return {
        "fruit_veg_servings": max(0, round(rng.gauss(4.5, 1.8))),
        "whole_grain_servings": rng.randint(0, 4),
        "fermented_servings": _weighted(rng, {0: 45, 1: 35, 2: 20}),
        "processed_servings": rng.randint(0, 3) + (2 if weekend else 0),
        "water_ml": 250 * rng.randint(4, 12),
        "sleep_hours": sleep,
        "sleep_quality": max(1, min(5, round(float(sleep) - 4 + rng.gauss(0, 0.7)))),
        "exercise_minutes": 0 if rng.random() < 0.3 else 5 * rng.randint(3, 15),
        "mindfulness_minutes": 0 if rng.random() < 0.5 else 5 * rng.randint(1, 4),
        "stress_level": _weighted(rng, {1: 12, 2: 28, 3: 32, 4: 18, 5: 10}),
        "probiotic_taken": rng.random() < 0.3,
        "gut_comfort": _weighted(rng, {2: 15, 3: 35, 4: 35, 5: 15}),
        "bristol_type": _weighted(rng, {None: 40, 2: 5, 3: 20, 4: 25, 5: 7, 6: 3}),
        "note": rng.choice(NOTES),
    }


def day_tags(day: date) -> list[str]:
    rng = _rng("tags", day)
    return [name for name, rate in TAG_RATES.items() if rng.random() < rate]


def _quarter(hours: float) -> Decimal:
    return Decimal(round(hours * 4)) / 4


def day_mood(day: date) -> float:
    """The day's underlying mood before check-in noise: where the planted effects live.
    The two next-day effects add up, so a day after fermented food and good sleep gets the
    largest lift, and each habit tested on its own (as the dashboard does) still shows."""
    habits, before = day_habits(day), day_habits(day - timedelta(days=1))
    mood: float = BASE_MOOD + _rng("mood", day).gauss(0, DAY_NOISE)
    fermented, slept = before["fermented_servings"] >= 1, before["sleep_hours"] >= 7
    mood += FERMENTED_EFFECT * fermented + SLEEP_EFFECT * slept
    mood += STRESS_EFFECT * STRESS_SHAPE[habits["stress_level"]]
    if "walk outside" in day_tags(day):
        mood += WALK_EFFECT
    return mood


@dataclass
class DayPlan:
    day: date
    log: dict[str, Any] | None
    tags: list[str]
    checkins: list[dict[str, Any]] = field(default_factory=list)


def plan_day(day: date, tzinfo: TzInfo) -> DayPlan | None:
    """None for a missing day (no log, no check-in)."""
    rng = _rng("plan", day)
    if rng.random() < MISSING_DAY_RATE:
        return None
    has_log = rng.random() >= CHECKINS_ONLY_RATE
    plan = DayPlan(day, day_habits(day) if has_log else None, day_tags(day) if has_log else [])
    base = day_mood(day)
    minutes = sorted(rng.sample(range(7 * 60, 22 * 60 + 30, 5), k=rng.choice((1, 1, 2, 2, 3))))
    for minute in minutes:
        at = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=tzinfo)
        plan.checkins.append(_checkin(rng, base, at, day))
    return plan


def _checkin(rng: random.Random, base: float, at: datetime, day: date) -> dict[str, Any]:
    mood = max(1, min(5, round(base + rng.gauss(0, CHECKIN_NOISE))))
    words = rng.sample(HAPPY_WORDS if mood >= 3 else LOW_WORDS, k=rng.randint(0, 2))
    return {
        "at": at,
        "local_date": day,
        "mood": mood,
        "anxiety": max(1, min(5, 6 - mood + rng.choice((-1, 0, 0, 1))))
        if rng.random() < 0.6
        else None,
        "energy": max(1, min(5, mood + rng.choice((-1, 0, 1)))) if rng.random() < 0.6 else None,
        "emotions": words,
    }


def seed_days(person: User, days: int) -> tuple[int, int]:
    """Plant `days` past days (yesterday backwards) for the person, skipping any day that
    already has a log or a check-in. Returns (logs created, check-ins created)."""
    today = person.local_today()
    dates = [today - timedelta(days=n) for n in range(1, days + 1)]
    taken = set(
        DailyLog.objects.for_user(person).filter(date__in=dates).values_list("date", flat=True)
    )
    taken |= set(
        MoodCheckIn.objects.for_user(person)
        .filter(local_date__in=dates)
        .values_list("local_date", flat=True)
    )
    plans = [p for day in dates if day not in taken and (p := plan_day(day, person.tzinfo))]
    with transaction.atomic():
        tags = _demo_tags(person)
        logs = DailyLog.objects.bulk_create(
            DailyLog(person=person, date=p.day, **p.log) for p in plans if p.log is not None
        )
        tagged = {p.day: p.tags for p in plans}
        DailyLog.tags.through.objects.bulk_create(
            DailyLog.tags.through(dailylog_id=log.pk, tag_id=tags[name].pk)
            for log in logs
            for name in tagged[log.date]
        )
        checkins = MoodCheckIn.objects.bulk_create(
            MoodCheckIn(person=person, **checkin) for p in plans for checkin in p.checkins
        )
    return len(logs), len(checkins)


def _demo_tags(person: User) -> dict[str, Tag]:
    tags = {}
    for name in TAG_RATES:
        tag = Tag.objects.for_user(person).filter(name__iexact=name).first()
        tags[name] = tag or Tag.objects.create(person=person, name=name)
    return tags


def _demo_profile(email: str) -> dict[str, str]:
    """The demo account's name and zone; an existing account named with --email keeps its own,
    so its days are planted in the person's real time zone."""
    if User.objects.filter(email__iexact=email).exists():
        return {}
    return {"display_name": "Demo", "timezone": "Europe/London"}


class Command(BaseCommand):
    help = (
        "Create the demo person with N days of patterned data, and a demo staff editor; idempotent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", default=DEMO_EMAIL)
        parser.add_argument("--days", type=int, default=120)
        parser.add_argument(
            PRODUCTION_FLAG,
            dest="public_demo_accounts",
            action="store_true",
            help="Create the demo accounts even with DJANGO_DEBUG off (make run does: it "
            "serves loopback only).",
        )

    def handle(
        self, *args: str, email: str, days: int, public_demo_accounts: bool, **options: object
    ) -> None:
        if not settings.DEBUG and not public_demo_accounts:
            raise CommandError(REFUSED_IN_PRODUCTION)
        demo, _ = ensure_verified_person(email, DEMO_PASSWORD, **_demo_profile(email))
        staff, _ = ensure_verified_person(
            STAFF_EMAIL, STAFF_PASSWORD, display_name="Staff", is_staff=True, is_superuser=False
        )
        # An editor, not a superuser: the demo shows that staff reach articles, never logs.
        staff.groups.add(ensure_editors_group())
        logs, checkins = seed_days(demo, days)
        self.stdout.write(f"Planted {logs} daily logs and {checkins} check-ins over {days} days.")
        self.stdout.write(self.style.SUCCESS(f"Demo person: {demo.email} / {DEMO_PASSWORD}"))
        self.stdout.write(self.style.SUCCESS(f"Staff account: {STAFF_EMAIL} / {STAFF_PASSWORD}"))
