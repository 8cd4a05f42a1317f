"""The plan form: a starter plan fills every field, so planning on a phone is a choice and
a tap; everything stays editable until the first day."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError

from apps.accounts.models import User
from apps.experiments.analysis import Design
from apps.experiments.models import (
    MAX_LENGTH_DAYS,
    MAX_PERIOD_DAYS,
    MAX_WASHOUT_DAYS,
    MIN_LENGTH_DAYS,
    MIN_PERIOD_DAYS,
    Direction,
    Experiment,
    Outcome,
    PauseReason,
)
from apps.experiments.vocabulary import (
    TAG,
    TEMPLATES_BY_KEY,
    TESTABLE_BY_FIELD,
    TESTABLE_HABITS,
    Template,
    default_texts,
    field_range,
)
from apps.lifestyle.lag import Lag
from apps.lifestyle.models import Tag

LENGTH_CHOICES = [(weeks * 7, f"{weeks} weeks") for weeks in range(2, 9)]
PERIOD_CHOICES = [(days, f"{days} days") for days in range(MIN_PERIOD_DAYS, MAX_PERIOD_DAYS + 1)]
WASHOUT_CHOICES = [(0, "None")] + [
    (days, f"{days} day{'s' if days > 1 else ''}") for days in range(1, MAX_WASHOUT_DAYS + 1)
]
DEFAULT_LENGTH_DAYS = 56
MAX_DAYS_AHEAD = 30


def _range_messages(what: str, low: int, high: int) -> dict[str, str]:
    message = f"{what} must be between {low} and {high} days."
    return {
        "min_value": message,
        "max_value": message,
        "invalid": f"{what}: enter a number of days.",
    }


class PlanForm(forms.Form):
    template = forms.CharField(required=False, widget=forms.HiddenInput)
    habit = forms.ChoiceField(
        label="The habit to try",
        error_messages={
            "invalid_choice": "There is no habit “%(value)s” to test: pick one from the list.",
            "required": "Pick the habit to try.",
        },
    )
    direction = forms.ChoiceField(
        label="On a habit day", choices=Direction.choices, initial=Direction.AT_LEAST
    )
    threshold = forms.DecimalField(
        label="Amount",
        required=False,
        max_digits=7,
        decimal_places=2,
        help_text="For a yes/no habit or a tag, leave this empty.",
    )
    outcome = forms.ChoiceField(
        label="What to judge it by",
        choices=Outcome.choices,
        help_text="Chosen now, before any day is seen: only this is analysed.",
    )
    lag_days = forms.TypedChoiceField(
        label="Look at it", choices=Lag.choices, coerce=int, initial=Lag.SAME_DAY
    )
    length_days = forms.IntegerField(
        label="How long",
        min_value=MIN_LENGTH_DAYS,
        max_value=MAX_LENGTH_DAYS,
        initial=DEFAULT_LENGTH_DAYS,
        widget=forms.Select(choices=LENGTH_CHOICES),
        error_messages={
            **_range_messages("An experiment", MIN_LENGTH_DAYS, MAX_LENGTH_DAYS),
            "min_value": f"An experiment runs for 2 to 8 weeks ({MIN_LENGTH_DAYS} to "
            f"{MAX_LENGTH_DAYS} days); that is too short to compare anything.",
            "max_value": f"An experiment runs for 2 to 8 weeks ({MIN_LENGTH_DAYS} to "
            f"{MAX_LENGTH_DAYS} days); plan a shorter one and run another after it.",
        },
    )
    period_days = forms.IntegerField(
        label="Days in a row on the same side",
        min_value=MIN_PERIOD_DAYS,
        max_value=MAX_PERIOD_DAYS,
        initial=3,
        widget=forms.Select(choices=PERIOD_CHOICES),
        error_messages=_range_messages("A period", MIN_PERIOD_DAYS, MAX_PERIOD_DAYS),
        help_text="Shorter periods mean more coin flips, and a clearer answer.",
    )
    washout_days = forms.IntegerField(
        label="Settling-in days at the start of each period (not counted)",
        min_value=0,
        max_value=MAX_WASHOUT_DAYS,
        initial=0,
        widget=forms.Select(choices=WASHOUT_CHOICES),
        error_messages=_range_messages("Settling-in", 0, MAX_WASHOUT_DAYS),
        help_text="Useful when a habit takes a day or two to wear off.",
    )
    start_date = forms.DateField(
        label="First day", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )

    def __init__(
        self,
        *args: Any,
        person: User,
        today: date,
        template: Template | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.person, self.today = person, today
        tags = Tag.objects.for_user(person).active()
        habit_field = cast(forms.ChoiceField, self.fields["habit"])  # declared as one above
        habit_field.choices = [
            ("Habits", [(h.field, h.label) for h in TESTABLE_HABITS]),
            *([("Your tags", [(f"{TAG}:{t.pk}", t.name) for t in tags])] if tags else []),
        ]
        self.fields["start_date"].initial = today
        if template is None and not self.is_bound and not self.initial:
            # Planning from scratch starts from the commonest question, ready to change.
            self.initial.update(habit="fermented_servings", threshold=1, outcome="mood")
        if template is not None and not self.is_bound:
            self.initial.update(
                template=template.key,
                habit=template.habit,
                threshold=template.threshold,
                direction=template.direction,
                outcome=template.outcome,
                lag_days=template.lag_days,
            )

    def clean_start_date(self) -> date:
        start: date = self.cleaned_data["start_date"]
        if start < self.today:
            raise ValidationError("The first day cannot be in the past: start today or later.")
        if start > self.today + timedelta(days=MAX_DAYS_AHEAD):
            raise ValidationError(f"Start within the next {MAX_DAYS_AHEAD} days.")
        return start

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if "habit" in data:
            self._clean_habit(data)
        period, washout, length = (
            data.get(k) for k in ("period_days", "washout_days", "length_days")
        )
        if period is not None and washout is not None and washout >= period:
            self.add_error(
                "washout_days", "Settling-in days must be fewer than the days in a period."
            )
        if period is not None and length is not None and length < 4 * period:
            self.add_error(
                "length_days",
                f"With {period}-day periods an experiment needs at least {4 * period} days "
                "(two pairs of periods). Choose a longer experiment or shorter periods.",
            )
        return data

    def _clean_habit(self, data: dict[str, Any]) -> None:
        value = data["habit"]
        if value.startswith(f"{TAG}:"):
            tag = Tag.objects.for_user(self.person).get(pk=int(value.split(":", 1)[1]))
            data.update(habit=TAG, tag=tag, habit_label=tag.name, threshold=None)
            data["on_text"], data["off_text"] = tag.name, f"no {tag.name}"
            return
        habit = TESTABLE_BY_FIELD[value]
        data.update(tag=None, habit_label=habit.label)
        if habit.kind == "yesno":
            data["threshold"] = None
        else:
            self._clean_threshold(data, habit.field, str(habit.unit))
        if "direction" not in data:
            return  # missing or not a choice: that field's own error says so
        data["on_text"], data["off_text"] = self._texts(data)

    def _clean_threshold(self, data: dict[str, Any], field: str, unit: str) -> None:
        threshold: Decimal | None = data.get("threshold")
        if threshold is None:
            self.add_error("threshold", f"Say how much counts as a habit day, in {unit}.")
            return
        low, high = field_range(field)
        direction = data.get("direction")
        if threshold < low or threshold > high:
            self.add_error("threshold", f"Pick an amount between {low} and {high} {unit}.")
        elif direction == Direction.AT_LEAST and threshold <= low:
            self.add_error(
                "threshold", f"At least {threshold} {unit} is true every day: pick more."
            )
        elif direction == Direction.AT_MOST and threshold >= high:
            self.add_error("threshold", f"At most {threshold} {unit} is true every day: pick less.")

    def _texts(self, data: dict[str, Any]) -> tuple[str, str]:
        template = TEMPLATES_BY_KEY.get(data.get("template") or "")
        if template is not None and (template.habit, template.threshold, template.direction) == (
            data["habit"],
            data.get("threshold"),
            data.get("direction"),
        ):
            return template.on_text, template.off_text
        data["template"] = ""
        return default_texts(
            data["habit_label"], data["habit"], data["direction"], data.get("threshold")
        )

    def design(self) -> Design | None:
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        length = data.get("length_days") or self.initial.get("length_days", DEFAULT_LENGTH_DAYS)
        period = data.get("period_days") or 3
        washout = data.get("washout_days") or 0
        return Design(length // (2 * period), period, washout)

    @classmethod
    def initial_from(cls, experiment: Experiment) -> dict[str, Any]:
        habit = f"{TAG}:{experiment.tag_id}" if experiment.habit == TAG else experiment.habit
        return {
            "template": experiment.template,
            "habit": habit,
            "direction": experiment.direction,
            "threshold": experiment.threshold,
            "outcome": experiment.outcome,
            "lag_days": experiment.lag_days,
            "length_days": experiment.length_days,
            "period_days": experiment.period_days,
            "washout_days": experiment.washout_days,
            "start_date": experiment.start_date,
        }


class PauseForm(forms.Form):
    reason = forms.ChoiceField(choices=PauseReason.choices, initial=PauseReason.ILLNESS)


class StopForm(forms.Form):
    reason = forms.CharField(
        required=False, max_length=200, label="Why are you stopping? (optional, for your report)"
    )
