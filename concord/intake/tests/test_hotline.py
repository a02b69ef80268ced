"""Staff record a report phoned in to the hotline; it follows the same intake path."""

from __future__ import annotations

import pytest

from concord.cases.models import Case, Channel
from concord.testing import World

pytestmark = pytest.mark.django_db


def test_hotline_call_becomes_a_routed_case(world: World, as_user) -> None:  # type: ignore[no-untyped-def]
    client = as_user(world.street_lead)
    url = f"/staff/hotline?region={world.grid_a1a1.code}"
    page = client.get(url)
    assert page.status_code == 200
    token = page.context["form"].initial["submission_token"]
    response = client.post(
        url,
        {
            "category": world.noise.pk,
            "description": "Caller says the bar downstairs plays music until 3 am.",
            "phone": "13600136000",
            "consent": "on",
            "submission_token": token,
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/staff/cases/{case.pk}"
    assert case.channel == Channel.HOTLINE
    assert case.unit == world.community_office and case.assignee == world.grid_worker


def test_hotline_refuses_an_area_outside_the_jurisdiction(world: World, as_user) -> None:  # type: ignore[no-untyped-def]
    response = as_user(world.outsider).get(f"/staff/hotline?region={world.grid_a1a1.code}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert "No area with that code in your jurisdiction" in response.content.decode()


def test_hotline_needs_a_login(world: World, client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/staff/hotline").status_code == 302
