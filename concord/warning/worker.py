"""The warning worker's day: each job (count spikes, collective disputes, repeat disputes,
stalled cases) runs once per day, however many workers run at the same time.

A worker claims a (job, day) by inserting its ``WarningRun`` row (the unique constraint
picks one winner) and holds a lease while it runs; a run whose lease expired without
finishing (its worker died) is taken over by a conditional UPDATE. Raising alerts is an
upsert on each alert's key, so even a job run twice raises nothing twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from concord.warning.collective import detect_collective
from concord.warning.counts import detect_counts, last_sunday
from concord.warning.findings import Finding
from concord.warning.models import WarningRun
from concord.warning.repeat import detect_repeats
from concord.warning.services import raise_alert
from concord.warning.stalled import detect_stalled

log = logging.getLogger(__name__)

JOBS: dict[str, Callable[[date], list[Finding]]] = {
    "counts": detect_counts,
    "collective": detect_collective,
    "repeat": detect_repeats,
    "stalled": detect_stalled,
}
# Count spikes are judged per completed ISO week: every day of the next week would judge
# the same one again, so the run is claimed for the week's Sunday.
PERIOD: dict[str, Callable[[date], date]] = {"counts": last_sunday}
# Judged on the cases as they are now, so meaningless for a past day.
CURRENT_ONLY = frozenset({"stalled"})
LEASE = timedelta(minutes=30)


def claim(job: str, day: date) -> WarningRun | None:
    """This worker's run of ``job`` for ``day``, or None if another has it or it is done."""
    now = timezone.now()
    try:
        with transaction.atomic():
            return WarningRun.objects.create(job=job, day=day, started_at=now, leased_until=now + LEASE)
    except IntegrityError:
        pass
    taken = WarningRun.objects.filter(job=job, day=day, finished_at__isnull=True, leased_until__lt=now).update(
        started_at=now, leased_until=now + LEASE
    )
    return WarningRun.objects.get(job=job, day=day) if taken else None


def run_job(job: str, day: date, *, force: bool = False) -> dict[str, int] | None:
    """Run one job for one day if this worker claims it (with ``force``, even if it ran
    already: after the counts were rebuilt, say); returns what it found and raised."""
    if force:
        WarningRun.objects.filter(job=job, day=day, finished_at__isnull=False).delete()
    run = claim(job, day)
    if run is None:
        return None
    raised = updated = 0
    for finding in JOBS[job](day):
        _alert, created = raise_alert(finding)
        raised += created
        updated += not created
    result = {"findings": raised + updated, "raised": raised}
    WarningRun.objects.filter(pk=run.pk).update(finished_at=timezone.now(), result=result)
    return result


def period_of(job: str, day: date) -> date:
    """The day a job's run for ``day`` is claimed under (the same for days judged alike)."""
    period = PERIOD.get(job)
    return period(day) if period is not None else day


def run_days(
    days: Iterable[date], jobs: Iterable[str] = tuple(JOBS), *, force: bool = False
) -> dict[str, dict[str, int]]:
    """Run the jobs for each day in order (oldest first, so that episodes continue); a job
    that fails is logged and left unfinished, for a later run to take over."""
    today = timezone.localdate()
    totals: dict[str, dict[str, int]] = {}
    runs = sorted({(period_of(job, day), list(JOBS).index(job), job) for day in days for job in jobs})
    for day, _order, job in runs:
        if job in CURRENT_ONLY and day < today - timedelta(days=1):
            continue
        try:
            result = run_job(job, day, force=force)
        except Exception:
            log.exception("warning: %s for %s failed; a later run will retry it", job, day)
            continue
        if result is not None:
            total = totals.setdefault(job, {"days": 0, "findings": 0, "raised": 0})
            total["days"] += 1
            total["findings"] += result["findings"]
            total["raised"] += result["raised"]
    return totals
