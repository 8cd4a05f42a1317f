from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from apps.accounts.dates import EARLIEST_DAY
from apps.articles.services import recommended_for_habit
from apps.dashboard import periods, queries
from apps.dashboard.api import DEFAULT_HABIT, insights_for, insights_start
from apps.dashboard.models import Range, remember_range, remembered_range
from apps.dashboard.queries import BadParameter
from apps.lifestyle import progress
from apps.mood.models import Mood

# Fewer recorded days than this and the charts would be a dot or two: guidance instead.
MIN_DAYS_FOR_CHARTS = 3


@login_required
def page(request: HttpRequest) -> HttpResponse:
    person = request.user
    today = person.local_today()
    week = progress.week_against_guidelines(person, today)
    furthest = progress.furthest_guideline(week)
    dates = progress.recorded_dates(person, until=today)
    days = len(dates)
    choices = queries.habit_choices(person)
    range_value = remembered_range(person)
    period, period_error = _period(request, range_value, today)
    context = {
        "range_value": range_value,
        "period": period,
        "period_error": period_error,
        "is_custom": period.range == periods.CUSTOM,
        "today": today,
        "earliest_day": EARLIEST_DAY,
        "range_choices": Range.choices,
        "habit_options": [choice for choice in choices if choice.tag_id is None],
        "tag_options": [choice for choice in choices if choice.tag_id is not None],
        "default_habit": DEFAULT_HABIT,
        "mood_levels": Mood.choices,
        "dashboard_config": _config(period, today),
        "recorded_days": days,
        "days_to_charts": max(0, MIN_DAYS_FOR_CHARTS - days),
        "week": week,
        "week_chart": [
            {"label": r.label, "met": r.met, "progress": round(1 - r.distance, 3)} for r in week
        ],
        "furthest": furthest,
        "week_logged": any(result.achieved is not None for result in week),
        "articles": recommended_for_habit(furthest.field, limit=2) if furthest else [],
        "streak": progress.streak_from(dates, today),
        "insights": _insights(person, period) if days >= MIN_DAYS_FOR_CHARTS else None,
    }
    return render(request, "dashboard/page.html", context, status=400 if period_error else 200)


def _period(request: HttpRequest, range_value: str, today: date) -> tuple[periods.Period, str]:
    """?start=&end= when given and valid (the import's done page links here with them),
    else the remembered range or the latest stretch with data; and what was wrong, if
    anything, with the dates asked for."""
    try:
        chosen = periods.chosen_period(request.GET, today)
    except BadParameter as error:
        return periods.opening_period(request.user, range_value, today), str(error)
    return chosen or periods.opening_period(request.user, range_value, today), ""


@login_required
@require_POST
def set_range(request: HttpRequest) -> HttpResponse:
    value = request.POST.get("range", "")
    if value in Range.values:
        remember_range(request.user, value)
    return redirect("dashboard:page")


def _insights(person, period: periods.Period) -> dict:
    """The insights in the HTML itself (the page says something without JavaScript), for the
    period shown; the same cached payload the JSON endpoint serves."""
    return insights_for(person, insights_start(period.start, period.end), period.end)


def _config(period: periods.Period, today: date) -> dict:
    """What dashboard.js needs: the period's query string, the calendar year to open on (the
    period's last year when it is not the default), and where each endpoint lives."""
    names = ("series", "scatter", "week", "calendar", "insights")
    return {
        "range": period.range,
        "params": period.as_params(),
        "calendar_year": period.end.year if period.range == periods.CUSTOM else None,
        "today": today.isoformat(),
        "urls": {name: reverse(f"dashboard:api_{name}") for name in names},
    }
