"""The plan: what an import would create and what is already there (the preview)."""

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Case, F, When

from apps.accounts.models import User
from apps.lifestyle.models import DailyLog, Tag, TagGroup
from apps.mood.models import MoodCheckIn
from apps.yourdata import sections
from apps.yourdata.importing.daylio import DEFAULT_MOODS
from apps.yourdata.importing.records import CheckInRecord, ParsedFile, normal_label
from apps.yourdata.models import ImportedCheckIn, MoodLabel

# Formats whose mood labels are names a person chose (the others carry a number).
LABELLED_FORMATS = {"daylio"}


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
        mapping[normal_label(label)] = mood
    return mapping


def remembered_labels(person: User) -> dict[str, int]:
    return dict(MoodLabel.objects.filter(person=person).values_list("label", "mood"))


def remember_labels(person: User, mapping: dict[str, int]) -> None:
    for label, mood in mapping.items():
        MoodLabel.objects.update_or_create(person=person, label=label, defaults={"mood": mood})


def unmapped_labels(parsed: ParsedFile, mood_map: dict[str, int]) -> list[str]:
    known = DEFAULT_MOODS | mood_map
    return sorted(label for label in parsed.labels if label not in known)


def checkin_key(record: CheckInRecord, mood: int) -> str:
    """What makes an entry itself: the moment (wall time as the file wrote it, or UTC), the
    label as written, the mood, the activities and the note."""
    moment = record.when
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    parts = [
        moment.replace(second=0, microsecond=0).isoformat(),
        record.label,
        str(mood),
        "|".join(sorted(name.lower() for name in record.activities)),
        record.note,
        "|".join(record.emotions),
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


@dataclass
class ImportPlan:
    person: User
    parsed: ParsedFile
    checkins: list[MoodCheckIn] = field(default_factory=list)
    checkin_keys: list[str] = field(default_factory=list)  # one per planned check-in
    duplicate_checkins: int = 0
    new_tags: dict[str, bool] = field(default_factory=dict)
    new_groups: list[str] = field(default_factory=list)  # in the file's order
    # lower-case tag name -> group name, for new tags and the person's tags without a group
    tag_groups: dict[str, str] = field(default_factory=dict)
    new_logs: dict[date, dict[str, Any]] = field(default_factory=dict)
    duplicate_days: int = 0
    day_tags: dict[date, set[str]] = field(default_factory=dict)  # lower-case names
    unmapped: list[str] = field(default_factory=list)
    mood_map: dict[str, int] = field(default_factory=dict)  # what the person said, to keep

    @property
    def days(self) -> set[date]:
        found = {checkin.local_date for checkin in self.checkins}
        found.update(self.parsed.day_tags, self.parsed.logs, self.parsed.log_days)
        found.update(record.local_date for record in self.parsed.checkins if record.local_date)
        return found

    @property
    def ready(self) -> bool:
        return not self.unmapped

    @property
    def work_size(self) -> int:
        return len(self.checkins) + len(self.new_logs) + len(self.day_tags)

    def report(self) -> dict[str, Any]:
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
            "groups_to_create": list(self.new_groups),
            "tags_grouped": len(self.tag_groups),
            "unreadable": [(p.where, p.message) for p in self.parsed.unreadable],
            "unreadable_count": self.parsed.unreadable_count,
            "skipped": [(p.where, p.message) for p in self.parsed.skipped],
            "notices": list(self.parsed.notices),
            "unmapped_labels": list(self.unmapped),
            "reminders": len(self.parsed.reminders),
            "sections": {
                sections.label(section): len(items)
                for key, items in self.parsed.sections.items()
                if (section := sections.get(key)) is not None
            },
            "nothing_read": not self.parsed.read_anything,
        }


def build_plan(
    person: User, parsed: ParsedFile, mood_map: dict[str, int] | None = None
) -> ImportPlan:
    """`mood_map` is what the person says now; labels they mapped before are remembered."""
    mood_map = dict(mood_map or {})
    labels = remembered_labels(person) | mood_map if parsed.labels else mood_map
    plan = ImportPlan(person, parsed, unmapped=unmapped_labels(parsed, labels), mood_map=mood_map)
    _plan_checkins(plan, DEFAULT_MOODS | labels)
    _plan_tags(plan)
    _plan_groups(plan)
    _plan_logs(plan)
    return plan


def _aware(record: CheckInRecord, tz: ZoneInfo) -> datetime:
    if record.when.tzinfo is not None:
        return record.when
    return record.when.replace(tzinfo=tz)


def _moment(at: datetime, mood: int, note: str) -> tuple[datetime, int, str]:
    return at.astimezone(UTC).replace(microsecond=0), mood, note


def _existing(
    person: User, records: list[CheckInRecord]
) -> tuple[set[str], Counter[tuple[datetime, int, str]]]:
    """The keys of check-ins earlier imports made, and the (moment, mood, note) of the others
    (entered by hand, or imported before keys were kept), counted."""
    keys = set(ImportedCheckIn.objects.filter(person=person).values_list("key", flat=True))
    dates = [record.local_date for record in records if record.local_date]
    if not dates:
        return keys, Counter()
    # A day either side: an earlier import may have used another time zone. Clamped, as a
    # made-up file can name the calendar's first or last day.
    start = max(min(dates), date.min + timedelta(days=1)) - timedelta(days=1)
    end = min(max(dates), date.max - timedelta(days=1)) + timedelta(days=1)
    keyed = ImportedCheckIn.objects.filter(person=person).values("checkin_id")
    # A moment stored BC (PostgreSQL can, Python cannot read it) is compared as null.
    at = Case(When(at__gte=datetime(1, 1, 2, tzinfo=UTC), then=F("at")), default=None)
    rows = (
        MoodCheckIn.objects.for_user(person)
        .filter(local_date__range=(start, end))
        .exclude(id__in=keyed)
        .annotate(safe_at=at)
        .values_list("safe_at", "mood", "note")
    )
    return keys, Counter(_moment(at, mood, note) for at, mood, note in rows if at is not None)


def _plan_checkins(plan: ImportPlan, labels: dict[str, int]) -> None:
    tz = plan.person.tzinfo
    keys, unkeyed = _existing(plan.person, plan.parsed.checkins)
    for record in plan.parsed.checkins:
        mood = record.mood if record.mood is not None else labels.get(record.label_key)
        if mood is None:
            continue  # an unmapped label: the preview asks for it before anything is written
        at = _aware(record, tz)
        key = checkin_key(record, mood)
        moment = _moment(at, mood, record.note)
        if key in keys:
            plan.duplicate_checkins += 1
            continue
        keys.add(key)
        if unkeyed[moment] > 0:
            unkeyed[moment] -= 1
            plan.duplicate_checkins += 1
            continue
        plan.checkin_keys.append(key)
        plan.checkins.append(
            MoodCheckIn(
                person=plan.person,
                at=at,
                local_date=record.local_date or at.astimezone(tz).date(),
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


def _plan_groups(plan: ImportPlan) -> None:
    """Groups the person lacks are created; a tag gets its group from the file when it is new
    or has none yet: a group the person chose for a tag is not overwritten."""
    parsed = plan.parsed
    if not parsed.groups and not parsed.tag_groups:
        return
    own_groups = TagGroup.objects.for_user(plan.person).values_list("name", flat=True)
    existing = {name.lower() for name in own_groups}
    for name in [*parsed.groups, *parsed.tag_groups.values()]:
        if name.lower() not in existing:
            existing.add(name.lower())
            plan.new_groups.append(name)
    own = dict(Tag.objects.for_user(plan.person).values_list("name", "group_id"))
    ungrouped = {name.lower() for name, group in own.items() if group is None}
    ungrouped.update(name.lower() for name in plan.new_tags)
    for tag, group in parsed.tag_groups.items():
        if tag.lower() in ungrouped:
            plan.tag_groups[tag.lower()] = group


def _plan_logs(plan: ImportPlan) -> None:
    days = set(plan.parsed.logs) | set(plan.day_tags) | plan.parsed.log_days
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
