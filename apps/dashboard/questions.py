"""A question's answer from the person's data: the database reads for its one habit and
outcome, then the pure sequential test."""

from datetime import date, timedelta

from apps.dashboard import queries, sequential, stats
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


def answer_for(question: Question, today: date) -> sequential.Answer:
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
