"""Import, progress and deletion through a real browser."""

import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from apps.accounts.models import User
from apps.mood.models import MoodCheckIn
from apps.yourdata import jobs
from tests.e2e.conftest import axe_violations, sign_in
from tests.factories import PASSWORD, UserFactory
from tests.yourdata.files import daylio_backup, sample_backup_data

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
FIXTURES = Path(__file__).parent.parent / "yourdata" / "fixtures"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def test_a_daylio_export_imports_after_mapping_a_renamed_mood(page):
    person = UserFactory()
    sign_in(page, person.email, PASSWORD)
    page.goto("/settings/data/")

    page.get_by_label("Daylio (CSV)").check()
    page.get_by_label("Export file").set_input_files(str(FIXTURES / "daylio_export.csv"))
    page.get_by_role("button", name="Read the file").click()
    expect(page.get_by_role("heading", name="Check your import")).to_be_visible()
    expect(page.locator('[data-report="rows_read"]')).to_have_text("6")
    page.get_by_label("“sad” means").select_option("2")
    page.get_by_role("button", name="Save and update the preview").click()
    expect(page.locator('[data-report="checkins_to_create"]')).to_have_text("6")
    page.get_by_role("button", name="Import", exact=True).click()

    expect(page.get_by_text("Imported.")).to_be_visible()
    assert MoodCheckIn.objects.filter(person=person).count() == 6


def test_the_progress_bar_follows_a_background_import(page):
    person = UserFactory()
    job = jobs.save_upload(
        person, "daylio", "big.csv", b"full_date,time,mood\n2024-01-02,9:00,good\n"
    )
    job.update(state="running", done=1000, total=4000, lease_until=time.time() + 600)
    sign_in(page, person.email, PASSWORD)

    page.goto(f"/settings/data/import/{job.token}/progress/")
    bar = page.locator("#import-progress")
    expect(bar).to_have_attribute("max", "4000")
    job.update(done=3000)
    expect(bar).to_have_js_property("value", 3000)
    job.update(state="done", done=4000, result={"checkins": 4000, "logs": 0, "tags": 0})

    expect(page.get_by_text("Imported.")).to_be_visible()
    expect(page.get_by_text("4000 check-ins")).to_be_visible()


def test_a_daylio_backup_imports_as_a_new_person_would_and_links_to_its_period(page, tmp_path):
    person = UserFactory()
    backup = tmp_path / "Daylio backup.daylio"
    backup.write_bytes(daylio_backup(sample_backup_data()))
    sign_in(page, person.email, PASSWORD)
    page.goto("/settings/data/")

    # The backup is the first choice: it needs no mapping step.
    page.get_by_label("Export file").set_input_files(str(backup))
    page.get_by_role("button", name="Read the file").click()
    expect(page.locator('[data-report="checkins_to_create"]')).to_have_text("3")
    page.get_by_role("button", name="Import", exact=True).click()

    expect(page.get_by_text("Imported.")).to_be_visible()
    link = page.get_by_role("link", name="See this period on the dashboard")
    expect(link).to_have_attribute("href", "/dashboard/?start=2023-01-14&end=2023-12-31")
    assert MoodCheckIn.objects.filter(person=person).count() == 3


def test_deleting_the_account_after_entering_the_password_again(page):
    person = UserFactory()
    sign_in(page, person.email, PASSWORD)
    page.goto("/settings/data/")

    page.get_by_role("link", name="Delete my account…").click()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Confirm", re.I)).click()
    page.get_by_label(re.compile("I understand")).check()
    page.get_by_role("button", name="Delete my account for good").click()

    expect(page.get_by_text("Your account and everything in it are deleted.")).to_be_visible()
    assert not User.objects.filter(pk=person.pk).exists()


def test_the_data_page_has_no_accessibility_violations(axe_page):
    person = UserFactory()
    sign_in(axe_page, person.email, PASSWORD)
    axe_page.goto("/settings/data/")
    assert axe_violations(axe_page) == []


def test_the_import_preview_has_no_accessibility_violations(axe_page):
    person = UserFactory()
    sign_in(axe_page, person.email, PASSWORD)
    axe_page.goto("/settings/data/")
    axe_page.get_by_label("Daylio (CSV)").check()
    axe_page.get_by_label("Export file").set_input_files(str(FIXTURES / "daylio_broken_rows.csv"))
    axe_page.get_by_role("button", name="Read the file").click()
    expect(axe_page.get_by_role("heading", name="Check your import")).to_be_visible()
    assert axe_violations(axe_page) == []
