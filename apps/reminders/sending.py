"""Sending deliveries: idempotent (a row marked sent is never sent again), transient SMTP
trouble raised for the task to retry, permanent trouble recorded on the row for the person
to see in their settings."""

import smtplib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from allauth.account.models import EmailAddress
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import DEFAULT_DB_ALIAS, connections
from django.db import connection as db_connection
from django.db.models import F
from django.utils import timezone

from apps.lifestyle.models import DailyLog
from apps.reminders.emails import DailyNotes, build_reminder, daily_notes
from apps.reminders.models import Delivery, Kind, ReminderSchedule

if TYPE_CHECKING:
    import psycopg

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
    notes = daily_notes(deliveries)
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
        with sent_marks() as mark_sent:
            for index, delivery in enumerate(deliveries):
                try:
                    send_one(
                        delivery,
                        connection,
                        verified=delivery.person_id in verified,
                        logged=(delivery.person_id, delivery.local_date) in logged,
                        notes=notes.get(delivery.pk),
                        mark_sent=mark_sent,
                    )
                except TransientSendError:
                    return [d.pk for d in deliveries[index:]]
    finally:
        connection.close()
    return []


MarkSent = Callable[[Delivery], None]

MARK_SENT_SQL = (
    f"UPDATE {Delivery._meta.db_table} SET status = %s, last_error = '', "  # noqa: S608 (ours)
    "attempts = attempts + 1, sent_at = %s WHERE id = %s"
)


@contextmanager
def sent_marks() -> Iterator[MarkSent]:
    """How a chunk marks its rows sent, each straight after the SMTP server's answer.

    On PostgreSQL, outside a transaction (a worker): on a second connection in psycopg's
    pipeline mode, so the mark is written to the server at once and the worker goes on to
    the next email without waiting for PostgreSQL's answer (read later, at the latest when
    the chunk ends). Waiting was most of the cost of a mark, and marks were a third of a
    sent email. A worker killed after the write loses nothing: the server has the bytes and
    commits them. Each mark is its own transaction with synchronous_commit off: no wait for
    the WAL flush either; a crash of PostgreSQL itself could forget the last fraction of a
    second of marks, and those few people would get the email again (a rare duplicate,
    never a loss).

    Elsewhere (SQLite, or inside a transaction, whose rows a second connection would not
    see): one ORM UPDATE per email, answered before the next email starts."""
    if db_connection.vendor != "postgresql" or db_connection.in_atomic_block:
        yield lambda delivery: _finish(delivery, Delivery.Status.SENT)
        return
    # A wrapper of its own, set up as Django sets up every connection (autocommit, UTC).
    marks = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        marks.ensure_connection()
        psycopg_connection = marks.connection
        psycopg_connection.execute("SET synchronous_commit TO OFF")
        with psycopg_connection.pipeline(), psycopg_connection.cursor() as cursor:
            yield lambda delivery: _pipelined_mark(cursor, delivery)
    finally:
        marks.close()


def _pipelined_mark(cursor: "psycopg.Cursor[Any]", delivery: Delivery) -> None:
    # BEGIN and COMMIT of our own: in pipeline mode the server keeps an implicit
    # transaction open until the next sync, which here would be the end of the chunk.
    cursor.execute("BEGIN")
    cursor.execute(MARK_SENT_SQL, [Delivery.Status.SENT, timezone.now(), delivery.pk])
    cursor.execute("COMMIT")


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
    delivery: Delivery,
    connection: BaseEmailBackend,
    *,
    verified: bool,
    logged: bool,
    notes: DailyNotes | None = None,
    mark_sent: MarkSent | None = None,
) -> None:
    """logged: the daily reminder's day is logged and the person asked to skip such days.
    notes: the daily reminder's, read for the whole chunk (else read for this one).
    mark_sent: the chunk's way of marking the row sent (else one ORM UPDATE)."""
    if not verified or not delivery.person.is_active:
        _finish(delivery, Delivery.Status.FAILED, "Your email address is not confirmed.")
        return
    if delivery.kind == Kind.DAILY and logged:
        _finish(delivery, Delivery.Status.SKIPPED)
        return
    message = build_reminder(delivery, connection, notes)
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
    if mark_sent is None:
        _finish(delivery, Delivery.Status.SENT)
    else:
        mark_sent(delivery)


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
