"""On a phone: plan an experiment from a starter, see today's instruction on Today, log a few
days, read the report (progress while it runs, what the days can say once stopped)."""

import re
from datetime import timedelta

import pytest

from apps.experiments.models import Experiment
from tests.e2e.conftest import axe_violations, sign_in
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _instruction(experiment: Experiment, index: int) -> str:
    pair, position = divmod(index, 2 * experiment.period_days)
    on = experiment.orders[pair] == (position < experiment.period_days)
    return experiment.on_text if on else experiment.off_text


def test_plan_see_todays_instruction_log_days_and_read_the_report(page):
    person = UserFactory()
    sign_in(page, person.email, PASSWORD)
    page.wait_for_url("**/today/")

    # Planning from a starter: open the menu, Experiments, a starter, Start. Four taps.
    page.get_by_role("button", name="Open the menu").click()
    page.get_by_role("link", name="Experiments").click()
    page.get_by_role("link", name="Fermented food and next-day mood").click()
    assert page.get_by_text("Wastyk HC").is_visible()
    page.get_by_role("button", name="Start this experiment").click()
    page.get_by_text("Planned: Fermented foods and mood.").wait_for()
    experiment = Experiment.objects.get(person=person)
    assert experiment.length_days == 56 and experiment.lag_days == 1

    # Three days in: the plan started three days ago (the test moves it back, as time would).
    today = person.local_today()
    Experiment.objects.filter(pk=experiment.pk).update(start_date=today - timedelta(days=3))
    page.goto("/today/")
    notice = page.locator(".experiment-notice")
    assert "Today's experiment" in notice.inner_text()
    assert _instruction(experiment, 3).lower() in notice.inner_text().lower()

    for back in (3, 2, 1):
        day = today - timedelta(days=back)
        page.goto(f"/log/{day:%Y-%m-%d}/")
        servings = "1" if _instruction(experiment, 3 - back) == experiment.on_text else "0"
        page.get_by_role("spinbutton", name="Fermented foods").fill(servings)
        page.get_by_role("button", name=re.compile("^Save")).click()
        page.get_by_text(f"Saved {day:%A %-d %B}.").wait_for()

    page.goto(f"/experiments/{experiment.pk}/")
    counts = page.locator(".adherence-counts").inner_text()
    assert re.search(r"Followed the plan\s+3 days", counts)
    page.get_by_role("link", name="See progress").click()
    assert page.locator(".verdict").get_attribute("data-verdict") == "progress"
    assert "not a result" in page.locator(".verdict").inner_text()

    page.goto(f"/experiments/{experiment.pk}/")
    page.get_by_text("Stop early").click()
    page.get_by_label("Why are you stopping?").fill("testing the app")
    page.get_by_role("button", name="Stop the experiment").click()
    page.wait_for_url(f"**/experiments/{experiment.pk}/report/")
    assert page.locator(".verdict").get_attribute("data-verdict") == "not enough"
    assert page.get_by_role("heading", name="What this cannot tell").is_visible()
    assert page.get_by_role("button", name="Print or save as PDF").is_visible()
    page.emulate_media(media="print")
    assert not page.get_by_role("button", name="Print or save as PDF").is_visible()
    assert not page.locator("header nav").is_visible()


def test_the_experiment_pages_have_no_accessibility_violations(axe_page):
    person = UserFactory()
    sign_in(axe_page, person.email, PASSWORD)
    axe_page.wait_for_url("**/today/")
    axe_page.goto("/experiments/new/?template=fermented")
    axe_page.get_by_role("button", name="Start this experiment").click()
    axe_page.wait_for_url(re.compile(r".*/experiments/\d+/$"))
    experiment = Experiment.objects.get(person=person)
    for path in (
        "/experiments/",
        "/experiments/new/?template=exercise",
        f"/experiments/{experiment.pk}/",
        f"/experiments/{experiment.pk}/report/",
        "/today/",
    ):
        axe_page.goto(path)
        assert axe_violations(axe_page) == [], path
