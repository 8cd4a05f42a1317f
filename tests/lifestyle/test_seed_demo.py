from datetime import datetime, timedelta
from io import StringIO
from statistics import mean
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command

from apps.accounts.models import User
from apps.lifestyle.management.commands.seed_demo import DEMO_EMAIL, STAFF_EMAIL
from apps.lifestyle.models import DailyLog, Tag
from apps.mood.models import MoodCheckIn

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 25, 18, 0, tzinfo=ZoneInfo("UTC"))


def _seed(**options) -> str:
    out = StringIO()
    with time_machine.travel(NOW, tick=False):
        # Tests run with DEBUG off, as production does: the flag says the accounts are wanted.
        call_command("seed_demo", stdout=out, public_demo_accounts=True, **options)
    return out.getvalue()


def _day_means(person) -> dict:
    return {
        row["local_date"]: row["mean_mood"]
        for row in MoodCheckIn.objects.for_user(person).day_means()
    }


def test_it_plants_120_days_with_missing_days_and_prints_the_accounts():
    output = _seed()
    demo = User.objects.get(email=DEMO_EMAIL)
    assert User.objects.get(email=STAFF_EMAIL).is_staff
    assert "demo-gutmind-2026" in output and "staff-gutmind-2026" in output
    days = set(DailyLog.objects.for_user(demo).values_list("date", flat=True)) | set(
        _day_means(demo)
    )
    today = NOW.astimezone(demo.tzinfo).date()
    assert min(days) >= today - timedelta(days=120)
    assert max(days) < today  # today is left for the demo person to log
    assert 85 <= len(days) <= 112  # about 15% of the 120 days are missing


def test_check_ins_number_one_to_three_a_day_on_the_persons_local_date():
    _seed()
    demo = User.objects.get(email=DEMO_EMAIL)
    counts = {}
    for checkin in MoodCheckIn.objects.for_user(demo):
        assert checkin.at.astimezone(demo.tzinfo).date() == checkin.local_date
        counts[checkin.local_date] = counts.get(checkin.local_date, 0) + 1
    assert set(counts.values()) == {1, 2, 3}


def test_running_it_again_duplicates_nothing():
    _seed()
    before = (
        DailyLog.objects.count(),
        MoodCheckIn.objects.count(),
        Tag.objects.count(),
        User.objects.count(),
    )
    output = _seed()
    after = (
        DailyLog.objects.count(),
        MoodCheckIn.objects.count(),
        Tag.objects.count(),
        User.objects.count(),
    )
    assert before == after
    assert "Planted 0 daily logs and 0 check-ins" in output


def test_it_leaves_days_the_person_logged_alone():
    _seed(days=5)
    demo = User.objects.get(email=DEMO_EMAIL)
    day = NOW.astimezone(demo.tzinfo).date() - timedelta(days=10)
    DailyLog.objects.create(person=demo, date=day, fruit_veg_servings=29)
    _seed(days=20)
    assert DailyLog.objects.get(person=demo, date=day).fruit_veg_servings == 29
    assert not MoodCheckIn.objects.filter(person=demo, local_date=day).exists()


def test_the_planted_relationships_are_clear_in_the_data():
    _seed(email="someone@example.org", days=120)
    person = User.objects.get(email="someone@example.org")
    means = _day_means(person)
    logs = {log.date: log for log in DailyLog.objects.for_user(person).with_tags()}

    def gap(condition) -> tuple[int, int, float]:
        pairs = [
            (condition(day), mood) for day, mood in means.items() if condition(day) is not None
        ]
        yes = [m for c, m in pairs if c]
        no = [m for c, m in pairs if not c]
        return len(yes), len(no), mean(yes) - mean(no)

    def day_before(day):
        return logs.get(day - timedelta(days=1))

    def after_fermented(day):
        before = day_before(day)
        return None if before is None else before.fermented_servings >= 1

    def after_fermented_and_sleep_or_neither(day):
        before = day_before(day)
        if before is None:
            return None
        fermented, slept = before.fermented_servings >= 1, before.sleep_hours >= 7
        return True if fermented and slept else (False if not (fermented or slept) else None)

    def stressed(day):
        return None if day not in logs else logs[day].stress_level >= 4

    def walked(day):
        return None if day not in logs else "walk outside" in {t.name for t in logs[day].tags.all()}

    for condition, direction, least in (
        (after_fermented, 1, 0.5),
        (after_fermented_and_sleep_or_neither, 1, 1.0),
        (stressed, -1, 0.5),
        (walked, 1, 0.5),
    ):
        yes, no, difference = gap(condition)
        assert yes >= 10 and no >= 10, condition.__name__
        assert direction * difference >= least, (condition.__name__, difference)


def test_the_demo_staff_account_is_an_editor_who_cannot_open_anyones_logs(client):
    _seed()
    staff = User.objects.get(email=STAFF_EMAIL)
    assert not staff.is_superuser
    assert staff.groups.filter(name="Editors").exists()
    client.force_login(staff)
    assert client.get("/admin/articles/article/").status_code == 200
    for url in ("/admin/lifestyle/dailylog/", "/admin/mood/moodcheckin/", "/admin/accounts/user/"):
        assert client.get(url).status_code in (403, 404), url


def test_with_debug_off_it_refuses_without_the_flag_and_creates_nothing(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--i-know-this-creates-public-demo-accounts"):
        call_command("seed_demo", days=2, stdout=StringIO())
    assert not User.objects.exists()
    assert not DailyLog.objects.exists()


def test_with_debug_off_the_flag_creates_the_accounts(settings):
    settings.DEBUG = False
    call_command(
        "seed_demo", "--days=2", "--i-know-this-creates-public-demo-accounts", stdout=StringIO()
    )
    assert User.objects.filter(email=STAFF_EMAIL).exists()


def test_in_debug_mode_no_flag_is_needed(settings):
    settings.DEBUG = True
    call_command("seed_demo", days=2, stdout=StringIO())
    assert User.objects.filter(email=DEMO_EMAIL).exists()
