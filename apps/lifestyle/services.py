"""Saving a day, and the per-day summaries the history page shows."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q, Subquery

from apps.accounts.models import User
from apps.lifestyle.forms import copyable_values
from apps.lifestyle.models import DailyLog, Tag
from apps.mood.models import Mood, MoodCheckIn


def find_or_create_tag(person: User, name: str) -> Tag:
    """The person's tag with this name ignoring case: reused (and brought back from the
    archive) if it exists, created otherwise. A concurrent creation of the same name hits
    the case-insensitive unique constraint, and then we use the winner's row."""
    tag = Tag.objects.for_user(person).filter(name__iexact=name).first()
    if tag is None:
        try:
            with transaction.atomic():
                return Tag.objects.create(person=person, name=name)
        except IntegrityError:
            tag = Tag.objects.for_user(person).get(name__iexact=name)
    if tag.archived:
        tag.archived = False
        tag.save(update_fields=["archived"])
    return tag


def save_day(
    person: User,
    day: date,
    values: dict[str, Any],
    tags: Iterable[Tag] = (),
    new_tag_names: Iterable[str] = (),
    checkin: MoodCheckIn | None = None,
) -> DailyLog:
    """Create or update the person's log for one local day, with its tags and an optional
    check-in, all or nothing. update_or_create locks an existing row; when two saves of a
    new day race, the loser's insert fails on the unique constraint and it then updates the
    winner's row, so the day ends as one row carrying the last values."""
    with transaction.atomic():
        log, _ = DailyLog.objects.update_or_create(person=person, date=day, defaults=values)
        new_tags = [find_or_create_tag(person, name) for name in new_tag_names]
        log.tags.set([*tags, *new_tags])
        if checkin is not None:
            checkin.person = person
            checkin.save()
    return log


@dataclass(frozen=True)
class DaySummary:
    date: date
    log: DailyLog | None
    mean_mood: float | None
    checkin_count: int

    @property
    def mood_label(self) -> str:
        if self.mean_mood is None:
            return ""
        return Mood.nearest(self.mean_mood).label


def day_summaries(person: User, dates: list[date]) -> list[DaySummary]:
    """Summaries for the given dates in three queries, however many dates there are."""
    logs = {
        log.date: log
        for log in DailyLog.objects.for_user(person).filter(date__in=dates).with_tags()
    }
    means = {
        row["local_date"]: row
        for row in MoodCheckIn.objects.for_user(person).filter(local_date__in=dates).day_means()
    }
    return [
        DaySummary(
            date=day,
            log=logs.get(day),
            mean_mood=means[day]["mean_mood"] if day in means else None,
            checkin_count=means[day]["checkin_count"] if day in means else 0,
        )
        for day in dates
    ]


def nearest_logged_day(person: User, day: date) -> DailyLog | None:
    """The logged day closest to this one, before or after (the earlier on a tie): filling
    in past days backwards should be offered the day after as readily as the day before.
    One query: the two neighbours' dates as subqueries, with their tags prefetched."""
    own = DailyLog.objects.for_user(person)
    before = own.filter(date__lt=day).order_by("-date").values("date")[:1]
    after = own.filter(date__gt=day).order_by("date").values("date")[:1]
    rows = own.filter(Q(date=Subquery(before)) | Q(date=Subquery(after))).with_tags()
    return min(rows, key=lambda log: (abs((log.date - day).days), log.date), default=None)


def nearest_day_values(person: User, day: date) -> dict[str, object] | None:
    """The nearest logged day's habits (and, separately, its active tags), for the day page's
    one-tap "Fill in as on ..."."""
    nearest = nearest_logged_day(person, day)
    if nearest is None:
        return None
    return {
        "date": nearest.date.isoformat(),
        "label": f"{nearest.date:%A %-d %B}",
        "values": copyable_values(nearest, person),
        "tags": [str(tag.pk) for tag in nearest.tags.all() if not tag.archived],
    }
