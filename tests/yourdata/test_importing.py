import codecs
import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from apps.lifestyle.models import DailyLog, Tag
from apps.mood.models import MoodCheckIn
from apps.yourdata import exporting, importing
from apps.yourdata.importing import ImportFileError
from tests.factories import DailyLogFactory, MoodCheckInFactory, TagFactory, UserFactory

LONDON = ZoneInfo("Europe/London")


def plan_for(person, fmt, raw, mood_map=None):
    return importing.build_plan(person, importing.parse(fmt, raw), mood_map or {})


def run(person, fmt, raw, mood_map=None):
    plan = plan_for(person, fmt, raw, mood_map)
    return plan, importing.apply_plan(plan)


# --- Daylio -------------------------------------------------------------------------------------
def test_daylio_export_needs_a_mood_for_renamed_labels(person, fixture_bytes):
    plan = plan_for(person, "daylio", fixture_bytes("daylio_export.csv"))

    assert plan.unmapped == ["sad"]
    assert not plan.ready
    with pytest.raises(ImportFileError, match="sad"):
        importing.apply_plan(plan)


def test_daylio_preview_counts_rows_days_and_range(person, fixture_bytes):
    report = plan_for(person, "daylio", fixture_bytes("daylio_export.csv"), {"sad": 2}).report()

    assert report["rows_read"] == 6
    assert report["days"] == 5
    assert (report["date_from"], report["date_to"]) == ("2024-03-27", "2024-03-31")
    assert report["checkins_to_create"] == 6
    assert report["duplicate_checkins"] == 0
    assert report["tags_to_create"] == [
        "alcohol",
        "bad sleep",
        "coffee",
        "cooking",
        "family",
        "friends",
        "walk",
        "work",
    ]
    assert report["unreadable"] == []


def test_daylio_import_creates_checkins_at_local_times(person, fixture_bytes):
    run(person, "daylio", fixture_bytes("daylio_export.csv"), {"sad": 2})

    checkins = {c.at: c for c in MoodCheckIn.objects.filter(person=person)}
    easter = checkins[dt.datetime(2024, 3, 31, 22, 15, tzinfo=LONDON)]
    assert easter.mood == 5
    assert easter.local_date == dt.date(2024, 3, 31)
    # British Summer Time had begun: 22:15 in London is 21:15 UTC.
    assert easter.at.astimezone(dt.UTC).hour == 21
    morning = checkins[dt.datetime(2024, 3, 31, 8, 2, tzinfo=LONDON)]
    assert morning.mood == 3
    late = checkins[dt.datetime(2024, 3, 29, 23, 58, tzinfo=LONDON)]
    assert late.mood == 2
    assert late.local_date == dt.date(2024, 3, 29)


def test_daylio_note_title_and_note_are_joined_with_quotes_and_newlines_kept(person, fixture_bytes):
    run(person, "daylio", fixture_bytes("daylio_export.csv"), {"sad": 2})

    easter = MoodCheckIn.objects.get(person=person, mood=5)
    assert easter.note == 'Easter\n\nLong lunch with everyone.\nFelt "properly" rested for once.'
    sad = MoodCheckIn.objects.get(person=person, mood=2, local_date=dt.date(2024, 3, 29))
    assert sad.note == "Long day\n\nDeadline, then a headache; café closed."


def test_daylio_activities_become_tags_on_that_days_log(person, fixture_bytes):
    run(person, "daylio", fixture_bytes("daylio_export.csv"), {"sad": 2})

    log = DailyLog.objects.get(person=person, date=dt.date(2024, 3, 31))
    assert sorted(log.tags.values_list("name", flat=True)) == [
        "coffee",
        "cooking",
        "family",
        "walk",
    ]
    assert log.water_ml is None and log.sleep_hours is None  # no habit values invented
    friday = DailyLog.objects.get(person=person, date=dt.date(2024, 3, 30))
    # "Coffee" on one day and "coffee" on another are one tag.
    assert sorted(friday.tags.values_list("name", flat=True)) == ["alcohol", "coffee", "friends"]
    assert Tag.objects.filter(person=person, name__iexact="coffee").count() == 1


def test_an_existing_tag_is_reused_whatever_its_case(person, fixture_bytes):
    TagFactory(person=person, name="WALK")

    plan, result = run(person, "daylio", fixture_bytes("daylio_export.csv"), {"sad": 2})

    assert "walk" not in plan.report()["tags_to_create"]
    assert result.tags == 7
    log = DailyLog.objects.get(person=person, date=dt.date(2024, 3, 31))
    assert "WALK" in log.tags.values_list("name", flat=True)


def test_importing_the_same_file_twice_adds_nothing(person, fixture_bytes):
    raw = fixture_bytes("daylio_export.csv")
    run(person, "daylio", raw, {"sad": 2})
    counts = (
        MoodCheckIn.objects.count(),
        DailyLog.objects.count(),
        Tag.objects.count(),
        DailyLog.tags.through.objects.count(),
    )

    plan, result = run(person, "daylio", raw, {"sad": 2})

    report = plan.report()
    assert report["checkins_to_create"] == 0
    assert report["duplicate_checkins"] == 6
    assert report["tags_to_create"] == []
    assert result.as_dict() == {
        "checkins": 0,
        "logs": 0,
        "tags": 0,
        "groups": 0,
        "tags_grouped": 0,
        "tag_links": 0,
        "reminders": 0,
        "sections": {},
    }
    assert counts == (
        MoodCheckIn.objects.count(),
        DailyLog.objects.count(),
        Tag.objects.count(),
        DailyLog.tags.through.objects.count(),
    )


def test_a_checkin_at_the_same_time_with_another_mood_is_not_a_duplicate(person, fixture_bytes):
    MoodCheckInFactory(person=person, at=dt.datetime(2024, 3, 28, 7, 30, tzinfo=LONDON), mood=4)
    MoodCheckInFactory(person=person, at=dt.datetime(2024, 3, 27, 12, 5, tzinfo=LONDON), mood=2)

    report = plan_for(person, "daylio", fixture_bytes("daylio_export.csv"), {"sad": 2}).report()

    assert report["duplicate_checkins"] == 1  # only 27 March 12:05 "bad" (2) matches
    assert report["checkins_to_create"] == 5


def test_tags_are_added_to_an_existing_log_without_touching_its_habits(person, fixture_bytes):
    DailyLogFactory(person=person, date=dt.date(2024, 3, 27), water_ml=2500)

    run(person, "daylio", fixture_bytes("daylio_export.csv"), {"sad": 2})

    log = DailyLog.objects.get(person=person, date=dt.date(2024, 3, 27))
    assert log.water_ml == 2500
    assert list(log.tags.values_list("name", flat=True)) == ["work"]


def test_old_seven_column_daylio_in_latin1_with_24_hour_times(person, fixture_bytes):
    plan, result = run(person, "daylio", fixture_bytes("daylio_old_latin1.csv"))

    assert plan.report()["rows_read"] == 3
    assert result.checkins == 3
    party = MoodCheckIn.objects.get(person=person, mood=4)
    assert party.at == dt.datetime(2018, 5, 18, 23, 54, tzinfo=LONDON)
    assert party.note == "Went to a party at Zoë's"
    assert MoodCheckIn.objects.get(person=person, mood=1).note == "Did nothing today, señor."
    assert set(Tag.objects.filter(person=person).values_list("name", flat=True)) == {
        "clean",
        "cook",
        "music",
        "stressed",
    }


def test_unreadable_daylio_rows_are_reported_with_line_numbers(person, fixture_bytes):
    plan, result = run(person, "daylio", fixture_bytes("daylio_broken_rows.csv"))

    unreadable = dict(plan.report()["unreadable"])
    assert set(unreadable) == {"line 2", "line 3", "line 4"}
    assert "2024-02-30" in unreadable["line 2"]
    assert "25:99" in unreadable["line 3"]
    assert "expected 8 values, found 6" in unreadable["line 4"]
    assert result.checkins == 1


def test_line_numbers_count_the_lines_inside_quoted_notes(person):
    raw = (
        b"full_date,date,weekday,time,mood,activities,note_title,note\n"
        b'2024-01-02,2 January,Tuesday,9:00 am,good,"","","one\ntwo\nthree"\n'
        b"2024-01-03,3 January,Wednesday,9:00 xm,good,,,\n"
    )

    report = plan_for(person, "daylio", raw).report()

    assert report["unreadable"][0][0] == "line 5"


def test_12_and_24_hour_times_read_alike(person):
    raw = (
        "full_date,date,weekday,time,mood,activities,note_title,note\n"
        "2024-01-02,2 January,Tuesday,9:05 PM,good,,,\n"
        "2024-01-03,3 January,Wednesday,21:05,good,,,\n"
        "2024-01-04,4 January,Thursday,12:10 am,good,,,\n"
        "2024-01-05,5 January,Friday,7:45\u202fp.m.,good,,,\n"  # a narrow no-break space
    ).encode()

    plan = plan_for(person, "daylio", raw)

    assert [c.at.time() for c in plan.checkins] == [
        dt.time(21, 5),
        dt.time(21, 5),
        dt.time(0, 10),
        dt.time(19, 45),
    ]


def test_times_follow_the_persons_own_timezone(person, fixture_bytes):
    person.timezone = "America/New_York"
    person.save()

    plan = plan_for(person, "daylio", fixture_bytes("daylio_old_latin1.csv"))

    party = next(c for c in plan.checkins if c.mood == 4)
    assert party.at.astimezone(dt.UTC) == dt.datetime(2018, 5, 19, 3, 54, tzinfo=dt.UTC)
    assert party.local_date == dt.date(2018, 5, 18)


# --- Bearable -----------------------------------------------------------------------------------
def test_bearable_mood_rows_become_checkins_on_the_ten_point_scale(person, fixture_bytes):
    plan, result = run(person, "bearable", fixture_bytes("bearable_export.csv"))

    assert result.checkins == 3
    moods = dict(MoodCheckIn.objects.filter(person=person).values_list("at", "mood"))
    assert moods == {
        dt.datetime(2020, 9, 22, 3, 0, tzinfo=LONDON): 3,
        dt.datetime(2020, 9, 23, 12, 30, tzinfo=LONDON): 5,
        dt.datetime(2020, 10, 1, 21, 0, tzinfo=LONDON): 1,  # "pm" is read as 9 in the evening
    }
    assert any("1 to 10" in notice for notice in plan.report()["notices"])


def test_bearable_mood_details_become_emotions_and_notes_are_kept(person, fixture_bytes):
    run(person, "bearable", fixture_bytes("bearable_export.csv"))

    exam = MoodCheckIn.objects.get(person=person, mood=5)
    assert exam.emotions == ["grateful", "happy"]
    assert exam.note == 'Exam went well, "finally"\nCelebrated.'
    assert MoodCheckIn.objects.get(person=person, mood=3).emotions == ["anxious"]


def test_bearable_factors_become_tags_on_a_new_log_for_that_day(person, fixture_bytes):
    run(person, "bearable", fixture_bytes("bearable_export.csv"))

    tuesday = DailyLog.objects.get(person=person, date=dt.date(2020, 9, 22))
    assert sorted(tuesday.tags.values_list("name", flat=True)) == [
        "Caffeine",
        "Headache (mild)",
        "Sedentary",
        "With family",
    ]
    wednesday = DailyLog.objects.get(person=person, date=dt.date(2020, 9, 23))
    assert sorted(wednesday.tags.values_list("name", flat=True)) == ["Caffeine", "Walk"]
    assert wednesday.fruit_veg_servings is None


def test_bearable_other_categories_are_reported_as_skipped(person, fixture_bytes):
    report = plan_for(person, "bearable", fixture_bytes("bearable_export.csv")).report()

    assert [where for where, _ in report["skipped"]] == ["line 5", "line 9"]
    assert any("Meds/Supplements" in notice for notice in report["notices"])
    assert report["unreadable"] == [("line 11", "the mood rating “eleven” is not a number")]


def test_newer_bearable_exports_with_a_formatted_date_column(person):
    raw = (
        b"date,date formatted,weekday,time of day,category,rating/amount,detail,notes\n"
        b'"5th Jan 2025","2025-01-05","Sunday","08:15","Mood","4","Calm","Slept well"\n'
        b'"5th Jan 2025","2025-01-05","Sunday","all day","Factors","","Kefir",""\n'
    )

    _plan, result = run(person, "bearable", raw)

    checkin = MoodCheckIn.objects.get(person=person)
    assert (checkin.mood, checkin.emotions, checkin.note) == (4, ["calm"], "Slept well")
    assert checkin.at == dt.datetime(2025, 1, 5, 8, 15, tzinfo=LONDON)
    assert result.tags == 1


def test_bearable_mood_outside_one_to_ten_is_unreadable(person):
    raw = (
        b"date,weekday,time of day,category,rating/amount,detail,notes\n"
        b'"5th Jan 2025","Sunday","08:15","Mood","14","",""\n'
    )

    report = plan_for(person, "bearable", raw).report()

    assert report["unreadable"] == [("line 2", "the mood rating 14 is outside 1 to 10")]
    assert report["checkins_to_create"] == 0


# --- Whole-file problems --------------------------------------------------------------------------
def test_a_file_above_ten_megabytes_is_refused():
    with pytest.raises(ImportFileError, match=r"20\.0 MB.*10 MB"):
        importing.parse("daylio", b"x" * (20 * 1024 * 1024))


def test_wrong_columns_name_what_was_expected_and_found():
    raw = b"Date,Amount,Payee\n2024-01-01,3,Shop\n"

    with pytest.raises(ImportFileError) as error:
        importing.parse("daylio", raw)

    assert "not a Daylio CSV export" in str(error.value)
    assert "full_date" in str(error.value)
    assert "date, amount, payee" in str(error.value)


def test_a_binary_file_is_refused_as_not_text():
    with pytest.raises(ImportFileError, match="not a text file"):
        importing.parse("bearable", b"PK\x03\x04\x14\x00\x00\x00\x08\x00")


def test_an_empty_file_is_refused():
    with pytest.raises(ImportFileError, match="empty"):
        importing.parse("daylio", b"  \n")


def test_invalid_json_says_where_it_breaks():
    with pytest.raises(ImportFileError, match="line 1, column 29"):
        importing.parse("gutmind", b'{"schema": "gutmind-export",')


def test_json_from_another_app_is_refused():
    with pytest.raises(ImportFileError, match="not a GutMind export"):
        importing.parse("gutmind", b'{"entries": []}')


def test_utf8_bom_latin1_and_utf16_are_all_decoded():
    text = "note\ncafé"
    assert importing.decode_text(codecs.BOM_UTF8 + text.encode()) == text
    assert importing.decode_text(text.encode("latin-1")) == text
    assert importing.decode_text(text.encode("utf-16")) == text


def test_mood_map_reads_labels_and_refuses_bad_values():
    assert importing.parse_mood_map("Happy=5, so so = 3") == {"happy": 5, "so so": 3}
    with pytest.raises(ValueError, match="outside 1 to 5"):
        importing.parse_mood_map("great=7")
    with pytest.raises(ValueError, match="not label=number"):
        importing.parse_mood_map("great")


# --- All or nothing -------------------------------------------------------------------------------
def test_a_failure_part_way_leaves_nothing_behind(person, fixture_bytes, monkeypatch):
    plan = plan_for(person, "daylio", fixture_bytes("daylio_export.csv"), {"sad": 2})

    def broken_bulk_create(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(MoodCheckIn.objects, "bulk_create", broken_bulk_create)
    with pytest.raises(RuntimeError):
        importing.apply_plan(plan)

    assert not Tag.objects.filter(person=person).exists()
    assert not DailyLog.objects.filter(person=person).exists()
    assert not MoodCheckIn.objects.filter(person=person).exists()


def test_import_writes_in_a_bounded_number_of_queries(person, django_assert_max_num_queries):
    lines = ["full_date,date,weekday,time,mood,activities,note_title,note"]
    start = dt.date(2020, 1, 1)
    for offset in range(600):
        day = start + dt.timedelta(days=offset)
        lines.append(f"{day},x,x,8:00 pm,good,walk | tea,,")
    plan = plan_for(person, "daylio", "\n".join(lines).encode())

    # Batched writes (SQLite's variable limit makes the batches smaller there): a few dozen
    # queries for 600 days, never one or more per row.
    with django_assert_max_num_queries(60):
        result = importing.apply_plan(plan)

    assert result.checkins == 600
    assert result.tag_links == 1200


# --- NUL characters: PostgreSQL cannot store them ----------------------------------------------
def test_a_nul_byte_past_the_first_four_kilobytes_is_dropped_not_a_database_error(
    person, fixture_bytes
):
    late_row = b'2024-03-20,20 March,Wednesday,9:00 pm,good,"walk","","' + b"x" * 5000
    raw = fixture_bytes("daylio_export.csv").rstrip() + b"\n" + late_row + b'\x00end"\n'

    run(person, "daylio", raw, {"sad": 2})

    note = MoodCheckIn.objects.get(person=person, local_date=dt.date(2024, 3, 20)).note
    assert note.startswith("xxx")
    assert "\x00" not in note


def test_a_json_nul_escape_is_dropped_from_notes_and_tag_names(person):
    source = UserFactory()
    MoodCheckInFactory(person=source, note="calm MARK day")
    TagFactory(person=source, name="te MARK a")
    raw = b"".join(exporting.json_bytes(source)).replace(b"MARK", b"\\u0000")

    run(person, "gutmind", raw)

    assert MoodCheckIn.objects.get(person=person).note == "calm  day"
    assert Tag.objects.filter(person=person).get().name == "te  a"


# --- Made-up GutMind files: a message at the row, never a 500 ---------------------------------
def gutmind_file(**sections) -> bytes:
    return json.dumps({"schema": exporting.SCHEMA_NAME, "version": 1, **sections}).encode()


@pytest.mark.parametrize(
    "at", ["9999-12-31T23:59:00-10:00", "0001-01-01T00:00:00+10:00"], ids=["last", "first"]
)
def test_a_checkin_past_the_ends_of_the_calendar_is_unreadable(person, at):
    raw = gutmind_file(checkins=[{"at": at, "local_date": at[:10], "mood": 3}])

    parsed = importing.parse("gutmind", raw)

    assert parsed.checkins == []
    assert "out of range" in parsed.unreadable[0].message


def test_a_checkin_on_the_calendars_last_day_is_planned_without_an_overflow(person):
    raw = gutmind_file(
        checkins=[{"at": "9999-12-31T10:00:00Z", "local_date": "9999-12-31", "mood": 3}]
    )

    plan = plan_for(person, "gutmind", raw)

    assert plan.parsed.unreadable == []


def test_an_impossible_reminder_time_is_unreadable_with_the_reason(person):
    raw = gutmind_file(reminders=[{"daily_time": "25:00"}])

    parsed = importing.parse("gutmind", raw)

    assert parsed.reminders == []
    assert "invalid time" in parsed.unreadable[0].message


def test_days_with_nothing_but_an_entry_get_whole_rows_at_their_defaults(person, fixture_bytes):
    # Written as plain rows (not model instances): every column that cannot be empty is set.
    before = timezone.now()
    run(person, "daylio", fixture_bytes("daylio_2024_scales.csv"), {"fantastic": 5})

    bare = DailyLog.objects.get(person=person, date=dt.date(2024, 3, 3))
    assert bare.note == "" and bare.probiotic_taken is False and bare.stress_level is None
    assert bare.created_at >= before and bare.updated_at >= before
    assert list(bare.tags.values_list("name", flat=True)) == ["coffee"]
    with_scales = DailyLog.objects.get(person=person, date=dt.date(2024, 3, 4))
    assert with_scales.stress_level == 3
