from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Avg, Count, FloatField
from django.db.models.functions import Cast
from django.utils import timezone

from apps.accounts.dates import validate_not_before_earliest
from apps.accounts.personal import DatedQuerySet, note_field


class Mood(models.IntegerChoices):
    AWFUL = 1, "awful"
    BAD = 2, "bad"
    OKAY = 3, "okay"
    GOOD = 4, "good"
    GREAT = 5, "great"

    @classmethod
    def nearest(cls, mean: float) -> "Mood":
        """The mood word for a day's mean: a half rounds up, not to even."""
        return cls(int(mean + 0.5))


EMOTION_WORDS = (
    "calm",
    "content",
    "grateful",
    "happy",
    "hopeful",
    "energetic",
    "proud",
    "relaxed",
    "anxious",
    "angry",
    "bored",
    "irritable",
    "lonely",
    "overwhelmed",
    "sad",
    "stressed",
    "tired",
    "unmotivated",
)


def validate_emotions(value: object) -> None:
    if not isinstance(value, list):
        raise ValidationError("Emotions must be a list of words.", code="emotions_type")
    unknown = sorted(set(value) - set(EMOTION_WORDS))
    if unknown:
        raise ValidationError(
            "Unknown emotion words: %(words)s.",
            code="emotions_unknown",
            params={"words": ", ".join(unknown)},
        )


class MoodCheckInQuerySet(DatedQuerySet["MoodCheckIn"]):
    date_field = "local_date"

    def day_means(self) -> "models.QuerySet[Any, Any]":
        """The day's mean mood, which History, the dashboard and the statistics all use: one
        row per local date, {"local_date", "mean_mood", "checkin_count"}, oldest first. The
        mean is a float in SQL: converting a Decimal per row is measurable over years."""
        return (
            self.order_by("local_date")
            .values("local_date")
            .annotate(mean_mood=Cast(Avg("mood"), FloatField()), checkin_count=Count("id"))
        )


class MoodCheckIn(models.Model):
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkins"
    )
    at = models.DateTimeField(
        help_text="When the check-in happened (aware, stored in UTC).",
        validators=[validate_not_before_earliest],
    )
    local_date = models.DateField(
        help_text="The person's local date at that moment.",
        validators=[validate_not_before_earliest],
    )
    mood = models.PositiveSmallIntegerField(
        choices=Mood.choices, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    anxiety = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    energy = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    emotions = models.JSONField(default=list, blank=True, validators=[validate_emotions])
    note = note_field()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MoodCheckInQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]
        indexes = [
            # Serves the dashboard's per-day means and the history page's check-in counts.
            models.Index(fields=["person", "local_date"], name="mood_checkin_person_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_mood_display()} at {self.at:%Y-%m-%d %H:%M}"

    def clean(self) -> None:
        super().clean()
        if self.at is not None and self.at > timezone.now():
            raise ValidationError(
                "That moment is still to come: a check-in is for now or earlier.",
                code="in_future",
            )
