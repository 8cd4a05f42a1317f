from decimal import Decimal

import pytest

from apps.lifestyle.forms import DailyLogForm, habit_form_fields, split_tag_names
from apps.lifestyle.habits import HABITS
from apps.lifestyle.models import DailyLog

pytestmark = pytest.mark.django_db


def test_the_form_follows_the_order_of_the_habit_registry():
    expected = [h.field for h in HABITS if h.field != "water_ml"]
    assert habit_form_fields()[: len(expected)] == expected


def test_the_page_rows_cover_every_habit_in_order(person):
    form = DailyLogForm(instance=DailyLog(person=person), person=person)
    assert [row.habit.field for row in form.habit_rows()] == [h.field for h in HABITS]


@pytest.mark.parametrize(
    ("amount", "unit", "ml"),
    [("8", "glasses", 2000), ("1.5", "glasses", 375), ("330", "ml", 330), ("", "glasses", None)],
)
def test_water_in_glasses_or_ml_is_stored_in_ml(person, amount, unit, ml):
    form = DailyLogForm(
        {"water_amount": amount, "water_unit": unit},
        instance=DailyLog(person=person),
        person=person,
    )
    assert form.is_valid(), form.errors
    assert form.habit_values()["water_ml"] == ml


def test_a_stored_water_amount_is_shown_in_glasses_when_it_divides(person):
    glasses = DailyLogForm(instance=DailyLog(person=person, water_ml=1750), person=person)
    odd = DailyLogForm(instance=DailyLog(person=person, water_ml=1730), person=person)
    assert (glasses.initial["water_amount"], glasses.initial["water_unit"]) == (
        Decimal(7),
        "glasses",
    )
    assert (odd.initial["water_amount"], odd.initial["water_unit"]) == (1730, "ml")


def test_tag_names_are_split_trimmed_and_deduplicated_ignoring_case():
    assert split_tag_names(" coffee,, Walk  outside ,COFFEE,") == ["coffee", "Walk outside"]
