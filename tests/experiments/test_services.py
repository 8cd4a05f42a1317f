"""The schedule on the calendar, adherence, the next-day outcome and the short-plan verdict."""

from datetime import timedelta

import pytest

from apps.experiments.describe import verdict
from apps.experiments.models import Pause
from apps.experiments.schedule import placed_days, planned_end
from apps.experiments.services import (
    ExperimentError,
    analyse,
    day_records,
    pause,
    plan_experiment,
    resume,
    status,
)
from apps.lifestyle.services import save_day
from tests.factories import checkin_at_local_noon, fermented_food_plan

pytestmark = pytest.mark.django_db

FIELDS = fermented_food_plan(length_days=14)


def _plan(person, start, **fields):
    values = {**FIELDS, "start_date": start, **fields}
    return plan_experiment(person, values, min(start, person.local_today()), seed=5)


def test_a_pause_moves_every_remaining_day_on_by_its_length(person):
    today = person.local_today()
    experiment = _plan(person, today - timedelta(days=4))
    before = [d.date for d in placed_days(experiment)]
    Pause.objects.create(
        experiment=experiment, start=today, end=today + timedelta(days=2), reason="illness"
    )
    after = [d.date for d in placed_days(experiment)]
    assert after[:4] == before[:4]
    assert after[4:] == [day + timedelta(days=3) for day in before[4:]]
    assert planned_end(experiment) == before[-1] + timedelta(days=3)


def test_an_open_pause_holds_the_rest_until_resumed(person, time_machine):
    time_machine.move_to("2026-06-10 12:00Z", tick=False)
    today = person.local_today()
    experiment = _plan(person, today - timedelta(days=2))
    pause(experiment, "travel", today)
    assert len(placed_days(experiment)) == 2 and planned_end(experiment) is None
    assert status(experiment, today + timedelta(days=5)) == "paused"
    with pytest.raises(ExperimentError, match="Only a running experiment"):
        pause(experiment, "travel", today)
    time_machine.shift(timedelta(days=4))
    resume(experiment, today + timedelta(days=4))
    assert placed_days(experiment)[2].date == today + timedelta(days=4)


def test_adherence_compares_what_was_logged_with_the_instruction(person):
    today = person.local_today()
    experiment = _plan(person, today - timedelta(days=6))
    days = placed_days(experiment)
    save_day(person, days[0].date, {"fermented_servings": 2 if days[0].on else 0})  # followed
    save_day(person, days[1].date, {"fermented_servings": 0 if days[1].on else 3})  # not
    save_day(person, days[2].date, {"water_ml": 1500})  # a log without the habit: missing
    records = day_records(experiment, today)
    assert [r.adherence for r in records[:4]] == [
        "followed",
        "not followed",
        "missing",
        "missing",
    ]
    counts = analyse(experiment, today).adherence
    assert (counts.followed, counts.not_followed, counts.missing) == (1, 1, 4)
    assert counts.to_come == 12 - 6


def test_a_next_day_outcome_is_read_from_the_day_after(person):
    today = person.local_today()
    experiment = _plan(person, today - timedelta(days=5), lag_days=1)
    first = placed_days(experiment)[0].date
    checkin_at_local_noon(person, first, mood=1)
    checkin_at_local_noon(person, first + timedelta(days=1), mood=5)
    checkin_at_local_noon(person, first + timedelta(days=1), mood=4)
    record = day_records(experiment, today)[0]
    assert record.outcome_date == first + timedelta(days=1)
    assert record.outcome == 4.5


def test_a_plan_too_short_for_a_clear_answer_says_so(person):
    today = person.local_today()
    experiment = _plan(person, today - timedelta(days=20))
    for scheduled in placed_days(experiment):
        checkin_at_local_noon(person, scheduled.date, mood=5 if scheduled.on else 1)
    analysis = analyse(experiment, today)
    assert analysis.status == "finished"
    assert analysis.intention_to_treat.effect == 4
    result = verdict(experiment, analysis.intention_to_treat, analysis.status)
    assert result.kind == "cannot"
    assert "too few periods" in result.headline


def test_other_outcomes_come_from_the_log_or_the_check_ins(person):
    today = person.local_today()
    experiment = _plan(person, today - timedelta(days=3), outcome="gut_comfort")
    first = placed_days(experiment)[0].date
    save_day(person, first, {"gut_comfort": 2, "fermented_servings": 1})
    assert day_records(experiment, today)[0].outcome == 2.0
    anxious = _plan(
        person.__class__.objects.create(email="second@example.org"),
        today - timedelta(days=3),
        outcome="anxiety",
    )
    checkin_at_local_noon(anxious.person, first, mood=3, anxiety=4)
    checkin_at_local_noon(anxious.person, first, mood=3)  # no anxiety given: not counted
    assert day_records(anxious, today)[0].outcome == 4.0
