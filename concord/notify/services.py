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
    return queue_notification(kind, subject=subject, body=body, units=units, users=[user] if user else [], case=case)


def queue_notification(
    kind: str,
    *,
    subject: str,
    body: str = "",
    units: list[Unit] | None = None,
    users: list[User] | None = None,
    case: Case | None = None,
) -> list[Notification]:
    """Outbox rows, one per unit and one per user, inside the caller's transaction."""
    rows = [Notification(kind=kind, case=case, recipient_unit=unit, subject=subject, body=body) for unit in units or []]
    rows += [
        Notification(kind=kind, case=case, recipient_user=user, subject=subject, body=body) for user in users or []
    ]
    return Notification.objects.bulk_create(rows)
