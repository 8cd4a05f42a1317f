from typing import Any

from django import forms

from apps.reminders import schedule
from apps.reminders.models import ReminderSchedule

WEEKDAYS = [
    (0, "Monday"),
    (1, "Tuesday"),
    (2, "Wednesday"),
    (3, "Thursday"),
    (4, "Friday"),
    (5, "Saturday"),
    (6, "Sunday"),
]


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self) -> None:
        super().__init__(format="%H:%M")


class ReminderScheduleForm(forms.ModelForm[ReminderSchedule]):
    daily_weekdays = forms.TypedMultipleChoiceField(
        label="On these days",
        choices=WEEKDAYS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    weekly_weekday = forms.TypedChoiceField(label="Day", choices=WEEKDAYS, coerce=int)

    class Meta:
        model = ReminderSchedule
        fields = ReminderSchedule.PREFERENCE_FIELDS
        widgets = {"daily_time": TimeInput(), "weekly_time": TimeInput()}
        help_texts = {
            "daily_time": "In your time zone.",
            "weekly_time": "In your time zone. The summary covers your last week, "
            "Monday to Sunday.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial["daily_weekdays"] = self.instance.daily_weekday_list

    def clean_daily_weekdays(self) -> int:
        return schedule.bits_from_weekdays(self.cleaned_data["daily_weekdays"])

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("daily_enabled") and not cleaned.get("daily_weekdays"):
            self.add_error(
                "daily_weekdays", "Pick at least one day, or turn the daily reminder off."
            )
        return cleaned
