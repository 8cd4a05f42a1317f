"""The range of days a person's records may fall on: from EARLIEST_DAY to their own today.

Day logs and check-ins share it, validated on the models so forms, the admin and imports all
get it. Before 1900 is a typo (or a fuzzer), never a real diary; year 1 moved to UTC lands
before the calendar's start (stored BC, unexportable), so it is refused at the door."""

from datetime import date, datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError

if TYPE_CHECKING:
    from apps.accounts.models import User

EARLIEST_DAY = date(1900, 1, 1)


def validate_not_before_earliest(value: date | datetime | None) -> None:
    if value is None:
        return
    day = value.date() if isinstance(value, datetime) else value
    if day < EARLIEST_DAY:
        raise ValidationError(
            "Pick a day from %(earliest)s on: %(day)s is too far back.",
            code="too_early",
            params={"earliest": f"{EARLIEST_DAY:%-d %B %Y}", "day": day.isoformat()},
        )


def validate_not_after_today(day: date | None, person: "User | None") -> None:
    """person: the record's owner, whose own timezone says which day is today."""
    if day is None or person is None:
        return
    today = person.local_today()
    if day > today:
        raise ValidationError(
            "%(day)s is still to come: pick a day up to today (%(today)s).",
            code="in_future",
            params={"day": day.isoformat(), "today": today.isoformat()},
        )


def is_day_in_range(day: date, person: "User") -> bool:
    return EARLIEST_DAY <= day <= person.local_today()
