"""What every app's personal rows share: they are fetched through their person, they are
filtered by local dates with either end open, and a free-text note has one limit.

Querysets of models with a `person` ForeignKey extend PersonOwnedQuerySet; those with a
local date column extend DatedQuerySet and name the column in `date_field`.
"""

from datetime import date
from typing import ClassVar, Self, TypeVar

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q

from apps.accounts.models import User

NOTE_MAX_LENGTH = 20_000


def note_field() -> "models.TextField[str, str]":
    # max_length alone only limits forms; the validator also covers imports.
    return models.TextField(
        blank=True, max_length=NOTE_MAX_LENGTH, validators=[MaxLengthValidator(NOTE_MAX_LENGTH)]
    )


def date_range(field: str, start: date | None, end: date | None) -> Q:
    """`field` between start and end, both included; a None end is open."""
    bounds = Q()
    if start is not None:
        bounds &= Q(**{f"{field}__gte": start})
    if end is not None:
        bounds &= Q(**{f"{field}__lte": end})
    return bounds


_Row = TypeVar("_Row", bound=models.Model)


class PersonOwnedQuerySet(models.QuerySet[_Row]):
    def for_user(self, person: User) -> Self:
        """Only this person's rows: views fetch through it, so another id gives 404."""
        return self.filter(person=person)


class DatedQuerySet(PersonOwnedQuerySet[_Row]):
    date_field: ClassVar[str]

    def between(self, start: date | None, end: date | None) -> Self:
        """Local dates from start to end, both included; a None end is open."""
        return self.filter(date_range(self.date_field, start, end))
