import csv
import datetime as dt
import io
import json
import zipfile
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.http import StreamingHttpResponse

from apps.mood.models import MoodCheckIn
from apps.reminders import services as reminder_services
from apps.reminders.models import ReminderSchedule
from apps.yourdata import exporting, importing, sections
from tests.factories import PASSWORD, DailyLogFactory, MoodCheckInFactory, TagFactory, UserFactory

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def history(person):
    coffee = TagFactory(person=person, name="coffee")
    TagFactory(person=person, name="Old habit", archived=True)
    log = DailyLogFactory(
        person=person,
        date=dt.date(2024, 3, 30),
        sleep_hours=Decimal("7.25"),
        stress_level=2,
        probiotic_taken=True,
        bristol_type=4,
        note='Notes with "quotes", commas\nand a second line; café.',
    )
    log.tags.add(coffee)
    DailyLogFactory(person=person, date=dt.date(2024, 3, 31), water_ml=None)
    MoodCheckInFactory(
        person=person,
        at=dt.datetime(2024, 3, 30, 21, 15, tzinfo=LONDON),
        local_date=dt.date(2024, 3, 30),
        mood=4,
        anxiety=2,
        energy=3,
        emotions=["calm", "grateful"],
        note="A good evening",
    )
    MoodCheckInFactory(
        person=person,
        at=dt.datetime(2024, 3, 31, 7, 0, tzinfo=LONDON),
        local_date=dt.date(2024, 3, 31),
        mood=2,
    )
    schedule = reminder_services.schedule_for(person)
    schedule.daily_enabled = True
    schedule.daily_time = dt.time(21, 30)
    schedule.daily_weekdays = 0b0011111  # Monday to Friday
    schedule.weekly_enabled = True
    reminder_services.save_schedule(schedule)
    return person


def export_json(person) -> dict:
    return json.loads(b"".join(exporting.json_bytes(person)))


def export_zip(person) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(exporting.zip_bytes(person))))


def test_json_export_names_its_schema_and_version(history):
    data = export_json(history)

    assert data["schema"] == "gutmind-export"
    assert data["version"] == 1
    assert data["profile"]["email"] == history.email
    assert data["profile"]["timezone"] == "Europe/London"
    # Registered sections (checkups') come after the core lists; the core is checked here.
    assert set(data) - {section.key for section in sections.all_sections()} == {
        "schema",
        "version",
        "exported_at",
        "profile",
        "tag_groups",
        "tags",
        "daily_logs",
        "checkins",
        "reminders",
    }


def test_json_export_holds_logs_with_tags_and_checkins_in_utc(history):
    data = export_json(history)

    first = data["daily_logs"][0]
    assert first["date"] == "2024-03-30"
    assert first["sleep_hours"] == 7.25
    assert first["probiotic_taken"] is True
    assert first["tags"] == ["coffee"]
    assert first["note"].endswith("second line; café.")
    assert data["daily_logs"][1]["water_ml"] is None
    assert data["checkins"][0] == {
        "at": "2024-03-30T21:15:00Z",  # still GMT: summer time began the next day
        "local_date": "2024-03-30",
        "mood": 4,
        "anxiety": 2,
        "energy": 3,
        "emotions": ["calm", "grateful"],
        "note": "A good evening",
    }
    assert data["tags"] == [
        {"name": "Old habit", "archived": True, "group": None},
        {"name": "coffee", "archived": False, "group": None},
    ]


def test_json_export_holds_reminder_settings_but_not_computed_times(history):
    assert export_json(history)["reminders"] == [
        {
            "daily_enabled": True,
            "daily_time": "21:30:00",
            "daily_weekdays": [0, 1, 2, 3, 4],
            "skip_if_logged": True,
            "weekly_enabled": True,
            "weekly_weekday": 6,
            "weekly_time": "18:00:00",
        }
    ]


def test_imported_reminders_are_scheduled_in_the_new_persons_zone(history):
    exported = b"".join(exporting.json_bytes(history))
    newcomer = UserFactory(timezone="Asia/Tokyo")

    importing.apply_plan(importing.build_plan(newcomer, importing.parse("gutmind", exported)))

    schedule = ReminderSchedule.objects.get(person=newcomer)
    assert schedule.daily_time == dt.time(21, 30)
    assert schedule.timezone == "Asia/Tokyo"
    assert schedule.next_daily_at is not None
    local = schedule.next_daily_at.astimezone(ZoneInfo("Asia/Tokyo"))
    assert (local.hour, local.minute) == (21, 30)


def test_an_empty_account_exports_valid_json(person):
    data = export_json(person)

    assert data["daily_logs"] == [] and data["checkins"] == [] and data["tags"] == []


def test_csv_export_is_a_zip_with_one_file_per_kind(history):
    archive = export_zip(history)

    # Registered sections' CSV files (checkups') follow the core ones.
    assert archive.namelist()[:6] == [
        "profile.csv",
        "daily_logs.csv",
        "checkins.csv",
        "tag_groups.csv",
        "tags.csv",
        "reminders.csv",
    ]
    logs = list(csv.DictReader(io.StringIO(archive.read("daily_logs.csv").decode("utf-8-sig"))))
    assert [row["date"] for row in logs] == ["2024-03-30", "2024-03-31"]
    assert logs[0]["note"] == 'Notes with "quotes", commas\nand a second line; café.'
    assert logs[0]["tags"] == "coffee"
    assert logs[0]["probiotic_taken"] == "true"
    checkins = list(csv.DictReader(io.StringIO(archive.read("checkins.csv").decode("utf-8-sig"))))
    assert checkins[0]["emotions"] == "calm | grateful"
    assert checkins[1]["anxiety"] == ""


def test_export_contains_nobody_elses_data(history, other_person):
    DailyLogFactory(person=other_person, date=dt.date(2024, 3, 29), note="not yours")
    MoodCheckInFactory(person=other_person, note="private")
    TagFactory(person=other_person, name="secret tag")

    data = export_json(history)
    text = json.dumps(data)

    assert "not yours" not in text and "private" not in text and "secret tag" not in text
    assert len(data["daily_logs"]) == 2


def test_export_reads_in_chunks_with_a_fixed_number_of_queries(
    person, django_assert_max_num_queries
):
    tag = TagFactory(person=person)
    start = dt.date(2020, 1, 1)
    for offset in range(30):
        DailyLogFactory(person=person, date=start + dt.timedelta(days=offset)).tags.add(tag)

    # Profile, tag groups, tags, logs + one tag prefetch per chunk, check-ins, reminders: no
    # query per log; and one query for each other app's section (checkups', experiments',
    # dashboard's questions).
    with django_assert_max_num_queries(6 + len(sections.all_sections())):
        data = export_json(person)

    assert len(data["daily_logs"]) == 30


def test_round_trip_into_an_empty_account_gives_the_same_data(history):
    exported = b"".join(exporting.json_bytes(history))
    newcomer = UserFactory(timezone="Asia/Tokyo")

    plan = importing.build_plan(newcomer, importing.parse("gutmind", exported))
    importing.apply_plan(plan)

    before, after = json.loads(exported), export_json(newcomer)
    for data in (before, after):
        data.pop("exported_at")
        data.pop("profile")
    assert after == before


def test_round_trip_twice_adds_nothing(history):
    exported = b"".join(exporting.json_bytes(history))

    plan = importing.build_plan(history, importing.parse("gutmind", exported))

    report = plan.report()
    assert report["checkins_to_create"] == 0
    assert report["duplicate_checkins"] == 2
    assert report["logs_to_create"] == 0
    assert report["duplicate_days"] == 2
    assert report["tags_to_create"] == []


def test_gutmind_import_reports_values_out_of_range(person):
    data = {
        "schema": "gutmind-export",
        "version": 1,
        "daily_logs": [{"date": "2024-01-01", "water_ml": 50000, "tags": []}],
        "checkins": [
            {"at": "2024-01-01T08:00:00Z", "local_date": "2024-01-01", "mood": 9},
            {"at": "not a time", "local_date": "2024-01-01", "mood": 3},
        ],
    }

    report = importing.build_plan(
        person, importing.parse("gutmind", json.dumps(data).encode())
    ).report()

    problems = dict(report["unreadable"])
    assert "water_ml" in problems["daily_logs[0]"]
    assert "mood" in problems["checkins[0]"]
    assert "checkins[1]" in problems
    assert report["checkins_to_create"] == 0


def test_a_newer_schema_version_is_refused_with_a_clear_message():
    raw = json.dumps({"schema": "gutmind-export", "version": 2}).encode()

    with pytest.raises(importing.ImportFileError, match=r"version 2.*reads version 1"):
        importing.parse("gutmind", raw)


# --- Views ----------------------------------------------------------------------------------------
def test_json_download_is_streamed_as_an_attachment(reauthenticated_client, history):
    response = reauthenticated_client.get("/settings/data/export/json/")

    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="gutmind-export-')
    data = json.loads(b"".join(response.streaming_content))
    assert len(data["checkins"]) == 2


def test_csv_download_is_a_streamed_zip(reauthenticated_client, history):
    response = reauthenticated_client.get("/settings/data/export/csv/")

    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.testzip() is None
    assert "checkins.csv" in archive.namelist()


def test_an_unknown_export_format_is_404(reauthenticated_client):
    assert reauthenticated_client.get("/settings/data/export/xml/").status_code == 404


def test_exporting_everything_asks_for_the_password_again(signed_in_client, history):
    response = signed_in_client.get("/settings/data/export/json/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
    assert "export%2Fjson" in response["Location"]  # and comes back to the download


def test_the_export_buttons_are_plain_links_so_the_password_page_can_show(signed_in_client):
    html = signed_in_client.get("/settings/data/").content.decode()

    assert 'href="/settings/data/export/json/"' in html
    assert "download>" not in html


def test_export_needs_signing_in(client):
    response = client.get("/settings/data/export/json/")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_each_person_downloads_only_their_own_data(client, history, other_person):
    MoodCheckInFactory(person=other_person, note="mine only")
    client.force_login(other_person)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})

    data = json.loads(b"".join(client.get("/settings/data/export/json/").streaming_content))

    assert data["profile"]["email"] == other_person.email
    assert [c["note"] for c in data["checkins"]] == ["mine only"]


# --- Hostile cells and impossible moments (issue 10) -----------------------------------------
@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_csv_cell_that_would_run_as_a_formula_is_written_as_text(person, start):
    tag = TagFactory(person=person, name=f"{start}HYPERLINK(1)")
    log = DailyLogFactory(person=person, date=dt.date(2024, 1, 2), note=f"{start}cmd|' /C calc'!A0")
    log.tags.add(tag)

    archive = zipfile.ZipFile(io.BytesIO(b"".join(exporting.zip_bytes(person))))
    tags = list(csv.reader(io.StringIO(archive.read("tags.csv").decode("utf-8-sig"))))
    logs = list(csv.DictReader(io.StringIO(archive.read("daily_logs.csv").decode("utf-8-sig"))))

    assert tags[1][0] == f"'{start}HYPERLINK(1)"
    assert logs[0]["note"] == f"'{start}cmd|' /C calc'!A0"
    assert logs[0]["tags"] == f"'{start}HYPERLINK(1)"


def test_numbers_and_plain_text_are_written_as_they_are(person):
    DailyLogFactory(person=person, date=dt.date(2024, 1, 2), water_ml=1500, note="fine - really")

    archive = zipfile.ZipFile(io.BytesIO(b"".join(exporting.zip_bytes(person))))
    row = next(csv.DictReader(io.StringIO(archive.read("daily_logs.csv").decode("utf-8-sig"))))

    assert (row["water_ml"], row["note"]) == ("1500", "fine - really")


@pytest.mark.postgres
def test_a_check_in_stored_bc_does_not_break_either_export(person):
    """0001-01-01 00:30 in Berlin is 0000-12-31 in UTC: PostgreSQL keeps it (as BC), Python
    cannot read it back. The export writes it with a null moment and carries on."""
    checkin = MoodCheckInFactory(person=person, local_date=dt.date(2024, 1, 1), note="kept")
    MoodCheckIn.objects.filter(pk=checkin.pk).update(
        at=dt.datetime(1, 1, 1, 0, 30, tzinfo=ZoneInfo("Europe/Berlin")),
        local_date=dt.date(1, 1, 1),
    )
    MoodCheckInFactory(person=person, note="after it")

    data = export_json(person)
    archive = zipfile.ZipFile(io.BytesIO(b"".join(exporting.zip_bytes(person))))
    rows = list(csv.DictReader(io.StringIO(archive.read("checkins.csv").decode("utf-8-sig"))))

    assert data["checkins"][0]["at"] is None
    assert [c["note"] for c in data["checkins"]] == ["kept", "after it"]
    assert [row["note"] for row in rows] == ["kept", "after it"]
    assert archive.testzip() is None
