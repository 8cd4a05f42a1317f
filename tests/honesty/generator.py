"""Generated lives for the honesty suite: our own generator, no real person's data.

A life is a run of calendar days with a latent mood (1 to 5 scale), optional carry-over
(AR(1)), drift, weekday effects, Daylio-style activities (tags) that may come in runs or grow
more frequent, about 10% missing days and one to three whole-number check-ins a day. The
same life can be written as a Daylio CSV (for the real importer) or read straight into the
dashboard's pure functions, exactly as the database would hand them back.
"""

import csv
import io
import math
import random
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from apps.dashboard.stats import HabitSeries, Outcome, mood_outcome
from apps.lifestyle.habits import Habit, Kind

START = date(2025, 3, 3)  # a Monday
DAYLIO_LABELS = {5: "rad", 4: "good", 3: "meh", 2: "bad", 1: "awful"}
MOOD_SD = 0.9  # the latent mood's day-to-day spread: effects are given in these units
BASE_MOOD = 3.2
# A Daylio user's activities: one nearly every day (so most days have a log), the rest
# from common to rare. Runs of "a week or so" where the family asks for them.
NULL_TAGS = {
    "home": 0.9,
    "work": 0.5,
    "friends": 0.35,
    "reading": 0.25,
    "gaming": 0.12,
    "date": 0.08,
}
FOCUS_TAG = "yoga"


@dataclass(frozen=True)
class Family:
    name: str
    days: int = 90
    phi: float = 0.0
    runs: bool = False  # tags in runs of about RUN_DAYS
    drift: float = 0.0  # mood points from first to last day
    tag_trend: bool = False  # two tags grow from rare to common over the days
    weekday: bool = False  # weekend lift, Monday dip; "friends" mostly at weekends
    effect_sd: float = 0.0  # planted effect of the focus tag, in MOOD_SD units
    lag: int = 0  # 0 same day, 1 next day
    reverse: bool = False  # the focus tag follows low-mood days, with no effect on mood
    focus_rate: float = 0.5


RUN_DAYS = 7

NULL_FAMILIES = (
    Family("independent days"),
    Family("AR(1) mood phi 0.5, tags in runs", phi=0.5, runs=True),
    Family("AR(1) mood phi 0.8, tags in runs", phi=0.8, runs=True),
    Family("mood drifts +1.2, two tags grow", drift=1.2, tag_trend=True),
    Family("weekday effects, a weekend tag", weekday=True),
    Family("reverse direction: the tag follows low mood", phi=0.5, reverse=True),
    Family(
        "AR(1) phi 0.8, runs, drift, weekday, 180 days",
        days=180,
        phi=0.8,
        runs=True,
        drift=1.2,
        tag_trend=True,
        weekday=True,
    ),
)
SAME_DAY_EFFECT = Family("a true same-day effect, 45 days", days=45, effect_sd=0.63)
NEXT_DAY_EFFECT = Family("a true next-day effect, 45 days", days=45, effect_sd=0.63, lag=1)


@dataclass
class Life:
    family: Family
    checkins: dict[date, list[int]] = field(default_factory=dict)
    tags: dict[date, list[str]] = field(default_factory=dict)
    true_tags: set[str] = field(default_factory=set)  # tags that really move mood

    @property
    def days(self) -> list[date]:
        return sorted(self.checkins)


def _tag_on(rng: random.Random, rate: float, previous: bool, runs: bool) -> bool:
    if not runs:
        return rng.random() < rate
    # A two-state Markov chain with mean run RUN_DAYS on the rarer side and `rate` overall.
    leave_on = 1 / RUN_DAYS if rate <= 0.5 else (1 - rate) / (rate * RUN_DAYS)
    leave_on = min(leave_on, 1.0)
    enter = leave_on * rate / (1 - rate)
    return rng.random() >= leave_on if previous else rng.random() < enter


def generate(family: Family, seed: int) -> Life:
    rng = random.Random(f"{family.name}/{seed}")
    life = Life(family, true_tags={FOCUS_TAG} if family.effect_sd else set())
    innovation = MOOD_SD * math.sqrt(1 - family.phi**2)
    latent = rng.gauss(0, MOOD_SD)
    on = {name: False for name in (*NULL_TAGS, FOCUS_TAG)}
    previous_focus, previous_latent = False, latent
    for offset in range(family.days):
        day = START + timedelta(days=offset)
        share = offset / max(family.days - 1, 1)
        latent = family.phi * latent + rng.gauss(0, innovation)
        today: list[str] = []
        for name, rate in NULL_TAGS.items():
            if family.tag_trend and name in ("reading", "friends"):
                rate = 0.05 + 0.6 * share
            if family.weekday and name == "friends":
                rate = 0.7 if day.weekday() >= 4 else 0.15
            on[name] = _tag_on(rng, rate, on[name], family.runs)
        if family.reverse:
            on[FOCUS_TAG] = rng.random() < (0.75 if previous_latent < 0 else 0.25)
        else:
            on[FOCUS_TAG] = _tag_on(rng, family.focus_rate, on[FOCUS_TAG], family.runs)
        today = [name for name, value in on.items() if value]
        effect_on = previous_focus if family.lag else on[FOCUS_TAG]
        mood = BASE_MOOD + latent + family.drift * (share - 0.5)
        if family.weekday:
            mood += {0: -0.35, 5: 0.45, 6: 0.45}.get(day.weekday(), 0.0)
        mood += family.effect_sd * MOOD_SD * effect_on
        previous_focus, previous_latent = on[FOCUS_TAG], latent
        if rng.random() < 0.1:  # a missing day: nothing logged
            continue
        count = rng.choice((1, 1, 2, 2, 3))
        life.checkins[day] = [max(1, min(5, round(mood + rng.gauss(0, 0.5)))) for _ in range(count)]
        life.tags[day] = today
    return life


def daylio_csv(life: Life) -> str:
    """Daylio's export: newest first, one row per check-in, the day's activities on each."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["full_date", "date", "weekday", "time", "mood", "activities", "note_title", "note"]
    )
    for day in reversed(life.days):
        for index, mood in enumerate(life.checkins[day]):
            clock = time(8 + 5 * index, 30)
            writer.writerow(
                [
                    day.isoformat(),
                    day.strftime("%B %d"),
                    day.strftime("%A"),
                    clock.strftime("%H:%M"),
                    DAYLIO_LABELS[mood],
                    " | ".join(life.tags[day]),
                    "",
                    "",
                ]
            )
    return out.getvalue()


def as_series(life: Life) -> tuple[list[Outcome], list[HabitSeries]]:
    """What the dashboard reads after a Daylio import: the day's mean mood, and each tag
    as yes/no on every day that has a log (the importer gives every Daylio day one)."""
    mood = {day: round(sum(m) / len(m), 3) for day, m in life.checkins.items()}
    logged = life.days
    names = sorted({name for day in logged for name in life.tags[day]}, key=str.lower)
    habits = [
        HabitSeries(
            Habit(field=f"tag:{name}", label=name, kind=Kind.YESNO),
            {day: float(name in life.tags[day]) for day in logged},
        )
        for name in names
    ]
    return [mood_outcome(mood)], habits
