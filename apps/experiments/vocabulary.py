"""What an experiment can change, what it can measure, and the starter plans.

Habits come from the one habit vocabulary (apps/lifestyle/habits.py); the 1-to-5 ratings
a person gives there (sleep quality, stress, gut comfort) are outcomes, not habits to switch
on and off. Starter plans follow the seed article's advice, in our words, each naming the
source the matching GutMind article cites."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.validators import BaseValidator
from django.db.models import Field

from apps.experiments.models import Direction, Outcome
from apps.lifestyle.habits import HABITS, HABITS_BY_FIELD, Habit
from apps.lifestyle.lag import Lag
from apps.lifestyle.models import DailyLog

NOT_TESTABLE = ("sleep_quality", "stress_level", "gut_comfort")
TESTABLE_HABITS: tuple[Habit, ...] = tuple(h for h in HABITS if h.field not in NOT_TESTABLE)
TESTABLE_BY_FIELD = {h.field: h for h in TESTABLE_HABITS}
TAG = "tag"


def field_range(field: str) -> tuple[Decimal, Decimal]:
    """The DailyLog field's own validated range, so a threshold can always be met."""
    column = DailyLog._meta.get_field(field)
    if not isinstance(column, Field):
        raise TypeError(f"{field} is a relation, not a DailyLog column with a range")
    validators = [v for v in column.validators if isinstance(v, BaseValidator)]
    low = max((Decimal(v.limit_value) for v in validators if v.code == "min_value"), default=0)
    high = min(
        (Decimal(v.limit_value) for v in validators if v.code == "max_value"),
        default=Decimal(10_000),
    )
    return Decimal(low), Decimal(high)


@dataclass(frozen=True)
class OutcomeInfo:
    key: str
    source: str  # "checkin" (the day's mean of check-ins) or "log" (the day's log)
    field: str
    low: int
    high: int
    unit: str
    higher_is_better: bool | None  # None: neither direction is "better" (stool type)

    @property
    def span(self) -> float:
        return float(self.high - self.low)


# Keyed by the Outcome value, which is what Experiment.outcome stores.
OUTCOMES: dict[str, OutcomeInfo] = {
    Outcome.MOOD: OutcomeInfo("mood", "checkin", "mood", 1, 5, "points", True),
    Outcome.ENERGY: OutcomeInfo("energy", "checkin", "energy", 1, 5, "points", True),
    Outcome.ANXIETY: OutcomeInfo("anxiety", "checkin", "anxiety", 1, 5, "points", False),
    Outcome.GUT_COMFORT: OutcomeInfo("gut_comfort", "log", "gut_comfort", 1, 5, "points", True),
    Outcome.STRESS: OutcomeInfo("stress", "log", "stress_level", 1, 5, "points", False),
    Outcome.BRISTOL: OutcomeInfo(
        "bristol", "log", "bristol_type", 1, 7, "steps on the Bristol scale", None
    ),
}


@dataclass(frozen=True)
class Template:
    key: str
    name: str
    why: str
    habit: str
    threshold: Decimal | None
    direction: str
    outcome: str
    lag_days: int
    on_text: str
    off_text: str
    source: str
    article_slug: str
    caution: str = ""


TEMPLATES: tuple[Template, ...] = (
    Template(
        "fermented",
        "Fermented food and next-day mood",
        "Yogurt, kefir, kimchi, sauerkraut and kombucha feed a more varied gut; does a "
        "serving a day lift your mood the day after?",
        "fermented_servings",
        Decimal(1),
        Direction.AT_LEAST,
        Outcome.MOOD,
        Lag.NEXT_DAY,
        "fermented food: at least 1 serving",
        "no fermented food",
        "Wastyk HC et al. Gut-microbiota-targeted diets modulate human immune status. "
        "Cell 2021;184:4137–4153",
        "fermented-foods",
    ),
    Template(
        "exercise",
        "30 minutes of movement and energy",
        "Half an hour of moderate movement is the everyday guideline; do you have more "
        "energy on the days you do it?",
        "exercise_minutes",
        Decimal(30),
        Direction.AT_LEAST,
        Outcome.ENERGY,
        Lag.SAME_DAY,
        "at least 30 minutes of exercise",
        "a lighter day: under 30 minutes of exercise",
        "World Health Organization. Physical activity (fact sheet); Schuch FB et al. "
        "Am J Psychiatry 2018;175:631–648",
        "movement-and-mood",
    ),
    Template(
        "sleep",
        "Seven hours of sleep and mood",
        "Adults are advised 7 to 9 hours a night; on the days after a full night, is your "
        "mood better? Best tried if you often sleep less than 7 hours.",
        "sleep_hours",
        Decimal(7),
        Direction.AT_LEAST,
        Outcome.MOOD,
        Lag.SAME_DAY,
        "an early night: at least 7 hours of sleep",
        "your usual bedtime (under 7 hours counts as an off night)",
        "Watson NF et al. Recommended amount of sleep for a healthy adult. "
        "J Clin Sleep Med 2015;11(6):591–592",
        "sleep-for-mood-and-gut",
    ),
    Template(
        "mindfulness",
        "Ten minutes of calm and anxiety",
        "Meditation, yoga or slow breathing are common ways to bring stress down; is your "
        "anxiety lower on the days you take ten minutes?",
        "mindfulness_minutes",
        Decimal(10),
        Direction.AT_LEAST,
        Outcome.ANXIETY,
        Lag.SAME_DAY,
        "at least 10 minutes of meditation, yoga or breathing",
        "no set mindfulness time",
        "NHS Every Mind Matters. Stress",
        "stress-and-cortisol",
    ),
    Template(
        "water",
        "Two litres of water and mood",
        "Even mild dehydration has been found to lower mood; do 2 litres a day make a "
        "difference to yours?",
        "water_ml",
        Decimal(2000),
        Direction.AT_LEAST,
        Outcome.MOOD,
        Lag.SAME_DAY,
        "at least 2 litres of water",
        "drink as you usually do, under 2 litres",
        "Armstrong LE et al. Mild dehydration affects mood in healthy young women. "
        "J Nutr 2012;142(2):382–388",
        "water-and-hydration",
    ),
    Template(
        "probiotic",
        "A probiotic and next-day gut comfort",
        "Reviews of probiotic trials report mixed but hopeful results; does one make your "
        "gut more comfortable the next day?",
        "probiotic_taken",
        None,
        Direction.AT_LEAST,
        Outcome.GUT_COMFORT,
        Lag.NEXT_DAY,
        "take your probiotic",
        "no probiotic",
        "Wang H, Lee IS, Braun C, Enck P. Effect of probiotics on central nervous system "
        "functions in animals and humans: a systematic review. J Neurogastroenterol Motil "
        "2016;22(4):589–605",
        "probiotics-and-mood",
        caution="Talk to a health professional before starting a probiotic.",
    ),
    Template(
        "fruit_veg",
        "Five servings of fruit and vegetables and mood",
        "People who eat more fruit and vegetables report better wellbeing in long studies; "
        "is it true for you from one day to the next?",
        "fruit_veg_servings",
        Decimal(5),
        Direction.AT_LEAST,
        Outcome.MOOD,
        Lag.NEXT_DAY,
        "at least 5 servings of fruit and vegetables",
        "eat as usual, under 5 servings",
        "Ocean N, Howley P, Ensor J. Lettuce be happy. Soc Sci Med 2019;222:335–345",
        "fibre-and-plants",
    ),
)
TEMPLATES_BY_KEY = {t.key: t for t in TEMPLATES}


def habit_unit(field: str) -> str:
    habit = HABITS_BY_FIELD.get(field)
    return str(habit.unit) if habit and habit.unit else ""


def number_text(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text


def default_texts(
    label: str, field: str, direction: str, threshold: Decimal | None
) -> tuple[str, str]:
    """Instructions for a plan made from scratch: "Fermented foods: at least 2 servings"."""
    if field == TAG or threshold is None:
        return label, f"no {label}"
    unit = habit_unit(field)
    amount = f"{number_text(threshold)} {unit}".strip()
    if direction == Direction.AT_LEAST:
        return f"{label}: at least {amount}", f"{label}: less than {amount}"
    return f"{label}: at most {amount}", f"{label}: more than {amount}"
