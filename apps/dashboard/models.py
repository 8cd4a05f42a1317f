from django.conf import settings
from django.db import models


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
