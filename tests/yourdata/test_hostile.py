"""Files made to hurt: each gets a clear message, never a 500, and nothing partial is written."""

import base64
import json
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.mood.models import MoodCheckIn
from apps.yourdata import exporting, importing, jobs
from apps.yourdata.importing import ImportFileError
from tests.yourdata.files import daylio_backup, sample_backup_data, zip_of


def upload(client, raw: bytes, fmt: str):
    return client.post(
        "/settings/data/import/",
        {"format": fmt, "file": SimpleUploadedFile("file", raw, "application/octet-stream")},
    )


def gutmind(**parts) -> bytes:
    return json.dumps({"schema": exporting.SCHEMA_NAME, "version": 1, **parts}).encode()


def backup_of_text(text: str) -> bytes:
    return zip_of({"backup.daylio": base64.b64encode(text.encode())})


HOSTILE = {
    "a zip that is not a backup": (
        "daylio-backup",
        zip_of({"photo.jpg": b"\xff\xd8"}),
        "has no “backup.daylio” inside",
    ),
    "not a zip at all": ("daylio-backup", b"PK\x03\x04broken", "not a zip file"),
    "a zip bomb": (
        "daylio-backup",
        zip_of({"backup.daylio": b"\0" * (60 * 1024 * 1024)}),
        "zip bomb",
    ),
    "a path climbing out of the zip": (
        "loop",
        zip_of({"../../etc/Habits.csv": b"Position,Name\n1,x\n"}),
        "climbs out of the zip",
    ),
    "an absolute path in the zip": (
        "loop",
        zip_of({"/etc/Habits.csv": b"Position,Name\n1,x\n"}),
        "climbs out of the zip",
    ),
    "base64 that does not decode": (
        "daylio-backup",
        zip_of({"backup.daylio": b"this is %%% not base64"}),
        "not valid base64",
    ),
    "a backup nested a thousand deep": (
        "daylio-backup",
        backup_of_text("[" * 1000 + "]" * 1000),
        "nested more than",
    ),
    "a backup that is JSON but not a backup": (
        "daylio-backup",
        backup_of_text('{"hello": 1}'),
        "no list of entries",
    ),
    "GutMind JSON nested 100,000 deep": (
        "gutmind",
        b'{"schema": "gutmind-export", "version": 1, "tags": ' + b"[" * 100_000,
        "nested more than",
    ),
    "a five-million-digit integer": (
        "gutmind",
        b'{"schema": "gutmind-export", "version": 1, "n": ' + b"9" * 5_000_000 + b"}",
        "digits",
    ),
    "Infinity in an integer field": (
        "gutmind",
        b'{"schema": "gutmind-export", "version": 1, "daily_logs": '
        b'[{"date": "2024-01-01", "water_ml": Infinity}]}',
        "Infinity is not a number",
    ),
    "a float too large to be finite": (
        "gutmind",
        b'{"schema": "gutmind-export", "version": 1, "daily_logs": '
        b'[{"date": "2024-01-01", "water_ml": 1e999}]}',
        "too large",
    ),
}


@pytest.mark.parametrize("case", list(HOSTILE), ids=list(HOSTILE))
def test_a_hostile_file_is_refused_with_a_clear_message(case):
    fmt, raw, message = HOSTILE[case]

    with pytest.raises(ImportFileError, match=message):
        importing.parse(fmt, raw)


@pytest.mark.parametrize("case", list(HOSTILE), ids=list(HOSTILE))
def test_a_hostile_upload_re_renders_the_form_with_the_message(signed_in_client, case):
    fmt, raw, message = HOSTILE[case]

    response = upload(signed_in_client, raw, fmt)

    assert response.status_code == 400
    assert message.split("“")[0] in response.content.decode().replace("&quot;", '"')


def test_a_zip_member_lying_about_its_size_is_refused():
    raw = bytearray(zip_of({"backup.daylio": b"A" * 1000}, compression=zipfile.ZIP_STORED))
    # Declare 10 bytes where 1000 are stored: reading stops at the declared size.
    header = raw.index(b"PK\x01\x02")
    raw[header + 24 : header + 28] = (10).to_bytes(4, "little")

    with pytest.raises(ImportFileError):
        importing.parse("daylio-backup", bytes(raw))


def test_broken_backup_entries_are_listed_and_the_rest_imported_whole(person):
    data = sample_backup_data()
    data["dayEntries"].append({"year": "soon"})
    data["dayEntries"].append({**data["dayEntries"][0], "month": 13})

    parsed = importing.parse("daylio-backup", daylio_backup(data))

    assert [p.where for p in parsed.unreadable] == ["entry 4", "entry 5"]
    importing.apply_plan(importing.build_plan(person, parsed))
    assert MoodCheckIn.objects.filter(person=person).count() == 3


@pytest.mark.parametrize(
    ("fmt", "raw", "where"),
    [
        ("bearable", "bearable_full.csv", None),
        ("daylio", "daylio_2020.csv", None),
    ],
)
def test_broken_rows_in_any_csv_variant_are_listed_with_their_line(
    person, fmt, raw, where, fixture_bytes
):
    text = fixture_bytes(raw).decode() + "2020-13-45,garbage\n"

    parsed = importing.parse(fmt, text.encode())

    assert parsed.unreadable[-1].where == f"line {text.count(chr(10))}"


def test_a_check_in_before_the_year_two_is_unreadable_not_a_500(person):
    raw = b"full_date,time,mood\n0001-01-01,00:30,good\n2024-01-01,9:00,good\n"

    parsed = importing.parse("daylio", raw)

    assert "outside the years" in parsed.unreadable[0].message
    plan = importing.build_plan(person, parsed)
    assert plan.report()["checkins_to_create"] == 1


# --- Memory and parsing once -----------------------------------------------------------------
def x_lines(size: int = 10 * 1024 * 1024) -> bytes:
    return b"full_date,time,mood\n" + b"x\n" * ((size - 20) // 2)


def test_junk_lines_are_counted_but_only_the_first_kept(person):
    raw = b"full_date,time,mood\n2024-01-01,9:00,good\n" + b"x\n" * 20_000

    parsed = importing.parse("daylio", raw)

    assert parsed.unreadable_count == 20_000
    assert len(parsed.unreadable) == 200  # the first ones, the rest counted


def test_a_file_of_nothing_but_junk_stops_being_read_early():
    with pytest.raises(ImportFileError, match="stopped reading after 10,000 lines"):
        importing.parse("daylio", x_lines(1024 * 1024))


def test_ten_megabytes_of_junk_are_refused_at_upload_with_the_first_lines(signed_in_client):
    tracemalloc.start()
    try:
        response = upload(signed_in_client, x_lines(), "daylio")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    html = response.content.decode()
    assert response.status_code == 400
    assert "Nothing could be read" in html and "line 2: expected 3 values, found 1" in html
    assert peak < 100 * 1024 * 1024


def test_an_upload_is_parsed_once_from_upload_to_worker(
    signed_in_client, person, monkeypatch, fixture_bytes
):
    calls = []
    real = importing.PARSERS["daylio"]
    monkeypatch.setitem(importing.PARSERS, "daylio", lambda raw: calls.append(1) or real(raw))
    token = upload(signed_in_client, fixture_bytes("daylio_export.csv"), "daylio")["Location"]
    token = token.rstrip("/").rsplit("/", 1)[-1]

    signed_in_client.get(f"/settings/data/import/{token}/")
    signed_in_client.post(f"/settings/data/import/{token}/labels/", {"label_0": "5"})
    signed_in_client.get(f"/settings/data/import/{token}/")
    signed_in_client.post(f"/settings/data/import/{token}/confirm/")

    assert jobs.load_job(person, token).state == "done"
    assert len(calls) == 1


def test_a_backup_with_daylios_own_rooted_photo_paths_is_read(person):
    # Daylio names a backup's photos "/assets/photos/<year>/<month>/<checksum>" (seen in a
    # public fixture made in the shape of real backups): read, as nothing is unpacked.
    encoded = base64.b64encode(json.dumps(sample_backup_data()).encode())
    wrapped = b"\n".join(encoded[i : i + 76] for i in range(0, len(encoded), 76))
    raw = zip_of({"backup.daylio": wrapped, "/assets/photos/2023/1/" + "a" * 32: b"\xff\xd8"})

    parsed = importing.parse("daylio-backup", raw)

    assert len(parsed.checkins) == 3


def test_a_backup_path_that_climbs_out_is_still_refused():
    raw = zip_of({"backup.daylio": b"e30=", "/assets/../../etc/passwd": b"x"})
    with pytest.raises(ImportFileError, match="climbs out of the zip"):
        importing.parse("daylio-backup", raw)
