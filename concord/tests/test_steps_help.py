"""The help page on every step is generated from the declarations the kernel enforces."""

from __future__ import annotations

import pytest
from django.utils.html import escape

from concord.cases.workflow import CASES
from concord.testing import World
from concord.warning.workflow import ALERTS

pytestmark = pytest.mark.django_db


def test_every_declared_step_is_on_the_help_page_with_where_and_who(world: World, as_user) -> None:  # type: ignore[no-untyped-def]
    page = as_user(world.grid_worker).get("/staff/help/steps", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    body = page.content.decode()
    assert "<h1>What each step does</h1>" in body and 'id="cases"' in body and 'id="alerts"' in body
    for workflow in (CASES, ALERTS):
        for action in workflow.actions.values():
            assert escape(str(action.help)) in body, action.code
    # Who may take a step, in words: reopening is for leads; the sweep is automatic.
    reopen = body.split(escape(str(CASES.actions["reopen"].help)))[1].split("</tr>")[0]
    assert "unit lead, supervisor of the unit that has it" in reopen
    sweep = body.split(escape(str(CASES.actions["escalate_overdue"].help)))[1].split("</tr>")[0]
    assert "Concord itself (automatic)" in sweep
    lower = body.split(escape(str(CASES.actions["lower_risk"].help)))[1].split("</tr>")[0]
    assert "supervisor whose area holds it" in lower


def test_the_help_page_is_for_staff(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/staff/help/steps")
    assert response.status_code == 302 and "/staff/login/" in response["Location"]
