"""Daily counts of reported disputes per (region at every level, category), kept in step
with the cases in the same transaction as the change:

- +1 when a report becomes a case (``intake.services.submit_report``);
- -1 / +1 when a worker corrects a case's category or place;
- -1 when a report is rejected as not a dispute or as a duplicate, +1 if it is reopened.

A case counts for its leaf category and, separately, for that category's parent, on the
local day it was reported. ``rebuild`` recomputes the table from the cases and gives the
same rows (zero rows are never kept), so the counts can always be checked and repaired.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from concord.cases.models import Case, RejectionReason, Status
from concord.cases.queries import all_categories
from concord.geo.models import LEVEL_FIELD, Region
from concord.warning.models import DailyCount

Key = tuple[int, int, date]  # (region id, category id, local day)

# Reports rejected as these are not disputes at all: they are not counted.
NOT_COUNTED_REASONS = (RejectionReason.NOT_A_DISPUTE, RejectionReason.DUPLICATE)


def counted(prefix: str = "") -> Q:
    """The condition on cases (through ``prefix``, e.g. ``"case__"``) for being counted."""
    return ~Q(**{f"{prefix}status": Status.REJECTED, f"{prefix}rejection_reason__in": NOT_COUNTED_REASONS})


COUNTED = counted()
INSERT_BATCH = 5000


def is_counted(case: Case) -> bool:
    """Whether the case is in the counts (the Python twin of ``COUNTED``)."""
    return not (case.status == Status.REJECTED and case.rejection_reason in NOT_COUNTED_REASONS)


def keys_for(case: Case) -> list[Key]:
    """The rows a case adds one to: its region at every level × its category and parent."""
    day = timezone.localdate(case.created_at)
    regions = [getattr(case, f"{field}_id") for field in LEVEL_FIELD.values()]
    category = all_categories()[case.category_id]
    categories = [category.pk] if category.parent_id is None else [category.pk, category.parent_id]
    return [(region, cat, day) for region in regions if region is not None for cat in categories]


def add(keys: Iterable[Key], delta: int) -> None:
    """Add ``delta`` to each row (created if missing, removed when it reaches zero), in one
    statement. Call inside the transaction of the change. Rows are written in key order, so
    that concurrent transactions lock shared rows in the same order and never deadlock."""
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


def count_case(case: Case) -> None:
    """A new case: one more in each of its rows (if it counts)."""
    if is_counted(case):
        add(keys_for(case), +1)


def count_cases(cases: Iterable[Case], batch: int = INSERT_BATCH) -> None:
    """Add many new cases at once (a bulk load that bypassed intake), as many upserts as
    there are distinct rows rather than one per case."""
    totals: Counter[Key] = Counter(key for case in cases if is_counted(case) for key in keys_for(case))
    by_count: dict[int, list[Key]] = {}
    for key, n in totals.items():
        by_count.setdefault(n, []).append(key)
    for n, keys in by_count.items():
        for start in range(0, len(keys), batch):
            add(keys[start : start + batch], n)


def move_case(before: list[Key], after: list[Key]) -> None:
    """A case's rows changed (category, place, or whether it counts): move its one."""
    if before != after:
        add(before, -1)
        add(after, +1)


def _local_day() -> TruncDate:
    return TruncDate("created_at", tzinfo=ZoneInfo(settings.TIME_ZONE))


def computed_rows() -> Iterator[tuple[int, int, date, int]]:
    """Every row the table should hold, computed from the cases: one grouped query per
    level (by region, leaf category and local day), parent categories added up from it."""
    parents = {pk: category.parent_id for pk, category in all_categories().items()}
    for field in LEVEL_FIELD.values():
        grouped = (
            Case.objects.filter(COUNTED, **{f"{field}__isnull": False})
            .annotate(day=_local_day())
            .values_list(f"{field}_id", "category_id", "day")
            .annotate(n=Count("id"))
            .order_by()
        )
        by_parent: Counter[Key] = Counter()
        for region, category, day, n in grouped.iterator(chunk_size=INSERT_BATCH):
            yield region, category, day, n
            parent = parents[category]
            if parent is not None:
                by_parent[(region, parent, day)] += n
        for (region, parent, day), n in by_parent.items():
            yield region, parent, day, n


@transaction.atomic
def rebuild() -> int:
    """Recompute the whole table from the cases; returns the number of rows.

    Safe during intake: on PostgreSQL the table is locked against writers first (readers go
    on), so a report committed meanwhile is either in the recount or adds its one after it;
    on SQLite the write transaction already excludes every other writer.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            table = connection.ops.quote_name(DailyCount._meta.db_table)
            cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
    DailyCount.objects.all().delete()  # one DELETE: nothing refers to these rows
    written = 0
    batch: list[DailyCount] = []
    for region, category, day, n in computed_rows():
        batch.append(DailyCount(region_id=region, category_id=category, day=day, count=n))
        if len(batch) >= INSERT_BATCH:
            written += len(DailyCount.objects.bulk_create(batch))
            batch = []
    written += len(DailyCount.objects.bulk_create(batch))
    return written


def differences(limit: int = 20) -> tuple[int, list[str]]:
    """How many rows differ between the table and a recount, and the first few of them."""
    expected: dict[Key, int] = {(r, c, d): n for r, c, d, n in computed_rows()}
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
