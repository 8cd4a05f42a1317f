"""The address of one of a person's local days. Lifestyle shows the day page and mood
sends people back to it after a check-in, so the helper lives below both."""

from datetime import date

from django.urls import reverse

from apps.accounts.models import User


def day_url(person: User, day: date) -> str:
    """Today's page for the person's local today, the day's own page otherwise."""
    if day == person.local_today():
        return reverse("lifestyle:today")
    return reverse("lifestyle:log_day", kwargs={"day": day})
