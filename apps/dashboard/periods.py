"""Which days the dashboard shows: the person's range (7 to 365 days, or all), a start and
end they chose (?start=&end=, the link an import's done page gives), or, when their range
holds no check-in but older days do (years imported from another app), the latest stretch
that has them, saying so."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlencode

from django.db.models import Max, Min
from django.urls import reverse

from apps.accounts.dates import EARLIEST_DAY
from apps.dashboard import queries
from apps.dashboard.queries import BadParameter
from apps.mood.models import MoodCheckIn

CUSTOM = "custom"
# How far back from the latest check-in the dashboard reaches when it picks the period.
LATEST_STRETCH_DAYS = 365


@dataclass(frozen=True)
class Period:
    start: date | None  # None: from the first day with data
    end: date
    range: str  # a Range value, or "custom"
    note: str = ""  # what the page says when the dashboard chose the period itself

    def as_params(self) -> dict[str, str]:
        """The query string the charts' JSON requests carry."""
        if self.range == CUSTOM and self.start is not None:
            return {"start": self.start.isoformat(), "end": self.end.isoformat()}
        return {"range": self.range}


def period_url(start: date, end: date) -> str:
    """/dashboard/?start=...&end=...: the link an import's done page gives to the imported
    period (yourdata may import this; the dashboard imports nothing of yourdata)."""
    query = urlencode({"start": start.isoformat(), "end": end.isoformat()})
    return f"{reverse('dashboard:page')}?{query}"


def _parse_day(raw: str, name: str) -> date:
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", raw):
        raise BadParameter(f"{name} must be a date written YYYY-MM-DD, such as 2025-03-01.")
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise BadParameter(f"{name} ({raw}) is not a day on the calendar.") from None


def chosen_period(params, today: date) -> Period | None:
    """?start=&end=, validated; None when neither is given."""
    start_raw, end_raw = params.get("start", ""), params.get("end", "")
    if not start_raw and not end_raw:
        return None
    if not start_raw or not end_raw:
        raise BadParameter("Give both a start and an end date, or neither.")
    start, end = _parse_day(start_raw, "start"), _parse_day(end_raw, "end")
    if start > end:
        raise BadParameter(f"The start ({start}) is after the end ({end}): swap them.")
    if start < EARLIEST_DAY:
        raise BadParameter(f"The start must be {EARLIEST_DAY} or later.")
    if end > today:
        raise BadParameter(f"The end ({end}) is after today ({today}): pick today or earlier.")
    return Period(start, end, CUSTOM)


def period_from(params, person, remembered: Callable[[], str]) -> Period:
    """What a JSON request asks for: start and end, else ?range=, else the remembered range
    (read only when needed: it is a query)."""
    today = person.local_today()
    chosen = chosen_period(params, today)
    if chosen is not None:
        return chosen
    raw = params.get("range") or remembered()
    return Period(queries.range_start(today, queries.parse_range(raw)), today, raw)


def opening_period(person, remembered: str, today: date) -> Period:
    """The page's period with no parameters: the remembered range, unless it holds no
    check-in while older days do; then the latest stretch of up to a year that has them."""
    days = queries.parse_range(remembered)
    default = Period(queries.range_start(today, days), today, remembered)
    own = MoodCheckIn.objects.for_user(person).filter(local_date__lte=today)
    latest = own.aggregate(latest=Max("local_date"))["latest"]
    if latest is None or default.start is None or latest >= default.start:
        return default
    reach = latest - timedelta(days=LATEST_STRETCH_DAYS - 1)
    first = own.filter(local_date__gte=reach).aggregate(first=Min("local_date"))["first"]
    note = (
        f"Showing {first:%B %Y} to {latest:%B %Y}, your latest logged days: "
        f"there are no check-ins in the last {days} days."
    )
    return Period(first, latest, CUSTOM, note)
