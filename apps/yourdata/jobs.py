"""Import jobs: the parsed upload and its progress, kept in imports/<person id>/<token>/ beside
MEDIA_ROOT, never inside it (MEDIA_URL serves that folder to anyone who asks).

Files rather than the database or the cache: the web process and the Celery worker both see
them in every way GutMind runs, and progress written during the import's one transaction is
visible at once. A token belongs to the directory of one person, so another person's token is
simply not found.

The upload is parsed once, when it arrives: `parsed.json` holds what was read and the upload
itself is deleted. The preview, the mood-label step, the confirmation and the worker read that.

States: uploaded -> queued -> running -> done | failed. A running job holds a lease that each
batch renews; a worker killed mid-import stops renewing it, its transaction rolls back (nothing
partial is written), and once the lease has lapsed the job is *stale*: the redelivered task,
the sweeper or the person (from the page) may claim it and run it again. Every change of
state happens under an flock on the job's lock file, so only one claimant wins.
"""

import fcntl
import json
import logging
import os
import re
import secrets
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

from apps.accounts.models import User
from apps.yourdata import importing

logger = logging.getLogger(__name__)
TOKEN_RE = re.compile(r"^[0-9a-f]{32}$")
# Bigger imports go to the Celery worker with a progress bar; smaller run in the request.
LARGE_IMPORT_ROWS = 2000
# An upload that was previewed but never imported is health data nobody asked us to keep.
STALE_UPLOAD_SECONDS = 24 * 60 * 60
# A queued job that no worker has claimed in this long was probably never delivered.
QUEUED_GRACE_SECONDS = 5 * 60


def lease_seconds() -> int:
    """A running import renews its lease after every batch (a few hundred rows, well under a
    second); IMPORT_LEASE_SECONDS (two minutes) without a renewal means its process is gone."""
    return settings.IMPORT_LEASE_SECONDS


def imports_root() -> Path:
    return Path(settings.MEDIA_ROOT).parent / "imports"


# A job's meta.json: its format, state and progress, as JSON values.
Meta = dict[str, Any]


@dataclass
class ImportJob:
    person: User
    token: str
    meta: Meta
    _parsed: importing.ParsedFile | None = field(default=None, repr=False)

    @property
    def path(self) -> Path:
        return imports_root() / str(self.person.pk) / self.token

    @property
    def format(self) -> str:
        format: str = self.meta["format"]
        return format

    @property
    def state(self) -> str:
        state: str = self.meta.get("state", "uploaded")
        return state

    @property
    def mood_map(self) -> dict[str, int]:
        mood_map: dict[str, int] = self.meta.get("mood_map", {})
        return mood_map

    @property
    def large(self) -> bool:
        rows_read: int = self.meta.get("rows_read", 0)
        return rows_read > LARGE_IMPORT_ROWS

    def stale(self, now: float | None = None) -> bool:
        now = time.time() if now is None else now
        return _stale(self.meta, now)

    @property
    def retryable(self) -> bool:
        """The page offers “Start it again”: the run stopped without a verdict on the file."""
        if self.state == "failed":
            return bool(self.meta.get("retryable"))
        if self.state == "queued":
            return bool(self.meta.get("enqueue_failed")) or _unclaimed(self.meta, time.time())
        return self.stale()

    def parsed(self) -> importing.ParsedFile:
        if self._parsed is None:
            self._parsed = importing.ParsedFile.from_json((self.path / "parsed.json").read_text())
        return self._parsed

    def update(self, **changes: object) -> None:
        self.meta.update(changes)
        _write_meta(self.path, self.meta)

    def transition(self, allowed: Callable[[Meta], bool], **changes: object) -> bool:
        """Apply `changes` only if `allowed(meta)` holds for the meta on disk, under a lock:
        of two processes trying at once, one wins and the other sees the new state."""
        with open(self.path / "lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            meta = _read_meta(self.path)
            if meta is None or not allowed(meta):
                if meta is not None:
                    self.meta = meta
                return False
            meta.update(changes)
            _write_meta(self.path, meta)
            self.meta = meta
            return True

    def status(self) -> Meta:
        keys = ("state", "done", "total", "result", "error")
        status = {key: self.meta.get(key) for key in keys}
        status.update(stale=self.stale(), retryable=self.retryable)
        return status


def _read_meta(path: Path) -> Meta | None:
    try:
        meta: Meta = json.loads((path / "meta.json").read_text())
    except (OSError, ValueError):
        return None
    return meta


def _write_meta(path: Path, meta: Meta) -> None:
    temporary = path / f"meta.json.{os.getpid()}.tmp"
    temporary.write_text(json.dumps(meta))
    os.replace(temporary, path / "meta.json")  # readers never see half a file


def _stale(meta: Meta, now: float) -> bool:
    return meta.get("state") == "running" and meta.get("lease_until", 0) < now


def _unclaimed(meta: Meta, now: float) -> bool:
    return meta.get("state") == "queued" and meta.get("queued_at", now) < now - QUEUED_GRACE_SECONDS


def save_upload(person: User, fmt: str, filename: str, raw: bytes) -> ImportJob:
    """Parse the upload (the one time it is parsed) and keep what was read. Raises
    ImportFileError for a file that cannot be read, or that yields nothing at all."""
    parsed = importing.parse(fmt, raw)
    if not parsed.read_anything:
        raise importing.ImportFileError(parsed.nothing_read_message())
    token = secrets.token_hex(16)
    meta = {
        "format": fmt,
        "filename": filename[:200],
        "mood_map": {},
        "rows_read": parsed.rows_read,
    }
    job = ImportJob(person, token, meta, parsed)
    job.path.mkdir(parents=True)
    with (job.path / "parsed.json").open("w") as out:
        parsed.write_json(out)
    job.update(state="uploaded")
    return job


def load_job(person: User, token: str) -> ImportJob | None:
    if not TOKEN_RE.match(token):
        return None
    path = imports_root() / str(person.pk) / token
    meta = _read_meta(path)
    return ImportJob(person, token, meta) if meta is not None else None


def plan_for(job: ImportJob) -> importing.ImportPlan:
    return importing.build_plan(job.person, job.parsed(), job.mood_map)


def queue(job: ImportJob) -> bool:
    """uploaded -> queued, once: a double-clicked Import button queues it once."""
    return job.transition(
        lambda meta: meta.get("state") == "uploaded",
        state="queued",
        queued_at=time.time(),
        done=0,
        total=0,
    )


def requeue(job: ImportJob) -> bool:
    """A stale, unsent or interrupted job back to queued (the page's “Start it again”)."""
    now = time.time()

    def allowed(meta: Meta) -> bool:
        stuck = meta.get("state") == "queued" and (
            meta.get("enqueue_failed") or _unclaimed(meta, now)
        )
        interrupted = meta.get("state") == "failed" and meta.get("retryable")
        return bool(stuck or interrupted or _stale(meta, now))

    return job.transition(allowed, state="queued", queued_at=now, enqueue_failed=False, error=None)


def claim(job: ImportJob) -> bool:
    """queued (or uploaded, for a small import run in the request), or running with a
    lapsed lease -> running with a fresh lease. True for the one caller that got it."""
    now = time.time()
    attempts = job.meta.get("attempts", 0) + 1
    return job.transition(
        lambda meta: meta.get("state") in ("uploaded", "queued") or _stale(meta, now),
        state="running",
        lease_until=now + lease_seconds(),
        attempts=attempts,
        done=0,
    )


def lease_left(job: ImportJob) -> float:
    lease_until: float = job.meta.get("lease_until", 0)
    return max(0.0, lease_until - time.time())


def run_job(job: ImportJob) -> importing.ImportResult | None:
    """Run a claimed job: plan again (the data may have changed since the preview) and
    write it all in one transaction, or nothing."""

    def progress(done: int, total: int) -> None:
        job.update(done=done, total=total, lease_until=time.time() + lease_seconds())

    try:
        plan = plan_for(job)
        job.update(total=plan.work_size, lease_until=time.time() + lease_seconds())
        result = importing.apply_plan(plan, progress=progress)
    except importing.ImportFileError as error:
        job.update(state="failed", error=str(error), retryable=False)
        return None
    except Exception:
        logger.exception("Import %s failed", job.token)
        job.update(
            state="failed",
            error="Something went wrong on our side: nothing was imported.",
            retryable=True,
        )
        raise
    report = plan.report()
    outcome = result.as_dict() | {"date_from": report["date_from"], "date_to": report["date_to"]}
    job.update(state="done", result=outcome, done=job.meta.get("total", 0))
    return result


def _job_dirs() -> Iterator[Path]:
    yield from imports_root().glob("*/*")


def stale_jobs(now: float | None = None) -> Iterator[tuple[int, str]]:
    """(person id, token) of every job that is stale, or queued but never picked up."""
    now = time.time() if now is None else now
    for job_dir in _job_dirs():
        meta = _read_meta(job_dir)
        if meta is None:
            continue
        stuck = meta.get("state") == "queued" and (
            meta.get("enqueue_failed") or _unclaimed(meta, now)
        )
        if stuck or _stale(meta, now):
            try:
                yield int(job_dir.parent.name), job_dir.name
            except ValueError:
                continue


def delete_person_files(person_id: int) -> None:
    shutil.rmtree(imports_root() / str(person_id), ignore_errors=True)


def purge_stale_uploads(max_age_seconds: int = STALE_UPLOAD_SECONDS) -> int:
    """Remove import folders untouched for max_age_seconds (abandoned previews, failed or
    finished imports); a running import touches its meta file as it goes, so it is kept."""
    cutoff = time.time() - max_age_seconds
    removed = 0
    for job_dir in _job_dirs():
        meta_file = job_dir / "meta.json"
        last_touched = meta_file.stat().st_mtime if meta_file.exists() else job_dir.stat().st_mtime
        if last_touched < cutoff:
            shutil.rmtree(job_dir, ignore_errors=True)
            removed += 1
    return removed
