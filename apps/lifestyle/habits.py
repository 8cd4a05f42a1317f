"""The habits a DailyLog records, described once for every app that shows or analyses them.

The guideline numbers come from ../shared/DESIGN.md (public-health guidance): about 7
servings of fruit and vegetables, at least 2 litres of water, 30 minutes of moderate
exercise (150 minutes over at least 5 days a week) and 7 to 9 hours of sleep.
"""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Habit:
    field: str
    label: str
    kind: str  # "number" (ranked against mood) or "yesno" (days with against days without)
    unit: str = ""
    daily_min: Decimal | int | None = None
    daily_max: Decimal | int | None = None
    guideline: str = ""
    higher_is_better: bool = True


HABITS: tuple[Habit, ...] = (
    Habit(
        "fruit_veg_servings",
        "Fruit & vegetables",
        "number",
        "servings",
        7,
        None,
        "7 servings a day",
    ),
    Habit(
        "whole_grain_servings",
        "Whole grains",
        "number",
        "servings",
        None,
        None,
        "Brown rice, oats, wholemeal bread",
    ),
    Habit(
        "fermented_servings",
        "Fermented foods",
        "number",
        "servings",
        1,
        None,
        "Yogurt, kefir, kimchi, sauerkraut, kombucha",
    ),
    Habit(
        "processed_servings",
        "Processed food & added sugar",
        "number",
        "servings",
        None,
        None,
        "Fewer is better",
        higher_is_better=False,
    ),
    Habit("water_ml", "Water", "number", "ml", 2000, None, "2 litres a day"),
    Habit("sleep_hours", "Sleep", "number", "hours", Decimal("7"), Decimal("9"), "7 to 9 hours"),
    Habit("sleep_quality", "Sleep quality", "number", "1–5"),
    Habit(
        "exercise_minutes", "Exercise", "number", "minutes", 30, None, "30 minutes, 5 days a week"
    ),
    Habit(
        "mindfulness_minutes",
        "Mindfulness",
        "number",
        "minutes",
        10,
        None,
        "Meditation, yoga or breathing: 10 minutes is a good start",
    ),
    Habit("stress_level", "Stress", "number", "1–5", higher_is_better=False),
    Habit("gut_comfort", "Gut comfort", "number", "1–5"),
    Habit("probiotic_taken", "Probiotic", "yesno", guideline="Discuss with a health professional"),
)

HABITS_BY_FIELD = {habit.field: habit for habit in HABITS}
HABIT_CHOICES = [(habit.field, habit.label) for habit in HABITS]

WATER_GLASS_ML = 250
WEEKLY_EXERCISE_MINUTES = 150
WEEKLY_EXERCISE_DAYS = 5
