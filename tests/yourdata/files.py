"""Our own zips in the shapes Daylio's backup and Loop's CSV export have (made up data)."""

import base64
import io
import json
import zipfile


def zip_of(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def daylio_backup(data: dict) -> bytes:
    encoded = base64.b64encode(json.dumps(data).encode())
    return zip_of({"backup.daylio": encoded, "assets/photos/.keep": b""})


def entry(year, month0, day, hour, minute, mood, tags=(), note="", title=""):
    return {
        "id": hash((year, month0, day, hour, minute)) % 10_000,
        "year": year,
        "month": month0,
        "day": day,
        "hour": hour,
        "minute": minute,
        "datetime": 0,
        "timeZoneOffset": 3_600_000,
        "mood": mood,
        "note": note,
        "note_title": title,
        "tags": list(tags),
        "assets": [],
    }


def sample_backup_data() -> dict:
    return {
        "version": 15,
        "customMoods": [
            {"id": 1, "custom_name": "", "mood_group_id": 1, "predefined_name_id": 1},
            {"id": 2, "custom_name": "", "mood_group_id": 2, "predefined_name_id": 2},
            {"id": 3, "custom_name": "", "mood_group_id": 3, "predefined_name_id": 3},
            {"id": 4, "custom_name": "", "mood_group_id": 4, "predefined_name_id": 4},
            {"id": 5, "custom_name": "", "mood_group_id": 5, "predefined_name_id": 5},
            {"id": 6, "custom_name": "Buzzing", "mood_group_id": 1, "predefined_name_id": -1},
        ],
        "tags": [
            {"id": 10, "name": "Yoga", "id_tag_group": 100},
            {"id": 11, "name": "Kimchi", "id_tag_group": 101},
        ],
        "tag_groups": [{"id": 100, "name": "Movement"}, {"id": 101, "name": "Food"}],
        "dayEntries": [
            entry(
                2023,
                0,
                15,
                21,
                5,
                6,
                [10, 11],
                "Great class<br>then <b>dinner</b> &amp; tea",
                "Sunday",
            ),
            entry(2023, 0, 14, 9, 30, 4, []),
            entry(2023, 11, 31, 23, 59, 2, [11]),
        ],
        "prefs": [],
    }


def loop_export() -> bytes:
    habits = (
        "Position,Name,Type,Question,Description,FrequencyNumerator,FrequencyDenominator,"
        "Color,Unit,Target Type,Target Value,Archived?\n"
        "001,Meditate,YES_NO,Did you meditate?,,1,1,#FF8F00,,,0,false\n"
        "002,Water glasses,NUMERICAL,How many?,,1,1,#00897B,glasses,AT_LEAST,8,false\n"
    )
    meditate = (
        "Date,Value,Notes\n"
        "2024-05-03,YES_MANUAL,calm morning\n"
        "2024-05-02,NO,\n"
        "2024-05-01,SKIP,\n"
        "2024-04-30,YES_AUTO,\n"
        "2024-04-29,UNKNOWN,\n"
    )
    water = "2024-05-03,6\n2024-05-02,0\n"  # the older export: no header line
    return zip_of(
        {
            "Habits.csv": habits.encode(),
            "001 Meditate/Checkmarks.csv": meditate.encode(),
            "001 Meditate/Scores.csv": b"Date,Score\n2024-05-03,0.5\n",
            "002 Water glasses/Checkmarks.csv": water.encode(),
            "Checkmarks.csv": b"Date,Meditate,Water glasses,\n",
        }
    )
