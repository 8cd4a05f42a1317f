"""My habits: the person chooses what the day page shows first; the rest fold under More."""

import re
from datetime import timedelta

import pytest

from apps.lifestyle.layout import DEFAULT_HABITS
from apps.lifestyle.models import DayLayout
from tests.factories import DailyLogFactory, TagFactory

pytestmark = pytest.mark.django_db


def shown_and_more(page: str) -> tuple[list[str], list[str]]:
    shown, _, more = page.partition('id="more-habits"')
    pattern = r'class="habit-row[^"]*" data-habit="(\w+)"'
    return re.findall(pattern, shown), re.findall(pattern, more)


def test_a_new_account_starts_with_the_short_set(signed_in_client):
    shown, more = shown_and_more(signed_in_client.get("/today/").content.decode())
    assert shown == list(DEFAULT_HABITS)
    assert "mindfulness_minutes" in more and "probiotic_taken" in more


def test_the_settings_page_chooses_and_orders_the_habits(signed_in_client, person):
    coffee, walk = TagFactory(person=person, name="coffee"), TagFactory(person=person, name="walk")
    data = {
        "show_habit_stress_level": "on",
        "order_habit_stress_level": "2",
        "show_habit_gut_comfort": "on",
        "order_habit_gut_comfort": "1",
        "show_habit_probiotic_taken": "on",
        f"show_tag_{walk.pk}": "on",
        f"order_tag_{walk.pk}": "1",
    }
    response = signed_in_client.post("/settings/habits/", data)
    assert response.status_code == 302
    layout = DayLayout.objects.get(person=person)
    assert layout.habits == ["gut_comfort", "stress_level", "probiotic_taken"]
    assert layout.hidden_tags == [coffee.pk]
    page = signed_in_client.get("/today/").content.decode()
    shown, more = shown_and_more(page)
    assert shown == ["gut_comfort", "stress_level", "probiotic_taken"]
    assert "fruit_veg_servings" in more
    top, _, folded = page.partition('id="more"')
    assert ">walk</label>" in top and ">coffee</label>" in folded


def test_a_bad_position_says_what_to_type(signed_in_client):
    page = signed_in_client.post(
        "/settings/habits/", {"show_habit_water_ml": "on", "order_habit_water_ml": "first"}
    ).content.decode()
    assert "Enter a position as a whole number, such as 1 for the top." in page
    assert not DayLayout.objects.exists()


def test_hide_this_moves_a_habit_under_more_and_show_brings_it_back(signed_in_client, person):
    response = signed_in_client.post(
        "/settings/habits/show/", {"item": "habit:water_ml", "next": "/today/"}
    )
    assert response.status_code == 302 and response["Location"] == "/today/"
    shown, more = shown_and_more(signed_in_client.get("/today/").content.decode())
    assert "water_ml" not in shown and "water_ml" in more
    signed_in_client.post("/settings/habits/show/", {"item": "habit:water_ml", "shown": "1"})
    shown, _ = shown_and_more(signed_in_client.get("/today/").content.decode())
    assert shown[-1] == "water_ml"


def test_hiding_a_tag_keeps_it_on_the_page_under_more(signed_in_client, person):
    tag = TagFactory(person=person, name="alcohol")
    signed_in_client.post("/settings/habits/show/", {"item": f"tag:{tag.pk}"})
    page = signed_in_client.get("/today/").content.decode()
    assert ">alcohol</label>" in page.partition('id="more"')[2]


def test_a_folded_habit_with_a_value_opens_more(signed_in_client, person):
    DailyLogFactory(person=person, date=person.local_today(), mindfulness_minutes=15)
    page = signed_in_client.get("/today/").content.decode()
    assert 'id="more" open' in page


def test_another_persons_tag_cannot_be_hidden(signed_in_client, other_person):
    tag = TagFactory(person=other_person)
    response = signed_in_client.post("/settings/habits/show/", {"item": f"tag:{tag.pk}"})
    assert response.status_code == 400
    assert not DayLayout.objects.exists()


def test_the_outbox_gets_a_400_with_a_reason_for_an_unknown_item(signed_in_client):
    response = signed_in_client.post(
        "/settings/habits/show/", {"item": "habit:no_such_habit"}, HTTP_X_GUTMIND_OUTBOX="1"
    )
    assert response.status_code == 400
    assert response.json() == {"outcome": "invalid", "reason": "Unknown habit or tag."}


def test_next_never_leaves_the_site(signed_in_client):
    response = signed_in_client.post(
        "/settings/habits/show/", {"item": "habit:water_ml", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/today/"


def test_the_settings_page_needs_sign_in(client):
    assert client.get("/settings/habits/").status_code == 302
    assert client.post("/settings/habits/show/", {"item": "habit:water_ml"}).status_code == 302


def test_fill_in_offers_the_nearest_day_after_when_filling_in_backwards(signed_in_client, person):
    today = person.local_today()
    tag = TagFactory(person=person, name="coffee")
    later = DailyLogFactory(person=person, date=today - timedelta(days=4), fruit_veg_servings=3)
    later.tags.add(tag)
    DailyLogFactory(person=person, date=today - timedelta(days=20))
    page = signed_in_client.get(f"/log/{today - timedelta(days=5)}/").content.decode()
    data = re.search(r'id="previous-day-values" type="application/json">(.*?)</script>', page)
    assert data is not None
    import json

    values = json.loads(data.group(1))
    assert values["date"] == later.date.isoformat()
    assert values["tags"] == [str(tag.pk)]
    assert "with its tags" in page


def test_a_past_days_quick_mood_is_put_in_its_evening(signed_in_client, person):
    from apps.mood.models import MoodCheckIn

    day = person.local_today() - timedelta(days=2)
    signed_in_client.post(f"/log/{day}/", {"checkin-mood": "4", "water_unit": "glasses"})
    checkin = MoodCheckIn.objects.get(person=person)
    local = checkin.at.astimezone(person.tzinfo)
    assert (checkin.local_date, local.date(), local.hour) == (day, day, 20)


def test_a_past_days_quick_mood_takes_the_time_given(signed_in_client, person):
    from apps.mood.models import MoodCheckIn

    day = person.local_today() - timedelta(days=2)
    data = {"checkin-mood": "2", "checkin-at_time": "07:15", "water_unit": "glasses"}
    signed_in_client.post(f"/log/{day}/", data)
    local = MoodCheckIn.objects.get(person=person).at.astimezone(person.tzinfo)
    assert (local.hour, local.minute) == (7, 15)


def test_the_demo_person_starts_with_the_short_set_and_their_tags_as_chips(client):
    from tests.lifestyle.test_seed_demo import _seed

    _seed(days=10)
    from apps.accounts.models import User
    from apps.lifestyle.management.commands.seed_demo import DEMO_EMAIL

    demo = User.objects.get(email=DEMO_EMAIL)
    client.force_login(demo)
    page = client.get("/today/").content.decode()
    shown, _ = shown_and_more(page)
    assert shown == list(DEFAULT_HABITS)
    top = page.partition('id="more"')[0]
    assert ">walk outside</label>" in top
