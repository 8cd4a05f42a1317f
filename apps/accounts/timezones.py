import zoneinfo
from datetime import date, datetime
from functools import cache
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils import timezone

# Files in the system's zoneinfo folder that are not places: "localtime" is the server's own
# zone (whatever that is), "Factory" a placeholder.
NOT_PLACES = frozenset({"localtime", "Factory", "posixrules"})


@cache
def valid_timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones()) - NOT_PLACES


def timezone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(valid_timezones())]


def validate_timezone(value: str) -> None:
    if value not in valid_timezones():
        raise ValidationError(
            "“%(value)s” is not a time zone we know. Pick one from the list, "
            "such as Europe/London or America/New_York.",
            code="invalid_timezone",
            params={"value": value},
        )


def local_now(tz_name: str) -> datetime:
    return timezone.now().astimezone(ZoneInfo(tz_name))


def local_today(tz_name: str) -> date:
    """The person's calendar date right now: never the server's."""
    return local_now(tz_name).date()
