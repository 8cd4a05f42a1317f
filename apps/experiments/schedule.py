"""Where each day of an experiment's drawn schedule falls on the calendar.

The schedule is a list of days (habit on or off, counted or a settling-in day), drawn once.
Pauses take calendar days out: the days still to come move on by as many days, so a week of
flu or travel costs no part of the schedule. Stopping early drops the days not yet reached."""

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from apps.experiments.analysis import Design, analysed_days, conditions
from apps.experiments.models import Experiment, Pause


def design_of(experiment: Experiment) -> Design:
    pairs = experiment.length_days // (2 * experiment.period_days)
    return Design(pairs, experiment.period_days, experiment.washout_days)


def schedule_conditions(experiment: Experiment) -> np.ndarray:
    return conditions(np.array(experiment.orders, dtype=bool), experiment.period_days)


@dataclass(frozen=True)
class ScheduledDay:
    index: int
    date: date
    on: bool
    analysed: bool  # False on a settling-in (washout) day


def _paused(day: date, pauses: list[Pause]) -> Pause | None:
    for pause in pauses:
        if pause.start <= day and (pause.end is None or day <= pause.end):
            return pause
    return None


def placed_days(experiment: Experiment, pauses: list[Pause] | None = None) -> list[ScheduledDay]:
    """The schedule's days that have a calendar date: all of them, unless an open pause
    holds the rest or the experiment was stopped before reaching them."""
    if pauses is None:
        pauses = list(experiment.pauses.all())
    on = schedule_conditions(experiment)
    counted = analysed_days(design_of(experiment))
    days: list[ScheduledDay] = []
    day = experiment.start_date
    for index in range(len(on)):
        while (pause := _paused(day, pauses)) is not None:
            if pause.end is None:
                return days
            day = pause.end + timedelta(days=1)
        if experiment.stopped_on is not None and day >= experiment.stopped_on:
            return days
        days.append(ScheduledDay(index, day, bool(on[index]), bool(counted[index])))
        day += timedelta(days=1)
    return days


def planned_end(experiment: Experiment, pauses: list[Pause] | None = None) -> date | None:
    """The last day of the schedule, or None while an open pause holds it."""
    days = placed_days(experiment, pauses)
    if len(days) < design_of(experiment).days:
        return None
    return days[-1].date
