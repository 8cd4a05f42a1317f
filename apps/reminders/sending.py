"""Sending deliveries: idempotent (a row marked sent is never sent again), transient SMTP
trouble raised for the task to retry, permanent trouble recorded on the row for the person
to see in their settings."""

import smtplib
from collections.abc import Iterable

from allauth.account.models import EmailAddress
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection as db_connection
from django.db.models import F
from django.utils import timezone

from apps.lifestyle.models import DailyLog
from apps.reminders.emails import build_reminder
from apps.reminders.models import Delivery, Kind, ReminderSchedule

DONE = (Delivery.Status.SENT, Delivery.Status.SKIPPED, Delivery.Status.FAILED)
MAX_ERROR = 300


class TransientSendError(Exception):
    """Worth trying again later: the server or the network, not the message."""

    def __init__(self, message: str, attempts: int) -> None:
        super().__init__(message)
        self.attempts = attempts


def is_transient(exc: BaseException) -> bool:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return False
    if isinstance(exc, smtplib.SMTPResponseException):  # includes SMTPConnectError
        return 400 <= exc.smtp_code < 500
    return isinstance(exc, smtplib.SMTPServerDisconnected | TimeoutError | ConnectionError)


def describe(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = ", ".join(
            f"{code} {msg.decode(errors='replace')}" for code, msg in exc.recipients.values()
        )
        return f"The mail server refused the address: {codes}"[:MAX_ERROR]
    if isinstance(exc, smtplib.SMTPResponseException):
        message = exc.smtp_error
        text = message.decode(errors="replace") if isinstance(message, bytes) else str(message)
        return f"The mail server answered {exc.smtp_code}: {text}"[:MAX_ERROR]
    return f"{exc.__class__.__name__}: {exc}"[:MAX_ERROR]


def load(ids: Iterable[int]) -> list[Delivery]:
    return list(
        Delivery.objects.filter(pk__in=list(ids))
        .select_related("person__reminder_schedule")
        .order_by("pk")
    )


def send_many(ids: list[int]) -> list[int]:
    """Send a chunk over one SMTP connection. Returns the ids left unsent by a transient
    error: the caller hands them to send_delivery, which retries each with backoff."""
    deliveries = [d for d in load(ids) if d.status not in DONE]
    verified = _verified_person_ids(d.person_id for d in deliveries)
    logged = _logged_days(deliveries)
    if not deliveries:
        return []
    connection = get_connection()
    # Opened here, the connection stays open for the whole chunk (send() would otherwise
    # open and close one per message).
    try:
        connection.open()
    except Exception as exc:
        if not is_transient(exc):
            raise
        Delivery.objects.filter(pk__in=[d.pk for d in deliveries]).update(
            attempts=F("attempts") + 1, last_error=describe(exc), queued_at=timezone.now()
        )
        return [d.pk for d in deliveries]
    try:
        _relaxed_commits(True)
        for index, delivery in enumerate(deliveries):
            try:
                send_one(
                    delivery,
                    connection,
                    verified=delivery.person_id in verified,
                    logged=(delivery.person_id, delivery.local_date) in logged,
                )
            except TransientSendError:
                return [d.pk for d in deliveries[index:]]
    finally:
        _relaxed_commits(False)
        connection.close()
    return []


def _relaxed_commits(on: bool) -> None:
    """Mark-sent updates without waiting for the WAL flush to disk, which costs more than
    the SMTP conversation. A killed worker loses nothing (the commit is already visible); a
    crash of PostgreSQL itself could forget the last fraction of a second of "sent" marks,
    and those few people would get the email again: a rare duplicate, never a loss."""
    if db_connection.vendor != "postgresql":
        return
    with db_connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF" if on else "RESET synchronous_commit")


def send_by_id(delivery_id: int) -> None:
    """Raises TransientSendError for the task to retry."""
    delivery = (
        Delivery.objects.select_related("person__reminder_schedule").filter(pk=delivery_id).first()
    )
    if delivery is None or delivery.status in DONE:
        return
    verified = delivery.person_id in _verified_person_ids([delivery.person_id])
    logged = (delivery.person_id, delivery.local_date) in _logged_days([delivery])
    connection = get_connection()
    try:
        send_one(delivery, connection, verified=verified, logged=logged)
    finally:
        connection.close()


def send_one(
    delivery: Delivery, connection: BaseEmailBackend, *, verified: bool, logged: bool
) -> None:
    """logged: the daily reminder's day is logged and the person asked to skip such days."""
    if not verified or not delivery.person.is_active:
        _finish(delivery, Delivery.Status.FAILED, "Your email address is not confirmed.")
        return
    if delivery.kind == Kind.DAILY and logged:
        _finish(delivery, Delivery.Status.SKIPPED)
        return
    message = build_reminder(delivery, connection)
    try:
        message.send(fail_silently=False)
    except Exception as exc:
        if is_transient(exc):
            _record_attempt(delivery, describe(exc))
            raise TransientSendError(describe(exc), delivery.attempts + 1) from exc
        if isinstance(exc, smtplib.SMTPException):
            _finish(delivery, Delivery.Status.FAILED, describe(exc))
            return
        raise
    _finish(delivery, Delivery.Status.SENT)


def give_up(delivery_id: int, error: str) -> None:
    """After the last retry: the person sees why in their settings."""
    Delivery.objects.filter(pk=delivery_id).exclude(status__in=DONE).update(
        status=Delivery.Status.FAILED, last_error=error[:MAX_ERROR]
    )


def _logged_days(deliveries: list[Delivery]) -> set[tuple[int, object]]:
    """(person, date) pairs of daily deliveries whose day is logged by someone who asked to
    be spared the reminder then: two queries for the whole chunk. Logging may have happened
    after dispatch, so this is checked again here."""
    daily = [d for d in deliveries if d.kind == Kind.DAILY]
    if not daily:
        return set()
    skipping = ReminderSchedule.objects.filter(
        person_id__in={d.person_id for d in daily}, skip_if_logged=True
    ).values_list("person_id", flat=True)
    return set(
        DailyLog.objects.filter(
            person_id__in=list(skipping), date__in={d.local_date for d in daily}
        ).values_list("person_id", "date")
    )


def _verified_person_ids(person_ids: Iterable[int]) -> set[int]:
    return set(
        EmailAddress.objects.filter(
            user_id__in=list(person_ids), verified=True, primary=True
        ).values_list("user_id", flat=True)
    )


def _record_attempt(delivery: Delivery, error: str) -> None:
    # queued_at: the retry is about to be queued, so the sweeper leaves the row alone.
    Delivery.objects.filter(pk=delivery.pk).update(
        attempts=F("attempts") + 1, last_error=error, queued_at=timezone.now()
    )


def _finish(delivery: Delivery, status: str, error: str = "") -> None:
    # One UPDATE straight after the server's answer: the window in which a killed worker
    # could leave a sent email marked unsent is as short as it can be.
    sent = status in (Delivery.Status.SENT, Delivery.Status.FAILED)
    Delivery.objects.filter(pk=delivery.pk).update(
        status=status,
        last_error=error[:MAX_ERROR],
        attempts=F("attempts") + (1 if sent else 0),
        sent_at=timezone.now() if status == Delivery.Status.SENT else None,
    )
