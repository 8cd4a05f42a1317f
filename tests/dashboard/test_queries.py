import datetime as dt

import pytest

from apps.dashboard import queries
from tests.factories import DailyLogFactory, TagFactory, checkin_at_local_noon

DAY = dt.date(2026, 3, 5)
YESTERDAY = DAY - dt.timedelta(days=1)


@pytest.fixture
def two_days(person):
    tag = TagFactory(person=person, name="coffee")
    DailyLogFactory(person=person, date=DAY, sleep_hours="7.5", probiotic_taken=True).tags.add(tag)
    DailyLogFactory(person=person, date=YESTERDAY, sleep_hours=None, probiotic_taken=False)
    checkin_at_local_noon(person, DAY, mood=4)
    checkin_at_local_noon(person, DAY, mood=3)
    checkin_at_local_noon(person, YESTERDAY - dt.timedelta(days=1), mood=1)
    return tag


@pytest.mark.django_db
def test_daily_mood_is_the_mean_of_each_days_check_ins(person, two_days):
    assert queries.daily_mood(person, None, DAY) == {DAY: 3.5, DAY - dt.timedelta(days=2): 1.0}
    assert queries.daily_mood(person, YESTERDAY, DAY) == {DAY: 3.5}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("sleep_hours", {DAY: 7.5}),
        ("probiotic_taken", {DAY: 1.0, YESTERDAY: 0.0}),
        ("TAG", {DAY: 1.0, YESTERDAY: 0.0}),
    ],
)
def test_mood_and_values_come_back_together(person, two_days, key, expected):
    choice = queries.parse_choice(person, f"tag:{two_days.pk}" if key == "TAG" else key)
    mood, values = queries.mood_and_values(person, choice, None, DAY)
    assert mood == queries.daily_mood(person, None, DAY)
    assert values == expected


@pytest.mark.django_db
def test_all_habit_series_has_every_habit_and_the_tags_used(person, two_days):
    series = {s.key: s for s in queries.all_habit_series(person, None, DAY)}
    assert series["sleep_hours"].values == {DAY: 7.5}
    assert series[f"tag:{two_days.pk}"].values == {DAY: 1.0, YESTERDAY: 0.0}
    assert series[f"tag:{two_days.pk}"].label == "coffee"
    assert series["probiotic_taken"].kind == "yesno"


@pytest.mark.django_db
def test_parse_range_accepts_the_switch_values_and_whole_days():
    assert queries.parse_range("all") is None
    assert queries.parse_range("30") == 30
    with pytest.raises(queries.BadParameter):
        queries.parse_range("0")
