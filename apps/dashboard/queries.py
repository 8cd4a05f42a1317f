"""The dashboard's database reads: each is one query, aggregated in the database, and
always fetched through the signed-in person."""

import re
from datetime import date, timedelta
from typing import Any

from django.db import connection
from django.db.models import (
    Avg,
    Case,
    FilteredRelation,
    FloatField,
    Q,
    Value,
    When,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import Cast
from django.db.models.query import QuerySet

from apps.accounts.models import User
from apps.dashboard.models import Range
from apps.dashboard.stats import OUTCOMES, HabitSeries, Outcome
from apps.lifestyle.habits import HABITS, HABITS_BY_FIELD, Habit, Kind
from apps.lifestyle.models import DailyLog, Tag
from apps.mood.models import MoodCheckIn

MAX_RANGE_DAYS = 3660


class BadParameter(ValueError):
    """A query-string value the dashboard cannot use; the message says why."""


def parse_range(raw: str | None) -> int | None:
    """Days to show, or None for all time. Accepts the switch's values and any whole
    number of days up to ten years."""
    if raw == Range.ALL:
        return None
    if raw is None or not re.fullmatch(r"[0-9]{1,5}", raw):
        raise BadParameter(
            f"range must be a whole number of days (1 to {MAX_RANGE_DAYS}) or 'all'."
        )
    days = int(raw)
    if not 1 <= days <= MAX_RANGE_DAYS:
        raise BadParameter(f"range must be between 1 and {MAX_RANGE_DAYS} days, or 'all'.")
    return days


def range_start(today: date, days: int | None) -> date | None:
    return None if days is None else today - timedelta(days=days - 1)


def parse_choice(person: User, raw: str | None) -> Habit:
    """A habit from the registry or one of the person's own tags (one query for a tag)."""
    if raw in HABITS_BY_FIELD:
        return HABITS_BY_FIELD[raw]
    # ASCII digits only, and few enough to fit the id column (no overflow error in SQL).
    if raw and (match := re.fullmatch(r"tag:([0-9]{1,18})", raw)):
        tag = Tag.objects.for_user(person).filter(pk=int(match.group(1))).first()
        if tag is not None:
            return Habit.for_tag(tag.pk, tag.name)
    raise BadParameter("habit must be one of the habits or one of your tags, e.g. 'sleep_hours'.")


def habit_choices(person: User) -> list[Habit]:
    """Every habit, then the person's tags: what the chart's select offers."""
    tags = Tag.objects.for_user(person).active().values_list("pk", "name")
    return [*HABITS, *(Habit.for_tag(pk, name) for pk, name in tags)]


def daily_mood(person: User, start: date | None, end: date) -> dict[date, float]:
    """The mean mood of each local day with a check-in."""
    rows = MoodCheckIn.objects.for_user(person).between(start, end).day_means()
    return {row["local_date"]: round(row["mean_mood"], 3) for row in rows}


def checkin_years(person: User) -> list[int]:
    """Every year with a check-in, oldest first: one query (DISTINCT on the truncated date)."""
    days = MoodCheckIn.objects.for_user(person).dates("local_date", "year")
    return [day.year for day in days]


def daily_outcomes(
    person: User, start: date | None, end: date, habits: list[HabitSeries]
) -> list[Outcome]:
    """Each day's mean mood, energy and anxiety (check-ins without one are left out of its
    mean) in one query, and the logged gut comfort from the habit series already read."""
    rows = (
        MoodCheckIn.objects.for_user(person)
        .between(start, end)
        .day_means()
        .annotate(
            energy_mean=Cast(Avg("energy"), FloatField()),
            anxiety_mean=Cast(Avg("anxiety"), FloatField()),
        )
        .values_list("local_date", "mean_mood", "energy_mean", "anxiety_mean")
    )
    columns: dict[str, dict[date, float]] = {"mood": {}, "energy": {}, "anxiety": {}}
    for day, *means in rows:
        for key, mean in zip(columns, means, strict=True):
            if mean is not None:
                columns[key][day] = round(mean, 3)
    gut = next((series.values for series in habits if series.key == "gut_comfort"), {})
    columns["gut_comfort"] = gut
    return [outcome.of(columns[outcome.key]) for outcome in OUTCOMES]


def mood_and_values(
    person: User, choice: Habit, start: date | None, end: date
) -> tuple[dict[date, float], dict[date, float]]:
    """The daily mean mood, and the chosen habit on each logged day (numbers as logged,
    blank days left out; yes/no as 1 or 0 on every logged day). One round trip (UNION
    ALL): over years of days a second query's overhead is a good part of the time."""
    mood_rows = (
        MoodCheckIn.objects.for_user(person)
        .between(start, end)
        .day_means()
        .order_by()  # no ORDER BY inside a UNION
        .annotate(kind=Value(0))
        .values_list("local_date", "kind", "mean_mood")
    )
    logs = DailyLog.objects.for_user(person).between(start, end).order_by()
    if choice.tag_id is not None:
        # A LEFT JOIN on the one tag: (log, tag) is unique, so still one row per log.
        logs = logs.annotate(chosen=FilteredRelation("tags", condition=Q(tags__id=choice.tag_id)))
        number: Combinable = Case(
            When(chosen__isnull=False, then=1.0), default=0.0, output_field=FloatField()
        )
    elif choice.kind == Kind.YESNO:  # PostgreSQL will not cast a boolean to a float
        number = Case(
            When(**{choice.field: True}, then=1.0), default=0.0, output_field=FloatField()
        )
    else:
        logs = logs.exclude(**{f"{choice.field}__isnull": True})
        number = Cast(choice.field, FloatField())
    value_rows = logs.annotate(kind=Value(1), number=number).values_list("date", "kind", "number")
    mood: dict[date, float] = {}
    values: dict[date, float] = {}
    for day, kind, value in _plain_rows(mood_rows.union(value_rows, all=True)):
        if kind:
            values[day] = value
        else:
            mood[day] = round(value, 3)
    return mood, values


def _plain_rows(queryset: QuerySet[Any, Any]) -> list[tuple[Any, ...]]:
    """The queryset's rows straight from the database cursor. For three years of days the
    ORM's per-row conversion costs more than the query (bench/dashboard.py: series 20 ms
    -> 17 ms); the columns here are a date, an int and a float, which both backends hand
    back as Python values already."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
        return rows


def all_habit_series(person: User, start: date | None, end: date) -> list[HabitSeries]:
    """Every habit and every tag used in the range, from one query: logs joined to their
    tags (a log with two tags comes back twice, a log with none once)."""
    fields = [habit.field for habit in HABITS]
    rows = (
        DailyLog.objects.for_user(person)
        .between(start, end)
        .order_by()
        .values_list("date", *fields, "tags__id", "tags__name")
    )
    values: dict[str, dict[date, float]] = {field: {} for field in fields}
    logged_days: set[date] = set()
    tag_days: dict[int, set[date]] = {}
    tag_names: dict[int, str] = {}
    for day, *habit_values, tag_id, tag_name in rows:
        logged_days.add(day)
        for field, value in zip(fields, habit_values, strict=True):
            if value is not None:
                values[field][day] = float(value)
        if tag_id is not None:
            tag_days.setdefault(tag_id, set()).add(day)
            tag_names[tag_id] = tag_name
    series = [HabitSeries(habit, values[habit.field]) for habit in HABITS]
    for tag_id in sorted(tag_days, key=lambda pk: tag_names[pk].lower()):
        days = tag_days[tag_id]
        series.append(
            HabitSeries(
                Habit.for_tag(tag_id, tag_names[tag_id]),
                {day: float(day in days) for day in logged_days},
            )
        )
    return series
