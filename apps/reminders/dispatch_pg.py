"""dispatch_due's three writes on PostgreSQL, each one statement for a whole batch with the
batch passed as arrays (unnest). dispatch.py calls these on PostgreSQL and does the same
steps through the ORM everywhere else.

Why a second path at all: the ORM path (bulk_create(ignore_conflicts=True), one re-select,
one UPDATE per distinct next time) does not hold the 10,000 dispatched per second of issue
11. Measured 2 December 2026 on the two-core machine shared with other agents, with
bench/reminders.py (100,000 people due in the same minute; BENCH_REMINDERS_DISPATCH=orm
for the ORM path): at load average 3.4, these statements 13,997 per second and the ORM
4,578 per second, one run each, one after the other; at load average 8.7 to 11, in
alternate runs over the same people, these 4,096 and 3,420 per second, the ORM 1,386 and
1,802: two and a half to three times as fast. The ORM spends the difference building 2,000
model instances and IN lists of 2,000 parameters per batch. The results are the same: the
tests in tests/reminders run against both (SQLite and PostgreSQL in CI).

A claim carries a 1-based index into the batch's few distinct outcomes, so the arrays are
mostly small integers.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db import connection

from apps.lifestyle.models import DailyLog
from apps.reminders.models import Delivery, ReminderSchedule

if TYPE_CHECKING:
    from apps.reminders.dispatch import Batch, Claim

INSERT_COLUMNS = "(person_id, kind, local_date, status, attempts, last_error, created_at)"


def _arrays(batch: Batch, claims: list[Claim]) -> tuple[list[int], list[int]]:
    return [c.person_id for c in claims], [c.outcome + 1 for c in claims]


def move_next(batch: Batch) -> set[int]:
    """The conditional update: a schedule is ours only if next_*_at still holds the value
    we read (the row lock already guarantees it). Returns the ids that were ours."""
    column = f"next_{batch.kind}_at"
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


def logged_days(batch: Batch, asking: list[Claim]) -> set[tuple[int, object]]:
    """(person, local date) of the claims whose day already has a log."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT l.person_id, l.date FROM {DailyLog._meta.db_table} AS l "  # noqa: S608
            "JOIN unnest(%s::bigint[], %s::int[]) AS v(p, k) "
            "ON l.person_id = v.p AND l.date = (%s::date[])[v.k]",
            [*_arrays(batch, asking), [o.local_date for o in batch.outcomes]],
        )
        return set(cursor.fetchall())


def insert_deliveries(batch: Batch, claims: list[Claim], now: datetime) -> list[int]:
    """INSERT ... ON CONFLICT DO NOTHING RETURNING id: the ids are exactly the rows this run
    created, so a delivery someone else already wrote is never queued twice."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Delivery._meta.db_table} {INSERT_COLUMNS} "  # noqa: S608 (ours)
            "SELECT v.p, %s, (%s::date[])[v.k], %s, 0, '', %s "
            "FROM unnest(%s::bigint[], %s::int[]) AS v(p, k) "
            "ON CONFLICT (person_id, kind, local_date) DO NOTHING RETURNING id",
            [
                batch.kind,
                [o.local_date for o in batch.outcomes],
                Delivery.Status.QUEUED,
                now,
                *_arrays(batch, claims),
            ],
        )
        return [row[0] for row in cursor.fetchall()]
