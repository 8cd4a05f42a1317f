"""Dates and clock times as other apps write them, in any language Babel's CLDR data has."""

import functools
import re
from collections import defaultdict
from datetime import date, datetime, time

from babel import Locale, UnknownLocaleError, localedata


def strptime_any(text: str, patterns: tuple[str, ...]) -> datetime | None:
    """The first of the patterns that reads the text, or None: exports differ by app
    version and phone locale."""
    for pattern in patterns:
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            continue
    return None


def parse_clock(value: str) -> time:
    # Newer phones write "9:30\u202fpm" (a narrow no-break space): any space will do.
    value = " ".join(value.split()).upper().replace(".", "")
    parsed = strptime_any(value, ("%I:%M %p", "%I:%M%p", "%H:%M", "%H:%M:%S"))
    if parsed is not None:
        return parsed.time()
    raise ValueError(f"the time “{value}” is neither 12-hour (9:30 pm) nor 24-hour (21:30)")


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"the date “{text.strip()}” is not YYYY-MM-DD") from None


# --- Localized names ----------------------------------------------------------------------
def _word(text: str) -> str:
    return re.sub(r"[.,]", "", " ".join(text.split())).casefold()


def _locales() -> list[str]:
    """Every language Babel has, with its script variants (sr_Latn) but not each territory:
    month and weekday names hardly differ between territories."""
    found = []
    for identifier in localedata.locale_identifiers():
        parts = identifier.split("_")
        if len(parts) == 1 or (len(parts) == 2 and len(parts[1]) == 4):
            found.append(identifier)
    return sorted(found)


@functools.cache
def _names() -> tuple[dict[str, dict[str, set[int]]], dict[str, dict[str, set[int]]]]:
    """word -> locale -> month numbers, and word -> locale -> weekdays (0 Monday), built once
    per process from CLDR (a few seconds)."""
    months: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    weekdays: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for identifier in _locales():
        try:
            locale = Locale.parse(identifier)
        except (UnknownLocaleError, ValueError):
            continue
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in locale.months[context][width].items():
                    months[_word(name)][identifier].add(number)
                for number, name in locale.days[context][width].items():
                    weekdays[_word(name)][identifier].add(number)
    return months, weekdays


_DAY_MONTH = re.compile(r"^\s*(\d{1,2})\.?\s*(?:de\s+)?(\D+?)\.?\s*$|^\s*(\D+?)\.?\s+(\d{1,2})\s*$")


def split_day_month(text: str) -> tuple[int, str] | None:
    """“7 września”, “18 May”, “May 18”, “5 de marzo”, “3. März” -> (day, month word)."""
    match = _DAY_MONTH.match(text)
    if not match:
        return None
    if match.group(1):
        return int(match.group(1)), _word(match.group(2))
    return int(match.group(4)), _word(match.group(3))


class LocalizedDates:
    """Reads “7 września” + “czwartek” + 2023 in whichever locale reads the file's rows with
    weekdays that agree with their dates. English needs no CLDR look-up."""

    def __init__(self) -> None:
        self.votes: dict[str, int] = defaultdict(int)

    def read(self, year: int, day_month: str, weekday: str = "") -> date:
        split = split_day_month(day_month)
        if split is None:
            raise ValueError(f"the date “{day_month}” is not a day and a month such as “18 May”")
        day, word = split
        english = strptime_any(f"{year} {day} {word}", ("%Y %d %B", "%Y %d %b"))
        if english is not None:
            return english.date()
        candidates = self._candidates(year, day, word, _word(weekday))
        if not candidates:
            raise ValueError(f"“{day_month}” names no month GutMind knows in any language")
        best = max(candidates, key=lambda pair: (self.votes[pair[0]], pair[0] == "en"))
        self.votes[best[0]] += 1
        return best[1]

    def _candidates(self, year: int, day: int, word: str, weekday: str) -> list[tuple[str, date]]:
        months, weekdays = _names()
        found: list[tuple[str, date, bool]] = []
        for locale, numbers in months.get(word, {}).items():
            for number in numbers:
                try:
                    candidate = date(year, number, day)
                except ValueError:
                    continue
                named = weekdays.get(weekday, {}).get(locale)
                if weekday and named is not None and candidate.weekday() not in named:
                    continue
                found.append((locale, candidate, named is not None))
        # A locale that knows the weekday's name and agrees beats one that cannot say.
        confirmed = [(locale, day) for locale, day, sure in found if sure]
        return confirmed or [(locale, day) for locale, day, _ in found]

    @property
    def locale(self) -> str | None:
        return max(self.votes, key=self.votes.__getitem__) if self.votes else None
