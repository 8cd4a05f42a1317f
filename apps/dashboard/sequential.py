"""Answers to questions asked in advance: pure functions, no Django.

A question names one habit or tag, one outcome and a lag before the data is in, so it is
tested on its own, on the days logged after it was asked, with no correction for the
screening's many tests. People look every day, and a fixed-sample p-value recomputed daily
would find a "yes" by chance far more often than it claims. The error rate is split in two:

- ALPHA_ANYTIME (1%) for a test that is valid however often it is looked at: a mixture
  likelihood ratio (Robbins' normal mixture, the e-value of the safe-testing literature:
  Grünwald, de Heide and Koolen, "Safe testing", 2024; the boundary is the one Howard,
  Ramdas, McAuliffe and Sekhon give for confidence sequences, 2021). Each day the habit's
  standardised coefficient z from stats.adjusted_fit (weekday, drift and carry-over allowed
  for, as in the screening) over the k days so far gives the e-value
  E_k = sqrt(rho / (rho + k)) * exp(z^2 k / (2 (rho + k))); "yes" once E_k >= 1 / alpha.
  Under no link E is (approximately) a nonnegative martingale with mean 1, so by Ville's
  inequality the chance it ever reaches 1/alpha is at most alpha.
- What the e-value leaves unspent goes to one look at the number of days the person chose
  when asking: a fixed-sample test is valid there because that day was fixed in advance.
  The e-value alone would cost a third of the power at 45 days (its boundary is near
  z = 2.9, not 2.05). The end look's threshold is set so that the whole procedure, the
  e-value checked on every day and the end look, says a false "yes" with probability
  ALPHA_TOTAL (5%): alpha_at_end() computes, for the planned days, the chance that a null
  random walk of standardised days crosses the e-value's boundary on some day up to the end
  (the same normal model the e-value's mixture is built on), and the end region that brings
  the total to 5% less APPROXIMATION_MARGIN (0.5%), paths that crossed counted once.
  Ville's inequality only bounds the crossing by 1%; with daily looks at 14 to 180 days it
  is about 0.2 to 0.3%, and most paths that cross end in the rejection region anyway, so
  the end look gets about 4.4% instead of the 4% a plain union bound (1% + 4%) left it.
  Every look counted is a day with data, so counting all of them can only overstate the
  crossing. The margin is there because the model is an approximation: spending the whole
  5% measured 5.2% false yeses in the weekday family (900 seeds). The gain matters most
  for "either way" questions, whose end look is two-sided.

So a person who looks every day sees a false "yes" at most 5% of the time, and one who
waits for the end keeps nearly all the power of a single pre-registered test.
tests/honesty/ measures both.
"""

import math
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import numpy as np

from apps.dashboard import stats

ALPHA_TOTAL = 0.05
ALPHA_ANYTIME = 0.01  # the e-value's boundary is 1 / ALPHA_ANYTIME
# Held back from the end look for what the normal model leaves out (the t-to-z step, the
# nuisance terms and carry-over estimated on few days): the weekday family of
# tests/honesty/ reached 5.2% false yeses over 900 seeds when the end look took all of it.
APPROXIMATION_MARGIN = 0.005
# The null random walk of alpha_at_end(): its grid step and how far its steps reach, in SDs.
WALK_GRID_STEP = 0.04
WALK_KERNEL_SDS = 7.0
POWER_FOR_SETTLING = 0.8
MIN_PLANNED_DAYS = 14
MAX_PLANNED_DAYS = 180
DEFAULT_PLANNED_DAYS = 45


BETTER, WORSE, EITHER = "better", "worse", "either"


def direction_sign(direction: str, outcome: stats.Outcome) -> int:
    """+1 when the question expects the outcome's number to rise, -1 to fall, 0 either."""
    if direction == EITHER:
        return 0
    rises = (direction == BETTER) == outcome.higher_is_better
    return 1 if rises else -1


def p_value(fit: stats.Fit, sign: int) -> float:
    if not sign:
        return fit.p_value
    return stats.normal_sf(sign * stats.t_to_z(fit.t, fit.df))


@dataclass(frozen=True)
class Answer:
    state: str  # "waiting", "not yet", "yes", "no clear change"
    days_used: int
    days_left: int  # until the planned end
    sentence: str
    detail: str = ""
    effect: float | None = None
    low: float | None = None
    high: float | None = None
    settle_size: float | None = None  # the change the planned days would settle
    max_e_value: float = 1.0


def mixture_rho(planned: int, alpha: float = ALPHA_ANYTIME) -> float:
    """The mixing precision that makes the boundary lowest at the planned number of days."""
    best, best_bound = 1.0, math.inf
    for rho in np.geomspace(0.5, 4 * planned, 60):
        bound = (1 + rho / planned) * (2 * math.log(1 / alpha) + math.log(1 + planned / rho))
        if bound < best_bound:
            best, best_bound = float(rho), bound
    return best


def e_value(z: float, k: int, rho: float, sign: int = 0) -> float:
    """The normal-mixture e-value of k days at standardised coefficient z. sign 0: both
    directions (a normal mixture); +1 or -1: only the direction asked (a half-normal
    mixture, which doubles the density on that side: the factor 2 * Phi)."""
    exponent = z * z * k / (2 * (rho + k))
    value = math.sqrt(rho / (rho + k)) * math.exp(min(exponent, 700.0))
    if sign:
        value *= 2 * (1 - stats.normal_sf(sign * z * math.sqrt(k) / math.sqrt(rho + k)))
    return value


def boundary(k: int, rho: float, sign: int) -> float:
    """The standardised coefficient z at which the e-value of k days reaches
    1 / ALPHA_ANYTIME (on the side asked when sign is +1 or -1; |z| when 0)."""
    if not sign:
        return math.sqrt((rho + k) / k * (2 * math.log(1 / ALPHA_ANYTIME) + math.log1p(k / rho)))
    low, high = 0.0, 50.0
    for _ in range(60):
        middle = (low + high) / 2
        if e_value(middle, k, rho, 1) >= 1 / ALPHA_ANYTIME:
            high = middle
        else:
            low = middle
    return high


def _null_walk(planned: int, sign: int) -> tuple[np.ndarray, np.ndarray, float]:
    """The standardised sum after `planned` independent N(0, 1) days, as a density on a
    grid with the paths removed that crossed the e-value's boundary on some day, and the
    probability of crossing."""
    rho = mixture_rho(planned)
    reach = 6 * math.sqrt(planned) + 2 * WALK_KERNEL_SDS
    grid = np.arange(-reach, reach + WALK_GRID_STEP / 2, WALK_GRID_STEP)
    steps = np.arange(-WALK_KERNEL_SDS, WALK_KERNEL_SDS + WALK_GRID_STEP / 2, WALK_GRID_STEP)
    kernel = np.exp(-(steps**2) / 2)
    kernel /= kernel.sum()
    density = np.zeros_like(grid)
    density[len(grid) // 2] = 1.0
    crossed = 0.0
    for k in range(1, planned + 1):
        density = np.convolve(density, kernel, mode="same")
        edge = boundary(k, rho, sign) * math.sqrt(k)
        hit = (np.abs(grid) if not sign else grid) >= edge
        crossed += float(density[hit].sum())
        density[hit] = 0.0
    return grid / math.sqrt(planned), density, crossed


@lru_cache(maxsize=512)
def alpha_at_end(planned: int, one_sided: bool) -> float:
    """The nominal level of the planned end's test (two-sided, or on the side asked) that
    brings the chance of any false yes, daily e-value looks included, to ALPHA_TOTAL."""
    sign = 1 if one_sided else 0
    z, density, crossed = _null_walk(planned, sign)
    distance = z if one_sided else np.abs(z)
    low, high = 0.0, 10.0
    for _ in range(60):  # the smallest end threshold that keeps the total within budget
        middle = (low + high) / 2
        if crossed + float(density[distance >= middle].sum()) > ALPHA_TOTAL - APPROXIMATION_MARGIN:
            low = middle
        else:
            high = middle
    tail = stats.normal_sf(high)
    return tail if one_sided else 2 * tail


def window(
    series: stats.HabitSeries, outcome: stats.Outcome, lag: int, asked_on: date, planned: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The pairs whose habit day and outcome day both come after the question was asked,
    up to the planned end."""
    days, x, y = stats.paired(series.values, outcome.values, lag)
    first = (asked_on + timedelta(days=1 + lag)).toordinal()
    last = (asked_on + timedelta(days=planned)).toordinal()
    keep = (days >= first) & (days <= last)
    return days[keep], x[keep], y[keep]


def _z(x: np.ndarray, y: np.ndarray, days: np.ndarray, kind: stats.Kind) -> stats.Fit | None:
    found = stats.sides(kind, x)
    if found is None or not stats.spread_enough(found[0]):
        return None
    return stats.adjusted_fit(x, y, days)


def e_process(
    x: np.ndarray, y: np.ndarray, days: np.ndarray, kind: stats.Kind, planned: int, sign: int
) -> list[float]:
    """The e-value after each day (1 until there is enough to compare)."""
    rho = mixture_rho(planned)
    values = []
    for k in range(1, len(days) + 1):
        fit = _z(x[:k], y[:k], days[:k], kind)
        if fit is None:
            values.append(1.0)
            continue
        values.append(e_value(stats.t_to_z(fit.t, fit.df), k, rho, sign))
    return values


def settle_size(
    fit: stats.Fit | None, step: float, planned_pairs: int, pairs: int, end_alpha: float, sign: int
) -> float | None:
    """The change the planned days would find 80% of the time at the end, from the
    spread so far (the standard error shrinks with the square root of the days)."""
    if fit is None or pairs == 0:
        return None
    se_at_end = fit.se * step * math.sqrt(pairs / max(planned_pairs, pairs))
    z_end = stats.normal_quantile(1 - (end_alpha if sign else end_alpha / 2))
    return (z_end + stats.normal_quantile(POWER_FOR_SETTLING)) * se_at_end


def answer(
    series: stats.HabitSeries,
    outcome: stats.Outcome,
    lag: int,
    asked_on: date,
    planned: int,
    today: date,
    direction: str = EITHER,
) -> Answer:
    """`direction` is what the person asked: a better or a worse outcome, or either. A
    one-sided question is tested one-sided, so all its error rate is spent on the side asked
    about; a change the other way is reported, never as a yes."""
    days, x, y = window(series, outcome, lag, asked_on, planned)
    sign = direction_sign(direction, outcome)
    days_left = max(0, (asked_on + timedelta(days=planned) - today).days)
    at_end = days_left == 0
    kind = series.kind
    found = stats.sides(kind, x)
    fit = _z(x, y, days, kind)
    step = 1.0 if kind == stats.Kind.YESNO or found is None else found[2] - found[1]
    if fit is None:
        return Answer(
            "waiting",
            len(days),
            days_left,
            f"Not yet: {len(days)} day{'s' if len(days) != 1 else ''} logged since you asked. "
            + (
                stats.waiting_text(series, found[0] if found else None)
                if len(days)
                else "Log the habit and check in on the days ahead."
            ),
        )
    history = e_process(x, y, days, kind, planned, sign)
    crossed = max(history) >= 1 / ALPHA_ANYTIME
    effect = fit.beta * step
    end_alpha = alpha_at_end(planned, bool(sign))
    final_yes = at_end and p_value(fit, sign) <= end_alpha
    # The interval that excludes zero exactly when the end's test says yes (a one-sided
    # test at alpha is the lower end of a two-sided 1 - 2 alpha interval).
    level = 1 - (2 if sign else 1) * end_alpha if at_end else 1 - 2 * ALPHA_ANYTIME
    half = stats.t_quantile(level, fit.df) * fit.se * step
    low, high = effect - half, effect + half
    words = _effect_words(series, outcome, lag, effect)
    detail = (
        f"{len(days)} days since you asked; estimate {effect:+.2f} points, "
        f"{level:.0%} interval {low:+.2f} to {high:+.2f}. Allowing for the weekday, slow "
        f"drift and day-to-day carry-over. Largest e-value so far {max(history):.1f} "
        f"(a yes before the end needs {1 / ALPHA_ANYTIME:g}); at the end, p = "
        f"{p_value(fit, sign):.3f} ({'either way' if not sign else 'one-sided, as asked'}) "
        f"against {end_alpha:.3f}."
    )
    if crossed or final_yes:
        return Answer(
            "yes",
            len(days),
            days_left,
            f"Yes: {words}",
            detail,
            effect,
            low,
            high,
            max_e_value=max(history),
        )
    if at_end:
        return Answer(
            "no clear change",
            len(days),
            0,
            f"No clear change: over the {planned} days, any change in your {outcome.label} "
            f"was likely between {low:+.1f} and {high:+.1f} points.",
            detail,
            effect,
            low,
            high,
            max_e_value=max(history),
        )
    planned_pairs = int(len(days) * planned / max((today - asked_on).days, 1))
    size = settle_size(fit, step, planned_pairs, len(days), end_alpha, sign)
    return Answer(
        "not yet",
        len(days),
        days_left,
        f"Not yet: {days_left} more day{'s' if days_left != 1 else ''} would settle a change "
        f"of about {size:.1f} points in your {outcome.label}.",
        detail,
        effect,
        low,
        high,
        size,
        max(history),
    )


def _effect_words(
    series: stats.HabitSeries, outcome: stats.Outcome, lag: int, effect: float
) -> str:
    size = f"about {abs(effect):.1f} {'higher' if effect > 0 else 'lower'}"
    label = series.label if series.key.startswith("tag:") else series.label.lower()
    if series.kind == stats.Kind.YESNO:
        days = "on days with" if lag == 0 else "on days after"
        return f"{days} {label} your {outcome.label} was {size}, on a scale of 1 to 5."
    when = "that day" if lag == 0 else "the next day"
    return f"with more {label} your {outcome.label} {when} was {size}, on a scale of 1 to 5."
