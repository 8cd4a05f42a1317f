"""The randomisation test, its interval and the carry-over check, against brute force."""

from itertools import product

import numpy as np
import pytest

from apps.experiments.analysis import (
    Design,
    all_conditions,
    analysed_days,
    carry_over,
    conditions,
    differences,
    draw_orders,
    estimate,
    first_days_of_switch,
    p_values,
)


def _brute_force_p(y: list[float | None], observed: list[bool], period: int) -> float:
    """The definition, one schedule at a time in plain Python."""

    def diff(on: list[bool]) -> float | None:
        a = [v for v, o in zip(y, on, strict=True) if v is not None and o]
        b = [v for v, o in zip(y, on, strict=True) if v is not None and not o]
        return sum(a) / len(a) - sum(b) / len(b) if a and b else None

    target = abs(diff(observed))
    pairs = len(observed) // (2 * period)
    extreme = 0
    for orders in product((True, False), repeat=pairs):
        on = [first if k < period else not first for first in orders for k in range(2 * period)]
        value = diff(on)
        extreme += value is None or abs(value) >= target - 1e-12
    return extreme / 2**pairs


def test_the_p_value_is_the_share_of_possible_schedules_at_least_as_extreme():
    rng = np.random.default_rng(3)
    design = Design(pairs=5, period_days=3)
    observed = conditions(draw_orders(design, 11), 3)
    y = rng.normal(size=design.days) + 0.8 * observed
    y[[0, 4, 9, 20]] = np.nan
    p = p_values(y[None, :], observed[None, :], all_conditions(design))[0]
    as_list = [None if np.isnan(v) else float(v) for v in y]
    assert p == pytest.approx(_brute_force_p(as_list, list(observed), 3))


def test_every_schedule_is_possible_once_and_its_mirror_gives_the_opposite_difference():
    design = Design(pairs=4, period_days=3)
    every = all_conditions(design)
    assert every.shape == (16, 24)
    assert len({row.tobytes() for row in every}) == 16
    y = np.random.default_rng(1).normal(size=(1, 24))
    diffs = differences(y, every)[0]
    mirrored = differences(y, ~every)[0]
    assert np.allclose(diffs, -mirrored)
    assert design.smallest_p == 2 / 16


def test_the_schedule_is_a_pure_function_of_its_seed():
    design = Design(pairs=7, period_days=3)
    assert (draw_orders(design, 99) == draw_orders(design, 99)).all()
    seeds = {tuple(draw_orders(design, seed)) for seed in range(50)}
    assert len(seeds) > 20


def test_each_pair_holds_one_period_on_and_one_off():
    on = conditions(np.array([True, False]), 3)
    assert on.tolist() == [True] * 3 + [False] * 3 + [False] * 3 + [True] * 3


def test_settling_in_days_are_the_first_of_every_period():
    counted = analysed_days(Design(pairs=1, period_days=4, washout_days=1))
    assert counted.tolist() == [False, True, True, True, False, True, True, True]


def test_the_interval_holds_the_estimate_and_excludes_zero_exactly_when_p_is_small():
    design = Design(pairs=7, period_days=3)
    rng = np.random.default_rng(5)
    for _ in range(20):
        on = conditions(rng.random(7) < 0.5, 3)
        y = np.clip(np.round(3 + rng.normal(0, 0.9, 42) + 0.7 * on), 1, 5)
        result = estimate(y, on, design, scale_span=4)
        assert result.low <= result.effect <= result.high
        assert (result.low > 0 or result.high < 0) == (result.p_value <= 0.05)


def test_too_few_days_on_one_side_gives_no_estimate():
    design = Design(pairs=2, period_days=3)
    on = conditions(np.array([True, True]), 3)
    y = np.where(on, 4.0, np.nan)
    y[3] = 2.0
    result = estimate(y, on, design, scale_span=4)
    assert not result.enough and result.p_value is None
    assert result.days_on == 6 and result.days_off == 1


def test_a_short_design_cannot_reach_a_clear_answer_and_says_so():
    design = Design(pairs=2, period_days=3)
    on = conditions(np.array([True, False]), 3)
    y = np.where(on, 5.0, 1.0)
    result = estimate(y, on, design, scale_span=4)
    assert result.p_value == 0.5 and not result.can_be_clear
    assert result.low is None and result.high is None  # nothing can be ruled out


def test_first_days_after_a_switch_skip_the_first_period_and_runs_without_a_switch():
    on = np.array([True] * 3 + [False] * 3 + [False] * 3 + [True] * 3)
    assert first_days_of_switch(on, 1).tolist() == [
        *[False] * 3,
        True,
        *[False] * 5,
        True,
        False,
        False,
    ]


def test_carry_over_is_found_when_the_first_days_look_like_the_period_before():
    on = conditions(np.array([True, False, True, False, False, True, True]), 3)
    lingering = np.concatenate([[on[0]], on[:-1]])  # each switch shows a day late
    first = first_days_of_switch(on, 1)
    effective = np.where(first, lingering, on)
    y = 3 + 2.0 * effective + np.random.default_rng(2).normal(0, 0.3, on.size)
    check = carry_over(y, on, 1)
    assert check.found and check.effect_first < 0 < check.effect_rest
    clean = carry_over(3 + 2.0 * on + np.random.default_rng(2).normal(0, 0.3, on.size), on, 1)
    assert not clean.found
