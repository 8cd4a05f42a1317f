from typing import Any

from django import forms
from django.http import HttpRequest
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.safestring import mark_safe

from apps.accounts.countries import country_choices, guess_country
from apps.accounts.models import User
from apps.accounts.timezones import timezone_choices

CONSENT_LABEL = mark_safe(
    "I agree that GutMind stores the health information I enter (habits, mood, notes) "
    'to show it back to me, as the <a href="{}" target="_blank">privacy page</a> explains.'
)


class TimezoneSelect(forms.Select):
    """A plain select that static/js/timezone.js sets from the browser's own zone."""

    def __init__(self) -> None:
        super().__init__(attrs={"data-browser-timezone": "true", "autocomplete": "off"})


class SignupExtrasForm(forms.Form):
    """Fields allauth adds to its sign-up form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    # allauth reads this to order the merged form: the sign-in details first, consent last.
    field_order = ["email", "password1", "password2", "display_name", "timezone"]

    display_name = forms.CharField(
        label="Your name", max_length=80, required=False, help_text="Optional."
    )
    timezone = forms.ChoiceField(
        label="Time zone",
        choices=timezone_choices,
        initial="UTC",
        widget=TimezoneSelect(),
        help_text="Filled in from your browser. Your days and reminders follow it.",
    )
    daily_reminder = forms.BooleanField(  # read by apps.reminders.signals on sign-up
        label="Email me a daily check-in reminder",
        required=False,
        help_text="One short email at 20:00 your time. Change or stop it in your settings.",
    )
    health_data_consent = forms.BooleanField(
        required=True,
        error_messages={
            "required": "GutMind cannot work without storing your entries; tick the box "
            "to agree, or read the privacy page first."
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["health_data_consent"].label = mark_safe(  # noqa: S308
            CONSENT_LABEL.format(reverse_lazy("privacy"))
        )

    # No clean() that reports a taken email: on this site that would tell anyone that a
    # given person tracks their mood. allauth (ACCOUNT_PREVENT_ENUMERATION) answers a taken
    # address exactly as a new one and emails its owner instead.

    def signup(self, request: HttpRequest, person: User) -> None:
        """allauth calls this (positionally) with the new account."""
        person.display_name = self.cleaned_data["display_name"]
        person.timezone = self.cleaned_data["timezone"]
        person.country = guess_country(person.timezone)
        person.health_data_consent_at = timezone.now()
        person.save(update_fields=["display_name", "timezone", "country", "health_data_consent_at"])


class ProfileForm(forms.ModelForm[User]):
    timezone = forms.ChoiceField(
        label="Time zone",
        choices=timezone_choices,
        help_text="Your days, reminders and charts follow this time zone.",
    )

    country = forms.ChoiceField(
        label="Country",
        choices=country_choices,
        required=False,
        help_text="Which emergency number and crisis lines GutMind shows you on the help page.",
    )

    class Meta:
        model = User
        fields = ["display_name", "timezone", "country"]
        labels = {"display_name": "Your name"}
