from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from apps.accounts.personal import PersonOwnedQuerySet
from apps.lifestyle.lag import Lag
from apps.lifestyle.models import Tag

MIN_LENGTH_DAYS, MAX_LENGTH_DAYS = 14, 56
MIN_PERIOD_DAYS, MAX_PERIOD_DAYS = 3, 7
MAX_WASHOUT_DAYS = 3


class Outcome(models.TextChoices):
    MOOD = "mood", "Mood"
    GUT_COMFORT = "gut_comfort", "Gut comfort"
    ENERGY = "energy", "Energy"
    ANXIETY = "anxiety", "Anxiety"
    STRESS = "stress", "Stress"
    BRISTOL = "bristol", "Bristol stool type"


class Direction(models.TextChoices):
    AT_LEAST = "at_least", "at least"
    AT_MOST = "at_most", "at most"


class ExperimentQuerySet(PersonOwnedQuerySet["Experiment"]):
    def not_stopped(self) -> "ExperimentQuerySet":
        return self.filter(stopped_on__isnull=True)


class Experiment(models.Model):
    """One person's pre-registered N-of-1 experiment: the habit, what "on" means, the one
    outcome it will be judged on, and the schedule drawn once from `seed`. The plan is
    fixed from the start date on (services refuse edits), so the answer stays honest."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="experiments"
    )
    template = models.CharField(max_length=40, blank=True)
    # A field of the habit vocabulary (apps/lifestyle/habits.py), or "tag" with `tag` set.
    habit = models.CharField(max_length=40)
    tag = models.ForeignKey(Tag, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    habit_label = models.CharField(max_length=80)
    direction = models.CharField(
        max_length=10, choices=Direction.choices, default=Direction.AT_LEAST
    )
    threshold = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    on_text = models.CharField(max_length=160)
    off_text = models.CharField(max_length=160)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    lag_days = models.PositiveSmallIntegerField(choices=Lag.choices, default=Lag.SAME_DAY)
    length_days = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(MIN_LENGTH_DAYS), MaxValueValidator(MAX_LENGTH_DAYS)]
    )
    period_days = models.PositiveSmallIntegerField(
        default=3,
        validators=[MinValueValidator(MIN_PERIOD_DAYS), MaxValueValidator(MAX_PERIOD_DAYS)],
    )
    washout_days = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(MAX_WASHOUT_DAYS)]
    )
    seed = models.BigIntegerField(help_text="Draws the schedule; recorded for the report.")
    # One entry per pair of periods: true when the pair starts with the habit on.
    orders = models.JSONField(default=list)
    start_date = models.DateField(help_text="The person's local date of the first day.")
    stopped_on = models.DateField(
        null=True, blank=True, help_text="Stopped early: the first day no longer in it."
    )
    stop_reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ExperimentQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(washout_days__lt=F("period_days")),
                name="experiments_washout_shorter_than_period",
            ),
            models.CheckConstraint(
                condition=Q(length_days__gte=MIN_LENGTH_DAYS, length_days__lte=MAX_LENGTH_DAYS),
                name="experiments_length_in_range",
            ),
        ]
        indexes = [
            # Serves the day notice and the reminder: a person's experiments not stopped.
            models.Index(fields=["person", "stopped_on"], name="experiments_person_stop_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return f"{self.habit_label} and {self.get_outcome_display().lower()}"


class PauseReason(models.TextChoices):
    ILLNESS = "illness", "Illness"
    TRAVEL = "travel", "Travel"
    OTHER = "other", "Something else"


class Pause(models.Model):
    """Days taken out of the experiment: the rest of the schedule moves on by as many days.
    An open pause (no end) holds the schedule until the person resumes."""

    experiment = models.ForeignKey(Experiment, on_delete=models.CASCADE, related_name="pauses")
    start = models.DateField()
    end = models.DateField(null=True, blank=True, help_text="The last paused day.")
    reason = models.CharField(max_length=10, choices=PauseReason.choices)

    class Meta:
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="experiments_pause_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.experiment} paused from {self.start}"
