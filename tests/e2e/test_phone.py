"""On a phone: the taps a day takes with the person's own habits (printed), a past day with its
mood on one page, the installability check Chromium runs, and dark mode checked by axe."""

from datetime import timedelta

import pytest

from apps.lifestyle.layout import save_layout
from apps.lifestyle.models import DailyLog
from apps.mood.models import MoodCheckIn
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE, axe_violations, sign_in
from tests.factories import PASSWORD, DailyLogFactory, TagFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


class Taps:
    """Every click the person makes, counted; page loads counted apart."""

    def __init__(self, page) -> None:
        self.page, self.count, self.loads = page, 0, 0

    def tap(self, locator) -> None:
        locator.click()
        self.count += 1

    def goto(self, path: str) -> None:
        self.page.goto(path)
        self.loads += 1


def own_habits_person():
    person = UserFactory()
    tags = [TagFactory(person=person, name=name) for name in ("coffee", "walk outside", "alcohol")]
    save_layout(
        person,
        ["stress_level", "gut_comfort", "sleep_quality", "fruit_veg_servings", "probiotic_taken"],
        [tags[1].pk, tags[0].pk],
        [tags[2].pk],
    )
    last = DailyLogFactory(
        person=person,
        date=person.local_today() - timedelta(days=1),
        stress_level=2,
        gut_comfort=4,
        sleep_quality=5,
        fruit_veg_servings=6,
        probiotic_taken=True,
    )
    last.tags.set([tags[2]])
    return person


def test_a_day_unlike_the_last_takes_at_most_12_taps_with_my_habits(page, capsys):
    person = own_habits_person()
    sign_in(page, person.email, PASSWORD)
    taps = Taps(page)
    taps.goto("/today/")
    taps.tap(page.locator("label[for='id_checkin-mood_1']"))  # bad
    taps.tap(page.locator("label[for='id_stress_level_3']"))  # 4
    taps.tap(page.locator("label[for='id_gut_comfort_1']"))  # 2
    taps.tap(page.locator("label[for='id_sleep_quality_2']"))  # 3
    for _ in range(3):
        taps.tap(page.get_by_role("button", name="More Fruit & vegetables"))
    taps.tap(page.get_by_label("Probiotic taken"))
    taps.tap(page.get_by_text("coffee", exact=True))
    taps.tap(page.get_by_text("walk outside", exact=True))
    taps.tap(page.get_by_role("button", name="Save today"))
    page.get_by_text("Saved today.").wait_for()

    day = DailyLog.objects.get(person=person, date=person.local_today())
    assert (day.stress_level, day.gut_comfort, day.sleep_quality) == (4, 2, 3)
    assert (day.fruit_veg_servings, day.probiotic_taken) == (3, True)
    assert sorted(tag.name for tag in day.tags.all()) == ["coffee", "walk outside"]
    assert MoodCheckIn.objects.get(person=person).mood == 2
    with capsys.disabled():
        print(f"\nTAPS today.unlike_last {taps.count} taps, {taps.loads} page load, 0 keystrokes")
    assert taps.count <= 12


def test_a_past_day_with_its_mood_is_one_page(page, capsys):
    person = own_habits_person()
    day = person.local_today() - timedelta(days=3)
    sign_in(page, person.email, PASSWORD)
    taps = Taps(page)
    taps.goto(f"/log/{day:%Y-%m-%d}/")
    taps.tap(page.locator("label[for='id_checkin-mood_4']"))  # great
    taps.tap(page.locator("label[for='id_stress_level_0']"))  # 1
    taps.tap(page.get_by_role("button", name="More Fruit & vegetables"))
    taps.tap(page.get_by_text("walk outside", exact=True))
    taps.tap(page.get_by_role("button", name=f"Save {day:%-d %B}"))
    page.get_by_text(f"Saved {day:%A %-d %B}.").wait_for()

    checkin = MoodCheckIn.objects.get(person=person, local_date=day)
    assert checkin.mood == 5
    assert checkin.at.astimezone(person.tzinfo).hour == 20  # that day's evening
    assert DailyLog.objects.get(person=person, date=day).stress_level == 1
    with capsys.disabled():
        print(f"\nTAPS past_day.with_mood {taps.count} taps, {taps.loads} page load")
    assert taps.loads == 1


def test_fill_in_from_the_day_after_copies_its_tags_when_asked(page):
    person = own_habits_person()  # logged yesterday, with the tag "alcohol"
    sign_in(page, person.email, PASSWORD)
    day = person.local_today() - timedelta(days=2)
    page.goto(f"/log/{day:%Y-%m-%d}/")
    page.get_by_label("with its tags").check()
    page.get_by_role("button", name="Fill in as on").click()
    page.get_by_role("button", name=f"Save {day:%-d %B}").click()
    page.get_by_text(f"Saved {day:%A %-d %B}.").wait_for()
    log = DailyLog.objects.get(person=person, date=day)
    assert (log.fruit_veg_servings, log.gut_comfort) == (6, 4)
    assert [tag.name for tag in log.tags.all()] == ["alcohol"]


def test_hide_this_folds_a_habit_under_more_without_losing_what_was_typed(page):
    person = UserFactory()
    sign_in(page, person.email, PASSWORD)
    page.goto("/today/")
    page.get_by_role("spinbutton", name="Exercise").fill("25")
    page.get_by_role("button", name="Hide Water under More").click()
    page.locator("#more-habits [data-habit='water_ml']").wait_for()
    assert page.get_by_role("spinbutton", name="Exercise").input_value() == "25"
    page.reload()
    assert page.locator("#more-habits [data-habit='water_ml']").count() == 1


def test_chromium_finds_the_app_installable(browser, live_server, tmp_path):
    # A profile on disk: Chromium never offers to install from an incognito-like context.
    context = browser.browser_type.launch_persistent_context(
        tmp_path / "profile",
        executable_path=str(CHROMIUM),
        headless=True,
        args=CHROMIUM_ARGS,
        base_url=live_server.url,
        viewport=PHONE,
    )
    page = context.pages[0] if context.pages else context.new_page()
    page.goto("/")
    page.evaluate(
        "navigator.serviceWorker.register('/sw.js').then(() => navigator.serviceWorker.ready)"
    )
    cdp = context.new_cdp_session(page)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["errors"] == [], manifest["errors"]
    assert manifest["url"].endswith("/manifest.webmanifest")
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert errors == []
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_today_and_the_dashboard_pass_axe_in_both_colour_modes(browser, live_server, scheme):
    context = browser.new_context(
        base_url=live_server.url,
        viewport=PHONE,
        bypass_csp=True,
        color_scheme=scheme,
        service_workers="block",
    )
    page = context.new_page()
    person = own_habits_person()
    sign_in(page, person.email, PASSWORD)
    for path in ("/today/", "/dashboard/", "/settings/", "/settings/habits/"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.dataset.bsTheme") == scheme
        assert axe_violations(page) == [], f"{path} in {scheme} mode"
    context.close()


def test_the_switch_in_settings_overrides_the_system(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, color_scheme="light", service_workers="block"
    )
    page = context.new_page()
    person = UserFactory()
    sign_in(page, person.email, PASSWORD)
    page.goto("/settings/")
    page.get_by_text("Dark", exact=True).click()
    assert page.evaluate("document.documentElement.dataset.bsTheme") == "dark"
    page.goto("/dashboard/")
    assert page.evaluate("document.documentElement.dataset.bsTheme") == "dark"
    mood_colour = page.evaluate(
        "getComputedStyle(document.documentElement).getPropertyValue('--gm-chart-mood').trim()"
    )
    assert mood_colour == "#75b798"  # the charts read their colours from here
    context.close()
