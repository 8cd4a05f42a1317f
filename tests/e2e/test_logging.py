"""A person logs today, checks in, edits yesterday and finds both in the history."""

import re
from datetime import timedelta

import pytest

from apps.lifestyle.models import DailyLog
from tests.e2e.conftest import axe_violations, sign_in
from tests.factories import PASSWORD, DailyLogFactory, UserFactory, checkin_at_local_noon

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_logging_today_and_editing_yesterday_show_up_in_the_history(page):
    person = UserFactory()
    sign_in(page, person.email, PASSWORD)
    page.goto("/today/")

    page.locator("label[for='id_checkin-mood_3']").click()  # "good"
    for _ in range(3):
        page.get_by_role("button", name="More Fruit & vegetables").click()
    # The steppers update the progress toward the guideline before anything is saved.
    assert page.get_by_text("3 of 7 servings").is_visible()
    page.get_by_role("button", name="More Water").click()
    page.locator("label[for='id_water_unit_1']").click()  # switch to ml: +/- moves by 250
    page.get_by_role("button", name="More Water").click()
    assert page.get_by_role("spinbutton", name="Water").input_value() == "251"
    page.get_by_role("spinbutton", name="Water").fill("1500")
    page.get_by_text("More habits and tags").click()  # new tags are added under More
    page.get_by_label("Add a tag").fill("walk outside")
    page.get_by_role("button", name="Save today").click()

    page.get_by_text("Saved today.").wait_for()
    assert page.get_by_role("spinbutton", name="Fruit & vegetables").input_value() == "3"
    assert page.get_by_text("3 of 7 servings").is_visible()
    yesterday = person.local_today() - timedelta(days=1)

    page.get_by_role("link", name="Previous day").click()
    page.get_by_role("spinbutton", name="Exercise").fill("40")
    page.get_by_role("button", name=re.compile("^Save")).click()
    page.get_by_text(f"Saved {yesterday:%A %-d %B}.").wait_for()

    page.get_by_role("link", name="History", exact=True).first.click()
    rows = page.locator(".day-row")
    assert rows.count() == 2
    assert "Mood 4.0 (good)" in rows.nth(0).inner_text()
    assert "Water 1500 ml" in rows.nth(0).inner_text()
    assert "walk outside" in rows.nth(0).inner_text()
    assert "Exercise 40 min" in rows.nth(1).inner_text()
    assert f"/log/{yesterday:%Y-%m-%d}/" in rows.nth(1).locator("a").get_attribute("href")


def test_the_logging_pages_have_no_accessibility_violations(axe_page):
    person = UserFactory()
    day = person.local_today() - timedelta(days=1)
    DailyLogFactory(person=person, date=day, stress_level=2)
    checkin_at_local_noon(person, day, mood=3, note="fine")
    sign_in(axe_page, person.email, PASSWORD)
    for path in (
        "/today/",
        "/history/",
        f"/log/{day:%Y-%m-%d}/",
        "/checkins/new/",
        "/settings/tags/",
    ):
        axe_page.goto(path)
        assert axe_violations(axe_page) == [], path


def test_one_tap_fills_today_with_the_last_logged_days_habits(page):
    person = UserFactory()
    yesterday = person.local_today() - timedelta(days=1)
    DailyLogFactory(
        person=person,
        date=yesterday,
        fruit_veg_servings=6,
        water_ml=2000,
        sleep_hours="7.25",
        exercise_minutes=30,
        stress_level=4,
    )
    sign_in(page, person.email, PASSWORD)
    page.goto("/today/")

    page.get_by_role("button", name=re.compile("^Fill in as on")).click()
    assert page.get_by_role("spinbutton", name="Fruit & vegetables").input_value() == "6"
    assert page.get_by_text("6 of 7 servings").is_visible()
    page.get_by_role("button", name="More Fruit & vegetables").click()  # today had one more
    page.get_by_role("button", name="Save today").click()
    page.get_by_text("Saved today.").wait_for()

    today = DailyLog.objects.get(person=person, date=person.local_today())
    assert (today.fruit_veg_servings, today.water_ml, str(today.sleep_hours)) == (7, 2000, "7.25")
    assert (today.exercise_minutes, today.stress_level) == (30, 4)


def test_hiding_a_grouped_tag_moves_it_under_its_group_in_more(page):
    import time

    from apps.lifestyle.models import DayLayout
    from tests.factories import TagFactory, TagGroupFactory

    person = UserFactory()
    sleep = TagGroupFactory(person=person, name="Sleep words")
    TagFactory(person=person, name="nap", group=sleep)
    TagFactory(person=person, name="reading")
    sign_in(page, person.email, PASSWORD)
    page.goto("/today/")
    shown = page.locator(f"#shown-tags [data-tag-group='{sleep.pk}']")
    folded = page.locator(f"#more-tags [data-tag-group='{sleep.pk}']")
    assert shown.get_by_text("nap").is_visible() and folded.is_hidden()

    page.get_by_role("button", name="Hide the tag nap under More").click()

    folded.get_by_text("nap").wait_for()
    assert folded.is_visible() and shown.is_hidden()
    assert page.locator("#shown-tags").get_by_text("reading").is_visible()
    # Saved for the next visit too: after a reload it is still under More, in its group.
    saved = DayLayout.objects.filter(person=person).exclude(hidden_tags=[])
    for _ in range(50):
        if saved.exists():
            break
        time.sleep(0.1)
    page.reload()
    assert folded.get_by_text("nap").count() == 1 and shown.is_hidden()

    page.get_by_text("More habits and tags").click()
    page.get_by_role("button", name="Show the tag nap first").click()

    shown.get_by_text("nap").wait_for()
    assert folded.is_hidden()
