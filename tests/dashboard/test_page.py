import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.dashboard.models import DashboardPreference
from tests.dashboard.test_api import make_history
from tests.factories import DailyLogFactory, TagFactory, checkin_at_local_noon

NOW = dt.datetime(2026, 3, 5, 12, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 3, 5)
PAGE = "/dashboard/"


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


def test_the_page_and_endpoints_have_stable_urls():
    assert reverse("dashboard:page") == PAGE
    assert reverse("dashboard:api_series") == "/api/dashboard/series"
    assert reverse("dashboard:api_ping") == "/api/dashboard/ping"


@pytest.mark.django_db
def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
@pytest.mark.parametrize("days", [0, 1, 2])
def test_a_new_person_with_few_days_sees_guidance_not_charts(signed_in_client, person, days):
    for offset in range(days):
        DailyLogFactory(person=person, date=TODAY - dt.timedelta(days=offset))
    response = signed_in_client.get(PAGE)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="sparse-guidance"' in html
    assert f"Log {3 - days} more day" in html
    assert "<canvas" not in html
    assert "dashboard.js" not in html
    assert 'data-testid="week-table"' in html, "the week's table works without charts"


@pytest.mark.django_db
def test_three_days_bring_the_charts(signed_in_client, person):
    for offset in range(3):
        checkin_at_local_noon(person, TODAY - dt.timedelta(days=offset), mood=3)
    html = signed_in_client.get(PAGE).content.decode()
    assert 'data-testid="sparse-guidance"' not in html
    for chart in ("mood-chart", "scatter-same", "scatter-next", "week-chart", "calendar-grid"):
        assert f'id="{chart}"' in html
    assert "js/dashboard.js" in html
    assert "chart.umd.min.js" in html


@pytest.mark.django_db
def test_the_page_has_no_inline_script_or_style(signed_in_client, person):
    make_history(person, 10)
    html = signed_in_client.get(PAGE).content.decode()
    # json_script blocks hold data, not code; every other script has a src.
    for chunk in html.split("<script")[1:]:
        tag = chunk.split(">", 1)[0]
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert "style=" not in html


@pytest.mark.django_db
def test_the_select_lists_every_habit_and_only_the_persons_tags(
    signed_in_client, person, other_person
):
    make_history(person, 5)
    TagFactory(person=person, name="coffee")
    TagFactory(person=other_person, name="their secret")
    html = signed_in_client.get(PAGE).content.decode()
    for label in ("Fruit &amp; vegetables", "Water", "Sleep", "Probiotic", "coffee"):
        assert f">{label}</option>" in html
    assert "their secret" not in html


@pytest.mark.django_db
def test_the_page_shows_the_streak_and_the_week(signed_in_client, person):
    for offset in range(4):
        DailyLogFactory(person=person, date=TODAY - dt.timedelta(days=offset), water_ml=2500)
    html = signed_in_client.get(PAGE).content.decode()
    assert "4 days</p>" in html
    assert "2,500 ml a day on average" in html


@pytest.mark.django_db
def test_the_furthest_guideline_is_named_with_recommended_articles(
    signed_in_client, person, monkeypatch
):
    DailyLogFactory(
        person=person,
        date=TODAY,
        water_ml=100,
        fruit_veg_servings=7,
        sleep_hours="8",
        exercise_minutes=200,
        fermented_servings=1,
        mindfulness_minutes=10,
    )
    asked = []

    class FakeArticle:
        title = "Why water matters"
        summary = "A short read."

        def get_absolute_url(self):
            return "/articles/why-water-matters/"

    def recommended(field, limit=2):
        asked.append((field, limit))
        return [FakeArticle()]

    monkeypatch.setattr("apps.dashboard.views.recommended_for_habit", recommended)
    html = signed_in_client.get(PAGE).content.decode()
    assert asked == [("water_ml", 2)]
    assert "furthest from the guideline for <strong>water</strong>" in html
    assert '<a href="/articles/why-water-matters/">Why water matters</a>' in html


@pytest.mark.django_db
def test_the_range_is_remembered_per_person(client, person, other_person):
    client.force_login(person)
    response = client.post("/dashboard/range/", {"range": "90"})
    assert response.status_code == 302
    assert DashboardPreference.objects.get(person=person).range == "90"
    html = client.get(PAGE).content.decode()
    assert '<option value="90" selected>' in html
    client.force_login(other_person)
    html = client.get(PAGE).content.decode()
    assert '<option value="30" selected>' in html


@pytest.mark.django_db
def test_an_unknown_range_is_ignored(signed_in_client, person):
    signed_in_client.post("/dashboard/range/", {"range": "-5"})
    assert not DashboardPreference.objects.filter(person=person).exists()


@pytest.mark.django_db
def test_viewing_the_page_changes_nothing(signed_in_client, person):
    signed_in_client.get(PAGE)
    assert not DashboardPreference.objects.filter(person=person).exists()


@pytest.mark.django_db
def test_setting_the_range_needs_post(signed_in_client):
    assert signed_in_client.get("/dashboard/range/", {"range": "7"}).status_code == 405


def page_queries(client, user) -> int:
    client.force_login(user)
    client.get(PAGE)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(PAGE).status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_the_page_makes_the_same_number_of_queries_for_any_history(client, person, other_person):
    make_history(person, 7, tag=TagFactory(person=person))
    make_history(other_person, 1095, tag=TagFactory(person=other_person))
    short, long = page_queries(client, person), page_queries(client, other_person)
    assert short == long
    # Session, user and allauth's session tracking, then the page's own (at most eight).
    assert long <= 15


@pytest.mark.django_db
def test_the_insights_are_in_the_html_itself_with_how_sure_behind_a_disclosure(
    signed_in_client, person
):
    from apps.lifestyle.management.commands.seed_demo import seed_days

    seed_days(person, 120)
    DashboardPreference.objects.create(person=person, range="all")
    page = signed_in_client.get(PAGE).content.decode()
    assert 'data-testid="insight"' in page
    assert "On days with walk outside your mood was about" in page
    assert '<summary class="small">How sure is this?</summary>' in page
    assert reverse("dashboard:questions") in page


@pytest.mark.django_db
def test_a_person_whose_mood_only_wanders_is_told_so_in_the_html(signed_in_client, person):
    import random

    from apps.lifestyle.models import DailyLog
    from apps.mood.models import MoodCheckIn

    rng = random.Random(7)
    level = 0.0
    for n in range(90):  # mood carries over and wanders; habits are independent of it
        day = TODAY - dt.timedelta(days=n)
        level = 0.8 * level + rng.gauss(0, 0.5)
        DailyLog.objects.create(
            person=person,
            date=day,
            sleep_hours=rng.choice((6, 7, 8)),
            water_ml=rng.choice((1000, 2000)),
        )
        MoodCheckIn.objects.create(
            person=person,
            at=dt.datetime.combine(day, dt.time(9), tzinfo=person.tzinfo),
            local_date=day,
            mood=max(1, min(5, round(3 + level))),
        )
    page = signed_in_client.get(PAGE).content.decode()
    assert 'data-testid="insight"' not in page
    assert "No habit clearly goes with how you feel yet." in page
