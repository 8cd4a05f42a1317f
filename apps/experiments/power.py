"""How often a design finds an effect of a given size, by simulating the very test the
report runs, on whole-number daily outcomes like the ones people log (a 1-5 mood). The
figure shown when planning comes from here, and the tests check the real code path
against it.

Whole numbers tie: many schedules give exactly the observed difference, and an exact test
counts every tie as "at least as extreme". That keeps false alarms under 5% (well under,
about 2%) at the cost of power, and it is why these figures are lower than a textbook
calculation for a smooth outcome."""

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from apps.experiments.analysis import (
    ALPHA,
    Design,
    all_conditions,
    analysed_days,
    conditions,
    first_days_of_switch,
    p_values,
)

MODERATE_EFFECT_SD = 0.6
BASE_MOOD = 3.0
DAY_SD = 0.9  # the unrounded day-to-day spread of the outcome, in points
LOGGED_SD = float(np.sqrt(DAY_SD**2 + 1 / 12))  # its spread once rounded to a whole number


def effect_points(effect_sd: float) -> float:
    """An effect of `effect_sd` standard deviations of the outcome as logged, in points."""
    return effect_sd * LOGGED_SD


@dataclass(frozen=True)
class Days:
    outcome: np.ndarray  # (people, days): whole numbers 1-5, NaN on a day not logged
    done: np.ndarray  # (people, days): the habit as logged (meaningless where outcome is NaN)


def generate(
    rng: np.random.Generator,
    on: np.ndarray,
    effect_sd: float,
    missing: float = 0.0,
    not_followed: float = 0.0,
    carry_days: int = 0,
) -> Days:
    """Days of people following a schedule `on` (people, days). `not_followed`: the share of
    days the person did the opposite; `carry_days`: after each switch the habit's effect
    shows that many days late (the last period lingers)."""
    on = np.atleast_2d(on)
    done = on ^ (rng.random(on.shape) < not_followed)
    acting = done
    if carry_days:
        previous = np.concatenate([done[:, :1], done[:, :-1]], axis=1)
        acting = np.where(first_days_of_switch(on, carry_days), previous, done)
    latent = BASE_MOOD + rng.normal(0, DAY_SD, on.shape) + effect_points(effect_sd) * acting
    outcome = np.clip(np.round(latent), 1, 5)
    outcome[rng.random(on.shape) < missing] = np.nan
    return Days(outcome, done)


def draw_schedules(rng: np.random.Generator, design: Design, people: int) -> np.ndarray:
    return conditions(rng.random((people, design.pairs)) < 0.5, design.period_days)


def simulate_p_values(
    design: Design, effect_sd: float, people: int, seed: int, missing: float = 0.0
) -> np.ndarray:
    rng = np.random.default_rng(seed)
    on = draw_schedules(rng, design, people)
    y = generate(rng, on, effect_sd, missing).outcome
    y[:, ~analysed_days(design)] = np.nan
    return p_values(y, on, all_conditions(design))


@lru_cache(maxsize=64)
def power(design: Design, effect_sd: float = MODERATE_EFFECT_SD, people: int = 2000) -> float:
    if design.smallest_p > ALPHA:
        return 0.0
    return float((simulate_p_values(design, effect_sd, people, seed=20261201) <= ALPHA).mean())
