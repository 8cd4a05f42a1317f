import datetime as dt

import pytest

from apps.lifestyle.progress import (
    furthest_guideline,
    logging_streak,
    week_against_guidelines,
    week_start,
)
from tests.factories import DailyLogFactory, checkin_at_local_noon

# A Thursday: the local week so far is Monday 2 to Thursday 5 March 2026.
THURSDAY = dt.date(2026, 3, 5)
MONDAY = dt.date(2026, 3, 2)


def by_field(results):
    return {result.field: result for result in results}


def log(person, day, **fields):
    defaults = dict(
        fruit_veg_servings=None,
        water_ml=None,
        sleep_hours=None,
        exercise_minutes=None,
    )
    return DailyLogFactory(person=person, date=day, **(defaults | fields))


def test_the_week_starts_on_monday():
    assert week_start(THURSDAY) == MONDAY
    assert week_start(MONDAY) == MONDAY


@pytest.mark.django_db
def test_a_week_with_nothing_logged_meets_nothing_and_is_furthest_everywhere(person):
    results = week_against_guidelines(person, THURSDAY)
    assert [r.field for r in results] == [
        "fruit_veg_servings",
        "water_ml",
        "exercise_minutes",
        "sleep_hours",
        "fermented_servings",
        "mindfulness_minutes",
    ]
    assert all(not r.met and r.distance == 1.0 and r.achieved is None for r in results)
    assert all(r.label and r.target for r in results)


@pytest.mark.django_db
def test_daily_guidelines_use_the_average_of_the_logged_days(person):
    log(person, MONDAY, fruit_veg_servings=8, water_ml=2500, fermented_servings=1)
    log(person, THURSDAY, fruit_veg_servings=4, water_ml=1500, fermented_servings=0)
    results = by_field(week_against_guidelines(person, THURSDAY))
    assert results["fruit_veg_servings"].achieved == 6
    assert not results["fruit_veg_servings"].met
    assert results["fruit_veg_servings"].distance == pytest.approx(1 - 6 / 7, abs=0.001)
    assert results["water_ml"].achieved == 2000
    assert results["water_ml"].met
    assert results["water_ml"].distance == 0
    assert results["fermented_servings"].achieved == 0.5
    assert "6 servings a day on average" in results["fruit_veg_servings"].achieved_text


@pytest.mark.django_db
def test_last_weeks_logs_and_other_peoples_logs_do_not_count(person, other_person):
    log(person, MONDAY - dt.timedelta(days=1), fruit_veg_servings=20)
    log(other_person, THURSDAY, fruit_veg_servings=20)
    results = by_field(week_against_guidelines(person, THURSDAY))
    assert results["fruit_veg_servings"].achieved is None


@pytest.mark.django_db
def test_exercise_needs_150_minutes_and_five_days(person):
    for offset in range(3):
        log(person, MONDAY + dt.timedelta(days=offset), exercise_minutes=60)
    result = by_field(week_against_guidelines(person, THURSDAY))["exercise_minutes"]
    assert result.achieved == 180
    assert not result.met, "180 minutes over 3 days is not 5 days"
    assert result.distance == pytest.approx(0.4)
    assert result.achieved_text == "180 minutes over 3 days"


@pytest.mark.django_db
def test_exercise_over_five_days_meets_the_guideline(person):
    sunday = MONDAY + dt.timedelta(days=6)
    for offset in range(5):
        log(person, MONDAY + dt.timedelta(days=offset), exercise_minutes=30)
    result = by_field(week_against_guidelines(person, sunday))["exercise_minutes"]
    assert result.met
    assert result.distance == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("hours", "met"), [("6.0", False), ("7.0", True), ("8.5", True), ("9.0", True), ("10.0", False)]
)
def test_sleep_must_fall_between_seven_and_nine_hours(person, hours, met):
    log(person, MONDAY, sleep_hours=hours)
    result = by_field(week_against_guidelines(person, THURSDAY))["sleep_hours"]
    assert result.met is met
    assert (result.distance == 0) is met


@pytest.mark.django_db
def test_the_furthest_guideline_is_the_one_with_the_largest_distance(person):
    log(
        person,
        MONDAY,
        fruit_veg_servings=6,
        water_ml=100,
        sleep_hours="8",
        exercise_minutes=200,
        fermented_servings=1,
        mindfulness_minutes=10,
    )
    results = week_against_guidelines(person, THURSDAY)
    assert furthest_guideline(results).field == "water_ml"


def test_no_furthest_guideline_when_all_are_met():
    assert furthest_guideline([]) is None


@pytest.mark.django_db
def test_no_advice_about_a_week_with_nothing_logged(person):
    assert furthest_guideline(week_against_guidelines(person, THURSDAY)) is None


@pytest.mark.django_db
def test_a_habit_not_logged_this_week_is_not_called_the_furthest(person):
    log(person, MONDAY, fruit_veg_servings=5)  # water, sleep and the rest not logged
    assert furthest_guideline(week_against_guidelines(person, THURSDAY)).field == (
        "fruit_veg_servings"
    )


@pytest.mark.django_db
def test_the_week_is_one_query(person, django_assert_num_queries):
    log(person, MONDAY, fruit_veg_servings=6)
    with django_assert_num_queries(1):
        week_against_guidelines(person, THURSDAY)


@pytest.mark.django_db
def test_no_logs_means_no_streak(person):
    assert logging_streak(person, THURSDAY) == 0


@pytest.mark.django_db
def test_a_streak_counts_logs_and_check_ins_on_consecutive_days(person):
    log(person, THURSDAY)
    checkin_at_local_noon(person, THURSDAY - dt.timedelta(days=1))
    log(person, THURSDAY - dt.timedelta(days=2))
    checkin_at_local_noon(person, THURSDAY - dt.timedelta(days=2))
    # A gap on day 3 ends the streak; day 4 does not count.
    log(person, THURSDAY - dt.timedelta(days=4))
    assert logging_streak(person, THURSDAY) == 3


@pytest.mark.django_db
def test_a_streak_ending_yesterday_still_counts(person):
    for offset in range(1, 6):
        log(person, THURSDAY - dt.timedelta(days=offset))
    assert logging_streak(person, THURSDAY) == 5


@pytest.mark.django_db
def test_a_streak_that_ended_two_days_ago_is_over(person):
    log(person, THURSDAY - dt.timedelta(days=2))
    assert logging_streak(person, THURSDAY) == 0


@pytest.mark.django_db
def test_another_persons_days_do_not_extend_the_streak(person, other_person):
    log(person, THURSDAY)
    log(other_person, THURSDAY - dt.timedelta(days=1))
    assert logging_streak(person, THURSDAY) == 1


@pytest.mark.django_db
def test_the_streak_is_one_query_however_long(person, django_assert_num_queries):
    for offset in range(40):
        log(person, THURSDAY - dt.timedelta(days=offset))
    with django_assert_num_queries(1):
        assert logging_streak(person, THURSDAY) == 40


@pytest.mark.django_db
def test_one_serving_is_singular(person):
    log(person, MONDAY, fermented_servings=1)
    result = by_field(week_against_guidelines(person, THURSDAY))["fermented_servings"]
    assert result.target == "at least 1 serving a day"
    assert result.achieved_text == "1 serving a day on average"
