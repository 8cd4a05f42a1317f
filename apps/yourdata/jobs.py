"""Uploaded import files and their progress, kept in imports/<person id>/<token>/ beside
MEDIA_ROOT, never inside it: MEDIA_URL serves that folder to anyone who asks.

Files rather than the cache: the web process and the Celery worker both see them in every way
GutMind runs (the embedded default has no shared cache). A token belongs to the directory of
one person, so another person's token is simply not found.
"""

import json
import logging
import os
import re
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from apps.accounts.models import User
from apps.yourdata import importing

logger = logging.getLogger(__name__)
TOKEN_RE = re.compile(r"^[0-9a-f]{32}$")
# Bigger imports go to the Celery worker with a progress bar; smaller run in the request.
LARGE_IMPORT_ROWS = 2000
# An upload that was previewed but never imported is health data nobody asked us to keep.
STALE_UPLOAD_SECONDS = 24 * 60 * 60


def imports_root() -> Path:
    return Path(settings.MEDIA_ROOT).parent / "imports"


@dataclass
class ImportJob:
    person: User
    token: str
    meta: dict

    @property
    def path(self) -> Path:
        return imports_root() / str(self.person.pk) / self.token

    @property
    def format(self) -> str:
        return self.meta["format"]

    @property
    def state(self) -> str:
        return self.meta.get("state", "uploaded")

    @property
    def mood_map(self) -> dict[str, int]:
        return self.meta.get("mood_map", {})

    def read_upload(self) -> bytes:
        return (self.path / "upload").read_bytes()

    def update(self, **changes) -> None:
        self.meta.update(changes)
        temporary = self.path / "meta.json.tmp"
        temporary.write_text(json.dumps(self.meta))
        os.replace(temporary, self.path / "meta.json")  # readers never see half a file

    def claim(self) -> bool:
        """True for the first caller only: a double-clicked Import button runs it once."""
        try:
            os.close(os.open(self.path / "claimed", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return False
        return True

    def progress(self, done: int, total: int) -> None:
        self.update(done=done, total=total)

    def status(self) -> dict:
        keys = ("state", "done", "total", "result", "error")
        return {key: self.meta.get(key) for key in keys}


def save_upload(person: User, fmt: str, filename: str, raw: bytes) -> ImportJob:
    token = secrets.token_hex(16)
    job = ImportJob(person, token, {"format": fmt, "filename": filename[:200], "mood_map": {}})
    job.path.mkdir(parents=True)
    (job.path / "upload").write_bytes(raw)
    job.update(state="uploaded")
    return job


def load_job(person: User, token: str) -> ImportJob | None:
    if not TOKEN_RE.match(token):
        return None
    meta_file = imports_root() / str(person.pk) / token / "meta.json"
    try:
        meta = json.loads(meta_file.read_text())
    except (OSError, ValueError):
        return None
    return ImportJob(person, token, meta)


def plan_for(job: ImportJob) -> importing.ImportPlan:
    parsed = importing.parse(job.format, job.read_upload())
    return importing.build_plan(job.person, parsed, job.mood_map)


def run_job(job: ImportJob) -> importing.ImportResult | None:
    """Plan again (the data may have changed since the preview) and write it all, or nothing."""
    job.update(state="running", done=0, total=0)
    try:
        plan = plan_for(job)
        job.update(total=plan.work_size)
        result = importing.apply_plan(plan, progress=job.progress)
    except importing.ImportFileError as error:
        job.update(state="failed", error=str(error))
        return None
    except Exception:
        logger.exception("Import %s failed", job.token)
        job.update(state="failed", error="Something went wrong: nothing was imported.")
        raise
    job.update(state="done", result=result.as_dict(), done=job.meta.get("total", 0))
    (job.path / "upload").unlink(missing_ok=True)
    return result


def delete_person_files(person_id: int) -> None:
    shutil.rmtree(imports_root() / str(person_id), ignore_errors=True)


def purge_stale_uploads(max_age_seconds: int = STALE_UPLOAD_SECONDS) -> int:
    """Remove import folders untouched for max_age_seconds (abandoned previews, failed or
    finished imports); a running import touches its meta file as it goes, so it is kept."""
    cutoff = time.time() - max_age_seconds
    removed = 0
    for job_dir in imports_root().glob("*/*"):
        meta_file = job_dir / "meta.json"
        last_touched = meta_file.stat().st_mtime if meta_file.exists() else job_dir.stat().st_mtime
        if last_touched < cutoff:
            shutil.rmtree(job_dir, ignore_errors=True)
            removed += 1
    return removed
