"""Follow-up visits (回访): scheduled when a case is resolved, by whatever step resolves it;
each visit records that the agreement holds, that the dispute broke out again (the case
reopens, linked to the resolution it broke) or that nobody could be reached (tried again two
days later; after three attempts the next visit follows). After the last visit the case is
followed up. A visit past its due time is told to the unit's leads once, by the SLA sweep."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concord.accounts.access import HANDLERS
from concord.accounts.leads import notice_to_leads
from concord.cases.deadlines import follow_up_days
from concord.cases.models import Case, Status
from concord.cases.services import reopen_case
from concord.cases.workflow import CASES
from concord.followup.forms import VisitForm
from concord.followup.models import Resolution, Visit, VisitOutcome, VisitStatus
from concord.followup.queries import current_resolution, next_visit
from concord.workflow.errors import InvalidInput
from concord.workflow.kernel import DECLARED, SYSTEM, Action, Change, Step
from concord.workflow.text import clean_text

# Nobody reached: the visit is tried again this many days later, at most this many times.
RETRY_DAYS = 2
MAX_ATTEMPTS = 3
# A case in these has a resolution in force: reopening it ends that resolution.
AFTER_RESOLUTION = (Status.RESOLVED, Status.FOLLOWED_UP, Status.CLOSED)

EVENT_TITLES = {
    "followup.held": gettext_lazy("follow-up visit: the agreement holds"),
    "followup.unreachable": gettext_lazy("follow-up visit: nobody could be reached"),
    "followup.not_reached": gettext_lazy("follow-up visit: not reached after three attempts"),
    "followup.overdue": gettext_lazy("follow-up visit overdue"),
}
# The broken visit's note is a line for the resident (the worker's words stay in its data).
RESIDENT_LINES = {"followup.broken", "case.rated"}


# -- scheduling: every step that resolves a case, every step that reopens a resolved one ------


def _resolution_started(step: Step[Case], change: Change, event: str) -> None:
    """A new resolution with its visits (the case's follow-up deadline, the first visit's, is
    set by ``cases.services.mark_resolved``, from the same days)."""
    case = step.subject
    number = Resolution.objects.filter(case_id=case.pk).count() + 1
    resolution = Resolution.objects.create(
        case=case, unit_id=case.unit_id, number=number, resolved_at=step.now, outcome=case.outcome, via=event
    )
    Visit.objects.bulk_create(
        Visit(case=case, resolution=resolution, number=n, days=d, due_at=step.now + timedelta(days=d))
        for n, d in enumerate(follow_up_days(case.category), start=1)
    )
    change.data["resolution"] = resolution.pk


def _resolution_reopened(step: Step[Case], change: Change, event: str) -> None:
    """The resolution in force ends: reopened by ``event``, its visits no longer needed."""
    case = step.subject
    resolution = current_resolution(case)
    if resolution is not None:
        resolution.reopened_at = step.now
        resolution.reopened_by = event
        resolution.save(update_fields=["reopened_at", "reopened_by"])
        Visit.objects.filter(resolution=resolution, status=VisitStatus.PENDING).update(status=VisitStatus.CANCELLED)
        change.data.setdefault("resolution", resolution.pk)
    case.follow_up_deadline = None
    if "follow_up_deadline" not in change.fields:
        change.fields.append("follow_up_deadline")


def _watch(action: Action[Case, Any]) -> Callable[[Step[Case], Change], None]:
    def extension(step: Step[Case], change: Change) -> None:
        target = action.to if change.to is DECLARED else change.to
        event = change.event or action.event
        if target == Status.RESOLVED and "resolved_at" in change.fields:
            _resolution_started(step, change, event)
        elif target == Status.REOPENED and step.subject.status in AFTER_RESOLUTION:
            _resolution_reopened(step, change, event)

    return extension


def watch_every_step() -> None:
    """Watch every step of the case workflow (called once, when every app has declared its
    steps): one that resolves a case (``cases.services.mark_resolved`` sets ``resolved_at``)
    schedules its visits; one that reopens a resolved case ends its resolution."""
    for action in CASES.actions.values():
        CASES.extend(action.code, _watch(action))


# -- the visit ---------------------------------------------------------------------------------


@CASES.action(
    "follow_up",
    label=gettext_lazy("record a follow-up visit"),
    help=gettext_lazy(
        "Record what a follow-up visit after the resolution found (回访): the agreement holds; the dispute "
        "broke out again (the case reopens); or nobody could be reached (tried again two days later, and "
        "after three attempts the next visit follows). After the last visit the case is followed up."
    ),
    states=(Status.RESOLVED,),
    who=HANDLERS,
    form=VisitForm,
    possible=lambda case: case.follow_up_deadline is not None,
    event="case.followed_up",
    to=Status.FOLLOWED_UP,
    order=70,
)
def record_visit(step: Step[Case], *, outcome: str, note: str = "") -> Change:
    """Record the next follow-up visit's outcome (or one attempt at it)."""
    case = step.subject
    if outcome not in VisitOutcome.values:
        raise InvalidInput(_("Say what the follow-up visit found."))
    visit = next_visit(case)
    if visit is None:
        raise InvalidInput(_("This case has no follow-up visit left to record."))
    text = clean_text(note, required=outcome != VisitOutcome.HELD, what=_("what the visit found"))
    data: dict[str, Any] = {"visit": visit.number, "outcome": outcome, "resolution": visit.resolution_id}
    visit.note = text
    if outcome == VisitOutcome.BROKEN:
        _done(visit, VisitStatus.BROKEN, step)
        reopened = reopen_case.handler(step, reason=text)
        assert isinstance(reopened, Change)
        reopened.note = _("The follow-up visit found that the dispute broke out again: your case is open again.")
        reopened.data = {**data, "staff_note": text}
        reopened.to = Status.REOPENED
        reopened.event = "followup.broken"
        reopened.public = True
        return reopened
    if outcome == VisitOutcome.UNREACHABLE:
        visit.attempts += 1
        data["attempt"] = visit.attempts
        if visit.attempts < MAX_ATTEMPTS:
            visit.due_at = step.now + timedelta(days=RETRY_DAYS)
            visit.save(update_fields=["note", "attempts", "due_at"])
            case.follow_up_deadline = visit.due_at
            return Change(note=text, fields=["follow_up_deadline"], data=data, to=None, event="followup.unreachable")
        _done(visit, VisitStatus.NOT_REACHED, step)
    else:
        _done(visit, VisitStatus.HELD, step)
    following = next_visit(case)
    case.follow_up_deadline = following.due_at if following is not None else None
    event = "followup.held" if outcome == VisitOutcome.HELD else "followup.not_reached"
    if following is not None:
        return Change(note=text, fields=["follow_up_deadline"], data=data, to=None, event=event)
    # The last visit: the case is followed up (then closed as before).
    return Change(
        note=text,
        fields=["follow_up_deadline"],
        data=data,
        event="case.followed_up" if outcome == VisitOutcome.HELD else event,
    )


def _done(visit: Visit, status: str, step: Step[Case]) -> None:
    visit.status = status
    visit.done_at = step.now
    visit.done_by = step.actor
    visit.save(update_fields=["status", "note", "attempts", "done_at", "done_by"])


@CASES.action(
    "follow_up_overdue",
    label=gettext_lazy("tell the leads a follow-up visit is overdue"),
    help=gettext_lazy(
        "The SLA sweep tells the unit's leads once when a follow-up visit's due time passes; the case "
        "stays in the unit's 'To follow up' tab until the visit is recorded."
    ),
    states=(Status.RESOLVED,),
    who=SYSTEM,
    event="followup.overdue",
    to=None,
    public=False,
    order=75,
)
def follow_up_overdue(step: Step[Case]) -> Change | None:
    """The sweep's step: only if the visit is still overdue when locked (another worker may
    have told them already). The case leaves the sweep's queue (``due_at``), not the tab."""
    case = step.subject
    if case.due_at is None or case.due_at > step.now:
        return None
    visit = next_visit(case)
    case.due_at = None
    due = case.follow_up_deadline or step.now
    line = _("Follow-up visit %(n)d was due on %(date)s and has not been recorded.") % {
        "n": visit.number if visit is not None else 1,
        "date": timezone.localtime(due).strftime("%Y-%m-%d %H:%M"),
    }
    return Change(
        note=line,
        fields=["due_at"],
        data={
            "visit": visit.number if visit is not None else None,
            "resolution": visit.resolution_id if visit else None,
        },
        notices=[notice_to_leads([case.unit], subject=f"{case.receipt}: {line}", kind="followup.overdue")],
    )
