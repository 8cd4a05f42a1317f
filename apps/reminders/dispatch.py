"""dispatch_due: claim the schedules whose time has come, write one Delivery per person,
kind and local date, move next_*_at on, and queue the sends once the transaction commits.

Built for many people due in the same minute: batches of BATCH_SIZE schedules, each one
transaction with a handful of statements, whatever the batch size. The writes go through the
ORM; on PostgreSQL dispatch_pg.py does each as one array statement instead (its docstring
has the figures that keep it).
"""

from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any, NamedTuple

from allauth.account.models import EmailAddress
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from apps.lifestyle.models import DailyLog
from apps.reminders import dispatch_pg, schedule
from apps.reminders.models import Delivery, Kind, ReminderSchedule

BATCH_SIZE = 2000
SEND_CHUNK = 200  # deliveries per send_batch task: one SMTP connection each
INSERT_CHUNK = 500  # rows per INSERT: within SQLite's limit on parameters


Row = tuple[Any, ...]  # a due schedule's columns, as _due_rows selects them
Position = tuple[datetime, int]  # (next_*_at, id) of the last row of the previous batch


class Outcome(NamedTuple):
    """What claiming does to a schedule; most people in a batch share one."""

    old_next: datetime
    new_next: datetime | None
    local_date: date  # the local date of the delivery


class Claim(NamedTuple):
    schedule_id: int
    person_id: int
    outcome: int  # index into the batch's list of outcomes
    wanted: bool  # verified and active
    skip_if_logged: bool


class Batch(NamedTuple):
    kind: str
    claims: list[Claim]
    outcomes: list[Outcome]

    def local_date(self, claim: Claim) -> date:
        return self.outcomes[claim.outcome].local_date

    def old_next(self, claim: Claim) -> datetime:
        return self.outcomes[claim.outcome].old_next


def dispatch_due(now: datetime | None = None, batch_size: int = BATCH_SIZE) -> list[int]:
    """Returns the ids of the deliveries created (and queued)."""
    now = now or timezone.now()
    created: list[int] = []
    for kind in Kind.values:
        after = None
        while True:
            rows, ids = _dispatch_batch(kind, now, batch_size, after)
            created += ids
            if len(rows) < batch_size:
                break
            after = (rows[-1][2], rows[-1][0])
    return created


def array_statements() -> bool:
    """Whether the writes go through dispatch_pg (PostgreSQL) rather than the ORM.
    bench/reminders.py can turn it off to time the ORM path on PostgreSQL."""
    return connection.vendor == "postgresql"


def _dispatch_batch(
    kind: str, now: datetime, limit: int, after: Position | None
) -> tuple[list[Row], list[int]]:
    with transaction.atomic():
        rows = _due_rows(kind, now, limit, after)
        if not rows:
            return [], []
        batch = _plan(rows, now, kind)
        moved = _move_next(batch)
        wanted = [c for c in batch.claims if c.schedule_id in moved and c.wanted]
        if kind == Kind.DAILY:
            wanted = _without_logged_days(batch, wanted)
        ids = _insert_deliveries(batch, wanted, now)
        transaction.on_commit(lambda: queue_sends(ids))
    return rows, ids


def _due_rows(kind: str, now: datetime, limit: int, after: Position | None) -> list[Row]:
    column = f"next_{kind}_at"
    verified = EmailAddress.objects.filter(user_id=OuterRef("person_id"), verified=True)
    queryset = (
        ReminderSchedule.objects.due(kind, now)
        .annotate(verified=Exists(verified.filter(primary=True)))
        .order_by(column, "id")
    )
    if after:
        # Keyset paging: start past the last batch instead of walking again over the index
        # entries it left behind (dead until vacuum).
        queryset = queryset.filter(
            Q(**{f"{column}__gt": after[0]}) | Q(**{column: after[0], "id__gt": after[1]})
        )
    if connection.features.has_select_for_update_skip_locked:
        # The claim on PostgreSQL: these rows are ours until the transaction ends, and a
        # second dispatcher skips them instead of waiting or sending them again.
        queryset = queryset.select_for_update(skip_locked=True, of=("self",))
    fields = ("daily_time", "daily_weekdays") if kind == Kind.DAILY else ("weekly_time",)
    return list(
        queryset.values_list(
            "id",
            "person_id",
            column,
            "person__timezone",
            "person__is_active",
            "verified",
            "skip_if_logged",
            "weekly_weekday",
            *fields,
        )[:limit]
    )


def _plan(rows: list[Row], now: datetime, kind: str) -> Batch:
    # Most people share a zone and a time: compute each combination once per batch.
    occurrences: dict[tuple[str, time, int], tuple[datetime | None, date]] = {}
    outcomes: dict[Outcome, int] = {}
    claims = []
    for sid, pid, old, tz, active, verified, skip, weekly_day, at, *rest in rows:
        bits = rest[0] if kind == Kind.DAILY else 1 << weekly_day
        key = (tz, at, bits)
        if key not in occurrences:
            occurrences[key] = _next_and_date(now, tz, at, bits)
        outcome = Outcome(old, *occurrences[key])
        index = outcomes.setdefault(outcome, len(outcomes))
        claims.append(Claim(sid, pid, index, active and verified, skip))
    return Batch(kind, claims, list(outcomes))


def _next_and_date(now: datetime, tz: str, at: time, bits: int) -> tuple[datetime | None, date]:
    """The next occurrence after now, and the local date of the latest one at or before now:
    after an outage that is the one (and only one) that gets sent."""
    if not bits:
        return None, schedule.local_date(now, tz)
    latest = schedule.latest_occurrence(now, tz, at, bits)
    return schedule.next_occurrence(now, tz, at, bits), schedule.local_date(latest, tz)


def _move_next(batch: Batch) -> set[int]:
    """Move next_*_at on, for the schedules that are still ours: next_*_at holds the value
    we read (one re-select; on PostgreSQL the row lock already guarantees it, on SQLite the
    IMMEDIATE transaction). Then one UPDATE per distinct next time, which most people in a
    batch share. Returns the ids that were ours."""
    if array_statements():
        return dispatch_pg.move_next(batch)
    column = f"next_{batch.kind}_at"
    current = dict(
        ReminderSchedule.objects.filter(pk__in=[c.schedule_id for c in batch.claims]).values_list(
            "pk", column
        )
    )
    ours = [c for c in batch.claims if current.get(c.schedule_id) == batch.old_next(c)]
    for index, outcome in enumerate(batch.outcomes):
        ids = [c.schedule_id for c in ours if c.outcome == index]
        if ids:
            ReminderSchedule.objects.filter(pk__in=ids).update(**{column: outcome.new_next})
    return {c.schedule_id for c in ours}


def _without_logged_days(batch: Batch, claims: list[Claim]) -> list[Claim]:
    asking = [c for c in claims if c.skip_if_logged]
    if not asking:
        return claims
    if array_statements():
        logged = dispatch_pg.logged_days(batch, asking)
    else:
        logged = set(
            DailyLog.objects.filter(
                person_id__in={c.person_id for c in asking},
                date__in={batch.local_date(c) for c in asking},
            ).values_list("person_id", "date")
        )
    return [
        c for c in claims if not (c.skip_if_logged and (c.person_id, batch.local_date(c)) in logged)
    ]


def _insert_deliveries(batch: Batch, claims: list[Claim], now: datetime) -> list[int]:
    """The unique key (person, kind, local date) drops a delivery someone already wrote
    (ignore_conflicts); one re-select then finds exactly the rows this run created: their
    created_at is after `started`, which no earlier run's row can be (an earlier run for the
    same person, kind and day has committed before this batch claimed the schedule)."""
    if not claims:
        return []
    if array_statements():
        return dispatch_pg.insert_deliveries(batch, claims, now)
    started = timezone.now()
    Delivery.objects.bulk_create(
        [
            Delivery(person_id=c.person_id, kind=batch.kind, local_date=batch.local_date(c))
            for c in claims
        ],
        batch_size=INSERT_CHUNK,
        ignore_conflicts=True,
    )
    created = Delivery.objects.filter(
        kind=batch.kind, person_id__in=[c.person_id for c in claims], created_at__gte=started
    )
    return list(created.order_by("pk").values_list("pk", flat=True))


def queue_sends(ids: list[int], enqueue: Callable[[list[int]], object] | None = None) -> None:
    """One send_batch task per SEND_CHUNK deliveries: the worker reuses one SMTP
    connection for the chunk, and the broker sees a few messages instead of thousands."""
    if enqueue is None:
        from apps.reminders.tasks import send_batch

        enqueue = send_batch.delay
    for start in range(0, len(ids), SEND_CHUNK):
        enqueue(ids[start : start + SEND_CHUNK])
