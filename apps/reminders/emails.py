"""The two reminder emails: short wrappers over gutmind.mail with their context and the
one-click unsubscribe headers (RFC 2369 and RFC 8058)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from apps.articles.services import recommended_for_habit
from apps.checkups.models import Response, Schedule
from apps.checkups.notices import due_names
from apps.experiments.models import Experiment
from apps.experiments.services import reminder_line
from apps.lifestyle.models import DailyLog
from apps.lifestyle.progress import furthest_guideline, logging_streak, week_against_guidelines
from apps.reminders import services
from apps.reminders.models import Delivery, Kind
from apps.reminders.tokens import make_token
from gutmind.mail import build_email

# The habit whose article the weekly summary suggests when every guideline is met.
DEFAULT_ARTICLE_HABIT = "fermented_servings"


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


@cache
def path_of(name: str) -> str:
    # The URL conf does not change while a worker runs; a batch asks for the same few.
    return reverse(name)


def unsubscribe_url(unsubscribe_key: str, kind: str) -> str:
    return absolute(reverse("reminders:unsubscribe", args=[make_token(unsubscribe_key, kind)]))


def _headers(delivery: Delivery, unsubscribe: str) -> dict[str, str]:
    host = urlsplit(settings.SITE_URL).hostname or "gutmind.localhost"
    return {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
        # The same id on a resend lets a mailbox fold a rare duplicate into one message.
        "Message-ID": f"<reminder.{delivery.kind}.{delivery.pk}@{host}>",
    }


@dataclass(frozen=True)
class DailyNotes:
    """What a daily reminder says besides the link: the instruction of an experiment under
    way (never a score or a result) and the names of the questionnaires due (never a score
    or an answer)."""

    experiment_today: str | None
    checkups_due: list[str]


def daily_notes(deliveries: Iterable[Delivery]) -> dict[int, DailyNotes]:
    """The notes of a chunk's daily reminders, by delivery id, in a few queries for the
    whole chunk instead of two or three per email (they were most of an email's cost).

    Two questions find who needs a query of their own: who has an experiment not stopped
    (without one, experiments has no instruction to give), and who has chosen an interval
    or completed a questionnaire (without either, which questionnaires are due depends on
    the day alone, so one person's answer serves everyone in that state that day)."""
    daily = [d for d in deliveries if d.kind == Kind.DAILY]
    if not daily:
        return {}
    people = {d.person_id for d in daily}
    experimenting = set(
        Experiment.objects.not_stopped()
        .filter(person_id__in=people)
        .values_list("person_id", flat=True)
    )
    # order_by(): no model ordering inside the UNION, which SQLite refuses.
    with_checkups = set(
        Schedule.objects.filter(person_id__in=people)
        .order_by()
        .values_list("person_id", flat=True)
        .union(
            Response.objects.completed()
            .filter(person_id__in=people)
            .order_by()
            .values_list("person_id", flat=True)
        )
    )
    due_without_history: dict[date, list[str]] = {}
    notes = {}
    for delivery in daily:
        person, day = delivery.person, delivery.local_date
        if delivery.person_id in with_checkups:
            due = due_names(person, day)
        else:
            if day not in due_without_history:
                due_without_history[day] = due_names(person, day)
            due = due_without_history[day]
        line = reminder_line(person, day) if delivery.person_id in experimenting else None
        notes[delivery.pk] = DailyNotes(line, due)
    return notes


def build_reminder(
    delivery: Delivery, connection=None, notes: DailyNotes | None = None
) -> EmailMultiAlternatives:
    """notes: the daily reminder's, read beforehand for a whole chunk (daily_notes); read
    here when not given."""
    person = delivery.person
    unsubscribe = unsubscribe_url(services.unsubscribe_key_for(person), delivery.kind)
    context = {
        "name": person.get_short_name(),
        "local_date": delivery.local_date,
        "unsubscribe_url": unsubscribe,
        "settings_url": absolute(path_of("reminders:settings")),
    }
    if delivery.kind == Kind.DAILY:
        name = "daily_reminder"
        notes = notes or DailyNotes(
            reminder_line(person, delivery.local_date), due_names(person, delivery.local_date)
        )
        context["today_url"] = absolute(path_of("lifestyle:today"))
        context["experiment_today"] = notes.experiment_today
        context["checkups_due"] = notes.checkups_due
        context["checkups_url"] = absolute(path_of("checkups:index"))
    else:
        name = "weekly_summary"
        context.update(weekly_summary(person, delivery.local_date))
    return build_email(name, person.email, context, _headers(delivery, unsubscribe), connection)


def summary_week(sent_on: date) -> tuple[date, date]:
    """The person's last complete local week, Monday to Sunday; sent on a Sunday, the week
    that ends that day."""
    end = sent_on if sent_on.weekday() == 6 else sent_on - timedelta(days=sent_on.weekday() + 1)
    return end - timedelta(days=6), end


def weekly_summary(person, sent_on: date) -> dict:
    """Counts and guidelines only: no mood or anxiety scores and no notes, ever."""
    start, end = summary_week(sent_on)
    guidelines = week_against_guidelines(person, end)
    return {
        "week_start": start,
        "week_end": end,
        "days_logged": DailyLog.objects.for_user(person).between(start, end).count(),
        "guidelines": guidelines,
        "guidelines_met": sum(1 for g in guidelines if g.met),
        "streak": logging_streak(person, sent_on),
        "article": _suggested_article(guidelines),
        "dashboard_url": absolute(path_of("dashboard:page")),
        "today_url": absolute(path_of("lifestyle:today")),
    }


def _suggested_article(guidelines: list) -> dict | None:
    """One article about the guideline the person is furthest from."""
    furthest = furthest_guideline(guidelines)
    habit = furthest.field if furthest else DEFAULT_ARTICLE_HABIT
    articles = recommended_for_habit(habit, limit=1)
    if not articles:
        return None
    article = articles[0]
    return {
        "title": article.title,
        "summary": getattr(article, "summary", ""),
        "url": absolute(article.get_absolute_url()),
    }
