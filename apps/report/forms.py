from datetime import date, timedelta

from django import forms

MAX_DAYS = 366
DEFAULT_DAYS = 28


class ReportForm(forms.Form):
    start = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="To", widget=forms.DateInput(attrs={"type": "date"}))
    include_notes = forms.BooleanField(
        label="Include notes",
        required=False,
        help_text="Your own notes from days and check-ins. Left out unless you tick this.",
    )

    def __init__(self, *args, today: date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["start"].initial = today - timedelta(days=DEFAULT_DAYS - 1)
        self.fields["end"].initial = today

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if start > end:
                raise forms.ValidationError("The start date is after the end date: swap them.")
            if (end - start).days >= MAX_DAYS:
                raise forms.ValidationError(f"Choose a period of at most {MAX_DAYS} days.")
        return data
