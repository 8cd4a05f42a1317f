from django import forms

from apps.checkups.instruments import INSTRUMENTS, Instrument
from apps.checkups.models import PLAN_STEPS, SafetyPlan

INTERVAL_CHOICES = (
    (0, "Not asked"),
    (7, "Every week"),
    (14, "Every two weeks"),
    (28, "Every four weeks"),
)


class AnswersForm(forms.Form):
    """One optional radio group per item: unanswered items make a draft, not an error."""

    def __init__(self, instrument: Instrument, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        choices = [(str(value), label) for value, label in instrument.options]
        for number, text in enumerate(instrument.items, start=1):
            self.fields[f"q{number}"] = forms.ChoiceField(
                label=text,
                choices=choices,
                required=False,
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": f"Question {number}: that is not one of the answers. "
                    "Choose one of the answers shown."
                },
            )

    def answers(self) -> list[str | None]:
        return [self.cleaned_data.get(f"q{n}") or None for n in range(1, len(self.fields) + 1)]

    def questions(self) -> list[tuple[int, forms.BoundField]]:
        return [(n, self[f"q{n}"]) for n in range(1, len(self.fields) + 1)]


class ScheduleForm(forms.Form):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for code, instrument in INSTRUMENTS.items():
            self.fields[code] = forms.TypedChoiceField(
                label=f"{instrument.name} ({instrument.measures})",
                choices=INTERVAL_CHOICES,
                coerce=int,
                error_messages={"invalid_choice": "Choose how often from the list."},
            )


class SafetyPlanForm(forms.ModelForm):
    class Meta:
        model = SafetyPlan
        fields = [field for field, _, _ in PLAN_STEPS]
        labels = {field: f"{n}. {label}" for n, (field, label, _) in enumerate(PLAN_STEPS, 1)}
        help_texts = {field: hint for field, _, hint in PLAN_STEPS}
        widgets = {field: forms.Textarea(attrs={"rows": 3}) for field, _, _ in PLAN_STEPS}


class CountryForm(forms.Form):
    country = forms.ChoiceField(label="Country", required=False)

    def __init__(self, choices: list[tuple[str, str]], *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "Choose a country"), *choices]
