"""Escalation (上报): a case goes one region level up, to the unit there that handles its
category, by a worker's decision or by the SLA sweep when a deadline passes. Both are steps
of the case workflow; both tell the unit it leaves and the unit it reaches."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concord.accounts.access import HANDLERS
from concord.cases.deadlines import resolution_window, sign_for_window
from concord.cases.forms import ReasonForm
from concord.cases.models import AWAITING_SIGN_FOR, Case, Status
from concord.cases.services import ESCALATABLE
from concord.cases.workflow import CASES
from concord.routing.services import escalation_target
from concord.workflow.errors import InvalidInput
from concord.workflow.kernel import SYSTEM, Change, Notice, Step
from concord.workflow.text import clean_text


def _escalate(step: Step[Case], reason: str) -> Change | None:
    """Move the case to the unit one level up; None when there is none (the top level)."""
    case = step.subject
    target = escalation_target(case.unit, case.category)
    if target is None:
        return None
    from_unit = case.unit
    case.unit = target
    case.assignee = None
    case.escalation_count += 1
    case.sign_for_deadline = step.now + sign_for_window()
    case.resolution_deadline = step.now + resolution_window(case)
    return Change(
        note=reason,
        fields=["unit", "assignee", "escalation_count", "sign_for_deadline", "resolution_deadline"],
        data={"from_unit": from_unit.pk, "to_unit": target.pk},
        notices=[
            Notice(
                subject=f"{case.receipt}: {_('escalated')} {from_unit.name} → {target.name}",
                body=reason,
                units=[from_unit, target],
            )
        ],
    )


@CASES.action(
    "escalate",
    label=gettext_lazy("escalate"),
    help=gettext_lazy("Send the case one region level up, to the unit there that handles its kind of dispute."),
    states=ESCALATABLE,
    who=HANDLERS,
    form=ReasonForm,
    event="case.escalated",
    to=Status.ESCALATED,
    public=True,
    order=50,
)
def escalate_case(step: Step[Case], *, reason: str) -> Change:
    """Send the case one region level up (上报), to the unit there that handles its category."""
    change = _escalate(step, clean_text(reason, required=True, what=_("a reason")))
    if change is None:
        raise InvalidInput(_("This case is already at the top level and cannot be escalated further."))
    return change


@CASES.action(
    "escalate_overdue",
    label=gettext_lazy("escalate when a deadline passes"),
    help=gettext_lazy(
        "The SLA sweep sends a case whose sign-for or resolution deadline passed one level up; "
        "at the top level it tells the unit once and stops watching the case."
    ),
    states=ESCALATABLE,
    who=SYSTEM,
    event="case.escalated_overdue",
    to=Status.ESCALATED,
    public=True,
    order=55,
)
def escalate_overdue(step: Step[Case]) -> Change | None:
    """The SLA sweep's escalation: only if the case is still overdue when locked (another
    worker may have handled it). At the top level nothing is above: the case is recorded as
    overdue there once, its unit told, and the sweep stops watching it."""
    case = step.subject
    if case.due_at is None or case.due_at > step.now:
        return None
    which = _("sign-for") if case.status in AWAITING_SIGN_FOR else _("resolution")
    reason = _("The %(which)s deadline passed; escalated automatically.") % {"which": which}
    change = _escalate(step, reason)
    if change is not None:
        return change
    case.due_at = None
    return Change(
        note=reason,
        fields=["due_at"],
        to=None,
        event="case.overdue_at_top",
        public=False,
        notices=[Notice(subject=f"{case.receipt}: {reason}", units=[case.unit])],
    )
