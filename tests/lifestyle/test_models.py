from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apps.lifestyle.models import DailyLog, Tag
from apps.mood.models import MoodCheckIn
from tests.factories import DailyLogFactory, TagFactory, checkin_at_local_noon

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("sleep_hours", Decimal("7.1")),
        ("sleep_hours", Decimal("24.25")),
        ("fruit_veg_servings", 31),
        ("water_ml", 10_001),
        ("stress_level", 0),
        ("bristol_type", 8),
        ("note", "x" * 20_001),
    ],
)
def test_out_of_range_values_fail_model_validation(person, field, value):
    log = DailyLog(person=person, date=date(2026, 1, 1), **{field: value})
    with pytest.raises(ValidationError) as error:
        log.full_clean()
    assert field in error.value.message_dict


def test_a_quarter_hour_of_sleep_is_valid(person):
    DailyLog(person=person, date=date(2026, 1, 1), sleep_hours=Decimal("6.75")).full_clean()


def test_the_database_refuses_a_second_log_for_the_same_day(person):
    DailyLogFactory(person=person, date=date(2026, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        DailyLog.objects.create(person=person, date=date(2026, 1, 1))


def test_the_database_refuses_a_tag_name_that_differs_only_in_case(person, other_person):
    TagFactory(person=person, name="Coffee")
    TagFactory(person=other_person, name="coffee")
    with pytest.raises(IntegrityError), transaction.atomic():
        Tag.objects.create(person=person, name="COFFEE")


def test_logs_between_two_dates_include_both_ends(person, other_person):
    days = [date(2026, 1, 1) + timedelta(days=n) for n in range(5)]
    for day in days:
        DailyLogFactory(person=person, date=day)
    DailyLogFactory(person=other_person, date=days[2])
    found = DailyLog.objects.for_user(person).between(days[1], days[3])
    assert sorted(log.date for log in found) == days[1:4]


def test_between_leaves_an_open_end_open(person):
    days = [date(2026, 1, 1) + timedelta(days=n) for n in range(4)]
    for day in days:
        DailyLogFactory(person=person, date=day)
        checkin_at_local_noon(person, day)
    logs, checkins = DailyLog.objects.for_user(person), MoodCheckIn.objects.for_user(person)
    assert sorted(log.date for log in logs.between(None, days[1])) == days[:2]
    assert sorted(log.date for log in logs.between(days[2], None)) == days[2:]
    assert sorted(c.local_date for c in checkins.between(days[3], None)) == days[3:]
    assert logs.between(None, None).count() == 4


def test_day_means_give_one_row_per_local_date(person):
    checkin_at_local_noon(person, date(2026, 1, 1), mood=2)
    checkin_at_local_noon(person, date(2026, 1, 1), mood=5)
    checkin_at_local_noon(person, date(2026, 1, 2), mood=4)
    rows = list(MoodCheckIn.objects.for_user(person).day_means())
    assert [(r["local_date"], r["mean_mood"], r["checkin_count"]) for r in rows] == [
        (date(2026, 1, 1), 3.5, 2),
        (date(2026, 1, 2), 4.0, 1),
    ]


def test_unknown_emotion_words_fail_validation(person):
    checkin = checkin_at_local_noon(person, date(2026, 1, 1))
    checkin.emotions = ["happy", "smug"]
    with pytest.raises(ValidationError):
        checkin.full_clean()
