"""Writes outside the case timeline: the audit log."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser, User

from concord.accounts.models import AuditLog

# Keys whose values are never written to the audit log, whatever the caller passes.
_SECRET_KEYS = {"phone", "id_number", "password", "token", "api_key"}


def log_action(
    actor: User | AnonymousUser | None, action: str, object_type: str, object_id: object, **data: Any
) -> AuditLog:
    """Record one audited action (dotted name, e.g. ``party.contact_revealed``), secrets masked."""
    clean = {key: ("***" if key in _SECRET_KEYS else value) for key, value in data.items()}
    user = actor if isinstance(actor, User) else None
    return AuditLog.objects.create(
        actor=user, action=action, object_type=object_type, object_id=str(object_id), data=clean
    )
