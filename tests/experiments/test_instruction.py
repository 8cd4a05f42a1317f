"""Today's instruction: on the day page (Today and past days), and one line in the daily
reminder email, text and HTML, with no score or result in it."""

from datetime import timedelta

import pytest

from apps.experiments.services import pause, plan_experiment, reminder_line
from apps.reminders import sending
from apps.reminders.models import Delivery, Kind
from tests.factories import UserFactory, checkin_at_local_noon, fermented_food_plan

pytestmark = pytest.mark.django_db

FIELDS = fermented_food_plan()


def _plan(person, start):
    return plan_experiment(
        person, {**FIELDS, "start_date": start}, min(start, person.local_today()), seed=3
    )


def _expected(experiment, index: int) -> str:
    on = experiment.orders[index // 6] if index % 6 < 3 else not experiment.orders[index // 6]
    return "fermented food" if on else "no fermented food"


def _html(message) -> str:
    [(content, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return content


def test_the_daily_reminder_carries_todays_instruction_in_both_parts(mailoutbox):
    person = UserFactory()
    today = person.local_today()
    experiment = _plan(person, today - timedelta(days=4))
    checkin_at_local_noon(person, today - timedelta(days=1), mood=2, note="a private note")
    delivery = Delivery.objects.create(person=person, kind=Kind.DAILY, local_date=today)

    sending.send_by_id(delivery.pk)

    [message] = mailoutbox
    line = f"Today's experiment: {_expected(experiment, 4)}"
    assert line in message.body
    assert "<strong>Today's experiment:</strong> " + _expected(experiment, 4) in _html(message)
    for body in (message.body, _html(message)):
        assert "a private note" not in body
        assert "p =" not in body and "interval" not in body


@pytest.mark.parametrize("state", ["none", "paused", "planned"])
def test_no_instruction_line_without_something_to_do_today(mailoutbox, state):
    person = UserFactory()
    today = person.local_today()
    if state == "paused":
        pause(_plan(person, today - timedelta(days=2)), "illness", today)
    elif state == "planned":
        _plan(person, today + timedelta(days=2))
    delivery = Delivery.objects.create(person=person, kind=Kind.DAILY, local_date=today)

    sending.send_by_id(delivery.pk)

    [message] = mailoutbox
    assert "Today's experiment" not in message.body
    assert "Today's experiment" not in _html(message)


def test_a_past_day_shows_that_days_instruction(signed_in_client, person):
    today = person.local_today()
    experiment = _plan(person, today - timedelta(days=5))
    page = signed_in_client.get(f"/log/{today - timedelta(days=2):%Y-%m-%d}/").content.decode()
    assert "Experiment on this day" in page
    assert _expected(experiment, 3).capitalize() in page


def test_a_planned_experiment_says_when_it_starts_and_none_says_nothing(signed_in_client, person):
    assert (
        "experiment"
        not in signed_in_client.get("/today/")
        .content.decode()
        .lower()
        .split("<main", 1)[1]
        .split("</main>", 1)[0]
    )
    _plan(person, person.local_today() + timedelta(days=2))
    page = signed_in_client.get("/today/").content.decode()
    assert "Fermented foods and mood: starts" in page


def test_the_reminder_line_is_the_instruction_only(person):
    today = person.local_today()
    experiment = _plan(person, today)
    assert reminder_line(person, today) == _expected(experiment, 0)
    assert reminder_line(person, today + timedelta(days=60)) is None


def test_settling_in_days_are_marked_on_the_day_page(signed_in_client, person):
    today = person.local_today()
    plan_experiment(person, {**FIELDS, "start_date": today, "washout_days": 1}, today, seed=3)
    assert "a settling-in day: not counted" in signed_in_client.get("/today/").content.decode()


def test_the_notice_costs_today_a_fixed_number_of_queries(signed_in_client, person):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        signed_in_client.get("/today/")
    _plan(person, person.local_today() - timedelta(days=3))
    with CaptureQueriesContext(connection) as after:
        signed_in_client.get("/today/")
    assert len(after.captured_queries) <= len(before.captured_queries) + 1
