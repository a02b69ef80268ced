"""The alert lifecycle and who may take each step: open -> acknowledged -> actioned ->
closed (confirmed or false alarm), each by a named person. Services enforce it; pages show it."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from concord.accounts.access import LEAD_ROLES, Scope
from concord.warning.models import Alert, AlertStatus

ACTION_LABELS: dict[str, Promise] = {
    "acknowledge": _("acknowledge"),
    "record_action": _("record what was done"),
    "close": _("close"),
    "add_note": _("add a note"),
}

ACTIONS_BY_STATUS: dict[str, tuple[str, ...]] = {
    AlertStatus.OPEN: ("acknowledge", "add_note"),
    AlertStatus.ACKNOWLEDGED: ("record_action", "close", "add_note"),
    AlertStatus.ACTIONED: ("record_action", "close", "add_note"),
    AlertStatus.CLOSED: ("add_note",),
}


def may_act(alert: Alert, scope: Scope) -> bool:
    """Whether the user reviews this alert: a case handler in the unit it is assigned to,
    or a lead or supervisor whose area holds its region (alerts are visible up the tree)."""
    return scope.handles(alert.unit_id) or bool(scope.roles_over(alert) & LEAD_ROLES)


def allowed_actions(alert: Alert, scope: Scope) -> list[str]:
    """The steps this user may take on this alert now."""
    if not may_act(alert, scope):
        return []
    return list(ACTIONS_BY_STATUS.get(alert.status, ()))
