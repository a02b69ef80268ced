"""Reading cases through the API: scoped like the pages, filtered, cursor-paginated, no N+1."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from concord.accounts.models import AuditLog
from concord.cases.models import Case, Status
from concord.cases.receipts import format_receipt
from concord.testing import World

pytestmark = pytest.mark.django_db


def ids(response) -> list[int]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_grid_worker_sees_own_cases_and_outsider_does_not(world: World, as_api, report_case) -> None:  # type: ignore[no-untyped-def]
    mine = report_case()
    theirs = report_case(region=world.grid_b1)
    assert ids(as_api(world.grid_worker).get("/api/cases/")) == [mine.pk]
    outsider = as_api(world.outsider)
    assert ids(outsider.get("/api/cases/")) == [theirs.pk]
    response = outsider.get(f"/api/cases/{mine.pk}/")
    assert response.status_code == 404
    assert response.json() == {"error": {"code": "not_found", "message": "Not found."}}
    # Acting on it is the same 404: nothing confirms the case exists.
    assert outsider.post(f"/api/cases/{mine.pk}/sign-for/", {}, content_type="application/json").status_code == 404


def test_city_supervisor_sees_every_case(world: World, as_api, report_case) -> None:  # type: ignore[no-untyped-def]
    cases = [report_case(), report_case(region=world.grid_a1a2), report_case(region=world.grid_b1)]
    assert ids(as_api(world.city_supervisor).get("/api/cases/")) == sorted((c.pk for c in cases), reverse=True)


def test_analyst_reads_but_cannot_act(world: World, as_api, report_case) -> None:  # type: ignore[no-untyped-def]
    case = report_case()
    analyst = as_api(world.analyst)
    detail = analyst.get(f"/api/cases/{case.pk}/")
    assert detail.status_code == 200
    assert detail.json()["allowed_actions"] == []
    response = analyst.post(f"/api/cases/{case.pk}/sign-for/", {}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["error"] == {
        "code": "permission_denied",
        "message": "You can see this case but it is handled by another unit.",
    }
    assert Case.objects.get(pk=case.pk).status == Status.REPORTED


def test_detail_has_timeline_deadlines_actions_and_masked_phones(world: World, as_api, report_case) -> None:  # type: ignore[no-untyped-def]
    case = report_case(phone="13800138000")
    response = as_api(world.grid_worker).get(f"/api/cases/{case.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["receipt"] == case.receipt and body["status"] == "reported"
    assert body["category"]["code"] == "neighbour_noise" and body["region"]["code"] == world.grid_a1a1.code
    assert body["unit"]["id"] == world.community_office.pk
    assert body["sign_for_deadline"] and body["resolution_deadline"] and body["due_at"]
    assert body["follow_up_deadline"] is None and body["is_overdue"] is False
    assert body["allowed_actions"] == [
        "sign_for",
        "add_note",
        "escalate",
        "reject",
        "correct",
        "assess_risk",
        "raise_risk",
        "refer_counselling",
    ]
    assert [event["action"] for event in body["timeline"]] == ["case.reported"]
    assert set(body["timeline"][0]) == {
        "id",
        "action",
        "created_at",
        "actor",
        "from_status",
        "to_status",
        "note",
        "is_public",
    }
    assert body["parties"] == [
        {"role": "reporter", "kind": "person", "name": "Wang Fang", "phone_masked": "*******8000"}
    ]
    assert "13800138000" not in response.content.decode()
    assert AuditLog.objects.filter(action="case.viewed", object_id=str(case.pk), actor=world.grid_worker).exists()


@pytest.mark.parametrize(
    "path", ["/api/cases/abc/", "/api/cases/0/", "/api/cases/99999999999999999999/", "/api/nothing/"]
)
def test_unknown_urls_are_json_404(world: World, as_api, path: str) -> None:
    response = as_api(world.grid_worker).get(path)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_missing_slash_redirects(world: World, as_api, report_case) -> None:  # type: ignore[no-untyped-def]
    response = as_api(world.grid_worker).get("/api/cases")
    assert response.status_code == 301 and response["Location"] == "/api/cases/"


def test_filters(world: World, as_api, report_case) -> None:  # type: ignore[no-untyped-def]
    noise = report_case(description="Drums upstairs")
    labour = report_case(category=world.labour, description="Wages unpaid since March")
    next_grid = report_case(region=world.grid_a1a2)
    far = report_case(region=world.grid_b1)
    Case.objects.filter(pk=labour.pk).update(status=Status.ACCEPTED, due_at=timezone.now() - timedelta(hours=1))
    Case.objects.filter(pk=next_grid.pk).update(created_at=timezone.now() - timedelta(days=10))
    api = as_api(world.city_supervisor)

    def found(**params: str) -> set[int]:
        return set(ids(api.get("/api/cases/", params)))

    everything = {noise.pk, labour.pk, next_grid.pk, far.pk}
    assert found() == everything
    assert found(status="accepted") == {labour.pk}
    assert found(status="reported,accepted") == everything
    assert found(category="labour") == {labour.pk}
    assert found(region=world.grid_a1a1.code) == {noise.pk, labour.pk}
    assert found(region=world.street_a1.code) == {noise.pk, labour.pk, next_grid.pk}
    assert found(region=world.district_b.code) == {far.pk}
    assert found(unit=str(world.community_office_b.pk)) == {far.pk}
    assert found(overdue="true") == {labour.pk}
    assert found(overdue="false") == everything - {labour.pk}
    week_ago = (timezone.now() - timedelta(days=7)).isoformat()
    assert found(reported_after=week_ago) == everything - {next_grid.pk}
    assert found(reported_before=week_ago) == {next_grid.pk}
    assert found(reported_before=timezone.localdate().isoformat()) == {next_grid.pk}
    assert found(q="wages UNPAID") == {labour.pk}
    assert found(q=format_receipt(far.receipt).lower()) == {far.pk}
    # Filters narrow the caller's jurisdiction, never widen it.
    assert set(ids(as_api(world.grid_worker).get("/api/cases/", {"region": world.district_b.code}))) == set()


def test_invalid_filters_are_400_naming_each(world: World, as_api) -> None:
    params = {
        "status": "reported,lost",
        "category": "no-such-category",
        "region": "999",
        "unit": "x",
        "overdue": "maybe",
        "reported_after": "yesterday",
        "page_size": "500",
    }
    response = as_api(world.grid_worker).get("/api/cases/", params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert set(error["fields"]) == {"status", "category", "region", "unit", "overdue", "reported_after"}
    page_size = as_api(world.grid_worker).get("/api/cases/", {"page_size": "500"})
    assert page_size.status_code == 400 and set(page_size.json()["error"]["fields"]) == {"page_size"}
    for bad_cursor in ("abc", "cD1hYmM="):  # not base64; base64 of "p=abc"
        cursor = as_api(world.grid_worker).get("/api/cases/", {"cursor": bad_cursor})
        assert cursor.status_code == 400 and set(cursor.json()["error"]["fields"]) == {"cursor"}
    nul = as_api(world.grid_worker).get("/api/cases/", {"q": "a\x00b"})
    assert nul.status_code == 400


def test_cursor_pagination_walks_every_case_once(world: World, as_api, report_case) -> None:  # type: ignore[no-untyped-def]
    cases = [report_case() for _ in range(5)]
    api = as_api(world.grid_worker)
    seen: list[int] = []
    url: str | None = "/api/cases/?page_size=2"
    pages = 0
    while url:
        response = api.get(url)
        seen += ids(response)
        url = response.json()["next"]
        pages += 1
    assert pages == 3
    assert seen == sorted((c.pk for c in cases), reverse=True)
    back = api.get(api.get("/api/cases/?page_size=2").json()["next"]).json()["previous"]
    assert ids(api.get(back)) == seen[:2]


def _page_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/cases/").status_code == 200
    return len(queries.captured_queries)


def test_list_query_count_does_not_grow_with_the_cases(world: World, as_api, report_case) -> None:  # type: ignore[no-untyped-def]
    api = as_api(world.grid_worker)
    for _ in range(2):
        report_case()
    Case.objects.update(assignee=world.grid_worker)
    api.get("/api/cases/")  # the token's first use writes last_used_at; measure afterwards
    few = _page_queries(api)
    for _ in range(10):
        report_case(category=world.labour)
    Case.objects.update(assignee=world.grid_worker)
    assert _page_queries(api) == few
    assert few <= 4


def test_me(world: World, as_api) -> None:
    body = as_api(world.grid_worker).get("/api/me/").json()
    assert body["username"] == "grid_worker" and body["name"] == "Grid Worker"
    assert body["memberships"] == [
        {
            "unit": {"id": world.community_office.pk, "name": "Community A1a office", "kind": "community_office"},
            "role": "grid_worker",
            "area": {"code": world.grid_a1a1.code, "name": "Grid A1a1", "level": 6},
            "handles_cases": True,
        }
    ]
