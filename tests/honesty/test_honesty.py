"""The honesty suite: generated lives, through the real importer and the insights endpoint,
and the rates that the dashboard promises, measured over hundreds of seeds.

The endpoint part runs a few seeds of each kind of life through `import_data` (a generated
Daylio CSV) and GET /api/dashboard/insights with the range the page sends, and checks the
answer is exactly what the pure functions give on the same generated data. The rate part
(marked `honesty`) then calls those same pure functions directly, hundreds of seeds a
family, and prints each rate with its 95% interval:

    .venv/bin/python -m pytest -q -s tests/honesty -m honesty

Targets (issue 12): at most 2% of people shown any false insight, in every family; a
question asked in advance at least 0.9 of a single pre-registered Welch test's power when
looked at once at the end, and at most 5% false yeses when looked at every day.
Assertions allow the sampling error of the seed count: a rate fails only when its
observed count is beyond the binomial 99th percentile at the target.
"""

import dataclasses
import math
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command

from apps.dashboard import sequential, stats
from apps.dashboard.models import remembered_range
from tests.factories import UserFactory
from tests.honesty import generator as g

FALSE_INSIGHT_TARGET = 0.02
QUESTION_FALSE_TARGET = 0.05
QUESTION_POWER_RATIO = 0.9
SCREENING_POWER_RATIO = 0.4
SCREENING_SEEDS = 400
QUESTION_SEEDS = 300
PLANNED = 45
ASKED_ON = g.START - timedelta(days=1)


# --- Helpers -----------------------------------------------------------------------------


def binomial_upper(n: int, p: float, level: float = 0.99) -> int:
    """The smallest count c with P(X <= c) >= level for X ~ Binomial(n, p)."""
    total = 0.0
    for count in range(n + 1):
        total += math.comb(n, count) * p**count * (1 - p) ** (n - count)
        if total >= level:
            return count
    return n


def wilson(count: int, n: int) -> tuple[float, float]:
    z = 1.96
    centre = (count + z * z / 2) / (n + z * z)
    half = z * math.sqrt(count * (n - count) / n + z * z / 4) / (n + z * z)
    return centre - half, centre + half


def report(name: str, count: int, n: int) -> str:
    low, high = wilson(count, n)
    return f"{name}: {count}/{n} = {count / n:.3f} (95% {low:.3f} to {high:.3f})"


def false_insights(life: g.Life, insights) -> list:
    return [i for i in insights if i.label not in life.true_tags]


def welch_finds(life: g.Life, lag: int) -> bool:
    """A single two-sided Welch test of the planted tag at its lag, at 0.05."""
    outcomes, habits = g.as_series(life)
    focus = next((h for h in habits if h.label == g.FOCUS_TAG), None)
    if focus is None:
        return False
    x, y = stats.pair_days(
        focus.values, outcomes[0].values, stats.NEXT_DAY if lag else stats.SAME_DAY
    )
    with_days, without = y[x > 0.5], y[x <= 0.5]
    if len(with_days) < 2 or len(without) < 2:
        return False
    va, vb = with_days.var(ddof=1) / len(with_days), without.var(ddof=1) / len(without)
    if va + vb == 0:
        return False
    t = (with_days.mean() - without.mean()) / math.sqrt(va + vb)
    df = (va + vb) ** 2 / (va**2 / (len(with_days) - 1) + vb**2 / (len(without) - 1))
    return stats.two_sided_p(t, int(df)) < 0.05


def found_planted(life: g.Life, insights, lag: int) -> bool:
    lag_name = stats.NEXT_DAY if lag else stats.SAME_DAY
    return any(
        i.label == g.FOCUS_TAG and i.lag == lag_name and i.direction == "better" for i in insights
    )


def question_answer(life: g.Life, tag: str, lag: int, direction: str) -> sequential.Answer | None:
    outcomes, habits = g.as_series(life)
    series = next((h for h in habits if h.label == tag), None)
    if series is None:
        return None
    end = ASKED_ON + timedelta(days=PLANNED)
    return sequential.answer(series, outcomes[0], lag, ASKED_ON, PLANNED, end, direction)


# --- Through the importer and the endpoint -------------------------------------------------

THROUGH_THE_ENDPOINT = [
    *(dataclasses.replace(family, days=120) for family in g.NULL_FAMILIES[:3]),
    dataclasses.replace(g.SAME_DAY_EFFECT, days=120, effect_sd=1.0),
    dataclasses.replace(g.NEXT_DAY_EFFECT, days=120, effect_sd=1.0),
    g.NULL_FAMILIES[5],
]


@pytest.mark.django_db
@pytest.mark.parametrize("family", THROUGH_THE_ENDPOINT, ids=lambda family: family.name)
@pytest.mark.parametrize("seed", [0, 1])
def test_the_endpoint_after_a_daylio_import_says_what_the_pure_functions_say(
    client, tmp_path, family, seed
):
    life = g.generate(family, seed)
    last_day = life.days[-1]
    with time_machine.travel(f"{last_day.isoformat()}T20:00:00+00:00", tick=False):
        person = UserFactory(email=f"honesty-{seed}@example.org", timezone="UTC")
        csv_file = tmp_path / "daylio.csv"
        csv_file.write_text(g.daylio_csv(life), encoding="utf-8")
        call_command("import_data", str(csv_file), email=person.email, format="daylio")
        client.force_login(person)
        # The page sends the person's remembered range; insights then look back a year.
        response = client.get("/api/dashboard/insights", {"range": remembered_range(person)})
    assert response.status_code == 200
    served = response.json()
    expected = stats.find_insights(*g.as_series(life))
    assert served["paired_days"] == expected.paired_days
    assert served["tests_made"] == expected.tests_made
    assert [(i["label"], i["lag"], i["outcome"], i["effect"]) for i in served["insights"]] == [
        (i.label, i.lag, i.outcome, i.effect) for i in expected.insights
    ]
    # (Whether a null seed shows a false insight is a rate, measured below, not a per-seed
    # promise.) A strong planted effect over 120 days is found through the real path.
    if family.effect_sd:
        assert found_planted(life, expected.insights, family.lag), served["insights"]


# --- The rates, hundreds of seeds ----------------------------------------------------------


@pytest.mark.honesty
@pytest.mark.parametrize("family", g.NULL_FAMILIES, ids=lambda family: family.name)
def test_at_most_two_percent_of_people_are_shown_a_false_insight(family):
    shown = sum(
        bool(false_insights(life, stats.find_insights(*g.as_series(life)).insights))
        for life in (g.generate(family, seed) for seed in range(SCREENING_SEEDS))
    )
    print("\n" + report(f"false insight, {family.name}", shown, SCREENING_SEEDS))
    assert shown <= binomial_upper(SCREENING_SEEDS, FALSE_INSIGHT_TARGET)


def screening_and_welch(family: g.Family) -> tuple[int, int, int]:
    found = welch = false = 0
    for seed in range(SCREENING_SEEDS):
        life = g.generate(family, seed)
        insights = stats.find_insights(*g.as_series(life)).insights
        found += found_planted(life, insights, family.lag)
        false += bool(false_insights(life, insights))
        welch += welch_finds(life, family.lag)
    return found, welch, false


@pytest.mark.honesty
@pytest.mark.parametrize("family", [g.SAME_DAY_EFFECT, g.NEXT_DAY_EFFECT], ids=lambda f: f.name)
def test_a_planted_effect_is_found_and_nothing_else_is(family):
    found, welch, false = screening_and_welch(family)
    print("\n" + report(f"screening finds it, {family.name}", found, SCREENING_SEEDS))
    print(report(f"single Welch test finds it, {family.name}", welch, SCREENING_SEEDS))
    print(f"screening / Welch = {found / max(welch, 1):.2f} (target {SCREENING_POWER_RATIO})")
    print(report(f"false insight beside it, {family.name}", false, SCREENING_SEEDS))
    assert false <= binomial_upper(SCREENING_SEEDS, FALSE_INSIGHT_TARGET)
    # What the screening does reach: a floor that catches a regression.
    assert found / welch >= 0.12


@pytest.mark.honesty
@pytest.mark.xfail(
    strict=True,
    reason="Screening with at most 2% of people misled cannot reach 0.4 of a single test at "
    "45 days: about 6 tests at FWER 0.02 need p < 0.003, where a 0.63 SD effect is found "
    "about 7% of the time against Welch's 38% at 0.05. Questions asked in advance carry that "
    "power instead (next tests).",
)
def test_screening_reaches_four_tenths_of_a_single_welch_test():
    found, welch, _ = screening_and_welch(g.SAME_DAY_EFFECT)
    assert found >= SCREENING_POWER_RATIO * welch


@pytest.mark.honesty
@pytest.mark.parametrize("direction", [sequential.BETTER, sequential.EITHER])
@pytest.mark.parametrize("family", [g.SAME_DAY_EFFECT, g.NEXT_DAY_EFFECT], ids=lambda f: f.name)
def test_a_question_asked_in_advance_keeps_nine_tenths_of_a_single_tests_power(family, direction):
    yes = welch = 0
    for seed in range(QUESTION_SEEDS):
        life = g.generate(family, seed)
        answer = question_answer(life, g.FOCUS_TAG, family.lag, direction)
        yes += answer is not None and answer.state == "yes" and answer.effect > 0
        welch += welch_finds(life, family.lag)
    name = f"question ({direction}), one look at the end, {family.name}"
    print("\n" + report(name, yes, QUESTION_SEEDS))
    print(report(f"single Welch test, {family.name}", welch, QUESTION_SEEDS))
    print(f"question / Welch = {yes / max(welch, 1):.2f} (target {QUESTION_POWER_RATIO})")
    # Sampling error of yes - 0.9 * welch in counts, one-sided 99% (the two rates are taken
    # on the same seeds, so treating them as independent only widens it).
    p_yes, p_welch = yes / QUESTION_SEEDS, welch / QUESTION_SEEDS
    spread = p_yes * (1 - p_yes) + QUESTION_POWER_RATIO**2 * p_welch * (1 - p_welch)
    margin = 2.33 * math.sqrt(QUESTION_SEEDS * spread)
    assert yes >= QUESTION_POWER_RATIO * welch - margin


@pytest.mark.honesty
@pytest.mark.parametrize("family", g.NULL_FAMILIES, ids=lambda family: family.name)
def test_a_question_looked_at_every_day_says_yes_falsely_at_most_five_percent(family):
    family = dataclasses.replace(family, days=PLANNED)
    seeds = QUESTION_SEEDS // 2
    false_yes = asked = 0
    for seed in range(seeds):
        life = g.generate(family, seed)
        direction = (sequential.BETTER, sequential.WORSE, sequential.EITHER)[seed % 3]
        tag = g.FOCUS_TAG if family.reverse else "work"
        answer = question_answer(life, tag, seed % 2, direction)
        if answer is None:
            continue
        asked += 1
        # The e-value's running maximum is what a daily look would have seen; the planned
        # end's test is the one look it adds.
        false_yes += answer.state == "yes"
    print("\n" + report(f"question false yes, daily looks, {family.name}", false_yes, asked))
    assert false_yes <= binomial_upper(asked, QUESTION_FALSE_TARGET)
