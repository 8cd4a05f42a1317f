"""Check-up data in the JSON export, the CSV zip and the GutMind-format import (see
apps/yourdata/sections.py): questionnaire responses with any safety screen they opened,
the schedule, and the safety plan. Account deletion removes all of it by CASCADE."""

from collections.abc import Iterator
from datetime import UTC, date, datetime

from django.db import IntegrityError, transaction

from apps.checkups import scoring
from apps.checkups.instruments import INSTRUMENTS
from apps.checkups.models import (
    PLAN_STEPS,
    Response,
    SafetyEvent,
    SafetyPlan,
    SafetyReason,
    Schedule,
)

PLAN_FIELDS = tuple(field for field, _, _ in PLAN_STEPS)


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z") if value else None


def _when(value: object, what: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"A questionnaire's {what} “{value}” is not a date and time.") from None
    if parsed.tzinfo is None:
        raise ValueError(f"A questionnaire's {what} “{value}” has no time zone.")
    return parsed


class Responses:
    key = "checkup_responses"
    label = "questionnaire responses"
    columns = [
        "instrument",
        "started_at",
        "completed_at",
        "local_date",
        "raw_score",
        "answers",
        "safety_screen",
    ]

    def export(self, person) -> Iterator[dict]:
        rows = (
            Response.objects.for_user(person)
            .order_by("started_at")
            .prefetch_related("safety_events")
        )
        for row in rows:
            yield {
                "instrument": row.instrument,
                "started_at": _iso(row.started_at),
                "completed_at": _iso(row.completed_at),
                "local_date": row.local_date.isoformat() if row.local_date else None,
                "raw_score": row.raw_score,
                "answers": list(row.answers),
                "safety_screen": sorted(event.reason for event in row.safety_events.all()),
            }

    def restore(self, person, items: list[dict]) -> int:
        created = 0
        for item in items:
            created += self._restore_one(person, item)
        return created

    def _restore_one(self, person, item: dict) -> int:
        instrument = INSTRUMENTS.get(str(item.get("instrument")))
        if instrument is None:
            raise ValueError(f"“{item.get('instrument')}” is not a questionnaire GutMind knows.")
        try:
            answers = scoring.clean_answers(instrument, list(item.get("answers") or []))
        except scoring.OutOfRange as error:
            raise ValueError(f"A {instrument.name} response: {error}") from None
        started = _when(item.get("started_at"), "start time")
        raw = scoring.raw_score(instrument, answers)  # recomputed, never trusted
        completed = _when(item["completed_at"], "finish time") if item.get("completed_at") else None
        if (raw is None) != (completed is None):
            raise ValueError(f"A {instrument.name} response is marked finished but is partial.")
        existing = Response.objects.for_user(person).filter(instrument=instrument.code)
        if existing.filter(started_at=started).exists():
            return 0
        local = date.fromisoformat(item["local_date"]) if completed else None
        try:
            with transaction.atomic():
                row = Response.objects.create(
                    person=person,
                    instrument=instrument.code,
                    answers=answers,
                    completed_at=completed,
                    local_date=local,
                    raw_score=raw,
                )
        except IntegrityError:
            return 0  # a second draft of the same questionnaire: the one already here stays
        Response.objects.filter(pk=row.pk).update(started_at=started)
        for reason in scoring.safety_reasons(instrument, answers):
            if reason in SafetyReason.values:
                SafetyEvent.objects.get_or_create(person=person, response=row, reason=reason)
        return 1


class Schedules:
    key = "checkup_schedule"
    label = "questionnaire schedule settings"
    columns = ["instrument", "interval_days"]

    def export(self, person) -> Iterator[dict]:
        for instrument, days in (
            Schedule.objects.filter(person=person)
            .order_by("instrument")
            .values_list("instrument", "interval_days")
        ):
            yield {"instrument": instrument, "interval_days": days}

    def restore(self, person, items: list[dict]) -> int:
        created = 0
        for item in items:
            code, days = item.get("instrument"), item.get("interval_days")
            if code not in INSTRUMENTS or not isinstance(days, int) or not 0 <= days <= 365:
                raise ValueError("A questionnaire schedule entry is not one GutMind can use.")
            _, made = Schedule.objects.update_or_create(
                person=person, instrument=code, defaults={"interval_days": days}
            )
            created += made
        return created


class Plans:
    key = "safety_plan"
    label = "safety plan"
    columns = list(PLAN_FIELDS)

    def export(self, person) -> Iterator[dict]:
        plan = SafetyPlan.objects.filter(person=person).first()
        if plan is not None:
            yield {field: getattr(plan, field) for field in PLAN_FIELDS}

    def restore(self, person, items: list[dict]) -> int:
        if not items:
            return 0
        if SafetyPlan.objects.filter(person=person).exists():
            return 0  # the plan written here wins over an older copy
        steps = {field: str(items[0].get(field) or "")[:4000] for field in PLAN_FIELDS}
        SafetyPlan.objects.create(person=person, **steps)
        return 1


EXPORT_SECTIONS = [Responses(), Schedules(), Plans()]
