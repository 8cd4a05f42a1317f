import datetime as dt
import os
import re
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.mood.models import MoodCheckIn
from apps.yourdata import jobs, tasks
from gutmind.celery import app as celery_app


def upload(client, fixture_bytes, name, fmt="daylio"):
    raw = fixture_bytes(name) if isinstance(name, str) and "." in name else name
    return client.post(
        "/settings/data/import/",
        {"format": fmt, "file": SimpleUploadedFile("export.csv", raw, "text/csv")},
    )


def token_of(response) -> str:
    return re.search(r"/settings/data/import/([0-9a-f]{32})/", response["Location"]).group(1)


def test_data_page_offers_export_import_and_deletion(signed_in_client):
    response = signed_in_client.get("/settings/data/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "/settings/data/export/json/" in html
    assert "/settings/data/export/csv/" in html
    assert 'enctype="multipart/form-data"' in html
    assert "/settings/data/delete/" in html


def test_settings_hub_links_to_the_data_page(signed_in_client):
    assert 'href="/settings/data/"' in signed_in_client.get("/settings/").content.decode()


def test_upload_shows_a_preview_and_writes_nothing(signed_in_client, person, fixture_bytes):
    response = upload(signed_in_client, fixture_bytes, "daylio_export.csv")
    assert response.status_code == 302

    preview = signed_in_client.get(response["Location"])

    html = preview.content.decode()
    assert preview.status_code == 200
    assert re.search(r'data-report="rows_read">6<', html)
    assert "2024-03-27 to 2024-03-31" in html
    assert "“sad” means" in html
    assert "Map every mood label" in html
    assert not MoodCheckIn.objects.filter(person=person).exists()


def test_mapping_labels_then_confirming_imports_everything(signed_in_client, person, fixture_bytes):
    token = token_of(upload(signed_in_client, fixture_bytes, "daylio_export.csv"))

    mapped = signed_in_client.post(f"/settings/data/import/{token}/labels/", {"label_0": "2"})
    assert mapped.status_code == 302
    preview = signed_in_client.get(f"/settings/data/import/{token}/").content.decode()
    assert re.search(r'data-report="checkins_to_create">6<', preview)
    confirmed = signed_in_client.post(f"/settings/data/import/{token}/confirm/")

    assert confirmed["Location"] == f"/settings/data/import/{token}/progress/"
    assert MoodCheckIn.objects.filter(person=person).count() == 6
    page = signed_in_client.get(confirmed["Location"]).content.decode()
    assert "Imported." in page
    assert "6 check-ins" in page
    assert signed_in_client.get(f"/settings/data/import/{token}/status/").json()["state"] == "done"


def test_an_unchosen_label_gets_a_message_at_the_field(signed_in_client, fixture_bytes):
    token = token_of(upload(signed_in_client, fixture_bytes, "daylio_export.csv"))

    response = signed_in_client.post(f"/settings/data/import/{token}/labels/", {"label_0": ""})

    assert response.status_code == 400
    assert "Choose the mood that “sad” stands for." in response.content.decode()


def test_confirming_with_unmapped_labels_imports_nothing(signed_in_client, person, fixture_bytes):
    token = token_of(upload(signed_in_client, fixture_bytes, "daylio_export.csv"))

    response = signed_in_client.post(f"/settings/data/import/{token}/confirm/")

    assert response["Location"] == f"/settings/data/import/{token}/"
    assert not MoodCheckIn.objects.filter(person=person).exists()


def test_a_finished_import_cannot_be_confirmed_again(signed_in_client, person, fixture_bytes):
    token = token_of(upload(signed_in_client, fixture_bytes, "daylio_old_latin1.csv"))
    signed_in_client.post(f"/settings/data/import/{token}/confirm/")

    again = signed_in_client.post(f"/settings/data/import/{token}/confirm/")

    assert again["Location"].endswith("/progress/")
    assert MoodCheckIn.objects.filter(person=person).count() == 3


def test_a_double_clicked_import_runs_once(signed_in_client, person, fixture_bytes):
    token = token_of(upload(signed_in_client, fixture_bytes, "daylio_old_latin1.csv"))
    job = jobs.load_job(person, token)
    assert jobs.claim(job)  # the first click is still planning when the second arrives

    response = signed_in_client.post(f"/settings/data/import/{token}/confirm/")

    assert response["Location"].endswith("/progress/")
    assert not MoodCheckIn.objects.filter(person=person).exists()


def test_a_twenty_megabyte_file_is_refused_with_a_clear_message(signed_in_client):
    response = upload(signed_in_client, None, b"a" * (20 * 1024 * 1024))

    assert response.status_code == 400
    assert "the largest file GutMind imports is 10 MB" in response.content.decode()


@pytest.mark.parametrize(
    ("fmt", "raw", "message"),
    [
        ("daylio", b"Date,Amount\n1,2\n", "not a Daylio CSV export"),
        ("bearable", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
        ("gutmind", b"full_date,date\n", "not a GutMind JSON export"),
        ("daylio", b"", "The submitted file is empty."),
    ],
)
def test_unreadable_files_get_a_precise_message_not_a_500(signed_in_client, fmt, raw, message):
    response = upload(signed_in_client, None, raw, fmt=fmt)

    assert response.status_code == 400
    assert message in response.content.decode()


def test_unreadable_rows_are_listed_with_line_numbers(signed_in_client, fixture_bytes):
    response = upload(signed_in_client, fixture_bytes, "daylio_broken_rows.csv")

    html = signed_in_client.get(response["Location"]).content.decode()
    assert "3 rows could not be read" in html
    assert "line 2: the date “2024-02-30” is not YYYY-MM-DD" in html


def test_bearable_skipped_rows_show_in_the_preview(signed_in_client, fixture_bytes):
    response = upload(signed_in_client, fixture_bytes, "bearable_export.csv", fmt="bearable")

    html = signed_in_client.get(response["Location"]).content.decode()
    assert "2 rows skipped" in html
    assert "line 5: “Meds/Supplements” entries have no place" in html


@pytest.mark.parametrize("step", ["", "progress/", "status/"])
def test_another_persons_import_is_404(client, person, other_person, fixture_bytes, step):
    client.force_login(person)
    token = token_of(upload(client, fixture_bytes, "daylio_export.csv"))
    client.force_login(other_person)

    assert client.get(f"/settings/data/import/{token}/{step}").status_code == 404


@pytest.mark.parametrize("step", ["labels/", "confirm/"])
def test_another_person_cannot_act_on_an_import(client, person, other_person, fixture_bytes, step):
    client.force_login(person)
    token = token_of(upload(client, fixture_bytes, "daylio_old_latin1.csv"))
    client.force_login(other_person)

    assert client.post(f"/settings/data/import/{token}/{step}").status_code == 404
    assert not MoodCheckIn.objects.exists()


def test_a_made_up_token_is_404(signed_in_client):
    assert signed_in_client.get("/settings/data/import/../../etc/").status_code == 404
    assert signed_in_client.get(f"/settings/data/import/{'0' * 32}/status/").status_code == 404


def test_preview_steps_need_signing_in(client):
    response = client.get(f"/settings/data/import/{'a' * 32}/")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_status_endpoint_tells_a_signed_out_script_401_in_json(client):
    response = client.get(f"/settings/data/import/{'a' * 32}/status/")

    assert response.status_code == 401
    assert response.json() == {"error": "Sign in to see your import."}


def test_an_uploaded_file_is_kept_out_of_the_public_media_folder(
    signed_in_client, person, fixture_bytes, settings
):
    token = token_of(upload(signed_in_client, fixture_bytes, "daylio_export.csv"))

    job = jobs.load_job(person, token)
    # Parsed once on arrival: what was read is kept, the upload itself is not.
    assert (job.path / "parsed.json").is_file()
    assert not (job.path / "upload").exists()
    # MEDIA_URL serves MEDIA_ROOT without asking who is signed in.
    assert not job.path.resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve())


def test_get_never_imports(signed_in_client, person, fixture_bytes):
    token = token_of(upload(signed_in_client, fixture_bytes, "daylio_old_latin1.csv"))

    assert signed_in_client.get(f"/settings/data/import/{token}/confirm/").status_code == 405
    assert not MoodCheckIn.objects.filter(person=person).exists()


@pytest.fixture
def eager_celery():
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


def big_daylio(days: int) -> bytes:
    lines = ["full_date,date,weekday,time,mood,activities,note_title,note"]
    start = dt.date(2015, 1, 1)
    for offset in range(days):
        lines.append(f"{start + dt.timedelta(days=offset)},x,x,9:00 pm,good,walk,,")
    return "\n".join(lines).encode()


def test_a_large_import_runs_as_a_task_with_progress(signed_in_client, person, monkeypatch):
    sent = []
    monkeypatch.setattr(tasks.run_import, "delay", lambda *args: sent.append(args))
    token = token_of(upload(signed_in_client, None, big_daylio(jobs.LARGE_IMPORT_ROWS + 1)))

    signed_in_client.post(f"/settings/data/import/{token}/confirm/")
    queued = signed_in_client.get(f"/settings/data/import/{token}/status/").json()
    page = signed_in_client.get(f"/settings/data/import/{token}/progress/").content.decode()

    assert queued["state"] == "queued"
    assert not MoodCheckIn.objects.filter(person=person).exists()
    assert "<progress" in page and "js/import.js" in page
    assert sent == [(person.pk, token)]
    tasks.run_import.apply(args=sent[0])  # what the worker does with the message
    done = signed_in_client.get(f"/settings/data/import/{token}/status/").json()
    assert done["state"] == "done"
    assert done["done"] == done["total"] > 0
    assert MoodCheckIn.objects.filter(person=person).count() == jobs.LARGE_IMPORT_ROWS + 1


def test_a_small_import_runs_in_the_request(signed_in_client, person, fixture_bytes):
    token = token_of(upload(signed_in_client, fixture_bytes, "bearable_export.csv", "bearable"))

    signed_in_client.post(f"/settings/data/import/{token}/confirm/")

    assert MoodCheckIn.objects.filter(person=person).count() == 3


def test_uploads_untouched_for_a_day_are_purged_and_fresh_ones_kept(person):
    raw = b"full_date,time,mood\n2024-01-02,9:00,good\n"
    stale = jobs.save_upload(person, "daylio", "old.csv", raw)
    fresh = jobs.save_upload(person, "daylio", "new.csv", raw)
    two_days_ago = time.time() - 2 * 24 * 60 * 60
    os.utime(stale.path / "meta.json", (two_days_ago, two_days_ago))

    assert jobs.purge_stale_uploads() == 1

    assert not stale.path.exists()
    assert fresh.path.exists()


def test_the_import_form_says_why_a_daylio_backup_is_better(signed_in_client):
    page = signed_in_client.get("/settings/data/").content.decode()
    assert "it brings your activity groups and each scale" in page
