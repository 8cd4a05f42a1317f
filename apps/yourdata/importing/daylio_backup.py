"""Daylio's backup file (`.daylio`): a zip holding `backup.daylio`, base64 of one JSON object.

The parts read (names as Daylio writes them): `customMoods` (id, custom_name,
predefined_name_id, mood_group_id 1 best to 5 worst), `tags` (the activities: id, name,
id_tag_group, order), `tag_groups` (id, name, order: they become tag groups), `scales`
(id, name, number_scale with its min and max) and `dayEntries` (year, month counted from 0,
day, hour, minute, mood as a customMoods id, tags as ids, scaleValues, note_title, note in
light HTML). The mood group says the mood, so a backup needs no mapping step; it loses
nothing the CSV loses, and it carries what the CSV lacks: the activity groups and each
scale's range.
"""

import html
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeGuard

from apps.yourdata.importing import decoding
from apps.yourdata.importing.daylio import SCALE_FIELDS, assumed_range, put_scale
from apps.yourdata.importing.records import (
    CheckInRecord,
    ImportFileError,
    ParsedFile,
    check_year,
    clip,
    tag_name,
)

WHAT = "a Daylio backup (.daylio)"
MEMBER = "backup.daylio"
# Looked up with whatever the file holds, so keyed by object: a non-number finds nothing.
PREDEFINED_NAMES: dict[object, str] = {1: "rad", 2: "good", 3: "meh", 4: "bad", 5: "awful"}


def parse(raw: bytes) -> ParsedFile:
    archive = decoding.SafeZip(raw, WHAT, rooted_names=True)
    member = next((n for n in archive.names if n.rsplit("/", 1)[-1] == MEMBER), None)
    if member is None:
        raise ImportFileError(
            f"This is not {WHAT}: the zip has no “{MEMBER}” inside. Make the backup in Daylio "
            "under More, Backup & Restore, and upload that file as it is."
        )
    decoded = decoding.decode_base64(archive.read(member), WHAT)
    data = decoding.load_json(decoding.decode_text(decoded), WHAT)
    if not isinstance(data, dict) or not isinstance(data.get("dayEntries"), list):
        raise ImportFileError(f"This is not {WHAT}: it has no list of entries (dayEntries).")
    parsed = ParsedFile("daylio-backup")
    moods = _moods(data.get("customMoods"))
    tags = _tags(parsed, data.get("tags"), data.get("tag_groups"))
    scales = _BackupScales(parsed, data.get("scales"))
    for index, entry in enumerate(data["dayEntries"]):
        parsed.rows_read += 1
        try:
            record = _entry(parsed, entry, moods, tags)
        except (ValueError, TypeError, KeyError, OverflowError) as error:
            parsed.add_unreadable(f"entry {index + 1}", _reason(error))
        else:
            scales.read(record, entry.get("scaleValues"))
    scales.finish()
    if parsed.groups:
        parsed.notices.append(
            f"Activity groups come across as tag groups: {', '.join(parsed.groups)}."
        )
    return parsed


def _reason(error: Exception) -> str:
    if isinstance(error, KeyError):
        return f"it has no {error}"
    return str(error) or type(error).__name__


def _moods(items: object) -> dict[object, tuple[str, int]]:
    """customMoods id -> (the name as the person sees it, GutMind's 1-5)."""
    moods: dict[object, tuple[str, int]] = {}
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        group = item.get("mood_group_id")
        if not isinstance(group, int) or not 1 <= group <= 5:
            continue
        name = str(item.get("custom_name") or "").strip()
        name = name or PREDEFINED_NAMES.get(item.get("predefined_name_id"), "") or f"mood {group}"
        moods[item.get("id")] = (name, 6 - group)
    return moods


def _ordered(items: object) -> list[dict[str, Any]]:
    """The dicts of a backup's list, in Daylio's own `order` (the file's order otherwise)."""
    rows = [item for item in (items if isinstance(items, list) else []) if isinstance(item, dict)]
    return sorted(rows, key=lambda item: _order(item.get("order")))


def _order(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _tags(parsed: ParsedFile, items: object, group_items: object) -> dict[object, str]:
    """Every activity becomes a tag, in its activity group when it has one; returns the
    activities by id."""
    groups: dict[object, str] = {}
    for item in _ordered(group_items):
        name = tag_name(str(item.get("name") or ""))
        if name and name.lower() not in {known.lower() for known in parsed.groups}:
            parsed.groups.append(name)
        if name:
            groups[item.get("id")] = name
    tags: dict[object, str] = {}
    for item in _ordered(items):
        name = tag_name(str(item.get("name") or ""))
        if not name:
            continue
        tags[item.get("id")] = name
        parsed.tags.setdefault(name, False)
        group = groups.get(item.get("id_tag_group"))
        if group:
            parsed.tag_groups.setdefault(name, group)
    return tags


@dataclass
class _Scale:
    name: str  # as SCALE_FIELDS names them: lower case, spaces
    low: float | None = None  # the range the backup gives, when it gives one
    high: float | None = None
    texts: dict[object, tuple[str, int]] = field(default_factory=dict)  # value id -> (word, n)


class _BackupScales:
    """Daylio's scales (`scales`, each with a `number_scale` min and max, or a `text_scale` of
    words in order) and each entry's `scaleValues` ({id_scale, value} for a number, or
    {id_scale, id_text_scale_value} for a word). A scale named like one of ours goes onto it,
    rescaled from the backup's own range; the others are kept in the entry's note."""

    def __init__(self, parsed: ParsedFile, items: object) -> None:
        self.parsed = parsed
        self.scales = {item.get("id"): _scale(item) for item in _ordered(items)}
        self.values: dict[str, list[tuple[CheckInRecord, float]]] = defaultdict(list)
        self.others: set[str] = set()

    def read(self, record: CheckInRecord, items: object) -> None:
        kept = []
        for item in items if isinstance(items, list) else []:
            scale = self.scales.get(item.get("id_scale")) if isinstance(item, dict) else None
            if scale is None or not scale.name:
                continue
            value, shown = _scale_value(scale, item)
            if value is None:
                continue
            if scale.name in SCALE_FIELDS:
                self.values[scale.name].append((record, value))
            else:
                self.others.add(scale.name)
                kept.append(f"{scale.name}: {shown}")
        if kept:
            record.note = clip(
                "\n\n".join(filter(None, [record.note, "Scales: " + "; ".join(kept)]))
            )

    def finish(self) -> None:
        by_name = {scale.name: scale for scale in self.scales.values()}
        for name, values in self.values.items():
            scale = by_name[name]
            if scale.low is not None and scale.high is not None:
                low, high, said = scale.low, scale.high, "runs"
            else:
                (low, high), said = assumed_range(v for _, v in values), "was read as running"
            put_scale(self.parsed, name, values, low, high)
            self.parsed.notices.append(
                f"The scale “{name}” {said} {low:g} to {high:g} in the backup"
                + (": taken as it is." if (low, high) == (1.0, 5.0) else ": stretched to 1 to 5.")
            )
        if self.others:
            self.parsed.notices.append(
                "Scales GutMind has no field for, kept in the notes: "
                f"{', '.join(sorted(self.others))}."
            )


def _scale(item: dict[str, Any]) -> _Scale:
    scale = _Scale(" ".join(str(item.get("name") or "").replace("_", " ").split()).casefold())
    numbers = item.get("number_scale")
    if isinstance(numbers, dict):
        low, high = numbers.get("min"), numbers.get("max")
        if _is_number(low) and _is_number(high) and high > low:
            scale.low, scale.high = float(low), float(high)
    words = item.get("text_scale")
    if isinstance(words, dict):
        ordered = _ordered(words.get("values"))
        for position, word in enumerate(ordered):
            scale.texts[word.get("id")] = (str(word.get("value") or ""), position)
        if len(ordered) > 1:  # words in order: the first is the low end
            scale.low, scale.high = 0.0, float(len(ordered) - 1)
    return scale


def _scale_value(scale: _Scale, item: dict[str, Any]) -> tuple[float | None, str]:
    if "id_text_scale_value" in item:
        word = scale.texts.get(item["id_text_scale_value"])
        return (float(word[1]), word[0]) if word else (None, "")
    # No public file shows a number scale's entry: "value" is assumed (the text scale's
    # id_text_scale_value is seen in one); another key leaves the value out, nothing breaks.
    value = item.get("value")
    return (float(value), f"{value:g}") if _is_number(value) else (None, "")


def _is_number(value: object) -> TypeGuard[int | float]:
    # JSON can spell Infinity and NaN: neither is a scale's value or end.
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _entry(
    parsed: ParsedFile,
    entry: object,
    moods: dict[object, tuple[str, int]],
    tags: dict[object, str],
) -> CheckInRecord:
    if not isinstance(entry, dict):
        raise ValueError("not an entry")
    day = date(int(entry["year"]), int(entry["month"]) + 1, int(entry["day"]))
    check_year(day)
    when = datetime(day.year, day.month, day.day, int(entry["hour"]), int(entry["minute"]))
    if entry.get("mood") not in moods:
        raise ValueError(f"its mood {entry.get('mood')!r} is not one of the backup's moods")
    label, mood = moods[entry["mood"]]
    tag_ids = entry.get("tags") or []
    if not isinstance(tag_ids, list):
        raise ValueError("its activities are not a list")
    names = [tags[tag_id] for tag_id in tag_ids if tag_id in tags]
    record = CheckInRecord(
        f"entry {parsed.rows_read}",
        when,
        mood=mood,
        label=label,
        note=_note(entry),
        local_date=day,
        activities=tuple(names),
    )
    parsed.checkins.append(record)
    parsed.add_day_tags(day, names)
    parsed.log_days.add(day)
    return record


_BREAKS = re.compile(r"<\s*(br\s*/?|/p|/div|/li)\s*>", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]*>")


def _note(entry: dict[str, Any]) -> str:
    parts = [str(entry.get("note_title") or "").strip(), str(entry.get("note") or "").strip()]
    text = "\n\n".join(part for part in parts if part)
    text = html.unescape(_TAGS.sub("", _BREAKS.sub("\n", text))).replace("\xa0", " ")
    return clip(re.sub(r"\n{3,}", "\n\n", text))
