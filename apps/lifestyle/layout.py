"""My habits: which habits and tags the day page shows first, and in what order.

The rest are still on the page, folded under "more", so nothing becomes impossible to log."""

from dataclasses import dataclass

from apps.accounts.models import User
from apps.lifestyle.habits import HABITS, HABITS_BY_FIELD
from apps.lifestyle.models import DayLayout, Tag

# A short first set: the habits the guidelines speak of, plus stress and gut comfort, the
# two a day's mood is most often read against. Seven rows fit about two phone screens.
DEFAULT_HABITS = (
    "fruit_veg_servings",
    "fermented_servings",
    "water_ml",
    "sleep_hours",
    "exercise_minutes",
    "stress_level",
    "gut_comfort",
)


@dataclass(frozen=True)
class Layout:
    habits: list[str]  # shown, in order
    more_habits: list[str]  # folded, in habits.py order
    tags: list[Tag]  # shown chips, in order
    more_tags: list[Tag]


def _stored(person: User) -> DayLayout | None:
    return DayLayout.objects.filter(person=person).first()


def shown_habits(stored: DayLayout | None) -> list[str]:
    if stored is None:
        return list(DEFAULT_HABITS)
    return [name for name in stored.habits if name in HABITS_BY_FIELD]


def layout_for(person: User, tags: list[Tag]) -> Layout:
    """Split the habits and the given tags (the form's choices) into shown and folded."""
    stored = _stored(person)
    habits = shown_habits(stored)
    more = [habit.field for habit in HABITS if habit.field not in habits]
    hidden = set(stored.hidden_tags) if stored else set()
    order = {pk: n for n, pk in enumerate(stored.tag_order if stored else [])}
    shown = sorted(
        (tag for tag in tags if tag.pk not in hidden),
        key=lambda tag: (order.get(tag.pk, len(order)), tag.name.casefold()),
    )
    return Layout(habits, more, shown, [tag for tag in tags if tag.pk in hidden])


def save_layout(person: User, habits: list[str], tag_order: list[int], hidden: list[int]) -> None:
    own = set(Tag.objects.for_user(person).values_list("pk", flat=True))
    DayLayout.objects.update_or_create(
        person=person,
        defaults={
            "habits": [name for name in dict.fromkeys(habits) if name in HABITS_BY_FIELD],
            "tag_order": [pk for pk in dict.fromkeys(tag_order) if pk in own],
            "hidden_tags": [pk for pk in dict.fromkeys(hidden) if pk in own],
        },
    )


def set_shown(person: User, item: str, shown: bool) -> bool:
    """ "habit:water_ml" or "tag:12": shown on the day page or folded under "more". False
    for an item that is not a habit or not one of the person's tags."""
    kind, _, name = item.partition(":")
    stored = _stored(person)
    habits = shown_habits(stored)
    hidden = list(stored.hidden_tags) if stored else []
    order = list(stored.tag_order) if stored else []
    if kind == "habit" and name in HABITS_BY_FIELD:
        habits = [h for h in habits if h != name] + ([name] if shown else [])
    elif kind == "tag" and name.isdigit() and Tag.objects.for_user(person).filter(pk=name):
        pk = int(name)
        hidden = [t for t in hidden if t != pk] + ([] if shown else [pk])
    else:
        return False
    save_layout(person, habits, order, hidden)
    return True
