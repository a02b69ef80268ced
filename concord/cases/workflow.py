"""The case workflow: the kernel's subject ``Case``, its events on the timeline, who stands
where over a case, and the one derived field every step keeps right (``due_at``).

Steps are declared where they belong: the handling steps in ``cases.services``, escalation in
``routing.escalation``, the report in ``intake.services``, the risk steps in ``risk.services``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from concord.accounts.access import HANDLER_ROLES, scope_for
from concord.cases.deadlines import due_at_for
from concord.cases.models import Case, CaseEvent, CaseShare, Relation
from concord.workflow.kernel import Standing, Who, Workflow, related

# Everyone working on a case: its unit, a unit handling it on referral, a unit assisting.
WORKING = Who(in_unit=HANDLER_ROLES, through=related([Relation.RECEIVING, Relation.ASSISTING], HANDLER_ROLES))

# A change to any of these may move the deadline that applies now.
_DEADLINE_FIELDS = frozenset(
    {"status", "sign_for_deadline", "resolution_deadline", "referral_deadline", "follow_up_deadline"}
)


def _standing(user: User, case: Case) -> Standing:
    scope = scope_for(user)
    return scope.standing(case.unit_id, case, related=relations_of(case, scope.unit_ids))


def relations_of(case: Case, unit_ids: list[int]) -> list[tuple[int, str]]:
    """(unit id, relation) of the units among ``unit_ids`` that a case is shared with; read
    once per case object (a step re-reads the case under its lock, and so these)."""
    cached: dict[tuple[int, ...], list[tuple[int, str]]] = case.__dict__.setdefault("_relations", {})
    key = tuple(unit_ids)
    if key not in cached:
        shares = CaseShare.objects.filter(case_id=case.pk, unit_id__in=unit_ids) if unit_ids and case.pk else None
        cached[key] = list(shares.values_list("unit_id", "relation")) if shares is not None else []
    return cached[key]


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
