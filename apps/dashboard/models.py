from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from apps.lifestyle.lag import Lag


class Range(models.TextChoices):
    WEEK = "7", "7 days"
    MONTH = "30", "30 days"
    QUARTER = "90", "90 days"
    YEAR = "365", "365 days"
    ALL = "all", "All time"


class DashboardPreference(models.Model):
    """What the dashboard remembers for a person between visits and devices."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dashboard_preference"
    )
    range = models.CharField(max_length=8, choices=Range.choices, default=Range.MONTH)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.person}: {self.get_range_display()}"


def remembered_range(user) -> str:
    """The person's chosen range, or 30 days for someone who never chose one. Reads only:
    GET requests never create the row."""
    saved = DashboardPreference.objects.filter(person=user).values_list("range", flat=True)
    return next(iter(saved), Range.MONTH)


def remember_range(user, value: str) -> None:
    DashboardPreference.objects.update_or_create(person=user, defaults={"range": value})


class Direction(models.TextChoices):
    BETTER = "better", "better"
    WORSE = "worse", "worse"
    EITHER = "either", "better or worse"


class QuestionQuerySet(models.QuerySet):
    def for_user(self, user) -> "QuestionQuerySet":
        return self.filter(person=user)


class Question(models.Model):
    """A question asked in advance: "Does fermented food go with better gut comfort the
    next day?". Tested on its own, on the days logged after `asked_on`, up to
    `planned_days` later (apps/dashboard/sequential.py)."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="questions"
    )
    # A habit of apps/lifestyle/habits.py by its field, or one of the person's tags.
    habit = models.CharField(max_length=40, blank=True)
    tag = models.ForeignKey(
        "lifestyle.Tag", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    outcome = models.CharField(max_length=20)
    direction = models.CharField(max_length=8, choices=Direction.choices, default=Direction.BETTER)
    lag = models.PositiveSmallIntegerField(choices=Lag.choices, default=Lag.SAME_DAY)
    asked_at = models.DateTimeField()
    asked_on = models.DateField()  # the person's local date when asking: later days count
    planned_days = models.PositiveSmallIntegerField(
        default=45, validators=[MinValueValidator(14), MaxValueValidator(180)]
    )
    kept = models.BooleanField(default=False)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["-asked_at"]
        indexes = [
            # The questions page: a person's questions, newest first.
            models.Index(fields=["person", "-asked_at"], name="dashboard_question_person"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(tag__isnull=True) & ~Q(habit=""))
                | (Q(tag__isnull=False) & Q(habit="")),
                name="dashboard_question_habit_or_tag",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.habit or self.tag_id} -> {self.outcome}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class DataVersion(models.Model):
    """A number that changes whenever anything the insights or a question's answer read
    changes for the person (apps/dashboard/versions.py): the cached results' key, so a
    cache hit costs one primary-key read instead of a pass over years of rows."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="dashboard_data_version",
    )
    version = models.BigIntegerField()

    def __str__(self) -> str:
        return f"{self.person}: {self.version}"
