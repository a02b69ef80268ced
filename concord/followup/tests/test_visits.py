"""Follow-up visits: scheduled by every step that resolves a case (per category), each outcome
(held, broken again, nobody reached), the last visit ending in "followed up"."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from concord.accounts.models import Unit
from concord.cases.models import CaseEvent, Status
from concord.cases.services import accept_case, close_case, reopen_case, resolve_case
from concord.cases.workflow import CASES
from concord.followup.models import Resolution, Visit, VisitStatus
from concord.followup.tests.conftest import act
from concord.followup.visits import record_visit
from concord.resolution.catalogue import seed_channels
from concord.resolution.models import ResolutionChannel
from concord.resolution.referrals import accept_referral, complete_referral, refer_case
from concord.testing import World
from concord.workflow.errors import InvalidInput
from conftest import reload

pytestmark = pytest.mark.django_db


def _due_days(case) -> list[int]:  # type: ignore[no-untyped-def]
    resolved_at = case.resolved_at
    return [round((v.due_at - resolved_at) / timedelta(days=1)) for v in Visit.objects.filter(case_id=case.pk)]


def test_visits_at_7_and_30_days_by_default_and_per_category(world: World, resolved, settings) -> None:  # type: ignore[no-untyped-def]
    case = resolved()
    assert _due_days(case) == [7, 30]
    assert case.follow_up_deadline == case.resolved_at + timedelta(days=7) == case.due_at
    world.labour.follow_up_days = "3,10,60"
    world.labour.save(update_fields=["follow_up_days"])
    labour = resolved(category=world.labour)
    assert _due_days(labour) == [3, 10, 60]
    assert labour.follow_up_deadline == labour.resolved_at + timedelta(days=3)
    settings.CONCORD_FOLLOW_UP_DAYS = [14]
    assert _due_days(resolved()) == [14]
    event = CaseEvent.objects.get(case=case, action="case.resolved")
    assert event.data["resolution"] == Resolution.objects.get(case=case).pk


def test_a_referral_completed_schedules_the_visits_too(world: World, report_case) -> None:  # type: ignore[no-untyped-def]
    seed_channels(ResolutionChannel, Unit)
    case = report_case()
    accept_case(case, actor=world.grid_worker)
    refer_case(
        reload(case),
        actor=world.grid_worker,
        channel="people_mediation",
        unit=world.street_committee.pk,
        reason="Needs a formal mediation.",
        consent="given",
    )
    accept_referral(reload(case), actor=world.street_lead)
    complete_referral(reload(case), actor=world.street_lead, result="agreement", outcome="Both agreed.")
    done = reload(case)
    resolution = Resolution.objects.get(case=case)
    assert (done.status, resolution.via, resolution.unit) == (Status.RESOLVED, "referral.completed", done.unit)
    assert _due_days(done) == [7, 30]


def test_every_step_of_the_case_workflow_is_watched() -> None:
    # A step declared after start-up would resolve cases without visits: each has the hook.
    assert set(CASES.actions) <= set(CASES._extensions)


def test_held_then_held_is_followed_up_then_closed_through_the_page(world: World, resolved, as_user) -> None:  # type: ignore[no-untyped-def]
    case = resolved(days_ago=8)
    worker = as_user(world.grid_worker)
    page = worker.get(f"/staff/cases/{case.pk}", HTTP_ACCEPT_LANGUAGE="en")
    assert "follow_up" in [code for code, _label, _form in page.context["actions"]]
    assert 'name="follow_up-outcome"' in page.content.decode()
    assert act(worker, case, "follow_up", outcome="held", note="Quiet since.").status_code == 302
    first, second = Visit.objects.filter(case_id=case.pk)
    after = reload(case)
    assert (first.status, first.done_by, second.status) == (VisitStatus.HELD, world.grid_worker, VisitStatus.PENDING)
    assert after.status == Status.RESOLVED and after.follow_up_deadline == second.due_at == after.due_at
    assert act(worker, case, "follow_up", outcome="held").status_code == 302
    done = reload(case)
    assert (done.status, done.follow_up_deadline, done.due_at) == (Status.FOLLOWED_UP, None, None)
    assert list(CaseEvent.objects.filter(case=case).values_list("action", flat=True))[-2:] == [
        "followup.held",
        "case.followed_up",
    ]
    close_case(done, actor=world.grid_worker)
    assert reload(case).status == Status.CLOSED


def test_broken_again_reopens_linked_to_the_resolution(world: World, resolved) -> None:  # type: ignore[no-untyped-def]
    case = resolved(days_ago=8)
    resolution = Resolution.objects.get(case=case)
    now = timezone.now()
    record_visit(case, actor=world.grid_worker, now=now, outcome="broken", note="The music is back.")
    reopened = reload(case)
    assert reopened.status == Status.REOPENED and reopened.assignee is None
    assert reopened.sign_for_deadline > now and reopened.due_at == reopened.sign_for_deadline
    assert reopened.follow_up_deadline is None
    event = CaseEvent.objects.get(case=case, action="followup.broken")
    assert event.data["resolution"] == resolution.pk and event.data["staff_note"] == "The music is back."
    assert event.is_public and "music" not in event.note
    resolution.refresh_from_db()
    assert (resolution.reopened_by, resolution.reopened_at) == ("followup.broken", now)
    assert list(Visit.objects.filter(case_id=case.pk).values_list("status", flat=True)) == [
        VisitStatus.BROKEN,
        VisitStatus.CANCELLED,
    ]


def test_nobody_reached_is_tried_again_then_the_next_visit_follows(world: World, resolved) -> None:  # type: ignore[no-untyped-def]
    case = resolved(days_ago=31)
    now = timezone.now()
    with pytest.raises(InvalidInput):
        record_visit(case, actor=world.grid_worker, now=now, outcome="unreachable", note="")
    for attempt in (1, 2):
        at = now + timedelta(days=2 * (attempt - 1))
        record_visit(reload(case), actor=world.grid_worker, now=at, outcome="unreachable", note="No answer.")
        first = Visit.objects.get(case_id=case.pk, number=1)
        assert (first.status, first.attempts, first.due_at) == (VisitStatus.PENDING, attempt, at + timedelta(days=2))
        assert reload(case).follow_up_deadline == first.due_at and reload(case).status == Status.RESOLVED
    record_visit(reload(case), actor=world.grid_worker, now=now + timedelta(days=4), outcome="unreachable", note="No.")
    first, second = Visit.objects.filter(case_id=case.pk)
    assert (first.status, first.attempts) == (VisitStatus.NOT_REACHED, 3)
    assert reload(case).follow_up_deadline == second.due_at and reload(case).status == Status.RESOLVED
    events = list(CaseEvent.objects.filter(case=case).values_list("action", flat=True))
    assert events[-3:] == ["followup.unreachable", "followup.unreachable", "followup.not_reached"]
    # The last visit not reached either: the case is followed up all the same.
    for day in (5, 7, 9):
        record_visit(
            reload(case), actor=world.grid_worker, now=now + timedelta(days=day), outcome="unreachable", note="No."
        )
    last = reload(case)
    assert last.status == Status.FOLLOWED_UP and last.follow_up_deadline is None
    assert CaseEvent.objects.filter(case=case).last().action == "followup.not_reached"  # type: ignore[union-attr]


def test_a_lead_reopening_ends_the_resolution_and_a_new_one_gets_new_visits(world: World, resolved, office) -> None:  # type: ignore[no-untyped-def]
    case = resolved(days_ago=1)
    reopen_case(case, actor=office.lead, reason="The neighbour complained again.")
    first = Resolution.objects.get(case=case)
    assert first.reopened_by == "case.reopened"
    assert CaseEvent.objects.get(case=case, action="case.reopened").data["resolution"] == first.pk
    assert not Visit.objects.filter(case_id=case.pk, status=VisitStatus.PENDING).exists()
    accept_case(reload(case), actor=world.grid_worker)
    resolve_case(reload(case), actor=world.grid_worker, outcome="advice", summary="Advice again.")
    second = Resolution.objects.filter(case=case).latest("number")
    assert second.number == 2 and second.reopened_at is None
    assert Visit.objects.filter(resolution=second, status=VisitStatus.PENDING).count() == 2


def test_the_visit_step_is_for_the_handling_unit_only(world: World, resolved, as_user) -> None:  # type: ignore[no-untyped-def]
    case = resolved(days_ago=8)
    response = act(as_user(world.street_lead), case, "follow_up", outcome="held")
    assert response.status_code in (403, 409)
    assert Visit.objects.get(case_id=case.pk, number=1).status == VisitStatus.PENDING
