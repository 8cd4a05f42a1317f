from datetime import UTC, date, datetime, time

import pytest
import time_machine
from django.core import signing
from django.urls import reverse

from apps.accounts.models import User
from apps.reminders.models import Delivery, Kind, ReminderSchedule
from apps.reminders.tokens import make_token
from tests.factories import UserFactory
from tests.reminders.conftest import free_port, make_schedule

pytestmark = pytest.mark.django_db
SETTINGS = "/reminders/settings/"
MONDAY_NOON = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def settings_data(**overrides) -> dict:
    data = {
        "daily_enabled": "on",
        "daily_time": "07:45",
        "daily_weekdays": ["0", "2", "4"],
        "skip_if_logged": "on",
        "weekly_enabled": "on",
        "weekly_weekday": "6",
        "weekly_time": "18:30",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def unsubscribe_path(person, kind: str = Kind.DAILY) -> str:
    key = ReminderSchedule.objects.get(person=person).unsubscribe_key
    return reverse("reminders:unsubscribe", args=[make_token(key, kind)])


def test_the_settings_page_is_named_and_linked_from_the_settings_hub(signed_in_client):
    assert reverse("reminders:settings") == SETTINGS
    response = signed_in_client.get("/settings/")
    assert f'href="{SETTINGS}"' in response.text


def test_the_settings_page_needs_a_sign_in(client):
    response = client.get(SETTINGS)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_looking_at_the_settings_page_creates_nothing(signed_in_client):
    response = signed_in_client.get(SETTINGS)
    assert response.status_code == 200
    assert "Daily check-in reminder" in response.text
    assert not ReminderSchedule.objects.exists()


@time_machine.travel(MONDAY_NOON, tick=False)
def test_saving_the_settings_stores_local_times_and_the_next_utc_instants(signed_in_client, person):
    person.timezone = "America/New_York"
    person.save()

    response = signed_in_client.post(SETTINGS, settings_data())

    assert response.status_code == 302
    schedule = ReminderSchedule.objects.get(person=person)
    assert schedule.daily_time == time(7, 45)
    assert schedule.daily_weekday_list == [0, 2, 4]
    # Monday 07:45 EST is 12:45 UTC, still ahead at noon; the summary on Sunday at 18:30 EST.
    assert schedule.next_daily_at == datetime(2026, 11, 23, 12, 45, tzinfo=UTC)
    assert schedule.next_weekly_at == datetime(2026, 11, 29, 23, 30, tzinfo=UTC)
    page = signed_in_client.get(SETTINGS).text
    assert "Your reminder settings are saved." in page
    assert 'value="07:45"' in page


def test_a_daily_reminder_without_any_day_is_refused_at_the_field(signed_in_client):
    response = signed_in_client.post(SETTINGS, settings_data(daily_weekdays=None))
    assert response.status_code == 200
    assert "Pick at least one day" in response.context["form"].errors["daily_weekdays"][0]
    assert not ReminderSchedule.objects.exists()


def test_each_person_sees_and_changes_only_their_own_schedule(client, person, other_person):
    make_schedule(other_person, daily_time=time(6, 0))
    client.force_login(person)
    client.post(SETTINGS, settings_data(daily_time="21:00"))
    assert ReminderSchedule.objects.get(person=other_person).daily_time == time(6, 0)
    assert ReminderSchedule.objects.get(person=person).daily_time == time(21, 0)


def test_the_last_failed_delivery_is_shown_to_its_person_only(client, person, other_person):
    Delivery.objects.create(
        person=person,
        kind=Kind.DAILY,
        local_date=date(2026, 11, 20),
        status=Delivery.Status.FAILED,
        last_error="The mail server answered 550: 5.1.1 No such mailbox",
    )
    client.force_login(person)
    assert "550: 5.1.1 No such mailbox" in client.get(SETTINGS).text
    client.force_login(other_person)
    assert "No such mailbox" not in client.get(SETTINGS).text


def test_a_failure_followed_by_a_success_is_no_longer_shown(signed_in_client, person):
    Delivery.objects.create(
        person=person,
        kind=Kind.DAILY,
        local_date=date(2026, 11, 20),
        status=Delivery.Status.FAILED,
        last_error="The mail server answered 550: gone",
    )
    Delivery.objects.create(
        person=person, kind=Kind.DAILY, local_date=date(2026, 11, 21), status="sent"
    )
    assert "550" not in signed_in_client.get(SETTINGS).text


def test_saving_settings_works_while_the_broker_is_down(signed_in_client, person, settings):
    from gutmind.celery import app as celery_app

    closed = f"redis://127.0.0.1:{free_port()}/4"
    before = celery_app.conf.broker_url
    celery_app.conf.broker_url = closed
    try:
        response = signed_in_client.post(SETTINGS, settings_data())
    finally:
        celery_app.conf.broker_url = before
    assert response.status_code == 302
    assert ReminderSchedule.objects.get(person=person).daily_enabled


# --- Unsubscribe (RFC 8058) -------------------------------------------------------------


def test_the_unsubscribe_link_shows_a_confirm_button_and_changes_nothing(client, person):
    make_schedule(person)
    response = client.get(unsubscribe_path(person))
    assert response.status_code == 200
    assert "daily check-in reminder" in response.text
    assert '<form method="post">' in response.text
    assert ReminderSchedule.objects.get(person=person).daily_enabled


def test_one_click_post_unsubscribes_without_a_session_or_csrf_token(person):
    from django.test import Client

    make_schedule(person, weekly_enabled=True)
    client = Client(enforce_csrf_checks=True)

    response = client.post(unsubscribe_path(person, Kind.DAILY), {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert "You are unsubscribed" in response.text
    schedule = ReminderSchedule.objects.get(person=person)
    assert (schedule.daily_enabled, schedule.next_daily_at) == (False, None)
    assert schedule.weekly_enabled, "only the kind in the token is turned off"
    assert schedule.next_weekly_at is not None


def test_unsubscribing_from_the_weekly_summary_keeps_the_daily_reminder(client, person):
    make_schedule(person, weekly_enabled=True)
    client.post(unsubscribe_path(person, Kind.WEEKLY))
    schedule = ReminderSchedule.objects.get(person=person)
    assert (schedule.daily_enabled, schedule.weekly_enabled) == (True, False)


def test_a_tampered_token_gets_a_clear_page(client, person):
    make_schedule(person)
    path = unsubscribe_path(person)
    tampered = path.replace("/unsubscribe/", "/unsubscribe/x")
    for response in (client.get(tampered), client.post(tampered)):
        assert response.status_code == 400
        assert "This unsubscribe link is not valid" in response.text
    assert ReminderSchedule.objects.get(person=person).daily_enabled


def test_a_token_for_another_purpose_is_refused(client, person):

    token = signing.dumps({"p": person.pk, "k": Kind.DAILY}, salt="something-else")
    assert client.post(f"/reminders/unsubscribe/{token}/").status_code == 400


def test_a_deleted_persons_link_still_says_unsubscribed(client):
    person = UserFactory()
    make_schedule(person)
    path = unsubscribe_path(person)
    person.delete()
    response = client.post(path)
    assert response.status_code == 200
    assert "You are unsubscribed" in response.text


# --- Sign-up and time zones ---------------------------------------------------------------


def signup(client, **extra) -> User:
    password = "quiet-river-stones-42"
    data = {
        "email": "new.person@example.org",
        "password1": password,
        "password2": password,
        "timezone": "Asia/Kathmandu",
        "health_data_consent": "on",
        **extra,
    }
    assert client.post("/accounts/signup/", data).status_code == 302
    return User.objects.get(email="new.person@example.org")


@time_machine.travel(MONDAY_NOON, tick=False)
def test_sign_up_asks_once_and_the_answer_yes_turns_the_daily_reminder_on(client):
    assert "Email me a daily check-in reminder" in client.get("/accounts/signup/").text
    user = signup(client, daily_reminder="on")
    schedule = ReminderSchedule.objects.get(person=user)
    assert schedule.daily_enabled and not schedule.weekly_enabled
    # 20:00 in Kathmandu (+5:45) on Monday is 14:15 UTC.
    assert schedule.next_daily_at == datetime(2026, 11, 23, 14, 15, tzinfo=UTC)


def test_sign_up_without_the_box_leaves_reminders_off(client):
    user = signup(client)
    schedule = ReminderSchedule.objects.get(person=user)
    assert not schedule.daily_enabled
    assert schedule.next_daily_at is None


@time_machine.travel(MONDAY_NOON, tick=False)
def test_a_new_time_zone_in_settings_moves_the_next_reminder(signed_in_client, person):
    make_schedule(person, daily_time=time(20, 0))  # Europe/London: 20:00 UTC
    response = signed_in_client.post(
        "/settings/", {"display_name": person.display_name, "timezone": "Asia/Tokyo"}
    )
    assert response.status_code == 302
    schedule = ReminderSchedule.objects.get(person=person)
    assert schedule.timezone == "Asia/Tokyo"
    # 20:00 in Tokyo (+9) on Monday is 11:00 UTC, already past at noon: Tuesday's.
    assert schedule.next_daily_at == datetime(2026, 11, 24, 11, 0, tzinfo=UTC)


@time_machine.travel(MONDAY_NOON, tick=False)
def test_other_saves_of_the_person_leave_a_due_reminder_alone(person):
    schedule = make_schedule(person, daily_time=time(12, 0))
    due = schedule.next_daily_at
    person.display_name = "New name"
    person.save()
    person.save(update_fields=["last_login"])
    assert ReminderSchedule.objects.get(person=person).next_daily_at == due


def test_a_link_from_before_the_key_shows_the_invalid_page_and_changes_nothing(client, person):
    # The old format: the person's numeric id, signed under the old salt.
    make_schedule(person)
    old = signing.dumps(
        {"p": person.pk, "k": Kind.DAILY}, salt="gutmind.reminders.unsubscribe", compress=False
    )
    for method in (client.get, client.post):
        response = method(f"/reminders/unsubscribe/{old}/")
        assert response.status_code == 400
        assert "reminders/unsubscribe_invalid.html" in [t.name for t in response.templates]
    assert ReminderSchedule.objects.get(person=person).daily_enabled


def test_every_schedule_gets_its_own_unguessable_key(person, other_person):
    first, second = make_schedule(person), make_schedule(other_person)
    assert first.unsubscribe_key != second.unsubscribe_key
    assert len(first.unsubscribe_key) >= 20
    assert str(person.pk) != first.unsubscribe_key
