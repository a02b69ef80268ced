"""The handling steps of a case, each declared once on the case workflow (``cases.workflow``).

A declaration is the service function: ``accept_case(case, actor=user, note="…")`` locks the
case, checks the step is legal in its status and for the roles the actor holds over it, runs
the handler below, saves what changed and writes exactly one ``CaseEvent``, with its notices
queued in the same transaction. Other layers declare their own steps on the same workflow:
escalation (``routing.escalation``), the report (``intake.services``), risk (``risk.services``),
the follow-up visits and the resident's rating (``followup.visits``, ``followup.rating``).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concord.accounts.access import HANDLERS, LEADS, scope_for
from concord.cases import counting
from concord.cases.deadlines import follow_up_days, resolution_window, sign_for_window
from concord.cases.forms import CorrectForm, NoteForm, ReasonForm, RejectForm, ResolveForm
from concord.cases.models import (
    AWAITING_SIGN_FOR,
    IN_HANDS,
    Case,
    Category,
    Outcome,
    RejectionReason,
    Status,
)
from concord.cases.queries import report_categories
from concord.cases.workflow import CASES, WORKING
from concord.counts import rollups
from concord.geo.models import Region, place
from concord.workflow.errors import InvalidInput
from concord.workflow.forms import OptionalNoteForm
from concord.workflow.kernel import Change, Notice, Step
from concord.workflow.text import clean_text

EVERY_STATUS = tuple(Status)
# Handling has ended: a case in these may only be noted, corrected or reopened.
OVER = (Status.CLOSED, Status.REJECTED)
# Where a case may be sent up: waiting to be signed for, or in hand.
ESCALATABLE = (*AWAITING_SIGN_FOR, *IN_HANDS)
# A case not over: the risk steps apply (the risk app declares them on these).
NOT_OVER = tuple(status for status in Status if status not in OVER)


def place_case(case: Case, chain: list[Region]) -> tuple[str, ...]:
    """Set the case's region and its ancestor at every level from ``chain`` (the region
    first, then each one above it); returns the fields set."""
    case.region = chain[0]
    return ("region", *place(case, chain))


@CASES.action(
    "sign_for",
    label=gettext_lazy("sign for"),
    help=gettext_lazy("Take responsibility for the case (签收): it becomes yours and its resolution deadline runs."),
    states=AWAITING_SIGN_FOR,
    who=HANDLERS,
    form=OptionalNoteForm,
    event="case.accepted",
    to=Status.ACCEPTED,
    public=True,
    order=10,
)
def accept_case(step: Step[Case], *, note: str = "") -> Change:
    """Sign for a case: the actor takes responsibility for it (签收)."""
    case = step.subject
    case.assignee = step.actor
    case.accepted_at = step.now
    return Change(note=clean_text(note, required=False, what=_("a note")), fields=["assignee", "accepted_at"])


@CASES.action(
    "add_note",
    label=gettext_lazy("add a note"),
    help=gettext_lazy("Add to the timeline: internal, or shown to the resident on the tracking page."),
    states=EVERY_STATUS,
    who=WORKING,
    form=NoteForm,
    event="case.note_added",
    order=20,
)
def add_note(step: Step[Case], *, note: str, public: bool = False) -> Change:
    """Add a note to the timeline: internal by default, public to show on the tracking page.
    (What a note says can raise the case's risk level, in the same event: ``risk.services``.)"""
    return Change(note=clean_text(note, required=True, what=_("the note")), public=public)


@CASES.action(
    "start_mediation",
    label=gettext_lazy("start mediation"),
    help=gettext_lazy("Record that mediation between the parties has begun (调解)."),
    states=(Status.ACCEPTED,),
    who=HANDLERS,
    form=OptionalNoteForm,
    event="case.mediation_started",
    to=Status.IN_MEDIATION,
    order=30,
)
def start_mediation(step: Step[Case], *, note: str = "") -> Change:
    """Start mediating between the parties (调解)."""
    return Change(note=clean_text(note, required=False, what=_("a note")))


@CASES.action(
    "resolve",
    label=gettext_lazy("record a resolution"),
    help=gettext_lazy("Record how the dispute ended; the follow-up visits fall due."),
    states=IN_HANDS,
    who=HANDLERS,
    form=ResolveForm,
    event="case.resolved",
    to=Status.RESOLVED,
    public=True,
    order=40,
)
def resolve_case(step: Step[Case], *, outcome: str, summary: str) -> Change:
    """Record how the dispute ended; starts the follow-up deadline."""
    if outcome not in Outcome.values:
        raise InvalidInput(_("Please choose how the dispute was resolved."))
    case = step.subject
    fields = mark_resolved(
        case, outcome, clean_text(summary, required=True, what=_("a summary of the resolution")), step.now
    )
    return Change(note=case.resolution_summary, fields=fields, data={"outcome": outcome})


def mark_resolved(case: Case, outcome: str, summary: str, now: datetime) -> list[str]:
    """Set what a resolution records (here, or where a referral ends it); the first follow-up
    visit falls due (``concord.followup`` schedules the visits of every step that calls this).
    Returns the fields set."""
    case.outcome = outcome
    case.resolution_summary = summary
    case.resolved_at = now
    case.follow_up_deadline = now + timedelta(days=follow_up_days(case.category)[0])
    return ["outcome", "resolution_summary", "resolved_at", "follow_up_deadline"]


@CASES.action(
    "reject",
    label=gettext_lazy("reject"),
    help=gettext_lazy("Refuse a report that is not a dispute, or that duplicates another case."),
    states=(Status.REPORTED, Status.ESCALATED),
    who=HANDLERS,
    form=RejectForm,
    event="case.rejected",
    to=Status.REJECTED,
    order=60,
)
def reject_case(step: Step[Case], *, reason: str, note: str, duplicate_of: Case | None = None) -> Change:
    """Reject a report that is not a dispute or duplicates another case, with a reason."""
    case = step.subject
    if reason not in RejectionReason.values:
        raise InvalidInput(_("Please choose why the report is rejected."))
    if reason == RejectionReason.DUPLICATE and (duplicate_of is None or duplicate_of.pk == case.pk):
        raise InvalidInput(_("Please give the receipt code of the case this one duplicates."))
    text = clean_text(note, required=reason != RejectionReason.DUPLICATE, what=_("an explanation"))
    counted_before = counting.counted_keys(case)
    case.rejection_reason = reason
    case.duplicate_of = duplicate_of if reason == RejectionReason.DUPLICATE else None
    case.closed_at = step.now
    step.after(lambda: rollups.move(counted_before, counting.counted_keys(case)))
    return Change(
        note=text,
        fields=["rejection_reason", "duplicate_of", "closed_at"],
        data={"reason": reason, "duplicate_of": duplicate_of.receipt if duplicate_of else None},
    )


@CASES.action(
    "close",
    label=gettext_lazy("close"),
    help=gettext_lazy("Close a case whose follow-up visits are done."),
    states=(Status.FOLLOWED_UP,),
    who=HANDLERS,
    form=OptionalNoteForm,
    event="case.closed",
    to=Status.CLOSED,
    order=80,
)
def close_case(step: Step[Case], *, note: str = "") -> Change:
    """Close a followed-up case."""
    step.subject.closed_at = step.now
    return Change(note=clean_text(note, required=False, what=_("a note")), fields=["closed_at"])


@CASES.action(
    "reopen",
    label=gettext_lazy("reopen"),
    help=gettext_lazy("Open a resolved, closed or rejected case again: it waits to be signed for."),
    states=(Status.RESOLVED, Status.FOLLOWED_UP, *OVER),
    who=LEADS,
    form=ReasonForm,
    event="case.reopened",
    to=Status.REOPENED,
    order=90,
)
def reopen_case(step: Step[Case], *, reason: str) -> Change:
    """Reopen a resolved, closed or rejected case: it waits to be signed for again."""
    case = step.subject
    counted_before = counting.counted_keys(case)
    case.assignee = None
    case.closed_at = None
    case.sign_for_deadline = step.now + sign_for_window()
    case.resolution_deadline = step.now + resolution_window(case)
    step.after(lambda: rollups.move(counted_before, counting.counted_keys(case)))
    return Change(
        note=clean_text(reason, required=True, what=_("a reason")),
        fields=["assignee", "closed_at", "sign_for_deadline", "resolution_deadline"],
        notices=[Notice(subject=f"{case.receipt}: {_('reopened')}", units=[case.unit])],
    )


@CASES.action(
    "correct",
    label=gettext_lazy("correct the category or area"),
    help=gettext_lazy(
        "Fix what the dispute is about or where it is, when the report got it wrong; the counts move with it."
    ),
    states=EVERY_STATUS,
    who=HANDLERS,
    form=CorrectForm,
    event="case.corrected",
    public=False,
    order=100,
)
def correct_case(
    step: Step[Case], *, reason: str, category: Category | None = None, region: Region | None = None
) -> Change:
    """Correct what a dispute is about or where it is, when the report got it wrong. The
    early-warning counts move with the case; the handling unit stays (escalate it if the
    correction makes it another unit's). ``region`` must have its ancestors loaded."""
    case = step.subject
    assert step.actor is not None
    text = clean_text(reason, required=True, what=_("a reason"))
    new_category = category or case.category
    new_region = region or case.region
    if new_category.pk == case.category_id and new_region.pk == case.region_id:
        raise InvalidInput(_("Nothing to correct: choose another category or another area."))
    if new_category not in report_categories():
        raise InvalidInput(_("Choose one of the categories a resident can report."))
    chain = new_region.ancestors()
    if not scope_for(step.actor).covers_any(chain) and case.unit.region not in chain:
        raise InvalidInput(_("That area is outside your jurisdiction."))
    counted_before = counting.counted_keys(case)
    data = {
        "category": [case.category.code, new_category.code],
        "region": [case.region.code, new_region.code],
    }
    case.category = new_category
    fields = ["category", *place_case(case, chain)]
    step.after(lambda: rollups.move(counted_before, counting.counted_keys(case)))
    return Change(note=text, fields=fields, data=data)
