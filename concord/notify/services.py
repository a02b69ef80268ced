"""Queue notifications in the outbox, inside the caller's transaction.

The workflow kernel hands every step's notices here (``connect_outbox`` at start-up), so
that a committed change always has its notifications and a rolled-back one never does;
``notify_worker`` delivers them afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import models

from concord.accounts.models import Unit
from concord.cases.models import Case
from concord.notify.models import Notification
from concord.workflow.kernel import Notice


def queue_notices(subject: models.Model, event: str, notices: Sequence[Notice]) -> None:
    """The outbox rows of one step's notices, one per unit and one per user (the kernel calls
    this in the step's transaction)."""
    case = subject if isinstance(subject, Case) else None
    rows: list[Notification] = []
    for notice in notices:
        units = [unit for unit in notice.units if isinstance(unit, Unit)]
        if len(units) != len(notice.units):
            raise TypeError(f"{event}: a notice goes to units (accounts.Unit) and users only")
        kind, subject_line = notice.kind or event, notice.subject[:200]
        rows += [
            Notification(kind=kind, case=case, recipient_unit=unit, subject=subject_line, body=notice.body)
            for unit in units
        ]
        rows += [
            Notification(kind=kind, case=case, recipient_user=user, subject=subject_line, body=notice.body)
            for user in notice.users
        ]
    Notification.objects.bulk_create(rows)
