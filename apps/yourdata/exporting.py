"""Everything a person entered, streamed as JSON or as a zip of CSV files.

Rows are read with QuerySet.iterator(chunk_size=...) and written out chunk by chunk, so ten
years of logs never sit in memory at once. docs/export-schema.md documents the format.
"""

import csv
import io
import json
import zipfile
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Case, F, When
from django.utils import timezone

from apps.accounts.models import User
from apps.lifestyle.models import DailyLog, Tag, TagGroup
from apps.mood.models import MoodCheckIn
from apps.reminders import schedule as occurrences
from apps.reminders.models import ReminderSchedule
from apps.yourdata import sections

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

# One exported row: field names to JSON-ready values (see plain()).
Record = dict[str, object]

SCHEMA_NAME = "gutmind-export"
SCHEMA_VERSION = 1
CHUNK_SIZE = 500
TAG_SEPARATOR = " | "
EARLIEST_MOMENT = datetime(1, 1, 2, tzinfo=UTC)
# A spreadsheet runs a cell that starts with one of these as a formula (OWASP's CSV injection):
# such a cell is written with a leading apostrophe, which spreadsheets show as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

PROFILE_FIELDS = ("email", "display_name", "timezone", "health_data_consent_at")
# Bookkeeping columns (ids, created/updated times) are not part of what a person entered.
_LOG_SKIP = {"id", "person", "date", "tags", "created_at", "updated_at"}
LOG_FIELDS = tuple(f.name for f in DailyLog._meta.concrete_fields if f.name not in _LOG_SKIP)
CHECKIN_FIELDS = ("at", "local_date", "mood", "anxiety", "energy", "emotions", "note")
# daily_weekdays is written as a list of weekday numbers, 0 for Monday to 6 for Sunday.
REMINDER_FIELDS = ReminderSchedule.PREFERENCE_FIELDS


def reminder_record(schedule: ReminderSchedule) -> Record:
    """A schedule's settings, without the computed next_*_at times."""
    record = {name: plain(getattr(schedule, name)) for name in REMINDER_FIELDS}
    record["daily_weekdays"] = occurrences.weekdays_from_bits(schedule.daily_weekdays)
    return record


def plain(value: object) -> object:
    """A JSON- and CSV-friendly form of a model value."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def _json_default(value: object) -> object:
    converted = plain(value)
    if converted is value:
        raise TypeError(f"{type(value).__name__} is not JSON-ready")
    return converted


def profile_record(person: User) -> Record:
    return {name: plain(getattr(person, name)) for name in PROFILE_FIELDS}


def tag_group_records(person: User) -> Iterator[Record]:
    """The person's tag groups in their order; the order is the list's, so no position."""
    for name in TagGroup.objects.for_user(person).values_list("name", flat=True):
        yield {"name": name}


def tag_records(person: User) -> Iterator[Record]:
    rows = (
        Tag.objects.for_user(person).order_by("name").values_list("name", "archived", "group__name")
    )
    for name, archived, group in rows:
        yield {"name": name, "archived": archived, "group": group}


def log_records(person: User) -> Iterator[Record]:
    logs = DailyLog.objects.for_user(person).order_by("date").prefetch_related("tags")
    for log in logs.iterator(chunk_size=CHUNK_SIZE):
        record: Record = {"date": log.date.isoformat()}
        record.update({name: plain(getattr(log, name)) for name in LOG_FIELDS})
        record["tags"] = sorted(tag.name for tag in log.tags.all())
        yield record


def checkin_records(person: User) -> Iterator[Record]:
    # A moment before the year 1 in UTC (0001-01-01 00:30 in Berlin is 0000-12-31 in UTC:
    # PostgreSQL keeps it as BC) has no Python datetime: it is written as null rather than
    # breaking the export halfway.
    at = Case(When(at__gte=EARLIEST_MOMENT, then=F("at")), default=None)
    rows = (
        MoodCheckIn.objects.for_user(person)
        .order_by("at", "id")
        .annotate(safe_at=at)
        .values_list("safe_at", *CHECKIN_FIELDS[1:])
    )
    for row in rows.iterator(chunk_size=CHUNK_SIZE):
        yield {name: plain(value) for name, value in zip(CHECKIN_FIELDS, row, strict=True)}


def reminder_records(person: User) -> Iterator[Record]:
    for schedule in ReminderSchedule.objects.filter(person=person):
        yield reminder_record(schedule)


# --- JSON ---------------------------------------------------------------------------------
def _json_array(key: str, records: Iterable[Record]) -> Iterator[str]:
    yield f',\n  "{key}": ['
    first = True
    for record in records:
        text = json.dumps(record, ensure_ascii=False, default=_json_default)
        yield ("\n    " if first else ",\n    ") + text
        first = False
    yield "\n  ]" if not first else "]"


def json_chunks(person: User) -> Iterator[str]:
    head = {
        "schema": SCHEMA_NAME,
        "version": SCHEMA_VERSION,
        "exported_at": plain(timezone.now()),
        "profile": profile_record(person),
    }
    # The head is small: write it whole, then stream each list without its closing brace.
    yield json.dumps(head, ensure_ascii=False, indent=2)[:-2]
    yield from _json_array("tag_groups", tag_group_records(person))
    yield from _json_array("tags", tag_records(person))
    yield from _json_array("daily_logs", log_records(person))
    yield from _json_array("checkins", checkin_records(person))
    yield from _json_array("reminders", reminder_records(person))
    for section in sections.all_sections():  # other apps' data (sections.py)
        yield from _json_array(section.key, section.export(person))
    yield "\n}\n"


def json_bytes(person: User) -> Iterator[bytes]:
    """Encoded in batches: one tiny write per record would make the response slow."""
    buffer: list[str] = []
    size = 0
    for chunk in json_chunks(person):
        buffer.append(chunk)
        size += len(chunk)
        if size >= 64_000:
            yield "".join(buffer).encode()
            buffer, size = [], 0
    yield "".join(buffer).encode()


# --- CSV in a zip ---------------------------------------------------------------------------
class _ChunkSink(io.RawIOBase):
    """A write-only stream that hands its bytes to a generator: zipfile writes into it, the
    response reads out of it. Not seekable, so zipfile uses data descriptors."""

    def __init__(self) -> None:
        self._chunks: list[bytes] = []
        self._offset = 0

    def writable(self) -> bool:
        return True

    def write(self, data: "ReadableBuffer") -> int:
        chunk = bytes(data)
        self._chunks.append(chunk)
        self._offset += len(chunk)
        return len(chunk)

    def tell(self) -> int:
        return self._offset

    def take(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return str(value)
    text = TAG_SEPARATOR.join(map(str, value)) if isinstance(value, list) else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_line(values: Iterable[object]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow([_cell(v) for v in values])
    return out.getvalue().encode()


def csv_tables(person: User) -> Iterator[tuple[str, list[str], Iterable[Record]]]:
    yield "profile.csv", list(PROFILE_FIELDS), [profile_record(person)]
    yield "daily_logs.csv", ["date", *LOG_FIELDS, "tags"], log_records(person)
    yield "checkins.csv", list(CHECKIN_FIELDS), checkin_records(person)
    yield "tag_groups.csv", ["name"], tag_group_records(person)
    yield "tags.csv", ["name", "archived", "group"], tag_records(person)
    yield "reminders.csv", list(REMINDER_FIELDS), reminder_records(person)
    for section in sections.all_sections():
        columns = sections.csv_columns(section)
        if columns:
            yield f"{section.key}.csv", columns, section.export(person)


def zip_bytes(person: User) -> Iterator[bytes]:
    sink = _ChunkSink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, header, records in csv_tables(person):
            with archive.open(name, "w", force_zip64=True) as member:
                # A BOM lets spreadsheet programs read the notes' accents correctly.
                member.write(b"\xef\xbb\xbf" + _csv_line(header))
                for count, record in enumerate(records, start=1):
                    member.write(_csv_line(record.get(column) for column in header))
                    if count % CHUNK_SIZE == 0:
                        yield sink.take()
            yield sink.take()
    yield sink.take()


def export_filename(kind: str) -> str:
    return f"gutmind-export-{timezone.now():%Y-%m-%d}.{'json' if kind == 'json' else 'zip'}"
