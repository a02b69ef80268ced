"""The tracking page shows the public timeline only."""

from __future__ import annotations

import pytest
from django.test import Client

from concord.cases import services
from concord.testing import World

pytestmark = pytest.mark.django_db


def test_tracking_shows_status_and_public_notes_only(world: World, client: Client, report_case) -> None:  # type: ignore[no-untyped-def]
    case = report_case()
    services.accept_case(case, actor=world.grid_worker)
    services.add_note(case, actor=world.grid_worker, note="INTERNAL: neighbour has a record", public=False)
    services.add_note(case, actor=world.grid_worker, note="We will visit on Friday.", public=True)
    body = client.get(f"/t/{case.receipt}", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "We will visit on Friday." in body
    assert "INTERNAL" not in body
    assert "Signed for" in body or "signed for" in body
    assert world.grid_worker.username not in body
    assert world.grid_worker.first_name not in body
    assert "Wang Fang" not in body and "13800138000" not in body
    assert world.community_office.name not in body


def test_receipt_is_forgiving_about_case_and_dashes(world: World, client: Client, report_case) -> None:  # type: ignore[no-untyped-def]
    case = report_case()
    typed = f"{case.receipt[:5].lower()}-{case.receipt[5:].lower()}"
    response = client.get("/t/", {"receipt": typed})
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200


def test_unknown_receipt_is_a_friendly_404(world: World, client: Client) -> None:
    response = client.get("/t/ZZZZZZZZZZ", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert "could not find" in response.content.decode()
