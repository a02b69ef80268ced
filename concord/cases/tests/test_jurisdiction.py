"""Nobody sees anything outside their jurisdiction: a 404 on every page and action."""

from __future__ import annotations

import pytest

from concord.cases.models import CaseEvent
from concord.cases.workflow import CASES
from concord.testing import World
from conftest import page_body

pytestmark = pytest.mark.django_db


def test_outsider_gets_404_on_every_page_and_action(world: World, as_user, report_case) -> None:  # type: ignore[no-untyped-def]
    case = report_case()
    outsider = as_user(world.outsider)
    hidden = outsider.get(f"/staff/cases/{case.pk}", HTTP_ACCEPT_LANGUAGE="en")
    missing = outsider.get("/staff/cases/999999", HTTP_ACCEPT_LANGUAGE="en")
    # The same answer as for a case that does not exist: nothing confirms this one does.
    assert hidden.status_code == missing.status_code == 404 and page_body(hidden) == page_body(missing)
    assert "This page does not exist" in hidden.content.decode() and case.receipt not in hidden.content.decode()
    assert outsider.post(f"/staff/cases/{case.pk}/contacts").status_code == 404
    for action in (code for code, declared in CASES.actions.items() if declared.offered):
        assert outsider.post(f"/staff/cases/{case.pk}/{action}", {f"{action}-note": "x"}).status_code == 404, action
    for tab in ("mine", "unit", "due_soon", "overdue", "area"):
        assert case.receipt not in outsider.get(f"/staff/?tab={tab}").content.decode()
    assert CaseEvent.objects.filter(case=case).count() == 1


def test_a_missing_case_looks_the_same_as_a_hidden_one(world: World, as_user, report_case) -> None:  # type: ignore[no-untyped-def]
    hidden = report_case()
    outsider = as_user(world.outsider)
    for language in ("en", "zh-hans"):
        missing = outsider.get("/staff/cases/999999", HTTP_ACCEPT_LANGUAGE=language)
        elsewhere = outsider.get(f"/staff/cases/{hidden.pk}", HTTP_ACCEPT_LANGUAGE=language)
        assert missing.status_code == elsewhere.status_code == 404
        assert page_body(missing) == page_body(elsewhere)
    # And a case the reader may see is a real page, not the same 404.
    assert as_user(world.grid_worker).get(f"/staff/cases/{hidden.pk}").status_code == 200


@pytest.mark.parametrize("who", ["grid_worker", "street_lead", "district_supervisor", "city_supervisor", "analyst"])
def test_every_level_above_can_read_the_case(world: World, as_user, report_case, who: str) -> None:  # type: ignore[no-untyped-def]
    case = report_case()
    client = as_user(getattr(world, who))
    assert client.get(f"/staff/cases/{case.pk}").status_code == 200
    assert case.receipt in client.get("/staff/?tab=area").content.decode()


@pytest.mark.parametrize("who", ["street_lead", "district_supervisor", "city_supervisor", "analyst"])
def test_levels_above_read_only_until_it_reaches_them(world: World, as_user, report_case, who: str) -> None:  # type: ignore[no-untyped-def]
    case = report_case()
    client = as_user(getattr(world, who))
    page = client.get(f"/staff/cases/{case.pk}", HTTP_ACCEPT_LANGUAGE="en")
    assert page.context["actions"] == []
    assert client.post(f"/staff/cases/{case.pk}/sign_for").status_code == 409


def test_grid_worker_of_another_grid_in_the_same_unit_does_not_see_it(world: World, as_user, report_case) -> None:  # type: ignore[no-untyped-def]
    """A grid worker reads their own grids plus what their unit handles (colleagues cover)."""
    case = report_case(region=world.grid_a1a2)
    assert case.assignee is None  # nobody covers grid A1a2: it waits in the unit's inbox
    client = as_user(world.grid_worker)
    assert client.get(f"/staff/cases/{case.pk}").status_code == 200
    assert case.receipt in client.get("/staff/?tab=unit").content.decode()


def test_anonymous_visitor_is_sent_to_login(world: World, client, report_case) -> None:  # type: ignore[no-untyped-def]
    case = report_case()
    response = client.get(f"/staff/cases/{case.pk}")
    assert response.status_code == 302 and "/staff/login/" in response["Location"]


def test_access_helper_write_mode(world: World, report_case) -> None:  # type: ignore[no-untyped-def]
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from concord.cases.queries import get_case_for_user

    case = report_case()
    assert get_case_for_user(world.grid_worker, case.pk, write=True) == case
    assert get_case_for_user(world.street_lead, case.pk) == case
    with pytest.raises(PermissionDenied):
        get_case_for_user(world.street_lead, case.pk, write=True)
    with pytest.raises(Http404):
        get_case_for_user(world.outsider, case.pk)
    with pytest.raises(Http404):
        get_case_for_user(world.grid_worker, "not-a-number")
