"""JSON for the dashboard's charts. Signed in only; a signed-out caller gets 401 JSON
(a script cannot follow a redirect to the login page), a bad parameter gets 400 JSON."""

import re
from collections.abc import Callable
from dataclasses import asdict
from datetime import date, timedelta
from functools import wraps

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from apps.accounts.dates import EARLIEST_DAY
from apps.dashboard import periods, queries, stats, versions
from apps.dashboard.models import remembered_range
from apps.dashboard.queries import BadParameter
from apps.lifestyle import progress
from apps.lifestyle.habits import Kind
from gutmind.cache import cached

CALENDAR_DAYS = 365
# Patterns need many days, so insights look at least this far back whatever the charts show.
INSIGHTS_MIN_DAYS = 365
INSIGHTS_CACHE_SECONDS = 24 * 60 * 60
DEFAULT_HABIT = "sleep_hours"


def api_view(view: Callable) -> Callable:
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> JsonResponse:
        if not request.user.is_authenticated:
            return JsonResponse({"error": "Sign in to see your dashboard."}, status=401)
        try:
            return view(request, *args, **kwargs)
        except BadParameter as error:
            return JsonResponse({"error": str(error)}, status=400)

    return require_GET(wrapper)


def _range(request: HttpRequest) -> tuple[str, date | None, date]:
    """The period from ?start=&end=, else ?range=, else the person's remembered range: its
    name ("custom" for a start and end), first and last local day (first is None for all
    time)."""
    person = request.user
    period = periods.period_from(request.GET, person, lambda: remembered_range(person))
    return period.range, period.start, period.end


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=offset) for offset in range((end - start).days + 1)]


@api_view
def ping(request: HttpRequest) -> JsonResponse:
    """The benchmarks' baseline: signed in, no work."""
    return JsonResponse({"ok": True})


@api_view
def series(request: HttpRequest) -> JsonResponse:
    person = request.user
    range_value, start, end = _range(request)
    choice = queries.parse_choice(person, request.GET.get("habit", DEFAULT_HABIT))
    mood, values = queries.mood_and_values(person, choice, start, end)
    first = start or min([*mood, *values], default=end)
    days = _days(first, end)
    mood_column = [mood.get(day) for day in days]
    # Columns rather than one object a day: a third of the bytes for three years of days.
    return JsonResponse(
        {
            "range": range_value,
            "start": first,
            "end": end,
            "habit": choice.as_json(),
            "days_with_mood": len(mood),
            "days_with_habit": len(values),
            "dates": [day.isoformat() for day in days],
            "mood": mood_column,
            "rolling": stats.rolling_mean(mood_column),
            "habit_values": [values.get(day) for day in days],
        }
    )


def _scatter_panel(
    values: dict[date, float], mood: dict[date, float], lag: str, kind: Kind
) -> dict:
    """The days to plot, and a line or two group means only once there are as many days,
    as spread out, as an insight needs: fewer days draw dots and claim nothing."""
    x, y = stats.pair_days(values, mood, lag)
    enough = stats.enough_days(kind, x)
    fit = stats.fit_line(x, y) if enough and kind == Kind.NUMBER else None
    groups = None
    if enough and kind == Kind.YESNO:
        groups = {
            "with": {"n": int((x > 0.5).sum()), "mean": round(float(y[x > 0.5].mean()), 2)},
            "without": {"n": int((x <= 0.5).sum()), "mean": round(float(y[x <= 0.5].mean()), 2)},
        }
    return {
        "lag": lag,
        "n": len(x),
        "x": x.tolist(),
        "y": y.tolist(),
        "enough": enough,
        "needs": (
            f"an insight needs {stats.MIN_SIDE_DAYS} days on each side, spread over "
            f"{stats.MIN_STRETCHES} or more separate stretches"
        ),
        "fit": None if fit is None else {"slope": fit[0], "intercept": fit[1]},
        "groups": groups,
    }


@api_view
def scatter(request: HttpRequest) -> JsonResponse:
    person = request.user
    range_value, start, end = _range(request)
    choice = queries.parse_choice(person, request.GET.get("habit", DEFAULT_HABIT))
    mood, values = queries.mood_and_values(person, choice, start, end)
    return JsonResponse(
        {
            "range": range_value,
            "habit": choice.as_json(),
            "same_day": _scatter_panel(values, mood, stats.SAME_DAY, choice.kind),
            "next_day": _scatter_panel(values, mood, stats.NEXT_DAY, choice.kind),
        }
    )


def week_payload(person, end: date) -> dict:
    results = progress.week_against_guidelines(person, end)
    furthest = progress.furthest_guideline(results)
    return {
        "week_start": progress.week_start(end),
        "end": end,
        "guidelines": [asdict(result) for result in results],
        "furthest": furthest.field if furthest else None,
        "streak": progress.logging_streak(person, end),
    }


@api_view
def week(request: HttpRequest) -> JsonResponse:
    person = request.user
    return JsonResponse(week_payload(person, person.local_today()))


@api_view
def calendar(request: HttpRequest) -> JsonResponse:
    """The last 365 days, or with ?year= that calendar year (Daylio's Year in Pixels for any
    year); "years" lists every year with a check-in, for paging."""
    person = request.user
    today = person.local_today()
    year = _year(request.GET.get("year"), today)
    if year is None:
        start, end = today - timedelta(days=CALENDAR_DAYS - 1), today
    else:
        start, end = date(year, 1, 1), min(date(year, 12, 31), today)
    mood = queries.daily_mood(person, start, end)
    return JsonResponse(
        {
            "start": start,
            "end": end,
            "year": year,
            "years": queries.checkin_years(person),
            "days": [{"date": day, "mood": mean} for day, mean in sorted(mood.items())],
        }
    )


def _year(raw: str | None, today: date) -> int | None:
    if raw is None or raw == "":
        return None
    if not re.fullmatch(r"[0-9]{4}", raw) or not EARLIEST_DAY.year <= int(raw) <= today.year:
        raise BadParameter(f"year must be a year from {EARLIEST_DAY.year} to {today.year}.")
    return int(raw)


def _insights_payload(report: stats.InsightReport) -> dict:
    return {
        "insights": [asdict(insight) for insight in report.insights],
        "tests_made": report.tests_made,
        "paired_days": report.paired_days,
        "days_needed": report.days_needed,
        "message": report.message,
        "waiting": [asdict(waiting) for waiting in report.waiting],
    }


def insights_for(person, start: date | None, today: date) -> dict:
    """The insights, cached under the person's data version (apps/dashboard/versions.py):
    a new, edited or deleted log, check-in or tag gives a new version, so nothing stale is
    served, and a repeat visit costs one primary-key read instead of the reads and the fits."""
    key = f"dashboard:insights:v4:{person.pk}:{start}:{today}:{versions.current(person)}"

    def compute() -> dict:
        habits = queries.all_habit_series(person, start, today)
        outcomes = queries.daily_outcomes(person, start, today, habits)
        return _insights_payload(stats.find_insights(outcomes, habits))

    # gutmind.cache.cached: with the cache down this computes every time, never a 500.
    return cached(key, INSIGHTS_CACHE_SECONDS, compute)


def insights_start(start: date | None, today: date) -> date | None:
    return None if start is None else min(start, today - timedelta(days=INSIGHTS_MIN_DAYS - 1))


@api_view
def insights(request: HttpRequest) -> JsonResponse:
    range_value, start, end = _range(request)
    start = insights_start(start, end)
    return JsonResponse({"range": range_value, **insights_for(request.user, start, end)})
