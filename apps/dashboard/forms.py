from django import forms

from apps.dashboard import sequential, stats
from apps.dashboard.models import Direction
from apps.lifestyle.habits import HABITS, TAG_PREFIX
from apps.lifestyle.lag import Lag
from apps.lifestyle.models import Tag


class QuestionForm(forms.Form):
    """Ask a question in advance: one habit or tag, one outcome, better or worse, a lag and
    how many days to give it."""

    habit = forms.ChoiceField(label="Does")
    direction = forms.ChoiceField(label="go with", choices=Direction.choices)
    # No visible label (the form reads as the question's sentence); named for screen readers.
    outcome = forms.ChoiceField(
        label="",
        choices=[(o.key, o.label) for o in stats.OUTCOMES],
        widget=forms.Select(attrs={"aria-label": "Outcome"}),
    )
    lag = forms.TypedChoiceField(
        label="",
        choices=Lag.choices,
        coerce=int,
        widget=forms.Select(attrs={"aria-label": "When"}),
    )
    planned_days = forms.IntegerField(
        label="Days to give it",
        min_value=sequential.MIN_PLANNED_DAYS,
        max_value=sequential.MAX_PLANNED_DAYS,
        initial=sequential.DEFAULT_PLANNED_DAYS,
        help_text=(
            f"Between {sequential.MIN_PLANNED_DAYS} and {sequential.MAX_PLANNED_DAYS}. The "
            "answer is settled at the end; a clear yes can come sooner."
        ),
        error_messages={
            "min_value": f"Give it at least {sequential.MIN_PLANNED_DAYS} days: fewer cannot "
            "show a change of a size that matters.",
            "max_value": f"At most {sequential.MAX_PLANNED_DAYS} days; ask again after that.",
            "invalid": "Type a whole number of days, such as 45.",
        },
    )

    def __init__(self, person, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.person = person
        tags = list(Tag.objects.for_user(person).active().values_list("pk", "name"))
        choices = [("Habits", [(h.field, h.label) for h in HABITS])]
        if tags:
            choices.append(("Your tags", [(f"{TAG_PREFIX}{pk}", name) for pk, name in tags]))
        self.fields["habit"].choices = choices
        self.fields["habit"].error_messages["invalid_choice"] = (
            "Choose one of the habits or one of your own tags from the list."
        )

    def clean_outcome(self) -> str:
        outcome = self.cleaned_data["outcome"]
        if self.data.get("habit") == outcome:
            raise forms.ValidationError(
                "A habit cannot be its own outcome: choose another habit or outcome."
            )
        return outcome

    def question_fields(self) -> dict:
        data = dict(self.cleaned_data)
        raw = data.pop("habit")
        if raw.startswith(TAG_PREFIX):
            data["tag"] = Tag.objects.for_user(self.person).get(pk=int(raw[len(TAG_PREFIX) :]))
            data["habit"] = ""
        else:
            data["habit"] = raw
        return data
