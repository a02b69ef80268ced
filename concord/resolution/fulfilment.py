"""Fulfilment of a mediation agreement: each term tracked to its due date; a term past due
becomes a task (the sweep's step, once per term); a broken term reopens a resolved case,
linked to the agreement it broke."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concord.cases.models import Case, Status
from concord.cases.services import reopen_case
from concord.cases.workflow import CASES
from concord.resolution.common import GROUP, in_case_language, public_change_data
from concord.resolution.forms import TermResultForm
from concord.resolution.joint import create_task
from concord.resolution.models import Agreement, AgreementStatus, Task, Term, TermStatus
from concord.resolution.queries import conditions_of
from concord.resolution.referrals import AGREEMENT_KEEPERS, NOT_OVER_OR_CLOSED
from concord.workflow.errors import InvalidInput
from concord.workflow.kernel import SYSTEM, Change, Notice, Step
from concord.workflow.text import clean_text

log = logging.getLogger(__name__)

# A resolved case whose agreement is broken opens again.
REOPENS = (Status.RESOLVED, Status.FOLLOWED_UP, Status.CLOSED)
# Days the unit has to check on a term past due.
CHECK_DAYS = 2


def _open_terms(case: Case) -> bool:
    return conditions_of(case).open_terms


def _term(case: Case, term: int) -> Term:
    found = (
        Term.objects.select_related("agreement", "overdue_task")
        .filter(pk=term, agreement__case=case, agreement__status=AgreementStatus.SIGNED)
        .first()
    )
    if found is None or found.status != TermStatus.OPEN:
        raise InvalidInput(_("This case has no such term still due."))
    return found


@CASES.action(
    "record_term",
    label=gettext_lazy("record whether a term was kept"),
    help=gettext_lazy(
        "Record that a term of the agreement was fulfilled, or broken: a broken agreement reopens a resolved case."
    ),
    states=NOT_OVER_OR_CLOSED,
    who=AGREEMENT_KEEPERS,
    possible=_open_terms,
    form=TermResultForm,
    event="agreement.term_fulfilled",
    to=None,
    public=False,
    group=GROUP,
    order=380,
)
def record_term(step: Step[Case], *, term: int, result: str, note: str = "") -> Change:
    """A term fulfilled (the last one fulfils the agreement) or broken (the agreement is broken;
    a resolved, followed-up or closed case reopens, linked to it)."""
    case = step.subject
    found = _term(case, term)
    if result not in (TermStatus.FULFILLED, TermStatus.BROKEN):
        raise InvalidInput(_("Say whether the term was fulfilled or broken."))
    text = clean_text(note, required=result == TermStatus.BROKEN, what=_("what happened"))
    agreement = found.agreement
    found.status = result
    found.settled_at = step.now
    found.note = text
    found.save(update_fields=["status", "settled_at", "note"])
    if found.overdue_task is not None and found.overdue_task.done_at is None:
        # The task the sweep made for this term is done with it.
        Task.objects.filter(pk=found.overdue_task.pk).update(done_at=step.now, done_by=step.actor, done_note=text)
    data = {"agreement": agreement.pk, "term": found.pk, "number": found.number}
    if result == TermStatus.FULFILLED:
        if agreement.terms.exclude(status=TermStatus.FULFILLED).exists():
            return Change(note=_("Term %(n)d fulfilled.") % {"n": found.number}, data=public_change_data(text, **data))
        agreement.status = AgreementStatus.FULFILLED
        agreement.ended_at = step.now
        agreement.save(update_fields=["status", "ended_at"])
        line = in_case_language(case, lambda: _("Every term of the agreement has been fulfilled."))
        return Change(note=line, data=public_change_data(text, **data), event="agreement.fulfilled", public=True)
    agreement.status = AgreementStatus.BROKEN
    agreement.ended_at = step.now
    agreement.save(update_fields=["status", "ended_at"])
    line = in_case_language(
        case, lambda: _("The agreement was not kept: your case is open again and will be handled anew.")
    )
    if case.status not in REOPENS:
        return Change(note=line, data=public_change_data(text, **data), event="agreement.broken", public=True)
    reopened = reopen_case.handler(step, reason=text)
    assert isinstance(reopened, Change)
    reopened.note = line
    reopened.data = public_change_data(text, **data, reopened=True)
    reopened.to = Status.REOPENED
    reopened.event = "agreement.broken"
    reopened.public = True
    return reopened


@CASES.action(
    "flag_overdue_term",
    label=gettext_lazy("turn a term past due into a task"),
    help=gettext_lazy(
        "The sweep gives the unit that made the agreement a task for each term past its due date and not "
        "recorded as kept: check with the parties."
    ),
    states=NOT_OVER_OR_CLOSED,
    who=SYSTEM,
    event="agreement.term_overdue",
    to=None,
    public=False,
    group=GROUP,
    order=390,
)
def flag_overdue_term(step: Step[Case], *, term: int) -> Change | None:
    """The sweep's step: once per term, only if it is still due and past its date when locked."""
    case = step.subject
    found = Term.objects.select_related("agreement__unit").filter(pk=term, agreement__case=case).first()
    today = timezone.localdate(step.now)
    if (
        found is None
        or found.status != TermStatus.OPEN
        or found.overdue_task_id is not None
        or found.due_on >= today
        or found.agreement.status != AgreementStatus.SIGNED
    ):
        return None
    agreement: Agreement = found.agreement
    title = _("Term %(n)d of agreement %(code)s was due on %(date)s: check with the parties") % {
        "n": found.number,
        "code": agreement.code,
        "date": found.due_on.isoformat(),
    }
    task = create_task(case, agreement.unit, title, now=step.now, due_on=today + timedelta(days=CHECK_DAYS), term=found)
    found.overdue_task = task
    found.save(update_fields=["overdue_task"])
    return Change(
        note=title,
        data={"agreement": agreement.pk, "term": found.pk, "task": task.pk},
        notices=[Notice(subject=f"{case.receipt}: {title}", units=[agreement.unit], kind="agreement.term_overdue")],
    )


def sweep_terms(now: datetime | None = None, *, limit: int = 500) -> int:
    """Turn every signed agreement's term past due into a task, once; returns how many. Safe
    with several workers: each step locks its case and looks again."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    due = list(
        Term.objects.filter(
            status=TermStatus.OPEN,
            overdue_task__isnull=True,
            due_on__lt=today,
            agreement__status=AgreementStatus.SIGNED,
        )
        .order_by("due_on", "id")
        .values_list("pk", "agreement__case_id")[:limit]
    )
    flagged = 0
    for term_id, case_id in due:
        try:
            with transaction.atomic():
                case = Case.objects.get(pk=case_id)
                if flag_overdue_term(case, actor=None, now=now, term=term_id) is not None:
                    flagged += 1
        except Exception:  # one bad case must not stop the sweep for the others
            log.exception("fulfilment: term %s of case %s failed; will retry next sweep", term_id, case_id)
    return flagged
