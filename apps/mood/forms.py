from datetime import date, datetime, time
from datetime import tzinfo as TzInfo
from typing import Any

from django import forms
from django.utils import timezone

from apps.accounts.dates import EARLIEST_DAY, validate_not_before_earliest
from apps.accounts.models import User
from apps.mood.models import EMOTION_WORDS, Mood, MoodCheckIn

LEVELS = [(n, str(n)) for n in range(1, 6)]
MOOD_REQUIRED = "Pick how you feel, from awful to great."
# A quick check-in on a past day's page is put in that day's evening unless a time is given.
PAST_DAY_TIME = time(20)


def _level_field(label: str, help_text: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=LEVELS,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text=help_text,
    )


class QuickCheckInForm(forms.ModelForm[MoodCheckIn]):
    """One tap on a mood; the rest is optional. On the Today page the whole check-in is
    optional, so a form with nothing filled in is valid and saves nothing."""

    mood = forms.TypedChoiceField(
        label="How do you feel?",
        choices=Mood.choices,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": MOOD_REQUIRED},
    )
    anxiety = _level_field("Anxiety", "1 is calm, 5 is very anxious.")
    energy = _level_field("Energy", "1 is drained, 5 is full of energy.")
    emotions = forms.MultipleChoiceField(
        label="Words for it",
        choices=[(word, word) for word in EMOTION_WORDS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    at_time = forms.TimeField(
        label="Time",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text="Leave it empty for the evening (20:00).",
        error_messages={"invalid": "Enter a time such as 19:30."},
    )
    # Set by the phone's outbox: when the person tapped save, which may be long before the
    # outbox could send it.
    moment = forms.DateTimeField(required=False, widget=forms.HiddenInput)

    mood_required = False

    class Meta:
        model = MoodCheckIn
        fields = ["mood", "anxiety", "energy", "emotions", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        labels = {"note": "Note"}

    def moment_on(self, day: date, person: User, is_today: bool) -> datetime:
        """When the quick check-in happened: the outbox's moment when it falls on this day
        and is not to come, else the time given, else now (Today) or the day's evening."""
        now = timezone.now()
        moment: datetime | None = self.cleaned_data.get("moment")
        if moment is not None and moment <= now and moment.astimezone(person.tzinfo).date() == day:
            return moment
        at_time = self.cleaned_data.get("at_time")
        if at_time is not None:
            return min(local_moment(day, at_time, person.tzinfo), now)
        return now if is_today else local_moment(day, PAST_DAY_TIME, person.tzinfo)

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        extras = any(cleaned.get(name) for name in ("anxiety", "energy", "emotions", "note"))
        if cleaned.get("mood") is None and (self.mood_required or extras):
            self.add_error("mood", MOOD_REQUIRED)
        return cleaned

    def has_checkin(self) -> bool:
        return self.is_valid() and self.cleaned_data.get("mood") is not None

    def _post_clean(self) -> None:
        # Without a mood there is no check-in to validate against the model.
        if self.cleaned_data.get("mood") is not None:
            super()._post_clean()  # type: ignore[misc]  # Django's, missing from django-stubs


class CheckInForm(QuickCheckInForm):
    """The full check-in page: the mood is required and the person says when it was."""

    local_day = forms.DateField(
        label="Day",
        widget=forms.DateInput(attrs={"type": "date", "min": EARLIEST_DAY.isoformat()}),
        validators=[validate_not_before_earliest],
    )
    local_time = forms.TimeField(label="Time", widget=forms.TimeInput(attrs={"type": "time"}))

    mood_required = True

    class Meta(QuickCheckInForm.Meta):
        fields = ["mood", "anxiety", "energy", "emotions", "note"]

    def __init__(self, *args: Any, person: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["at_time"], self.fields["moment"]
        self.person = person
        if self.instance.pk and not self.is_bound:
            local = self.instance.at.astimezone(person.tzinfo)
            self.initial.update(local_day=local.date(), local_time=local.time().replace(second=0))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        day, at_time = cleaned.get("local_day"), cleaned.get("local_time")
        if day is None or at_time is None:
            return cleaned
        at = local_moment(day, at_time, self.person.tzinfo)
        if at > timezone.now():
            self.add_error("local_time", "That moment is still to come: pick a time up to now.")
        else:
            self.instance.at, self.instance.local_date = at, day
        return cleaned


def local_moment(day: date, at_time: time, tzinfo: TzInfo) -> datetime:
    """An aware moment from a local wall-clock time. zoneinfo reads a time that a DST change
    skips with the offset from before the change, so it still lands on that local day."""
    return datetime.combine(day, at_time, tzinfo=tzinfo)
