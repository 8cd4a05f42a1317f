"""stats.py on its own: plain numbers in, no database."""

import datetime as dt
import random

import numpy as np
import pytest

from apps.dashboard import stats
from apps.dashboard.stats import HabitSeries, find_insights
from apps.lifestyle.habits import HABITS, HABITS_BY_FIELD, Habit, Kind

START = dt.date(2026, 1, 1)


def days(n: int) -> list[dt.date]:
    return [START + dt.timedelta(days=i) for i in range(n)]


# --- Building blocks ----------------------------------------------------------------------


def test_rolling_mean_averages_the_known_days_of_the_last_week():
    values = [1, 2, 3, None, 5, 6, 7, 8]
    rolled = stats.rolling_mean(values, window=7)
    assert rolled[0] == 1
    assert rolled[2] == 2
    assert rolled[3] == 2, "a day without a mood keeps the average of the known days"
    assert rolled[7] == pytest.approx((2 + 3 + 5 + 6 + 7 + 8) / 6, abs=0.001)


def test_rolling_mean_is_none_when_the_whole_window_is_empty():
    assert stats.rolling_mean([None, None]) == [None, None]


def test_fit_line_finds_slope_and_intercept():
    slope, intercept = stats.fit_line([0, 1, 2, 3], [1, 3, 5, 7])
    assert slope == pytest.approx(2)
    assert intercept == pytest.approx(1)


def test_fit_line_refuses_a_habit_that_never_varies():
    assert stats.fit_line([2, 2, 2], [1, 4, 5]) is None
    assert stats.fit_line([1], [3]) is None


def test_ranks_share_the_average_rank_on_ties():
    assert list(stats.rank(np.array([10.0, 20.0, 20.0, 5.0]))) == [2, 3.5, 3.5, 1]


def test_spearman_is_one_for_any_increasing_relationship():
    assert stats.spearman([1, 2, 3, 4, 5], [1, 4, 9, 16, 25]) == pytest.approx(1)
    assert stats.spearman([1, 2, 3, 4, 5], [5, 4, 3, 2, 1]) == pytest.approx(-1)


def test_benjamini_hochberg_rejects_up_to_the_largest_passing_rank():
    # Thresholds for m=5 at q=0.05: 0.01, 0.02, 0.03, 0.04, 0.05. The third p (0.028)
    # passes its threshold, so the second (0.025, above 0.02) is rejected along with it.
    p_values = [0.001, 0.025, 0.028, 0.9, 0.5]
    assert stats.benjamini_hochberg(p_values, q=0.05) == [True, True, True, False, False]
    assert stats.benjamini_hochberg([0.2, 0.3]) == [False, False]
    assert stats.benjamini_hochberg([]) == []


def test_next_day_pairs_a_habit_with_the_following_days_mood():
    habit = {START: 1.0, START + dt.timedelta(days=1): 2.0}
    mood = {START + dt.timedelta(days=1): 4.0, START + dt.timedelta(days=2): 5.0}
    x, y = stats.pair_days(habit, mood, stats.NEXT_DAY)
    assert list(x) == [1.0, 2.0]
    assert list(y) == [4.0, 5.0]
    x, y = stats.pair_days(habit, mood, stats.SAME_DAY)
    assert list(x) == [2.0]
    assert list(y) == [4.0]


def test_yes_no_needs_ten_days_on_each_side_in_separate_stretches():
    alternating = np.array([1.0, 1.0, 0.0, 0.0] * 6)
    assert stats.enough_days("yesno", alternating)
    assert not stats.enough_days("yesno", np.array([1.0] * 9 + [0.0] * 30))


def test_one_holiday_week_cannot_make_an_insight():
    # Ten days with the tag, seven of them in one run: more than half in one stretch.
    holiday = np.array([0.0] * 10 + [1.0] * 7 + [0.0] * 10 + [1.0, 0.0, 1.0, 0.0, 1.0] + [0.0] * 5)
    assert not stats.enough_days("yesno", holiday)
    assert stats.stretches(holiday > 0.5) == [7, 1, 1, 1]


def test_numbers_need_days_above_and_below_their_middle_spread_out():
    assert stats.enough_days("number", np.array([1.0, 5.0] * 12))
    assert not stats.enough_days("number", np.arange(9, dtype=float))
    assert not stats.enough_days("number", np.array([3.0] * 30 + [4.0, 5.0]))


def test_the_kalman_whitening_is_the_inverse_cholesky_factor():
    rng = np.random.default_rng(1)
    day_numbers = np.array([1, 2, 3, 5, 6, 9, 10, 11, 15, 16])
    share, phi = 0.7, 0.8
    distance = np.abs(day_numbers[:, None] - day_numbers[None, :])
    correlation = share * phi**distance
    np.fill_diagonal(correlation, 1.0)
    expected = np.linalg.inv(np.linalg.cholesky(correlation))
    matrix = rng.normal(size=(10, 3))
    assert np.allclose(stats.whiten(matrix, day_numbers, share, phi), expected @ matrix)


def test_carry_over_is_found_in_a_series_that_carries_over():
    rng = np.random.default_rng(2)
    values = [0.0]
    for _ in range(399):
        values.append(0.8 * values[-1] + rng.normal())
    share, phi = stats.estimate_carry_over(np.array(values), np.arange(400), 1)
    assert 0.7 <= phi <= 0.9
    assert share > 0.8


def test_the_t_tail_matches_known_values():
    assert stats.two_sided_p(2.0, 10) == pytest.approx(0.0734, abs=0.002)
    assert stats.two_sided_p(1.96, 10_000) == pytest.approx(0.05, abs=0.001)
    assert stats.t_quantile(0.975, 20) == pytest.approx(2.086, abs=0.01)


# --- The procedure ------------------------------------------------------------------------


def test_too_little_data_says_how_many_more_days_are_needed():
    mood = {day: 3.0 for day in days(5)}
    habits = [HabitSeries(HABITS_BY_FIELD["water_ml"], {day: 1000.0 for day in days(5)})]
    report = find_insights(mood, habits)
    assert report.insights == []
    assert report.days_needed == stats.MIN_DAYS_FOR_INSIGHTS - 5
    assert f"Log {report.days_needed} more days" in report.message


def test_no_data_at_all_asks_for_twenty_days():
    report = find_insights({}, [])
    assert report.days_needed == stats.MIN_DAYS_FOR_INSIGHTS
    assert "more days" in report.message


def test_the_same_data_always_gives_the_same_insights():
    mood, habits = generated_person(seed=3, effect=1.2)
    first, second = find_insights(mood, habits), find_insights(mood, habits)
    assert first.insights == second.insights
    assert first.insights, "the planted effect is found"


def test_an_insight_is_one_plain_sentence_with_the_numbers_behind_it():
    mood, habits = generated_person(seed=5, effect=1.2)
    insight = next(i for i in find_insights(mood, habits).insights if i.key == "tag:social")
    assert insight.direction == "better"
    assert insight.lag == stats.SAME_DAY
    assert insight.sentence.startswith("On days with Social your mood was about ")
    assert "higher, on a scale of 1 to 5; fairly sure it is at least" in insight.sentence
    assert "cause" not in insight.sentence + insight.detail
    assert f"{insight.n_with} days with, {insight.n_without} without" in insight.detail
    assert "weekday, slow drift and day-to-day carry-over" in insight.detail
    assert insight.low > 0 and insight.low < insight.effect < insight.high
    assert insight.n == insight.n_with + insight.n_without
    assert insight.p_value < 0.01


def test_a_numeric_habit_is_described_by_its_usual_high_and_low():
    mood, habits = generated_person(seed=8, effect=0, sleep_effect=0.6)
    insight = next(i for i in find_insights(mood, habits).insights if i.key == "sleep_hours")
    assert insight.headline.startswith("More sleep goes with better mood")
    assert insight.sentence.startswith("With more sleep (")
    assert " hours against " in insight.sentence
    assert insight.effect > 0.3


def test_anxiety_that_falls_is_better_and_said_as_lower():
    mood, habits = generated_person(seed=4, effect=0)
    rng = random.Random(4)
    social = next(h for h in habits if h.key == "tag:social")
    anxiety = {day: 3 + rng.gauss(0, 0.6) - 1.2 * social.values[day] for day in mood}
    outcomes = [stats.mood_outcome(mood), stats.Outcome("anxiety", "anxiety", anxiety, False)]
    insight = next(i for i in find_insights(outcomes, habits).insights if i.outcome == "anxiety")
    assert insight.key == "tag:social"
    assert insight.direction == "better"
    assert "your anxiety was about 1." in insight.sentence and "lower" in insight.sentence


def test_a_habit_that_follows_low_mood_says_it_may_be_the_other_way_round():
    rng = random.Random(9)
    mood: dict[dt.date, float] = {}
    tag: dict[dt.date, float] = {}
    level = 0.0
    for day in days(200):
        previous = level
        level = 0.6 * level + rng.gauss(0, 0.8)
        tag[day] = float(rng.random() < (0.85 if previous < -0.3 else 0.15))
        mood[day] = 3 + level
    habits = [HabitSeries(Habit.for_tag(1, "Takeaway"), tag)]
    fit = stats.reverse_fit(habits[0], stats.mood_outcome(mood))
    assert fit is not None and fit.t < -5
    assert stats.reverse_text(habits[0], stats.mood_outcome(mood)) == (
        "Low-mood days are often followed by Takeaway: it may be the other way round."
    )


def test_what_a_habit_waits_for_is_said():
    mood = {day: 3.0 + (i % 3) for i, day in enumerate(days(40))}
    rare = {day: float(i < 4) for i, day in enumerate(days(40))}
    report = find_insights(mood, [HabitSeries(Habit.for_tag(1, "Sauna"), rare)])
    assert [w.key for w in report.waiting] == ["tag:1"]
    assert "so far 4 days with it in 1 stretch" in report.waiting[0].text


def insight_when(insight) -> str:
    return "the same day" if insight.lag == stats.SAME_DAY else "the next day"


# --- Honesty: no invented patterns, real ones found ---------------------------------------

TAGS = ("social", "coffee")


def generated_person(seed: int, effect: float = 0.0, sleep_effect: float = 0.0, n: int = 60):
    """60 days of every habit in the registry plus two tags, with one or two check-ins a
    day. Mood depends on nothing unless an effect is planted: `effect` mood points on
    days tagged "social", `sleep_effect` points per hour of sleep above 7."""
    rng = random.Random(seed)
    mood: dict[dt.date, float] = {}
    values: dict[str, dict[dt.date, float]] = {h.field: {} for h in HABITS}
    tags: dict[str, dict[dt.date, float]] = {name: {} for name in TAGS}
    for day in days(n):
        logged = {
            "fruit_veg_servings": rng.randint(1, 9),
            "whole_grain_servings": rng.randint(0, 4),
            "fermented_servings": rng.choice((0, 0, 1, 2)),
            "processed_servings": rng.randint(0, 5),
            "water_ml": rng.randrange(500, 3000, 250),
            "sleep_hours": rng.choice((5, 5.5, 6, 6.5, 7, 7.5, 8, 8.5, 9)),
            "sleep_quality": rng.randint(1, 5),
            "exercise_minutes": rng.choice((0, 0, 15, 30, 45, 60)),
            "mindfulness_minutes": rng.choice((0, 0, 5, 10, 20)),
            "stress_level": rng.randint(1, 5),
            "gut_comfort": rng.randint(1, 5),
            "probiotic_taken": float(rng.random() < 0.4),
        }
        for field, value in logged.items():
            values[field][day] = float(value)
        for name in TAGS:
            tags[name][day] = float(rng.random() < 0.4)
        underlying = 3 + rng.gauss(0, 0.5) + effect * tags["social"][day]
        underlying += sleep_effect * (logged["sleep_hours"] - 7)
        checkins = [
            max(1, min(5, round(underlying + rng.gauss(0, 0.6)))) for _ in range(rng.choice((1, 2)))
        ]
        mood[day] = sum(checkins) / len(checkins)
    habits = [HabitSeries(h, values[h.field]) for h in HABITS]
    habits += [
        HabitSeries(Habit(field=f"tag:{name}", label=name.title(), kind=Kind.YESNO), tags[name])
        for name in TAGS
    ]
    return mood, habits


def test_on_data_with_no_relationship_the_insights_are_empty_in_95_of_100_seeds():
    found = [seed for seed in range(100) if find_insights(*generated_person(seed)).insights]
    assert len(found) <= 5, f"false patterns in seeds {found}"


def test_a_planted_moderate_effect_on_60_days_is_found_in_90_of_100_seeds():
    # A tag that lifts the day's mood by 1.2 points, against a day-to-day spread of about
    # 0.75: a correlation of about 0.5 with mood, what 60 days can reliably show after
    # correcting for 28 tests.
    missed = []
    for seed in range(100):
        insights = find_insights(*generated_person(seed, effect=1.2)).insights
        if not any(i.key == "tag:social" and i.lag == stats.SAME_DAY for i in insights):
            missed.append(seed)
    assert len(missed) <= 10, f"missed in seeds {missed}"


def test_a_planted_numeric_effect_is_found_in_90_of_100_seeds():
    missed = []
    for seed in range(100):
        insights = find_insights(*generated_person(seed, sleep_effect=0.6)).insights
        if not any(i.key == "sleep_hours" and i.direction == "better" for i in insights):
            missed.append(seed)
    assert len(missed) <= 10, f"missed in seeds {missed}"
