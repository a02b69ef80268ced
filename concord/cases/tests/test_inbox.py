"""The inbox: tabs, order by deadline, pagination, constant query count."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from concord.cases import services
from concord.cases.models import Case
from concord.testing import World

pytestmark = pytest.mark.django_db


def receipts(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [case.receipt for case in response.context["cases"]]


def test_tabs(world: World, as_user, report_case) -> None:  # type: ignore[no-untyped-def]
    mine = report_case()
    unassigned = report_case(region=world.grid_a1a2)
    overdue = report_case()
    Case.objects.filter(pk=overdue.pk).update(due_at=timezone.now() - timedelta(minutes=5))
    client = as_user(world.grid_worker)
    assert set(receipts(client.get("/staff/?tab=mine"))) == {mine.receipt, overdue.receipt}
    assert set(receipts(client.get("/staff/?tab=unit"))) == {mine.receipt, unassigned.receipt, overdue.receipt}
    assert receipts(client.get("/staff/?tab=overdue")) == [overdue.receipt]
    assert set(receipts(client.get("/staff/?tab=due_soon"))) == {mine.receipt, unassigned.receipt}
    assert client.get("/staff/?tab=nonsense").status_code == 404


def test_closed_cases_leave_the_inbox(world: World, as_user, report_case) -> None:  # type: ignore[no-untyped-def]
    case = report_case()
    services.reject_case(case, actor=world.grid_worker, reason="not_a_dispute", note="Spam.")
    assert receipts(as_user(world.grid_worker).get("/staff/?tab=mine")) == []


def test_soonest_deadline_first(world: World, as_user, report_case) -> None:  # type: ignore[no-untyped-def]
    later, sooner = report_case(), report_case()
    now = timezone.now()
    Case.objects.filter(pk=later.pk).update(due_at=now + timedelta(hours=5))
    Case.objects.filter(pk=sooner.pk).update(due_at=now + timedelta(hours=1))
    assert receipts(as_user(world.grid_worker).get("/staff/?tab=mine")) == [sooner.receipt, later.receipt]


def test_pagination(world: World, as_user, report_case, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CONCORD_PAGE_SIZE = 5
    made = {report_case().receipt for _ in range(7)}
    client = as_user(world.grid_worker)
    first = client.get("/staff/?tab=mine")
    second = client.get("/staff/?tab=mine&page=2")
    assert len(receipts(first)) == 5 and first.context["has_next"]
    assert len(receipts(second)) == 2 and not second.context["has_next"]
    assert set(receipts(first)) | set(receipts(second)) == made


@pytest.mark.parametrize("tab", ["mine", "unit", "area"])
def test_query_count_does_not_grow_with_rows(world: World, as_user, report_case, tab: str) -> None:  # type: ignore[no-untyped-def]
    client = as_user(world.grid_worker)
    report_case()
    client.get(f"/staff/?tab={tab}")  # warm up (session, content types)
    with CaptureQueriesContext(connection) as few:
        assert len(receipts(client.get(f"/staff/?tab={tab}"))) == 1
    for _ in range(12):
        report_case(region=world.grid_a1a1)
    with CaptureQueriesContext(connection) as many:
        assert len(receipts(client.get(f"/staff/?tab={tab}"))) == 13
    assert len(many.captured_queries) == len(few.captured_queries)


def test_case_page_query_count_does_not_grow_with_the_timeline(world: World, as_user, report_case) -> None:  # type: ignore[no-untyped-def]
    case = report_case()
    client = as_user(world.grid_worker)
    client.get(f"/staff/cases/{case.pk}")
    with CaptureQueriesContext(connection) as short:
        client.get(f"/staff/cases/{case.pk}")
    for i in range(10):
        services.add_note(case, actor=world.grid_worker, note=f"note {i}")
    with CaptureQueriesContext(connection) as long:
        client.get(f"/staff/cases/{case.pk}")
    assert len(long.captured_queries) == len(short.captured_queries)


def test_tab_badges_count_what_needs_action(world: World, as_user, report_case) -> None:  # type: ignore[no-untyped-def]
    report_case()
    late = report_case()
    Case.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(minutes=1))
    tabs = {key: count for key, _label, count in as_user(world.grid_worker).get("/staff/").context["tabs"]}
    assert (tabs["mine"], tabs["due_soon"], tabs["overdue"]) == (2, 1, 1)


def test_viewing_a_case_is_audited(world: World, as_user, report_case) -> None:  # type: ignore[no-untyped-def]
    from concord.accounts.models import AuditLog

    case = report_case()
    as_user(world.street_lead).get(f"/staff/cases/{case.pk}")
    entry = AuditLog.objects.get(action="case.viewed")
    assert (entry.actor, entry.object_id) == (world.street_lead, str(case.pk))


@pytest.mark.parametrize(("language", "label"), [("en", "My cases"), ("zh-hans", "我的案件")])
def test_inbox_speaks_the_users_language(world: World, as_user, language: str, label: str) -> None:  # type: ignore[no-untyped-def]
    body = as_user(world.grid_worker).get("/staff/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert label in body
