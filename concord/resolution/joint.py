"""Joint handling (联动): the unit that has a case leads; assisting units see it, each with its
tasks (assignee, due date, done), all on the case's one timeline."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import User
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concord.accounts.access import HANDLER_ROLES, scope_for
from concord.accounts.models import Membership, Unit
from concord.cases.models import Case, Relation, Status
from concord.cases.workflow import CASES, WORKING
from concord.resolution.common import GROUP, HANDLING, relation_of, set_relation, unit_of_actor
from concord.resolution.forms import AssistingForm, CompleteTaskForm, TaskForm
from concord.resolution.models import Task
from concord.resolution.queries import conditions_of, nearby_unit, working_units
from concord.workflow.errors import InvalidInput
from concord.workflow.kernel import Change, Notice, Step
from concord.workflow.text import clean_text

# Where joint handling happens: from signing for to the follow-up.
JOINT_STATES = (Status.ACCEPTED, Status.IN_MEDIATION, Status.REFERRED, Status.RESOLVED, Status.REOPENED)


def _open_tasks(case: Case) -> bool:
    return conditions_of(case).open_tasks


def _title(title: str) -> str:
    return clean_text(title, required=True, what=_("the task"), limit=200)


def _member(unit: Unit, username: str) -> User | None:
    """The user named ``username`` who handles cases in ``unit``; InvalidInput if none."""
    if not username.strip():
        return None
    membership = (
        Membership.objects.select_related("user")
        .filter(unit=unit, role__in=HANDLER_ROLES, user__username=username.strip(), user__is_active=True)
        .first()
    )
    if membership is None:
        raise InvalidInput(_("%(user)s does not handle cases in %(unit)s.") % {"user": username, "unit": unit.name})
    return membership.user


@CASES.action(
    "add_assisting_unit",
    label=gettext_lazy("ask another unit to assist"),
    help=gettext_lazy(
        "Joint handling (联动): another unit (the police station, legal aid, counselling…) sees the case and "
        "takes on a task; your unit still leads."
    ),
    states=JOINT_STATES,
    who=HANDLING,
    form=AssistingForm,
    event="joint.unit_added",
    to=None,
    public=False,
    group=GROUP,
    order=260,
)
def add_assisting_unit(step: Step[Case], *, unit: int, title: str, due_on: date | None = None) -> Change:
    """Ask ``unit`` to assist with the case, with its first task."""
    case = step.subject
    near = nearby_unit(case, unit)
    if near is None:
        raise InvalidInput(_("Choose a unit that covers the place of this dispute."))
    target = near[1]
    if relation_of(case, target) is not None:
        raise InvalidInput(_("%(unit)s already works on this case.") % {"unit": target.name})
    task = create_task(case, target, _title(title), now=step.now, due_on=due_on)
    set_relation(case, target, Relation.ASSISTING, step.now)
    return Change(
        note=_("%(unit)s asked to assist: %(task)s") % {"unit": target.name, "task": task.title},
        data={"unit": target.pk, "task": task.pk},
        notices=[
            Notice(
                subject=_("%(receipt)s: your help is asked — %(task)s") % {"receipt": case.receipt, "task": task.title},
                units=[target],
                kind="joint.task",
            )
        ],
    )


def create_task(case: Case, unit: Unit, title: str, *, now: datetime, due_on: date | None, **extra: Any) -> Task:
    """A task row for one unit (within a step)."""
    return Task.objects.create(case=case, unit=unit, title=title, due_on=due_on, created_at=now, **extra)


@CASES.action(
    "add_task",
    label=gettext_lazy("add a task"),
    help=gettext_lazy("Give a unit working on the case a task, with a due date and, if you like, a person."),
    states=JOINT_STATES,
    who=HANDLING,
    form=TaskForm,
    event="joint.task_added",
    to=None,
    public=False,
    group=GROUP,
    order=270,
)
def add_task(
    step: Step[Case], *, title: str, unit: int | None = None, due_on: date | None = None, assignee: str = ""
) -> Change:
    """Add a task for ``unit`` (the actor's own unit when empty): the case's unit or one that
    works on it."""
    case = step.subject
    assert step.actor is not None
    working = working_units(case)
    if unit is None:
        owner = unit_of_actor(step.actor, working, _("a unit working on this case"))
    else:
        chosen = next((u for u in working if u.pk == unit), None)
        if chosen is None:
            raise InvalidInput(_("Only the units working on this case can be given its tasks."))
        owner = chosen
    person = _member(owner, assignee)
    task = create_task(case, owner, _title(title), now=step.now, due_on=due_on, assignee=person)
    notices = [
        Notice(
            subject=f"{case.receipt}: {task.title}",
            units=[owner] if person is None else [],
            users=[person] if person else [],
        )
    ]
    return Change(note=task.title, data={"task": task.pk, "unit": owner.pk}, notices=notices)


@CASES.action(
    "complete_task",
    label=gettext_lazy("mark a task done"),
    help=gettext_lazy("Record that your unit's task is done, with what was done."),
    states=(*JOINT_STATES, Status.FOLLOWED_UP),
    who=WORKING,
    possible=_open_tasks,
    form=CompleteTaskForm,
    event="joint.task_done",
    to=None,
    public=False,
    group=GROUP,
    order=280,
)
def complete_task(step: Step[Case], *, task: int, note: str = "") -> Change:
    """Mark an open task of this case done; only its own unit (or the lead unit) may."""
    case = step.subject
    assert step.actor is not None
    found = Task.objects.select_related("unit").filter(case=case, pk=task).first()
    if found is None:
        raise InvalidInput(_("This case has no such task."))
    if found.done_at is not None:
        raise InvalidInput(_("This task is done already."))
    scope = scope_for(step.actor)
    if not (scope.roles_in(found.unit_id) | scope.roles_in(case.unit_id)) & HANDLER_ROLES:
        raise InvalidInput(
            _("Only %(unit)s or the unit leading the case can mark this task done.") % {"unit": found.unit.name}
        )
    found.done_at = step.now
    found.done_by = step.actor
    found.done_note = clean_text(note, required=False, what=_("a note"))
    found.save(update_fields=["done_at", "done_by", "done_note"])
    return Change(
        note=_("Done: %(task)s") % {"task": found.title} + (f"\n{found.done_note}" if found.done_note else ""),
        data={"task": found.pk},
    )


def counselling_assists(step: Step[Case], change: Change) -> None:
    """On ``refer_counselling`` (a risk step): the counselling service becomes an assisting
    unit with its task, so it sees the case and works on its timeline, not only a message."""
    case = step.subject
    service = Unit.objects.get(pk=change.data["unit"])
    if relation_of(case, service) is None:
        set_relation(case, service, Relation.ASSISTING, step.now)
    task = create_task(
        case, service, _("Counsel the person at risk and tell the unit how it went"), now=step.now, due_on=None
    )
    change.data["task"] = task.pk


CASES.extend("refer_counselling", counselling_assists)
