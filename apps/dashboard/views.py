from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from apps.articles.services import recommended_for_habit
from apps.dashboard import queries
from apps.dashboard.api import DEFAULT_HABIT, insights_for, insights_start
from apps.dashboard.models import Range, remember_range, remembered_range
from apps.lifestyle import progress
from apps.mood.models import Mood

# Fewer recorded days than this and the charts would be a dot or two: guidance instead.
MIN_DAYS_FOR_CHARTS = 3


@login_required
def page(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = user.local_today()
    week = progress.week_against_guidelines(user, today)
    furthest = progress.furthest_guideline(week)
    dates = progress.recorded_dates(user, until=today)
    days = len(dates)
    choices = queries.habit_choices(user)
    range_value = remembered_range(user)
    context = {
        "range_value": range_value,
        "range_choices": Range.choices,
        "habit_options": [choice for choice in choices if choice.tag_id is None],
        "tag_options": [choice for choice in choices if choice.tag_id is not None],
        "default_habit": DEFAULT_HABIT,
        "mood_levels": Mood.choices,
        "dashboard_config": _config(range_value),
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
        "insights": _insights(user, range_value, today) if days >= MIN_DAYS_FOR_CHARTS else None,
    }
    return render(request, "dashboard/page.html", context)


@login_required
@require_POST
def set_range(request: HttpRequest) -> HttpResponse:
    value = request.POST.get("range", "")
    if value in Range.values:
        remember_range(request.user, value)
    return redirect("dashboard:page")


def _insights(user, range_value: str, today) -> dict:
    """The insights in the HTML itself (the page says something without JavaScript); the
    same cached payload the JSON endpoint serves."""
    try:
        days = queries.parse_range(range_value)
    except queries.BadParameter:
        days = None
    start = insights_start(queries.range_start(today, days), today)
    return insights_for(user, start, today)


def _config(range_value: str) -> dict:
    """What dashboard.js needs: the range and where each endpoint lives."""
    names = ("series", "scatter", "week", "calendar", "insights")
    return {
        "range": range_value,
        "urls": {name: reverse(f"dashboard:api_{name}") for name in names},
    }
