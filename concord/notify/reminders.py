"""Deadline reminders: word to whoever holds a case when the deadline that applies to it comes
within ``CONCORD_DUE_SOON_HOURS``, once per deadline, however many workers sweep. A sweep of
the SLA worker (``sla.services.register_sweep``)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from concord.cases.models import AWAITING_SIGN_FOR, OPEN_STATUSES, Case
from concord.notify.models import SweepMark
from concord.notify.services import queue_reminders
from concord.sla.services import register_sweep
from concord.workflow.kernel import Notice

EVENT = "case.deadline_near"


def _notice(case: Case) -> Notice:
    which = _("sign-for") if case.status in AWAITING_SIGN_FOR else _("resolution")
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
    last round; returns how many were queued."""
    now = now or timezone.now()
    ahead = timedelta(hours=settings.CONCORD_DUE_SOON_HOURS)
    SweepMark.objects.get_or_create(name=EVENT, defaults={"until": now - ahead})
    queued = 0
    with transaction.atomic():
        mark = SweepMark.objects.select_for_update().get(name=EVENT)
        start = max(mark.until + ahead, now)
        due = (
            Case.objects.filter(status__in=OPEN_STATUSES, due_at__gt=start, due_at__lte=now + ahead)
            .select_related("unit", "assignee")
            .order_by("due_at", "id")
        )
        for case in due:
            assert case.due_at is not None
            key = f"deadline:{case.pk}:{int(case.due_at.timestamp())}"
            queued += queue_reminders(case, EVENT, [_notice(case)], key, now)
        if now > mark.until:
            mark.until = now
            mark.save(update_fields=["until"])
    return queued


register_sweep("deadline_reminders", remind_deadlines)
