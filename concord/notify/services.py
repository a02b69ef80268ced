"""Queue notifications in the outbox, inside the caller's transaction."""

from __future__ import annotations

from django.contrib.auth.models import User

from concord.accounts.models import Unit
from concord.cases.models import Case
from concord.notify.models import Notification


def queue_case_notification(
    kind: str,
    case: Case,
    *,
    subject: str,
    body: str = "",
    units: list[Unit] | None = None,
    user: User | None = None,
) -> list[Notification]:
    """Outbox rows for a case event: one for the user if given, one per unit.

    Written in the same transaction as the change, so a committed change always has its
    notification and a rolled-back one never does; `notify_worker` delivers them.
    """
    rows = [Notification(kind=kind, case=case, recipient_unit=unit, subject=subject, body=body) for unit in units or []]
    if user is not None:
        rows.append(Notification(kind=kind, case=case, recipient_user=user, subject=subject, body=body))
    return Notification.objects.bulk_create(rows)
