"""Generated people on known schedules: does the experiment find a true effect as often as
its randomisation test can, stay quiet when there is none, give a correct but wider answer
with missing days and non-adherence, and notice carry-over?

Two kinds of people. Thousands are simulated with numpy and analysed by the same functions
the report uses (apps/experiments/analysis.py): they measure the rates. A few dozen go the
whole way: their days and check-ins are saved by lifestyle's services, the experiment is
planned by experiments' services with a known seed, analysed, and its report page read.
They must get exactly the p-value the vectorised path gives for the same numbers, so the
rates measured on the first apply to the second.

The design is the default plan: 8 weeks in 9 pairs of 3-day periods (512 schedules).
Run: .venv/bin/python -m pytest -q tests/experiments/test_simulation.py -s
(-s prints the measured rates).
"""

from datetime import datetime, time, timedelta
from decimal import Decimal

import numpy as np
import pytest

from apps.experiments.analysis import (
    ALPHA,
    Design,
    all_conditions,
    carry_over,
    carry_over_days,
    estimate,
    p_values,
    p_values_at,
)
from apps.experiments.power import (
    BASE_MOOD,
    DAY_SD,
    MODERATE_EFFECT_SD,
    draw_schedules,
    effect_points,
    generate,
    power,
)
from apps.experiments.schedule import schedule_conditions
from apps.experiments.services import analyse, plan_experiment
from apps.lifestyle.services import save_day
from apps.mood.models import MoodCheckIn
from tests.factories import UserFactory, fermented_food_plan

DESIGN = Design(pairs=9, period_days=3)
EVERY = all_conditions(DESIGN)
SIMULATED = 4000
NULL_SIMULATED = 10000
LIVE_PEOPLE = 16
Z_99 = 2.576


def wilson_upper(rate: float, n: int, z: float = Z_99) -> float:
    centre = rate + z * z / (2 * n)
    spread = z * np.sqrt(rate * (1 - rate) / n + z * z / (4 * n * n))
    return float((centre + spread) / (1 + z * z / n))


def binomial_range(n: int, rate: float, z: float = 3.3) -> tuple[float, float]:
    sd = np.sqrt(n * rate * (1 - rate))
    return n * rate - z * sd, n * rate + z * sd


def true_effect_on_the_logged_scale(effect_sd: float) -> float:
    """Rounding and the 1-5 limits shrink an effect a little: this is its size as logged."""
    latent = BASE_MOOD + np.random.default_rng(0).normal(0, DAY_SD, 1_000_000)
    logged = [
        np.clip(np.round(latent + shift), 1, 5).mean() for shift in (0, effect_points(effect_sd))
    ]
    return float(logged[1] - logged[0])


def detection_rate(effect_sd: float, people: int, seed: int) -> float:
    rng = np.random.default_rng(seed)
    on = draw_schedules(rng, DESIGN, people)
    days = generate(rng, on, effect_sd)
    return float((p_values(days.outcome, on, EVERY) <= ALPHA).mean())


def test_a_moderate_effect_is_found_at_the_power_the_plan_page_states():
    rate = detection_rate(MODERATE_EFFECT_SD, SIMULATED, seed=1)
    stated = power(DESIGN)  # 2000 other simulated people, as the plan page shows
    print(f"\npower at 0.6 SD, 8 weeks: {rate:.3f} over {SIMULATED} people (stated {stated:.3f})")
    assert abs(rate - stated) < 0.04
    assert 0.3 < rate < 0.55


def test_no_effect_gives_a_false_result_in_at_most_five_percent():
    rate = detection_rate(0.0, NULL_SIMULATED, seed=2)
    upper = wilson_upper(rate, NULL_SIMULATED)
    print(f"\nfalse results with no effect: {rate:.4f} of {NULL_SIMULATED} (99% upper {upper:.4f})")
    assert upper <= 0.05


def _covers(y, on, delta: float) -> np.ndarray:
    return p_values_at(y, on, EVERY, np.array([delta]))[:, 0] > ALPHA


def test_missing_days_and_non_adherence_still_give_a_correct_wider_answer():
    truth = true_effect_on_the_logged_scale(MODERATE_EFFECT_SD)
    rng = np.random.default_rng(3)
    on = draw_schedules(rng, DESIGN, SIMULATED)
    messy = generate(rng, on, MODERATE_EFFECT_SD, missing=0.3, not_followed=0.2)
    followed = np.where(messy.done == on, messy.outcome, np.nan)
    # As assigned, a fifth of days going the other way on each side dilutes the effect to 60%.
    itt_cover = _covers(messy.outcome, on, 0.6 * truth).mean()
    pp_cover = _covers(followed, on, truth).mean()
    print(
        f"\ncoverage of the 95% intervals: as planned {itt_cover:.3f}, per protocol {pp_cover:.3f}"
    )
    assert itt_cover >= 0.94 and pp_cover >= 0.94

    clean = generate(rng, on[:150], MODERATE_EFFECT_SD)
    widths = {"clean": [], "messy": []}
    effects = []
    for i in range(150):
        for name, y in (("clean", clean.outcome[i]), ("messy", followed[i])):
            result = estimate(y, on[i], DESIGN, scale_span=4)
            widths[name].append(result.high - result.low)
            if name == "messy":
                effects.append(result.effect)
    clean_width, messy_width = np.mean(widths["clean"]), np.mean(widths["messy"])
    print(
        f"mean interval width: full data {clean_width:.2f}, "
        f"30% missing + 20% not followed {messy_width:.2f}"
    )
    assert messy_width > clean_width * 1.15
    assert abs(np.mean(effects) - truth) < 0.08  # per protocol is still about the true size


def _carry_over_rate(carry_days: int, effect_sd: float, people: int, seed: int) -> float:
    rng = np.random.default_rng(seed)
    on = draw_schedules(rng, DESIGN, people)
    days = generate(rng, on, effect_sd, carry_days=carry_days)
    first = carry_over_days(DESIGN.period_days)
    checks = [carry_over(days.outcome[i], on[i], first) for i in range(people)]
    return float(np.mean([check is not None and check.found for check in checks]))


def test_carry_over_into_the_next_period_is_detected():
    found = _carry_over_rate(1, 1.0, 1500, seed=4)
    false_flags = _carry_over_rate(0, 1.0, 3000, seed=5)
    print(
        f"\ncarry-over of a 1 SD effect lingering a day: found {found:.3f}; "
        f"without carry-over, flagged {false_flags:.3f}"
    )
    assert found >= 0.8
    assert false_flags <= 0.065


# --- The whole way: services, analysis, report page ---------------------------------------------

FIELDS = fermented_food_plan(threshold=Decimal(1), length_days=56)


def live_person(client, seed: int, effect_sd: float, **messiness) -> tuple[float, float, str]:
    """A person whose 8 weeks ended a few days ago, logged day by day through save_day.
    Returns (p through the services, p of the vectorised path on the same numbers, verdict)."""
    person = UserFactory()
    today = person.local_today()
    start = today - timedelta(days=60)
    experiment = plan_experiment(person, {**FIELDS, "start_date": start}, start, seed=seed)
    on = schedule_conditions(experiment)
    days = generate(np.random.default_rng(seed), on[None, :], effect_sd, **messiness)
    for index, mood in enumerate(days.outcome[0]):
        if np.isnan(mood):
            continue
        day = start + timedelta(days=index)
        at = datetime.combine(day, time(20), tzinfo=person.tzinfo)
        checkin = MoodCheckIn(at=at, local_date=day, mood=int(mood))
        save_day(person, day, {"fermented_servings": int(days.done[0, index])}, checkin=checkin)
    analysis = analyse(experiment, today)
    assert analysis.status == "finished"
    client.force_login(person)
    page = client.get(f"/experiments/{experiment.pk}/report/").content.decode()
    verdict = page.split('data-verdict="', 1)[1].split('"', 1)[0]
    vectorised = p_values(days.outcome, on[None, :], EVERY)[0]
    return analysis.intention_to_treat.p_value, float(vectorised), verdict


@pytest.mark.django_db
def test_people_through_the_real_code_path_match_the_simulation(client):
    found = 0
    for seed in range(LIVE_PEOPLE):
        through_services, vectorised, verdict = live_person(client, 100 + seed, MODERATE_EFFECT_SD)
        assert through_services == pytest.approx(vectorised, abs=1e-12)
        assert (verdict == "clear") == (through_services <= ALPHA)
        found += verdict == "clear"
    low, high = binomial_range(LIVE_PEOPLE, power(DESIGN))
    print(f"\nthrough the real code path: {found} of {LIVE_PEOPLE} found the effect")
    assert low <= found <= high


@pytest.mark.django_db
def test_people_with_no_effect_through_the_real_code_path_rarely_get_a_verdict(client):
    false_results = 0
    for seed in range(LIVE_PEOPLE):
        through_services, vectorised, verdict = live_person(
            client, 500 + seed, 0.0, missing=0.3, not_followed=0.2
        )
        assert through_services == pytest.approx(vectorised, abs=1e-12) or np.isnan(vectorised)
        false_results += verdict == "clear"
    assert false_results <= 3


@pytest.mark.django_db
def test_the_report_names_carry_over_when_the_last_period_lingers(client):
    person = UserFactory()
    today = person.local_today()
    start = today - timedelta(days=60)
    experiment = plan_experiment(person, {**FIELDS, "start_date": start}, start, seed=9)
    on = schedule_conditions(experiment)
    days = generate(np.random.default_rng(9), on[None, :], 2.0, carry_days=1)
    for index, mood in enumerate(days.outcome[0]):
        day = start + timedelta(days=index)
        checkin = MoodCheckIn(
            at=datetime.combine(day, time(20), tzinfo=person.tzinfo), local_date=day, mood=int(mood)
        )
        save_day(person, day, {"fermented_servings": int(days.done[0, index])}, checkin=checkin)
    client.force_login(person)
    page = client.get(f"/experiments/{experiment.pk}/report/").content.decode()
    assert 'data-found="yes"' in page
    assert "settling-in days" in page
