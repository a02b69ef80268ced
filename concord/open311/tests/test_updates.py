"""servicerequestupdates (the FixMyStreet extension): public updates only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from concord.cases import services
from concord.cases.models import Category, Outcome
from concord.open311.tests.support import as_strings, xml_to_data

pytestmark = pytest.mark.django_db


def test_updates_list_public_events_of_listed_cases(client, world, report_case):
    case = report_case()
    services.accept_case(case, actor=world.grid_worker, note="")
    services.add_note(case, actor=world.grid_worker, note="Called the neighbour: private detail", public=False)
    services.add_note(case, actor=world.grid_worker, note="Both sides will meet on Friday.", public=True)
    services.resolve_case(case, actor=world.grid_worker, outcome=Outcome.AGREEMENT, summary="Quiet after 22:00.")
    report_case(category=Category.objects.get(code="family"))  # never listed
    response = client.get("/open311/v2/servicerequestupdates.json")
    assert response.status_code == 200
    updates = response.json()
    assert [u["status"] for u in updates] == ["open", "investigating", "investigating", "fixed"]
    assert {u["service_request_id"] for u in updates} == {str(case.pk)}
    assert updates[2]["description"] == "Both sides will meet on Friday."
    assert "private detail" not in response.content.decode()
    assert all(u["updated_datetime"].endswith("+08:00") for u in updates)
    assert len({u["update_id"] for u in updates}) == 4
    xml = client.get("/open311/v2/servicerequestupdates.xml")
    assert xml_to_data(xml.content) == as_strings(updates)


def test_updates_window(client, world, report_case):
    report_case()
    later = (timezone.now() + timedelta(minutes=5)).isoformat()
    assert client.get("/open311/v2/servicerequestupdates.json", {"start_date": later}).json() == []
    earlier = (timezone.now() - timedelta(minutes=5)).isoformat()
    assert len(client.get("/open311/v2/servicerequestupdates.json", {"start_date": earlier}).json()) == 1
    too_wide = {"start_date": "2025-01-01T00:00:00Z", "end_date": "2026-01-01T00:00:00Z"}
    assert client.get("/open311/v2/servicerequestupdates.json", too_wide).status_code == 400
