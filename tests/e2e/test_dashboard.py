"""The dashboard of a person with 120 days of the demo's patterned data, in Chromium."""

import datetime as dt

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


# --- Imported history: opening period, gaps, all time, the year calendar ----------------------


def _checkins(person, days) -> None:
    from apps.mood.models import MoodCheckIn

    MoodCheckIn.objects.bulk_create(
        MoodCheckIn(
            person=person,
            at=dt.datetime.combine(day, dt.time(12), tzinfo=person.tzinfo),
            local_date=day,
            mood=1 + day.toordinal() % 5,
        )
        for day in days
    )


def _span(first: dt.date, count: int) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range(count)]


def _open(page, person) -> None:
    sign_in(page, person.email, PASSWORD)
    page.wait_for_url("**/today/")
    page.goto("/dashboard/")
    page.wait_for_function("() => Boolean(Chart.getChart('mood-chart'))")


def wait_for_heading(page, text: str) -> None:
    page.wait_for_function(
        "text => document.getElementById('calendar-heading').textContent === text", arg=text
    )


def test_only_old_imported_days_open_on_their_period_and_say_so(page):
    person = UserFactory()
    last_year = person.local_today().year - 1
    _checkins(person, _span(dt.date(last_year, 3, 1), 171))
    _open(page, person)
    note = page.get_by_test_id("period-note").inner_text()
    assert note.startswith(f"Showing March {last_year} to August {last_year}")
    page.wait_for_function(
        "() => document.getElementById('mood-summary').textContent.startsWith('171 days')"
    )
    wait_for_heading(page, f"Mood in {last_year}")


def test_the_line_breaks_over_a_gap_and_all_time_reaches_the_first_day(page):
    person = UserFactory()
    today = person.local_today()
    first = today - dt.timedelta(days=120)
    _checkins(person, [*_span(first, 30), *_span(today - dt.timedelta(days=20), 21)])
    _open(page, person)
    with page.expect_navigation():
        page.get_by_label("Show the last").select_option("all")
    page.wait_for_function("() => Chart.getChart('mood-chart')?.data.labels.length === 121")
    average = page.evaluate(
        "() => { const d = Chart.getChart('mood-chart').data.datasets[1];"
        " return {span: d.spanGaps, data: d.data}; }"
    )
    assert average["span"] is False
    values = average["data"]
    assert values[0] is not None and values[-1] is not None
    assert None in values[40:90], "the 70 days without a check-in are a break in the line"
    assert page.evaluate("() => Chart.getChart('mood-chart').data.labels[0]") == first.isoformat()


def test_the_calendar_pages_through_every_year_with_data(page):
    person = UserFactory()
    today = person.local_today()
    _checkins(person, [dt.date(today.year - 3, 1, 10), dt.date(today.year - 1, 1, 10)])
    _checkins(person, _span(today - dt.timedelta(days=4), 5))
    _open(page, person)
    page.locator("#calendar-grid .day:not(.day-pad)").first.wait_for()
    wait_for_heading(page, "Mood over the last year")
    earlier, later = page.locator("#calendar-previous"), page.locator("#calendar-next")
    assert later.is_hidden()
    earlier.click()
    wait_for_heading(page, f"Mood in {today.year - 1}")
    earlier.click()  # the year between has no check-in: it is skipped
    wait_for_heading(page, f"Mood in {today.year - 3}")
    year_days = dt.date(today.year - 3, 12, 31).timetuple().tm_yday
    assert page.locator("#calendar-grid .day:not(.day-pad)").count() == year_days
    assert page.locator("#calendar-grid .mood-none").count() == year_days - 1
    assert earlier.is_hidden()
    later.click()
    wait_for_heading(page, f"Mood in {today.year - 1}")
    later.click()
    wait_for_heading(page, "Mood over the last year")


def test_a_chosen_start_and_end_are_shown_and_bad_ones_explained(page):
    person = UserFactory()
    today = person.local_today()
    _checkins(person, _span(today - dt.timedelta(days=60), 61))
    _open(page, person)
    start, end = today - dt.timedelta(days=50), today - dt.timedelta(days=41)
    page.locator("#period-start").fill(start.isoformat())
    page.locator("#period-end").fill(end.isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="Show these days").click()
    page.wait_for_function("() => Chart.getChart('mood-chart')?.data.labels.length === 10")
    page.wait_for_load_state("networkidle")  # SQLite in the live server: one writer at a time
    page.goto(f"/dashboard/?start={end.isoformat()}&end={start.isoformat()}")
    assert "is after the end" in page.get_by_test_id("period-error").inner_text()


def test_questions_are_in_the_phone_menu_and_their_page_passes_axe(axe_page):
    from playwright.sync_api import expect

    person = UserFactory()
    sign_in(axe_page, person.email, PASSWORD)
    axe_page.wait_for_url("**/today/")
    axe_page.get_by_role("button", name="Open the menu").click()
    # Wait for the collapse animation to end: a click during it can miss.
    expect(axe_page.locator(".navbar-collapse.show:not(.collapsing)")).to_be_visible()
    menu = axe_page.get_by_role("navigation", name="Main")
    with axe_page.expect_navigation():
        menu.get_by_role("link", name="Questions").click()
    assert axe_page.url.endswith("/questions/")
    # Folded away again after the page load: read the link itself, visible or not.
    assert axe_page.locator("#main-nav a[href='/questions/']").get_attribute("aria-current") == (
        "page"
    )
    assert axe_violations(axe_page) == []
    axe_page.get_by_role("button", name="Open the menu").click()
    expect(axe_page.locator(".navbar-collapse.show:not(.collapsing)")).to_be_visible()
    assert axe_violations(axe_page) == [], "with the menu open"
