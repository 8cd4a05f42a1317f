from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from apps.mood.models import MoodCheckIn
from tests.factories import MoodCheckInFactory, UserFactory, checkin_at_local_noon

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 6, 10, 15, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_a_check_in_is_saved_with_the_time_the_person_gives(signed_in_client, person, frozen):
    response = signed_in_client.post(
        "/checkins/new/",
        {
            "mood": "2",
            "anxiety": "4",
            "energy": "",
            "emotions": ["tired", "sad"],
            "note": "rough night",
            "local_day": "2026-06-09",
            "local_time": "21:15",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/log/2026-06-09/"
    checkin = MoodCheckIn.objects.get(person=person)
    assert (checkin.mood, checkin.anxiety, checkin.energy) == (2, 4, None)
    assert checkin.emotions == ["tired", "sad"]
    assert checkin.at == datetime(2026, 6, 9, 21, 15, tzinfo=ZoneInfo("Europe/London"))
    assert checkin.local_date.isoformat() == "2026-06-09"


def test_the_new_page_starts_at_now_or_at_noon_of_the_day_asked_for(signed_in_client, frozen):
    page = signed_in_client.get("/checkins/new/").content.decode()
    assert 'value="2026-06-10"' in page
    assert 'value="15:00"' in page
    page = signed_in_client.get("/checkins/new/?date=2026-06-01").content.decode()
    assert 'value="2026-06-01"' in page
    assert 'value="12:00"' in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"local_day": "2026-06-10", "local_time": "09:00"}, "mood", "Pick how you feel"),
        (
            {"mood": "6", "local_day": "2026-06-10", "local_time": "09:00"},
            "mood",
            "Pick how you feel",
        ),
        (
            {"mood": "3", "local_day": "2026-06-10", "local_time": "18:00"},
            "local_time",
            "still to come",
        ),
        (
            {"mood": "3", "local_day": "2026-06-11", "local_time": "08:00"},
            "local_time",
            "still to come",
        ),
        ({"mood": "3", "local_day": "soon", "local_time": "08:00"}, "local_day", "valid date"),
        (
            {"mood": "3", "anxiety": "0", "local_day": "2026-06-10", "local_time": "08:00"},
            "anxiety",
            "valid choice",
        ),
        (
            {"mood": "3", "emotions": ["smug"], "local_day": "2026-06-10", "local_time": "08:00"},
            "emotions",
            "valid choice",
        ),
    ],
)
def test_bad_check_ins_are_shown_at_the_field_and_not_saved(
    signed_in_client, frozen, data, field, message
):
    response = signed_in_client.post("/checkins/new/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert f'id="id_{field}-error"' in page
    assert message in page
    assert not MoodCheckIn.objects.exists()


def test_a_check_in_can_be_edited(signed_in_client, person, frozen):
    checkin = checkin_at_local_noon(person, NOW.date() - timedelta(days=1), mood=2)
    page = signed_in_client.get(f"/checkins/{checkin.pk}/edit/").content.decode()
    assert 'value="12:00"' in page
    response = signed_in_client.post(
        f"/checkins/{checkin.pk}/edit/",
        {"mood": "5", "local_day": "2026-06-09", "local_time": "08:30", "emotions": ["calm"]},
    )
    assert response.status_code == 302
    checkin.refresh_from_db()
    assert (checkin.mood, checkin.emotions) == (5, ["calm"])
    assert checkin.at == datetime(2026, 6, 9, 8, 30, tzinfo=ZoneInfo("Europe/London"))
    assert MoodCheckIn.objects.count() == 1


def test_moving_a_check_in_to_another_day_moves_its_local_date(signed_in_client, person, frozen):
    checkin = checkin_at_local_noon(person, NOW.date(), mood=3)
    signed_in_client.post(
        f"/checkins/{checkin.pk}/edit/",
        {"mood": "3", "local_day": "2026-06-07", "local_time": "23:59"},
    )
    checkin.refresh_from_db()
    assert checkin.local_date.isoformat() == "2026-06-07"


def test_delete_asks_first_and_deletes_only_on_post(signed_in_client, person):
    checkin = MoodCheckInFactory(person=person)
    page = signed_in_client.get(f"/checkins/{checkin.pk}/delete/").content.decode()
    assert "Delete this check-in?" in page
    assert MoodCheckIn.objects.filter(pk=checkin.pk).exists()
    response = signed_in_client.post(f"/checkins/{checkin.pk}/delete/")
    assert response.status_code == 302
    assert not MoodCheckIn.objects.filter(pk=checkin.pk).exists()


def test_the_detail_page_shows_the_note_escaped(signed_in_client, person):
    checkin = MoodCheckInFactory(person=person, note="<b>bold</b> 🙂")
    page = signed_in_client.get(f"/checkins/{checkin.pk}/").content.decode()
    assert "&lt;b&gt;bold&lt;/b&gt; 🙂" in page


@pytest.mark.parametrize(
    ("method", "suffix"),
    [
        ("get", ""),
        ("get", "edit/"),
        ("post", "edit/"),
        ("get", "delete/"),
        ("post", "delete/"),
    ],
)
def test_another_persons_check_in_is_not_found_at_any_url(
    signed_in_client, other_person, method, suffix
):
    theirs = MoodCheckInFactory(person=other_person, mood=1, note="private")
    data = {"mood": "5", "local_day": "2020-01-01", "local_time": "10:00"}
    url = f"/checkins/{theirs.pk}/{suffix}"
    response = getattr(signed_in_client, method)(url, data if method == "post" else None)
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert (theirs.mood, theirs.note) == (1, "private")


@pytest.mark.parametrize("suffix", ["new/", "1/", "1/edit/", "1/delete/"])
def test_check_in_pages_need_a_signed_in_person(client, suffix):
    response = client.get(f"/checkins/{suffix}")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_check_ins_are_stored_for_the_signed_in_person_only(signed_in_client, person, frozen):
    UserFactory()
    signed_in_client.post(
        "/checkins/new/", {"mood": "4", "local_day": "2026-06-10", "local_time": "10:00"}
    )
    assert MoodCheckIn.objects.get().person == person
