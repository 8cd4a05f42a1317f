"""On a phone: a WHO-5 and a PHQ-9, item 9 answered above 0, the crisis line one tap away,
a safety plan, the chart and the report; and axe on every new page."""

import re
from datetime import timedelta

import pytest

from apps.checkups import crisis_lines
from apps.checkups.models import CrisisLine, SafetyEvent
from tests.e2e.conftest import axe_violations, sign_in
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _lines():
    crisis_lines.seed(CrisisLine)  # a transactional test case starts from an emptied database


def answer(page, number: int, label: str) -> None:
    page.locator("fieldset").nth(number - 1).get_by_label(label, exact=True).check()


def test_item9_opens_help_with_a_crisis_line_one_tap_away_then_a_plan(page):
    person = UserFactory(timezone="Europe/London")
    sign_in(page, person.email, PASSWORD)

    page.goto("/today/")
    page.get_by_role("link", name=re.compile("Take the WHO-5")).click()
    for number in range(1, 6):
        answer(page, number, "Most of the time")
    page.get_by_role("button", name="Save my answers").click()
    page.get_by_text("80 of 100").wait_for()

    page.goto("/checkups/phq9/take/")
    for number in range(1, 9):
        answer(page, number, "Not at all")
    answer(page, 9, "Several days")
    page.get_by_role("button", name="Save my answers").click()

    page.get_by_role("heading", name="You don't have to face this alone").wait_for()
    samaritans = page.get_by_role("link", name="Call 116 123")
    assert samaritans.is_visible() and samaritans.get_attribute("href") == "tel:116123"
    emergency = page.get_by_role("link", name=re.compile("Call 999"))
    assert emergency.is_visible() and emergency.get_attribute("href") == "tel:999"
    assert SafetyEvent.objects.filter(person=person).count() == 1

    page.get_by_role("link", name="Make a safety plan").click()
    page.get_by_label("1. Warning signs").fill("Not sleeping, skipping meals")
    page.get_by_label("4. People I can ask for help").fill("My sister")
    page.get_by_role("button", name="Save my plan").click()
    page.get_by_text("Your safety plan is saved").wait_for()
    assert page.get_by_text("Not sleeping, skipping meals").first.is_visible()
    assert page.get_by_role("button", name="Print my plan").is_visible()

    # The result is not blocked, and the help link is on the page throughout.
    page.go_back()
    page.goto("/checkups/")
    page.get_by_role("link", name="Your PHQ-9 results").click()
    page.locator("#checkup-chart").wait_for()
    drawn = page.evaluate("document.getElementById('checkup-chart').width > 0")
    assert drawn
    page.get_by_role("link", name="Need help now?").click()
    page.get_by_role("heading", name="Need help now?").wait_for()


def test_the_help_link_is_one_tap_on_the_landing_page_on_a_phone(page):
    page.goto("/")
    link = page.get_by_role("link", name="Need help now?")
    assert link.is_visible()  # not hidden in the collapsed menu
    link.click()
    page.get_by_label("Show the numbers for").select_option("US")
    page.get_by_role("button", name="Show").click()
    assert page.get_by_role("link", name="Call 988").get_attribute("href") == "tel:988"


def test_the_new_pages_have_no_accessibility_violations(axe_page):
    from apps.checkups import services
    from apps.checkups.instruments import PHQ9

    person = UserFactory()
    first = services.save_answers(person, PHQ9, [1] * 9).response
    first.local_date = person.local_today() - timedelta(days=14)
    first.save()
    second = services.save_answers(person, PHQ9, [0] * 8 + [1]).response
    services.save_plan(person, {"warning_signs": "Not sleeping"})
    today = person.local_today()
    axe_page.goto("/help/")
    assert axe_violations(axe_page) == [], "/help/ signed out"
    sign_in(axe_page, person.email, PASSWORD)
    for path in (
        "/checkups/",
        "/checkups/who5/take/",
        "/checkups/phq9/take/",
        "/checkups/phq9/",
        f"/checkups/results/{second.pk}/",
        f"/checkups/results/{second.pk}/support/",
        "/help/",
        "/help/safety-plan/",
        "/report/",
        f"/report/?start={today - timedelta(days=27):%Y-%m-%d}&end={today:%Y-%m-%d}",
    ):
        axe_page.goto(path)
        assert axe_violations(axe_page) == [], path
