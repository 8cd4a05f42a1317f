"""Bring history in from Daylio, Bearable or a GutMind export.

Three steps, each a plain function: `parse` reads the file into records (a parser per
format; a file it cannot read at all raises ImportFileError with a message for the person),
`build_plan` works out what would be created and what is already there (the preview), and
`apply_plan` writes it in one transaction. Nothing is written before the last step, and a
second import of the same file finds everything already there.
"""

import codecs
import csv
import io
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction

from apps.accounts.models import User
from apps.accounts.personal import NOTE_MAX_LENGTH
from apps.lifestyle.models import DailyLog, Tag
from apps.mood.models import EMOTION_WORDS, MoodCheckIn
from apps.reminders import schedule as occurrences
from apps.reminders import services as reminder_services
from apps.reminders.models import ReminderSchedule
from apps.yourdata import exporting, sections

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
FORMATS = {"daylio": "Daylio (CSV)", "bearable": "Bearable (CSV)", "gutmind": "GutMind (JSON)"}
DAYLIO_DEFAULT_MOODS = {"rad": 5, "good": 4, "meh": 3, "bad": 2, "awful": 1}
DAYLIO_COLUMNS = [
    "full_date",
    "date",
    "weekday",
    "time",
    "mood",
    "activities",
    "note_title",
    "note",
]
DAYLIO_OLD_COLUMNS = ["year", "date", "weekday", "time", "mood", "activities", "note"]
BEARABLE_COLUMNS = [
    "date",
    "weekday",
    "time of day",
    "category",
    "rating/amount",
    "detail",
    "notes",
]
BEARABLE_NEW_COLUMNS = [
    "date",
    "date formatted",
    "weekday",
    "time of day",
    "category",
    "rating/amount",
    "detail",
    "notes",
]
# Bearable records some entries against a part of the day rather than a clock time.
BEARABLE_TIME_BLOCKS = {
    "pre": time(3),
    "am": time(9),
    "mid": time(15),
    "pm": time(21),
    "all day": time(12),
}
TAG_MAX_LENGTH = Tag._meta.get_field("name").max_length
BATCH_SIZE = 500


class ImportFileError(Exception):
    """The file as a whole cannot be read: the message says why and what to do."""


@dataclass
class Problem:
    where: str
    message: str


@dataclass
class CheckInRecord:
    where: str
    when: datetime  # naive local wall time from CSV files, aware from GutMind exports
    mood: int | None = None
    label: str = ""
    note: str = ""
    emotions: list[str] = field(default_factory=list)
    anxiety: int | None = None
    energy: int | None = None
    local_date: date | None = None


@dataclass
class ParsedFile:
    format: str
    rows_read: int = 0
    checkins: list[CheckInRecord] = field(default_factory=list)
    day_tags: dict[date, list[str]] = field(default_factory=dict)
    logs: dict[date, dict] = field(default_factory=dict)
    tags: dict[str, bool] = field(default_factory=dict)  # name -> archived
    reminders: list[dict] = field(default_factory=list)
    unreadable: list[Problem] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    labels: Counter = field(default_factory=Counter)
    sections: dict[str, list] = field(default_factory=dict)  # other apps' data, by key

    def add_day_tags(self, day: date, names: list[str]) -> None:
        self.day_tags.setdefault(day, []).extend(names)


# --- Reading bytes ----------------------------------------------------------------------------
def decode_text(raw: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252 / Latin-1."""
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ImportFileError(
                "The file says it is UTF-16 but cannot be read as such."
            ) from error
    if b"\x00" in raw[:4096]:
        raise ImportFileError(
            "This is not a text file (it holds binary data). Upload the CSV or JSON file "
            "exactly as the app exported it, not a spreadsheet or a zip."
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def check_size(size: int) -> None:
    if size > MAX_UPLOAD_BYTES:
        raise ImportFileError(
            f"The file is {size / 1024 / 1024:.1f} MB; the largest file GutMind imports is "
            "10 MB. Export a shorter period from the other app and import each part."
        )


def parse(fmt: str, raw: bytes, mood_map: dict[str, int] | None = None) -> ParsedFile:
    check_size(len(raw))
    if not raw.strip():
        raise ImportFileError("The file is empty.")
    parser = PARSERS.get(fmt)
    if parser is None:
        raise ImportFileError(f"Unknown format “{fmt}”: choose one of {', '.join(FORMATS)}.")
    # PostgreSQL cannot store a NUL character, and no app exports one on purpose.
    return parser(decode_text(raw).replace("\x00", ""))


# --- CSV helpers --------------------------------------------------------------------------------
def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    """Each CSV record with the line it starts on (notes may span several lines)."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=False)
    start = 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                yield start, row
            start = reader.line_num + 1
    except csv.Error as error:
        raise ImportFileError(f"Line {reader.line_num} is not valid CSV: {error}.") from error


def _header(records: Iterator[tuple[int, list[str]]]) -> list[str]:
    for _line, row in records:
        return [cell.strip().lower() for cell in row]
    raise ImportFileError("The file is empty.")


def _wrong_columns(app: str, expected: list[list[str]], found: list[str]) -> ImportFileError:
    wanted = " or ".join(", ".join(columns) for columns in expected)
    shown = ", ".join(found[:10]) or "nothing"
    return ImportFileError(
        f"This is not a {app} CSV export: its first line should name the columns {wanted}, "
        f"but it has {shown}. Check that you picked the right app."
    )


def _clip(text: str, limit: int = NOTE_MAX_LENGTH) -> str:
    return text.strip()[:limit]


def _tag_names(cell: str) -> list[str]:
    return [name.strip()[:TAG_MAX_LENGTH].strip() for name in cell.split("|") if name.strip()]


def _strptime_any(text: str, patterns: tuple[str, ...]) -> datetime | None:
    """The first of the patterns that reads the text, or None: exports differ by app
    version and phone locale."""
    for pattern in patterns:
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            continue
    return None


def _parse_clock(value: str) -> time:
    # Newer phones write "9:30\u202fpm" (a narrow no-break space): any space will do.
    value = " ".join(value.split()).upper().replace(".", "")
    parsed = _strptime_any(value, ("%I:%M %p", "%I:%M%p", "%H:%M", "%H:%M:%S"))
    if parsed is not None:
        return parsed.time()
    raise ValueError(f"the time “{value}” is neither 12-hour (9:30 pm) nor 24-hour (21:30)")


# --- Daylio -------------------------------------------------------------------------------------
def _daylio_date(row: dict) -> date:
    if "full_date" in row:
        try:
            return date.fromisoformat(row["full_date"].strip())
        except ValueError:
            raise ValueError(f"the date “{row['full_date']}” is not YYYY-MM-DD") from None
    text = f"{row['year'].strip()} {row['date'].strip()}"
    parsed = _strptime_any(text, ("%Y %d %B", "%Y %d %b", "%Y %B %d", "%Y %b %d"))
    if parsed is not None:
        return parsed.date()
    raise ValueError(f"the date “{text}” is not a day and month such as “18 May”")


def _daylio_note(row: dict) -> str:
    parts = [row.get("note_title", "").strip(), row.get("note", "").strip()]
    text = "\n\n".join(part for part in parts if part)
    # Daylio keeps line breaks in notes as HTML.
    return _clip(re.sub(r"<br\s*/?>", "\n", text, flags=re.IGNORECASE))


def parse_daylio(text: str) -> ParsedFile:
    parsed = ParsedFile("daylio")
    records = _records(text)
    columns = _header(records)
    if columns not in (DAYLIO_COLUMNS, DAYLIO_OLD_COLUMNS):
        raise _wrong_columns("Daylio", [DAYLIO_COLUMNS, DAYLIO_OLD_COLUMNS], columns)
    for line, cells in records:
        parsed.rows_read += 1
        where = f"line {line}"
        if len(cells) != len(columns):
            parsed.unreadable.append(
                Problem(where, f"expected {len(columns)} values, found {len(cells)}")
            )
            continue
        row = dict(zip(columns, cells, strict=True))
        try:
            day, clock = _daylio_date(row), _parse_clock(row["time"])
        except ValueError as error:
            parsed.unreadable.append(Problem(where, str(error)))
            continue
        label = " ".join(row["mood"].split()).lower()
        if not label:
            parsed.unreadable.append(Problem(where, "the mood is empty"))
            continue
        parsed.labels[label] += 1
        when = datetime.combine(day, clock)
        parsed.checkins.append(
            CheckInRecord(where, when, label=label, note=_daylio_note(row), local_date=day)
        )
        parsed.add_day_tags(day, _tag_names(row["activities"]))
    return parsed


# --- Bearable -----------------------------------------------------------------------------------
def _bearable_date(row: dict) -> date:
    formatted = row.get("date formatted", "").strip()
    if formatted:
        try:
            return date.fromisoformat(formatted)
        except ValueError:
            pass
    text = re.sub(r"(?<=\d)(st|nd|rd|th)\b", "", row["date"].strip(), flags=re.IGNORECASE)
    parsed = _strptime_any(text, ("%d %b %Y", "%d %B %Y", "%Y-%m-%d"))
    if parsed is not None:
        return parsed.date()
    raise ValueError(f"the date “{row['date']}” is not like “22nd Sep 2020”")


def _bearable_time(value: str) -> time:
    block = BEARABLE_TIME_BLOCKS.get(value.strip().lower())
    return block if block is not None else _parse_clock(value)


def _bearable_rating(value: str) -> float:
    try:
        rating = float(value.strip())
    except ValueError:
        raise ValueError(f"the mood rating “{value}” is not a number") from None
    if not 1 <= rating <= 10:
        raise ValueError(f"the mood rating {value.strip()} is outside 1 to 10")
    return rating


def parse_bearable(text: str) -> ParsedFile:
    parsed = ParsedFile("bearable")
    records = _records(text)
    columns = _header(records)
    if columns not in (BEARABLE_COLUMNS, BEARABLE_NEW_COLUMNS):
        raise _wrong_columns("Bearable", [BEARABLE_COLUMNS, BEARABLE_NEW_COLUMNS], columns)
    ratings: list[tuple[CheckInRecord, float]] = []
    skipped = Counter()
    for line, cells in records:
        parsed.rows_read += 1
        where = f"line {line}"
        if len(cells) != len(columns):
            parsed.unreadable.append(
                Problem(where, f"expected {len(columns)} values, found {len(cells)}")
            )
            continue
        row = dict(zip(columns, cells, strict=True))
        category = row["category"].strip()
        try:
            day = _bearable_date(row)
            if category.lower() == "mood":
                record = _bearable_checkin(where, day, row)
                ratings.append((record, _bearable_rating(row["rating/amount"])))
            elif "factor" in category.lower():
                parsed.add_day_tags(day, _tag_names(row["detail"]))
            else:
                skipped[category or "(no category)"] += 1
                parsed.skipped.append(Problem(where, f"“{category}” entries are not imported"))
        except ValueError as error:
            parsed.unreadable.append(Problem(where, str(error)))
    _set_bearable_moods(parsed, ratings)
    for category, count in sorted(skipped.items()):
        parsed.notices.append(f"{count} “{category}” rows skipped: GutMind has no place for them.")
    return parsed


def _bearable_checkin(where: str, day: date, row: dict) -> CheckInRecord:
    when = datetime.combine(day, _bearable_time(row["time of day"]))
    details = [word.strip().lower() for word in row["detail"].split("|")]
    emotions = sorted({word for word in details if word in EMOTION_WORDS})
    return CheckInRecord(where, when, note=_clip(row["notes"]), emotions=emotions, local_date=day)


def _set_bearable_moods(parsed: ParsedFile, ratings: list[tuple[CheckInRecord, float]]) -> None:
    """Older Bearable exports rate mood 1 to 10; a file with any rating above 5 is read on
    that scale (1-2 awful ... 9-10 great), otherwise as GutMind's own 1 to 5."""
    ten_point = any(rating > 5 for _record, rating in ratings)
    if ten_point:
        parsed.notices.append("Mood ratings read on Bearable's 1 to 10 scale: 9 or 10 is great.")
    for record, rating in ratings:
        value = round(rating)
        record.mood = (value + 1) // 2 if ten_point else value
        parsed.checkins.append(record)


# --- GutMind JSON ----------------------------------------------------------------------------
def _without_nul(pairs: list[tuple[str, object]]) -> dict:
    """A \\u0000 escape is valid JSON but cannot be stored: dropped from every string."""

    def clean(value: object) -> object:
        if isinstance(value, str):
            return value.replace("\x00", "")
        if isinstance(value, list):
            return [clean(item) for item in value]
        return value

    return {clean(key): clean(value) for key, value in pairs}


def parse_gutmind(text: str) -> ParsedFile:
    try:
        data = json.loads(text, object_pairs_hook=_without_nul)
    except json.JSONDecodeError as error:
        raise ImportFileError(
            f"This is not a GutMind JSON export: line {error.lineno}, column {error.colno}: "
            f"{error.msg}."
        ) from error
    if not isinstance(data, dict) or data.get("schema") != exporting.SCHEMA_NAME:
        raise ImportFileError(
            "This JSON file is not a GutMind export (it has no “schema”: “gutmind-export”)."
        )
    if data.get("version") != exporting.SCHEMA_VERSION:
        raise ImportFileError(
            f"This export uses schema version {data.get('version')!r}; this GutMind reads "
            f"version {exporting.SCHEMA_VERSION}."
        )
    parsed = ParsedFile("gutmind")
    for index, item in enumerate(_list(data, "tags")):
        _gutmind_tag(parsed, f"tags[{index}]", item)
    for index, item in enumerate(_list(data, "daily_logs")):
        _gutmind_log(parsed, f"daily_logs[{index}]", item)
    for index, item in enumerate(_list(data, "checkins")):
        _gutmind_checkin(parsed, f"checkins[{index}]", item)
    _gutmind_reminders(parsed, _list(data, "reminders"))
    _gutmind_sections(parsed, data)
    return parsed


def _gutmind_sections(parsed: ParsedFile, data: dict) -> None:
    """Other apps' lists (sections.py), kept as read: their app checks and restores them."""
    for key in sorted(set(data) - sections.CORE_KEYS):
        if sections.get(key) is None:
            parsed.notices.append(
                f"“{key}” in this export is not something GutMind reads: left out."
            )
            continue
        items = _list(data, key)
        parsed.rows_read += len(items)
        parsed.sections[key] = items


def _list(data: dict, key: str) -> list:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise ImportFileError(f"In this export “{key}” is not a list.")
    return value


def _validation_text(error: ValidationError) -> str:
    if not hasattr(error, "error_dict"):  # a field's to_python raises a plain list
        return " ".join(error.messages)
    return "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in error.message_dict.items())


def _gutmind_tag(parsed: ParsedFile, where: str, item) -> None:
    parsed.rows_read += 1
    name = item.get("name") if isinstance(item, dict) else None
    if not isinstance(name, str) or not name.strip():
        parsed.unreadable.append(Problem(where, "a tag without a name"))
        return
    parsed.tags[name.strip()[:TAG_MAX_LENGTH]] = bool(item.get("archived", False))


def _gutmind_log(parsed: ParsedFile, where: str, item) -> None:
    parsed.rows_read += 1
    try:
        day = date.fromisoformat(item["date"])
        fields = {name: item.get(name) for name in exporting.LOG_FIELDS if name in item}
        fields["note"] = fields.get("note") or ""
        fields["probiotic_taken"] = bool(fields.get("probiotic_taken"))
        DailyLog(date=day, **fields).clean_fields(exclude=["person"])
        tags = [str(name) for name in item.get("tags", [])]
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        parsed.unreadable.append(Problem(where, f"not a daily log ({error})"))
        return
    except ValidationError as error:
        parsed.unreadable.append(Problem(where, _validation_text(error)))
        return
    parsed.logs[day] = fields
    parsed.add_day_tags(day, [name.strip()[:TAG_MAX_LENGTH] for name in tags if name.strip()])


def _gutmind_checkin(parsed: ParsedFile, where: str, item) -> None:
    parsed.rows_read += 1
    try:
        at = datetime.fromisoformat(item["at"].replace("Z", "+00:00"))
        if at.tzinfo is None:
            raise ValueError("“at” has no time zone")
        at.astimezone(UTC)  # an OverflowError at the calendar's ends, not later in the plan
        values = {
            "mood": item["mood"],
            "anxiety": item.get("anxiety"),
            "energy": item.get("energy"),
            "emotions": item.get("emotions") or [],
            "note": item.get("note") or "",
            "local_date": date.fromisoformat(item["local_date"]),
        }
        MoodCheckIn(at=at, **values).clean_fields(exclude=["person"])
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as error:
        parsed.unreadable.append(Problem(where, f"not a check-in ({error})"))
        return
    except ValidationError as error:
        parsed.unreadable.append(Problem(where, _validation_text(error)))
        return
    parsed.checkins.append(CheckInRecord(where, at, **values))


PARSERS: dict[str, Callable[[str], ParsedFile]] = {
    "daylio": parse_daylio,
    "bearable": parse_bearable,
    "gutmind": parse_gutmind,
}


# --- Mood labels --------------------------------------------------------------------------------
def parse_mood_map(text: str) -> dict[str, int]:
    """`label=5,other=4` (the command's --mood-map) into {label: mood}."""
    mapping: dict[str, int] = {}
    for part in filter(None, (piece.strip() for piece in text.split(","))):
        label, sep, value = part.rpartition("=")
        if not sep or not label.strip():
            raise ValueError(f"“{part}” is not label=number")
        try:
            mood = int(value)
        except ValueError:
            raise ValueError(f"“{value}” in “{part}” is not a whole number") from None
        if not 1 <= mood <= 5:
            raise ValueError(f"{mood} in “{part}” is outside 1 to 5")
        mapping[" ".join(label.split()).lower()] = mood
    return mapping


def unmapped_labels(parsed: ParsedFile, mood_map: dict[str, int]) -> list[str]:
    known = DAYLIO_DEFAULT_MOODS | mood_map
    return sorted(label for label in parsed.labels if label not in known)


# --- The plan (what the preview shows) -----------------------------------------------------------
@dataclass
class ImportPlan:
    person: User
    parsed: ParsedFile
    checkins: list[MoodCheckIn] = field(default_factory=list)
    duplicate_checkins: int = 0
    new_tags: dict[str, bool] = field(default_factory=dict)
    new_logs: dict[date, dict] = field(default_factory=dict)
    duplicate_days: int = 0
    day_tags: dict[date, set[str]] = field(default_factory=dict)  # lower-case names
    unmapped: list[str] = field(default_factory=list)

    @property
    def days(self) -> set[date]:
        found = {checkin.local_date for checkin in self.checkins}
        found.update(self.parsed.day_tags, self.parsed.logs)
        found.update(record.local_date for record in self.parsed.checkins if record.local_date)
        return found

    @property
    def ready(self) -> bool:
        return not self.unmapped

    @property
    def work_size(self) -> int:
        return len(self.checkins) + len(self.new_logs) + len(self.day_tags)

    def report(self) -> dict:
        days = self.days
        return {
            "format": self.parsed.format,
            "rows_read": self.parsed.rows_read,
            "days": len(days),
            "date_from": min(days).isoformat() if days else None,
            "date_to": max(days).isoformat() if days else None,
            "checkins_to_create": len(self.checkins),
            "duplicate_checkins": self.duplicate_checkins,
            "logs_to_create": len(self.new_logs),
            "duplicate_days": self.duplicate_days,
            "tags_to_create": sorted(self.new_tags, key=str.lower),
            "unreadable": [(p.where, p.message) for p in self.parsed.unreadable],
            "skipped": [(p.where, p.message) for p in self.parsed.skipped],
            "notices": list(self.parsed.notices),
            "unmapped_labels": list(self.unmapped),
            "reminders": len(self.parsed.reminders),
            "sections": {
                sections.label(sections.get(key)): len(items)
                for key, items in self.parsed.sections.items()
            },
        }


def _aware(record: CheckInRecord, tz: ZoneInfo) -> datetime:
    if record.when.tzinfo is not None:
        return record.when
    return record.when.replace(tzinfo=tz)


def _checkin_key(at: datetime, mood: int) -> tuple[datetime, int]:
    return at.astimezone(UTC).replace(microsecond=0), mood


def _existing_checkin_keys(person: User, records: list[CheckInRecord]) -> set:
    dates = [record.local_date for record in records if record.local_date]
    if not dates:
        return set()
    # A day either side: an earlier import may have used another time zone. Clamped, as a
    # made-up file can name the calendar's first or last day.
    start = max(min(dates), date.min + timedelta(days=1)) - timedelta(days=1)
    end = min(max(dates), date.max - timedelta(days=1)) + timedelta(days=1)
    rows = MoodCheckIn.objects.for_user(person).filter(local_date__range=(start, end))
    return {_checkin_key(at, mood) for at, mood in rows.values_list("at", "mood")}


def build_plan(
    person: User, parsed: ParsedFile, mood_map: dict[str, int] | None = None
) -> ImportPlan:
    mood_map = mood_map or {}
    plan = ImportPlan(person, parsed, unmapped=unmapped_labels(parsed, mood_map))
    _plan_checkins(plan, DAYLIO_DEFAULT_MOODS | mood_map)
    _plan_tags(plan)
    _plan_logs(plan)
    return plan


def _plan_checkins(plan: ImportPlan, labels: dict[str, int]) -> None:
    tz = plan.person.tzinfo
    seen = _existing_checkin_keys(plan.person, plan.parsed.checkins)
    for record in plan.parsed.checkins:
        mood = record.mood if record.mood is not None else labels.get(record.label)
        if mood is None:
            continue  # an unmapped label: the preview asks for it before anything is written
        at = _aware(record, tz)
        key = _checkin_key(at, mood)
        if key in seen:
            plan.duplicate_checkins += 1
            continue
        seen.add(key)
        local_date = record.local_date or at.astimezone(tz).date()
        plan.checkins.append(
            MoodCheckIn(
                person=plan.person,
                at=at,
                local_date=local_date,
                mood=mood,
                anxiety=record.anxiety,
                energy=record.energy,
                emotions=record.emotions,
                note=record.note,
            )
        )


def _plan_tags(plan: ImportPlan) -> None:
    existing = {
        name.lower() for name in Tag.objects.for_user(plan.person).values_list("name", flat=True)
    }
    wanted: dict[str, bool] = dict(plan.parsed.tags)
    for names in plan.parsed.day_tags.values():
        for name in names:
            wanted.setdefault(name, False)
    for name, archived in wanted.items():
        lower = name.lower()
        if lower not in existing:
            existing.add(lower)
            plan.new_tags[name] = archived
    for day, names in plan.parsed.day_tags.items():
        if names:
            plan.day_tags[day] = {name.lower() for name in names}


def _plan_logs(plan: ImportPlan) -> None:
    days = set(plan.parsed.logs) | set(plan.day_tags)
    if not days:
        return
    existing = set(
        DailyLog.objects.for_user(plan.person)
        .filter(date__range=(min(days), max(days)))
        .values_list("date", flat=True)
    )
    for day in sorted(days):
        if day in existing:
            plan.duplicate_days += day in plan.parsed.logs
            continue
        plan.new_logs[day] = plan.parsed.logs.get(day, {})


# --- Writing ------------------------------------------------------------------------------------
@dataclass
class ImportResult:
    checkins: int = 0
    logs: int = 0
    tags: int = 0
    tag_links: int = 0
    reminders: int = 0
    sections: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {**self.__dict__, "sections": dict(self.sections)}


Progress = Callable[[int, int], None]


def apply_plan(plan: ImportPlan, progress: Progress | None = None) -> ImportResult:
    """All or nothing: one transaction. `progress(done, total)` is called between batches."""
    if not plan.ready:
        raise ImportFileError(
            "Say which mood each of these labels means first: " + ", ".join(plan.unmapped)
        )
    result = ImportResult()
    total = max(plan.work_size, 1)
    report = progress or (lambda done, total: None)
    with transaction.atomic():
        tag_ids = _create_tags(plan, result)
        log_ids = _create_logs(plan, result)
        report(len(plan.new_logs), total)
        _link_tags(plan, tag_ids, log_ids, result)
        done = len(plan.new_logs) + len(plan.day_tags)
        for start in range(0, len(plan.checkins), BATCH_SIZE):
            batch = plan.checkins[start : start + BATCH_SIZE]
            MoodCheckIn.objects.bulk_create(batch)
            result.checkins += len(batch)
            report(done + result.checkins, total)
        result.reminders = _import_reminders(plan)
        _restore_sections(plan, result)
    return result


def _restore_sections(plan: ImportPlan, result: ImportResult) -> None:
    for key, items in plan.parsed.sections.items():
        section = sections.get(key)
        if section is None:
            continue
        try:
            result.sections[key] = section.restore(plan.person, items)
        except ValueError as error:  # rolls the whole import back
            raise ImportFileError(f"{sections.label(section).capitalize()}: {error}") from error


def _create_tags(plan: ImportPlan, result: ImportResult) -> dict[str, int]:
    new = [
        Tag(person=plan.person, name=name, archived=archived)
        for name, archived in plan.new_tags.items()
    ]
    Tag.objects.bulk_create(new, batch_size=BATCH_SIZE)
    result.tags = len(new)
    rows = Tag.objects.for_user(plan.person).values_list("name", "id")
    return {name.lower(): pk for name, pk in rows}


def _create_logs(plan: ImportPlan, result: ImportResult) -> dict[date, int]:
    new = [
        DailyLog(person=plan.person, date=day, **fields) for day, fields in plan.new_logs.items()
    ]
    DailyLog.objects.bulk_create(new, batch_size=BATCH_SIZE)
    result.logs = len(new)
    if not plan.day_tags:
        return {}
    days = plan.day_tags.keys()
    logs = DailyLog.objects.for_user(plan.person).filter(date__range=(min(days), max(days)))
    return dict(logs.values_list("date", "id"))


def _link_tags(
    plan: ImportPlan, tag_ids: dict[str, int], log_ids: dict[date, int], result: ImportResult
) -> None:
    through = DailyLog.tags.through
    if not plan.day_tags:
        return
    days = plan.day_tags.keys()
    existing = set(
        through.objects.filter(
            dailylog__person=plan.person, dailylog__date__range=(min(days), max(days))
        ).values_list("dailylog_id", "tag_id")
    )
    links = []
    for day, names in plan.day_tags.items():
        for name in names:
            pair = (log_ids[day], tag_ids[name])
            if pair not in existing:
                existing.add(pair)
                links.append(through(dailylog_id=pair[0], tag_id=pair[1]))
    through.objects.bulk_create(links, batch_size=1000)
    result.tag_links = len(links)


def reminder_values(record: dict) -> dict:
    """A GutMind export's reminder settings, checked by the model's own fields."""
    values = {}
    for name in exporting.REMINDER_FIELDS:
        if name not in record:
            continue
        value = record[name]
        if name == "daily_weekdays":
            value = occurrences.bits_from_weekdays([int(day) for day in value])
        values[name] = ReminderSchedule._meta.get_field(name).to_python(value)
    if not 0 <= values.get("weekly_weekday", 0) <= 6:
        raise ValidationError({"weekly_weekday": ["must be 0 (Monday) to 6 (Sunday)"]})
    return values


def _gutmind_reminders(parsed: ParsedFile, items: list) -> None:
    for index, item in enumerate(items[:1]):  # one schedule per person
        try:
            parsed.reminders.append(reminder_values(item))
        except (TypeError, ValueError, AttributeError) as error:
            parsed.unreadable.append(Problem(f"reminders[{index}]", f"not reminders ({error})"))
        except ValidationError as error:
            parsed.unreadable.append(Problem(f"reminders[{index}]", _validation_text(error)))


def _import_reminders(plan: ImportPlan) -> int:
    """Reminder settings from a GutMind export replace the person's current ones; the
    reminders app works out when the next one is due."""
    if not plan.parsed.reminders:
        return 0
    schedule = reminder_services.schedule_for(plan.person)
    for name, value in plan.parsed.reminders[0].items():
        setattr(schedule, name, value)
    reminder_services.save_schedule(schedule)
    return 1
