"""This local week against the daily guidelines, the days a person recorded anything,
and the logging streak: lifestyle's knowledge, read by the day pages and History here, and
from above by the dashboard and the weekly summary email (docs/architecture.md).

Each takes the person and their local "today" and returns plain values, from one
aggregate query each.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise

from django.db.models import Avg, Count, Q, Sum

from apps.accounts.models import User
from apps.lifestyle.habits import HABITS_BY_FIELD, WEEKLY_EXERCISE_DAYS, WEEKLY_EXERCISE_MINUTES
from apps.lifestyle.models import DailyLog
from apps.mood.models import MoodCheckIn

# The daily guidelines the week is measured against, in the order people read them.
WEEK_GUIDELINE_FIELDS = (
    "fruit_veg_servings",
    "water_ml",
    "exercise_minutes",
    "sleep_hours",
    "fermented_servings",
    "mindfulness_minutes",
)


@dataclass(frozen=True)
class GuidelineResult:
    field: str
    label: str
    target: str  # "at least 7 servings a day"
    achieved: float | None  # None: nothing logged for it this week
    achieved_text: str  # "5.3 servings a day on average"
    met: bool
    distance: float  # 0 when met, up to 1 when far off or not logged


def week_start(today: date) -> date:
    """Monday of the local week that holds today."""
    return today - timedelta(days=today.weekday())


def week_against_guidelines(person: User, today: date) -> list[GuidelineResult]:
    totals = (
        DailyLog.objects.for_user(person)
        .between(week_start(today), today)
        .aggregate(
            fruit_veg_servings=Avg("fruit_veg_servings"),
            water_ml=Avg("water_ml"),
            sleep_hours=Avg("sleep_hours"),
            fermented_servings=Avg("fermented_servings"),
            mindfulness_minutes=Avg("mindfulness_minutes"),
            exercise_total=Sum("exercise_minutes"),
            exercise_days=Count("id", filter=Q(exercise_minutes__gt=0)),
        )
    )
    return [
        _daily_average("fruit_veg_servings", totals["fruit_veg_servings"]),
        _daily_average("water_ml", totals["water_ml"]),
        _exercise(totals["exercise_total"], totals["exercise_days"]),
        _sleep(totals["sleep_hours"]),
        _daily_average("fermented_servings", totals["fermented_servings"]),
        _daily_average("mindfulness_minutes", totals["mindfulness_minutes"]),
    ]


def furthest_guideline(results: list[GuidelineResult]) -> GuidelineResult | None:
    """The logged guideline the person is furthest from, or None when every logged one is
    met. A habit not logged this week is unknown, not far off: we do not advise on it."""
    unmet = [result for result in results if not result.met and result.achieved is not None]
    return max(unmet, key=lambda result: result.distance, default=None)


def _number(value: float) -> str:
    return f"{value:,.1f}".removesuffix(".0")


def _daily_average(field: str, average: Decimal | float | None) -> GuidelineResult:
    habit = HABITS_BY_FIELD[field]
    assert habit.daily_min is not None and habit.unit is not None  # a guideline habit
    target = float(habit.daily_min)
    target_text = f"at least {_number(target)} {habit.unit.of(target)} a day"
    if average is None:
        return GuidelineResult(field, habit.label, target_text, None, "not logged yet", False, 1.0)
    achieved = float(average)
    return GuidelineResult(
        field,
        habit.label,
        target_text,
        round(achieved, 2),
        f"{_number(achieved)} {habit.unit.of(achieved)} a day on average",
        achieved >= target,
        round(max(0.0, 1 - achieved / target), 3),
    )


def _exercise(total: int | None, days: int) -> GuidelineResult:
    habit = HABITS_BY_FIELD["exercise_minutes"]
    target_text = (
        f"{WEEKLY_EXERCISE_MINUTES} minutes a week, on at least {WEEKLY_EXERCISE_DAYS} days"
    )
    if total is None:
        return GuidelineResult(
            habit.field, habit.label, target_text, None, "not logged yet", False, 1.0
        )
    # Both halves count: the minutes and the spread over the week, whichever is further.
    minutes_short = max(0.0, 1 - total / WEEKLY_EXERCISE_MINUTES)
    days_short = max(0.0, 1 - days / WEEKLY_EXERCISE_DAYS)
    met = total >= WEEKLY_EXERCISE_MINUTES and days >= WEEKLY_EXERCISE_DAYS
    day_word = "day" if days == 1 else "days"
    return GuidelineResult(
        habit.field,
        habit.label,
        target_text,
        float(total),
        f"{total} minutes over {days} {day_word}",
        met,
        round(max(minutes_short, days_short), 3),
    )


def _sleep(average: Decimal | None) -> GuidelineResult:
    habit = HABITS_BY_FIELD["sleep_hours"]
    assert habit.daily_min is not None and habit.daily_max is not None
    low, high = float(habit.daily_min), float(habit.daily_max)
    target_text = f"{_number(low)} to {_number(high)} hours a night"
    if average is None:
        return GuidelineResult(
            habit.field, habit.label, target_text, None, "not logged yet", False, 1.0
        )
    achieved = float(average)
    # Too much sleep is off the guideline too; an hour outside the range counts as 1/low.
    outside = max(low - achieved, achieved - high, 0.0)
    return GuidelineResult(
        habit.field,
        habit.label,
        target_text,
        round(achieved, 2),
        f"{_number(achieved)} hours a night on average",
        outside == 0,
        round(min(1.0, outside / low), 3),
    )


def recorded_dates(person: User, until: date | None = None) -> list[date]:
    """Every local day with a log or a check-in (up to `until` when given), newest first,
    in one query: UNION removes the duplicates in the database. A list of bare dates is
    small even for years of use, and paging a list needs no count query (History)."""
    log_days = DailyLog.objects.for_user(person).order_by()
    checkin_days = MoodCheckIn.objects.for_user(person).order_by()
    if until is not None:
        log_days = log_days.filter(date__lte=until)
        checkin_days = checkin_days.filter(local_date__lte=until)
    union = log_days.values_list("date").union(checkin_days.values_list("local_date"))
    return [day for (day,) in union.order_by("-date")]


def streak_from(dates: list[date], today: date) -> int:
    """Consecutive days in `dates` (newest first) ending today, or yesterday: a streak is
    not lost before the person has had a chance to log today."""
    if not dates or dates[0] < today - timedelta(days=1):
        return 0
    streak = 1
    for newer, older in pairwise(dates):
        if newer - older != timedelta(days=1):
            break
        streak += 1
    return streak


def logging_streak(person: User, today: date) -> int:
    """Consecutive local days with a log or a check-in, ending today or yesterday."""
    return streak_from(recorded_dates(person, until=today), today)
