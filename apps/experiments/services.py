"""Every change to an experiment, and what the other pages read about one: today's
instruction, each day's adherence and outcome, and the analysis."""

import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
from django.db import transaction
from django.db.models import Avg

from apps.accounts.models import User
from apps.experiments.analysis import (
    CarryOver,
    Design,
    Estimate,
    carry_over,
    carry_over_days,
    draw_orders,
    estimate,
)
from apps.experiments.models import Experiment, Pause
from apps.experiments.schedule import ScheduledDay, design_of, placed_days, schedule_conditions
from apps.experiments.vocabulary import OUTCOMES, TAG
from apps.lifestyle.models import DailyLog
from apps.mood.models import MoodCheckIn

PLAN_FIELDS = (
    "template",
    "habit",
    "tag",
    "habit_label",
    "direction",
    "threshold",
    "on_text",
    "off_text",
    "outcome",
    "lag_days",
    "length_days",
    "period_days",
    "washout_days",
    "start_date",
)


class ExperimentError(ValueError):
    """A change the experiment's state does not allow; the message is for the person."""


def new_seed() -> int:
    return secrets.randbits(48)


def _draw(experiment: Experiment, seed: int | None) -> None:
    experiment.seed = new_seed() if seed is None else seed
    experiment.orders = [bool(o) for o in draw_orders(design_of(experiment), experiment.seed)]


def current_experiment(person: User, today: date) -> Experiment | None:
    """The person's experiment that is planned, running or paused (at most one)."""
    experiments = (
        Experiment.objects.for_user(person)
        .not_stopped()
        .prefetch_related("pauses")
        .order_by("-start_date")
    )
    for experiment in experiments:
        if status(experiment, today) in ("planned", "running", "paused"):
            return experiment
    return None


def plan_experiment(
    person: User, fields: dict[str, Any], today: date, seed: int | None = None
) -> Experiment:
    """Create an experiment from cleaned plan fields and draw its schedule once."""
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=person.pk).first()  # one plan at a time
        other = current_experiment(person, today)
        if other is not None:
            raise ExperimentError(
                f"You already have an experiment under way ({other.title}). Stop it, or let "
                "it finish, before you start another: two at once would blur both answers."
            )
        experiment = Experiment(person=person, **{k: fields[k] for k in PLAN_FIELDS if k in fields})
        _draw(experiment, seed)
        experiment.full_clean()
        experiment.save()
    return experiment


def has_started(experiment: Experiment, today: date) -> bool:
    return experiment.start_date <= today


def update_plan(experiment: Experiment, fields: dict[str, Any], today: date) -> Experiment:
    """Change a plan that has not started yet; the schedule is drawn again."""
    if has_started(experiment, today):
        raise ExperimentError(
            f"This experiment started on {experiment.start_date:%-d %B}, so its plan can no "
            "longer change: changing the question after seeing some days would make the "
            "answer untrustworthy. Pause it, or stop it and plan a new one."
        )
    for key in PLAN_FIELDS:
        if key in fields:
            setattr(experiment, key, fields[key])
    _draw(experiment, None)
    experiment.full_clean()
    experiment.save()
    return experiment


def delete_planned(experiment: Experiment, today: date) -> None:
    if has_started(experiment, today):
        raise ExperimentError("An experiment that has started can be stopped, not deleted.")
    experiment.delete()


def open_pause(experiment: Experiment) -> Pause | None:
    return experiment.pauses.filter(end__isnull=True).first()


def pause(experiment: Experiment, reason: str, today: date) -> Pause:
    state = status(experiment, today)
    if state != "running":
        raise ExperimentError(f"Only a running experiment can be paused; this one is {state}.")
    return Pause.objects.create(experiment=experiment, start=today, reason=reason)


def resume(experiment: Experiment, today: date) -> None:
    """Today counts again: the pause covers the days up to yesterday (none if it began
    today, and then it leaves no trace)."""
    current = open_pause(experiment)
    if current is None:
        raise ExperimentError("This experiment is not paused.")
    if current.start >= today:
        current.delete()
        return
    current.end = today - timedelta(days=1)
    current.save(update_fields=["end"])


def stop(experiment: Experiment, reason: str, today: date) -> None:
    """Stop early: today and the days after are no longer part of it."""
    if status(experiment, today) not in ("running", "paused"):
        raise ExperimentError("Only an experiment under way can be stopped.")
    with transaction.atomic():
        current = open_pause(experiment)
        if current is not None:
            if current.start >= today:
                current.delete()
            else:
                current.end = today - timedelta(days=1)
                current.save(update_fields=["end"])
        experiment.stopped_on = today
        experiment.stop_reason = reason[:200]
        experiment.save(update_fields=["stopped_on", "stop_reason"])


def status(experiment: Experiment, today: date, days: list[ScheduledDay] | None = None) -> str:
    """planned, running, paused, finished (the last outcome day is over) or stopped."""
    if experiment.stopped_on is not None:
        return "stopped"
    if today < experiment.start_date:
        return "planned"
    if any(p.end is None for p in experiment.pauses.all()):
        return "paused"
    days = placed_days(experiment) if days is None else days
    complete = len(days) == design_of(experiment).days
    if complete and days[-1].date + timedelta(days=experiment.lag_days) < today:
        return "finished"
    return "running"


@dataclass(frozen=True)
class Instruction:
    experiment: Experiment
    day: date
    kind: str  # "on", "off", "paused" or "planned"
    text: str
    settling_in: bool = False


def instruction_for(experiment: Experiment, day: date, today: date) -> Instruction | None:
    state = status(experiment, today)
    if state == "planned":
        return Instruction(experiment, day, "planned", f"starts {experiment.start_date:%A %-d %B}")
    if state == "paused" and day >= today:
        return Instruction(experiment, day, "paused", "paused: nothing to do")
    for scheduled in placed_days(experiment):
        if scheduled.date == day:
            text = experiment.on_text if scheduled.on else experiment.off_text
            kind = "on" if scheduled.on else "off"
            return Instruction(experiment, day, kind, text, not scheduled.analysed)
    return None


def instruction_on(person: User, day: date) -> Instruction | None:
    """The instruction of the person's experiment under way for a local day, if any."""
    today = person.local_today()
    experiment = current_experiment(person, today)
    if experiment is None:
        return None
    return instruction_for(experiment, day, today)


def reminder_line(person: User, day: date) -> str | None:
    """For the daily reminder: the instruction only, never a score or a result."""
    instruction = instruction_on(person, day)
    if instruction is None or instruction.kind not in ("on", "off"):
        return None
    return instruction.text


@dataclass(frozen=True)
class DayRecord:
    scheduled: ScheduledDay
    done: bool | None  # what the log says: habit met, not met, or None without a log
    outcome: float | None
    outcome_date: date

    @property
    def adherence(self) -> str:
        if self.done is None:
            return "missing"
        return "followed" if self.done == self.scheduled.on else "not followed"


def habit_done(experiment: Experiment, log: DailyLog | None) -> bool | None:
    if log is None:
        return None
    if experiment.habit == TAG:
        return any(tag.pk == experiment.tag_id for tag in log.tags.all())
    value = getattr(log, experiment.habit)
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if experiment.threshold is None:
        raise TypeError(f"{experiment} tests an amount but has no threshold")
    threshold = Decimal(experiment.threshold)
    if experiment.direction == "at_most":
        return Decimal(value) <= threshold
    return Decimal(value) >= threshold


def outcome_values(person: User, outcome: str, start: date, end: date) -> dict[date, float]:
    info = OUTCOMES[outcome]
    if info.source == "checkin":
        means = (
            MoodCheckIn.objects.for_user(person)
            .between(start, end)
            .filter(**{f"{info.field}__isnull": False})
            .order_by()
            .values("local_date")
            .annotate(value=Avg(info.field))
        )
        return {row["local_date"]: float(row["value"]) for row in means}
    logged = (
        DailyLog.objects.for_user(person)
        .between(start, end)
        .filter(**{f"{info.field}__isnull": False})
        .values_list("date", info.field)
    )
    return {day: float(value) for day, value in logged}


def day_records(experiment: Experiment, today: date) -> list[DayRecord]:
    """Each placed day up to today, with what was logged for it."""
    days = [d for d in placed_days(experiment) if d.date <= today]
    if not days:
        return []
    lag = timedelta(days=experiment.lag_days)
    start, end = days[0].date, days[-1].date
    logs = {
        log.date: log
        for log in DailyLog.objects.for_user(experiment.person).between(start, end).with_tags()
    }
    outcomes = outcome_values(experiment.person, experiment.outcome, start + lag, end + lag)
    return [
        DayRecord(
            d, habit_done(experiment, logs.get(d.date)), outcomes.get(d.date + lag), d.date + lag
        )
        for d in days
    ]


@dataclass(frozen=True)
class Adherence:
    followed: int
    not_followed: int
    missing: int
    to_come: int  # days of the schedule not yet reached, or never (stopped early)

    @property
    def reached(self) -> int:
        return self.followed + self.not_followed + self.missing


def adherence(experiment: Experiment, records: list[DayRecord], today: date) -> Adherence:
    # Today is still open: it counts once it is over, or as soon as it is logged.
    past = [r for r in records if r.scheduled.date < today or r.done is not None]
    counts = {"followed": 0, "not followed": 0, "missing": 0}
    for record in past:
        counts[record.adherence] += 1
    return Adherence(
        counts["followed"],
        counts["not followed"],
        counts["missing"],
        design_of(experiment).days - len(past),
    )


@dataclass(frozen=True)
class Analysis:
    design: Design
    status: str
    records: list[DayRecord]
    adherence: Adherence
    intention_to_treat: Estimate
    per_protocol: Estimate
    carry_over: CarryOver | None
    outcome_days: int


def outcome_arrays(design: Design, records: list[DayRecord], only_followed: bool) -> np.ndarray:
    """The outcome for every schedule day of the design: NaN when missing, a settling-in
    day, not reached, or (per protocol) a day the instruction was not followed."""
    y = np.full(design.days, np.nan)
    for record in records:
        keep = record.outcome is not None and record.scheduled.analysed
        if only_followed:
            keep = keep and record.adherence == "followed"
        if keep:
            y[record.scheduled.index] = record.outcome
    return y


def analyse(experiment: Experiment, today: date) -> Analysis:
    design = design_of(experiment)
    records = day_records(experiment, today)
    # An outcome day still to come (today included) is not data yet.
    usable = [r for r in records if r.outcome_date < today or r.outcome is not None]
    on = schedule_conditions(experiment)
    span = OUTCOMES[experiment.outcome].span
    itt = estimate(outcome_arrays(design, usable, False), on, design, span)
    pp = estimate(outcome_arrays(design, usable, True), on, design, span)
    every_day = np.full(design.days, np.nan)
    for record in usable:
        if record.outcome is not None:
            every_day[record.scheduled.index] = record.outcome
    check = carry_over(every_day, on, carry_over_days(design.period_days))
    return Analysis(
        design,
        status(experiment, today),
        records,
        adherence(experiment, records, today),
        itt,
        pp,
        check,
        sum(1 for r in records if r.outcome is not None),
    )
