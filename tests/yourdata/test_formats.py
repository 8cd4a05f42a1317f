"""Every format in every variant the real files come in, with our own made-up fixtures."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from apps.lifestyle.models import DailyLog
from apps.mood.models import MoodCheckIn
from apps.yourdata import importing
from apps.yourdata.importing import ImportFileError
from apps.yourdata.models import MoodLabel
from tests.yourdata.files import daylio_backup, loop_export, sample_backup_data

BERLIN = ZoneInfo("Europe/Berlin")


def run(person, fmt, raw, mood_map=None):
    plan = importing.build_plan(person, importing.parse(fmt, raw), mood_map)
    return plan, importing.apply_plan(plan)


def tags_on(person, day):
    log = DailyLog.objects.get(person=person, date=day)
    return sorted(log.tags.values_list("name", flat=True))


# --- Daylio CSV ------------------------------------------------------------------------------
def test_todays_daylio_header_with_scales_imports(person, fixture_bytes):
    plan, result = run(person, "daylio", fixture_bytes("daylio_2024_scales.csv"), {"fantastic": 5})

    assert result.checkins == 5
    evening = MoodCheckIn.objects.get(person=person, note__startswith="Evening")
    assert evening.mood == 5 and evening.energy == 4
    assert evening.note == "Evening\n\nA long walk\nthen dinner\n\nScales: focus: 7"
    monday = DailyLog.objects.get(person=person, date=dt.date(2024, 3, 4))
    assert (monday.stress_level, monday.sleep_quality, monday.gut_comfort) == (3, 2, 4)
    assert any("focus" in notice for notice in plan.report()["notices"])


def test_two_entries_in_one_minute_with_labels_of_the_same_mood_are_both_kept(
    person, fixture_bytes
):
    run(person, "daylio", fixture_bytes("daylio_2024_scales.csv"), {"fantastic": 5})

    at = dt.datetime(2024, 3, 5, 21, 40, tzinfo=person.tzinfo)
    assert MoodCheckIn.objects.filter(person=person, at=at, mood=5).count() == 3


def test_a_second_import_of_the_same_file_adds_nothing(person, fixture_bytes):
    raw = fixture_bytes("daylio_2024_scales.csv")
    run(person, "daylio", raw, {"fantastic": 5})

    plan, result = run(person, "daylio", raw)

    assert result.checkins == result.logs == result.tag_links == 0
    assert plan.duplicate_checkins == 5


def test_a_day_with_a_mood_and_no_activities_is_a_logged_day_without_tags(person, fixture_bytes):
    run(person, "daylio", fixture_bytes("daylio_2024_scales.csv"), {"fantastic": 5})

    assert tags_on(person, dt.date(2024, 3, 4)) == []
    assert tags_on(person, dt.date(2024, 3, 3)) == ["coffee"]


def test_the_2019_to_2021_daylio_header_imports(person, fixture_bytes):
    _, result = run(person, "daylio", fixture_bytes("daylio_2020.csv"))

    assert result.checkins == 2
    assert tags_on(person, dt.date(2020, 11, 2)) == ["reading", "tea"]
    assert tags_on(person, dt.date(2020, 11, 1)) == []


def test_columns_are_found_by_name_in_any_order_and_the_rest_named(person):
    raw = b'mood,time,colour,full_date,activities\ngood,20:00,blue,2024-01-02,"walk"\n'

    plan, result = run(person, "daylio", raw)

    assert result.checkins == 1
    assert any("colour" in notice for notice in plan.report()["notices"])


def test_a_headerless_spanish_export_is_read_by_its_shape(person, fixture_bytes):
    parsed = importing.parse("daylio", fixture_bytes("daylio_headerless_es.csv"))
    plan = importing.build_plan(person, parsed)

    assert parsed.rows_read == 3
    assert any("no header line" in notice for notice in parsed.notices)
    assert plan.unmapped == ["genial", "mal", "regular"]
    assert parsed.label_guesses == {"genial": 5, "mal": 2, "regular": 3}


def test_old_daylio_with_polish_months_and_weekdays(person, fixture_bytes):
    parsed = importing.parse("daylio", fixture_bytes("daylio_old_pl.csv"))

    assert [record.local_date for record in parsed.checkins] == [
        dt.date(2023, 9, 7),
        dt.date(2023, 9, 6),
        dt.date(2023, 9, 5),
    ]
    assert parsed.unreadable == []
    assert any("“pl”" in notice for notice in parsed.notices)


def test_a_weekday_decides_between_languages_that_share_a_month_name():
    from apps.yourdata.importing.dates import LocalizedDates

    # "listopad" is November in Polish and Czech but October in Croatian: 2023-10-05 was a
    # Thursday, "četvrtak" in Croatian.
    assert LocalizedDates().read(2023, "5 listopad", "četvrtak") == dt.date(2023, 10, 5)
    assert LocalizedDates().read(2023, "9 listopad", "czwartek") == dt.date(2023, 11, 9)


def test_mood_labels_are_remembered_for_the_next_export(person, fixture_bytes):
    raw = fixture_bytes("daylio_headerless_es.csv")
    run(person, "daylio", raw, {"genial": 5, "mal": 2, "regular": 3})

    later = importing.build_plan(person, importing.parse("daylio", raw))

    assert later.unmapped == []
    assert MoodLabel.objects.get(person=person, label="genial").mood == 5


def test_another_persons_remembered_labels_are_not_used(person, other_person, fixture_bytes):
    MoodLabel.objects.create(person=other_person, label="genial", mood=5)

    plan = importing.build_plan(
        person, importing.parse("daylio", fixture_bytes("daylio_headerless_es.csv"))
    )

    assert "genial" in plan.unmapped


def test_a_file_that_reads_nothing_says_why_with_its_first_lines(fixture_bytes):
    parsed = importing.parse("daylio", fixture_bytes("daylio_nothing_readable.csv"))

    assert not parsed.read_anything
    message = parsed.nothing_read_message()
    assert "line 2: the date “2024-02-30” is not YYYY-MM-DD" in message
    assert "line 4" in message


# --- Daylio backup ---------------------------------------------------------------------------
def test_a_daylio_backup_needs_no_mapping_and_keeps_names_notes_and_times(person):
    person.timezone = "Europe/Berlin"
    person.save()

    plan, result = run(person, "daylio-backup", daylio_backup(sample_backup_data()))

    assert plan.ready and result.checkins == 3
    buzzing = MoodCheckIn.objects.get(person=person, local_date=dt.date(2023, 1, 15))
    assert buzzing.mood == 5
    assert buzzing.at == dt.datetime(2023, 1, 15, 21, 5, tzinfo=BERLIN)
    assert buzzing.note == "Sunday\n\nGreat class\nthen dinner & tea"
    assert tags_on(person, dt.date(2023, 1, 15)) == ["Kimchi", "Yoga"]
    assert tags_on(person, dt.date(2023, 1, 14)) == []
    assert MoodCheckIn.objects.get(person=person, local_date=dt.date(2023, 12, 31)).mood == 4
    assert any("Movement, Food" in notice for notice in plan.report()["notices"])


def test_a_backup_imported_twice_adds_nothing(person):
    raw = daylio_backup(sample_backup_data())
    run(person, "daylio-backup", raw)

    _, result = run(person, "daylio-backup", raw)

    assert result.checkins == 0


def test_a_backup_entry_with_an_unknown_mood_is_listed(person):
    data = sample_backup_data()
    data["dayEntries"][1]["mood"] = 99

    parsed = importing.parse("daylio-backup", daylio_backup(data))

    assert len(parsed.checkins) == 2
    assert parsed.unreadable[0].where == "entry 2"


# --- Bearable --------------------------------------------------------------------------------
def test_bearable_in_full(person, fixture_bytes):
    _, result = run(person, "bearable", fixture_bytes("bearable_full.csv"))

    monday = DailyLog.objects.get(person=person, date=dt.date(2025, 2, 3))
    assert monday.sleep_hours == Decimal("9.75")
    assert (monday.sleep_quality, monday.bristol_type) == (4, 4)
    assert tags_on(person, dt.date(2025, 2, 3)) == [
        "Bloating (moderate)",
        "Coffee",
        "Headache (severe)",
        "Walk",
    ]
    checkin = MoodCheckIn.objects.get(person=person)
    assert (checkin.mood, checkin.energy, checkin.note) == (4, 4, "Good start")
    for kept in ("Plenty of energy", "Slept in", "Woke once", "After lunch", "Homemade"):
        assert kept in monday.note
    tuesday = DailyLog.objects.get(person=person, date=dt.date(2025, 2, 4))
    assert tuesday.sleep_hours == Decimal("6.5")
    assert "Energy: 2 of 5" in tuesday.note
    assert result.checkins == 1


# --- Loop Habit Tracker ----------------------------------------------------------------------
def test_loop_habits_become_tags_on_the_days_they_were_done(person):
    _, result = run(person, "loop", loop_export())

    assert tags_on(person, dt.date(2024, 5, 3)) == ["Meditate", "Water glasses"]
    assert tags_on(person, dt.date(2024, 5, 2)) == []  # recorded as not done: a day without
    assert not DailyLog.objects.filter(person=person, date=dt.date(2024, 5, 1)).exists()
    assert not DailyLog.objects.filter(person=person, date=dt.date(2024, 4, 30)).exists()
    assert "Meditate: calm morning" in DailyLog.objects.get(person=person, date="2024-05-03").note
    assert result.logs == 2


def test_a_zip_without_habits_is_not_a_loop_export():
    from tests.yourdata.files import zip_of

    with pytest.raises(ImportFileError, match=r"no Habits\.csv"):
        importing.parse("loop", zip_of({"notes.txt": b"hello"}))


# --- Bearable's newer factor categories (shape from a public parser of real exports) --------
def test_newer_bearable_factor_categories_become_plain_tags(person, fixture_bytes):
    plan, _ = run(person, "bearable", fixture_bytes("bearable_newer_categories.csv"))

    assert tags_on(person, dt.date(2025, 3, 10)) == [
        "Caffeine",
        "Family",
        "Headache (mild)",
        "Reading",
        "Sunny",
    ]
    notices = plan.report()["notices"]
    assert any("2 factors came with an amount" in notice for notice in notices)
    assert any("“Health measurements” row left out" in notice for notice in notices)
    log = DailyLog.objects.get(person=person, date=dt.date(2025, 3, 10))
    assert "Social: Lunch out" in log.note
