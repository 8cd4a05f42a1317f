from datetime import date

from django.urls import reverse

from apps.accounts.models import User
from apps.checkups.services import due_instruments
from apps.lifestyle.notices import DayNotice


def due_questionnaire_notice(person: User, day: date) -> DayNotice | None:
    """On the person's today only: which questionnaires are due, never any score."""
    if day != person.local_today():
        return None
    due = due_instruments(person, day)
    if not due:
        return None
    return DayNotice(
        "checkups/_due_notice.html",
        {
            "due": [
                {
                    "name": i.name,
                    "measures": i.measures,
                    "url": reverse("checkups:take", args=[i.code]),
                }
                for i in due
            ]
        },
    )


def due_names(person: User, day: date) -> list[str]:
    """For the reminder email: names only ("WHO-5 (wellbeing)")."""
    return [f"{i.name} ({i.measures})" for i in due_instruments(person, day)]
