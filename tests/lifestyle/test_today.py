from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.lifestyle.habits import WATER_GLASS_ML
from apps.lifestyle.models import DailyLog, Tag
from apps.mood.models import MoodCheckIn
from tests.factories import DailyLogFactory, MoodCheckInFactory, TagFactory

pytestmark = pytest.mark.django_db


def habit_post(**overrides) -> dict:
    data = {
        "fruit_veg_servings": "5",
        "whole_grain_servings": "2",
        "fermented_servings": "1",
        "processed_servings": "0",
        "water_amount": "6",
        "water_unit": "glasses",
        "sleep_hours": "7.5",
        "sleep_quality": "4",
        "exercise_minutes": "30",
        "mindfulness_minutes": "10",
        "stress_level": "2",
        "gut_comfort": "4",
        "bristol_type": "4",
        "note": "",
        "new_tags": "",
    }
    data.update(overrides)
    return data


def test_it_asks_strangers_to_sign_in(client):
    response = client.get("/today/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_it_shows_each_guideline_beside_its_field(signed_in_client):
    page = signed_in_client.get("/today/").content.decode()
    for guideline in ("7 servings a day", "2 litres a day", "30 minutes", "7 to 9 hours"):
        assert guideline in page
    assert 'name="checkin-mood"' in page
    assert not DailyLog.objects.exists()  # looking changes nothing


def test_the_page_tells_its_script_the_glass_and_each_steppers_step(signed_in_client):
    page = signed_in_client.get("/today/").content.decode()
    assert f'data-glass-ml="{WATER_GLASS_ML}"' in page
    assert 'data-step="0.25"' in page and 'data-step="5"' in page


def test_saving_today_stores_one_log_with_the_values_given(signed_in_client, person):
    response = signed_in_client.post("/today/", habit_post())
    assert response.status_code == 302
    log = DailyLog.objects.get(person=person)
    assert log.date == person.local_today()
    assert log.water_ml == 1500
    assert log.sleep_hours == Decimal("7.5")
    assert log.stress_level == 2


def test_saving_again_updates_the_day_instead_of_adding_a_row(signed_in_client, person):
    signed_in_client.post("/today/", habit_post())
    signed_in_client.post("/today/", habit_post(fruit_veg_servings="8", water_amount=""))
    log = DailyLog.objects.get(person=person)
    assert log.fruit_veg_servings == 8
    assert log.water_ml is None


def test_water_can_be_entered_in_ml(signed_in_client, person):
    signed_in_client.post("/today/", habit_post(water_amount="1750", water_unit="ml"))
    assert DailyLog.objects.get(person=person).water_ml == 1750


def test_the_page_comes_back_filled_in_with_todays_values(signed_in_client, person):
    DailyLogFactory(person=person, date=person.local_today(), fruit_veg_servings=6, water_ml=1750)
    page = signed_in_client.get("/today/").content.decode()
    assert 'name="fruit_veg_servings" id="id_fruit_veg_servings" value="6"' in page
    assert 'name="water_amount" id="id_water_amount" value="7"' in page
    assert "6 of 7 servings" in page


def test_one_tap_on_a_mood_saves_a_check_in_for_today(signed_in_client, person):
    signed_in_client.post("/today/", habit_post(**{"checkin-mood": "5"}))
    checkin = MoodCheckIn.objects.get(person=person)
    assert checkin.mood == 5
    assert checkin.local_date == person.local_today()
    assert checkin.anxiety is None
    assert checkin.emotions == []


def test_a_mood_alone_saves_a_check_in_without_an_empty_log(signed_in_client, person):
    empty = {name: "" for name in habit_post()} | {"water_unit": "glasses"}
    signed_in_client.post("/today/", {**empty, "checkin-mood": "2"})
    assert MoodCheckIn.objects.get(person=person).mood == 2
    assert not DailyLog.objects.exists()


def test_no_mood_tapped_means_no_check_in(signed_in_client, person):
    signed_in_client.post("/today/", habit_post())
    assert not MoodCheckIn.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("fruit_veg_servings", "31", "as a number from 0 to 30 servings, such as 7"),
        ("fruit_veg_servings", "lots", "as a number from 0 to 30 servings"),
        ("sleep_hours", "7.1", "quarter hours"),
        ("sleep_hours", "25", "Enter sleep as a number from 0 to 24 hours, such as 7.5"),
        ("stress_level", "9", "Pick stress from 1 to 5"),
        ("water_amount", "41", "you entered 10,250 ml"),
        ("water_amount", "a lot", "Enter the water as a number"),
        ("exercise_minutes", "-5", "Enter exercise as a number from 0 to 1440 minutes"),
        ("bristol_type", "8", "Pick a stool type from 1 to 7"),
        ("note", "x" * 20_001, "at most 20000 characters"),
    ],
)
def test_bad_input_is_shown_at_the_field_and_nothing_is_saved(
    signed_in_client, person, field, value, message
):
    data = habit_post(**{field: value, "checkin-mood": "4", "new_tags": "brand new"})
    response = signed_in_client.post("/today/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was saved" in page
    assert message in page
    assert f'id="id_{field}-error"' in page
    assert not DailyLog.objects.exists()
    assert not MoodCheckIn.objects.exists()
    assert not Tag.objects.exists()


def test_check_in_details_without_a_mood_ask_for_the_mood(signed_in_client, person):
    response = signed_in_client.post("/today/", habit_post(**{"checkin-energy": "3"}))
    assert "Pick how you feel" in response.content.decode()
    assert not DailyLog.objects.exists()


def test_a_long_note_with_emoji_and_html_is_kept_as_written_and_shown_escaped(
    signed_in_client, person
):
    note = ("<script>alert('x')</script> 🌱😊 ünïcode " * 300)[:10_000]
    assert len(note) == 10_000
    signed_in_client.post(
        "/today/", habit_post(note=note, **{"checkin-mood": "3", "checkin-note": note})
    )
    assert DailyLog.objects.get(person=person).note == note
    assert MoodCheckIn.objects.get(person=person).note == note
    page = signed_in_client.get("/today/").content.decode()
    assert "<script>alert(" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; 🌱😊" in page


def test_new_tags_are_created_and_an_existing_name_in_other_case_is_reused(
    signed_in_client, person
):
    coffee = TagFactory(person=person, name="Coffee")
    signed_in_client.post("/today/", habit_post(new_tags="coffee, Walk outside,  walk OUTSIDE "))
    assert sorted(Tag.objects.filter(person=person).values_list("name", flat=True)) == [
        "Coffee",
        "Walk outside",
    ]
    log = DailyLog.objects.get(person=person)
    assert set(log.tags.values_list("name", flat=True)) == {"Coffee", "Walk outside"}
    assert coffee in log.tags.all()


def test_adding_an_archived_tag_by_name_brings_it_back(signed_in_client, person):
    tag = TagFactory(person=person, name="alcohol", archived=True)
    signed_in_client.post("/today/", habit_post(new_tags="Alcohol"))
    tag.refresh_from_db()
    assert not tag.archived
    assert Tag.objects.filter(person=person).count() == 1


def test_ticked_tags_are_saved_and_unticked_ones_removed(signed_in_client, person):
    coffee, social = (
        TagFactory(person=person, name="coffee"),
        TagFactory(person=person, name="social"),
    )
    signed_in_client.post("/today/", habit_post(tags=[coffee.pk, social.pk]))
    signed_in_client.post("/today/", habit_post(tags=[social.pk]))
    assert list(DailyLog.objects.get(person=person).tags.all()) == [social]


def test_another_persons_tag_cannot_be_attached(signed_in_client, person, other_person):
    theirs = TagFactory(person=other_person, name="secret")
    response = signed_in_client.post("/today/", habit_post(tags=[theirs.pk]))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not DailyLog.objects.exists()


def test_a_tag_name_too_long_is_refused_at_the_field(signed_in_client, person):
    response = signed_in_client.post("/today/", habit_post(new_tags="x" * 41))
    assert 'id="id_new_tags-error"' in response.content.decode()
    assert not Tag.objects.exists()


def test_the_page_never_shows_another_persons_log(signed_in_client, person, other_person):
    DailyLogFactory(person=other_person, date=person.local_today(), fruit_veg_servings=13)
    MoodCheckInFactory(person=other_person, mood=1)
    page = signed_in_client.get("/today/").content.decode()
    assert 'value="13"' not in page
    assert "No check-ins yet" in page


def _fill_days(person, count: int) -> None:
    today = person.local_today()
    tag = TagFactory(person=person, name="coffee")
    for n in range(count):
        log = DailyLogFactory(person=person, date=today - timedelta(days=n))
        log.tags.add(tag)
        MoodCheckInFactory(person=person)


def _queries_for(client, url: str) -> int:
    client.get(url)  # the first request also records the signed-in session (allauth)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("url", ["/today/", "/history/"])
def test_the_number_of_queries_does_not_grow_with_the_days_logged(client, url):
    from tests.factories import UserFactory

    one_day, thirty_days = UserFactory(), UserFactory()
    _fill_days(one_day, 1)
    _fill_days(thirty_days, 30)
    client.force_login(one_day)
    few = _queries_for(client, url)
    client.force_login(thirty_days)
    many = _queries_for(client, url)
    assert few == many
    # 12, plus the person's day layout (my habits) and the experiments day notice on /today/
    assert many <= 14


def _previous_day_json(response) -> dict | None:
    import json
    import re

    match = re.search(
        r'<script id="previous-day-values" type="application/json">(.*?)</script>',
        response.content.decode(),
    )
    return json.loads(match.group(1)) if match else None


def test_an_empty_today_offers_the_last_logged_days_habits_to_copy(signed_in_client, person):
    three_days_ago = person.local_today() - timedelta(days=3)
    DailyLogFactory(
        person=person,
        date=three_days_ago,
        fruit_veg_servings=6,
        water_ml=1750,
        sleep_hours=Decimal("7.50"),
        exercise_minutes=None,
        stress_level=2,
        note="only for that day",
    )
    previous = _previous_day_json(signed_in_client.get("/today/"))
    assert previous["date"] == three_days_ago.isoformat()
    assert previous["values"] == {
        "fruit_veg_servings": 6,
        "sleep_hours": "7.5",
        "stress_level": 2,
        "probiotic_taken": False,
        "water_amount": "7",
        "water_unit": "glasses",
    }


def test_nothing_is_offered_to_copy_once_the_day_is_logged_or_for_another_person(
    signed_in_client, person, other_person
):
    DailyLogFactory(person=other_person, date=other_person.local_today() - timedelta(days=1))
    assert _previous_day_json(signed_in_client.get("/today/")) is None
    DailyLogFactory(person=person, date=person.local_today() - timedelta(days=1))
    DailyLogFactory(person=person, date=person.local_today())
    assert _previous_day_json(signed_in_client.get("/today/")) is None
