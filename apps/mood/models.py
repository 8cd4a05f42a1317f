from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Avg, Count
from django.utils import timezone

from apps.accounts.dates import validate_not_before_earliest

NOTE_MAX_LENGTH = 20_000


class Mood(models.IntegerChoices):
    AWFUL = 1, "awful"
    BAD = 2, "bad"
    OKAY = 3, "okay"
    GOOD = 4, "good"
    GREAT = 5, "great"


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


def validate_emotions(value: list) -> None:
    if not isinstance(value, list):
        raise ValidationError("Emotions must be a list of words.", code="emotions_type")
    unknown = sorted(set(value) - set(EMOTION_WORDS))
    if unknown:
        raise ValidationError(
            "Unknown emotion words: %(words)s.",
            code="emotions_unknown",
            params={"words": ", ".join(unknown)},
        )


class MoodCheckInQuerySet(models.QuerySet):
    def for_user(self, user) -> "MoodCheckInQuerySet":
        return self.filter(person=user)

    def between(self, start: date, end: date) -> "MoodCheckInQuerySet":
        """Inclusive local dates."""
        return self.filter(local_date__gte=start, local_date__lte=end)

    def day_means(self) -> "MoodCheckInQuerySet":
        """One row per local date: {"local_date", "mean_mood", "checkin_count"}."""
        return (
            self.order_by("local_date")
            .values("local_date")
            .annotate(mean_mood=Avg("mood"), checkin_count=Count("id"))
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
    # max_length alone only limits forms; the validator also covers imports.
    note = models.TextField(
        blank=True, max_length=NOTE_MAX_LENGTH, validators=[MaxLengthValidator(NOTE_MAX_LENGTH)]
    )
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
