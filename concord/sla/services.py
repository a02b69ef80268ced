"""The SLA sweep: every case past the deadline that applies to it gets its overdue step
(escalation; for a referral nobody answered, the resolution app's), exactly once, however
many workers run it at the same time. Other sweeps (an agreement's terms past due) register
here and run in the same worker."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from concord.cases.models import Case
from concord.routing.escalation import escalate_overdue
from concord.workflow.kernel import Action

log = logging.getLogger(__name__)

# The system step the sweep takes on an overdue case: the first declared for its status.
OVERDUE_STEPS: list[Action[Any, Any]] = [escalate_overdue]
# More sweeps for the worker: name -> sweep(now) returning how many it handled.
SWEEPS: dict[str, Callable[[datetime], int]] = {}


def register_overdue_step(action: Action[Any, Any]) -> None:
    """Let a higher layer name the step for cases overdue in the statuses it declares."""
    if action not in OVERDUE_STEPS:
        OVERDUE_STEPS.append(action)


def register_sweep(name: str, run: Callable[[datetime], int]) -> None:
    SWEEPS[name] = run


def _claim_one(now: datetime, skip: set[int]) -> Case | None:
    """Lock one overdue case that no other worker holds (call inside a transaction).

    PostgreSQL: ``SELECT … FOR UPDATE SKIP LOCKED`` hands each worker a different row.
    SQLite: transactions take the write lock at BEGIN (IMMEDIATE), so workers run one at
    a time; the overdue step re-checks the deadline under that lock.
    """
    qs = Case.objects.filter(due_at__lte=now).exclude(pk__in=skip).order_by("due_at", "id")
    if connection.features.has_select_for_update_skip_locked:
        qs = qs.select_for_update(skip_locked=True)
    return qs.first()


def sweep(now: datetime | None = None, *, limit: int = 500) -> int:
    """Take the overdue step on up to ``limit`` overdue cases; returns how many were escalated."""
    now = now or timezone.now()
    escalated = 0
    seen: set[int] = set()
    for _ in range(limit):
        with transaction.atomic():
            case = _claim_one(now, seen)
            if case is None:
                break
            seen.add(case.pk)
            step = next((action for action in OVERDUE_STEPS if case.status in action.states), None)
            if step is None:
                log.warning("sla: case %s is overdue in %s, which no step handles", case.pk, case.status)
                continue
            try:
                event = step(case, actor=None, now=now)
                # Its declared event: the case (or referral) went up; another (at the top) did not.
                if event is not None and event.action == step.event:
                    escalated += 1
            except Exception:  # one bad case must not stop the sweep for the others
                log.exception("sla: escalating case %s failed; will retry next sweep", case.pk)
    return escalated


def other_sweeps(now: datetime | None = None) -> dict[str, int]:
    """Run every registered sweep once; what each handled."""
    now = now or timezone.now()
    return {name: run(now) for name, run in SWEEPS.items()}
