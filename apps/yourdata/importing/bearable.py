"""Bearable's CSV export: one row per thing recorded, `category` saying what.

Columns seen in real exports: `date, weekday, time of day, category, rating/amount, detail,
notes`, newer ones with `date formatted` (YYYY-MM-DD) after `date`; read by name. Mood rows
become check-ins; Energy goes onto that day's nearest check-in; Sleep ("9:45" in
rating/amount), Sleep quality and Bowel Movements (Bristol type) onto the day's log; symptoms
become tags that say their severity ("headache (moderate)"), factors plain tags (from one
"Factors" category in older exports, from Lifestyle, Work, Social, Weather, Active and
Behavioural patterns in newer ones, an emoji and an amount around the name); every row's
notes are kept (on the check-in, or in the day's note under its category).
"""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from apps.mood.models import EMOTION_WORDS
from apps.yourdata.importing import csvrows, dates
from apps.yourdata.importing.records import (
    CheckInRecord,
    ImportFileError,
    ParsedFile,
    check_year,
    clip,
    tag_name,
)

REQUIRED = ("date", "time of day", "category", "rating/amount", "detail", "notes")
# Bearable records some entries against a part of the day rather than a clock time.
TIME_BLOCKS = {
    "pre": time(3),
    "am": time(9),
    "mid": time(15),
    "pm": time(21),
    "all day": time(12),
}
ENERGY_WORDS = {"v. low": 1, "very low": 1, "low": 2, "ok": 3, "high": 4, "v. high": 5}
SLEEP_QUALITY_WORDS = {"poor": 1, "ok": 2, "good": 4, "great": 5}
SEVERITIES = {1: "mild", 2: "moderate", 3: "severe", 4: "unbearable"}
_SEVERITY_IN_DETAIL = re.compile(r"\s*\((mild|moderate|severe|unbearable|extreme)\)\s*$", re.I)
_FIRST_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
# Factor categories as newer exports name them, each row's detail like "☕ Caffeine - A lot |
# 🚶 Walk" (as a public parser of Bearable exports reads them: github.com, search "Normalizes
# Bearable Long Format"); older exports put every factor under one "Factors" category.
FACTOR_CATEGORIES = {
    "lifestyle",
    "work",
    "social",
    "weather",
    "active",
    "behavioural patterns",
    "behavioral patterns",
}
_FACTOR_AMOUNT = re.compile(r"\s+-\s+(none|little|moderate|a lot)\s*$", re.IGNORECASE)
_LEADING_SYMBOLS = re.compile(r"^[^\w(]+")  # an emoji before the name


@dataclass(slots=True)
class _Row:
    where: str
    day: date
    when: datetime
    category: str  # lower case, for matching
    written: str  # as the file writes it, for messages
    rating: str
    detail: str
    notes: str


def parse(text: str) -> ParsedFile:
    parsed = ParsedFile("bearable")
    rows = csvrows.records(text)
    first = next(rows, None)
    if first is None:
        raise ImportFileError("The file is empty.")
    columns = csvrows.header_names(first[1])
    if not set(REQUIRED) <= set(columns):
        raise csvrows.wrong_columns("Bearable", ", ".join(REQUIRED), columns)
    reader = _Reader(parsed)
    for line, cells in rows:
        parsed.give_up_if_hopeless()
        parsed.rows_read += 1
        where = f"line {line}"
        if len(cells) != len(columns):
            parsed.add_unreadable(where, f"expected {len(columns)} values, found {len(cells)}")
            continue
        try:
            reader.row(_read_row(where, dict(zip(columns, cells, strict=True))))
        except ValueError as error:
            parsed.add_unreadable(where, str(error))
    reader.finish()
    return parsed


def _read_row(where: str, row: dict[str, str]) -> _Row:
    day = _date(row)
    check_year(day)
    clock_text = row["time of day"].strip()
    clock = TIME_BLOCKS.get(clock_text.lower()) or dates.parse_clock(clock_text)
    return _Row(
        where,
        day,
        datetime.combine(day, clock),
        " ".join(row["category"].split()).lower(),
        " ".join(row["category"].split()),
        row["rating/amount"].strip(),
        row["detail"].strip(),
        row["notes"].strip(),
    )


def _date(row: dict[str, str]) -> date:
    formatted = row.get("date formatted", "").strip()
    if formatted:
        try:
            return date.fromisoformat(formatted)
        except ValueError:
            pass
    text = re.sub(r"(?<=\d)(st|nd|rd|th)\b", "", row["date"].strip(), flags=re.IGNORECASE)
    parsed = dates.strptime_any(text, ("%d %b %Y", "%d %B %Y", "%Y-%m-%d"))
    if parsed is not None:
        return parsed.date()
    raise ValueError(f"the date “{row['date']}” is not like “22nd Sep 2020”")


def _number(text: str, what: str) -> float:
    match = _FIRST_NUMBER.search(text)
    if not match:
        raise ValueError(f"the {what} “{text}” is not a number")
    return float(match.group().replace(",", "."))


class _Reader:
    def __init__(self, parsed: ParsedFile) -> None:
        self.parsed = parsed
        self.moods: list[tuple[CheckInRecord, float]] = []
        self.energy: list[tuple[_Row, int]] = []
        self.skipped: Counter[str] = Counter()
        self.day_notes: dict[date, list[str]] = defaultdict(list)
        self.amounts = 0  # factors recorded with an amount ("- A lot"), which tags lack

    def row(self, row: _Row) -> None:
        handler = {
            "mood": self._mood,
            "energy": self._energy,
            "sleep": self._sleep,
            "sleep quality": self._sleep_quality,
            "bowel movements": self._bowel,
            "bowel movement": self._bowel,
            "symptom": self._symptom,
            "symptoms": self._symptom,
        }.get(row.category)
        if handler is None and ("factor" in row.category or row.category in FACTOR_CATEGORIES):
            handler = self._factors
        if handler is None:
            self.skipped[row.written or "(no category)"] += 1
            self.parsed.add_skipped(row.where, f"“{row.written}” entries have no place")
            self._keep_note(row)
            return
        handler(row)

    def _keep_note(self, row: _Row) -> None:
        if row.notes:
            self.day_notes[row.day].append(f"{row.written}: {row.notes}")

    def _mood(self, row: _Row) -> None:
        rating = _number(row.rating, "mood rating")
        if not 1 <= rating <= 10:
            raise ValueError(f"the mood rating {row.rating} is outside 1 to 10")
        words = [word.strip().lower() for word in row.detail.split("|")]
        emotions = sorted({word for word in words if word in EMOTION_WORDS})
        record = CheckInRecord(
            row.where, row.when, note=clip(row.notes), emotions=emotions, local_date=row.day
        )
        self.moods.append((record, rating))

    def _energy(self, row: _Row) -> None:
        value = ENERGY_WORDS.get(row.detail.lower())
        if value is None:
            value = round(_number(row.rating, "energy rating"))
        if not 1 <= value <= 5:
            raise ValueError(f"the energy rating {row.rating} is outside 1 to 5")
        self.energy.append((row, value))
        self._keep_note(row)

    def _sleep(self, row: _Row) -> None:
        hours = _sleep_hours(row.rating)
        self._log(row.day)["sleep_hours"] = str(hours)
        self._keep_note(row)

    def _sleep_quality(self, row: _Row) -> None:
        value = SLEEP_QUALITY_WORDS.get(row.detail.lower())
        if value is None:
            value = round(_number(row.rating, "sleep quality"))
        if not 1 <= value <= 5:
            raise ValueError(f"the sleep quality {row.rating} is outside 1 to 5")
        self._log(row.day)["sleep_quality"] = value
        self._keep_note(row)

    def _bowel(self, row: _Row) -> None:
        value = round(_number(row.rating or row.detail, "Bristol type"))
        if not 1 <= value <= 7:
            raise ValueError(f"the Bristol type {value} is outside 1 to 7")
        self._log(row.day)["bristol_type"] = value  # the day's last one: the model holds one
        self._keep_note(row)

    def _symptom(self, row: _Row) -> None:
        severity = None
        if row.rating:
            level = round(_number(row.rating, "symptom severity"))
            severity = SEVERITIES.get(min(max(level, 1), 4))
        names = []
        for part in row.detail.split("|"):
            match = _SEVERITY_IN_DETAIL.search(part)
            name = _LEADING_SYMBOLS.sub("", _SEVERITY_IN_DETAIL.sub("", part)).strip()
            said = (match.group(1).lower() if match else None) or severity
            if name:
                names.append(tag_name(f"{name} ({said})" if said else name))
        self.parsed.add_day_tags(row.day, [name for name in names if name])
        self._keep_note(row)

    def _factors(self, row: _Row) -> None:
        """Each factor a tag by its plain name; one recorded as "None" is not done that day."""
        names = []
        for part in row.detail.split("|"):
            amount = _FACTOR_AMOUNT.search(part)
            if amount and amount.group(1).lower() == "none":
                continue
            if amount:
                self.amounts += 1
            names.append(tag_name(_LEADING_SYMBOLS.sub("", _FACTOR_AMOUNT.sub("", part))))
        self.parsed.add_day_tags(row.day, [name for name in names if name])
        self._keep_note(row)

    def _log(self, day: date) -> dict[str, Any]:
        return self.parsed.logs.setdefault(day, {})

    def finish(self) -> None:
        self._set_moods()
        self._attach_energy()
        for day, notes in self.day_notes.items():
            self._log(day)["note"] = clip("\n".join(notes))
        if self.amounts:
            self.parsed.notices.append(
                f"{self.amounts} factor{'s' if self.amounts != 1 else ''} came with an amount "
                "(little, moderate, a lot): each became its tag on that day, without the amount; "
                "“None” counts as not done."
            )
        for category, count in sorted(self.skipped.items()):
            self.parsed.notices.append(
                f"{count} “{category}” row{'s' if count != 1 else ''} left out: GutMind has "
                "no place for them (their notes are kept in the day's note)."
            )

    def _set_moods(self) -> None:
        """Older Bearable exports rate mood 1 to 10; a file with any rating above 5 is read on
        that scale (1-2 awful ... 9-10 great), otherwise as GutMind's own 1 to 5."""
        ten_point = any(rating > 5 for _record, rating in self.moods)
        if ten_point:
            self.parsed.notices.append(
                "Mood ratings read on Bearable's 1 to 10 scale: 9 or 10 is great."
            )
        for record, rating in self.moods:
            value = round(rating)
            record.mood = (value + 1) // 2 if ten_point else max(1, min(5, value))
            self.parsed.checkins.append(record)

    def _attach_energy(self) -> None:
        by_day: dict[date, list[CheckInRecord]] = defaultdict(list)
        for record in self.parsed.checkins:
            if record.local_date:
                by_day[record.local_date].append(record)
        lost = 0
        for row, value in self.energy:
            candidates = by_day.get(row.day)
            if not candidates:
                lost += 1
                self.day_notes[row.day].append(f"Energy: {value} of 5")
                continue
            nearest = min(candidates, key=lambda r: abs((r.when - row.when).total_seconds()))
            nearest.energy = value
        if lost:
            self.parsed.notices.append(
                f"{lost} energy rating{'s' if lost != 1 else ''} on days without a mood: "
                "kept in the day's note (a check-in needs a mood)."
            )


def _sleep_hours(text: str) -> Decimal:
    """“9:45” or “7.5” hours, to the quarter hour the day's log keeps."""
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", text)
    hours = int(match.group(1)) + int(match.group(2)) / 60 if match else _number(text, "sleep")
    if not 0 <= hours <= 24:
        raise ValueError(f"{text} hours of sleep is outside 0 to 24")
    return Decimal(round(hours * 4)) / 4
