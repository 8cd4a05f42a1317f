import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command

from apps.mood.models import MoodCheckIn
from tests.factories import MoodCheckInFactory
from tests.yourdata.conftest import FIXTURES


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_import_data_prints_the_report_and_imports(person):
    output = run(
        "import_data",
        str(FIXTURES / "daylio_export.csv"),
        "--email",
        person.email.upper(),
        "--format",
        "daylio",
        "--mood-map",
        "sad=2",
    )

    assert "Rows read: 6" in output
    assert "Days: 5 (2024-03-27 to 2024-03-31)" in output
    assert "Check-ins to create: 6" in output
    assert "Imported 6 check-ins" in output
    assert MoodCheckIn.objects.filter(person=person).count() == 6


def test_import_data_names_unmapped_labels_and_imports_nothing(person):
    with pytest.raises(CommandError, match="--mood-map 'sad=3'"):
        run(
            "import_data",
            str(FIXTURES / "daylio_export.csv"),
            "--email",
            person.email,
            "--format",
            "daylio",
        )

    assert not MoodCheckIn.objects.exists()


def test_import_data_lists_unreadable_rows_with_line_numbers(person):
    output = run(
        "import_data",
        str(FIXTURES / "daylio_broken_rows.csv"),
        "--email",
        person.email,
        "--format",
        "daylio",
    )

    assert "Unreadable rows: 3" in output
    assert "line 3: the time “25:99”" in output


def test_import_data_dry_run_writes_nothing(person):
    output = run(
        "import_data",
        str(FIXTURES / "bearable_export.csv"),
        "--email",
        person.email,
        "--format",
        "bearable",
        "--dry-run",
    )

    assert "Check-ins to create: 3" in output
    assert not MoodCheckIn.objects.exists()


def test_import_data_refuses_a_bad_mood_map(person):
    with pytest.raises(CommandError, match="outside 1 to 5"):
        run(
            "import_data",
            str(FIXTURES / "daylio_export.csv"),
            "--email",
            person.email,
            "--format",
            "daylio",
            "--mood-map",
            "sad=9",
        )


def test_import_data_needs_a_known_account(db):
    with pytest.raises(CommandError, match="No account"):
        run(
            "import_data",
            str(FIXTURES / "daylio_export.csv"),
            "--email",
            "nobody@example.org",
            "--format",
            "daylio",
        )


def test_export_data_writes_json_to_a_file(person, tmp_path):
    MoodCheckInFactory(person=person, note="hello")
    target = tmp_path / "out.json"

    call_command(
        "export_data",
        "--email",
        person.email,
        "--format",
        "json",
        "-o",
        str(target),
        stderr=io.StringIO(),
    )

    data = json.loads(target.read_text())
    assert data["schema"] == "gutmind-export"
    assert [c["note"] for c in data["checkins"]] == ["hello"]


def test_export_data_writes_a_csv_zip(person, tmp_path):
    target = tmp_path / "out.zip"

    call_command(
        "export_data",
        "--email",
        person.email,
        "--format",
        "csv",
        "-o",
        str(target),
        stderr=io.StringIO(),
    )

    assert "profile.csv" in zipfile.ZipFile(target).namelist()


def test_import_data_that_reads_nothing_fails_with_the_first_unreadable_lines(person):
    # CommandError: manage.py prints the message and exits with status 1.
    with pytest.raises(CommandError) as raised:
        run(
            "import_data",
            str(FIXTURES / "daylio_nothing_readable.csv"),
            "--email",
            person.email,
            "--format",
            "daylio",
        )

    assert "Nothing could be read" in str(raised.value)
    assert "line 2: the date “2024-02-30” is not YYYY-MM-DD" in str(raised.value)
    assert not MoodCheckIn.objects.exists()


def test_import_data_reads_a_daylio_backup_without_a_mood_map(person):
    from tests.yourdata.files import daylio_backup, sample_backup_data

    path = FIXTURES.parent / "backup-test.daylio"
    path.write_bytes(daylio_backup(sample_backup_data()))
    try:
        output = run("import_data", str(path), "--email", person.email, "--format", "daylio-backup")
    finally:
        path.unlink()

    assert "Imported 3 check-ins" in output
