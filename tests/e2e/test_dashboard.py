"""The dashboard of a person with 120 days of the demo's patterned data, in Chromium."""

import pytest

from apps.lifestyle.management.commands.seed_demo import seed_days
from tests.e2e.conftest import axe_violations, sign_in
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CANVASES = ("mood-chart", "scatter-same", "scatter-next", "week-chart")


@pytest.fixture
def demo_person():
    person = UserFactory()
    seed_days(person, 120)
    return person


def open_dashboard(page, person) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, person.email, PASSWORD)
    page.wait_for_url("**/today/")
    page.goto("/dashboard/")
    # The insights come in the HTML; the calendar is the last chart the script loads.
    page.locator("#insights-list li").first.wait_for()
    page.locator("#calendar-grid .mood-none").first.wait_for()
    return errors


def test_every_chart_renders_with_the_planted_insights_and_no_errors(page, demo_person):
    errors = open_dashboard(page, demo_person)
    for canvas in CANVASES:
        drawn = page.evaluate(f"() => Boolean(Chart.getChart('{canvas}'))")
        assert drawn, f"{canvas} has no chart"
    assert page.locator("#calendar-grid .day:not(.day-pad)").count() == 365
    assert page.locator("#mood-table tr").count() > 20, "30 days, the default range"
    insights = page.locator("#insights-list").inner_text()
    assert "On days with walk outside your mood was about" in insights
    assert "With more stress (" in insights and "your mood that day was about" in insights
    assert "cause" not in insights
    assert errors == []


def test_choosing_a_tag_redraws_the_mood_chart(page, demo_person):
    errors = open_dashboard(page, demo_person)
    page.get_by_label("Compare with").select_option(label="walk outside")
    page.wait_for_function(
        "() => Chart.getChart('mood-chart').data.datasets[2].label === 'walk outside'"
    )
    assert page.locator("#mood-table-habit").text_content() == "walk outside"
    # A yes/no tag is two groups side by side, not dots on a 0-to-1 axis.
    page.wait_for_function(
        "() => Chart.getChart('scatter-same').options.scales.x.type === 'category'"
    )
    labels = page.evaluate("() => Chart.getChart('scatter-same').data.labels")
    assert labels == ["Days without", "Days with"]
    assert errors == []


def test_the_range_switch_is_remembered(page, demo_person):
    open_dashboard(page, demo_person)
    with page.expect_navigation():
        page.get_by_label("Show the last").select_option("7")
    page.wait_for_function("() => Chart.getChart('mood-chart')?.data.labels.length === 7")
    # Let the page's requests finish: the test database is SQLite, one writer at a time.
    page.wait_for_load_state("networkidle")
    page.goto("/dashboard/")
    assert page.get_by_label("Show the last").input_value() == "7"


def test_the_dashboard_passes_axe(axe_page, demo_person):
    open_dashboard(axe_page, demo_person)
    for details in axe_page.locator("details").all():
        details.evaluate("element => { element.open = true; }")
    assert axe_violations(axe_page) == []


def test_a_new_person_gets_guidance_that_passes_axe(axe_page):
    person = UserFactory()
    sign_in(axe_page, person.email, PASSWORD)
    axe_page.wait_for_url("**/today/")
    axe_page.goto("/dashboard/")
    assert axe_page.get_by_text("Your charts start after 3 days").is_visible()
    assert axe_page.locator("canvas").count() == 0
    assert axe_violations(axe_page) == []
