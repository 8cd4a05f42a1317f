"""Every logging POST (the day form, check-in create and edit) carries an idempotency key:
the server records it, and a replay changes nothing twice and answers as the first time."""

import json
import uuid
from datetime import timedelta

import pytest

from apps.accounts.models import IdempotencyKey
from apps.accounts.outbox import version_of
from apps.lifestyle.models import DailyLog
from apps.mood.models import MoodCheckIn
from tests.factories import DailyLogFactory, UserFactory, checkin_at_local_noon

pytestmark = pytest.mark.django_db
OUTBOX = {"HTTP_X_GUTMIND_OUTBOX": "1"}


def day_post(key, **fields) -> dict:
    return {"idempotency_key": str(key), "water_unit": "glasses", **fields}


def checkin_post(key, person, **fields) -> dict:
    yesterday = person.local_today() - timedelta(days=1)
    data = {"idempotency_key": str(key), "mood": "4", "local_day": f"{yesterday}"}
    return {**data, "local_time": "09:30", **fields}


def test_the_same_key_twice_makes_one_check_in(signed_in_client, person):
    key = uuid.uuid4()
    first = signed_in_client.post("/checkins/new/", checkin_post(key, person))
    second = signed_in_client.post("/checkins/new/", checkin_post(key, person, mood="1"))
    assert MoodCheckIn.objects.filter(person=person).count() == 1
    assert MoodCheckIn.objects.get(person=person).mood == 4  # the replay changed nothing
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert IdempotencyKey.objects.filter(person=person, key=key).count() == 1


def test_a_replayed_day_save_with_a_check_in_changes_nothing_twice(signed_in_client, person):
    key = uuid.uuid4()
    data = day_post(key, fruit_veg_servings="3", **{"checkin-mood": "5"})
    url = f"/log/{person.local_today()}/"
    first = signed_in_client.post(url, data, **OUTBOX)
    DailyLog.objects.filter(person=person).update(fruit_veg_servings=8)  # edited elsewhere
    second = signed_in_client.post(url, data, **OUTBOX)
    assert MoodCheckIn.objects.filter(person=person).count() == 1
    assert DailyLog.objects.get(person=person).fruit_veg_servings == 8
    assert first.status_code == second.status_code == 200
    assert json.loads(first.content)["url"] == json.loads(second.content)["url"] == "/today/"
    assert json.loads(second.content)["replayed"] is True


def test_an_outbox_save_sent_after_midnight_lands_on_its_own_day(signed_in_client, person):
    yesterday = person.local_today() - timedelta(days=1)
    response = signed_in_client.post(
        f"/log/{yesterday}/", day_post(uuid.uuid4(), exercise_minutes="20"), **OUTBOX
    )
    assert response.status_code == 200
    assert DailyLog.objects.get(person=person).date == yesterday


def test_another_persons_key_space_is_separate(client, person, other_person):
    key = uuid.uuid4()
    for who in (person, other_person):
        client.force_login(who)
        client.post("/checkins/new/", checkin_post(key, who))
    assert MoodCheckIn.objects.filter(person=person).count() == 1
    assert MoodCheckIn.objects.filter(person=other_person).count() == 1
    assert IdempotencyKey.objects.filter(key=key).count() == 2


@pytest.mark.parametrize("url", ["/today/", "/checkins/new/"])
def test_a_malformed_key_gets_400_and_saves_nothing(signed_in_client, person, url):
    data = {**checkin_post("x", person), **day_post("not-a-uuid", fruit_veg_servings="2")}
    response = signed_in_client.post(url, data)
    assert response.status_code == 400
    assert "UUID" in response.content.decode()
    outbox = signed_in_client.post(url, data, **OUTBOX)
    assert outbox.status_code == 400
    assert json.loads(outbox.content)["outcome"] == "invalid"
    assert not DailyLog.objects.exists() and not MoodCheckIn.objects.exists()


def test_an_invalid_save_records_no_key_so_the_fixed_one_goes_through(signed_in_client, person):
    key = uuid.uuid4()
    bad = signed_in_client.post("/today/", day_post(key, fruit_veg_servings="99"), **OUTBOX)
    assert bad.status_code == 400
    assert "fruit_veg_servings" in json.loads(bad.content)["errors"]
    good = signed_in_client.post("/today/", day_post(key, fruit_veg_servings="9"), **OUTBOX)
    assert good.status_code == 200
    assert DailyLog.objects.get(person=person).fruit_veg_servings == 9


def test_an_edit_replayed_returns_the_same_outcome(signed_in_client, person):
    checkin = checkin_at_local_noon(person, person.local_today() - timedelta(days=1), mood=2)
    key = uuid.uuid4()
    data = {**checkin_post(key, person, mood="3"), "base_version": version_of(checkin)}
    first = signed_in_client.post(f"/checkins/{checkin.pk}/edit/", data, **OUTBOX)
    second = signed_in_client.post(f"/checkins/{checkin.pk}/edit/", data, **OUTBOX)
    assert json.loads(first.content)["id"] == json.loads(second.content)["id"] == checkin.pk
    checkin.refresh_from_db()
    assert checkin.mood == 3


def test_the_outbox_gets_401_not_the_sign_in_page_when_signed_out(client, person):
    response = client.post("/today/", day_post(uuid.uuid4(), fruit_veg_servings="2"), **OUTBOX)
    assert response.status_code == 401
    assert json.loads(response.content) == {"outcome": "signed_out"}
    assert client.post("/today/", {}).status_code == 302  # a browser still goes to sign-in


def test_the_outbox_gets_403_on_a_stale_csrf_token(person):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(person)
    data = {**day_post(uuid.uuid4(), fruit_veg_servings="2"), "csrfmiddlewaretoken": "stale"}
    assert strict.post("/today/", data, **OUTBOX).status_code == 403
    assert not DailyLog.objects.exists()


class TestConflicts:
    def test_a_day_edited_elsewhere_shows_both_values_and_saves_nothing(
        self, signed_in_client, person
    ):
        log = DailyLogFactory(person=person, date=person.local_today(), fruit_veg_servings=2)
        base = version_of(log)
        log.fruit_veg_servings = 6  # saved on the laptop after the phone drew its page
        log.save()
        data = day_post(
            uuid.uuid4(),
            base_version=base,
            fruit_veg_servings="4",
            water_amount="6",
            sleep_hours="7.5",
            exercise_minutes="20",
        )
        response = signed_in_client.post("/today/", data, **OUTBOX)
        assert response.status_code == 409
        body = json.loads(response.content)
        conflict = next(c for c in body["conflicts"] if c["name"] == "fruit_veg_servings")
        assert (conflict["here"], conflict["elsewhere"]) == ("4", "6")
        assert conflict["elsewhere_raw"] == ["6"]
        assert [c["name"] for c in body["conflicts"]] == ["fruit_veg_servings"]
        log.refresh_from_db()
        assert log.fruit_veg_servings == 6
        # Choosing this phone's value: sent again with the version it was shown.
        data.update(base_version=body["base_version"], idempotency_key=str(uuid.uuid4()))
        assert signed_in_client.post("/today/", data, **OUTBOX).status_code == 200
        log.refresh_from_db()
        assert log.fruit_veg_servings == 4

    def test_the_browser_form_shows_both_values_too(self, signed_in_client, person):
        log = DailyLogFactory(person=person, date=person.local_today(), exercise_minutes=10)
        base = version_of(log)
        DailyLog.objects.filter(pk=log.pk).update(exercise_minutes=50, updated_at=log.created_at)
        data = day_post(
            uuid.uuid4(),
            base_version=base,
            exercise_minutes="35",
            fruit_veg_servings="5",
            water_amount="6",
            sleep_hours="7.5",
        )
        page = signed_in_client.post("/today/", data).content.decode()
        assert "changed elsewhere" in page
        assert "here <q>35</q>, saved elsewhere <q>50</q>" in page

    def test_an_unchanged_row_never_conflicts(self, signed_in_client, person):
        log = DailyLogFactory(person=person, date=person.local_today(), fruit_veg_servings=2)
        data = day_post(uuid.uuid4(), base_version=version_of(log), fruit_veg_servings="3")
        assert signed_in_client.post("/today/", data, **OUTBOX).status_code == 200

    def test_a_check_in_edited_elsewhere_conflicts(self, signed_in_client, person):
        checkin = checkin_at_local_noon(person, person.local_today() - timedelta(days=1), mood=2)
        base = version_of(checkin)
        checkin.mood = 5
        checkin.save()
        data = {**checkin_post(uuid.uuid4(), person, mood="1"), "base_version": base}
        data["local_time"] = "12:00"
        response = signed_in_client.post(f"/checkins/{checkin.pk}/edit/", data, **OUTBOX)
        assert response.status_code == 409
        conflict = json.loads(response.content)["conflicts"][0]
        assert (conflict["label"], conflict["here"], conflict["elsewhere"]) == (
            "How do you feel?",
            "awful",
            "great",
        )


def test_a_key_belongs_to_its_person_even_for_another_persons_check_in(client, person):
    stranger = UserFactory()
    checkin = checkin_at_local_noon(stranger, stranger.local_today(), mood=2)
    client.force_login(person)
    data = checkin_post(uuid.uuid4(), person)
    assert client.post(f"/checkins/{checkin.pk}/edit/", data, **OUTBOX).status_code == 404


def test_keys_and_the_day_layout_go_with_the_account(person):
    from apps.accounts.outbox import run_once
    from apps.lifestyle.layout import save_layout
    from apps.lifestyle.models import DayLayout

    run_once(person, uuid.uuid4(), lambda: {"url": "/today/"})
    save_layout(person, ["water_ml"], [], [])
    person.delete()
    assert not IdempotencyKey.objects.exists() and not DayLayout.objects.exists()


def test_old_keys_are_forgotten_by_the_daily_task(person):
    import time_machine
    from django.utils import timezone

    from apps.accounts.outbox import KEY_KEPT_FOR, run_once
    from apps.accounts.tasks import purge_old_idempotency_keys

    with time_machine.travel(timezone.now() - KEY_KEPT_FOR - timedelta(days=1)):
        run_once(person, uuid.uuid4(), lambda: {"url": "/today/"})
    kept = uuid.uuid4()
    run_once(person, kept, lambda: {"url": "/today/"})
    assert purge_old_idempotency_keys() == 1
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == [kept]
