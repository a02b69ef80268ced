"""Stalled cases: cases still needing work with nothing recorded for ``CONCORD_STALLED_DAYS``
days. One alert per handling unit and ISO week lists them, so that a backlog is seen as one
thing to act on rather than a flood."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.conf import settings

from concord.accounts.models import Unit
from concord.cases.models import Case, Status
from concord.dates import day_start
from concord.geo.queries import ANCESTOR_PATH
from concord.warning.findings import Finding
from concord.warning.models import AlertKind
from concord.warning.series import monday

# Cases that need nobody any more: closed, rejected, and followed up (the visit is done and
# only the closing click is left; counting those would bury the cases that are stuck).
DONE = (Status.CLOSED, Status.REJECTED, Status.FOLLOWED_UP)
MAX_CASES = 1000


def detect_stalled(day: date) -> list[Finding]:
    """Signals for the cases that had nothing recorded in the ``CONCORD_STALLED_DAYS`` days
    up to the end of ``day`` (judged on the cases as they are now: run it for today)."""
    days = settings.CONCORD_STALLED_DAYS
    cutoff = day_start(day + timedelta(days=1)) - timedelta(days=days)
    rows = (
        Case.objects.exclude(status__in=DONE)
        .filter(updated_at__lt=cutoff)
        .order_by("updated_at")
        .values_list("unit_id", "pk")
    )
    by_unit: dict[int, list[int]] = defaultdict(list)
    for unit_id, case_id in rows:
        by_unit[unit_id].append(case_id)
    units = Unit.objects.select_related(f"region__{ANCESTOR_PATH}").in_bulk(by_unit)
    week = monday(day)
    return [
        Finding(
            kind=AlertKind.STALLED,
            thread=f"unit:{unit_id}",
            episode=week,
            region=units[unit_id].region,
            unit=units[unit_id],
            window_start=week,
            window_end=day,
            detector="stalled",
            observed=float(len(case_ids)),
            case_ids=case_ids[:MAX_CASES],
            details={"days": days},
        )
        for unit_id, case_ids in sorted(by_unit.items())
    ]
