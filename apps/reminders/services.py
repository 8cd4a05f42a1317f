"""Schedule changes made by people (settings, sign-up, unsubscribe, a new time zone).
None of these talk to the broker: only dispatch and the send tasks do."""

from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.reminders.models import Kind, ReminderSchedule


def schedule_for(person: User) -> ReminderSchedule:
    """The person's schedule, unsaved with the defaults when they have none yet."""
    try:
        schedule: ReminderSchedule = person.reminder_schedule
    except ReminderSchedule.DoesNotExist:
        return ReminderSchedule(person=person, timezone=person.timezone)
    return schedule


def unsubscribe_key_for(person: User) -> str:
    """The key an unsubscribe link names. A delivery without a schedule (made by hand or by
    an import) gets one saved with everything off, so its link still works."""
    schedule = schedule_for(person)
    if schedule.pk is None:
        schedule, _ = ReminderSchedule.objects.get_or_create(
            person=person, defaults={"timezone": person.timezone}
        )
    return schedule.unsubscribe_key


def save_schedule(schedule: ReminderSchedule) -> ReminderSchedule:
    schedule.timezone = schedule.person.timezone
    schedule.compute_next(timezone.now())
    schedule.save()
    return schedule


def create_on_signup(person: User, daily: bool) -> ReminderSchedule:
    schedule, _ = ReminderSchedule.objects.get_or_create(
        person=person, defaults={"daily_enabled": daily, "timezone": person.timezone}
    )
    return save_schedule(schedule)


def follow_timezone(person: User) -> None:
    """Recompute next_*_at when the person's zone is no longer the one they were computed
    in. Comparing with the stored zone keeps other saves of the user (last_login...) from
    moving a reminder that is due this very minute."""
    with transaction.atomic():
        for schedule in (
            ReminderSchedule.objects.select_for_update()
            .filter(person=person)
            .exclude(timezone=person.timezone)
        ):
            schedule.person = person
            save_schedule(schedule)


def unsubscribe(unsubscribe_key: str, kind: str) -> None:
    """Turn one kind off. Nobody to update (a deleted person) is fine: they get nothing."""
    fields = {f"{kind}_enabled": False, f"next_{kind}_at": None}
    ReminderSchedule.objects.filter(unsubscribe_key=unsubscribe_key).update(
        **fields, updated_at=timezone.now()
    )


KIND_LABELS = dict(Kind.choices)
