"""The two reminder emails: short wrappers over gutmind.mail with their context and the
one-click unsubscribe headers (RFC 2369 and RFC 8058)."""

from datetime import date, timedelta
from functools import cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from apps.articles.services import recommended_for_habit
from apps.checkups.notices import due_names
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


def build_reminder(delivery: Delivery, connection=None) -> EmailMultiAlternatives:
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
        context["today_url"] = absolute(path_of("lifestyle:today"))
        # The instruction only ("fermented food"): never a score or a result.
        context["experiment_today"] = reminder_line(person, delivery.local_date)
        # Only that a questionnaire is due, by name: never a score or an answer.
        context["checkups_due"] = due_names(person, delivery.local_date)
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
