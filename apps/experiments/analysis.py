"""The statistics of a randomised N-of-1 experiment, as pure numpy functions.

The design: the experiment is a run of pairs of periods, each period `period_days` long.
Within each pair a fair coin decides the order (habit on, then off; or off, then on). That
coin is the only thing random about the schedule, so the 2**pairs orders that could have
been drawn are known exactly, and a randomisation test compares the observed difference with
the difference under every one of them: under "the habit makes no difference" each day's
outcome would have been the same whatever was drawn. The p-value is exact with no
assumption about the day-to-day pattern of the outcome (trends and runs of bad days
included), missing days simply drop out.

The interval comes from inverting the same test: a shift `delta` of the habit's days is in
the 95% interval when the test would not reject it. Every function accepts a batch of people
(arrays of shape (people, days)) so a simulation of thousands costs one matrix product.
"""

from dataclasses import dataclass
from itertools import product

import numpy as np

ALPHA = 0.05
# Relative tolerance when comparing a schedule's statistic with the observed one: the same
# value computed along two paths must count as "at least as extreme".
TIE = 1e-9


@dataclass(frozen=True)
class Design:
    pairs: int
    period_days: int
    washout_days: int = 0

    @property
    def days(self) -> int:
        return self.pairs * 2 * self.period_days

    @property
    def schedules(self) -> int:
        return int(2**self.pairs)

    @property
    def smallest_p(self) -> float:
        # A schedule and its mirror (every pair flipped) always give the same |difference|.
        return 2 / self.schedules


def draw_orders(design: Design, seed: int) -> np.ndarray:
    """True where a pair starts with the habit on. A pure function of the recorded seed."""
    return np.random.default_rng(seed).random(design.pairs) < 0.5


def conditions(orders: np.ndarray, period_days: int) -> np.ndarray:
    """The habit on (True) or off for every day, from each pair's order. Works on one
    order vector (pairs,) or a batch (n, pairs)."""
    orders = np.asarray(orders, dtype=bool)
    periods = np.stack([orders, ~orders], axis=-1).reshape(*orders.shape[:-1], -1)
    return np.repeat(periods, period_days, axis=-1)


def all_conditions(design: Design) -> np.ndarray:
    """Every schedule that could have been drawn, one row each: (2**pairs, days)."""
    orders = np.array(list(product((True, False), repeat=design.pairs)), dtype=bool)
    return conditions(orders, design.period_days)


def analysed_days(design: Design) -> np.ndarray:
    """False on each period's washout (settling-in) days: not analysed, whatever the
    schedule, so the same days count under every schedule the test considers."""
    in_period = np.arange(design.days) % design.period_days
    return in_period >= design.washout_days


def differences(y: np.ndarray, on: np.ndarray) -> np.ndarray:
    """Mean outcome on habit days minus mean on the other days. y: (n, days) with NaN for
    days without an outcome; on: (n, days), one schedule per person, giving (n,), or
    (schedules, days) shared by all, giving (n, schedules). NaN where an arm has no day."""
    valid = ~np.isnan(y)
    values = np.where(valid, y, 0.0)
    weights = on.astype(float)
    total, count = values.sum(-1), valid.sum(-1).astype(float)
    if on.shape == y.shape:
        sum_on, n_on = (values * weights).sum(-1), (valid * weights).sum(-1)
    else:
        sum_on, n_on = values @ weights.T, valid.astype(float) @ weights.T
        total, count = total[:, None], count[:, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        difference: np.ndarray = sum_on / n_on - (total - sum_on) / (count - n_on)
    return difference


def p_values(y: np.ndarray, observed: np.ndarray, every: np.ndarray) -> np.ndarray:
    """Two-sided exact randomisation p-value for each person (n,). A schedule whose
    difference cannot be computed (an arm with no data) counts as extreme: conservative."""
    observed_diff = differences(y, observed)
    diffs = differences(y, every)
    extreme = np.abs(diffs) >= np.abs(observed_diff)[:, None] * (1 - TIE)
    extreme |= np.isnan(diffs)
    share: np.ndarray = extreme.mean(-1)
    return share


def p_values_at(
    y: np.ndarray, observed: np.ndarray, every: np.ndarray, deltas: np.ndarray
) -> np.ndarray:
    """p-values of "the habit shifts the outcome by delta" for a grid of deltas: (n, grid).
    Subtracting delta from the habit's days makes each schedule's difference linear in
    delta (a - delta * b), so no day-level work is repeated per delta."""
    a_obs = differences(y, observed)
    a = differences(y, every)
    indicator = np.where(np.isnan(y), np.nan, observed.astype(float))
    b = differences(indicator, every)
    deltas = np.atleast_1d(deltas)
    observed_shifted = np.abs(a_obs[:, None] - deltas[None, :])  # b_obs is 1
    shifted = np.abs(a[:, None, :] - deltas[None, :, None] * b[:, None, :])
    extreme = shifted >= observed_shifted[:, :, None] * (1 - TIE)
    extreme |= np.isnan(shifted)
    share: np.ndarray = extreme.mean(-1)
    return share


@dataclass(frozen=True)
class Estimate:
    effect: float | None  # habit days minus other days, in the outcome's units
    low: float | None  # None: the data cannot put a bound on this side
    high: float | None
    p_value: float | None
    days_on: int
    days_off: int
    smallest_p: float

    @property
    def enough(self) -> bool:
        return self.effect is not None

    @property
    def clear(self) -> bool:
        """A difference the coin flips alone would rarely produce (two-sided, 5%)."""
        return self.p_value is not None and self.p_value <= ALPHA

    @property
    def can_be_clear(self) -> bool:
        return self.smallest_p <= ALPHA


MIN_DAYS_PER_ARM = 2


def estimate(y: np.ndarray, on: np.ndarray, design: Design, scale_span: float) -> Estimate:
    """One person's effect, interval and p-value. y: (days,) outcome aligned to the
    schedule's days, NaN where missing or not counted; on: (days,) the drawn schedule;
    scale_span: the outcome scale's width (4 on a 1-5 scale), which bounds the grid."""
    y = np.asarray(y, dtype=float)[None, :]
    on = np.asarray(on, dtype=bool)[None, :]
    valid = ~np.isnan(y[0])
    days_on, days_off = int((valid & on[0]).sum()), int((valid & ~on[0]).sum())
    if min(days_on, days_off) < MIN_DAYS_PER_ARM:
        return Estimate(None, None, None, None, days_on, days_off, design.smallest_p)
    every = all_conditions(design)
    effect = float(differences(y, on)[0])
    p = float(p_values(y, on, every)[0])
    grid = np.linspace(-scale_span, scale_span, round(scale_span * 100) * 2 + 1)
    kept = grid[p_values_at(y, on, every, grid)[0] > ALPHA]
    low = high = None
    if kept.size:
        low = None if kept[0] <= grid[0] else float(kept[0])
        high = None if kept[-1] >= grid[-1] else float(kept[-1])
    return Estimate(effect, low, high, p, days_on, days_off, design.smallest_p)


@dataclass(frozen=True)
class CarryOver:
    first_days: int  # how many days at the start of each switched period count as "first"
    effect_first: float
    effect_rest: float
    z: float

    @property
    def found(self) -> bool:
        # 2 rather than 1.96: the first-day groups are small, so z is a little heavy-tailed.
        return abs(self.z) > 2.0


def first_days_of_switch(on: np.ndarray, first_days: int) -> np.ndarray:
    """True on the first `first_days` days after the schedule switches between on and
    off (the very first period follows no switch)."""
    on = np.asarray(on, dtype=bool)
    days = on.shape[-1]
    switched = np.zeros(on.shape, dtype=bool)
    switched[..., 1:] = on[..., 1:] != on[..., :-1]
    since = np.full(on.shape, days, dtype=int)
    index = np.arange(days)
    last_switch = np.where(switched, index, -1)
    last_switch = np.maximum.accumulate(last_switch, axis=-1)
    since = np.where(last_switch >= 0, index - last_switch, days)
    return since < first_days


def carry_over_days(period_days: int) -> int:
    return max(1, period_days // 3)


def carry_over(y: np.ndarray, on: np.ndarray, first_days: int) -> CarryOver | None:
    """Does the habit's effect show on the first days after a switch as on the rest?
    Carry-over (the last period's habit still acting) shrinks, or even reverses, the
    difference on those first days. A z-test on the two differences with a pooled
    day-to-day variance; None when any of the four groups has fewer than two days."""
    y, on = np.asarray(y, dtype=float), np.asarray(on, dtype=bool)
    first = first_days_of_switch(on, first_days)
    valid = ~np.isnan(y)
    groups = [
        valid & (on == arm) & (first == early) for early in (True, False) for arm in (True, False)
    ]
    sizes = [int(g.sum()) for g in groups]
    if min(sizes) < MIN_DAYS_PER_ARM:
        return None
    means = [float(y[g].mean()) for g in groups]
    residual = sum(float(((y[g] - m) ** 2).sum()) for g, m in zip(groups, means, strict=True))
    variance = residual / (sum(sizes) - 4)
    se = float(np.sqrt(variance * sum(1 / n for n in sizes)))
    effect_first, effect_rest = means[0] - means[1], means[2] - means[3]
    z = (effect_rest - effect_first) / se if se > 0 else 0.0
    return CarryOver(first_days, effect_first, effect_rest, z)
