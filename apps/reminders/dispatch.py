"""dispatch_due: claim the schedules whose time has come, write one Delivery per person,
kind and local date, move next_*_at on, and queue the sends once the transaction commits.

Built for many people due in the same minute: batches of BATCH_SIZE schedules, each one
transaction with a handful of statements, whatever the batch size.
"""

from collections.abc import Callable
from datetime import date, datetime, time
from typing import NamedTuple

from allauth.account.models import EmailAddress
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from apps.lifestyle.models import DailyLog
from apps.reminders import schedule
from apps.reminders.models import Delivery, Kind, ReminderSchedule

BATCH_SIZE = 2000
SEND_CHUNK = 200  # deliveries per send_batch task: one SMTP connection each


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


def _dispatch_batch(
    kind: str, now: datetime, limit: int, after: tuple | None
) -> tuple[list[tuple], list[int]]:
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


def _due_rows(kind: str, now: datetime, limit: int, after: tuple | None) -> list[tuple]:
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


def _plan(rows: list[tuple], now: datetime, kind: str) -> Batch:
    # Most people share a zone and a time: compute each combination once per batch.
    occurrences: dict[tuple, tuple[datetime | None, date]] = {}
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


# PostgreSQL gets one statement per step with the batch passed as arrays: a claim carries a
# 1-based index into the few distinct outcomes, so the arrays are mostly small integers.
def _pg_arrays(batch: Batch, claims: list[Claim]) -> tuple[list[int], list[int]]:
    return [c.person_id for c in claims], [c.outcome + 1 for c in claims]


def _move_next(batch: Batch) -> set[int]:
    """The conditional update: a schedule is ours only if next_*_at still holds the value we
    read (on PostgreSQL the row lock already guarantees it). Returns the ids that were ours."""
    column = f"next_{batch.kind}_at"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {ReminderSchedule._meta.db_table} AS s "  # noqa: S608 (our names)
                f"SET {column} = (%s::timestamptz[])[v.k] "
                "FROM unnest(%s::bigint[], %s::int[]) AS v(id, k) "
                f"WHERE s.id = v.id AND s.{column} = (%s::timestamptz[])[v.k] "
                "RETURNING s.id",
                [
                    [o.new_next for o in batch.outcomes],
                    [c.schedule_id for c in batch.claims],
                    [c.outcome + 1 for c in batch.claims],
                    [o.old_next for o in batch.outcomes],
                ],
            )
            return {row[0] for row in cursor.fetchall()}
    moved = set()
    for c in batch.claims:
        outcome = batch.outcomes[c.outcome]
        claimed = ReminderSchedule.objects.filter(pk=c.schedule_id, **{column: outcome.old_next})
        if claimed.update(**{column: outcome.new_next}) == 1:
            moved.add(c.schedule_id)
    return moved


def _without_logged_days(batch: Batch, claims: list[Claim]) -> list[Claim]:
    asking = [c for c in claims if c.skip_if_logged]
    if not asking:
        return claims
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT l.person_id, l.date FROM {DailyLog._meta.db_table} AS l "  # noqa: S608
                "JOIN unnest(%s::bigint[], %s::int[]) AS v(p, k) "
                "ON l.person_id = v.p AND l.date = (%s::date[])[v.k]",
                [*_pg_arrays(batch, asking), [o.local_date for o in batch.outcomes]],
            )
            logged = set(cursor.fetchall())
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


INSERT_COLUMNS = "(person_id, kind, local_date, status, attempts, last_error, created_at)"


def _insert_deliveries(batch: Batch, claims: list[Claim], now: datetime) -> list[int]:
    """INSERT ... ON CONFLICT DO NOTHING RETURNING id: the ids are exactly the rows this run
    created, so a delivery someone else already wrote is never queued twice."""
    if not claims:
        return []
    table = Delivery._meta.db_table
    conflict = "ON CONFLICT (person_id, kind, local_date) DO NOTHING RETURNING id"
    queued = Delivery.Status.QUEUED
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"INSERT INTO {table} {INSERT_COLUMNS} "  # noqa: S608 (names are ours)
                "SELECT v.p, %s, (%s::date[])[v.k], %s, 0, '', %s "
                f"FROM unnest(%s::bigint[], %s::int[]) AS v(p, k) {conflict}",
                [
                    batch.kind,
                    [o.local_date for o in batch.outcomes],
                    queued,
                    now,
                    *_pg_arrays(batch, claims),
                ],
            )
            return [row[0] for row in cursor.fetchall()]
        ids: list[int] = []
        created_at = connection.ops.adapt_datetimefield_value(now)
        for start in range(0, len(claims), 500):
            chunk = claims[start : start + 500]
            params: list = []
            for c in chunk:
                day = connection.ops.adapt_datefield_value(batch.local_date(c))
                params += [c.person_id, batch.kind, day, queued, created_at]
            values = ", ".join(["(%s, %s, %s, %s, 0, '', %s)"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} {INSERT_COLUMNS} VALUES {values} {conflict}",  # noqa: S608
                params,
            )
            ids += [row[0] for row in cursor.fetchall()]
        return ids


def queue_sends(ids: list[int], enqueue: Callable | None = None) -> None:
    """One send_batch task per SEND_CHUNK deliveries: the worker reuses one SMTP
    connection for the chunk, and the broker sees a few messages instead of thousands."""
    if enqueue is None:
        from apps.reminders.tasks import send_batch

        enqueue = send_batch.delay
    for start in range(0, len(ids), SEND_CHUNK):
        enqueue(ids[start : start + SEND_CHUNK])
