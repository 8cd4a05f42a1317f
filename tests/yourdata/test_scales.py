"""Daylio scales: onto GutMind's 1 to 5 from the range the backup gives, or from a range
assumed (and said in the preview) where a CSV gives none."""

import datetime as dt

import pytest

from apps.lifestyle.models import DailyLog
from apps.mood.models import MoodCheckIn
from apps.yourdata import importing
from tests.yourdata.files import daylio_backup, entry, sample_backup_data

pytestmark = pytest.mark.django_db

HEADER = "full_date,date,weekday,time,mood,activities,scales,note_title,note\n"
NBSP = "\xa0"


def run(person, fmt, raw):
    plan = importing.build_plan(person, importing.parse(fmt, raw))
    return plan, importing.apply_plan(plan)


def csv_with_scales(*cells: str) -> bytes:
    rows = [
        f'2024-03-{day:02d},March {day},Tuesday,21:40,rad,"","{cell}","",""'
        for day, cell in enumerate(cells, start=1)
    ]
    return (HEADER + "\n".join(rows) + "\n").encode()


def test_a_csv_scale_within_1_to_5_is_taken_as_it_is_and_the_preview_says_so(person):
    plan, _ = run(person, "daylio", csv_with_scales(f"energy:{NBSP}2", f"energy:{NBSP}5"))

    assert sorted(MoodCheckIn.objects.values_list("energy", flat=True)) == [2, 5]
    assert any(
        "“energy” was read as running 1 to 5 (the CSV does not say a scale's range" in notice
        for notice in plan.report()["notices"]
    )


def test_a_wider_csv_scale_is_stretched_from_an_assumed_0_to_10_said_in_the_preview(person):
    plan, _ = run(person, "daylio", csv_with_scales(f"stress:{NBSP}0", f"stress:{NBSP}10"))

    days = dict(DailyLog.objects.values_list("date", "stress_level"))
    assert days == {dt.date(2024, 3, 1): 1, dt.date(2024, 3, 2): 5}
    assert any("“stress” was read as running 0 to 10" in n for n in plan.report()["notices"])


def backup_with_scales() -> dict:
    data = sample_backup_data()
    data["scales"] = [
        {"id": 1, "name": "Energy", "type": 0, "number_scale": {"id": 1, "min": 1, "max": 3}},
        {
            "id": 2,
            "name": "Sleep quality",
            "type": 1,
            "text_scale": {
                "values": [
                    {"id": 22, "value": "good", "order": 2},
                    {"id": 20, "value": "poor", "order": 0},
                    {"id": 21, "value": "fine", "order": 1},
                ]
            },
        },
        {"id": 3, "name": "Focus", "type": 0, "number_scale": {"min": 0, "max": 10}},
        {"id": 4, "name": "Gut comfort", "type": 0},  # no range in the file
    ]
    data["dayEntries"] = [
        entry(2023, 0, 15, 21, 5, 6)
        | {
            "scaleValues": [
                {"id_scale": 1, "value": 3},
                {"id_scale": 2, "id_text_scale_value": 20},
                {"id_scale": 3, "value": 7},
                {"id_scale": 4, "value": 4},
                {"id_scale": 99, "value": 1},  # a scale the backup does not have
                {"id_scale": 1, "value": "lots"},  # not a number: left out
            ]
        },
        entry(2023, 0, 16, 9, 0, 2) | {"scaleValues": [{"id_scale": 1, "value": 1}]},
    ]
    return data


def test_a_backup_scale_is_rescaled_from_the_range_the_backup_gives(person):
    plan, _ = run(person, "daylio-backup", daylio_backup(backup_with_scales()))

    energies = dict(MoodCheckIn.objects.values_list("local_date", "energy"))
    # Energy runs 1 to 3 in this backup: 3 is the top (5), 1 the bottom (1).
    assert energies == {dt.date(2023, 1, 15): 5, dt.date(2023, 1, 16): 1}
    log = DailyLog.objects.get(date=dt.date(2023, 1, 15))
    assert log.sleep_quality == 1  # "poor", the first of three words
    assert log.gut_comfort == 4  # no range given: 4 is within 1-5, taken as it is
    notices = plan.report()["notices"]
    assert any("“energy” runs 1 to 3 in the backup: stretched" in n for n in notices)
    assert any("“sleep quality” runs 0 to 2 in the backup" in n for n in notices)
    assert any("“gut comfort” was read as running 1 to 5" in n for n in notices)


def test_a_backup_scale_with_no_field_of_ours_is_kept_in_the_note(person):
    plan, _ = run(person, "daylio-backup", daylio_backup(backup_with_scales()))

    sunday = MoodCheckIn.objects.get(local_date=dt.date(2023, 1, 15))
    assert sunday.note.endswith("Scales: focus: 7")
    assert any("no field for, kept in the notes: focus" in n for n in plan.report()["notices"])


@pytest.mark.parametrize(
    "bad",
    [
        {"id": 1, "name": "Energy", "number_scale": {"min": 5, "max": 5}},
        {"id": 1, "name": "Energy", "number_scale": {"min": "low", "max": None}},
        {"id": 1, "name": "Energy", "number_scale": "1-5"},
        {"id": 1, "name": "Energy", "text_scale": {"values": "not a list"}},
    ],
)
def test_a_scale_with_a_broken_range_falls_back_to_an_assumed_one(person, bad):
    data = backup_with_scales()
    data["scales"] = [bad]

    plan, _ = run(person, "daylio-backup", daylio_backup(data))

    assert MoodCheckIn.objects.get(local_date=dt.date(2023, 1, 15)).energy == 3
    assert any("“energy” was read as running 1 to 5" in n for n in plan.report()["notices"])


def test_backup_scales_that_are_not_lists_or_objects_are_ignored(person):
    data = backup_with_scales()
    data["scales"] = "nothing"
    data["dayEntries"][0]["scaleValues"] = [1, None, "x"]

    _, result = run(person, "daylio-backup", daylio_backup(data))

    assert result.checkins == 2
