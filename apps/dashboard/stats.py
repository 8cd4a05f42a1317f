"""Statistics for the dashboard: pure functions over plain values, no Django (the habit
vocabulary they read, apps/lifestyle/habits.py, is plain Python too).

An insight says that a habit went with a better or worse outcome (mood, energy, anxiety or
gut comfort) the same day or the next. Real days are not exchangeable: mood carries over
from one day to the next, drifts over months, dips on Mondays; tags come in runs (a holiday,
a cold). A shuffle test that treats days as interchangeable lines up two slowly wandering
series far more often than it expects, so each test here is built on the time structure:

1. Adjust for weekday and slow drift. The outcome and the habit are both regressed on the
   same nuisance terms (a weekend indicator, or one term per weekday once there are eight
   weeks; a straight-line trend; slow cosine terms of periods of three months and more on
   long histories), so a season, a new job or Monday is not credited to a habit that
   happened to grow or fall at the same time.
2. Whiten for carry-over. Whatever is left of the outcome is modelled as an AR(1) series,
   its day-to-day carry-over phi estimated from the person's own consecutive days (with
   Kendall's small-sample bias correction), and outcome, habit and nuisance terms are all
   put through the same filter (Prais-Winsten, with exact weights across missing days).
   The filtered outcome is close to independent from day to day whatever the habit does,
   so the habit series itself is never shuffled: its runs, trends and weekday pattern are
   kept exactly as they were.
3. The reference distribution is that of the habit's coefficient when the whitened outcome
   is rearranged against the unchanged habit. Its first two moments are known exactly, and
   we use Student's t with them (the classical two-moment approximation of a permutation
   test) instead of drawing rearrangements: a correction over 30 to 100 tests needs
   p-values near 1/2000, which no affordable number of random draws resolves.
   Why not the alternatives the issue names: circular shifts of a 45-day history give at
   most 44 alignments, so no p-value falls below 1/45 and nothing could ever pass a
   correction for several tests; block permutations and the stationary bootstrap keep the
   structure only within a block, and with carry-over of phi 0.8 and week-long tag runs the
   lost cross-block correlation makes them too liberal unless the blocks are so long that,
   again, too few arrangements remain. tests/honesty/ measures the calibration of this
   choice on each kind of life it was designed for.
4. Enough evidence, spread out: each side (days with and without, or above and below the
   person's middle value) needs MIN_SIDE_DAYS days in at least MIN_STRETCHES separate
   stretches, no one stretch holding more than half of them. One holiday week cannot make
   an insight; the report says what each habit still waits for.
5. Benjamini-Hochberg at FDR_Q over every test made (each habit or tag, each outcome, same
   day and next day). Under no link at all this keeps the chance of showing a person any
   insight near FDR_Q, so FDR_Q is the share of people we accept to mislead.
6. An interval for each insight from the same regression, widened for having been picked
   out of many (Benjamini and Yekutieli's false coverage rate).
7. The reverse direction: where yesterday's outcome predicts today's habit at least as well
   as the habit predicts the outcome, the insight says it may be the other way round.
8. Plain words: one sentence with the size in the outcome's own points, the numbers behind
   it ("How sure is this?"), "goes with", never "causes".

Questionnaire scores (apps.checkups.outcomes.score_series: WHO-5, PHQ-9, GAD-7) are not
outcomes here, by choice. Each score answers for the two weeks before it (its recall
period), so pairing it with one day's habit, the same day or the next, tests the wrong
thing; and at one score every two weeks a 45-day history holds three of them, which can
never meet the evidence rule above (MIN_SIDE_DAYS days on each side) and would only add
tests to the correction that every daily link pays for. A score is an outcome over
periods: each completed WHO-5 against the habit's share (or mean) over its own fourteen
days, with windows that do not overlap. That is a question asked in advance (a handful of
periods, tested on its own), not a screening, and it is not built yet; PHQ-9 and GAD-7
are symptom screens with a safety flow, and a "yes" from six to twelve of their scores
would say more than it can.
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from apps.lifestyle.habits import Habit, Kind, Unit

FDR_Q = 0.02
MIN_SIDE_DAYS = 10
MIN_STRETCHES = 3
MAX_STRETCH_SHARE = 0.5
# Below this many days with both a log and an outcome no test could pass; say how many to go.
MIN_DAYS_FOR_INSIGHTS = 2 * MIN_SIDE_DAYS
# Full weekday terms cost six degrees of freedom: only once there are eight weeks of days.
WEEKDAY_TERMS_FROM_DAYS = 56
DRIFT_PERIOD_DAYS = 90
MAX_DRIFT_TERMS = 6
MAX_PHI = 0.95

SAME_DAY = "same day"
NEXT_DAY = "next day"
LAGS = {SAME_DAY: 0, NEXT_DAY: 1}


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
class Outcome:
    key: str  # "mood", "energy", "anxiety", "gut_comfort"
    label: str  # "mood", "energy", "anxiety", "gut comfort" (as inside a sentence)
    values: dict[date, float]
    higher_is_better: bool = True
    scale: str = "1 to 5"


@dataclass(frozen=True)
class OutcomeKind:
    """What an insight or a question can be about: a check-in's mood, energy or anxiety
    (the day's mean), or the day's logged gut comfort."""

    key: str
    label: str  # as inside a sentence
    higher_is_better: bool = True

    def of(self, values: dict[date, float]) -> Outcome:
        return Outcome(self.key, self.label, values, self.higher_is_better)


OUTCOMES: tuple[OutcomeKind, ...] = (
    OutcomeKind("mood", "mood"),
    OutcomeKind("gut_comfort", "gut comfort"),
    OutcomeKind("energy", "energy"),
    OutcomeKind("anxiety", "anxiety", higher_is_better=False),
)
OUTCOMES_BY_KEY = {outcome.key: outcome for outcome in OUTCOMES}


def mood_outcome(values: dict[date, float]) -> Outcome:
    return OUTCOMES_BY_KEY["mood"].of(values)


@dataclass(frozen=True)
class Fit:
    """A habit's coefficient on an outcome after adjustment and whitening."""

    beta: float  # outcome points per unit of the habit
    se: float
    t: float
    df: int
    phi: float
    n: int

    @property
    def p_value(self) -> float:
        return two_sided_p(self.t, self.df)


@dataclass(frozen=True)
class Comparison:
    series: HabitSeries
    outcome: Outcome
    lag: str
    days: np.ndarray  # day numbers (ordinals) of the outcome
    x: np.ndarray  # the habit on each paired day
    y: np.ndarray  # the outcome that day, or the next day
    fit: Fit
    step: float  # 1 for yes/no; the habit's usual high minus its usual low for numbers
    low_value: float
    high_value: float

    @property
    def effect(self) -> float:
        return self.fit.beta * self.step

    @property
    def p_value(self) -> float:
        return self.fit.p_value


@dataclass(frozen=True)
class Insight:
    key: str
    label: str
    kind: str
    outcome: str
    outcome_label: str
    lag: str
    direction: str  # "better" or "worse", for the outcome (lower anxiety is better)
    effect: float  # outcome points: with minus without, or usual high minus usual low
    low: float
    high: float
    p_value: float
    n: int
    n_with: int
    n_without: int
    interval_level: float
    sentence: str
    detail: str
    headline: str
    reverse: bool
    reverse_text: str
    phi: float


@dataclass(frozen=True)
class Waiting:
    key: str
    label: str
    text: str


@dataclass
class InsightReport:
    insights: list[Insight] = field(default_factory=list)
    tests_made: int = 0
    paired_days: int = 0
    days_needed: int = 0  # more days with a log and a mood before any test can run
    waiting: list[Waiting] = field(default_factory=list)

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
                "No habit clearly goes with how you feel yet. That is a real answer, not a "
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
    habit: Mapping[date, float], outcome: Mapping[date, float], lag: str
) -> tuple[np.ndarray, np.ndarray]:
    shift = timedelta(days=LAGS[lag])
    days = [day for day in sorted(habit) if day + shift in outcome]
    return (
        np.array([habit[day] for day in days], dtype=float),
        np.array([outcome[day + shift] for day in days], dtype=float),
    )


def paired(
    habit: Mapping[date, float], outcome: Mapping[date, float], lag: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Day numbers of the outcome, the habit `lag` days before, and the outcome."""
    habit_days = np.fromiter((day.toordinal() for day in habit), np.int64, len(habit))
    habit_values = np.fromiter(habit.values(), float, len(habit))
    outcome_days = np.fromiter((day.toordinal() for day in outcome), np.int64, len(outcome))
    outcome_values = np.fromiter(outcome.values(), float, len(outcome))
    order = np.argsort(outcome_days)
    outcome_days, outcome_values = outcome_days[order], outcome_values[order]
    target = habit_days + lag
    where = np.minimum(np.searchsorted(outcome_days, target), max(len(outcome_days) - 1, 0))
    found = (outcome_days[where] == target) if len(outcome_days) else np.zeros(0, bool)
    sequence = np.argsort(target[found], kind="stable")
    return (
        target[found][sequence],
        habit_values[found][sequence],
        outcome_values[where[found]][sequence],
    )


# --- Distributions without scipy --------------------------------------------------------


def normal_sf(z: float) -> float:
    return 0.5 * math.erfc(z / math.sqrt(2))


def t_to_z(t: float, df: int) -> float:
    """The normal deviate with the same tail as Student's t (Wallace's approximation,
    accurate to a few per cent of the tail for df >= 5)."""
    if df <= 0:
        return 0.0
    # Wallace (1959): z = sqrt(df * ln(1 + t^2/df)) * (8 df + 1) / (8 df + 3).
    z = math.sqrt(df * math.log1p(t * t / df)) * (8 * df + 1) / (8 * df + 3)
    return math.copysign(z, t)


def two_sided_p(t: float, df: int) -> float:
    if df <= 0 or not math.isfinite(t):
        return 1.0
    return min(1.0, 2 * normal_sf(abs(t_to_z(t, df))))


def normal_quantile(p: float) -> float:
    """Inverse of the standard normal CDF, by bisection (called a few times a page)."""
    if not 0 < p < 1:
        raise ValueError("p must be between 0 and 1")
    low, high = -10.0, 10.0
    for _ in range(80):  # bisection: plenty fast for the few calls made
        middle = (low + high) / 2
        if 1 - normal_sf(middle) < p:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def t_quantile(p: float, df: int) -> float:
    """Inverse of Student's t CDF for the two-sided interval (bisection on two_sided_p)."""
    target = 2 * (1 - p)
    low, high = 0.0, 100.0
    for _ in range(80):
        middle = (low + high) / 2
        if two_sided_p(middle, df) > target:
            low = middle
        else:
            high = middle
    return (low + high) / 2


# --- Adjustment and whitening -----------------------------------------------------------


def nuisance_basis(days: np.ndarray) -> np.ndarray:
    """Intercept, weekday terms, a straight-line trend and slow cosine terms."""
    n = len(days)
    first, span = int(days.min()), max(int(days.max() - days.min()), 1)
    position = (days - first) / span
    columns = [np.ones(n), position - 0.5]
    weekday = (days + 6) % 7  # date.toordinal() 1 is a Monday: 0 Monday ... 6 Sunday
    if n >= WEEKDAY_TERMS_FROM_DAYS:
        columns += [(weekday == d).astype(float) for d in range(1, 7)]
    else:
        columns.append((weekday >= 5).astype(float))
    terms = min(span // DRIFT_PERIOD_DAYS, MAX_DRIFT_TERMS)
    columns += [np.cos(math.pi * k * position) for k in range(2, terms + 2)]
    basis = np.column_stack(columns)
    # Drop terms that do not vary here (a weekend indicator on weekday-only data).
    keep = [0] + [j for j in range(1, basis.shape[1]) if np.ptp(basis[:, j]) > 0]
    return basis[:, keep]


def _calendar_autocorrelations(residual: np.ndarray, days: np.ndarray, lags: int) -> np.ndarray:
    """r(k) from the pairs of days exactly k calendar days apart (missing days skipped)."""
    total = float((residual**2).mean())
    result = np.zeros(lags)
    if total <= 0:
        return result
    for k in range(1, lags + 1):
        later = np.searchsorted(days, days + k)
        later = np.minimum(later, len(days) - 1)
        found = days[later] == days + k
        if found.sum() >= 5:
            result[k - 1] = float((residual[found] * residual[later[found]]).mean()) / total
    return result


PHI_GRID = np.linspace(0.0, MAX_PHI, 20)


def estimate_carry_over(residual: np.ndarray, days: np.ndarray, terms: int) -> tuple[float, float]:
    """(share, phi) of a carried-over part in what the nuisance terms leave: the outcome is
    taken as an AR(1) series plus day-level noise (each day's check-ins add their own), so
    r(k) = share * phi^k. Fitted by least squares to the first lags; each r(k) is first
    raised by what fitting `terms` nuisance terms takes off a short series (about
    terms / n; Kendall's bias of a lag-one estimate is of the same order)."""
    lags = int(min(10, max(2, len(residual) // 6)))
    observed = _calendar_autocorrelations(residual, days, lags)
    observed = observed + (1 - observed) * (terms + 1) / len(residual)
    k = np.arange(1, lags + 1)
    best, best_error = (0.0, 0.0), float((observed**2).sum())
    for phi in PHI_GRID[1:]:
        shape = phi**k
        share = float(np.clip((observed @ shape) / (shape @ shape), 0.0, 1.0))
        error = float(((observed - share * shape) ** 2).sum())
        if error < best_error:
            best, best_error = (share, float(phi)), error
    return best


def whiten(matrix: np.ndarray, days: np.ndarray, share: float, phi: float) -> np.ndarray:
    """Each column times the inverse Cholesky factor of the outcome's correlation matrix
    (a carried-over part plus day noise, exact across gaps), computed as the standardised
    innovations of a Kalman filter: the same transform, in time linear in the days."""
    if share <= 0 or phi <= 0:
        return matrix
    out = np.empty_like(matrix)
    state = np.zeros(matrix.shape[1])
    variance = share
    noise = 1 - share
    for t in range(len(days)):
        if t:
            carry = phi ** float(days[t] - days[t - 1])
            state = carry * state
            variance = carry * carry * variance + share * (1 - carry * carry)
        total = variance + noise
        innovation = matrix[t] - state
        out[t] = innovation / math.sqrt(total)
        gain = variance / total
        state = state + gain * innovation
        variance = variance * (1 - gain)
    return out


# Least squares through the normal equations, with einsum rather than BLAS: the design is
# tall and thin (days by about 15 terms), and a threaded BLAS on a busy server spends far
# more time waiting for its threads than computing (an SVD of 1095 x 15 took 0.2 s instead
# of 2 ms under load).


def _gram(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.einsum("ij,ik->jk", a, b) if b.ndim == 2 else np.einsum("ij,i->j", a, b)


def _rank(design: np.ndarray) -> int:
    scale = np.sqrt(np.maximum(np.einsum("ij,ij->j", design, design), 1e-300))
    eigen = np.linalg.eigvalsh(_gram(design / scale, design / scale))
    return int((eigen > max(float(eigen.max()), 1.0) * 1e-9).sum())


def _solve(design: np.ndarray, y: np.ndarray) -> np.ndarray:
    coef, *_ = np.linalg.lstsq(_gram(design, design), _gram(design, y), rcond=None)
    return coef


def _ols(design: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, float, int]:
    coef = _solve(design, y)
    residual = y - np.einsum("ij,j->i", design, coef)
    df = len(y) - _rank(design)
    sigma2 = float(np.einsum("i,i->", residual, residual)) / df if df > 0 else float("inf")
    return coef, residual, sigma2, df


@dataclass
class _Prepared:
    """What every habit tested against one outcome on the same days shares: the nuisance
    terms, the carry-over estimate, and those terms and the outcome whitened."""

    basis: np.ndarray
    share: float
    phi: float
    whitened: np.ndarray  # the basis's columns, then the outcome


class FitCache:
    """Shares the outcome's preparation, and whitens the habits of one day set together
    (one pass of the filter for them all instead of one per habit)."""

    def __init__(self) -> None:
        self.candidates: dict[tuple[int, int, str], tuple] = {}
        self._prepared: dict[tuple[bytes, bytes], _Prepared] = {}
        self._columns: dict[tuple[int, bytes], np.ndarray] = {}

    def prepared(self, days: np.ndarray, y: np.ndarray) -> _Prepared:
        key = (days.tobytes(), y.tobytes())
        if key not in self._prepared:
            basis = nuisance_basis(days)
            _, residual, _, _ = _ols(basis, y)
            share, phi = estimate_carry_over(residual, days, basis.shape[1])
            whitened = whiten(np.column_stack([basis, y]), days, share, phi)
            self._prepared[key] = _Prepared(basis, share, phi, whitened)
        return self._prepared[key]

    def whiten_many(self, prepared: _Prepared, days: np.ndarray, xs: list[np.ndarray]) -> None:
        missing = [x for x in xs if (id(prepared), x.tobytes()) not in self._columns]
        if not missing:
            return
        whitened = whiten(np.column_stack(missing), days, prepared.share, prepared.phi)
        for index, x in enumerate(missing):
            self._columns[(id(prepared), x.tobytes())] = whitened[:, index]

    def whitened_x(self, prepared: _Prepared, days: np.ndarray, x: np.ndarray) -> np.ndarray:
        self.whiten_many(prepared, days, [x])
        return self._columns[(id(prepared), x.tobytes())]


def adjusted_fit(
    x: np.ndarray, y: np.ndarray, days: np.ndarray, cache: FitCache | None = None
) -> Fit | None:
    """The coefficient of x on y with weekday and drift terms, errors AR(1) plus day noise
    (feasible GLS). None when x is flat once the nuisance terms are taken out."""
    cache = cache or FitCache()
    prepared = cache.prepared(days, y)
    basis = prepared.basis
    if _rank(np.column_stack([x, basis])) <= basis.shape[1]:
        return None
    x_w = cache.whitened_x(prepared, days, x)
    nuisance, y_w = prepared.whitened[:, :-1], prepared.whitened[:, -1]
    design = np.column_stack([x_w, nuisance])
    coef, residual, sigma2, df = _ols(design, y_w)
    if df < 3 or not math.isfinite(sigma2):
        return None
    # The habit's own part, once the (whitened) nuisance terms are taken out of it.
    x_part = x_w - np.einsum("ij,j->i", nuisance, _solve(nuisance, x_w))
    information = float(np.einsum("i,i->", x_part, x_part))
    if information <= 1e-12:
        return None
    inflation = leftover_inflation(x_part, residual)
    se = math.sqrt(sigma2 * inflation / information)
    beta = float(coef[0])
    df = max(3, int(len(y) / inflation) - design.shape[1])
    share, phi = prepared.share, prepared.phi
    return Fit(beta=beta, se=se, t=beta / se, df=df, phi=round(share * phi, 3), n=len(y))


def _autocorrelations(series: np.ndarray, lags: int) -> np.ndarray:
    centred = series - series.mean()
    total = float(np.einsum("i,i->", centred, centred))
    if total <= 0:
        return np.zeros(lags)
    return np.array(
        [float(np.einsum("i,i->", centred[k:], centred[:-k])) / total for k in range(1, lags + 1)]
    )


def leftover_inflation(x_part: np.ndarray, residual: np.ndarray) -> float:
    """Bartlett's variance factor for what the AR(1) filter left behind: the whitened
    outcome of a real person is not white (check-ins add noise to a carried-over mood, so
    the truth is closer to ARMA(1,1)), and a habit in runs stays correlated after
    filtering. 1 + 2 * sum of w_k * r_x(k) * r_e(k) (Bartlett weights over n/5 lags, as
    in Pyper and Peterman's test for autocorrelated series); never below 1, so the filter
    can only be trusted less, never more."""
    lags = min(len(residual) // 5, 20)
    if lags < 1:
        return 1.0
    weights = 1 - np.arange(1, lags + 1) / (lags + 1)
    products = _autocorrelations(x_part, lags) * _autocorrelations(residual, lags)
    return max(1.0, 1 + 2 * float((weights * products).sum()))


# --- Enough evidence, spread out --------------------------------------------------------


def sides(kind: str, x: np.ndarray) -> tuple[np.ndarray, float, float] | None:
    """Which days count as "with" (or "high"), and the typical low and high value."""
    if kind == Kind.YESNO:
        return x > 0.5, 0.0, 1.0
    if len(x) == 0:
        return None
    middle = float(np.median(x))
    high = x > middle
    if not high.any():
        high = x >= middle
    if high.all():
        return None
    return high, float(np.median(x[~high])), float(np.median(x[high]))


def stretches(mask: np.ndarray) -> list[int]:
    """Lengths of the runs of True in the order of the logged days."""
    edges = np.diff(np.r_[0, np.asarray(mask, dtype=np.int8), 0])
    return (np.flatnonzero(edges == -1) - np.flatnonzero(edges == 1)).tolist()


def spread_enough(mask: np.ndarray) -> bool:
    for side in (mask, ~mask):
        runs = stretches(side)
        total = sum(runs)
        if total < MIN_SIDE_DAYS or len(runs) < MIN_STRETCHES:
            return False
        if max(runs) > MAX_STRETCH_SHARE * total:
            return False
    return True


def waiting_text(series: HabitSeries, mask: np.ndarray | None) -> str:
    with_word, without_word = (
        ("with it", "without") if series.kind == Kind.YESNO else ("above your middle", "below it")
    )
    if mask is None:
        return f"{series.label}: waiting for days that differ, so there is something to compare."
    counts = []
    for side, word in ((mask, with_word), (~mask, without_word)):
        runs = stretches(side)
        stretch_word = "stretch" if len(runs) == 1 else "stretches"
        counts.append(f"{sum(runs)} days {word} in {len(runs)} {stretch_word}")
    return (
        f"{series.label}: so far {counts[0]}, {counts[1]}. Waiting for at least "
        f"{MIN_SIDE_DAYS} days on each side, spread over {MIN_STRETCHES} or more separate "
        "stretches, none holding half of them."
    )


def enough_days(kind: str, x: np.ndarray) -> bool:
    found = sides(kind, x)
    return found is not None and spread_enough(found[0])


# --- Words --------------------------------------------------------------------------------


def _fmt_value(value: float, unit: Unit | None) -> str:
    """A number with its unit ("2 servings", "1 hour"); a scale's rating is a plain number."""
    number = f"{value:g}" if value == int(value) else f"{value:.2f}".rstrip("0").rstrip(".")
    return number if unit is None else f"{number} {unit.of(value)}"


def _sure_words(effect: float, low: float, high: float) -> str:
    bound = low if effect > 0 else -high
    if bound >= 0.05:
        return f"fairly sure it is at least {bound:.1f}"
    return "fairly sure it is not zero"


def _sentence(result: Comparison, low: float, high: float) -> str:
    series, outcome, effect = result.series, result.outcome, result.effect
    label = series.label if series.key.startswith("tag:") else series.label.lower()
    size = f"about {abs(effect):.1f} {'higher' if effect > 0 else 'lower'}"
    tail = f", on a scale of {outcome.scale}; {_sure_words(effect, low, high)}."
    if series.kind == Kind.YESNO:
        days = "On days with" if result.lag == SAME_DAY else "On days after"
        return f"{days} {label} your {outcome.label} was {size}{tail}"
    levels = (
        f"{_fmt_value(result.high_value, series.unit)} against "
        f"{_fmt_value(result.low_value, series.unit)}"
    )
    when = "that day" if result.lag == SAME_DAY else "the next day"
    return f"With more {label} ({levels}) your {outcome.label} {when} was {size}{tail}"


def _detail(result: Comparison, low: float, high: float, level: float, n_with: int) -> str:
    percent = f"{math.floor(level * 1000) / 10:g}%"
    n_without = result.fit.n - n_with
    sides_text = (
        f"{n_with} days with, {n_without} without"
        if result.series.kind == Kind.YESNO
        else f"{n_with} days above your middle value, {n_without} at or below it"
    )
    return (
        f"{sides_text}; difference {result.effect:+.2f} points ({percent} interval "
        f"{low:+.2f} to {high:+.2f}). Compared after allowing for the weekday, slow drift "
        f"and day-to-day carry-over (estimated at {result.fit.phi:.2f}); "
        f"{_p_text(result.p_value)}, one of {{tests}} tests, corrected for all of them "
        f"(Benjamini-Hochberg at {FDR_Q:g})."
    )


def _p_text(p_value: float) -> str:
    return "p < 0.0001" if p_value < 0.0001 else f"p = {p_value:.4f}"


def reverse_text(series: HabitSeries, outcome: Outcome) -> str:
    low_word = "low" if outcome.higher_is_better else "high"
    label = series.label if series.key.startswith("tag:") else series.label.lower()
    return (
        f"{low_word.capitalize()}-{outcome.label} days are often followed by {label}: "
        "it may be the other way round."
    )


def _describe(
    result: Comparison, interval: tuple[float, float], level: float, reverse: bool, tests: int
) -> Insight:
    low, high = interval
    mask = sides(result.series.kind, result.x)[0]  # type: ignore[index]
    n_with = int(mask.sum())
    good = result.effect > 0 if result.outcome.higher_is_better else result.effect < 0
    direction = "better" if good else "worse"
    when = "the same day" if result.lag == SAME_DAY else "the next day"
    headline_label = result.series.label[:1].upper() + result.series.label[1:]
    if result.series.kind == Kind.NUMBER:
        headline_label = f"More {result.series.label.lower()}"
    return Insight(
        key=result.series.key,
        label=result.series.label,
        kind=result.series.kind,
        outcome=result.outcome.key,
        outcome_label=result.outcome.label,
        lag=result.lag,
        direction=direction,
        effect=round(result.effect, 3),
        low=round(low, 3),
        high=round(high, 3),
        p_value=round(result.p_value, 5),
        n=result.fit.n,
        n_with=n_with,
        n_without=result.fit.n - n_with,
        interval_level=round(level, 4),
        sentence=_sentence(result, low, high),
        detail=_detail(result, low, high, level, n_with).replace("{tests}", str(tests)),
        headline=f"{headline_label} goes with {direction} {result.outcome.label} {when}",
        reverse=reverse,
        reverse_text=reverse_text(result.series, result.outcome) if reverse else "",
        phi=result.fit.phi,
    )


# --- The whole procedure ---------------------------------------------------------------


def _candidate(
    series: HabitSeries, outcome: Outcome, lag: str, cache: FitCache | None = None
) -> tuple[tuple | None, np.ndarray | None]:
    """The paired days and values to test (numbers winsorised), or None with the mask that
    was not spread enough (to say what it waits for)."""
    if cache is None:
        return _new_candidate(series, outcome, lag)
    key = (id(series), id(outcome), lag)
    if key not in cache.candidates:
        cache.candidates[key] = _new_candidate(series, outcome, lag)
    return cache.candidates[key]


def _new_candidate(
    series: HabitSeries, outcome: Outcome, lag: str
) -> tuple[tuple | None, np.ndarray | None]:
    days, x, y = paired(series.values, outcome.values, LAGS[lag])
    found = sides(series.kind, x)
    if found is None:
        return None, None
    mask, low_value, high_value = found
    if not spread_enough(mask):
        return None, mask
    if series.kind == Kind.NUMBER:
        # A few extreme days (a 5-litre day of water) must not carry the slope alone.
        low_cut, high_cut = np.percentile(x, [5, 95])
        x = np.clip(x, low_cut, high_cut)
    return (days, x, y, low_value, high_value), mask


def compare(
    series: HabitSeries, outcome: Outcome, lag: str, cache: FitCache | None = None
) -> tuple[Comparison | None, np.ndarray | None]:
    """The test of one habit against one outcome at one lag, or None with the mask that
    was not spread enough (to say what it waits for)."""
    candidate, mask = _candidate(series, outcome, lag, cache)
    if candidate is None:
        return None, mask
    days, x, y, low_value, high_value = candidate
    step = 1.0 if series.kind == Kind.YESNO else high_value - low_value
    if step <= 0:
        return None, mask
    fit = adjusted_fit(x, y, days, cache)
    if fit is None:
        return None, mask
    comparison = Comparison(series, outcome, lag, days, x, y, fit, step, low_value, high_value)
    return comparison, mask


def _whiten_together(
    outcome: Outcome, habits: Sequence[HabitSeries], lag: str, cache: FitCache
) -> None:
    """Whiten every habit that will be tested on the same days in one pass."""
    groups: dict[bytes, tuple[np.ndarray, np.ndarray, list[np.ndarray]]] = {}
    for series in habits:
        if series.key == outcome.key:
            continue
        candidate, _ = _candidate(series, outcome, lag, cache)
        if candidate is not None:
            days, x, y = candidate[:3]
            groups.setdefault(days.tobytes(), (days, y, []))[2].append(x)
    for days, y, xs in groups.values():
        cache.whiten_many(cache.prepared(days, y), days, xs)


def reverse_fit(series: HabitSeries, outcome: Outcome) -> Fit | None:
    """Yesterday's outcome against today's habit."""
    shifted = {day + timedelta(days=1): value for day, value in outcome.values.items()}
    days, y_prev, habit = paired(shifted, series.values, 0)
    if len(days) < MIN_DAYS_FOR_INSIGHTS or np.ptp(habit) == 0:
        return None
    return adjusted_fit(y_prev, habit, days)


def is_reverse(result: Comparison) -> bool:
    """Does yesterday's outcome predict today's habit at least as well (|t| as large)?"""
    fit = reverse_fit(result.series, result.outcome)
    return fit is not None and abs(t_to_z(fit.t, fit.df)) >= abs(
        t_to_z(result.fit.t, result.fit.df)
    )


def _as_outcomes(outcomes: Mapping[date, float] | Sequence[Outcome]) -> list[Outcome]:
    if isinstance(outcomes, Mapping):
        return [mood_outcome(dict(outcomes))]
    return list(outcomes)


def run_tests(
    outcomes: Sequence[Outcome], habits: Sequence[HabitSeries]
) -> tuple[list[Comparison], list[Waiting]]:
    cache = FitCache()
    results: list[Comparison] = []
    waiting: dict[str, Waiting] = {}
    tested: set[str] = set()
    for outcome in outcomes:
        if len(outcome.values) < MIN_DAYS_FOR_INSIGHTS:
            continue
        for lag in LAGS:
            _whiten_together(outcome, habits, lag, cache)
        for series in habits:
            if series.key == outcome.key:
                continue  # gut comfort is not tested against itself
            for lag in LAGS:
                result, mask = compare(series, outcome, lag, cache)
                if result is not None:
                    results.append(result)
                    tested.add(series.key)
                elif series.key not in waiting and series.values:
                    waiting[series.key] = Waiting(
                        series.key, series.label, waiting_text(series, mask)
                    )
    return results, [w for key, w in waiting.items() if key not in tested]


def find_insights(
    outcomes: Mapping[date, float] | Sequence[Outcome], habits: Sequence[HabitSeries]
) -> InsightReport:
    outcome_list = _as_outcomes(outcomes)
    logged_days = set().union(*(series.values for series in habits)) if habits else set()
    mood = next((o for o in outcome_list if o.key == "mood"), None)
    paired_days = len(logged_days & mood.values.keys()) if mood else 0
    report = InsightReport(paired_days=paired_days)
    if paired_days < MIN_DAYS_FOR_INSIGHTS:
        report.days_needed = MIN_DAYS_FOR_INSIGHTS - paired_days
        return report
    results, report.waiting = run_tests(outcome_list, habits)
    report.tests_made = len(results)
    rejected = benjamini_hochberg([result.p_value for result in results])
    kept = sorted(
        (result for result, keep in zip(results, rejected, strict=True) if keep),
        key=lambda result: (result.p_value, -abs(result.effect)),
    )
    # Intervals for links picked out of many are widened to match (Benjamini and
    # Yekutieli's false coverage rate): 1 - R*q/m instead of 95%.
    level = 1 - len(kept) * FDR_Q / max(len(results), 1)
    for result in kept:
        half = t_quantile(level, result.fit.df) * result.fit.se * result.step
        interval = (result.effect - half, result.effect + half)
        report.insights.append(_describe(result, interval, level, is_reverse(result), len(results)))
    return report
