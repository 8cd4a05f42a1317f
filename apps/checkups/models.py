from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q

from apps.accounts.personal import PersonOwnedQuerySet
from apps.checkups.instruments import CODES


class InstrumentCode(models.TextChoices):
    WHO5 = "who5", "WHO-5 (wellbeing)"
    PHQ9 = "phq9", "PHQ-9 (low mood)"
    GAD7 = "gad7", "GAD-7 (anxiety)"


assert tuple(InstrumentCode.values) == CODES


class Schedule(models.Model):
    """How often a person wants a questionnaire; no row means the instrument's default."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkup_schedules"
    )
    instrument = models.CharField(max_length=8, choices=InstrumentCode.choices)
    interval_days = models.PositiveSmallIntegerField(
        validators=[MaxValueValidator(365)], help_text="0: not asked."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "instrument"], name="checkups_schedule_person_instrument"
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument} schedule"


class ResponseQuerySet(PersonOwnedQuerySet["Response"]):
    def completed(self) -> "ResponseQuerySet":
        return self.filter(completed_at__isnull=False)

    def drafts(self) -> "ResponseQuerySet":
        return self.filter(completed_at__isnull=True)


class Response(models.Model):
    """One filling-in of a questionnaire. A draft (completed_at empty) has no score."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkup_responses"
    )
    instrument = models.CharField(max_length=8, choices=InstrumentCode.choices)
    answers = models.JSONField(default=list)  # one int or null per item, in item order
    started_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    local_date = models.DateField(null=True, blank=True)  # the person's date on completing
    raw_score = models.PositiveSmallIntegerField(null=True, blank=True)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["completed_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True, raw_score__isnull=True)
                | Q(completed_at__isnull=False, raw_score__isnull=False, local_date__isnull=False),
                name="checkups_response_scored_iff_complete",
            ),
            # One open draft per person and questionnaire: taking it again resumes it.
            models.UniqueConstraint(
                fields=["person", "instrument"],
                condition=Q(completed_at__isnull=True),
                name="checkups_response_one_draft",
            ),
        ]
        indexes = [
            # Serves the results chart and "when is it next due": a person's completed
            # responses to one questionnaire in date order.
            models.Index(
                fields=["person", "instrument", "local_date"], name="checkups_resp_person_date"
            )
        ]

    def __str__(self) -> str:
        # Never the score or the answers: this string can reach logs and error pages.
        return f"{self.instrument} response {self.pk}"

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None


class SafetyReason(models.TextChoices):
    PHQ9_ITEM9 = "phq9_item9", "An answer above 0 to the question about self-harm thoughts"
    WHO5_VERY_LOW = "who5_very_low", "A very low wellbeing score"


class SafetyEvent(models.Model):
    """That the safety screen opened, kept for the person alone: not in the admin, not in
    any email or log line."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_events"
    )
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="safety_events")
    reason = models.CharField(max_length=20, choices=SafetyReason.choices)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "reason"], name="checkups_safety_event_once"
            )
        ]

    def __str__(self) -> str:
        return f"safety event {self.pk}"


class LineKind(models.TextChoices):
    EMERGENCY = "emergency", "Emergency number"
    CRISIS = "crisis", "Crisis line"


class CrisisLineQuerySet(models.QuerySet["CrisisLine"]):
    def for_country(self, country: str) -> "CrisisLineQuerySet":
        return self.filter(country=country).order_by("kind", "position", "name")


class CrisisLine(models.Model):
    """A crisis line or a country's emergency number, edited by staff in the admin and
    seeded from apps/checkups/data/crisis_lines.json (each with where its number was found)."""

    country = models.CharField(max_length=2, help_text="ISO 3166-1 code, such as GB or US.")
    kind = models.CharField(max_length=10, choices=LineKind.choices, default=LineKind.CRISIS)
    name = models.CharField(max_length=120)
    phone = models.CharField(max_length=40, blank=True)
    text = models.CharField(max_length=120, blank=True, help_text="How to reach it by text.")
    website = models.URLField(blank=True)
    hours = models.CharField(max_length=80, blank=True)
    languages = models.CharField(max_length=120, blank=True)
    description = models.CharField(max_length=240, blank=True)
    source_url = models.URLField(help_text="The page the number was found on.")
    source_name = models.CharField(max_length=160)
    found_on = models.DateField(help_text="When the number was read on that page.")
    last_verified = models.DateField()
    position = models.PositiveSmallIntegerField(default=0)

    objects = CrisisLineQuerySet.as_manager()

    class Meta:
        ordering = ["country", "kind", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["country", "name"], name="checkups_line_country_name")
        ]
        indexes = [
            # Serves the help page: one country's lines.
            models.Index(fields=["country", "kind"], name="checkups_line_country")
        ]

    def __str__(self) -> str:
        return f"{self.country}: {self.name}"

    @property
    def tel(self) -> str:
        return "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")


PLAN_STEPS = (
    (
        "warning_signs",
        "Warning signs",
        "Thoughts, feelings, situations or behaviour that tell me a crisis may be building.",
    ),
    (
        "coping_alone",
        "Things I can do on my own",
        "Ways to take my mind off things without "
        "contacting anyone: a walk, music, a shower, breathing.",
    ),
    (
        "distractions",
        "People and places that take my mind off things",
        "Friends, family and places (a café, a park, a library) where I can be around others.",
    ),
    (
        "people_to_ask",
        "People I can ask for help",
        "Names and numbers of people I can tell how I feel.",
    ),
    (
        "professionals",
        "Professionals and crisis lines",
        "My doctor or therapist, the local emergency number, crisis lines I can call or text.",
    ),
    (
        "safe_environment",
        "Making my surroundings safer",
        "What I can do, alone or with someone, to keep away things I could use to hurt myself.",
    ),
)


class SafetyPlan(models.Model):
    """The six steps of the Stanley-Brown safety plan, private to its person."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_plan"
    )
    warning_signs = models.TextField(blank=True, max_length=4000)
    coping_alone = models.TextField(blank=True, max_length=4000)
    distractions = models.TextField(blank=True, max_length=4000)
    people_to_ask = models.TextField(blank=True, max_length=4000)
    professionals = models.TextField(blank=True, max_length=4000)
    safe_environment = models.TextField(blank=True, max_length=4000)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"safety plan {self.pk}"

    def steps(self) -> list[tuple[str, str, str]]:
        return [(label, hint, getattr(self, field)) for field, label, hint in PLAN_STEPS]

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, field).strip() for field, _, _ in PLAN_STEPS)
