"""The case workflow: the kernel's subject ``Case``, its events on the timeline, who stands
where over a case, and the one derived field every step keeps right (``due_at``).

Steps are declared where they belong: the handling steps in ``cases.services``, escalation in
``routing.escalation``, the report in ``intake.services``, the risk steps in ``risk.services``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from concord.accounts.access import scope_for
from concord.cases.deadlines import due_at_for
from concord.cases.models import Case, CaseEvent
from concord.workflow.kernel import Standing, Workflow

# A change to any of these may move the deadline that applies now.
_DEADLINE_FIELDS = frozenset({"status", "sign_for_deadline", "resolution_deadline"})


def _standing(user: User, case: Case) -> Standing:
    return scope_for(user).standing(case.unit_id, case)


def _keep_due_at(case: Case, changed: set[str] | None) -> Iterable[str]:
    """``due_at`` follows the status and the deadlines (the sweep and the inbox read it); a
    step that sets it itself (the sweep at the top level) changes neither and is left alone."""
    if changed is not None and not changed & _DEADLINE_FIELDS:
        return ()
    due = due_at_for(case)
    if due == case.due_at:
        return ()
    case.due_at = due
    return ("due_at",)


CASES: Workflow[Case, CaseEvent] = Workflow(
    "cases",
    Case,
    title=_("Case steps"),
    event_model=CaseEvent,
    subject_field="case",
    standing=_standing,
    refusal=_("You cannot {action} a case that is {status}. Allowed now: {allowed}."),
    lock_related=("unit__region", "category"),
    before_save=_keep_due_at,
    public_events=True,
)
