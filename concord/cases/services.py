"""Every change to a case. Each function checks that the transition is legal for the
case's status and the actor's role, writes the change and exactly one CaseEvent in one
transaction, and queues its notifications in the same transaction (the outbox)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from concord.accounts.access import scope_for
from concord.cases import policy
from concord.cases.errors import IllegalTransition, InvalidInput
from concord.cases.models import (
    AWAITING_SIGN_FOR,
    Case,
    CaseEvent,
    Category,
    Outcome,
    RejectionReason,
    Status,
    deadline_in_force,
)
from concord.cases.queries import report_categories
from concord.geo.models import Region, place
from concord.notify.services import queue_case_notification
from concord.risk.assessing import raise_from_text, tell_leads
from concord.routing.services import escalation_target
from concord.warning import rollups

MAX_NOTE = 4000


def sign_for_window() -> timedelta:
    return timedelta(hours=settings.CONCORD_SIGN_FOR_HOURS)


def resolution_window(case: Case) -> timedelta:
    return timedelta(days=case.category.resolution_days or settings.CONCORD_RESOLUTION_DAYS)


def due_at_for(case: Case) -> datetime | None:
    """The deadline that applies in the case's status (what the SLA sweep watches)."""
    return deadline_in_force(case.status, case.sign_for_deadline, case.resolution_deadline)


def place_case(case: Case, chain: list[Region]) -> tuple[str, ...]:
    """Set the case's region and its ancestor at every level from ``chain`` (the region
    first, then each one above it); returns the fields set."""
    case.region = chain[0]
    return ("region", *place(case, chain))


def _counted_keys(case: Case) -> list[rollups.Key]:
    """The early-warning count rows the case is in now (none if it does not count)."""
    return rollups.keys_for(case) if rollups.is_counted(case) else []


def locked_case(case: Case) -> Case:
    """Re-read the case under a row lock so that concurrent actions serialise. Only the case's
    row: locking its category, unit and region too would serialise every action and report
    sharing them (PostgreSQL's foreign-key checks take shared locks on those rows)."""
    locked = Case.objects.select_for_update(of=("self",)).select_related("unit__region", "category")
    return locked.get(pk=case.pk)


def check_action(case: Case, actor: User | None, action: str) -> None:
    """Raise IllegalTransition unless ``action`` is legal now and allowed to ``actor``
    (``None`` is the system, bound by the state machine only)."""
    if actor is None:
        allowed = list(policy.legal_actions(case.status))
    else:
        allowed = policy.allowed_actions(case, scope_for(actor))
    if action not in allowed:
        raise IllegalTransition(action, str(Status(case.status).label), allowed)


def record_change(
    case: Case,
    *,
    action: str,
    actor: User | None,
    to_status: str | None = None,
    note: str = "",
    is_public: bool | None = None,
    now: datetime | None = None,
    fields: tuple[str, ...] = (),
    data: dict[str, Any] | None = None,
) -> CaseEvent:
    """Apply a status change (if any), save the named fields and append one event."""
    now = now or timezone.now()
    from_status = case.status
    changed = set(fields) | {"updated_at"}
    if to_status is not None and to_status != from_status:
        case.status = to_status
        changed |= {"status"}
    new_due = due_at_for(case)
    if new_due != case.due_at:
        case.due_at = new_due
        changed.add("due_at")
    case.updated_at = now
    case.save(update_fields=sorted(changed))
    return CaseEvent.objects.create(
        case=case,
        action=action,
        actor=actor,
        created_at=now,
        from_status=from_status,
        to_status=case.status if to_status is not None else "",
        note=note,
        is_public=(to_status is not None) if is_public is None else is_public,
        data=data or {},
    )


def clean_text(value: str, *, required: bool, what: str) -> str:
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput(_("Please give %(what)s.") % {"what": what})
    if len(value) > MAX_NOTE:
        raise InvalidInput(_("%(what)s is too long (at most %(n)d characters).") % {"what": what, "n": MAX_NOTE})
    return value


@transaction.atomic
def accept_case(case: Case, *, actor: User, note: str = "") -> Case:
    """Sign for a case: the actor takes responsibility for it (签收)."""
    case = locked_case(case)
    check_action(case, actor, "sign_for")
    now = timezone.now()
    case.assignee = actor  # type: ignore[assignment]
    case.accepted_at = now
    record_change(
        case,
        action="case.accepted",
        actor=actor,
        to_status=Status.ACCEPTED,
        note=clean_text(note, required=False, what=_("a note")),
        is_public=True,
        now=now,
        fields=("assignee", "accepted_at"),
    )
    return case


@transaction.atomic
def add_note(case: Case, *, actor: User, note: str, public: bool = False) -> CaseEvent:
    """Add a note to the timeline: internal by default, public to show on the tracking page."""
    case = locked_case(case)
    check_action(case, actor, "add_note")
    text = clean_text(note, required=True, what=_("the note"))
    now = timezone.now()
    # What a note says can raise the case's risk level (never lower it), in the same event.
    change = raise_from_text(case, now=now, new_note=text)
    event = record_change(
        case,
        action="case.note_added",
        actor=actor,
        note=text,
        is_public=public,
        now=now,
        fields=change.fields if change else (),
        data=change.data if change else None,
    )
    if change:
        tell_leads(case, change.previous)
    return event


@transaction.atomic
def start_mediation(case: Case, *, actor: User, note: str = "") -> Case:
    """Start mediating between the parties (调解)."""
    case = locked_case(case)
    check_action(case, actor, "start_mediation")
    record_change(
        case,
        action="case.mediation_started",
        actor=actor,
        to_status=Status.IN_MEDIATION,
        note=clean_text(note, required=False, what=_("a note")),
    )
    return case


@transaction.atomic
def resolve_case(case: Case, *, actor: User, outcome: str, summary: str) -> Case:
    """Record how the dispute ended; starts the follow-up deadline."""
    case = locked_case(case)
    check_action(case, actor, "resolve")
    if outcome not in Outcome.values:
        raise InvalidInput(_("Please choose how the dispute was resolved."))
    now = timezone.now()
    case.outcome = outcome
    case.resolution_summary = clean_text(summary, required=True, what=_("a summary of the resolution"))
    case.resolved_at = now
    case.follow_up_deadline = now + timedelta(days=settings.CONCORD_FOLLOW_UP_DAYS)
    record_change(
        case,
        action="case.resolved",
        actor=actor,
        to_status=Status.RESOLVED,
        note=case.resolution_summary,
        is_public=True,
        now=now,
        fields=("outcome", "resolution_summary", "resolved_at", "follow_up_deadline"),
        data={"outcome": outcome},
    )
    return case


def _escalate(case: Case, *, actor: User | None, reason: str, action: str) -> Case:
    now = timezone.now()
    target = escalation_target(case.unit, case.category)
    if target is None:
        raise InvalidInput(_("This case is already at the top level and cannot be escalated further."))
    from_unit = case.unit
    case.unit = target
    case.assignee = None
    case.escalation_count += 1
    case.sign_for_deadline = now + sign_for_window()
    case.resolution_deadline = now + resolution_window(case)
    record_change(
        case,
        action=action,
        actor=actor,
        to_status=Status.ESCALATED,
        note=reason,
        is_public=True,
        now=now,
        fields=("unit", "assignee", "escalation_count", "sign_for_deadline", "resolution_deadline"),
        data={"from_unit": from_unit.pk, "to_unit": target.pk},
    )
    queue_case_notification(
        action,
        case,
        subject=f"{case.receipt}: {_('escalated')} {from_unit.name} → {target.name}",
        body=reason,
        units=[from_unit, target],
    )
    return case


@transaction.atomic
def escalate_case(case: Case, *, actor: User, reason: str) -> Case:
    """Send the case one region level up (上报), to the unit there that handles its category."""
    case = locked_case(case)
    check_action(case, actor, "escalate")
    return _escalate(
        case, actor=actor, reason=clean_text(reason, required=True, what=_("a reason")), action="case.escalated"
    )


@transaction.atomic
def escalate_overdue(case: Case, *, now: datetime) -> Case | None:
    """The SLA sweep's escalation: only if the case is still overdue when locked (another
    worker may have handled it), and silently a no-op at the top level."""
    case = locked_case(case)
    if case.due_at is None or case.due_at > now:
        return None
    which = _("sign-for") if case.status in AWAITING_SIGN_FOR else _("resolution")
    reason = _("The %(which)s deadline passed; escalated automatically.") % {"which": which}
    try:
        check_action(case, None, "escalate")
        return _escalate(case, actor=None, reason=reason, action="case.escalated_overdue")
    except InvalidInput:
        # Top level: nothing above to escalate to. Record it once and stop watching.
        case.due_at = None
        case.save(update_fields=["due_at"])
        CaseEvent.objects.create(
            case=case, action="case.overdue_at_top", created_at=now, note=reason, data={}, is_public=False
        )
        queue_case_notification("case.overdue_at_top", case, subject=f"{case.receipt}: {reason}", units=[case.unit])
        return None


@transaction.atomic
def reject_case(case: Case, *, actor: User, reason: str, note: str, duplicate_of: Case | None = None) -> Case:
    """Reject a report that is not a dispute or duplicates another case, with a reason."""
    case = locked_case(case)
    check_action(case, actor, "reject")
    if reason not in RejectionReason.values:
        raise InvalidInput(_("Please choose why the report is rejected."))
    if reason == RejectionReason.DUPLICATE and (duplicate_of is None or duplicate_of.pk == case.pk):
        raise InvalidInput(_("Please give the receipt code of the case this one duplicates."))
    text = clean_text(note, required=reason != RejectionReason.DUPLICATE, what=_("an explanation"))
    counted_before = _counted_keys(case)
    case.rejection_reason = reason
    case.duplicate_of = duplicate_of if reason == RejectionReason.DUPLICATE else None
    case.closed_at = timezone.now()
    record_change(
        case,
        action="case.rejected",
        actor=actor,
        to_status=Status.REJECTED,
        note=text,
        now=case.closed_at,
        fields=("rejection_reason", "duplicate_of", "closed_at"),
        data={"reason": reason, "duplicate_of": duplicate_of.receipt if duplicate_of else None},
    )
    rollups.move_case(counted_before, _counted_keys(case))
    return case


@transaction.atomic
def reopen_case(case: Case, *, actor: User, reason: str) -> Case:
    """Reopen a resolved, closed or rejected case: it waits to be signed for again."""
    case = locked_case(case)
    check_action(case, actor, "reopen")
    counted_before = _counted_keys(case)
    now = timezone.now()
    case.assignee = None
    case.closed_at = None
    case.sign_for_deadline = now + sign_for_window()
    case.resolution_deadline = now + resolution_window(case)
    record_change(
        case,
        action="case.reopened",
        actor=actor,
        to_status=Status.REOPENED,
        note=clean_text(reason, required=True, what=_("a reason")),
        now=now,
        fields=("assignee", "closed_at", "sign_for_deadline", "resolution_deadline"),
    )
    rollups.move_case(counted_before, _counted_keys(case))
    queue_case_notification("case.reopened", case, subject=f"{case.receipt}: {_('reopened')}", units=[case.unit])
    return case


@transaction.atomic
def record_follow_up(case: Case, *, actor: User, note: str) -> Case:
    """Record the follow-up visit (回访) after resolution."""
    case = locked_case(case)
    check_action(case, actor, "follow_up")
    record_change(
        case,
        action="case.followed_up",
        actor=actor,
        to_status=Status.FOLLOWED_UP,
        note=clean_text(note, required=True, what=_("what the follow-up found")),
    )
    return case


@transaction.atomic
def close_case(case: Case, *, actor: User, note: str = "") -> Case:
    """Close a followed-up case."""
    case = locked_case(case)
    check_action(case, actor, "close")
    case.closed_at = timezone.now()
    record_change(
        case,
        action="case.closed",
        actor=actor,
        to_status=Status.CLOSED,
        note=clean_text(note, required=False, what=_("a note")),
        now=case.closed_at,
        fields=("closed_at",),
    )
    return case


@transaction.atomic
def correct_case(
    case: Case, *, actor: User, reason: str, category: Category | None = None, region: Region | None = None
) -> Case:
    """Correct what a dispute is about or where it is, when the report got it wrong. The
    early-warning counts move with the case; the handling unit stays (escalate it if the
    correction makes it another unit's). ``region`` must have its ancestors loaded."""
    case = locked_case(case)
    check_action(case, actor, "correct")
    text = clean_text(reason, required=True, what=_("a reason"))
    new_category = category or case.category
    new_region = region or case.region
    if new_category.pk == case.category_id and new_region.pk == case.region_id:
        raise InvalidInput(_("Nothing to correct: choose another category or another area."))
    if new_category not in report_categories():
        raise InvalidInput(_("Choose one of the categories a resident can report."))
    chain = new_region.ancestors()
    if not scope_for(actor).covers_any(chain) and case.unit.region not in chain:
        raise InvalidInput(_("That area is outside your jurisdiction."))
    counted_before = _counted_keys(case)
    data = {
        "category": [case.category.code, new_category.code],
        "region": [case.region.code, new_region.code],
    }
    case.category = new_category
    fields = ("category", *place_case(case, chain))
    record_change(case, action="case.corrected", actor=actor, note=text, is_public=False, fields=fields, data=data)
    rollups.move_case(counted_before, _counted_keys(case))
    return case
