"""Experiments in the JSON export and back through the GutMind import (see
apps/yourdata/sections.py, which discovers EXPORT_SECTIONS here; this module does not import
yourdata, which sits above experiments)."""

from collections.abc import Iterator
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from apps.accounts.models import User
from apps.experiments.models import Experiment, Pause
from apps.experiments.schedule import design_of
from apps.experiments.services import PLAN_FIELDS
from apps.experiments.vocabulary import TAG, TESTABLE_BY_FIELD
from apps.lifestyle.models import Tag

# Written as text of their own in a record (the tag by name, the amount as a string, dates
# in ISO form); every other plan field is copied as it is.
CONVERTED = ("tag", "threshold", "start_date")
# The plan as the person made it, then what was drawn for it and why it stopped.
FIELDS = (
    *(name for name in PLAN_FIELDS if name not in CONVERTED),
    "seed",
    "orders",
    "stop_reason",
)


def _record(experiment: Experiment) -> dict[str, Any]:
    record = {name: getattr(experiment, name) for name in FIELDS}
    record.update(
        tag=experiment.tag.name if experiment.tag else None,
        threshold=None if experiment.threshold is None else str(experiment.threshold),
        start_date=experiment.start_date.isoformat(),
        stopped_on=experiment.stopped_on.isoformat() if experiment.stopped_on else None,
        created_at=experiment.created_at.isoformat(),
        pauses=[
            {
                "start": p.start.isoformat(),
                "end": p.end.isoformat() if p.end else None,
                "reason": p.reason,
            }
            for p in experiment.pauses.all()
        ],
    )
    return record


def _date(value: object, what: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{what} “{value}” is not a date such as 2026-03-14.") from None


def _experiment(person: User, item: dict[str, Any], where: str) -> Experiment:
    values = {name: item.get(name) for name in FIELDS}
    habit = values["habit"]
    if habit != TAG and habit not in TESTABLE_BY_FIELD:
        raise ValueError(f"{where}: there is no habit “{habit}” to test.")
    tag = None
    if habit == TAG:
        tag = Tag.objects.for_user(person).filter(name__iexact=str(item.get("tag"))).first()
        if tag is None:
            raise ValueError(f"{where}: its tag “{item.get('tag')}” is not in the file.")
    try:
        threshold = None if item.get("threshold") is None else Decimal(str(item["threshold"]))
    except InvalidOperation:
        raise ValueError(f"{where}: the amount “{item['threshold']}” is not a number.") from None
    experiment = Experiment(
        person=person,
        tag=tag,
        threshold=threshold,
        # A missing first day is None here, which full_clean below refuses with its message.
        start_date=_date(item.get("start_date"), f"{where}: the first day"),  # type: ignore[misc]
        stopped_on=_date(item.get("stopped_on"), f"{where}: the day it stopped"),
        **{
            k: ("" if v is None and k in ("template", "stop_reason") else v)
            for k, v in values.items()
        },
    )
    try:
        experiment.full_clean(exclude=["person"])
    except ValidationError as error:
        raise ValueError(f"{where}: {' '.join(error.messages)}") from None
    orders = experiment.orders
    if (
        not isinstance(orders, list)
        or len(orders) != design_of(experiment).pairs
        or not all(isinstance(o, bool) for o in orders)
    ):
        raise ValueError(f"{where}: its schedule does not match its length and periods.")
    return experiment


def _pauses(experiment: Experiment, items: object, where: str) -> list[Pause]:
    if not isinstance(items, list):
        raise ValueError(f"{where}: pauses must be a list.")
    pauses = []
    for item in items:
        if not isinstance(item, dict):
            raise ValueError(f"{where}: each pause needs a start.")
        pause = Pause(
            experiment=experiment,
            # None when missing: full_clean below refuses it with its message.
            start=_date(item.get("start"), f"{where}: a pause's start"),  # type: ignore[misc]
            end=_date(item.get("end"), f"{where}: a pause's end"),
            reason=item.get("reason") or "other",
        )
        try:
            pause.full_clean(exclude=["experiment"])
        except ValidationError as error:
            raise ValueError(f"{where}: {' '.join(error.messages)}") from None
        if pause.end is not None and pause.end < pause.start:
            raise ValueError(f"{where}: a pause ends before it starts.")
        pauses.append(pause)
    return pauses


class ExperimentsSection:
    key = "experiments"
    label = "experiments"
    columns = [
        "habit_label",
        "outcome",
        "start_date",
        "length_days",
        "period_days",
        "washout_days",
        "seed",
        "stopped_on",
    ]

    def export(self, person: User) -> Iterator[dict[str, Any]]:
        experiments = (
            Experiment.objects.for_user(person)
            .select_related("tag")
            .prefetch_related("pauses")
            .order_by("start_date", "pk")
        )
        for experiment in experiments:
            yield _record(experiment)

    def restore(self, person: User, items: list[dict[str, Any]]) -> int:
        """Idempotent: an experiment with the same first day and seed is already there."""
        created = 0
        existing = set(Experiment.objects.for_user(person).values_list("start_date", "seed"))
        with transaction.atomic():
            for number, item in enumerate(items, start=1):
                where = f"experiment {number}"
                if not isinstance(item, dict):
                    raise ValueError(f"{where} is not a record.")
                experiment = _experiment(person, item, where)
                if (experiment.start_date, experiment.seed) in existing:
                    continue
                pauses = _pauses(experiment, item.get("pauses", []), where)
                experiment.save()
                for pause in pauses:
                    pause.experiment = experiment
                Pause.objects.bulk_create(pauses)
                existing.add((experiment.start_date, experiment.seed))
                created += 1
        return created


EXPORT_SECTIONS = [ExperimentsSection()]
