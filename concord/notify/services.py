"""Queue notifications in the outbox, inside the caller's transaction.

The workflow kernel hands every step's notices here (``connect_outbox`` at start-up), so
that a committed change always has its notifications and a rolled-back one never does;
``notify_worker`` delivers them afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.models import User
from django.db import models

from concord.accounts.models import Unit
from concord.cases.models import Case
from concord.notify.models import Notification
from concord.workflow.kernel import Notice


def queue_notification(
    kind: str,
    *,
    subject: str,
    body: str = "",
    units: Sequence[Unit] = (),
    users: Sequence[User] = (),
    case: Case | None = None,
) -> list[Notification]:
    """Outbox rows, one per unit and one per user, inside the caller's transaction."""
    rows = [Notification(kind=kind, case=case, recipient_unit=unit, subject=subject, body=body) for unit in units]
    rows += [Notification(kind=kind, case=case, recipient_user=user, subject=subject, body=body) for user in users]
    return Notification.objects.bulk_create(rows)


def queue_notices(subject: models.Model, event: str, notices: Sequence[Notice]) -> None:
    """The outbox rows of one step's notices (the kernel calls this in the step's transaction)."""
    case = subject if isinstance(subject, Case) else None
    for notice in notices:
        units = [unit for unit in notice.units if isinstance(unit, Unit)]
        if len(units) != len(notice.units):
            raise TypeError(f"{event}: a notice goes to units (accounts.Unit) and users only")
        queue_notification(
            notice.kind or event,
            subject=notice.subject[:200],
            body=notice.body,
            units=units,
            users=notice.users,
            case=case,
        )
