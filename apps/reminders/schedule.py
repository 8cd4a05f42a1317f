"""Local wall-clock times to UTC instants, DST-correct with zoneinfo.

A time that does not exist on a day (02:30 when the clocks spring forward) is sent at the
first instant that does (the transition, 03:00); a time that happens twice (01:30 when they
fall back) is sent once, at its first occurrence (fold=0).
"""

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

# Eight days reach the same weekday next week even when the start day is excluded.
SEARCH_DAYS = 8


def weekdays_from_bits(bits: int) -> list[int]:
    return [day for day in range(7) if bits & (1 << day)]


def bits_from_weekdays(days: Iterable[int | str]) -> int:
    return sum(1 << int(day) for day in set(days))


@lru_cache(maxsize=1024)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _exists(naive: datetime, tz: ZoneInfo) -> bool:
    aware = naive.replace(tzinfo=tz)
    return aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == naive


def _end_of_gap(naive: datetime, tz: ZoneInfo) -> datetime:
    """The transition instant that skipped over `naive`: the first valid instant after it.

    fold=1 reads the gap time with the offset after the transition, which lands before it;
    fold=0 reads it with the offset before, which lands after. Bisect between the two to the
    second where the offset changes."""
    low = naive.replace(tzinfo=tz, fold=1).astimezone(UTC)
    high = naive.replace(tzinfo=tz, fold=0).astimezone(UTC)
    before = low.astimezone(tz).utcoffset()
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(tz).utcoffset() == before:
            low = middle
        else:
            high = middle
    return high.replace(microsecond=0)


def local_instant(day: date, at: time, tz: ZoneInfo) -> datetime:
    """The UTC instant of wall-clock `at` on local `day`."""
    naive = datetime.combine(day, at)
    if not _exists(naive, tz):
        return _end_of_gap(naive, tz)
    return naive.replace(tzinfo=tz, fold=0).astimezone(UTC)


def next_occurrence(after: datetime, tz_name: str, at: time, weekday_bits: int) -> datetime | None:
    """The first instant strictly after `after` at local time `at` on an allowed weekday."""
    tz = zone(tz_name)
    start = after.astimezone(tz).date()
    for offset in range(SEARCH_DAYS):
        day = start + timedelta(days=offset)
        if weekday_bits & (1 << day.weekday()):
            instant = local_instant(day, at, tz)
            if instant > after:
                return instant
    return None


def latest_occurrence(until: datetime, tz_name: str, at: time, weekday_bits: int) -> datetime:
    """The last instant at or before `until`: the one a late dispatch sends for."""
    tz = zone(tz_name)
    start = until.astimezone(tz).date()
    for offset in range(0, -SEARCH_DAYS, -1):
        day = start + timedelta(days=offset)
        if weekday_bits & (1 << day.weekday()):
            instant = local_instant(day, at, tz)
            if instant <= until:
                return instant
    raise ValueError("no occurrence in the last week: weekday_bits is empty")


def local_date(instant: datetime, tz_name: str) -> date:
    return instant.astimezone(zone(tz_name)).date()
