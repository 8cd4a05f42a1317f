"""Writing a plan: everything in one transaction, or nothing."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import FieldDoesNotExist
from django.db import connection, transaction
from django.db.models import Field, Model
from django.utils import timezone

from apps.dashboard import versions
from apps.lifestyle.models import DailyLog, Tag, TagGroup
from apps.mood.models import MoodCheckIn
from apps.reminders import services as reminder_services
from apps.yourdata import sections
from apps.yourdata.importing.gutmind import reminder_values
from apps.yourdata.importing.plan import ImportPlan, remember_labels
from apps.yourdata.importing.records import ImportFileError
from apps.yourdata.models import ImportedCheckIn

BATCH_SIZE = 500
UNNEST_BATCH = 10_000  # rows a statement on PostgreSQL: arrays, not one parameter a value
Progress = Callable[[int, int], None]


@dataclass
class ImportResult:
    checkins: int = 0
    logs: int = 0
    tags: int = 0
    groups: int = 0
    tags_grouped: int = 0
    tag_links: int = 0
    reminders: int = 0
    sections: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {**self.__dict__, "sections": dict(self.sections)}


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
        _group_tags(plan, tag_ids, result)
        log_ids = _create_logs(plan, result)
        report(len(plan.new_logs), total)
        _link_tags(plan, tag_ids, log_ids, result)
        done = len(plan.new_logs) + len(plan.day_tags)
        for start in range(0, len(plan.checkins), BATCH_SIZE):
            batch = plan.checkins[start : start + BATCH_SIZE]
            MoodCheckIn.objects.bulk_create(batch)
            keys = plan.checkin_keys[start : start + BATCH_SIZE]
            _insert_rows(
                ImportedCheckIn,
                ("person_id", "checkin_id", "key"),
                [(plan.person.pk, c.pk, key) for c, key in zip(batch, keys, strict=True)],
            )
            result.checkins += len(batch)
            report(done + result.checkins, total)
        result.reminders = _import_reminders(plan)
        _restore_sections(plan, result)
        remember_labels(plan.person, plan.mood_map)
        versions.data_changed(plan.person)  # bulk writes send no signals: the insights' key
    return result


def _create_tags(plan: ImportPlan, result: ImportResult) -> dict[str, int]:
    new = [
        Tag(person=plan.person, name=name, archived=archived)
        for name, archived in plan.new_tags.items()
    ]
    Tag.objects.bulk_create(new, batch_size=BATCH_SIZE)
    result.tags = len(new)
    rows = Tag.objects.for_user(plan.person).values_list("name", "id")
    return {name.lower(): pk for name, pk in rows}


def _group_tags(plan: ImportPlan, tag_ids: dict[str, int], result: ImportResult) -> None:
    """The plan's new groups after the person's own (in the file's order), then each tag's
    group: one UPDATE per group, however many tags it holds."""
    if not plan.new_groups and not plan.tag_groups:
        return
    own = TagGroup.objects.for_user(plan.person)
    after = max(own.values_list("position", flat=True), default=-1) + 1
    new = [
        TagGroup(person=plan.person, name=name, position=min(after + n, 32_767))
        for n, name in enumerate(plan.new_groups)
    ]
    TagGroup.objects.bulk_create(new, batch_size=BATCH_SIZE)
    result.groups = len(new)
    group_ids = {name.lower(): pk for name, pk in own.values_list("name", "id")}
    members: dict[int, list[int]] = {}
    for tag, group in plan.tag_groups.items():
        members.setdefault(group_ids[group.lower()], []).append(tag_ids[tag])
    for group_id, ids in members.items():
        result.tags_grouped += (
            Tag.objects.for_user(plan.person).filter(pk__in=ids).update(group_id=group_id)
        )


def _create_logs(plan: ImportPlan, result: ImportResult) -> dict[date, int]:
    new = [
        DailyLog(person=plan.person, date=day, **fields)
        for day, fields in plan.new_logs.items()
        if fields
    ]
    DailyLog.objects.bulk_create(new, batch_size=BATCH_SIZE)
    bare = [day for day, fields in plan.new_logs.items() if not fields]
    _insert_bare_logs(plan, bare)
    result.logs = len(new) + len(bare)
    if not plan.day_tags:
        return {}
    days = plan.day_tags.keys()
    logs = DailyLog.objects.for_user(plan.person).filter(date__range=(min(days), max(days)))
    return dict(logs.values_list("date", "id"))


def _insert_bare_logs(plan: ImportPlan, days: list[date]) -> None:
    """Days with nothing but the fact they were recorded (a Daylio entry's day): plain rows of
    the columns that cannot be empty, each at its default. A model instance per day cost
    more than the database at ten years."""
    columns = [
        field
        for field in DailyLog._meta.concrete_fields
        if not field.primary_key and not field.null and field.name not in ("person", "date")
    ]
    now = timezone.now()
    defaults = [
        now
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        else field.get_default()
        for field in columns
    ]
    names = ("person_id", "date", *(field.attname for field in columns))
    _insert_rows(DailyLog, names, [(plan.person.pk, day, *defaults) for day in days])


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
                links.append(pair)
    _insert_rows(through, ("dailylog_id", "tag_id"), links)
    result.tag_links = len(links)


def _insert_rows(model: type[Model], columns: Sequence[str], rows: list[tuple]) -> None:
    """Plain INSERTs for rows of plain values: no model instances, which at ten years of
    entries cost more than the database does. Column names come from the model. On
    PostgreSQL one statement takes a batch as one array a column (unnest), which is several
    times faster than a statement a row."""
    if not rows:
        return
    fields = [_field(model, column) for column in columns]
    table = connection.ops.quote_name(model._meta.db_table)
    quoted = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    with connection.cursor() as cursor:
        # Names and types come from the model and are quoted; every value is a parameter.
        if connection.vendor == "postgresql":
            arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in fields)
            sql = f"INSERT INTO {table} ({quoted}) SELECT * FROM unnest({arrays})"  # noqa: S608
            for start in range(0, len(rows), UNNEST_BATCH):
                batch = rows[start : start + UNNEST_BATCH]
                cursor.execute(sql, [list(column) for column in zip(*batch, strict=True)])
            return
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({quoted}) VALUES ({marks})"  # noqa: S608
        cursor.executemany(sql, rows)


def _field(model: type[Model], column: str) -> Field:
    try:
        return model._meta.get_field(column)  # type: ignore[return-value]
    except FieldDoesNotExist:  # "person_id": the foreign key's attname
        return model._meta.get_field(column.removesuffix("_id"))  # type: ignore[return-value]


def _import_reminders(plan: ImportPlan) -> int:
    """Reminder settings from a GutMind export replace the person's current ones; the
    reminders app works out when the next one is due."""
    if not plan.parsed.reminders:
        return 0
    schedule = reminder_services.schedule_for(plan.person)
    for name, value in reminder_values(plan.parsed.reminders[0]).items():
        setattr(schedule, name, value)
    reminder_services.save_schedule(schedule)
    return 1


def _restore_sections(plan: ImportPlan, result: ImportResult) -> None:
    for key, items in plan.parsed.sections.items():
        section = sections.get(key)
        if section is None:
            continue
        try:
            result.sections[key] = section.restore(plan.person, items)
        except ValueError as error:  # rolls the whole import back
            raise ImportFileError(f"{sections.label(section).capitalize()}: {error}") from error
