"""The case state machine and who may take each action: the single source of truth
that services enforce and pages and the API only display."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from concord.accounts.access import HANDLER_ROLES, Scope
from concord.accounts.models import Role
from concord.cases.models import Case, Status

# action -> label shown on buttons and in error messages
ACTION_LABELS: dict[str, Promise] = {
    "sign_for": _("sign for"),
    "add_note": _("add a note"),
    "start_mediation": _("start mediation"),
    "resolve": _("record a resolution"),
    "escalate": _("escalate"),
    "reject": _("reject"),
    "reopen": _("reopen"),
    "follow_up": _("record the follow-up visit"),
    "close": _("close"),
    "correct": _("correct the category or area"),
}

# status -> actions that are legal in it
ACTIONS_BY_STATUS: dict[str, tuple[str, ...]] = {
    Status.REPORTED: ("sign_for", "add_note", "escalate", "reject", "correct"),
    Status.ESCALATED: ("sign_for", "add_note", "escalate", "reject", "correct"),
    Status.REOPENED: ("sign_for", "add_note", "escalate", "correct"),
    Status.ACCEPTED: ("add_note", "start_mediation", "resolve", "escalate", "correct"),
    Status.IN_MEDIATION: ("add_note", "resolve", "escalate", "correct"),
    Status.REFERRED: ("add_note", "correct"),
    Status.RESOLVED: ("add_note", "follow_up", "reopen", "correct"),
    Status.FOLLOWED_UP: ("add_note", "close", "reopen", "correct"),
    Status.CLOSED: ("add_note", "reopen", "correct"),
    Status.REJECTED: ("add_note", "reopen", "correct"),
}

# action -> roles (in the handling unit) that may take it
_LEADS = frozenset({Role.UNIT_LEAD, Role.SUPERVISOR})
ROLES_BY_ACTION: dict[str, frozenset[str]] = {
    "sign_for": HANDLER_ROLES,
    "add_note": HANDLER_ROLES,
    "start_mediation": HANDLER_ROLES,
    "resolve": HANDLER_ROLES,
    "escalate": HANDLER_ROLES,
    "reject": HANDLER_ROLES,
    "reopen": _LEADS,
    "follow_up": HANDLER_ROLES,
    "close": HANDLER_ROLES,
    "correct": HANDLER_ROLES,
}


def legal_actions(status: str) -> tuple[str, ...]:
    """Actions the state machine allows in this status, whoever asks."""
    return ACTIONS_BY_STATUS.get(status, ())


def allowed_actions(case: Case, scope: Scope) -> list[str]:
    """Actions this user may take on this case now: legal in its status and allowed to
    one of the user's roles in the unit that handles it."""
    roles = scope.roles_in(case.unit_id)
    return [action for action in legal_actions(case.status) if roles & ROLES_BY_ACTION[action]]
