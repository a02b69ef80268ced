"""Joint handling: an assisting unit sees the case (and only it), does its task on the same
timeline; the lead unit gives tasks; nobody else can."""

from __future__ import annotations

import pytest

from concord.cases.models import CaseEvent, Relation
from concord.cases.services import accept_case
from concord.resolution.models import Task
from concord.resolution.tests.conftest import Paths, act
from conftest import reload

pytestmark = pytest.mark.django_db


def test_an_assisting_unit_does_its_task(paths: Paths, as_user, report_case) -> None:  # type: ignore[no-untyped-def]
    world = paths.world
    case = report_case()
    other = report_case()
    accept_case(case, actor=world.grid_worker)
    worker, officer = as_user(world.grid_worker), as_user(paths.officer)
    assert officer.get(f"/staff/cases/{case.pk}").status_code == 404
    response = act(worker, case, "add_assisting_unit", unit=paths.police.pk, title="Visit the flat with the worker")
    assert response.status_code == 302
    assert case.shares.get().relation == Relation.ASSISTING
    assert officer.get(f"/staff/cases/{case.pk}").status_code == 200
    assert officer.get(f"/staff/cases/{other.pk}").status_code == 404  # that case only
    task = Task.objects.get(case=case)
    # The assisting unit may note and finish its task, not take the lead unit's steps.
    assert act(officer, case, "add_note", note="Visited at 19:00, calm.").status_code == 302
    assert act(officer, case, "resolve", outcome="advice", summary="x").status_code == 409
    assert act(officer, case, "complete_task", task=task.pk, note="Visited.").status_code == 302
    assert Task.objects.get(pk=task.pk).done_by == paths.officer
    assert act(officer, case, "complete_task", task=task.pk).status_code in (400, 409)
    actions = list(CaseEvent.objects.filter(case=case).values_list("action", flat=True))
    assert actions[-3:] == ["joint.unit_added", "case.note_added", "joint.task_done"]
    # The page's task form offers the units working on the case: the lead's and the assisting one.
    page = worker.get(f"/staff/cases/{case.pk}", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    task_form = page[page.index('name="add_task-unit"') :].split("</select>")[0]
    assert f'value="{paths.police.pk}"' in task_form and f'value="{world.community_office.pk}"' in task_form
    # The lead unit gives another task to a named person of the assisting unit.
    response = act(worker, case, "add_task", unit=paths.police.pk, title="Call back Friday", assignee="officer")
    assert response.status_code == 302
    assert Task.objects.get(title="Call back Friday").assignee == paths.officer
    response = act(worker, case, "add_task", unit=paths.police.pk, title="x", assignee="lawyer")
    assert response.status_code == 400 and "does not handle cases" in response.content.decode()
    assert act(as_user(world.outsider), case, "add_task", title="x").status_code == 404
    assert reload(case).unit == world.community_office  # the lead stays


def test_refer_to_counselling_asks_the_service_to_assist(paths: Paths, as_user, report_case) -> None:  # type: ignore[no-untyped-def]
    world = paths.world
    case = report_case(description="他天天骂我，我不想活了")
    accept_case(case, actor=world.grid_worker)
    assert act(as_user(world.grid_worker), case, "refer_counselling", note="Please call her today.").status_code == 302
    share = case.shares.get()
    assert share.unit == paths.counselling and share.relation == Relation.ASSISTING
    assert Task.objects.get(case=case).unit == paths.counselling
    assert as_user(paths.counsellor).get(f"/staff/cases/{case.pk}").status_code == 200
