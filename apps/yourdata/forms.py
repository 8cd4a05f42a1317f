from typing import Any

from django import forms

from apps.mood.models import Mood
from apps.yourdata import importing


class ImportForm(forms.Form):
    format = forms.ChoiceField(
        label="Exported from",
        choices=list(importing.FORMATS.items()),
        widget=forms.RadioSelect,
        initial="daylio-backup",
    )
    file = forms.FileField(
        label="Export file",
        help_text=(
            "The file exactly as the app made it, up to 10 MB. From Daylio, prefer the backup "
            "(More, Backup & Restore): it says what each of your moods means, so nothing is "
            "lost or asked, and it brings your activity groups and each scale's range, which "
            "the CSV export leaves out."
        ),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        try:
            importing.check_size(upload.size)
        except importing.ImportFileError as error:
            raise forms.ValidationError(str(error), code="too_large") from error
        return upload


class MoodMapForm(forms.Form):
    """One choice per mood label that is not one of Daylio's five defaults."""

    def __init__(
        self, labels: list[str], initial_map: dict[str, int], *args: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        moods = reversed(Mood.choices)  # great first, as the import preview reads
        choices = [("", "Choose…"), *[(str(v), f"{v} – {n}") for v, n in moods]]
        self.labels = labels
        for index, label in enumerate(labels):
            self.fields[f"label_{index}"] = forms.TypedChoiceField(
                label=f"“{label}” means",
                choices=choices,
                coerce=int,
                initial=initial_map.get(label),
                error_messages={"required": f"Choose the mood that “{label}” stands for."},
            )

    def mapping(self) -> dict[str, int]:
        return {label: self.cleaned_data[f"label_{i}"] for i, label in enumerate(self.labels)}


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label="I understand that my logs, check-ins, tags and settings are deleted for good.",
        error_messages={"required": "Tick the box to confirm that you want to delete everything."},
    )
