"""Risk on real cases, through HTTP: a report's words set its level; an urgent case is signed
for sooner, its leads are told, it comes first everywhere with its evidence and what to do;
the checklist and a worker may raise the level, only a supervisor lowers it; none of it is
public."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client

from concord.accounts.models import Membership, Role, Unit, UnitKind
from concord.cases.models import CaseEvent
from concord.notify.models import Notification
from concord.risk.engine.levels import RiskLevel
from concord.risk.models import CaseRisk
from concord.testing import World
from conftest import reload

pytestmark = pytest.mark.django_db

THREAT = "他喝了酒说要杀了我，手里还拿着菜刀。"
NOISE = "楼上每天半夜装修，太吵了。"


def act(client, case, action, **data):  # type: ignore[no-untyped-def]
    payload = {f"{action}-{key}": value for key, value in data.items()}
    return client.post(f"/staff/cases/{case.pk}/{action}", payload, HTTP_ACCEPT_LANGUAGE="en")


def lead_of(unit: Unit, username: str, role: str = Role.UNIT_LEAD) -> User:
    user = User.objects.create_user(username, password="x")
    Membership.objects.create(user=user, unit=unit, role=role)
    return user


def test_a_threat_with_a_weapon_is_critical_signed_for_sooner_and_told_to_the_leads(world: World, report_case) -> None:  # type: ignore[no-untyped-def]
    community_lead = lead_of(world.community_office, "community_lead")
    case = report_case(description=THREAT)
    assert case.risk_level == RiskLevel.CRITICAL
    assert case.sign_for_deadline - case.created_at == timedelta(minutes=30) == case.due_at - case.created_at
    evidence = CaseRisk.objects.get(case=case).assessment
    words = {factor["code"]: factor["words"] for factor in evidence["factors"]}
    assert "杀了我" in "".join(words["threat_to_kill"]) and "菜刀" in "".join(words["weapon"])
    assert evidence["rules"] == ["threat_to_kill", "threat_to_kill_with_weapon"]
    assert CaseEvent.objects.get(case=case).data["risk"] == "critical"
    told = Notification.objects.filter(kind="case.urgent", case=case)
    # The community office's lead, and the street committee one level up (its lead).
    assert {n.recipient_user for n in told if n.recipient_user} == {community_lead, world.street_lead}


def test_an_ordinary_report_stays_standard_with_no_evidence_row(world: World, report_case) -> None:  # type: ignore[no-untyped-def]
    case = report_case(description=NOISE)
    assert case.risk_level == RiskLevel.STANDARD and not CaseRisk.objects.filter(case=case).exists()
    assert case.sign_for_deadline - case.created_at == timedelta(hours=2)
    assert not Notification.objects.filter(kind="case.urgent").exists()


def test_urgent_cases_come_first_in_every_inbox_with_a_red_marker(world: World, as_user, report_case) -> None:  # type: ignore[no-untyped-def]
    ordinary = report_case(description=NOISE)
    urgent = report_case(description=THREAT)
    for client, tab in ((as_user(world.grid_worker), "mine"), (as_user(world.city_supervisor), "area")):
        page = client.get(f"/staff/?tab={tab}", HTTP_ACCEPT_LANGUAGE="en")
        assert [c.pk for c in page.context["cases"]][:2] == [urgent.pk, ordinary.pk]
        assert "Critical risk" in page.content.decode()
        risk_tab = client.get("/staff/?tab=risk")
        assert [c.pk for c in risk_tab.context["cases"]] == [urgent.pk]
    assert as_user(world.outsider).get("/staff/?tab=risk").context["cases"] == []


def test_the_case_page_shows_why_and_what_to_do_today(world: World, as_user, report_case) -> None:  # type: ignore[no-untyped-def]
    case = report_case(description=THREAT)
    body = as_user(world.grid_worker).get(f"/staff/cases/{case.pk}", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Critical" in body and "A threat to kill and a weapon: critical" in body
    assert "<q>" in body and "菜刀" in body
    assert "Visit the parties in person today" in body and "police on 110" in body and "ambulance on 120" in body
    assert "crisis line" not in body  # no self-harm here


def test_risk_is_never_public(world: World, client, report_case) -> None:  # type: ignore[no-untyped-def]
    from concord.cases.receipts import format_receipt

    case = report_case(description=THREAT)
    page = client.get(f"/t/{format_receipt(case.receipt)}", HTTP_ACCEPT_LANGUAGE="en")
    tracking = page.content.decode()
    # The resident's own page loaded (its receipt and status are on it), and says nothing of risk.
    assert page.status_code == 200 and format_receipt(case.receipt) in tracking and "Reported" in tracking
    assert "risk" not in tracking.lower() and "Critical" not in tracking
    response = client.get("/open311/v2/requests.json")
    assert [item["service_request_id"] for item in response.json()] == [str(case.pk)]
    listing = response.content.decode()
    assert "risk" not in listing.lower() and "critical" not in listing.lower() and "菜刀" not in listing


def test_the_checklist_raises_but_never_silently_lowers(world: World, as_user, report_case) -> None:  # type: ignore[no-untyped-def]
    case = report_case(description="他以前打过我，我很害怕。")
    worker = as_user(world.grid_worker)
    assert reload(case).risk_level == RiskLevel.HIGH  # prior violence + fear: 8
    assert act(worker, case, "sign_for").status_code == 302
    # "No" to what the text found is kept visible, and the level in force stays.
    response = act(worker, case, "assess_risk", prior_violence="no", fear="no", note="Talked to both.")
    assert response.status_code == 302
    assert reload(case).risk_level == RiskLevel.HIGH
    event = CaseEvent.objects.get(case=case, action="case.risk_assessed")
    assert event.data["computed"] == "standard" and event.data["kept"] is True and not event.is_public
    factors = {f["code"]: f for f in CaseRisk.objects.get(case=case).assessment["factors"]}
    assert factors["fear"]["answer"] == "no" and not factors["fear"]["counted"] and factors["fear"]["words"]
    # "Yes" to strangulation: at least high; with the threat to kill below, critical.
    act(worker, case, "assess_risk", strangulation="yes", threat_to_kill="yes", prior_violence="yes")
    assert reload(case).risk_level == RiskLevel.CRITICAL
    assert CaseRisk.objects.get(case=case).answers["strangulation"] == "yes"


def test_a_worker_raises_with_a_note_and_only_a_supervisor_lowers_with_a_reason(
    world: World, as_user, report_case
) -> None:  # type: ignore[no-untyped-def]
    case = report_case(description=NOISE)
    worker = as_user(world.grid_worker)
    assert act(worker, case, "raise_risk", level=RiskLevel.HIGH, note="").status_code == 400
    assert act(worker, case, "raise_risk", level=RiskLevel.HIGH, note="He waits for her outside.").status_code == 302
    raised = reload(case)
    assert raised.risk_level == RiskLevel.HIGH and raised.due_at - raised.created_at <= timedelta(minutes=31)
    assert act(worker, case, "lower_risk", level=RiskLevel.STANDARD, reason="x").status_code == 409
    supervisor = as_user(world.district_supervisor)  # above the community office, in its area
    page = supervisor.get(f"/staff/cases/{case.pk}", HTTP_ACCEPT_LANGUAGE="en")
    assert [step for step, _label, _form in page.context["risk"]["steps"]] == ["lower_risk"]
    assert act(supervisor, case, "lower_risk", level=RiskLevel.MEDIUM, reason="").status_code == 400
    assert (
        act(supervisor, case, "lower_risk", level=RiskLevel.MEDIUM, reason="Moved out; no contact.").status_code == 302
    )
    assert reload(case).risk_level == RiskLevel.MEDIUM
    events = CaseEvent.objects.filter(case=case, action__startswith="case.risk_").order_by("id")
    assert [(e.action, e.actor.username, e.data["risk"]) for e in events] == [
        ("case.risk_raised", "grid_worker", ["standard", "high"]),
        ("case.risk_lowered", "district_supervisor", ["high", "medium"]),
    ]
    # Analysts and supervisors elsewhere may not.
    assert act(as_user(world.analyst), case, "lower_risk", level=0, reason="x").status_code == 409
    assert act(as_user(world.outsider), case, "lower_risk", level=0, reason="x").status_code == 404


def test_a_note_that_says_more_raises_the_level_in_the_same_event(world: World, as_user, report_case) -> None:  # type: ignore[no-untyped-def]
    case = report_case(description=NOISE)
    act(as_user(world.grid_worker), case, "add_note", note="邻居说他昨晚掐了她的脖子。")
    note = CaseEvent.objects.get(case=case, action="case.note_added")
    assert note.data["risk"] == ["standard", "high"] and reload(case).risk_level == RiskLevel.HIGH
    assert CaseEvent.objects.filter(case=case).count() == 2


def test_self_harm_shows_the_crisis_line_and_refers_to_counselling(
    world: World, as_user, report_case, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.CONCORD_CRISIS_LINE = "12356"
    case = report_case(description="工资拖了半年，我真的不想活了。")
    worker = as_user(world.grid_worker)
    body = worker.get(f"/staff/cases/{case.pk}", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "crisis line 12356" in body and "refer_counselling" in body
    missing = act(worker, case, "refer_counselling")
    assert missing.status_code == 400 and "No counselling service" in missing.content.decode()
    counselling = Unit.objects.create(
        kind=UnitKind.COUNSELLING, region=world.district_a, name_zh="心理咨询中心", name_en="Counselling centre"
    )
    assert act(worker, case, "refer_counselling", note="Please call her today.").status_code == 302
    assert Notification.objects.filter(kind="case.referred_counselling", recipient_unit=counselling).count() == 1
    assert CaseEvent.objects.get(case=case, action="case.referred_counselling").data["unit"] == counselling.pk


def test_the_api_gives_the_level_the_evidence_and_a_filter(world: World, report_case) -> None:  # type: ignore[no-untyped-def]
    from concord.api.tests.conftest import api_client

    urgent = report_case(description=THREAT)
    report_case(description=NOISE)
    client = api_client(world.grid_worker)
    listed = client.get("/api/cases/", {"risk_level": "critical"}).json()["results"]
    assert [row["id"] for row in listed] == [urgent.pk] and listed[0]["risk_level"] == "critical"
    detail = client.get(f"/api/cases/{urgent.pk}/").json()
    assert detail["risk"]["level"] == "critical"
    assert {f["code"] for f in detail["risk"]["factors"]} >= {"threat_to_kill", "weapon"}
    assert client.get("/api/cases/", {"risk_level": "extreme"}).status_code == 400


def test_the_help_page_shows_the_levels_table_and_the_weights(world: World, as_user) -> None:  # type: ignore[no-untyped-def]
    body = as_user(world.grid_worker).get("/staff/help/risk", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "7–10" in body and "11+" in body and "Strangulation, choking or smothering" in body
    assert "A threat to kill and a weapon: critical" in body


def test_roles_from_one_area_do_not_apply_in_another(world: World, report_case) -> None:  # type: ignore[no-untyped-def]
    """A supervisor of district B who is also a grid worker in district A is only a grid
    worker over district A's cases: they may not lower a risk level there."""
    committee_b = Unit.objects.create(
        kind=UnitKind.MEDIATION_COMMITTEE, region=world.district_b, name_zh="B区调委会", name_en="District B committee"
    )
    both = lead_of(committee_b, "supervisor_b", role=Role.SUPERVISOR)
    Membership.objects.create(user=both, unit=world.community_office, role=Role.GRID_WORKER, region=world.grid_a1a2)
    case = report_case(region=world.grid_a1a2, description=THREAT)
    assert reload(case).risk_level == RiskLevel.CRITICAL
    client = Client()
    client.force_login(both)
    page = client.get(f"/staff/cases/{case.pk}", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and case.receipt[:5] in page.content.decode()
    assert "lower_risk" not in [step for step, _label, _form in page.context["risk"]["steps"]]
    response = act(client, case, "lower_risk", level=RiskLevel.STANDARD, reason="Not so bad.")
    assert response.status_code == 409
    assert reload(case).risk_level == RiskLevel.CRITICAL
    # In their own district they are a supervisor over what the units below handle.
    elsewhere = report_case(region=world.grid_b1, description=THREAT)
    assert act(client, elsewhere, "lower_risk", level=RiskLevel.HIGH, reason="Moved out.").status_code == 302
    assert reload(elsewhere).risk_level == RiskLevel.HIGH
