"""Acting on cases through the API: every transition, 409 naming the allowed actions, 400
with messages per field, messages in the language the client asks for."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.test import Client

from concord.cases.models import CaseEvent, Outcome, Status
from concord.testing import World
from conftest import reload

pytestmark = pytest.mark.django_db


def act(client: Client, case, action: str, **data):  # type: ignore[no-untyped-def]
    return client.post(f"/api/cases/{case.pk}/{action}/", data, content_type="application/json")


def ok(response) -> dict:  # type: ignore[no-untyped-def, type-arg]
    assert response.status_code == 200, response.content
    return response.json()  # type: ignore[no-any-return]


def test_full_lifecycle_through_the_api(world: World, as_api, report_case) -> None:  # type: ignore[no-untyped-def]
    case = report_case()
    worker = as_api(world.grid_worker)
    body = ok(act(worker, case, "sign-for", note="On my way."))
    assert body["status"] == "accepted" and body["assignee"]["id"] == world.grid_worker.pk
    assert body["allowed_actions"] == [
        "add_note",
        "start_mediation",
        "resolve",
        "escalate",
        "correct",
        "assess_risk",
        "raise_risk",
        "refer_counselling",
        "refer",
        "add_assisting_unit",
        "add_task",
    ]
    assert ok(act(worker, case, "add-note", note="Called both sides."))["status"] == "accepted"
    assert ok(act(worker, case, "start-mediation"))["status"] == "in_mediation"
    body = ok(act(worker, case, "resolve", outcome=Outcome.AGREEMENT, summary="Quiet after 22:00."))
    assert body["status"] == "resolved" and body["outcome"] == "agreement" and body["follow_up_deadline"]
    assert ok(act(worker, case, "follow-up", outcome="held", note="Still quiet."))["status"] == "resolved"
    assert ok(act(worker, case, "follow-up", outcome="held"))["status"] == "followed_up"
    body = ok(act(worker, case, "close"))
    assert body["status"] == "closed" and body["closed_at"]
    assert [event["action"] for event in body["timeline"]] == [
        "case.reported",
        "case.accepted",
        "case.note_added",
        "case.mediation_started",
        "case.resolved",
        "followup.held",
        "case.followed_up",
        "case.closed",
    ]
    accepted = body["timeline"][1]
    assert (accepted["actor"], accepted["from_status"], accepted["to_status"], accepted["note"]) == (
        "Grid Worker",
        "reported",
        "accepted",
        "On my way.",
    )


def test_escalate_sign_for_above_and_reopen(world: World, as_api, report_case) -> None:  # type: ignore[no-untyped-def]
    case = report_case()
    body = ok(act(as_api(world.grid_worker), case, "escalate", reason="Threats between the families."))
    assert body["status"] == "escalated" and body["unit"]["id"] == world.street_committee.pk
    # The grid worker still reads it (it is in their grid) but no longer acts on it.
    assert ok(as_api(world.grid_worker).get(f"/api/cases/{case.pk}/"))["allowed_actions"] == []
    lead = as_api(world.street_lead)
    assert ok(act(lead, case, "sign-for"))["assignee"]["id"] == world.street_lead.pk
    ok(act(lead, case, "resolve", outcome=Outcome.ADVICE, summary="Advice given."))
    body = ok(act(lead, case, "reopen", reason="It started again."))
    assert body["status"] == "reopened" and body["assignee"] is None


def test_reject_as_duplicate(world: World, as_api, report_case) -> None:  # type: ignore[no-untyped-def]
    original, copy = report_case(), report_case()
    worker = as_api(world.grid_worker)
    body = ok(act(worker, copy, "reject", reason="duplicate", duplicate_of=original.receipt.lower()))
    assert body["status"] == "rejected" and body["duplicate_of"] == original.receipt
    unknown = act(worker, report_case(), "reject", reason="duplicate", duplicate_of="ZZZZZZZZZZ")
    assert unknown.status_code == 400
    assert unknown.json()["error"]["code"] == "invalid"
    assert "No case with that receipt code" in unknown.json()["error"]["message"]


def test_illegal_transition_is_409_with_the_allowed_actions(world: World, as_api, report_case) -> None:  # type: ignore[no-untyped-def]
    case = report_case()
    response = act(as_api(world.grid_worker), case, "resolve", outcome=Outcome.ADVICE, summary="x")
    assert response.status_code == 409
    assert response.json() == {
        "error": {
            "code": "illegal_transition",
            "message": "You cannot record a resolution a case that is reported. "
            "Allowed now: sign for, add a note, escalate, reject, correct the category or area, "
            "record the risk checklist, raise the risk level, refer to counselling.",
            "allowed_actions": [
                "sign_for",
                "add_note",
                "escalate",
                "reject",
                "correct",
                "assess_risk",
                "raise_risk",
                "refer_counselling",
            ],
        }
    }
    assert reload(case).status == Status.REPORTED
    assert CaseEvent.objects.filter(case=case).count() == 1


def test_readable_case_of_another_unit_is_403(world: World, as_api, report_case) -> None:  # type: ignore[no-untyped-def]
    case = report_case()
    response = act(as_api(world.city_supervisor), case, "sign-for")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_bad_input_is_400_with_messages_per_field(world: World, as_api, report_case) -> None:  # type: ignore[no-untyped-def]
    case = report_case()
    worker = as_api(world.grid_worker)
    ok(act(worker, case, "sign-for"))
    response = act(worker, case, "resolve", outcome="magic", summary="   ")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and error["message"] == "Some of the input is not valid."
    assert set(error["fields"]) == {"outcome", "summary"}
    assert error["fields"]["summary"] == ["This field is required."]
    # Types are checked as the schema says: a number is not text.
    typed = act(worker, case, "escalate", reason=5)
    assert typed.status_code == 400 and typed.json()["error"]["fields"] == {"reason": ["Must be text."]}
    not_an_object = worker.post(f"/api/cases/{case.pk}/escalate/", [1, 2], content_type="application/json")
    assert not_an_object.status_code == 400
    broken = worker.post(f"/api/cases/{case.pk}/escalate/", "{not json", content_type="application/json")
    assert broken.status_code == 400 and broken.json()["error"]["code"] == "parse_error"
    assert reload(case).status == Status.ACCEPTED


def test_form_encoded_bodies_work_too(world: World, as_api, report_case) -> None:  # type: ignore[no-untyped-def]
    case = report_case()
    worker = as_api(world.grid_worker)
    form = "application/x-www-form-urlencoded"
    multipart = worker.post(f"/api/cases/{case.pk}/notes/", {"note": "x"})
    assert multipart.status_code == 415 and multipart.json()["error"]["code"] == "unsupported_media_type"
    response = worker.post(
        f"/api/cases/{case.pk}/escalate/", urlencode({"reason": "Too big for us."}), content_type=form
    )
    assert ok(response)["status"] == "escalated"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Allowed now: sign for"), ("zh-hans", "现在可以")],
)
def test_messages_follow_accept_language(world: World, as_api, report_case, language: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    case = report_case()
    response = act(as_api(world.grid_worker, language), case, "close")
    assert response.status_code == 409
    assert expected in response.json()["error"]["message"]
    assert response["Content-Language"] == language


def test_notes_list_and_add(world: World, as_api, report_case) -> None:  # type: ignore[no-untyped-def]
    case = report_case()
    worker = as_api(world.grid_worker)
    created = worker.post(
        f"/api/cases/{case.pk}/notes/",
        {"note": "Visited; nobody home.", "public": False},
        content_type="application/json",
    )
    assert created.status_code == 201
    assert created.json()["note"] == "Visited; nobody home." and created.json()["is_public"] is False
    public = worker.post(
        f"/api/cases/{case.pk}/notes/", {"note": "We are on it.", "public": True}, content_type="application/json"
    )
    assert public.status_code == 201 and public.json()["is_public"] is True
    notes = worker.get(f"/api/cases/{case.pk}/notes/").json()
    assert [(n["note"], n["is_public"]) for n in notes["results"]] == [
        ("Visited; nobody home.", False),
        ("We are on it.", True),
    ]
    assert CaseEvent.objects.get(pk=public.json()["id"]).is_public
    empty = worker.post(f"/api/cases/{case.pk}/notes/", {"note": ""}, content_type="application/json")
    assert empty.status_code == 400 and set(empty.json()["error"]["fields"]) == {"note"}
    assert (
        as_api(world.analyst)
        .post(f"/api/cases/{case.pk}/notes/", {"note": "x"}, content_type="application/json")
        .status_code
        == 403
    )
    assert as_api(world.outsider).get(f"/api/cases/{case.pk}/notes/").status_code == 404


def test_session_login_works_for_the_browser(world: World, as_user, report_case) -> None:  # type: ignore[no-untyped-def]
    case = report_case()
    assert as_user(world.grid_worker).get(f"/api/cases/{case.pk}/").status_code == 200


def test_reading_notes_is_audited(world: World, as_api, report_case) -> None:  # type: ignore[no-untyped-def]
    from concord.accounts.models import AuditLog

    case = report_case()
    assert as_api(world.grid_worker).get(f"/api/cases/{case.pk}/notes/").status_code == 200
    entry = AuditLog.objects.get(action="case.notes_viewed")
    assert (entry.actor, entry.object_id) == (world.grid_worker, str(case.pk))
