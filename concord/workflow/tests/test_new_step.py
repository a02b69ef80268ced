"""A new step is one declaration and one handler: the README's example, declared here on the
real case workflow, is offered on the case page where it is legal, runs through HTTP with one
event, is named in the 409 message and on the help page, and has an API endpoint."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils.translation import gettext_lazy as _
from rest_framework.test import APIRequestFactory, force_authenticate

from concord.accounts.access import HANDLERS
from concord.cases.forms import ReasonForm
from concord.cases.models import Case, CaseEvent, Status
from concord.cases.workflow import CASES
from concord.testing import World
from concord.workflow.kernel import Change, Step
from concord.workflow.text import clean_text
from conftest import reload

pytestmark = pytest.mark.django_db


@pytest.fixture
def withdraw() -> Iterator[None]:
    @CASES.action(
        "withdraw",
        label=_("close"),  # an existing label, so that the test needs no new translation
        help="The resident withdrew the report.",
        states=(Status.REPORTED, Status.ACCEPTED),
        who=HANDLERS,
        form=ReasonForm,
        event="case.withdrawn",
        to=Status.CLOSED,
        order=85,
    )
    def withdraw_case(step: Step[Case], *, reason: str) -> Change:
        step.subject.closed_at = step.now
        return Change(note=clean_text(reason, required=True, what="a reason"), fields=["closed_at"])

    yield
    del CASES.actions["withdraw"]


def test_one_declaration_gives_the_page_the_service_the_refusal_and_the_help(  # type: ignore[no-untyped-def]
    world: World, as_user, report_case, withdraw
) -> None:
    case = report_case()
    worker = as_user(world.grid_worker)
    page = worker.get(f"/staff/cases/{case.pk}", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert [code for code, _label, _form in page.context["actions"]] == [
        "sign_for", "add_note", "escalate", "reject", "withdraw", "correct"
    ]  # fmt: skip
    assert f'/staff/cases/{case.pk}/withdraw"' in page.content.decode()
    done = worker.post(f"/staff/cases/{case.pk}/withdraw", {"withdraw-reason": "They settled it."})
    assert done.status_code == 302
    closed = reload(case)
    assert closed.status == Status.CLOSED and closed.closed_at is not None and closed.due_at is None
    event = CaseEvent.objects.get(case=case, action="case.withdrawn")
    assert (event.from_status, event.to_status, event.note) == ("reported", "closed", "They settled it.")
    # Not legal once closed: refused with the steps allowed now, by name.
    again = worker.post(f"/staff/cases/{case.pk}/withdraw", {"withdraw-reason": "x"}, HTTP_ACCEPT_LANGUAGE="en")
    assert again.status_code == 409 and "You cannot close a case that is closed" in again.content.decode()
    assert "The resident withdrew the report." in worker.get("/staff/help/steps").content.decode()


def test_one_declaration_gives_an_api_endpoint(world: World, report_case, withdraw) -> None:  # type: ignore[no-untyped-def]
    from concord.api.views import _action_view

    case = report_case()
    view = _action_view(CASES.actions["withdraw"]).as_view()
    request = APIRequestFactory().post(f"/api/cases/{case.pk}/withdraw/", {"reason": "Settled."}, format="json")
    force_authenticate(request, user=world.grid_worker)
    response = view(request, case_id=str(case.pk))
    assert response.status_code == 200 and response.data["status"] == "closed"
    assert "withdraw" not in response.data["allowed_actions"]
