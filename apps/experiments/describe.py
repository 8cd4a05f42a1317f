"""The analysis in plain words, for the report page."""

from dataclasses import dataclass

from apps.experiments.analysis import Estimate
from apps.experiments.models import Experiment
from apps.experiments.vocabulary import OUTCOMES


def amount(value: float) -> str:
    return f"{abs(value):.1f}"


def _side(experiment: Experiment, value: float) -> str:
    """ "higher" or "lower", with a word on whether that is the better side."""
    higher_is_better = OUTCOMES[experiment.outcome].higher_is_better
    word = "higher" if value > 0 else "lower"
    if higher_is_better is None or value == 0:
        return word
    better = (value > 0) == higher_is_better
    return f"{word} ({'better' if better else 'worse'})"


def effect_sentence(experiment: Experiment, result: Estimate) -> str:
    outcome = experiment.get_outcome_display().lower()
    if result.effect is None:
        return "Not enough days to compare."
    if round(result.effect, 1) == 0:
        return f"On habit days your {outcome} was about the same as on the other days."
    info = OUTCOMES[experiment.outcome]
    return (
        f"On habit days your {outcome} was {amount(result.effect)} {info.unit} "
        f"{_side(experiment, result.effect)} than on the other days, on its {info.low} to "
        f"{info.high} scale."
    )


def interval_sentence(experiment: Experiment, result: Estimate) -> str:
    unit = OUTCOMES[experiment.outcome].unit
    if result.effect is None:
        return ""
    if result.low is None and result.high is None:
        return "With this few days, any difference is still possible: there is no interval to give."
    low = "a long way below" if result.low is None else f"{result.low:+.1f}"
    high = "a long way above" if result.high is None else f"{result.high:+.1f}"
    return f"The 95% interval runs from {low} to {high} {unit} (habit days minus the others)."


@dataclass(frozen=True)
class Verdict:
    kind: str  # "clear", "unclear", "cannot", "stopped", "not enough", "progress"
    headline: str


def verdict(experiment: Experiment, result: Estimate, state: str) -> Verdict:
    if state not in ("finished", "stopped"):
        return Verdict(
            "progress",
            "Still running: this shows progress, not a result. Looking at the difference "
            "along the way and stopping when it looks good would make chance look like an "
            "effect, so the answer waits for the last day.",
        )
    if not result.enough:
        return Verdict(
            "not enough",
            "There are not enough days with the outcome logged on both sides to say anything.",
        )
    if state == "stopped":
        return Verdict(
            "stopped",
            "Stopped before the end, so there is no verdict: the numbers below are what the "
            "days so far can say, with the uncertainty that comes with fewer days.",
        )
    if not result.can_be_clear:
        return Verdict(
            "cannot",
            f"This plan had too few periods for a clear answer: with {result.smallest_p:.2f} "
            "as the smallest p-value its coin flips allow, no result could pass the 5% "
            "line. It shows a direction and a size, not a conclusion.",
        )
    if result.clear:
        return Verdict(
            "clear",
            f"A clear difference: the coin flips alone would give one this large in "
            f"{result.p_value:.0%} of schedules or fewer.",
        )
    return Verdict(
        "unclear",
        "No clear difference. That is not the same as no effect: the interval shows the "
        "sizes of effect these days cannot rule out.",
    )


LIMITS = (
    "You knew which days were habit days, so expecting a change can cause some of one.",
    "It is about you, over these weeks: it says nothing about other people, or about you in "
    "a different season of life.",
    "Other things that changed with the habit (a lie-in on exercise days, say) are part of "
    "what was compared.",
    "Only the outcome chosen in advance was tested; differences in anything else are not "
    "part of this answer.",
    "It is not a diagnosis or medical advice. Talk to a health professional before a "
    "change to medicines, supplements or diet.",
)
