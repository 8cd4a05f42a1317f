"""Reminder settings and one-click unsubscribe in a real browser (phone-sized)."""

import re

import pytest
from django.urls import reverse

from apps.reminders.models import Kind, ReminderSchedule
from apps.reminders.tokens import make_token
from tests.e2e.conftest import axe_violations, sign_in
from tests.factories import PASSWORD, UserFactory
from tests.reminders.conftest import make_schedule

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_person_turns_on_the_daily_reminder_and_sees_when_it_comes(page):
    person = UserFactory(timezone="Asia/Kathmandu")
    sign_in(page, person.email, PASSWORD)
    page.goto("/settings/")
    page.get_by_role("link", name="Reminders and weekly summary").click()

    page.get_by_label("Send a daily check-in reminder").check()
    page.get_by_label("Time").first.fill("07:30")
    page.get_by_label("Saturday").uncheck()
    page.get_by_role("button", name="Save reminders").click()

    page.get_by_text("Your reminder settings are saved.").wait_for()
    assert page.get_by_text(re.compile(r"Next: .*07:30")).count() == 1
    schedule = ReminderSchedule.objects.get(person=person)
    assert schedule.daily_enabled and 5 not in schedule.daily_weekday_list


def test_the_unsubscribe_button_works_and_both_pages_pass_axe(axe_page):
    person = UserFactory()
    schedule = make_schedule(person)
    axe_page.goto(
        reverse("reminders:unsubscribe", args=[make_token(schedule.unsubscribe_key, Kind.DAILY)])
    )
    assert axe_violations(axe_page) == []

    axe_page.get_by_role("button", name="Unsubscribe").click()

    axe_page.get_by_role("heading", name="You are unsubscribed").wait_for()
    assert axe_violations(axe_page) == []
    assert not ReminderSchedule.objects.get(person=person).daily_enabled


def test_the_reminder_settings_page_passes_axe(axe_page):
    person = UserFactory()
    sign_in(axe_page, person.email, PASSWORD)
    axe_page.goto("/reminders/settings/")
    assert axe_violations(axe_page) == []
