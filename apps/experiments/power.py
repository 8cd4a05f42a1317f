"""How often a design finds an effect of a given size: by simulation of the very test the
report runs, so the figure shown when planning is the one the tests check."""

from functools import lru_cache

import numpy as np

from apps.experiments.analysis import (
    ALPHA,
    Design,
    all_conditions,
    analysed_days,
    conditions,
    p_values,
)

MODERATE_EFFECT_SD = 0.6


def simulate_p_values(
    design: Design, effect_sd: float, people: int, seed: int, missing: float = 0.0
) -> np.ndarray:
    """p-values for `people` simulated people: independent normal days (SD 1), the habit
    adding `effect_sd`, each day missing with probability `missing`."""
    rng = np.random.default_rng(seed)
    orders = rng.random((people, design.pairs)) < 0.5
    on = conditions(orders, design.period_days)
    y = rng.normal(size=on.shape) + effect_sd * on
    y[:, ~analysed_days(design)] = np.nan
    y[rng.random(on.shape) < missing] = np.nan
    return p_values(y, on, all_conditions(design))


@lru_cache(maxsize=64)
def power(design: Design, effect_sd: float = MODERATE_EFFECT_SD, people: int = 2000) -> float:
    if design.smallest_p > ALPHA:
        return 0.0
    return float((simulate_p_values(design, effect_sd, people, seed=20261201) <= ALPHA).mean())
