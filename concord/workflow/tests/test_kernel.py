"""The workflow kernel on its own: a small workflow over cases, declared here, shows what every
step gets — the state and the standing checked, exactly one event, only the declared fields
saved, notices in the same transaction, refusals that change nothing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from concord.cases.models import Case, CaseEvent, Status
from concord.notify.models import Notification
from concord.testing import World
from concord.workflow import kernel
from concord.workflow.errors import IllegalStep, InvalidInput
from concord.workflow.forms import OptionalNoteForm
from concord.workflow.kernel import SYSTEM, Change, Notice, Standing, Step, Who, Workflow
from conftest import reload

pytestmark = pytest.mark.django_db

WORKERS = Who(in_unit=frozenset({"worker"}))
# Who holds what over any case in these tests: usernames -> unit roles.
STANDING = {"grid_worker": frozenset({"worker"})}


@pytest.fixture
def flow() -> Iterator[Workflow[Case, CaseEvent]]:
    made: Workflow[Case, CaseEvent] = Workflow(
        "kernel-test",
        Case,
        title=_("Case steps"),
        event_model=CaseEvent,
        subject_field="case",
        standing=lambda user, case: Standing(in_unit=STANDING.get(user.username, frozenset())),
        refusal="You cannot {action} a case that is {status}. Allowed now: {allowed}.",
        public_events=True,
    )
    yield made
    kernel._workflows.pop("kernel-test")


def declare(flow: Workflow[Case, CaseEvent]) -> dict[str, kernel.Action[Case, CaseEvent]]:
    @flow.action(
        "take",
        label=_("sign for"),
        help="Take it.",
        states=(Status.REPORTED,),
        who=WORKERS,
        form=OptionalNoteForm,
        event="test.taken",
        to=Status.ACCEPTED,
        order=20,
    )
    def take(step: Step[Case], *, note: str = "") -> Change:
        step.subject.assignee = step.actor
        step.subject.description = "changed in memory, never saved"
        return Change(note=note, fields=["assignee"], notices=[Notice(subject="taken", units=[step.subject.unit])])

    @flow.action(
        "look", label=_("add a note"), help="Look.", states=tuple(Status), who=WORKERS, event="test.look", order=10
    )
    def look(step: Step[Case], *, refuse: bool = False, nothing: bool = False) -> Change | None:
        if refuse:
            step.subject.escalation_count = 9
            raise InvalidInput("no")
        return None if nothing else Change(note="looked", data={"n": 1})

    @flow.action("sweep", label=_("close"), help="Sweep.", states=(Status.REPORTED,), who=SYSTEM, event="test.swept")
    def sweep(step: Step[Case]) -> Change:
        return Change(note="by the system")

    return {"take": take, "look": look, "sweep": sweep}


def test_a_step_checks_writes_the_declared_fields_and_one_event(world: World, report_case, flow) -> None:  # type: ignore[no-untyped-def]
    steps = declare(flow)
    case = report_case()
    event = steps["take"](case, actor=world.grid_worker, note="mine")
    assert event is not None and (event.action, event.from_status, event.to_status) == (
        "test.taken",
        "reported",
        "accepted",
    )
    assert event.actor == world.grid_worker and event.note == "mine" and event.is_public  # a state change is public
    saved = reload(case)
    assert saved.status == Status.ACCEPTED and saved.assignee == world.grid_worker
    assert saved.description == case.description  # not a declared field: not saved
    assert saved.updated_at == event.created_at
    assert CaseEvent.objects.filter(case=case).count() == 2  # the report and this step
    assert Notification.objects.filter(kind="test.taken", case=case, recipient_unit=case.unit).count() == 1


@override("en")
def test_a_step_out_of_state_or_standing_is_refused_and_changes_nothing(world: World, report_case, flow) -> None:  # type: ignore[no-untyped-def]
    steps = declare(flow)
    case = report_case()
    with pytest.raises(IllegalStep) as refused:
        steps["take"](case, actor=world.street_lead)  # no standing over the case
    assert refused.value.allowed == [] and refused.value.status_code == 409
    assert "Allowed now: none" in refused.value.message
    steps["take"](case, actor=world.grid_worker)
    with pytest.raises(IllegalStep) as refused:
        steps["take"](case, actor=world.grid_worker)  # signed for already
    assert refused.value.allowed == ["look"]
    assert refused.value.message == "You cannot sign for a case that is signed for. Allowed now: add a note."
    assert CaseEvent.objects.filter(case=case, action="test.taken").count() == 1


def test_the_system_is_bound_by_the_states_only_and_people_never_take_its_steps(
    world: World, report_case, flow
) -> None:  # type: ignore[no-untyped-def]
    steps = declare(flow)
    case = report_case()
    assert flow.allowed(case, world.grid_worker) == ["look", "take"]  # by order, not by declaration
    assert flow.allowed(case, None) == ["sweep"]  # the system takes its own steps only
    assert [action.code for action in flow.offered(case, world.grid_worker)] == ["take"]  # only steps with a form
    event = steps["sweep"](case, actor=None)
    assert event is not None and event.actor is None and event.note == "by the system"
    with pytest.raises(IllegalStep):
        steps["sweep"](case, actor=world.grid_worker)
    with pytest.raises(IllegalStep):
        steps["take"](case, actor=None)


def test_a_refused_input_rolls_back_and_a_step_with_nothing_to_do_writes_nothing(
    world: World, report_case, flow
) -> None:  # type: ignore[no-untyped-def]
    steps = declare(flow)
    case = report_case()
    with pytest.raises(InvalidInput):
        steps["look"](case, actor=world.grid_worker, refuse=True)
    assert steps["look"](case, actor=world.grid_worker, nothing=True) is None
    assert reload(case).escalation_count == 0
    assert list(CaseEvent.objects.filter(case=case).values_list("action", flat=True)) == ["case.reported"]
    event = steps["look"](case, actor=world.grid_worker)
    assert event is not None and event.data == {"n": 1} and not event.is_public and event.to_status == ""


def test_an_extension_adds_to_the_same_event_and_after_work_runs_inside_the_transaction(  # type: ignore[no-untyped-def]
    world: World, report_case, flow
) -> None:
    steps = declare(flow)
    case = report_case()

    def extend(step: Step[Case], change: Change) -> None:
        step.subject.escalation_count = 7
        change.fields.append("escalation_count")
        change.data["extended"] = True
        step.after(lambda: step.notify([Notice(subject="after", units=[step.subject.unit], kind="test.after")]))

    flow.extend("look", extend)
    event = steps["look"](case, actor=world.grid_worker)
    assert event is not None and event.data == {"n": 1, "extended": True}
    assert reload(case).escalation_count == 7
    assert Notification.objects.filter(kind="test.after", case=case).count() == 1

    def broken(step: Step[Case], change: Change) -> None:
        step.after(lambda: (_ for _ in ()).throw(RuntimeError("after work failed")))

    flow.extend("look", broken)
    with pytest.raises(RuntimeError):
        steps["look"](case, actor=world.grid_worker)
    # Nothing of the failed step stays: not its event, not its notices.
    assert CaseEvent.objects.filter(case=case, action="test.look").count() == 1
    assert Notification.objects.filter(kind="test.after", case=case).count() == 1


def test_a_step_is_declared_once(flow) -> None:  # type: ignore[no-untyped-def]
    declare(flow)
    with pytest.raises(ImproperlyConfigured):
        declare(flow)
    with pytest.raises(ImproperlyConfigured):
        Workflow(
            "kernel-test",
            Case,
            title=_("Case steps"),
            event_model=CaseEvent,
            subject_field="case",
            standing=lambda user, case: Standing(),
            refusal="",
        )


@override("en")
def test_the_policy_table_names_the_states(flow) -> None:  # type: ignore[no-untyped-def]
    declare(flow)
    table = {action.code: states for action, states in flow.table()}
    assert [str(state) for state in table["take"]] == ["reported"]
    assert len(table["look"]) == len(Status)


def test_roles_through_a_related_unit_and_a_narrowed_who(world: World, report_case) -> None:  # type: ignore[no-untyped-def]
    """``Who.through`` lets a unit related to the subject take a step; ``narrow`` picks, per
    subject, which part of ``who`` may (the help page and the API still name all of it)."""
    both = Who(in_unit=frozenset({"worker"}), through=kernel.related(["receiving"], ["mediator"]))
    receivers = Who(through=kernel.related(["receiving"], ["mediator"]))
    standing = {
        "grid_worker": Standing(in_unit=frozenset({"worker"})),
        "street_lead": Standing(through=frozenset({("receiving", "mediator")})),
    }
    made: Workflow[Case, CaseEvent] = Workflow(
        "kernel-through",
        Case,
        title=_("Case steps"),
        event_model=CaseEvent,
        subject_field="case",
        standing=lambda user, case: standing.get(user.username, Standing()),
        refusal="You cannot {action} a case that is {status}. Allowed now: {allowed}.",
    )
    try:
        made.action("note", label=_("add a note"), help="", states=(Status.REPORTED,), who=both, event="t.n")(
            lambda step: Change()
        )
        made.action(
            "session",
            label=_("plan a mediation session"),
            help="",
            states=(Status.REPORTED,),
            who=both,
            narrow=lambda case: receivers if case.escalation_count else both,
            event="t.s",
        )(lambda step: Change())
        case = report_case()
        assert made.allowed(case, world.street_lead) == ["note", "session"]
        assert made.allowed(case, world.grid_worker) == ["note", "session"]
        case.escalation_count = 1  # as if handed over: now only the receiving side plans
        assert made.allowed(case, world.grid_worker) == ["note"]
        assert made.allowed(case, world.street_lead) == ["note", "session"]
        assert made.allowed(case, world.outsider) == []
        assert not both.system_only and not receivers.system_only
    finally:
        kernel._workflows.pop("kernel-through")
