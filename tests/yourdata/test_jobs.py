"""Import jobs hold a lease: broker outages and killed workers leave nothing stuck."""

import datetime as dt
import time

import pytest
from celery.exceptions import Retry
from django.core.files.uploadedfile import SimpleUploadedFile
from kombu.exceptions import OperationalError

from apps.mood.models import MoodCheckIn
from apps.yourdata import jobs, tasks


@pytest.fixture(autouse=True)
def _small_large_imports(monkeypatch):
    """“Large” (run by the worker) from 20 rows, so each test imports little."""
    monkeypatch.setattr(jobs, "LARGE_IMPORT_ROWS", 20)


def big_daylio(days: int | None = None) -> bytes:
    days = jobs.LARGE_IMPORT_ROWS + 1 if days is None else days
    lines = ["full_date,time,mood,activities"]
    start = dt.date(2015, 1, 1)
    lines += [f"{start + dt.timedelta(days=n)},21:00,good,walk" for n in range(days)]
    return "\n".join(lines).encode()


def upload(client, raw: bytes) -> str:
    response = client.post(
        "/settings/data/import/",
        {"format": "daylio", "file": SimpleUploadedFile("big.csv", raw, "text/csv")},
    )
    return response["Location"].rstrip("/").rsplit("/", 1)[-1]


@pytest.fixture
def broker_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.run_import, "delay", refuse)


@pytest.fixture
def sent(monkeypatch):
    calls: list[tuple] = []
    monkeypatch.setattr(tasks.run_import, "delay", lambda *args: calls.append(args))
    return calls


def test_broker_down_at_confirm_says_so_instead_of_a_500(signed_in_client, person, broker_down):
    token = upload(signed_in_client, big_daylio())

    response = signed_in_client.post(f"/settings/data/import/{token}/confirm/", follow=True)

    html = response.content.decode()
    assert response.status_code == 200
    assert "background worker cannot be reached" in html
    assert "Start it again" in html
    assert jobs.load_job(person, token).state == "queued"


def test_a_job_the_broker_never_got_is_started_again_from_the_page(
    signed_in_client, person, broker_down, monkeypatch
):
    token = upload(signed_in_client, big_daylio())
    signed_in_client.post(f"/settings/data/import/{token}/confirm/")
    calls = []
    monkeypatch.setattr(tasks.run_import, "delay", lambda *args: calls.append(args))

    signed_in_client.post(f"/settings/data/import/{token}/retry/")

    assert calls == [(person.pk, token)]
    tasks.run_import.apply(args=calls[0])
    assert jobs.load_job(person, token).state == "done"
    assert MoodCheckIn.objects.filter(person=person).count() == jobs.LARGE_IMPORT_ROWS + 1


def test_the_sweeper_resends_jobs_left_queued_by_a_broker_outage(
    signed_in_client, person, broker_down, monkeypatch
):
    token = upload(signed_in_client, big_daylio())
    signed_in_client.post(f"/settings/data/import/{token}/confirm/")
    calls = []
    monkeypatch.setattr(tasks.run_import, "delay", lambda *args: calls.append(args))

    assert tasks.requeue_stale_jobs() == 1
    assert tasks.requeue_stale_jobs() == 0  # sent once: it is queued and waiting now

    assert calls == [(person.pk, token)]


def stale(job: jobs.ImportJob) -> None:
    """What a worker killed mid-import leaves: running, its lease lapsed."""
    assert jobs.claim(job)
    job.update(lease_until=time.time() - 1, done=700)


def test_a_stale_job_is_claimed_again_and_a_live_one_is_not(person, signed_in_client):
    job = jobs.load_job(person, upload(signed_in_client, big_daylio()))
    assert jobs.queue(job) and jobs.claim(job)

    assert not jobs.claim(jobs.load_job(person, job.token))  # the lease is live
    job.update(lease_until=time.time() - 1)
    assert jobs.claim(jobs.load_job(person, job.token))


def test_the_redelivered_task_waits_out_a_live_lease_then_runs(person, signed_in_client):
    job = jobs.load_job(person, upload(signed_in_client, big_daylio()))
    jobs.queue(job)
    jobs.claim(job)  # the first worker has it...

    with pytest.raises(Retry):
        tasks.run_import.apply(args=(person.pk, job.token), throw=True)
    assert not MoodCheckIn.objects.filter(person=person).exists()

    job.update(lease_until=time.time() - 1)  # ...and was killed: its lease lapses
    tasks.run_import.apply(args=(person.pk, job.token))
    assert jobs.load_job(person, job.token).state == "done"
    assert MoodCheckIn.objects.filter(person=person).count() == jobs.LARGE_IMPORT_ROWS + 1


def test_a_stale_job_shows_start_it_again_and_runs_whole(signed_in_client, person, sent):
    token = upload(signed_in_client, big_daylio())
    signed_in_client.post(f"/settings/data/import/{token}/confirm/")
    stale(jobs.load_job(person, token))

    page = signed_in_client.get(f"/settings/data/import/{token}/progress/").content.decode()
    status = signed_in_client.get(f"/settings/data/import/{token}/status/").json()
    assert "stopped before it finished" in page and "Start it again" in page
    assert status["stale"] and status["retryable"]

    signed_in_client.post(f"/settings/data/import/{token}/retry/")
    tasks.run_import.apply(args=sent[-1])

    assert MoodCheckIn.objects.filter(person=person).count() == jobs.LARGE_IMPORT_ROWS + 1


def test_the_sweeper_resends_a_stale_job(signed_in_client, person, sent):
    token = upload(signed_in_client, big_daylio())
    signed_in_client.post(f"/settings/data/import/{token}/confirm/")
    stale(jobs.load_job(person, token))

    assert tasks.requeue_stale_jobs() == 1

    assert sent[-1] == (person.pk, token)
    assert jobs.load_job(person, token).state == "queued"


def test_a_finished_job_is_left_alone_by_a_redelivered_message(signed_in_client, person, sent):
    token = upload(signed_in_client, big_daylio())
    signed_in_client.post(f"/settings/data/import/{token}/confirm/")
    tasks.run_import.apply(args=sent[0])

    tasks.run_import.apply(args=sent[0])

    assert MoodCheckIn.objects.filter(person=person).count() == jobs.LARGE_IMPORT_ROWS + 1
    assert tasks.requeue_stale_jobs() == 0


def test_a_failure_midway_writes_nothing_and_can_be_retried(
    signed_in_client, person, sent, monkeypatch
):
    token = upload(signed_in_client, big_daylio())
    signed_in_client.post(f"/settings/data/import/{token}/confirm/")
    calls = {"n": 0}
    real = jobs.importing.apply_plan

    def dies_after_a_batch(plan, progress=None):
        def report(done, total):
            calls["n"] += 1
            if calls["n"] == 2:  # after the check-ins are written, before commit
                raise RuntimeError("worker lost")
            progress(done, total)

        return real(plan, progress=report)

    monkeypatch.setattr(jobs.importing, "apply_plan", dies_after_a_batch)
    tasks.run_import.apply(args=sent[0])

    assert not MoodCheckIn.objects.filter(person=person).exists()
    assert jobs.load_job(person, token).retryable
    monkeypatch.setattr(jobs.importing, "apply_plan", real)
    signed_in_client.post(f"/settings/data/import/{token}/retry/")
    tasks.run_import.apply(args=sent[-1])
    assert MoodCheckIn.objects.filter(person=person).count() == jobs.LARGE_IMPORT_ROWS + 1


def test_another_persons_import_cannot_be_retried(client, person, other_person, sent):
    client.force_login(person)
    token = upload(client, big_daylio())
    client.force_login(other_person)

    assert client.post(f"/settings/data/import/{token}/retry/").status_code == 404
    assert client.get(f"/settings/data/import/{token}/progress/").status_code == 404
