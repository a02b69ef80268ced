"""A worker handles a case through the staff pages, every action through HTTP."""

from __future__ import annotations

import pytest

from concord.cases.models import CaseEvent, Outcome, Status
from concord.notify.models import Notification
from concord.testing import World
from conftest import reload

pytestmark = pytest.mark.django_db


def act(client, case, action, **data):  # type: ignore[no-untyped-def]
    payload = {f"{action}-{key}": value for key, value in data.items()}
    return client.post(f"/staff/cases/{case.pk}/{action}", payload, HTTP_ACCEPT_LANGUAGE="en")


def test_full_lifecycle_through_the_pages(world: World, as_user, report_case) -> None:  # type: ignore[no-untyped-def]
    case = report_case()
    worker = as_user(world.grid_worker)
    assert act(worker, case, "sign_for").status_code == 302
    assert reload(case).status == Status.ACCEPTED and reload(case).due_at == reload(case).resolution_deadline
    assert act(worker, case, "add_note", note="Called both sides.").status_code == 302
    assert act(worker, case, "start_mediation").status_code == 302
    assert act(worker, case, "resolve", outcome=Outcome.AGREEMENT, summary="Quiet after 22:00.").status_code == 302
    resolved = reload(case)
    assert resolved.status == Status.RESOLVED and resolved.outcome == Outcome.AGREEMENT
    # The deadline in force is the first follow-up visit's (7 and 30 days by default).
    assert resolved.follow_up_deadline is not None and resolved.due_at == resolved.follow_up_deadline
    assert act(worker, case, "follow_up", outcome="held", note="Still quiet.").status_code == 302
    assert reload(case).status == Status.RESOLVED
    assert act(worker, case, "follow_up", outcome="held").status_code == 302
    assert reload(case).status == Status.FOLLOWED_UP
    assert act(worker, case, "close").status_code == 302
    assert reload(case).status == Status.CLOSED
    actions = list(CaseEvent.objects.filter(case=case).values_list("action", flat=True))
    assert actions == [
        "case.reported",
        "case.accepted",
        "case.note_added",
        "case.mediation_started",
        "case.resolved",
        "followup.held",
        "case.followed_up",
        "case.closed",
    ]
    accepted = CaseEvent.objects.get(case=case, action="case.accepted")
    assert (accepted.actor, accepted.from_status, accepted.to_status) == (world.grid_worker, "reported", "accepted")


def test_only_legal_actions_are_offered(world: World, as_user, report_case) -> None:  # type: ignore[no-untyped-def]
    case = report_case()
    page = as_user(world.grid_worker).get(f"/staff/cases/{case.pk}", HTTP_ACCEPT_LANGUAGE="en")
    offered = [action for action, _label, _form in page.context["actions"]]
    assert offered == ["sign_for", "add_note", "escalate", "reject", "correct"]
    assert f"/staff/cases/{case.pk}/resolve" not in page.content.decode()


def test_illegal_action_is_409_naming_the_allowed_ones(world: World, as_user, report_case) -> None:  # type: ignore[no-untyped-def]
    case = report_case()
    response = act(as_user(world.grid_worker), case, "resolve", outcome=Outcome.ADVICE, summary="x")
    assert response.status_code == 409
    body = response.content.decode()
    assert "Allowed now: sign for, add a note, escalate, reject" in body
    assert reload(case).status == Status.REPORTED
    assert CaseEvent.objects.filter(case=case).count() == 1


def test_role_without_handling_rights_gets_409(world: World, as_user, report_case) -> None:  # type: ignore[no-untyped-def]
    case = report_case()
    services_escalated = act(as_user(world.grid_worker), case, "escalate", reason="Needs the street.")
    assert services_escalated.status_code == 302
    response = act(as_user(world.city_supervisor), case, "sign_for")
    assert response.status_code == 409
    assert "Allowed now: none" in response.content.decode()


def test_escalation_moves_the_case_one_level_up_and_notifies_both(world: World, as_user, report_case) -> None:  # type: ignore[no-untyped-def]
    case = report_case()
    response = act(as_user(world.grid_worker), case, "escalate", reason="Threats between the families.")
    assert response.status_code == 302
    escalated = reload(case)
    assert escalated.unit == world.street_committee
    assert escalated.status == Status.ESCALATED and escalated.assignee is None
    assert escalated.escalation_count == 1
    units = set(
        Notification.objects.filter(kind="case.escalated", audience="staff").values_list("recipient_unit", flat=True)
    )
    assert units == {world.community_office.pk, world.street_committee.pk}
    # The street lead signs for it at the new level.
    assert act(as_user(world.street_lead), case, "sign_for").status_code == 302
    assert reload(case).assignee == world.street_lead


def test_escalating_needs_a_reason(world: World, as_user, report_case) -> None:  # type: ignore[no-untyped-def]
    case = report_case()
    response = act(as_user(world.grid_worker), case, "escalate", reason="")
    assert response.status_code == 400
    assert reload(case).status == Status.REPORTED


def test_reject_as_duplicate_and_reopen(world: World, as_user, report_case) -> None:  # type: ignore[no-untyped-def]
    original = report_case()
    copy = report_case()
    worker = as_user(world.grid_worker)
    response = act(worker, copy, "reject", reason="duplicate", duplicate_of=original.receipt.lower())
    assert response.status_code == 302
    rejected = reload(copy)
    assert rejected.status == Status.REJECTED and rejected.duplicate_of == original
    # Reopening is for leads and supervisors: the grid worker is refused with 409.
    assert act(worker, copy, "reopen", reason="Not a duplicate after all.").status_code == 409


def test_reject_duplicate_needs_a_known_receipt(world: World, as_user, report_case) -> None:  # type: ignore[no-untyped-def]
    case = report_case()
    response = act(as_user(world.grid_worker), case, "reject", reason="duplicate", duplicate_of="ZZZZZZZZZZ")
    assert response.status_code == 400
    assert "No case with that receipt code" in response.content.decode()


def test_lead_reopens_a_resolved_case(world: World, as_user, report_case) -> None:  # type: ignore[no-untyped-def]
    case = report_case()
    worker = as_user(world.grid_worker)
    act(worker, case, "escalate", reason="Bigger than us.")
    lead = as_user(world.street_lead)
    act(lead, case, "sign_for")
    act(lead, case, "resolve", outcome=Outcome.ADVICE, summary="Explained the rules.")
    assert act(lead, case, "reopen", reason="The noise started again.").status_code == 302
    reopened = reload(case)
    assert reopened.status == Status.REOPENED and reopened.due_at == reopened.sign_for_deadline
    assert act(lead, case, "sign_for").status_code == 302


def test_revealing_a_phone_is_audited(world: World, as_user, report_case) -> None:  # type: ignore[no-untyped-def]
    from concord.accounts.models import AuditLog

    case = report_case()
    worker = as_user(world.grid_worker)
    page = worker.get(f"/staff/cases/{case.pk}").content.decode()
    assert "13800138000" not in page and "8000" in page
    revealed = worker.post(f"/staff/cases/{case.pk}/contacts").content.decode()
    assert "13800138000" in revealed
    entry = AuditLog.objects.get(action="party.contact_revealed")
    assert (entry.actor, entry.action, entry.object_id) == (world.grid_worker, "party.contact_revealed", str(case.pk))
    assert "13800138000" not in str(entry.data)
