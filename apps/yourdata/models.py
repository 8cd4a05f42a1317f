from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from apps.mood.models import MoodCheckIn


class MoodLabel(models.Model):
    """What a person said one of their mood labels means (“fantastisch” = 5), remembered so
    the next export from the same app maps itself."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_mood_labels"
    )
    label = models.CharField(max_length=80, help_text="Lower case, spaces collapsed.")
    mood = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            # Serves the plan's look-up of a person's labels, and keeps one meaning a label.
            models.UniqueConstraint(fields=["person", "label"], name="yourdata_moodlabel_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.label} = {self.mood}"


class ImportedCheckIn(models.Model):
    """The duplicate key of a check-in an import created: its moment, the mood label as the
    file wrote it, its activities and note (hashed). A second import of the same file finds
    every key taken; two different entries in one minute have different keys."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    checkin = models.ForeignKey(MoodCheckIn, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64)

    class Meta:
        constraints = [
            # Serves the plan's look-up of the person's keys; a key names one check-in.
            models.UniqueConstraint(fields=["person", "key"], name="yourdata_imported_key_unique"),
        ]

    def __str__(self) -> str:
        return self.key[:12]
