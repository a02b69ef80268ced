"""What the resident sees of the path (tracking page, Open311) and what staff read through the
API: plain words, what to bring, no personal details, the same access rules as the pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from concord.api.tests.conftest import api_client
from concord.cases.models import Party, PartyKind, PartyRole
from concord.cases.services import accept_case, add_note, start_mediation
from concord.resolution.mediation import plan_session, record_session
from concord.resolution.referrals import accept_referral, refer_case, revoke_referral
from concord.resolution.tests.conftest import Paths
from conftest import reload

pytestmark = pytest.mark.django_db

SECRET = "Her husband threatened her at the address"


def _referred(paths: Paths, report_case):  # type: ignore[no-untyped-def]
    world = paths.world
    case = report_case(category=world.labour, description="老板欠了我三个月工资，一共3万元")
    accept_case(case, actor=world.grid_worker)
    refer_case(
        reload(case),
        actor=world.grid_worker,
        channel="legal_aid",
        unit=paths.legal_aid.pk,
        reason=SECRET,
        consent="given",
    )
    return reload(case)


def test_the_tracking_page_shows_the_path_and_what_to_bring(paths: Paths, client, report_case) -> None:  # type: ignore[no-untyped-def]
    case = _referred(paths, report_case)
    page = client.get(f"/t/{case.receipt}", HTTP_ACCEPT_LANGUAGE="en")
    body = page.content.decode()
    assert page.status_code == 200
    assert "District A legal aid" in body and "What to bring" in body
    assert page.context["path"]["referral"].channel.documents  # the catalogue's list is shown
    assert SECRET not in body
    # Open311 shows the same plain line as its status note, never the reason.
    item = client.get("/open311/v2/requests.json", HTTP_ACCEPT_LANGUAGE="en").json()[0]
    assert "District A legal aid" in item["status_notes"] and SECRET not in str(item)


def test_a_planned_session_shows_on_the_tracking_page(paths: Paths, client, report_case) -> None:  # type: ignore[no-untyped-def]
    world = paths.world
    case = report_case()
    accept_case(case, actor=world.grid_worker)
    start_mediation(reload(case), actor=world.grid_worker)
    when = timezone.now() + timedelta(days=3)
    plan_session(
        reload(case), actor=world.grid_worker, starts_at=when, place="Community office, room 2", mediators="Li Ming"
    )
    body = client.get(f"/t/{case.receipt}", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Next mediation session" in body and "Community office, room 2" in body and "Li Ming" not in body


def test_the_api_reads_a_cases_resolution_with_the_same_access(paths: Paths, report_case) -> None:  # type: ignore[no-untyped-def]
    case = _referred(paths, report_case)
    lawyer = api_client(paths.lawyer)
    data = lawyer.get(f"/api/cases/{case.pk}/resolution/").json()
    assert [r["to_unit"]["name"] for r in data["referrals"]] == ["District A legal aid"]
    assert data["referrals"][0]["status"] == "pending"
    assert api_client(paths.officer).get(f"/api/cases/{case.pk}/resolution/").status_code == 404
    # Steps through the API: accept, then the sender revokes; the receiver loses the case.
    response = lawyer.post(f"/api/cases/{case.pk}/accept-referral/", {"note": "ok"}, content_type="application/json")
    assert response.status_code == 200 and "record_session" in response.json()["allowed_actions"]
    sender = api_client(paths.world.grid_worker)
    # The receiving unit holds the sessions now, not the sender.
    assert "record_session" not in sender.get(f"/api/cases/{case.pk}/").json()["allowed_actions"]
    response = sender.post(
        f"/api/cases/{case.pk}/revoke-referral/", {"reason": "Settled."}, content_type="application/json"
    )
    assert response.status_code == 200
    assert lawyer.get(f"/api/cases/{case.pk}/resolution/").status_code == 404
    suggestions = sender.get(f"/api/cases/{case.pk}/channels/").json()
    assert suggestions[0]["channel"] == "labour_arbitration"
    assert any(s["channel"] == "legal_aid" and s["units"] for s in suggestions)


def test_a_session_through_the_api_takes_typed_values(paths: Paths, report_case) -> None:  # type: ignore[no-untyped-def]
    world = paths.world
    case = report_case()
    accept_case(case, actor=world.grid_worker)
    start_mediation(reload(case), actor=world.grid_worker)
    body = {
        "starts_at": (timezone.now() - timedelta(hours=1)).isoformat(),
        "place": "Office",
        "mediators": "Li",
        "summary": "Agreed to talk again.",
        "present": ["reporter", "other_party"],
    }
    response = api_client(world.grid_worker).post(
        f"/api/cases/{case.pk}/record-session/", body, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    bad = api_client(world.grid_worker).post(
        f"/api/cases/{case.pk}/cancel-session/", {"session": "x", "reason": "r"}, content_type="application/json"
    )
    assert bad.status_code == 400


def test_the_case_page_reads_a_fixed_number_of_queries(paths: Paths, as_user, report_case) -> None:  # type: ignore[no-untyped-def]
    """However many referrals and sessions a case has, its page costs the same."""
    world = paths.world
    case = report_case()
    Party.objects.create(case=case, role=PartyRole.OTHER_PARTY, kind=PartyKind.PERSON, name="Zhao Lei")
    accept_case(case, actor=world.grid_worker)
    worker = as_user(world.grid_worker)

    def cost() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert worker.get(f"/staff/cases/{case.pk}").status_code == 200
        return len(queries)

    def more(n: int) -> None:
        for _ in range(n):
            refer_case(
                reload(case),
                actor=world.grid_worker,
                channel="people_mediation",
                unit=world.street_committee.pk,
                reason="r",
                consent="given",
            )
            accept_referral(reload(case), actor=world.street_lead)
            record_session(
                reload(case),
                actor=world.street_lead,
                starts_at=timezone.now() - timedelta(hours=1),
                place="Office",
                mediators="Li",
                summary="s",
            )
            revoke_referral(reload(case), actor=world.grid_worker, reason="back")
            add_note(reload(case), actor=world.grid_worker, note="n")

    more(1)
    cost()  # the first read fills the per-process caches (categories, channels)
    first = cost()
    more(3)
    assert cost() == first
