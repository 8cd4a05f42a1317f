"""The dashboard shows what came in: years imported from another app open on their own
period, a chosen start and end, "all", and the calendar paged by year."""

import datetime as dt
import json

import pytest
import time_machine

from apps.dashboard.periods import period_url
from apps.mood.models import MoodCheckIn
from tests.factories import UserFactory, checkin_at_local_noon

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 5, 12, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 3, 5)
PAGE = "/dashboard/"


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


def checkins(person, start: dt.date, days: int, mood: int = 4) -> None:
    MoodCheckIn.objects.bulk_create(
        MoodCheckIn(
            person=person,
            at=dt.datetime.combine(day, dt.time(12), tzinfo=person.tzinfo),
            local_date=day,
            mood=mood,
        )
        for day in (start + dt.timedelta(days=n) for n in range(days))
    )


def config(response) -> dict:
    """What static/js/dashboard.js reads (json_script), as it reads it."""
    return json.loads(json.dumps(response.context["dashboard_config"]))


def api(client, name: str, **params):
    return client.get(f"/api/dashboard/{name}", params)


# --- Opening on the period with data --------------------------------------------------------


def test_an_imported_past_opens_on_its_latest_stretch_and_says_so(signed_in_client, person):
    checkins(person, dt.date(2025, 3, 1), 171)  # 1 March to 18 August 2025
    response = signed_in_client.get(PAGE)
    assert response.status_code == 200
    note = response.context["period"].note
    assert note.startswith("Showing March 2025 to August 2025, your latest logged days")
    assert config(response)["params"] == {"start": "2025-03-01", "end": "2025-08-18"}
    assert config(response)["calendar_year"] == 2025
    series = api(signed_in_client, "series", **config(response)["params"]).json()
    assert series["days_with_mood"] == 171


def test_the_latest_stretch_reaches_back_a_year_from_the_last_check_in(signed_in_client, person):
    checkins(person, dt.date(2022, 1, 1), 30)
    checkins(person, dt.date(2024, 6, 1), 200)
    period = signed_in_client.get(PAGE).context["period"]
    assert period.start == dt.date(2024, 6, 1)
    assert period.end == dt.date(2024, 12, 17)


def test_a_range_with_check_ins_opens_as_chosen(signed_in_client, person):
    checkins(person, dt.date(2025, 3, 1), 171)
    checkins(person, TODAY - dt.timedelta(days=3), 4)
    response = signed_in_client.get(PAGE)
    assert response.context["period"].note == ""
    assert config(response)["params"] == {"range": "30"}
    assert config(response)["calendar_year"] is None


# --- A chosen start and end -----------------------------------------------------------------


def test_the_import_link_shows_the_imported_period(signed_in_client, person):
    checkins(person, dt.date(2025, 3, 1), 171)
    link = period_url(dt.date(2025, 3, 1), dt.date(2025, 8, 18))
    assert link == "/dashboard/?start=2025-03-01&end=2025-08-18"
    response = signed_in_client.get(link)
    assert response.status_code == 200
    assert b"Showing 1 March 2025 to 18 August 2025." in response.content
    assert config(response)["params"] == {"start": "2025-03-01", "end": "2025-08-18"}


@pytest.mark.parametrize(
    ("start", "end", "reason"),
    [
        ("2025-08-18", "2025-03-01", "is after the end"),
        ("0001-01-01", "2025-03-01", "1900-01-01 or later"),
        ("2025-03-01", "9999-12-31", "after today"),
        ("2025-02-30", "2025-03-01", "not a day on the calendar"),
        ("yesterday", "2025-03-01", "YYYY-MM-DD"),
        ("2025-03-01", "", "both a start and an end"),
        ("", "2025-03-01", "both a start and an end"),
        ("٢٠٢٥-٠٣-٠١", "2025-03-01", "YYYY-MM-DD"),
    ],
)
def test_bad_dates_are_a_clear_message(signed_in_client, person, start, end, reason):
    checkins(person, TODAY - dt.timedelta(days=2), 3)
    page = signed_in_client.get(PAGE, {"start": start, "end": end})
    assert page.status_code == 400
    assert reason in page.context["period_error"]
    assert config(page)["params"] == {"range": "30"}
    for name in ("series", "scatter", "insights"):
        response = api(signed_in_client, name, start=start, end=end)
        assert response.status_code == 400
        assert reason in response.json()["error"]


def test_start_and_end_take_precedence_over_the_range(signed_in_client, person):
    checkins(person, dt.date(2025, 1, 1), 10)
    data = api(signed_in_client, "series", range="7", start="2025-01-01", end="2025-01-31").json()
    assert (data["start"], data["end"], data["range"]) == ("2025-01-01", "2025-01-31", "custom")
    assert len(data["dates"]) == 31
    assert data["days_with_mood"] == 10


def test_the_insights_use_the_chosen_end(signed_in_client, person):
    checkins(person, dt.date(2024, 1, 1), 30)
    data = api(signed_in_client, "insights", start="2024-01-01", end="2024-01-30").json()
    assert data["range"] == "custom"
    assert data["paired_days"] == 0 or data["days_needed"] is not None


def test_all_time_reaches_the_first_imported_day(signed_in_client, person):
    checkins(person, dt.date(2019, 5, 2), 3)
    checkins(person, TODAY, 1)
    data = api(signed_in_client, "series", range="all").json()
    assert data["start"] == "2019-05-02"
    assert data["days_with_mood"] == 4


def test_the_line_breaks_over_a_gap_of_more_than_a_week(signed_in_client, person):
    checkins(person, dt.date(2026, 1, 1), 5)
    checkins(person, dt.date(2026, 1, 20), 5)  # 14 days with nothing between
    data = api(signed_in_client, "series", start="2026-01-01", end="2026-01-24").json()
    rolling = dict(zip(data["dates"], data["rolling"], strict=True))
    assert rolling["2026-01-07"] is not None  # within a week of the last check-in
    assert rolling["2026-01-12"] is None  # a break: drawn as a gap, not a straight line
    assert rolling["2026-01-20"] is not None


def test_another_persons_data_is_not_in_a_chosen_period(signed_in_client, person):
    checkins(UserFactory(), dt.date(2025, 3, 1), 30)
    data = api(signed_in_client, "series", start="2025-03-01", end="2025-03-30").json()
    assert data["days_with_mood"] == 0
    assert signed_in_client.get(PAGE).context["period"].note == ""


# --- The calendar, year by year -------------------------------------------------------------


def test_the_calendar_pages_through_every_year_with_data(signed_in_client, person):
    checkins(person, dt.date(2019, 12, 30), 3)  # 2019 and 2020
    checkin_at_local_noon(person, dt.date(2023, 7, 1), mood=2)
    last_year = api(signed_in_client, "calendar").json()
    assert last_year["years"] == [2019, 2020, 2023]
    assert last_year["year"] is None
    year = api(signed_in_client, "calendar", year="2019").json()
    assert (year["start"], year["end"], year["year"]) == ("2019-01-01", "2019-12-31", 2019)
    assert [day["date"] for day in year["days"]] == ["2019-12-30", "2019-12-31"]
    this_year = api(signed_in_client, "calendar", year="2026").json()
    assert this_year["end"] == TODAY.isoformat()


@pytest.mark.parametrize("year", ["1899", "2027", "99999", "20x5", "-1", " 2025", "٢٠٢٥"])
def test_a_calendar_year_out_of_range_is_a_400_with_a_reason(signed_in_client, year):
    response = api(signed_in_client, "calendar", year=year)
    assert response.status_code == 400
    assert "year must be a year from 1900 to 2026" in response.json()["error"]


def test_another_persons_years_are_not_listed(signed_in_client, person):
    checkins(UserFactory(), dt.date(2021, 1, 1), 3)
    data = api(signed_in_client, "calendar", year="2021").json()
    assert data["years"] == []
    assert data["days"] == []


def test_signed_out_the_new_parameters_get_401(client):
    assert api(client, "calendar", year="2025").status_code == 401
    assert api(client, "series", start="2025-01-01", end="2025-01-02").status_code == 401
