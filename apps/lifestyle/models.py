from decimal import Decimal
from typing import Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import BaseValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower

from apps.accounts.dates import validate_not_after_today, validate_not_before_earliest
from apps.accounts.personal import DatedQuerySet, PersonOwnedQuerySet, note_field


def validate_quarter_hour(value: Decimal) -> None:
    if value is not None and (Decimal(value) * 4) % 1 != 0:
        raise ValidationError(
            "Enter sleep in quarter hours, such as 7, 7.25, 7.5 or 7.75.", code="quarter_hour"
        )


def trim_decimal(value: Decimal) -> str:
    text = f"{Decimal(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def bounded(low: int, high: int) -> list[BaseValidator]:
    return [MinValueValidator(low), MaxValueValidator(high)]


class Scale(models.IntegerChoices):
    """1 to 5 scales: stress, sleep quality, gut comfort."""

    VERY_LOW = 1, "1 – very low"
    LOW = 2, "2 – low"
    MEDIUM = 3, "3 – medium"
    HIGH = 4, "4 – high"
    VERY_HIGH = 5, "5 – very high"


class BristolType(models.IntegerChoices):
    # Described in our own words: from hard and slow (1) to watery and fast (7).
    SEPARATE_HARD_LUMPS = 1, "1 – separate hard lumps, hard to pass"
    LUMPY_SAUSAGE = 2, "2 – lumpy and firm, sausage-shaped"
    CRACKED_SAUSAGE = 3, "3 – sausage-shaped with cracks on the surface"
    SMOOTH_SOFT = 4, "4 – smooth and soft, easy to pass"
    SOFT_BLOBS = 5, "5 – soft pieces with clear edges"
    MUSHY = 6, "6 – fluffy, mushy pieces with ragged edges"
    LIQUID = 7, "7 – watery, no solid pieces"


class TagGroupQuerySet(PersonOwnedQuerySet["TagGroup"]):
    pass


class TagGroup(models.Model):
    """A heading the person's tags are listed under ("Sleep", "Social"), as Daylio's activity
    groups are. A tag has at most one; deleting a group keeps its tags, ungrouped."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tag_groups"
    )
    name = models.CharField(max_length=40)
    # Groups are listed by position, then by name; imports keep the other app's order.
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TagGroupQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                "person", Lower("name"), name="lifestyle_taggroup_unique_name_per_person_ci"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TagQuerySet(PersonOwnedQuerySet["Tag"]):
    def active(self) -> Self:
        return self.filter(archived=False)


class Tag(models.Model):
    """A person's own yes/no activity: coffee, alcohol, social..."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tags"
    )
    name = models.CharField(max_length=40)
    group = models.ForeignKey(
        TagGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="tags"
    )
    archived = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TagQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "person", Lower("name"), name="lifestyle_tag_unique_name_per_person_ci"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        # Forms offer only the person's own groups; this holds the admin and imports to it.
        if self.group is not None and self.group.person_id != self.person_id:
            raise ValidationError({"group": "Choose one of your own tag groups."})


class DailyLogQuerySet(DatedQuerySet["DailyLog"]):
    date_field = "date"

    def with_tags(self) -> Self:
        return self.prefetch_related("tags")


class DailyLog(models.Model):
    """One person's habits on one local calendar day. Empty fields mean "not logged",
    which the statistics treat differently from zero."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="daily_logs"
    )
    date = models.DateField(
        help_text="The person's local date.", validators=[validate_not_before_earliest]
    )
    fruit_veg_servings = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=bounded(0, 30)
    )
    whole_grain_servings = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=bounded(0, 20)
    )
    fermented_servings = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=bounded(0, 10)
    )
    processed_servings = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=bounded(0, 20)
    )
    water_ml = models.PositiveIntegerField(null=True, blank=True, validators=bounded(0, 10_000))
    sleep_hours = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(Decimal("0")),
            MaxValueValidator(Decimal("24")),
            validate_quarter_hour,
        ],
    )
    sleep_quality = models.PositiveSmallIntegerField(
        null=True, blank=True, choices=Scale.choices, validators=bounded(1, 5)
    )
    exercise_minutes = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=bounded(0, 1440)
    )
    mindfulness_minutes = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=bounded(0, 1440)
    )
    stress_level = models.PositiveSmallIntegerField(
        null=True, blank=True, choices=Scale.choices, validators=bounded(1, 5)
    )
    probiotic_taken = models.BooleanField(default=False)
    gut_comfort = models.PositiveSmallIntegerField(
        null=True, blank=True, choices=Scale.choices, validators=bounded(1, 5)
    )
    bristol_type = models.PositiveSmallIntegerField(
        null=True, blank=True, choices=BristolType.choices, validators=bounded(1, 7)
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="daily_logs")
    note = note_field()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DailyLogQuerySet.as_manager()

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "date"], name="lifestyle_dailylog_one_per_person_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} on {self.date:%Y-%m-%d}"

    def clean(self) -> None:
        super().clean()
        # Not keyed to "date": the day form does not edit the date, and a ModelForm refuses
        # errors for fields it lacks.
        validate_not_after_today(self.date, self.person if self.person_id else None)

    @property
    def sleep_hours_text(self) -> str:
        """7.5 rather than the column's 7.50; 8 rather than 8.00."""
        return trim_decimal(self.sleep_hours) if self.sleep_hours is not None else ""


class DayLayout(models.Model):
    """Which habits and tags the person's day page shows, in their order; the rest fold
    under "more". A person without a row sees layout.DEFAULT_HABITS and every active tag."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="day_layout"
    )
    # Habit fields (habits.py) shown, in order.
    habits = models.JSONField(default=list)
    # Tag ids shown first, in order; active tags in neither list follow, by name.
    tag_order = models.JSONField(default=list)
    hidden_tags = models.JSONField(default=list)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Day layout of {self.person}"
