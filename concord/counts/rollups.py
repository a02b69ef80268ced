"""Writing the daily counts: one upsert per change, in the caller's transaction.

Nothing here knows what a case is: ``concord.cases.counting`` says which rows a case adds one
to (its region at every level × its category and parent × its local day) and when. The rows
are written in key order, so that concurrent transactions lock shared rows in the same order
and never deadlock; a row that reaches zero is removed (zero rows are never kept).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import connection

from concord.counts.models import DailyCount
from concord.geo.models import Region

Key = tuple[int, int, date]  # (region id, category id, local day)
Row = tuple[int, int, date, int]  # a key and its count

INSERT_BATCH = 5000


def add(keys: Iterable[Key], delta: int) -> None:
    """Add ``delta`` to each row (created if missing, removed when it reaches zero), in one
    statement. Call inside the transaction of the change."""
    ordered = sorted(set(keys))
    if not ordered or delta == 0:
        return
    table = connection.ops.quote_name(DailyCount._meta.db_table)
    values = ", ".join(["(%s, %s, %s, %s)"] * len(ordered))
    params: list[Any] = [item for region, cat, day in ordered for item in (region, cat, day, delta)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (region_id, category_id, day, count) VALUES {values} "  # noqa: S608
            f"ON CONFLICT (region_id, category_id, day) DO UPDATE SET count = {table}.count + excluded.count",
            params,
        )
        if delta < 0:
            matches = " OR ".join(["(region_id = %s AND category_id = %s AND day = %s)"] * len(ordered))
            cursor.execute(
                f"DELETE FROM {table} WHERE count <= 0 AND ({matches})",  # noqa: S608
                [item for key in ordered for item in key],
            )


def move(before: list[Key], after: list[Key]) -> None:
    """One thing counted moved from the rows ``before`` to the rows ``after``."""
    if before != after:
        add(before, -1)
        add(after, +1)


def add_totals(totals: Counter[Key], batch: int = INSERT_BATCH) -> None:
    """Add many at once (a bulk load): as many upserts as there are distinct totals."""
    by_count: dict[int, list[Key]] = {}
    for key, n in totals.items():
        by_count.setdefault(n, []).append(key)
    for n, keys in by_count.items():
        for start in range(0, len(keys), batch):
            add(keys[start : start + batch], n)


def replace_all(rows: Iterable[Row]) -> int:
    """Replace the whole table by ``rows`` (call inside a transaction); returns how many.

    On PostgreSQL the table is locked against writers first (readers go on), so a change
    committed meanwhile is either in ``rows`` or adds its one after it; on SQLite the write
    transaction already excludes every other writer.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {connection.ops.quote_name(DailyCount._meta.db_table)} IN EXCLUSIVE MODE")
    DailyCount.objects.all().delete()  # one DELETE: nothing refers to these rows
    written = 0
    batch: list[DailyCount] = []
    for region, category, day, n in rows:
        batch.append(DailyCount(region_id=region, category_id=category, day=day, count=n))
        if len(batch) >= INSERT_BATCH:
            written += len(DailyCount.objects.bulk_create(batch))
            batch = []
    written += len(DailyCount.objects.bulk_create(batch))
    return written


def differences(expected_rows: Iterable[Row], limit: int = 20) -> tuple[int, list[str]]:
    """How many rows differ between the table and ``expected_rows``, and the first few."""
    expected: dict[Key, int] = {(r, c, d): n for r, c, d, n in expected_rows}
    found: dict[Key, int] = {
        (r, c, d): n for r, c, d, n in DailyCount.objects.values_list("region_id", "category_id", "day", "count")
    }
    wrong = sorted(key for key in expected.keys() | found.keys() if expected.get(key, 0) != found.get(key, 0))
    codes = dict(Region.objects.filter(pk__in={key[0] for key in wrong[:limit]}).values_list("pk", "code"))
    shown = [
        f"region {codes.get(key[0], key[0])} category {key[1]} {key[2]}: "
        f"table {found.get(key, 0)}, cases {expected.get(key, 0)}"
        for key in wrong[:limit]
    ]
    return len(wrong), shown
