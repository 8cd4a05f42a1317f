"""The person's data version: what the dashboard's cached results are keyed by.

The insights and the questions' answers read a person's daily logs (with their tags and
the tags' names) and check-ins. Each of those writes, through the ORM,
sends a signal; the receivers here give the person's DataVersion row a new random value in
the same transaction as the write, so a reader sees either the old data with the old version
or the new data with the new one (a reader between the two reads only caches new data under
an old key, which nobody asks for again). Reading it is one primary-key lookup, where the
fingerprint it replaces counted and scanned every row of the range on every request.

Writes that send no signal (bulk_create, raw SQL: the importer, the demo seeder) must call
data_changed(person) themselves, inside their transaction. A person's deletion is skipped:
their version row goes with them, and re-creating it would break the cascade.

A random value, not a counter, so the change is one upsert the ORM can write on both
databases; two values colliding is a 1 in 2^62 chance.
"""

import secrets
from typing import Any

from django.conf import settings
from django.db.models import Model, QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save

from apps.accounts.models import User
from apps.dashboard.models import DataVersion
from apps.lifestyle.models import DailyLog, Tag
from apps.mood.models import MoodCheckIn

# What the results read (questionnaire scores are not outcomes: see stats' docstring).
WATCHED: tuple[type[Model], ...] = (DailyLog, Tag, MoodCheckIn)
NEVER_CHANGED = 0


def current(person: User) -> int:
    """The person's data version (NEVER_CHANGED before their first write was seen)."""
    rows = DataVersion.objects.filter(person_id=person.pk).values_list("version", flat=True)
    return next(iter(rows), NEVER_CHANGED)


def data_changed(person: User) -> None:
    """A new version for the person: every cached result keyed by the old one is passed by.
    For writers that send no signals (bulk_create, raw SQL)."""
    _new_version(person.pk)


def _new_version(person_id: int) -> None:
    DataVersion.objects.bulk_create(
        [DataVersion(person_id=person_id, version=secrets.randbits(62) + 1)],
        update_conflicts=True,
        unique_fields=["person"],
        update_fields=["version"],
    )


def _deleting_the_person(origin: object) -> bool:
    """True while a person (or a queryset of people) is being deleted with their rows."""
    user_model = settings.AUTH_USER_MODEL
    if isinstance(origin, QuerySet):
        return bool(origin.model._meta.label == user_model)
    return isinstance(origin, Model) and origin._meta.label == user_model


def _saved(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    if not kwargs.get("raw"):  # raw: loaddata's fixtures
        _new_version(instance.person_id)


def _deleted(sender: type[Model], instance: Any, origin: object = None, **kwargs: Any) -> None:
    if not _deleting_the_person(origin):
        _new_version(instance.person_id)


def _tags_moved(sender: type[Model], instance: Any, action: str, **kwargs: Any) -> None:
    """A log's tags added, removed or cleared (from either side: a log, or a tag)."""
    if action in ("post_add", "post_remove", "post_clear"):
        _new_version(instance.person_id)


def connect() -> None:
    for model in WATCHED:
        uid = f"dashboard_version_{model._meta.label_lower}"
        post_save.connect(_saved, sender=model, dispatch_uid=f"{uid}_saved")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"{uid}_deleted")
    m2m_changed.connect(
        _tags_moved, sender=DailyLog.tags.through, dispatch_uid="dashboard_version_day_tags"
    )
