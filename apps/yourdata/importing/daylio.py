"""Daylio's CSV export ("Export entries"), read by its header names in any order.

Seen in real exports: `full_date,date,weekday,time,mood,activities,scales,note_title,note`
(today's, `scales` holding `name:<no-break space>value | ...`), the same without `scales`,
`full_date,date,weekday,time,mood,activities,note` (2019 to 2021) and
`year,date,weekday,time,mood,activities,note` (older, `date` a localized "7 września").
Some exports have no header line at all; those are read by their shape.
"""

import re
import sys
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime

from apps.yourdata.importing import csvrows, dates
from apps.yourdata.importing.records import (
    CheckInRecord,
    ImportFileError,
    ParsedFile,
    check_year,
    clip,
    normal_label,
)

DEFAULT_MOODS = {"rad": 5, "good": 4, "meh": 3, "bad": 2, "awful": 1}
# Daylio's five default mood names as its translations name them: offered as a first guess
# on the mapping step, which the person confirms. (Daylio's own words, not CLDR data.)
LOCALIZED_DEFAULT_MOODS = {
    "de": {"super": 5, "gut": 4, "ok": 3, "schlecht": 2, "lausig": 1},
    "es": {"genial": 5, "bien": 4, "regular": 3, "mal": 2, "fatal": 1},
    "fr": {"super": 5, "bien": 4, "bof": 3, "mal": 2, "horrible": 1},
    "it": {"eccellente": 5, "bene": 4, "così così": 3, "male": 2, "malissimo": 1},
    "pl": {"super": 5, "dobrze": 4, "tak sobie": 3, "źle": 2, "okropnie": 1},
    "pt": {"ótimo": 5, "bem": 4, "mais ou menos": 3, "mal": 2, "horrível": 1},
    "nl": {"super": 5, "goed": 4, "matig": 3, "slecht": 2, "vreselijk": 1},
}
KNOWN_COLUMNS = (
    "full_date",
    "year",
    "date",
    "weekday",
    "time",
    "mood",
    "activities",
    "scales",
    "note_title",
    "note",
)
# Header-less files, by the number of columns and what the first cell looks like.
SHAPES = {
    ("iso", 9): KNOWN_COLUMNS[:1] + KNOWN_COLUMNS[2:],
    ("iso", 8): (
        "full_date",
        "date",
        "weekday",
        "time",
        "mood",
        "activities",
        "note_title",
        "note",
    ),
    ("iso", 7): ("full_date", "date", "weekday", "time", "mood", "activities", "note"),
    ("year", 7): ("year", "date", "weekday", "time", "mood", "activities", "note"),
}
# Daylio scales whose name is one of ours: where they go (check-in or day) and the field.
SCALE_FIELDS = {
    "energy": ("checkin", "energy"),
    "anxiety": ("checkin", "anxiety"),
    "stress": ("log", "stress_level"),
    "sleep quality": ("log", "sleep_quality"),
    "gut comfort": ("log", "gut_comfort"),
}
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR = re.compile(r"^\d{4}$")


def guess_label(label: str) -> int | None:
    key = normal_label(label)
    for names in LOCALIZED_DEFAULT_MOODS.values():
        if key in names:
            return names[key]
    return None


def _shape(row: list[str]) -> tuple[str, ...] | None:
    first = row[0].strip() if row else ""
    kind = "iso" if _ISO.match(first) else "year" if _YEAR.match(first) else None
    return SHAPES.get((kind, len(row))) if kind else None


def _columns(parsed: ParsedFile, line: int, row: list[str]) -> tuple[tuple[str, ...], bool]:
    """The file's columns, and whether the first row is data (a file without a header)."""
    names = csvrows.header_names(row)
    has_date = "full_date" in names or {"year", "date"} <= set(names)
    if has_date and {"time", "mood"} <= set(names):
        ignored = [name for name in names if name not in KNOWN_COLUMNS]
        if ignored:
            parsed.notices.append(
                f"Columns left out (GutMind has no place for them): {', '.join(ignored)}."
            )
        return tuple(names), False
    shape = _shape(row)
    if shape is None:
        raise csvrows.wrong_columns(
            "Daylio", "full_date (or year and date), time and mood", [n for n in names if n]
        )
    parsed.notices.append(
        f"This file has no header line: its {len(shape)} columns were read by their shape "
        f"as {', '.join(shape)}."
    )
    return shape, True


def parse(text: str) -> ParsedFile:
    parsed = ParsedFile("daylio")
    rows = csvrows.records(text)
    first = next(rows, None)
    if first is None:
        raise ImportFileError("The file is empty.")
    columns, first_is_data = _columns(parsed, *first)
    reader = _Reader(parsed, columns)
    if first_is_data:
        reader.row(*first)
    for line, cells in rows:
        reader.row(line, cells)
    reader.finish()
    return parsed


class _Reader:
    def __init__(self, parsed: ParsedFile, columns: tuple[str, ...]) -> None:
        self.parsed = parsed
        self.columns = columns
        self.dates = dates.LocalizedDates()
        # scale name -> [(record or day, field, value)] until the file's range is known
        self.scales: dict[str, list[tuple[CheckInRecord, float]]] = defaultdict(list)
        self.other_scales: set[str] = set()

    def row(self, line: int, cells: list[str]) -> None:
        parsed = self.parsed
        parsed.give_up_if_hopeless()
        parsed.rows_read += 1
        where = f"line {line}"
        if len(cells) != len(self.columns):
            parsed.add_unreadable(where, f"expected {len(self.columns)} values, found {len(cells)}")
            return
        row = dict(zip(self.columns, cells, strict=True))
        label = sys.intern(" ".join(row["mood"].split()))
        try:
            day = self._date(row)
            check_year(day)
            clock = dates.parse_clock(row["time"])
            if not label:
                raise ValueError("the mood is empty")
        except ValueError as error:
            parsed.add_unreadable(where, str(error))
            return
        activities = csvrows.split_names(row.get("activities", ""))
        record = CheckInRecord(
            where,
            datetime.combine(day, clock),
            label=label,
            note=_note(row),
            local_date=day,
            activities=tuple(activities),
        )
        self._scales(record, row.get("scales", ""))
        parsed.labels[record.label_key] += 1
        parsed.checkins.append(record)
        parsed.add_day_tags(day, activities)
        parsed.log_days.add(day)  # a day with a mood and no activities is a day without them

    def _date(self, row: dict[str, str]) -> date:
        if "full_date" in row:
            return dates.iso_date(row["full_date"])
        year = row["year"].strip()
        if not year.isdigit():
            raise ValueError(f"the year “{year}” is not a number")
        return self.dates.read(int(year), row["date"], row.get("weekday", ""))

    def _scales(self, record: CheckInRecord, cell: str) -> None:
        kept = []
        for part in cell.split("|"):
            name, sep, value = part.rpartition(":")
            name = " ".join(name.replace("_", " ").split()).casefold()
            if not sep or not name:
                continue
            try:
                number = float(value.strip().replace(",", "."))
            except ValueError:
                kept.append(part.strip())
                continue
            if name in SCALE_FIELDS:
                self.scales[name].append((record, number))
            else:
                self.other_scales.add(name)
                kept.append(f"{name}: {value.strip()}")
        if kept:
            record.note = clip(
                "\n\n".join(filter(None, [record.note, "Scales: " + "; ".join(kept)]))
            )

    def finish(self) -> None:
        for name, values in self.scales.items():
            self._rescale(name, values)
        if self.other_scales:
            self.parsed.notices.append(
                "Scales GutMind has no field for, kept in the notes: "
                f"{', '.join(sorted(self.other_scales))}."
            )
        if self.dates.locale and self.dates.locale != "en":
            self.parsed.notices.append(f"Month and weekday names read as “{self.dates.locale}”.")
        for label in self.parsed.labels:
            guess = guess_label(label)
            if guess is not None and label not in DEFAULT_MOODS:
                self.parsed.label_guesses[label] = guess

    def _rescale(self, name: str, values: list[tuple[CheckInRecord, float]]) -> None:
        low, high = assumed_range(v for _, v in values)
        put_scale(self.parsed, name, values, low, high)
        # A CSV does not say a scale's range: the preview says which one was assumed.
        self.parsed.notices.append(
            f"The scale “{name}” was read as running {low:g} to {high:g} (the CSV does not "
            "say a scale's range; a backup does)"
            + (": taken as it is." if (low, high) == (1.0, 5.0) else ": stretched to 1 to 5.")
        )


def assumed_range(values: Iterable[float]) -> tuple[float, float]:
    """A scale's range judged from its values, where the file does not say it: one that stays
    within 1-5 is taken as 1 to 5; anything wider as Daylio's 0 or 1 to 10."""
    numbers = list(values)
    low = 1.0 if min(numbers) >= 1 else 0.0
    high = 5.0 if max(numbers) <= 5 else 10.0
    return low, high


def onto_ours(value: float, low: float, high: float) -> int:
    """A value of a scale running low to high, onto GutMind's 1 to 5."""
    if high <= low:
        return 3
    value = min(max(value, low), high)
    return round(1 + (value - low) * 4 / (high - low))


def put_scale(
    parsed: ParsedFile,
    name: str,
    values: list[tuple[CheckInRecord, float]],
    low: float,
    high: float,
) -> None:
    """A scale named like one of ours onto its field: the check-in's, or the day's mean."""
    target, field = SCALE_FIELDS[name]
    day_values: dict[date, list[int]] = defaultdict(list)
    for record, value in values:
        ours = onto_ours(value, low, high)
        if target == "checkin":
            setattr(record, field, ours)
        elif record.local_date is not None:
            day_values[record.local_date].append(ours)
    for day, numbers in day_values.items():
        parsed.logs.setdefault(day, {})[field] = round(sum(numbers) / len(numbers))


def _note(row: dict[str, str]) -> str:
    parts = [row.get("note_title", "").strip(), row.get("note", "").strip()]
    text = "\n\n".join(part for part in parts if part)
    # Daylio keeps line breaks in notes as HTML.
    return clip(re.sub(r"<br\s*/?>", "\n", text, flags=re.IGNORECASE))
