"""How long after a day its habits are looked at for an effect: the same day or the next.

The dashboard's questions (`Question.lag`) and the self-experiments (`Experiment.lag_days`)
both store it; the number is the days between the habit and the outcome."""

from django.db import models


class Lag(models.IntegerChoices):
    SAME_DAY = 0, "the same day"
    NEXT_DAY = 1, "the next day"
