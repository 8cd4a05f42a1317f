import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.dashboard.models import DashboardPreference
from apps.lifestyle.models import DailyLog
from apps.mood.models import MoodCheckIn
from tests.factories import DailyLogFactory, TagFactory, UserFactory, checkin_at_local_noon

ENDPOINTS = ("series", "scatter", "week", "calendar", "insights")
NOW = dt.datetime(2026, 3, 5, 12, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 3, 5)


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


def api(client, name: str, **params):
    return client.get(f"/api/dashboard/{name}", params)


def make_history(person, days: int, tag=None) -> None:
    """`days` days up to today: a log and two check-ins a day (bulk, for long histories)."""
    dates = [TODAY - dt.timedelta(days=n) for n in range(days)]
    logs = DailyLog.objects.bulk_create(
        DailyLog(
            person=person,
            date=day,
            sleep_hours=6 + (n % 5) * 0.5,
            water_ml=1000 + (n % 7) * 250,
            stress_level=1 + n % 5,
            probiotic_taken=n % 2 == 0,
        )
        for n, day in enumerate(dates)
    )
    if tag is not None:
        DailyLog.tags.through.objects.bulk_create(
            DailyLog.tags.through(dailylog_id=log.pk, tag_id=tag.pk) for log in logs[::3]
        )
    MoodCheckIn.objects.bulk_create(
        MoodCheckIn(
            person=person,
            at=dt.datetime.combine(day, dt.time(hour), tzinfo=person.tzinfo),
            local_date=day,
            mood=1 + (n + hour) % 5,
        )
        for n, day in enumerate(dates)
        for hour in (9, 20)
    )


# --- Signed out, bad parameters -------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", [*ENDPOINTS, "ping"])
def test_signed_out_gets_401_json_not_the_login_page(client, name):
    response = api(client, name)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert "error" in response.json()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "bad", ["-5", "0", "abc", "", "3661", "1.5", "all; drop", "²", "٣٠", "9" * 40]
)
@pytest.mark.parametrize("name", ["series", "scatter", "insights"])
def test_a_bad_range_gets_400_with_a_reason(signed_in_client, name, bad):
    response = api(signed_in_client, name, range=bad or " ")
    assert response.status_code == 400
    assert "range" in response.json()["error"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "bad",
    ["unknown", "note", "tag:", "tag:abc", "tag:999999", "person_id", "tag:²", "tag:" + "9" * 30],
)
@pytest.mark.parametrize("name", ["series", "scatter"])
def test_an_unknown_habit_gets_400_with_a_reason(signed_in_client, name, bad):
    response = api(signed_in_client, name, range="30", habit=bad)
    assert response.status_code == 400
    assert "habit" in response.json()["error"]


@pytest.mark.django_db
def test_another_persons_tag_is_an_unknown_habit(signed_in_client, other_person):
    theirs = TagFactory(person=other_person, name="theirs")
    response = api(signed_in_client, "series", range="30", habit=f"tag:{theirs.pk}")
    assert response.status_code == 400


@pytest.mark.django_db
def test_the_endpoints_refuse_post(signed_in_client):
    assert signed_in_client.post("/api/dashboard/series").status_code == 405


# --- What the endpoints return ------------------------------------------------------------


@pytest.mark.django_db
def test_series_gives_every_day_of_the_range_with_mood_rolling_mean_and_habit(
    signed_in_client, person
):
    DailyLogFactory(person=person, date=TODAY, sleep_hours="8")
    checkin_at_local_noon(person, TODAY, mood=4)
    checkin_at_local_noon(person, TODAY, mood=5)
    checkin_at_local_noon(person, TODAY - dt.timedelta(days=2), mood=2)
    data = api(signed_in_client, "series", range="7", habit="sleep_hours").json()
    assert data["start"] == "2026-02-27"
    assert data["end"] == "2026-03-05"
    assert data["dates"][-2:] == ["2026-03-04", "2026-03-05"]
    assert len(data["dates"]) == len(data["mood"]) == len(data["habit_values"]) == 7
    assert data["mood"][-3:] == [2.0, None, 4.5]
    assert data["rolling"][-3:] == [2.0, 2.0, 3.25]
    assert data["habit_values"][-3:] == [None, None, 8.0]
    assert data["habit"] == {
        "key": "sleep_hours",
        "label": "Sleep",
        "kind": "number",
        "unit": "hours",
        "unit_one": "hour",
        "scale": None,
    }


@pytest.mark.django_db
def test_a_scale_habit_says_its_range_and_has_no_unit(signed_in_client, person):
    habit = api(signed_in_client, "series", range="7", habit="stress_level").json()["habit"]
    assert habit["unit"] == "" and habit["scale"] == {"low": 1, "high": 5}


@pytest.mark.django_db
def test_series_of_a_tag_is_one_on_tagged_days_and_zero_on_other_logged_days(
    signed_in_client, person
):
    tag = TagFactory(person=person, name="coffee")
    DailyLogFactory(person=person, date=TODAY).tags.add(tag)
    DailyLogFactory(person=person, date=TODAY - dt.timedelta(days=1))
    data = api(signed_in_client, "series", range="7", habit=f"tag:{tag.pk}").json()
    assert data["habit_values"][-3:] == [None, 0.0, 1.0]
    assert data["habit"]["label"] == "coffee"


@pytest.mark.django_db
def test_all_time_starts_at_the_first_recorded_day(signed_in_client, person):
    checkin_at_local_noon(person, TODAY - dt.timedelta(days=400), mood=3)
    data = api(signed_in_client, "series", range="all").json()
    assert data["start"] == "2025-01-29"
    assert len(data["dates"]) == 401


@pytest.mark.django_db
def test_days_are_the_persons_local_days(signed_in_client, person):
    person.timezone = "Pacific/Auckland"
    person.save()
    # 12:00 UTC on 5 March is 01:00 on 6 March in Auckland: that is the person's today.
    data = api(signed_in_client, "series", range="7").json()
    assert data["end"] == "2026-03-06"


@pytest.mark.django_db
def test_scatter_pairs_same_day_and_next_day_mood_and_claims_nothing_from_three_days(
    signed_in_client, person
):
    for n, hours in enumerate(["6", "7", "8"]):
        day = TODAY - dt.timedelta(days=3 - n)
        DailyLogFactory(person=person, date=day, sleep_hours=hours)
        checkin_at_local_noon(person, day, mood=2 + n)
    checkin_at_local_noon(person, TODAY, mood=5)
    data = api(signed_in_client, "scatter", range="30", habit="sleep_hours").json()
    assert data["same_day"]["x"] == [6, 7, 8]
    assert data["same_day"]["y"] == [2, 3, 4]
    assert data["same_day"]["fit"] is None, "three days are far fewer than an insight needs"
    assert data["same_day"]["enough"] is False
    assert data["next_day"]["x"] == [6, 7, 8]
    assert data["next_day"]["y"] == [3, 4, 5]
    assert data["next_day"]["n"] == 3


@pytest.mark.django_db
def test_scatter_draws_a_line_once_there_are_enough_spread_out_days(signed_in_client, person):
    for n in range(30):
        day = TODAY - dt.timedelta(days=30 - n)
        DailyLogFactory(person=person, date=day, sleep_hours=str(6 + n % 2))
        checkin_at_local_noon(person, day, mood=2 + n % 2)
    panel = api(signed_in_client, "scatter", range="90", habit="sleep_hours").json()["same_day"]
    assert panel["enough"] is True
    assert panel["fit"] == {"slope": pytest.approx(1), "intercept": pytest.approx(-4)}


@pytest.mark.django_db
def test_a_yes_no_habit_is_two_groups_not_a_line(signed_in_client, person):
    for n in range(30):
        day = TODAY - dt.timedelta(days=30 - n)
        DailyLogFactory(person=person, date=day, probiotic_taken=n % 3 == 0)
        checkin_at_local_noon(person, day, mood=4 if n % 3 == 0 else 3)
    panel = api(signed_in_client, "scatter", range="90", habit="probiotic_taken").json()
    same = panel["same_day"]
    assert same["fit"] is None
    assert same["groups"] == {"with": {"n": 10, "mean": 4.0}, "without": {"n": 20, "mean": 3.0}}


@pytest.mark.django_db
def test_scatter_with_one_day_has_no_line(signed_in_client, person):
    DailyLogFactory(person=person, date=TODAY)
    checkin_at_local_noon(person, TODAY, mood=3)
    data = api(signed_in_client, "scatter", range="30").json()
    assert data["same_day"]["n"] == 1
    assert data["same_day"]["fit"] is None


@pytest.mark.django_db
def test_week_lists_the_six_guidelines_and_the_streak(signed_in_client, person):
    DailyLogFactory(person=person, date=TODAY, water_ml=2500)
    data = api(signed_in_client, "week").json()
    assert data["week_start"] == "2026-03-02"
    assert [g["field"] for g in data["guidelines"]] == [
        "fruit_veg_servings",
        "water_ml",
        "exercise_minutes",
        "sleep_hours",
        "fermented_servings",
        "mindfulness_minutes",
    ]
    assert data["guidelines"][1]["met"] is True
    assert data["streak"] == 1


@pytest.mark.django_db
def test_calendar_covers_the_last_year_of_daily_means(signed_in_client, person):
    checkin_at_local_noon(person, TODAY - dt.timedelta(days=364), mood=2)
    checkin_at_local_noon(person, TODAY - dt.timedelta(days=365), mood=5)
    data = api(signed_in_client, "calendar").json()
    assert data["start"] == "2025-03-06"
    assert data["days"] == [{"date": "2025-03-06", "mood": 2.0}]


@pytest.mark.django_db
def test_insights_with_two_days_say_how_many_more_are_needed(signed_in_client, person):
    make_history(person, 2)
    data = api(signed_in_client, "insights", range="30").json()
    assert data["insights"] == []
    assert data["days_needed"] == 18
    assert data["message"].startswith("Log 18 more days")


@pytest.mark.django_db
def test_insights_find_a_habit_that_tracks_mood(signed_in_client, person):
    make_history(person, 90)
    # Mood follows the stress level exactly in make_history (both cycle with the day).
    DailyLog.objects.filter(person=person).update(stress_level=None)
    for log in DailyLog.objects.filter(person=person):
        moods = MoodCheckIn.objects.filter(person=person, local_date=log.date)
        log.stress_level = 6 - round(sum(m.mood for m in moods) / len(moods))
        log.save()
    data = api(signed_in_client, "insights", range="90").json()
    assert any(
        i["key"] == "stress_level" and i["lag"] == "same day" and i["direction"] == "worse"
        for i in data["insights"]
    ), data


@pytest.mark.django_db
def test_without_a_range_the_remembered_one_is_used(signed_in_client, person):
    DashboardPreference.objects.create(person=person, range="7")
    assert api(signed_in_client, "series").json()["range"] == "7"


@pytest.mark.django_db
def test_a_new_person_defaults_to_30_days(signed_in_client):
    data = api(signed_in_client, "series").json()
    assert data["range"] == "30"
    assert len(data["dates"]) == 30


# --- Outsiders ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", ENDPOINTS)
def test_another_persons_data_never_appears(signed_in_client, person, name):
    stranger = UserFactory()
    make_history(stranger, 60, tag=TagFactory(person=stranger, name="secret"))
    data = api(signed_in_client, name, range="all").json()
    text = str(data)
    assert "secret" not in text
    if name == "series":
        assert data["days_with_mood"] == 0
        assert set(data["mood"]) == {None}
    if name == "calendar":
        assert data["days"] == []
    if name == "scatter":
        assert data["same_day"]["n"] == 0
    if name == "week":
        assert data["streak"] == 0
    if name == "insights":
        assert data["paired_days"] == 0


# --- Query counts ---------------------------------------------------------------------------


def queries_made(client, path: str, params: dict) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, params)
    assert response.status_code == 200, response.content
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize("days", [7, 1095])
@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("series", {"habit": "sleep_hours"}),
        ("series", {"habit": "TAG"}),
        ("scatter", {"habit": "TAG"}),
        ("week", {}),
        ("calendar", {}),
        ("insights", {}),
    ],
)
@pytest.mark.parametrize("range_value", [None, "all"])
def test_each_endpoint_makes_at_most_5_queries_of_its_own_at_any_history_length(
    signed_in_client, person, days, name, params, range_value
):
    tag = TagFactory(person=person, name="coffee")
    make_history(person, days, tag=tag)
    params = {key: f"tag:{tag.pk}" if value == "TAG" else value for key, value in params.items()}
    if range_value:
        params["range"] = range_value
    # Session, user and allauth's session tracking cost the same on every signed-in request:
    # the trivial ping view measures them (its second call: the first records the session).
    queries_made(signed_in_client, "/api/dashboard/ping", {})
    baseline = queries_made(signed_in_client, "/api/dashboard/ping", {})
    own = queries_made(signed_in_client, f"/api/dashboard/{name}", params) - baseline
    assert own <= 5
    # Mood and the habit come in one UNION; the week is its aggregate and the streak's days.
    expected = 2 if name in ("week", "insights") else 1
    expected += name == "insights"  # before its result is cached: the data version
    expected += params.get("habit", "").startswith("tag:")
    expected += range_value is None and name in ("series", "scatter", "insights")
    expected += name == "calendar"  # the years with data, for paging
    assert own == expected, "the same count for 7 and 1,095 days"


@pytest.mark.django_db
def test_repeat_insights_come_from_the_cache_in_one_query(signed_in_client, person):
    make_history(person, 60)
    first = api(signed_in_client, "insights", range="all").json()
    api(signed_in_client, "ping")
    baseline = queries_made(signed_in_client, "/api/dashboard/ping", {})
    own = queries_made(signed_in_client, "/api/dashboard/insights", {"range": "all"}) - baseline
    assert own == 1, "only the person's data version, however long the history"
    assert api(signed_in_client, "insights", range="all").json() == first


@pytest.mark.django_db
def test_new_data_is_never_hidden_by_the_cache(signed_in_client, person):
    make_history(person, 19)
    assert api(signed_in_client, "insights", range="all").json()["days_needed"] == 1
    DailyLogFactory(person=person, date=TODAY - dt.timedelta(days=19))
    checkin_at_local_noon(person, TODAY - dt.timedelta(days=19), mood=3)
    assert api(signed_in_client, "insights", range="all").json()["days_needed"] == 0


def _version(person) -> int:
    from apps.dashboard import versions

    return versions.current(person)


@pytest.mark.django_db
def test_an_edited_check_in_gives_a_new_data_version(person):
    make_history(person, 5)
    before = _version(person)
    checkin = MoodCheckIn.objects.filter(person=person).first()
    checkin.mood = 5 if checkin.mood != 5 else 1
    checkin.save()
    assert _version(person) != before


@pytest.mark.django_db
def test_a_deleted_check_in_or_log_gives_a_new_data_version(person):
    make_history(person, 5)
    before = _version(person)
    MoodCheckIn.objects.filter(person=person).first().delete()
    middle = _version(person)
    DailyLog.objects.filter(person=person).delete()  # a queryset's delete, one log at a time
    assert len({before, middle, _version(person)}) == 3


@pytest.mark.django_db
def test_moving_or_renaming_a_tag_gives_a_new_data_version(person):
    tag = TagFactory(person=person)
    first = DailyLogFactory(person=person, date=TODAY)
    second = DailyLogFactory(person=person, date=TODAY - dt.timedelta(days=1))
    first.tags.add(tag)
    seen = {_version(person)}
    first.tags.remove(tag)
    seen.add(_version(person))
    tag.daily_logs.add(second)  # from the tag's side
    seen.add(_version(person))
    tag.name = "coffee, renamed"
    tag.save()
    seen.add(_version(person))
    assert len(seen) == 4


@pytest.mark.django_db
def test_another_persons_writes_leave_the_data_version_alone(person, other_person):
    make_history(person, 3)
    before = _version(person)
    DailyLogFactory(person=other_person, date=TODAY)
    checkin_at_local_noon(other_person, TODAY, mood=2)
    assert _version(person) == before


@pytest.mark.django_db
def test_a_cached_answer_is_replaced_after_a_new_log_and_check_in(signed_in_client, person):
    """The same range, a day's new data: the insights are computed again, not served."""
    make_history(person, 30)
    first = api(signed_in_client, "insights", range="all").json()
    with CaptureQueriesContext(connection) as hit:
        assert api(signed_in_client, "insights", range="all").json() == first
    DailyLogFactory(person=person, date=TODAY - dt.timedelta(days=40), sleep_hours=9)
    checkin_at_local_noon(person, TODAY - dt.timedelta(days=40), mood=5)
    with CaptureQueriesContext(connection) as miss:
        second = api(signed_in_client, "insights", range="all").json()
    assert len(miss) > len(hit), "the data was read again"
    assert second["paired_days"] == first["paired_days"] + 1


@pytest.mark.django_db
def test_an_import_gives_a_new_data_version(person, tmp_path):
    """The importer writes in bulk (no signals) and says so itself."""
    from django.core.management import call_command

    before = _version(person)
    daylio = tmp_path / "daylio.csv"
    daylio.write_text(
        "full_date,date,weekday,time,mood,activities,note_title,note\n"
        "2026-03-01,1 March,Sunday,12:00 pm,good,coffee,,\n",
        encoding="utf-8",
    )
    call_command("import_data", "--email", person.email, "--format", "daylio", str(daylio))
    assert MoodCheckIn.objects.filter(person=person).exists()
    assert _version(person) != before


@pytest.mark.django_db
def test_deleting_the_person_deletes_their_data_version(person):
    from apps.dashboard.models import DataVersion

    make_history(person, 3)
    DailyLogFactory(person=person, date=TODAY + dt.timedelta(days=1))
    assert DataVersion.objects.filter(person=person).exists()
    person.delete()
    assert not DataVersion.objects.exists()
