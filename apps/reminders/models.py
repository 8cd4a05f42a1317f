import secrets
from datetime import datetime, time

from django.conf import settings
from django.db import models
from django.db.models import Q

from apps.reminders import schedule as occurrences

EVERY_DAY = 0b1111111  # bit 0 is Monday, as in date.weekday()


class Kind(models.TextChoices):
    DAILY = "daily", "Daily check-in reminder"
    WEEKLY = "weekly", "Weekly summary"


def new_unsubscribe_key() -> str:
    return secrets.token_urlsafe(16)


class ReminderScheduleQuerySet(models.QuerySet["ReminderSchedule"]):
    def due(self, kind: str, now: datetime) -> "ReminderScheduleQuerySet":
        return self.filter(**{f"{kind}_enabled": True, f"next_{kind}_at__lte": now})


class ReminderSchedule(models.Model):
    """When one person wants to hear from GutMind. Times are local wall-clock times in the
    person's zone; next_*_at hold the UTC instant of the next send, or None when off."""

    # What the person chooses (the settings form edits, the export carries); the rest is
    # derived from it.
    PREFERENCE_FIELDS = (
        "daily_enabled",
        "daily_time",
        "daily_weekdays",
        "skip_if_logged",
        "weekly_enabled",
        "weekly_weekday",
        "weekly_time",
    )

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_schedule"
    )
    daily_enabled = models.BooleanField("Send a daily check-in reminder", default=False)
    daily_time = models.TimeField("Time", default=time(20, 0))
    daily_weekdays = models.PositiveSmallIntegerField(default=EVERY_DAY)
    skip_if_logged = models.BooleanField(
        "Skip the reminder when I have already logged that day", default=True
    )
    weekly_enabled = models.BooleanField("Send a weekly summary", default=False)
    weekly_weekday = models.PositiveSmallIntegerField(default=6)  # Sunday
    weekly_time = models.TimeField("Time", default=time(18, 0))
    # The zone next_*_at were computed in: a change of the person's zone is noticed by
    # comparing with it (see signals.py).
    timezone = models.CharField(max_length=64, default="UTC")
    next_daily_at = models.DateTimeField(null=True, blank=True, editable=False)
    next_weekly_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    # What an unsubscribe link names instead of the person's id (which would tell anyone
    # holding a forwarded email how many people use this site, and which account it is).
    unsubscribe_key = models.CharField(
        max_length=32, unique=True, default=new_unsubscribe_key, editable=False
    )

    objects = ReminderScheduleQuerySet.as_manager()

    class Meta:
        indexes = [
            # Serve dispatch_due's claim, run every minute: WHERE daily_enabled AND
            # next_daily_at <= now [AND (next_daily_at, id) > the last batch's]
            # ORDER BY next_daily_at, id. Partial, so people with reminders off cost nothing.
            models.Index(
                fields=["next_daily_at", "id"],
                name="reminders_next_daily_due_idx",
                condition=Q(daily_enabled=True),
            ),
            # The same for the weekly summary: WHERE weekly_enabled AND next_weekly_at <= now.
            models.Index(
                fields=["next_weekly_at", "id"],
                name="reminders_next_weekly_due_idx",
                condition=Q(weekly_enabled=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(weekly_weekday__lte=6), name="reminders_weekly_weekday_range"
            ),
            models.CheckConstraint(
                condition=Q(daily_weekdays__lte=EVERY_DAY), name="reminders_daily_weekdays_bits"
            ),
        ]

    def __str__(self) -> str:
        return f"Reminders for {self.person_id}"

    @property
    def daily_weekday_list(self) -> list[int]:
        return occurrences.weekdays_from_bits(self.daily_weekdays)

    def compute_next(self, now: datetime) -> None:
        """Set next_*_at to the first occurrence after now in self.timezone."""
        self.next_daily_at = (
            occurrences.next_occurrence(now, self.timezone, self.daily_time, self.daily_weekdays)
            if self.daily_enabled and self.daily_weekdays
            else None
        )
        self.next_weekly_at = (
            occurrences.next_occurrence(
                now, self.timezone, self.weekly_time, 1 << self.weekly_weekday
            )
            if self.weekly_enabled
            else None
        )


class Delivery(models.Model):
    """One email for one person, kind and local date: the unique key is what makes a second
    dispatch (or a second beat) send nothing."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        SKIPPED = "skipped", "Skipped (already logged)"
        FAILED = "failed", "Failed"

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_deliveries"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    local_date = models.DateField(help_text="The person's local date the email is for.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # When the sweeper (or a retry) last handed the row to the broker; None means only at
    # dispatch, created_at. A row still queued long after it is stale (see sweep.py).
    queued_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            # Serves the sweeper, every five minutes: WHERE status = 'queued' AND
            # created_at/queued_at old enough. Partial: sent rows, nearly all, cost nothing.
            models.Index(
                fields=["created_at"],
                name="reminders_delivery_queued_idx",
                condition=Q(status="queued"),
            ),
        ]
        constraints = [
            # The idempotency key. Its index (person first) also serves the settings page's
            # "last failed delivery" look-up for one person.
            models.UniqueConstraint(
                fields=["person", "kind", "local_date"],
                name="reminders_delivery_once_per_person_kind_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.person_id} on {self.local_date}: {self.status}"
