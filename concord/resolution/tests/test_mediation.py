"""Mediation through the pages: sessions, the agreement with its terms and signatures, how the
mediation ended; the printed agreement and the public check of its QR code."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from concord.cases.models import CaseEvent, Outcome, Party, PartyKind, PartyRole, Status
from concord.cases.services import accept_case, start_mediation
from concord.intake.tests.test_posters import decode_svg, inline_svgs
from concord.resolution.models import Agreement, AgreementStatus, MediationSession, SessionStatus
from concord.resolution.tests.conftest import Paths, act
from conftest import reload

pytestmark = pytest.mark.django_db


def _in_mediation(paths: Paths, report_case):  # type: ignore[no-untyped-def]
    case = report_case()
    Party.objects.create(case=case, role=PartyRole.OTHER_PARTY, kind=PartyKind.PERSON, name="Zhao Lei")
    accept_case(case, actor=paths.world.grid_worker)
    start_mediation(case, actor=paths.world.grid_worker)
    return reload(case)


def _when(days: float) -> str:
    return (timezone.localtime() + timedelta(days=days)).strftime("%Y-%m-%d %H:%M")


def _agreement(worker, case, **terms):  # type: ignore[no-untyped-def]
    data = {"facts": "Music after 23:00 on weekdays.", **terms}
    return act(worker, case, "draft_agreement", **data)


def test_sessions_planned_held_and_bad_times(paths: Paths, as_user, report_case) -> None:  # type: ignore[no-untyped-def]
    case = _in_mediation(paths, report_case)
    worker = as_user(paths.world.grid_worker)
    response = act(worker, case, "plan_session", starts_at=_when(-1), place="Office", mediators="Li")
    assert response.status_code == 400 and "must be in the future" in response.content.decode()
    assert act(worker, case, "plan_session", starts_at=_when(2), place="Office", mediators="Li").status_code == 302
    planned = MediationSession.objects.get(case=case)
    held = {"starts_at": _when(2), "place": "Office", "mediators": "Li", "summary": "Talked.", "session": planned.pk}
    response = act(worker, case, "record_session", **held)
    assert response.status_code == 400 and "cannot be marked as held" in response.content.decode()
    held["starts_at"] = _when(-0.01)
    assert act(worker, case, "record_session", present=["reporter"], **held).status_code == 302
    planned.refresh_from_db()
    assert planned.status == SessionStatus.HELD and planned.attendance == {"reporter": True, "other_party": False}
    line = CaseEvent.objects.get(case=case, action="mediation.session_held")
    assert line.is_public and "Talked." not in line.note and line.data["staff_note"] == "Talked."


def test_agreement_written_signed_and_the_case_resolved(paths: Paths, as_user, report_case) -> None:  # type: ignore[no-untyped-def]
    case = _in_mediation(paths, report_case)
    worker = as_user(paths.world.grid_worker)
    response = _agreement(worker, case, term_1="", term_1_due="")
    assert response.status_code == 400  # a first term is required
    due = (timezone.localdate() + timedelta(days=10)).isoformat()
    assert (
        _agreement(
            worker, case, term_1="Zhao Lei pays for the repairs", term_1_amount="1200", term_1_due=due
        ).status_code
        == 302
    )
    agreement = Agreement.objects.get(case=case)
    assert agreement.status == AgreementStatus.DRAFT and [t.kind for t in agreement.terms.all()] == ["payment"]
    response = act(worker, case, "end_mediation", outcome="agreement", note="Done.")
    assert response.status_code == 400 and "signatures" in response.content.decode()
    assert act(worker, case, "sign_agreement", agreement=agreement.pk, party=1, how="in_person").status_code == 302
    assert act(worker, case, "sign_agreement", agreement=agreement.pk, party=1, how="in_person").status_code == 400
    assert act(worker, case, "sign_agreement", agreement=agreement.pk, party=2, how="remote").status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.SIGNED
    assert CaseEvent.objects.get(case=case, action="agreement.signed").is_public
    assert act(worker, case, "end_mediation", outcome="agreement", note="Both signed.").status_code == 302
    done = reload(case)
    assert done.status == Status.RESOLVED and done.outcome == Outcome.AGREEMENT


def test_no_agreement_returns_the_case_to_hand(paths: Paths, as_user, report_case) -> None:  # type: ignore[no-untyped-def]
    case = _in_mediation(paths, report_case)
    worker = as_user(paths.world.grid_worker)
    assert act(worker, case, "end_mediation", outcome="no_agreement", note="They would not meet.").status_code == 302
    assert reload(case).status == Status.ACCEPTED


def test_printed_agreement_and_its_public_check(paths: Paths, as_user, report_case) -> None:  # type: ignore[no-untyped-def]
    case = _in_mediation(paths, report_case)
    worker = as_user(paths.world.grid_worker)
    due = (timezone.localdate() + timedelta(days=10)).isoformat()
    _agreement(worker, case, term_1="Keep music down after 22:00", term_1_due=due)
    agreement = Agreement.objects.get(case=case)
    page = worker.get(f"/staff/cases/{case.pk}/agreements/{agreement.pk}", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Zhao Lei" in body and "Keep music down after 22:00" in body and agreement.code in body
    fingerprint = page.context["doc"].fingerprint
    # The printed QR code holds the check page's address; that page shows the same fingerprint, no names.
    decoded = [text for svg in inline_svgs(body) for text in decode_svg(svg)]
    assert len(decoded) == 1 and decoded[0].endswith(f"/a/{agreement.code}")
    check = as_user(paths.world.outsider).get(f"/a/{agreement.code}", HTTP_ACCEPT_LANGUAGE="en")
    text = check.content.decode()
    assert check.status_code == 200 and fingerprint in text and "Zhao Lei" not in text and "Keep music" not in text
    assert as_user(paths.world.outsider).get(f"/staff/cases/{case.pk}/agreements/{agreement.pk}").status_code == 404
    assert worker.get("/a/NOSUCHCODE").status_code == 404
