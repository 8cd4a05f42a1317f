"""GutMind's own JSON export (docs/export-schema.md), other apps' sections included."""

from datetime import UTC, date, datetime
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db.models import Field

from apps.lifestyle.models import DailyLog
from apps.mood.models import MoodCheckIn
from apps.reminders import schedule as occurrences
from apps.reminders.models import ReminderSchedule
from apps.yourdata import exporting, sections
from apps.yourdata.importing import decoding
from apps.yourdata.importing.records import (
    TAG_MAX_LENGTH,
    CheckInRecord,
    ImportFileError,
    ParsedFile,
    tag_name,
)

WHAT = "a GutMind JSON export"
# A value as json.loads gives it, of any shape. The readers take it as it comes and turn a
# wrong shape (KeyError, TypeError, AttributeError) into an "unreadable" line of the report.
Json = Any


def _without_nul(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """A \\u0000 escape is valid JSON but cannot be stored: dropped from every string."""

    def clean(value: object) -> object:
        if isinstance(value, str):
            return value.replace("\x00", "")
        if isinstance(value, list):
            return [clean(item) for item in value]
        return value

    return {key.replace("\x00", ""): clean(value) for key, value in pairs}


def parse(text: str) -> ParsedFile:
    data = decoding.load_json(text, WHAT, object_pairs_hook=_without_nul)
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
    for index, item in enumerate(_list(data, "tag_groups")):
        _tag_group(parsed, f"tag_groups[{index}]", item)
    for index, item in enumerate(_list(data, "tags")):
        _tag(parsed, f"tags[{index}]", item)
    for index, item in enumerate(_list(data, "daily_logs")):
        _log(parsed, f"daily_logs[{index}]", item)
    for index, item in enumerate(_list(data, "checkins")):
        _checkin(parsed, f"checkins[{index}]", item)
    _reminders(parsed, _list(data, "reminders"))
    _sections(parsed, data)
    return parsed


def _list(data: dict[str, Json], key: str) -> list[Json]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise ImportFileError(f"In this export “{key}” is not a list.")
    return value


def validation_text(error: ValidationError) -> str:
    if not hasattr(error, "error_dict"):  # a field's to_python raises a plain list
        return " ".join(error.messages)
    return "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in error.message_dict.items())


def _tag_group(parsed: ParsedFile, where: str, item: object) -> None:
    parsed.rows_read += 1
    name = (
        tag_name(item["name"])
        if isinstance(item, dict) and isinstance(item.get("name"), str)
        else ""
    )
    if not name:
        parsed.add_unreadable(where, "a tag group without a name")
    elif name.lower() not in {known.lower() for known in parsed.groups}:
        parsed.groups.append(name)


def _tag(parsed: ParsedFile, where: str, item: Json) -> None:
    parsed.rows_read += 1
    name = item.get("name") if isinstance(item, dict) else None
    if not isinstance(name, str) or not name.strip():
        parsed.add_unreadable(where, "a tag without a name")
        return
    name = name.strip()[:TAG_MAX_LENGTH]
    parsed.tags[name] = bool(item.get("archived", False))
    group = item.get("group")
    if group is not None and not isinstance(group, str):
        parsed.add_unreadable(where, "its group is not a name")
    elif group and tag_name(group):
        parsed.tag_groups[name] = tag_name(group)


def _log(parsed: ParsedFile, where: str, item: Json) -> None:
    parsed.rows_read += 1
    try:
        day = date.fromisoformat(item["date"])
        fields = {name: item.get(name) for name in exporting.LOG_FIELDS if name in item}
        fields["note"] = fields.get("note") or ""
        fields["probiotic_taken"] = bool(fields.get("probiotic_taken"))
        DailyLog(date=day, **fields).clean_fields(exclude=["person"])
        tags = [str(name) for name in item.get("tags", [])]
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as error:
        parsed.add_unreadable(where, f"not a daily log ({error})")
        return
    except ValidationError as error:
        parsed.add_unreadable(where, validation_text(error))
        return
    parsed.logs[day] = fields
    parsed.add_day_tags(day, [name.strip()[:TAG_MAX_LENGTH] for name in tags if name.strip()])


def _checkin(parsed: ParsedFile, where: str, item: Json) -> None:
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
        parsed.add_unreadable(where, f"not a check-in ({error})")
        return
    except ValidationError as error:
        parsed.add_unreadable(where, validation_text(error))
        return
    parsed.checkins.append(CheckInRecord(where, at, **values))


def reminder_values(record: dict[str, Json]) -> dict[str, Any]:
    """A GutMind export's reminder settings, checked by the model's own fields."""
    values: dict[str, Any] = {}
    for name in exporting.REMINDER_FIELDS:
        if name not in record:
            continue
        value = record[name]
        if name == "daily_weekdays":
            value = occurrences.bits_from_weekdays([int(day) for day in value])
        column = cast(Field[Any, Any], ReminderSchedule._meta.get_field(name))  # not a relation
        values[name] = column.to_python(value)
    if not 0 <= values.get("weekly_weekday", 0) <= 6:
        raise ValidationError({"weekly_weekday": ["must be 0 (Monday) to 6 (Sunday)"]})
    return values


def _reminders(parsed: ParsedFile, items: list[Json]) -> None:
    for index, item in enumerate(items[:1]):  # one schedule per person
        try:
            reminder_values(item)
        except (TypeError, ValueError, AttributeError, OverflowError) as error:
            parsed.add_unreadable(f"reminders[{index}]", f"not reminders ({error})")
        except ValidationError as error:
            parsed.add_unreadable(f"reminders[{index}]", validation_text(error))
        else:
            parsed.reminders.append(item)


def _sections(parsed: ParsedFile, data: dict[str, Json]) -> None:
    """Other apps' lists (sections.py), kept as read: their app checks and restores them."""
    for key in sorted(set(data) - sections.CORE_KEYS):
        if sections.get(key) is None:
            parsed.notices.append(f"“{key}” in this export is not something GutMind reads.")
            continue
        items = _list(data, key)
        parsed.rows_read += len(items)
        parsed.sections[key] = items
