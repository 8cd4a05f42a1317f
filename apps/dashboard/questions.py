"""A question's answer from the person's data: the database reads for its one habit and
outcome, then the pure sequential test, which refits every day since the question was
asked. Answers are cached under what they depend on: the question's own fields, the day it
is answered for, and the person's data version (apps/dashboard/versions.py), so a new log,
check-in or score, a closed question or a new day gives a new key, and a repeat visit reads
the cache instead of refitting."""

from collections.abc import Sequence
from datetime import date, timedelta

from django.core.cache import cache

from apps.dashboard import queries, sequential, stats, versions
from apps.dashboard.models import Question
from apps.lifestyle.habits import HABITS_BY_FIELD, Habit


def habit_of(question: Question) -> Habit:
    if question.tag_id is not None:
        return Habit.for_tag(question.tag_id, question.tag.name)
    return HABITS_BY_FIELD[question.habit]


def outcome_of(question: Question) -> stats.OutcomeKind:
    return stats.OUTCOMES_BY_KEY[question.outcome]


def wording(question: Question) -> str:
    """ "Does fermented food go with better gut comfort the next day?\""""
    habit = habit_of(question)
    label = habit.label if habit.tag_id is not None else habit.label.lower()
    direction = question.get_direction_display()
    return (
        f"Does {label} go with {direction} {outcome_of(question).label} "
        f"{question.get_lag_display()}?"
    )


def last_day(question: Question, today: date) -> date:
    """The day the answer is taken up to: today, the planned end, or when it was closed."""
    end = min(today, question.asked_on + timedelta(days=question.planned_days))
    if question.closed_at is not None:
        end = min(end, question.closed_at.astimezone(question.person.tzinfo).date())
    return end


ANSWER_CACHE_SECONDS = 24 * 60 * 60


def answer_key(question: Question, today: date, version: int) -> str:
    closed = question.closed_at.isoformat() if question.closed_at else ""
    parts = (
        question.pk,
        question.habit,
        question.tag_id,
        question.outcome,
        question.direction,
        question.lag,
        question.asked_on.isoformat(),
        question.planned_days,
        closed,
        today.isoformat(),
        version,
    )
    return "dashboard:answer:v1:" + ":".join(map(str, parts))


def answers_for(questions: Sequence[Question], today: date) -> list[sequential.Answer]:
    """The answers of one person's questions, in order: one data-version read and one cache
    round trip for them all, and a fit only for those not cached."""
    if not questions:
        return []
    version = versions.current(questions[0].person)
    keys = [answer_key(question, today, version) for question in questions]
    found = cache.get_many(keys)  # gutmind.cache: {} when the cache is down
    missing = {
        key: compute_answer(question, today)
        for key, question in zip(keys, questions, strict=True)
        if key not in found
    }
    if missing:
        cache.set_many(missing, ANSWER_CACHE_SECONDS)
    return [found.get(key) or missing[key] for key in keys]


def answer_for(question: Question, today: date) -> sequential.Answer:
    return answers_for([question], today)[0]


def compute_answer(question: Question, today: date) -> sequential.Answer:
    end = last_day(question, today)
    start = question.asked_on
    habit = habit_of(question)
    every = queries.all_habit_series(question.person, start, end)
    series = next((s for s in every if s.key == habit.field), stats.HabitSeries(habit, {}))
    outcomes = queries.daily_outcomes(question.person, start, end, every)
    outcome = next(o for o in outcomes if o.key == question.outcome)
    return sequential.answer(
        series,
        outcome,
        question.lag,
        question.asked_on,
        question.planned_days,
        end,
        question.direction,
    )
