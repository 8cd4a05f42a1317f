"""Statistics for the dashboard: pure functions over plain values, no Django (the habit
vocabulary they read, apps/lifestyle/habits.py, is plain Python too).

The insights must not invent patterns from noise, so every candidate link between a habit
and mood goes through the same steps:

1. enough days: numeric habits need MIN_SIDE_DAYS days with the habit logged and some
   variation; yes/no habits and tags need MIN_SIDE_DAYS days with it and as many without;
2. a permutation test (exact for small samples, no normality assumed): Spearman's rank
   correlation for numbers, the difference in mean mood for yes/no;
3. Benjamini-Hochberg at FDR_Q over every test made (each habit, same day and next day);
4. a bootstrap interval for each link that survives, widened for having been picked out of
   many (false coverage rate); it must clear a negligible size, not just zero;
5. plain words that say "goes with", never "causes", with the size, n and the interval.

The random numbers come from a generator seeded with a constant, so the same data always
gives the same insights.
"""

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from apps.lifestyle.habits import Habit, Kind, Unit

PERMUTATIONS = 2000
BOOTSTRAPS = 2000
FDR_Q = 0.05
MIN_SIDE_DAYS = 10
# Below this many days with both a log and a mood no test could pass; say how many to go.
MIN_DAYS_FOR_INSIGHTS = 2 * MIN_SIDE_DAYS
# Links smaller than these (0.15 mood points; a rank correlation of 0.05) are too small to
# matter day to day, so an insight's interval must clear them, not just zero. It also keeps
# noise out: Benjamini-Hochberg alone shows a false pattern to about 1 person in 20 whose
# habits have no link with mood at all; with this, about 1 in 35 (see tests/dashboard).
NEGLIGIBLE_DIFFERENCE = 0.15
NEGLIGIBLE_CORRELATION = 0.05
SEED = 20_240_917

SAME_DAY = "same day"
NEXT_DAY = "next day"


@dataclass(frozen=True)
class HabitSeries:
    habit: Habit  # a habit of apps/lifestyle/habits.py, or one of the person's tags
    values: dict[date, float]  # only days with a value; yes/no is 1.0 or 0.0

    @property
    def key(self) -> str:  # "water_ml" or "tag:12"
        return self.habit.field

    @property
    def label(self) -> str:
        return self.habit.label

    @property
    def kind(self) -> Kind:
        return self.habit.kind

    @property
    def unit(self) -> Unit | None:
        return self.habit.unit


@dataclass(frozen=True)
class Comparison:
    series: HabitSeries
    lag: str
    x: np.ndarray  # the habit on each paired day
    y: np.ndarray  # mood that day, or the next day
    effect: float  # Spearman's rho, or mean mood with minus without
    p_value: float


@dataclass(frozen=True)
class Insight:
    key: str
    label: str
    kind: str
    lag: str
    direction: str  # "better" or "worse"
    effect: float
    low: float
    high: float
    p_value: float
    n: int
    headline: str
    detail: str
    mean_with: float
    mean_without: float
    n_with: int
    n_without: int
    interval_level: float


@dataclass
class InsightReport:
    insights: list[Insight] = field(default_factory=list)
    tests_made: int = 0
    paired_days: int = 0
    days_needed: int = 0  # more days with a log and a mood before any test can run

    @property
    def message(self) -> str:
        if self.days_needed:
            day_word = "day" if self.days_needed == 1 else "days"
            return (
                f"Log {self.days_needed} more {day_word} (habits and a mood check-in) "
                "to see insights."
            )
        if not self.insights:
            return (
                "No habit clearly goes with your mood yet. That is a real answer, not a "
                "failure: keep logging and patterns that hold up will show here."
            )
        return ""


# --- Small building blocks -------------------------------------------------------------


def rolling_mean(values: Sequence[float | None], window: int = 7) -> list[float | None]:
    """Mean of the known values in the last `window` days (calendar days, gaps skipped)."""
    result: list[float | None] = []
    total, count = 0.0, 0
    for end, value in enumerate(values):
        if value is not None:
            total, count = total + value, count + 1
        if end >= window and (leaving := values[end - window]) is not None:
            total, count = total - leaving, count - 1
        result.append(round(total / count, 3) if count else None)
    return result


def fit_line(xs: Sequence[float], ys: Sequence[float]) -> tuple[float, float] | None:
    """Least-squares slope and intercept, or None when x does not vary."""
    if len(xs) < 2:
        return None
    x = np.asarray(xs, dtype=float)
    y = np.asarray(ys, dtype=float)
    spread = float(((x - x.mean()) ** 2).sum())
    if spread == 0:
        return None
    slope = float(((x - x.mean()) * (y - y.mean())).sum() / spread)
    return slope, float(y.mean() - slope * x.mean())


def rank(values: np.ndarray) -> np.ndarray:
    """Ranks from 1, ties sharing their average rank (as Spearman's rho needs)."""
    order = np.argsort(values, kind="mergesort")
    sorted_values = values[order]
    # Start of each run of equal values, and the average rank of that run.
    starts = np.flatnonzero(np.r_[True, sorted_values[1:] != sorted_values[:-1]])
    ends = np.r_[starts[1:], len(values)]
    average = (starts + ends + 1) / 2
    ranks = np.empty(len(values))
    ranks[order] = np.repeat(average, ends - starts)
    return ranks


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float:
    rx = rank(np.asarray(xs, dtype=float))
    ry = rank(np.asarray(ys, dtype=float))
    rx, ry = rx - rx.mean(), ry - ry.mean()
    denominator = math.sqrt(float((rx**2).sum() * (ry**2).sum()))
    return float((rx * ry).sum() / denominator) if denominator else 0.0


def benjamini_hochberg(p_values: Sequence[float], q: float = FDR_Q) -> list[bool]:
    """Which hypotheses to reject so that the expected share of false finds stays <= q."""
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    cutoff = 0
    for position, index in enumerate(order, start=1):
        if p_values[index] <= position * q / m:
            cutoff = position
    rejected = [False] * m
    for index in order[:cutoff]:
        rejected[index] = True
    return rejected


def pair_days(
    habit: dict[date, float], mood: dict[date, float], lag: str
) -> tuple[np.ndarray, np.ndarray]:
    shift = timedelta(days=1 if lag == NEXT_DAY else 0)
    days = [day for day in sorted(habit) if day + shift in mood]
    return (
        np.array([habit[day] for day in days], dtype=float),
        np.array([mood[day + shift] for day in days], dtype=float),
    )


def enough_days(kind: str, x: np.ndarray) -> bool:
    if kind == "yesno":
        with_days = int(x.sum())
        return with_days >= MIN_SIDE_DAYS and len(x) - with_days >= MIN_SIDE_DAYS
    if len(x) < MIN_SIDE_DAYS:
        return False
    # "Some variation": a habit logged the same on almost every day cannot be ranked.
    _, counts = np.unique(x, return_counts=True)
    return len(x) - counts.max() >= MIN_SIDE_DAYS // 2


# --- Permutation tests ------------------------------------------------------------------


class _Permutations:
    """Shuffled index rows, made once per sample size and shared by the tests of that
    size: each test stays exact, and large histories stay fast."""

    def __init__(self, rng: np.random.Generator, count: int = PERMUTATIONS) -> None:
        self.rng = rng
        self.count = count
        self._rows: dict[int, np.ndarray] = {}

    def rows(self, n: int) -> np.ndarray:
        if n not in self._rows:
            base = np.broadcast_to(np.arange(n, dtype=np.int32), (self.count, n))
            self._rows[n] = self.rng.permuted(base, axis=1)
        return self._rows[n]


def _p_value(observed: float, shuffled: np.ndarray) -> float:
    # Two-sided, counting the observed arrangement itself so p is never 0.
    extreme = int((np.abs(shuffled) >= abs(observed) - 1e-12).sum())
    return (1 + extreme) / (len(shuffled) + 1)


def spearman_test(x: np.ndarray, y: np.ndarray, permutations: _Permutations) -> tuple[float, float]:
    rx, ry = rank(x), rank(y)
    rx, ry = rx - rx.mean(), ry - ry.mean()
    denominator = math.sqrt(float((rx**2).sum() * (ry**2).sum()))
    if not denominator:
        return 0.0, 1.0
    rho = float(rx @ ry) / denominator
    shuffled = ry[permutations.rows(len(ry))] @ rx / denominator
    return rho, _p_value(rho, shuffled)


def difference_test(
    x: np.ndarray, y: np.ndarray, permutations: _Permutations
) -> tuple[float, float]:
    with_mask = x > 0.5
    n_with, n_without = int(with_mask.sum()), int((~with_mask).sum())
    total = float(y.sum())
    observed = float(y[with_mask].mean() - y[~with_mask].mean())
    sums_with = y[permutations.rows(len(y))] @ with_mask.astype(float)
    shuffled = sums_with / n_with - (total - sums_with) / n_without
    return observed, _p_value(observed, shuffled)


# --- Intervals ----------------------------------------------------------------------------


def _percentile_interval(samples: np.ndarray, level: float) -> tuple[float, float]:
    tail = 100 * (1 - level) / 2
    low, high = np.percentile(samples, [tail, 100 - tail])
    return float(low), float(high)


def spearman_interval(
    x: np.ndarray, y: np.ndarray, rng: np.random.Generator, level: float
) -> tuple[float, float]:
    """Bootstrap of the correlation of the ranks: days resampled with replacement. The
    ranks are taken once from the whole sample, which keeps this vectorised."""
    rx, ry = rank(x), rank(y)
    picks = rng.integers(0, len(x), size=(BOOTSTRAPS, len(x)))
    a, b = rx[picks], ry[picks]
    a = a - a.mean(axis=1, keepdims=True)
    b = b - b.mean(axis=1, keepdims=True)
    denominator = np.sqrt((a**2).sum(axis=1) * (b**2).sum(axis=1))
    valid = denominator > 0
    if not valid.any():  # every resample constant: no interval, so nothing to show
        return 0.0, 0.0
    return _percentile_interval((a * b).sum(axis=1)[valid] / denominator[valid], level)


def difference_interval(
    x: np.ndarray, y: np.ndarray, rng: np.random.Generator, level: float
) -> tuple[float, float]:
    """Bootstrap of the difference in means, resampling each side on its own."""
    with_mood, without_mood = y[x > 0.5], y[x <= 0.5]
    with_means = with_mood[rng.integers(0, len(with_mood), (BOOTSTRAPS, len(with_mood)))]
    without_means = without_mood[
        rng.integers(0, len(without_mood), (BOOTSTRAPS, len(without_mood)))
    ]
    return _percentile_interval(with_means.mean(axis=1) - without_means.mean(axis=1), level)


# --- Words --------------------------------------------------------------------------------


def _fmt(value: float) -> str:
    return f"{value:.1f}"


def _fmt_value(value: float, unit: Unit | None) -> str:
    """A number with its unit ("2 servings", "1 hour"); a scale's rating is a plain number."""
    number = f"{value:g}" if value == int(value) else f"{value:.2f}".rstrip("0").rstrip(".")
    return number if unit is None else f"{number} {unit.of(value)}"


def _split_by_middle(x: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """Days above the person's middle value against the rest (or at-or-above when no day
    is strictly above, as with habits that are mostly at their maximum)."""
    middle = float(np.median(x))
    higher = x > middle
    if not higher.any():
        higher = x >= middle
    return middle, higher


def _describe(result: Comparison, interval: tuple[float, float], level: float) -> Insight:
    series, x, y, lag = result.series, result.x, result.y, result.lag
    direction = "better" if result.effect > 0 else "worse"
    when = "the same day" if lag == SAME_DAY else "the next day"
    low, high = interval
    percent = f"{math.floor(level * 1000) / 10:g}%"
    if series.kind == "yesno":
        with_mask = x > 0.5
        mean_with, mean_without = float(y[with_mask].mean()), float(y[~with_mask].mean())
        n_with, n_without = int(with_mask.sum()), int((~with_mask).sum())
        headline = f"{series.label[:1].upper()}{series.label[1:]} goes with {direction} mood {when}"
        days = "On days with" if lag == SAME_DAY else "On days after a day with"
        others = "on days without" if lag == SAME_DAY else "after days without"
        detail = (
            f"{days} {series.label.lower()} your mood averaged {_fmt(mean_with)}, "
            f"{others} {_fmt(mean_without)} (difference {result.effect:+.1f}, {percent} interval "
            f"{low:+.1f} to {high:+.1f}; {n_with} days with, {n_without} without)."
        )
    else:
        middle, higher = _split_by_middle(x, y)
        mean_with, mean_without = float(y[higher].mean()), float(y[~higher].mean())
        n_with, n_without = int(higher.sum()), int((~higher).sum())
        comparison = "above" if (x[higher] > middle).all() else "at or above"
        rest = "at or below" if comparison == "above" else "below"
        headline = f"More {series.label.lower()} goes with {direction} mood {when}"
        detail = (
            f"With {series.label.lower()} {comparison} {_fmt_value(middle, series.unit)} "
            f"(your middle value), your mood {when} averaged {_fmt(mean_with)}; "
            f"{rest} it, {_fmt(mean_without)}. Rank correlation {result.effect:+.2f} "
            f"({percent} interval {low:+.2f} to {high:+.2f}), {len(x)} days."
        )
    return Insight(
        key=series.key,
        label=series.label,
        kind=series.kind,
        lag=lag,
        direction=direction,
        effect=round(result.effect, 3),
        low=round(low, 3),
        high=round(high, 3),
        p_value=round(result.p_value, 4),
        n=len(x),
        headline=headline,
        detail=detail,
        mean_with=round(mean_with, 2),
        mean_without=round(mean_without, 2),
        n_with=n_with,
        n_without=n_without,
        interval_level=round(level, 4),
    )


def clears_negligible(kind: str, low: float, high: float) -> bool:
    band = NEGLIGIBLE_DIFFERENCE if kind == "yesno" else NEGLIGIBLE_CORRELATION
    return low > band or high < -band


# --- The whole procedure ---------------------------------------------------------------


def run_tests(
    mood: dict[date, float], habits: Sequence[HabitSeries], permutations: _Permutations
) -> list[Comparison]:
    results = []
    for series in habits:
        for lag in (SAME_DAY, NEXT_DAY):
            x, y = pair_days(series.values, mood, lag)
            if not enough_days(series.kind, x):
                continue
            test = difference_test if series.kind == "yesno" else spearman_test
            effect, p_value = test(x, y, permutations)
            results.append(Comparison(series, lag, x, y, effect, p_value))
    return results


def find_insights(
    mood: dict[date, float], habits: Sequence[HabitSeries], seed: int = SEED
) -> InsightReport:
    logged_days = set().union(*(series.values for series in habits)) if habits else set()
    paired_days = len(logged_days & mood.keys())
    report = InsightReport(paired_days=paired_days)
    if paired_days < MIN_DAYS_FOR_INSIGHTS:
        report.days_needed = MIN_DAYS_FOR_INSIGHTS - paired_days
        return report
    rng = np.random.default_rng(random.Random(seed).getrandbits(64))
    results = run_tests(mood, habits, _Permutations(rng))
    report.tests_made = len(results)
    rejected = benjamini_hochberg([result.p_value for result in results])
    kept = sorted(
        (result for result, keep in zip(results, rejected, strict=True) if keep),
        key=lambda result: (result.p_value, -abs(result.effect)),
    )
    # Intervals for links picked out of many are widened to match (Benjamini and
    # Yekutieli's false coverage rate): 1 - R*q/m instead of 95%. A link whose widened
    # interval reaches into the negligible band is not shown: too thin to put into words.
    level = 1 - len(kept) * FDR_Q / max(len(results), 1)
    for result in kept:
        interval_of = difference_interval if result.series.kind == "yesno" else spearman_interval
        low, high = interval_of(result.x, result.y, rng, level)
        if not clears_negligible(result.series.kind, low, high):
            continue
        report.insights.append(_describe(result, (low, high), level))
    return report
