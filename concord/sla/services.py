"""The SLA sweep: escalate every case that missed its deadline, exactly once, however
many workers run it at the same time."""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone

from concord.cases.models import Case
from concord.routing.escalation import escalate_overdue

log = logging.getLogger(__name__)


def _claim_one(now: datetime, skip: set[int]) -> Case | None:
    """Lock one overdue case that no other worker holds (call inside a transaction).

    PostgreSQL: ``SELECT … FOR UPDATE SKIP LOCKED`` hands each worker a different row.
    SQLite: transactions take the write lock at BEGIN (IMMEDIATE), so workers run one at
    a time; ``escalate_overdue`` re-checks the deadline under that lock.
    """
    qs = Case.objects.filter(due_at__lte=now).exclude(pk__in=skip).order_by("due_at", "id")
    if connection.features.has_select_for_update_skip_locked:
        qs = qs.select_for_update(skip_locked=True)
    return qs.first()


def sweep(now: datetime | None = None, *, limit: int = 500) -> int:
    """Escalate up to ``limit`` overdue cases; returns how many were escalated."""
    now = now or timezone.now()
    escalated = 0
    seen: set[int] = set()
    for _ in range(limit):
        with transaction.atomic():
            case = _claim_one(now, seen)
            if case is None:
                break
            seen.add(case.pk)
            try:
                event = escalate_overdue(case, actor=None, now=now)
                if event is not None and event.action == "case.escalated_overdue":
                    escalated += 1
            except Exception:  # one bad case must not stop the sweep for the others
                log.exception("sla: escalating case %s failed; will retry next sweep", case.pk)
    return escalated
