"""Which daily counts a case is in, kept in step with the cases in the same transaction as
the change (``concord.counts.rollups`` writes the rows):

- +1 when a report becomes a case (intake);
- -1 / +1 when a worker corrects a case's category or place;
- -1 when a report is rejected as not a dispute or as a duplicate, +1 if it is reopened.

A case counts for its leaf category and, separately, for that category's parent, on the
local day it was reported. ``rebuild`` recomputes the table from the cases and gives the
same rows, so the counts can always be checked and repaired.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from concord.cases.models import Case, RejectionReason, Status
from concord.cases.queries import all_categories
from concord.counts import rollups
from concord.counts.rollups import Key, Row
from concord.geo.models import LEVEL_FIELD

# Reports rejected as these are not disputes at all: they are not counted.
NOT_COUNTED_REASONS = (RejectionReason.NOT_A_DISPUTE, RejectionReason.DUPLICATE)


def counted(prefix: str = "") -> Q:
    """The condition on cases (through ``prefix``, e.g. ``"case__"``) for being counted."""
    return ~Q(**{f"{prefix}status": Status.REJECTED, f"{prefix}rejection_reason__in": NOT_COUNTED_REASONS})


COUNTED = counted()


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


def counted_keys(case: Case) -> list[Key]:
    """The rows the case is in now (none if it does not count)."""
    return keys_for(case) if is_counted(case) else []


def count_case(case: Case) -> None:
    """A new case: one more in each of its rows (if it counts)."""
    rollups.add(counted_keys(case), +1)


def count_cases(cases: Iterable[Case]) -> None:
    """Add many new cases at once (a bulk load that bypassed intake)."""
    rollups.add_totals(Counter(key for case in cases for key in counted_keys(case)))


def _local_day() -> TruncDate:
    return TruncDate("created_at", tzinfo=ZoneInfo(settings.TIME_ZONE))


def computed_rows() -> Iterator[Row]:
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
        for region, category, day, n in grouped.iterator(chunk_size=rollups.INSERT_BATCH):
            yield region, category, day, n
            parent = parents[category]
            if parent is not None:
                by_parent[(region, parent, day)] += n
        for (region, parent, day), n in by_parent.items():
            yield region, parent, day, n


@transaction.atomic
def rebuild() -> int:
    """Recompute the whole table from the cases (safe during intake); returns the rows written."""
    return rollups.replace_all(computed_rows())


def differences(limit: int = 20) -> tuple[int, list[str]]:
    """How many rows differ between the table and a recount, and the first few of them."""
    return rollups.differences(computed_rows(), limit)
