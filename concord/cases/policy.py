"""The case state machine and who may take each action: the single source of truth
that services enforce and pages and the API only display."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from concord.accounts.access import HANDLER_ROLES, LEAD_ROLES, Scope
from concord.accounts.models import Role
from concord.cases.models import Case, Status
from concord.risk.models import RiskLevel

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
    "assess_risk": _("record the risk checklist"),
    "raise_risk": _("raise the risk level"),
    "lower_risk": _("lower the risk level"),
    "refer_counselling": _("refer to counselling"),
}

# Risk steps, legal while a case is not over (at sign-for or any time after).
_RISK = ("assess_risk", "raise_risk", "lower_risk", "refer_counselling")

# status -> actions that are legal in it
ACTIONS_BY_STATUS: dict[str, tuple[str, ...]] = {
    Status.REPORTED: ("sign_for", "add_note", "escalate", "reject", "correct", *_RISK),
    Status.ESCALATED: ("sign_for", "add_note", "escalate", "reject", "correct", *_RISK),
    Status.REOPENED: ("sign_for", "add_note", "escalate", "correct", *_RISK),
    Status.ACCEPTED: ("add_note", "start_mediation", "resolve", "escalate", "correct", *_RISK),
    Status.IN_MEDIATION: ("add_note", "resolve", "escalate", "correct", *_RISK),
    Status.REFERRED: ("add_note", "correct", *_RISK),
    Status.RESOLVED: ("add_note", "follow_up", "reopen", "correct", *_RISK),
    Status.FOLLOWED_UP: ("add_note", "close", "reopen", "correct", *_RISK),
    Status.CLOSED: ("add_note", "reopen", "correct"),
    Status.REJECTED: ("add_note", "reopen", "correct"),
}

# action -> roles (in the handling unit) that may take it
ROLES_BY_ACTION: dict[str, frozenset[str]] = {
    "sign_for": HANDLER_ROLES,
    "add_note": HANDLER_ROLES,
    "start_mediation": HANDLER_ROLES,
    "resolve": HANDLER_ROLES,
    "escalate": HANDLER_ROLES,
    "reject": HANDLER_ROLES,
    "reopen": LEAD_ROLES,
    "follow_up": HANDLER_ROLES,
    "close": HANDLER_ROLES,
    "correct": HANDLER_ROLES,
    "assess_risk": HANDLER_ROLES,
    "raise_risk": HANDLER_ROLES,
    "lower_risk": frozenset({Role.SUPERVISOR}),
    "refer_counselling": HANDLER_ROLES,
}
# Actions a supervisor may also take on cases handled below them, anywhere in their area.
UP_THE_TREE = frozenset({"lower_risk"})


def legal_actions(status: str) -> tuple[str, ...]:
    """Actions the state machine allows in this status, whoever asks."""
    return ACTIONS_BY_STATUS.get(status, ())


def allowed_actions(case: Case, scope: Scope) -> list[str]:
    """Actions this user may take on this case now: legal in its status and allowed to
    one of the user's roles in the unit that handles it (or, for ``UP_THE_TREE`` actions,
    to a role the user holds anywhere, when the case lies in their area)."""
    roles = scope.roles_in(case.unit_id)
    above = scope.roles_over(case)
    return [
        action
        for action in legal_actions(case.status)
        if _possible(action, case)
        and (roles & ROLES_BY_ACTION[action] or (action in UP_THE_TREE and above & ROLES_BY_ACTION[action]))
    ]


def _possible(action: str, case: Case) -> bool:
    """Whether the case's state leaves room for the action (beyond its status)."""
    if action == "raise_risk":
        return case.risk_level < RiskLevel.CRITICAL
    if action == "lower_risk":
        return case.risk_level > RiskLevel.STANDARD
    return True
