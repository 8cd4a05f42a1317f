"""The habit vocabulary: what a DailyLog records, described once. Forms, the day page,
the dashboard's queries and statistics, articles, emails, templates and JavaScript (through
`data-*` attributes and the dashboard's JSON) all read these definitions.

The guideline numbers come from DESIGN.md (public-health guidance): about 7 servings of
fruit and vegetables, at least 2 litres of water, 30 minutes of moderate exercise (150
minutes over at least 5 days a week) and 7 to 9 hours of sleep. A person's own tags are
habits too, for the charts and the statistics: `Habit.for_tag`.
"""

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    NUMBER = "number"  # ranked against mood
    YESNO = "yesno"  # days with it against days without


@dataclass(frozen=True, kw_only=True)
class Unit:
    one: str  # "serving"
    many: str  # "servings"

    def of(self, amount: float | Decimal) -> str:
        return self.one if amount == 1 else self.many

    def __str__(self) -> str:
        return self.many


@dataclass(frozen=True, kw_only=True)
class Scale:
    """A rating from low to high, read as a plain number: it has no unit."""

    low: int
    high: int

    def __str__(self) -> str:
        return f"{self.low}–{self.high}"


SERVINGS = Unit(one="serving", many="servings")
MILLILITRES = Unit(one="ml", many="ml")
HOURS = Unit(one="hour", many="hours")
MINUTES = Unit(one="minute", many="minutes")
ONE_TO_FIVE = Scale(low=1, high=5)

TAG_PREFIX = "tag:"
WATER_GLASS_ML = 250
WEEKLY_EXERCISE_MINUTES = 150
WEEKLY_EXERCISE_DAYS = 5


@dataclass(frozen=True, kw_only=True)
class Habit:
    field: str  # the DailyLog column, or "tag:<id>" for one of the person's tags
    label: str
    kind: Kind
    unit: Unit | None = None
    scale: Scale | None = None
    daily_min: Decimal | int | None = None
    daily_max: Decimal | int | None = None
    guideline: str = ""
    higher_is_better: bool = True
    step: str = "1"  # what the day page's +/- buttons add; any valid value is accepted
    tag_id: int | None = None

    @classmethod
    def for_tag(cls, tag_id: int, name: str) -> "Habit":
        return cls(field=f"{TAG_PREFIX}{tag_id}", label=name, kind=Kind.YESNO, tag_id=tag_id)

    def as_json(self) -> dict[str, Any]:
        """What static/js/dashboard.js knows of a habit: it guesses nothing from the text."""
        scale = None if self.scale is None else {"low": self.scale.low, "high": self.scale.high}
        return {
            "key": self.field,
            "label": self.label,
            "kind": self.kind.value,
            "unit": self.unit.many if self.unit else "",
            "unit_one": self.unit.one if self.unit else "",
            "scale": scale,
        }


HABITS: tuple[Habit, ...] = (
    Habit(
        field="fruit_veg_servings",
        label="Fruit & vegetables",
        kind=Kind.NUMBER,
        unit=SERVINGS,
        daily_min=7,
        guideline="7 servings a day",
    ),
    Habit(
        field="whole_grain_servings",
        label="Whole grains",
        kind=Kind.NUMBER,
        unit=SERVINGS,
        guideline="Brown rice, oats, wholemeal bread",
    ),
    Habit(
        field="fermented_servings",
        label="Fermented foods",
        kind=Kind.NUMBER,
        unit=SERVINGS,
        daily_min=1,
        guideline="Yogurt, kefir, kimchi, sauerkraut, kombucha",
    ),
    Habit(
        field="processed_servings",
        label="Processed food & added sugar",
        kind=Kind.NUMBER,
        unit=SERVINGS,
        guideline="Fewer is better",
        higher_is_better=False,
    ),
    Habit(
        field="water_ml",
        label="Water",
        kind=Kind.NUMBER,
        unit=MILLILITRES,
        daily_min=2000,
        guideline="2 litres a day",
    ),
    Habit(
        field="sleep_hours",
        label="Sleep",
        kind=Kind.NUMBER,
        unit=HOURS,
        daily_min=Decimal("7"),
        daily_max=Decimal("9"),
        guideline="7 to 9 hours",
        step="0.25",
    ),
    Habit(field="sleep_quality", label="Sleep quality", kind=Kind.NUMBER, scale=ONE_TO_FIVE),
    Habit(
        field="exercise_minutes",
        label="Exercise",
        kind=Kind.NUMBER,
        unit=MINUTES,
        daily_min=30,
        guideline="30 minutes, 5 days a week",
        step="5",
    ),
    Habit(
        field="mindfulness_minutes",
        label="Mindfulness",
        kind=Kind.NUMBER,
        unit=MINUTES,
        daily_min=10,
        guideline="Meditation, yoga or breathing: 10 minutes is a good start",
        step="5",
    ),
    Habit(
        field="stress_level",
        label="Stress",
        kind=Kind.NUMBER,
        scale=ONE_TO_FIVE,
        higher_is_better=False,
    ),
    Habit(field="gut_comfort", label="Gut comfort", kind=Kind.NUMBER, scale=ONE_TO_FIVE),
    Habit(
        field="probiotic_taken",
        label="Probiotic",
        kind=Kind.YESNO,
        guideline="Discuss with a health professional",
    ),
)

HABITS_BY_FIELD = {habit.field: habit for habit in HABITS}
HABIT_CHOICES = [(habit.field, habit.label) for habit in HABITS]
