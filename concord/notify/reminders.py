"""Deadline reminders: word to whoever holds a case when the deadline that applies to it comes
within ``CONCORD_DUE_SOON_HOURS``, once per deadline, however many workers sweep. A sweep of
the SLA worker (``sla.services.register_sweep``). A deadline set already inside the window (a new
case's sign-for, an escalated or reopened case's) is announced by the step that set it (new case,
escalated to me), not again here: each round looks only at the deadlines that time brought into
the window since the last round, through the deadline index."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from concord.cases.models import AWAITING_SIGN_FOR, OPEN_STATUSES, Case, Status
from concord.notify.models import Notification, SweepMark
from concord.notify.services import staff_rows
from concord.sla.services import register_sweep
from concord.workflow.kernel import Notice

EVENT = "case.deadline_near"


def _which(case: Case) -> str:
    """The name of the deadline that applies in the case's status."""
    if case.status in AWAITING_SIGN_FOR:
        return _("sign-for")
    if case.status == Status.REFERRED:
        return _("referral answer")
    return _("resolution")


def _notice(case: Case) -> Notice:
    which = _which(case)
    assert case.due_at is not None
    subject = _("%(receipt)s: the %(which)s deadline is at %(time)s") % {
        "receipt": case.receipt,
        "which": which,
        "time": timezone.localtime(case.due_at).strftime("%Y-%m-%d %H:%M"),
    }
    if case.assignee is not None:
        return Notice(subject=subject, users=[case.assignee], kind=EVENT)
    return Notice(subject=subject, units=[case.unit], kind=EVENT)


def remind_deadlines(now: datetime | None = None) -> int:
    """Queue a reminder for each case whose deadline came within the warning window since the
    last round; returns how many rows were offered."""
    now = now or timezone.now()
    ahead = timedelta(hours=settings.CONCORD_DUE_SOON_HOURS)
    SweepMark.objects.get_or_create(name=EVENT, defaults={"until": now - ahead})
    with transaction.atomic():
        mark = SweepMark.objects.select_for_update().get(name=EVENT)
        start = max(mark.until + ahead, now)
        due = (
            Case.objects.filter(status__in=OPEN_STATUSES, due_at__gt=start, due_at__lte=now + ahead)
            .select_related("unit", "assignee")
            .order_by("due_at", "id")
        )
        rows: list[Notification] = []
        for case in due:
            assert case.due_at is not None
            key = f"deadline:{case.pk}:{int(case.due_at.timestamp())}"
            rows += staff_rows(EVENT, key, case, [_notice(case)], now)
        # A repeat (another worker's round over the same deadline) is dropped by its key.
        Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
        queued = len(rows)
        if now > mark.until:
            mark.until = now
            mark.save(update_fields=["until"])
    return queued


register_sweep("deadline_reminders", remind_deadlines)
