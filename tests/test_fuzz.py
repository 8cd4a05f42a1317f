"""Property-based fuzzing of the inputs any signed-up person controls: the day form, the
check-in form and the dashboard JSON's query parameters. Whatever comes in, the answer is a
form error or a 400 with a reason, never an exception (a 500)."""

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.lifestyle.forms import DailyLogForm
from apps.lifestyle.habits import HABITS
from apps.lifestyle.models import DailyLog
from apps.mood.forms import CheckInForm
from apps.mood.models import MoodCheckIn

pytestmark = pytest.mark.django_db

# Bounded so the file runs in seconds; no example database written into the tree.
FUZZ = settings(
    max_examples=120,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
TRICKY = [
    "NaN", "nan", "-Infinity", "inf", "1e999", "-1e999", "sNaN", "0x10", "1_000", "٣",
    "", " ", "-1", "0", "99999999999999999999", "7.25", "1e-999", "\x00", "all",
    "0001-01-01", "9999-12-31", "1899-12-31", "2026-02-30", "tag:1", "tag:" + "9" * 30,
]  # fmt: skip
values = st.one_of(
    st.sampled_from(TRICKY),
    st.text(max_size=12),
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat),
)
DAY_FIELDS = [h.field for h in HABITS if h.field != "water_ml"]
DAY_FIELDS += ["water_amount", "water_unit", "bristol_type", "new_tags", "note"]


@FUZZ
@given(data=st.dictionaries(st.sampled_from(DAY_FIELDS), values, max_size=6))
def test_the_day_form_never_raises(person, data):
    log = DailyLog(person=person, date=date(2026, 1, 2))
    form = DailyLogForm(data, instance=log, person=person)
    form.is_valid()
    form.habit_rows()  # the re-rendered page computes progress from the raw values


@FUZZ
@given(
    mood=values,
    anxiety=values,
    local_day=values,
    local_time=st.one_of(values, st.times().map(lambda t: t.isoformat())),
)
def test_the_check_in_form_never_raises_and_never_stores_a_day_out_of_range(
    person, mood, anxiety, local_day, local_time
):
    data = {"mood": mood, "anxiety": anxiety, "local_day": local_day, "local_time": local_time}
    form = CheckInForm(data, instance=MoodCheckIn(person=person), person=person)
    if form.is_valid():
        checkin = form.save()
        assert date(1900, 1, 1) <= checkin.local_date <= person.local_today()
        assert checkin.at.year >= 1899  # 1900-01-01 00:00 east of UTC is 1899 in UTC
        checkin.delete()


ENDPOINTS = ["series", "scatter", "week", "calendar", "insights"]
PARAMS = ["range", "habit", "start", "end", "year"]


@FUZZ
@given(
    endpoint=st.sampled_from(ENDPOINTS),
    params=st.dictionaries(st.sampled_from(PARAMS), values, max_size=4),
)
def test_the_dashboard_json_answers_200_or_400_with_a_reason(signed_in_client, endpoint, params):
    response = signed_in_client.get(f"/api/dashboard/{endpoint}", params)
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert response.json()["error"]
