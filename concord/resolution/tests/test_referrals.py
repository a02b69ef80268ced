"""Referral through the pages: refer → accept / decline → complete / return / revoke; who sees
the case while it is referred; bad input; the SLA sweep for a referral nobody answered."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from concord.cases.models import CaseEvent, Outcome, Relation, Status
from concord.cases.services import accept_case, start_mediation
from concord.notify.models import Notification
from concord.resolution.models import Referral, ReferralStatus
from concord.resolution.referrals import escalate_referral, refer_case
from concord.resolution.tests.conftest import Paths, act
from concord.sla.services import sweep
from conftest import reload

pytestmark = pytest.mark.django_db


def _signed(paths: Paths, report_case, **kwargs):  # type: ignore[no-untyped-def]
    case = report_case(**kwargs)
    accept_case(case, actor=paths.world.grid_worker)
    return reload(case)


def _refer(client, case, unit, channel="people_mediation", **extra):  # type: ignore[no-untyped-def]
    data = {"channel": channel, "unit": unit.pk, "reason": "Needs a formal mediation.", "consent": "given", **extra}
    return act(client, case, "refer", **data)


def test_refer_accept_mediate_complete(paths: Paths, as_user, report_case) -> None:  # type: ignore[no-untyped-def]
    world = paths.world
    case = _signed(paths, report_case)
    worker, lead = as_user(world.grid_worker), as_user(world.street_lead)
    # Before the referral the street committee sees the case through its area but cannot act.
    assert _refer(worker, case, world.street_committee).status_code == 302
    referred = reload(case)
    referral = Referral.objects.get(case=case)
    assert referred.status == Status.REFERRED
    assert referral.status == ReferralStatus.PENDING and referral.previous_status == Status.ACCEPTED
    assert referred.due_at == referral.deadline == referred.referral_deadline
    assert case.shares.get().relation == Relation.REFERRED
    sent = CaseEvent.objects.get(case=case, action="referral.sent")
    assert sent.is_public and "Street A1 mediation committee" in sent.note
    assert sent.data["staff_note"] == "Needs a formal mediation."
    assert Notification.objects.filter(subject__contains="referred to you").exists()
    # The receiving unit finds it in its tab, and accepts it.
    tab = lead.get("/staff/?tab=shared", HTTP_ACCEPT_LANGUAGE="en")
    assert [c.pk for c in tab.context["cases"]] == [case.pk]
    page = lead.get(f"/staff/cases/{case.pk}", HTTP_ACCEPT_LANGUAGE="en")
    assert "accept_referral" in [code for code, _l, _f in page.context["resolution"]["referral_steps"]]
    assert act(lead, case, "accept_referral", note="We take it.").status_code == 302
    assert reload(case).due_at is None and case.shares.get().relation == Relation.RECEIVING
    # The sender cannot plan the receiving unit's sessions; the receiver can.
    when = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
    assert act(worker, case, "plan_session", starts_at=when, place="Room 2", mediators="Li").status_code == 409
    assert act(lead, case, "plan_session", starts_at=when, place="Room 2", mediators="Li").status_code == 302
    # The receiver completes it: the case is resolved, its unit told, the share kept as history.
    response = act(lead, case, "complete_referral", result="agreement", outcome="Both agreed to quiet hours.")
    assert response.status_code == 302
    done = reload(case)
    assert done.status == Status.RESOLVED and done.outcome == Outcome.AGREEMENT and done.follow_up_deadline
    assert Referral.objects.get(case=case).status == ReferralStatus.COMPLETED
    assert case.shares.get().relation == Relation.PAST


def test_declined_referral_goes_back_and_the_receiver_loses_the_case(paths: Paths, as_user, report_case) -> None:  # type: ignore[no-untyped-def]
    case = _signed(paths, report_case)
    start_mediation(case, actor=paths.world.grid_worker)
    worker, lawyer = as_user(paths.world.grid_worker), as_user(paths.lawyer)
    assert _refer(worker, case, paths.legal_aid, channel="legal_aid").status_code == 302
    assert lawyer.get(f"/staff/cases/{case.pk}").status_code == 200
    assert act(lawyer, case, "decline_referral", reason="").status_code == 400  # a reason is required
    assert act(lawyer, case, "decline_referral", reason="Not a legal aid matter.").status_code == 302
    back = reload(case)
    assert back.status == Status.IN_MEDIATION and back.due_at == back.resolution_deadline
    assert lawyer.get(f"/staff/cases/{case.pk}").status_code == 404
    assert worker.get(f"/staff/cases/{case.pk}").status_code == 200
    declined = CaseEvent.objects.get(case=case, action="referral.declined")
    assert declined.to_status == Status.IN_MEDIATION and "Not a legal aid matter." not in declined.note


def test_bad_referrals_are_refused_in_plain_words(paths: Paths, as_user, report_case) -> None:  # type: ignore[no-untyped-def]
    world = paths.world
    case = _signed(paths, report_case)
    worker = as_user(world.grid_worker)
    cases = [
        (world.community_office, "people_mediation", "cannot be referred to the unit that already has it"),
        (paths.legal_aid, "people_mediation", "does not serve"),
        (paths.legal_aid_b, "legal_aid", "does not cover the place"),
    ]
    for unit, channel, message in cases:
        response = _refer(worker, case, unit, channel=channel)
        assert response.status_code == 400, message
        assert message in response.content.decode()
    response = _refer(worker, case, world.street_committee, consent="not_needed")
    assert "why consent was not needed" in response.content.decode()
    assert reload(case).status == Status.ACCEPTED and not Referral.objects.exists()
    # A double click: the second is refused, one referral stands.
    assert _refer(worker, case, world.street_committee).status_code == 302
    assert _refer(worker, case, world.street_committee).status_code == 409
    assert Referral.objects.count() == 1


def test_the_sender_revokes_and_the_receiver_returns(paths: Paths, as_user, report_case) -> None:  # type: ignore[no-untyped-def]
    world = paths.world
    case = _signed(paths, report_case)
    worker, lead = as_user(world.grid_worker), as_user(world.street_lead)
    _refer(worker, case, world.street_committee)
    assert act(worker, case, "revoke_referral", reason="The parties settled it themselves.").status_code == 302
    assert reload(case).status == Status.ACCEPTED and not case.shares.exists()
    _refer(worker, case, world.street_committee)
    act(lead, case, "accept_referral")
    assert act(lead, case, "return_referral", reason="The other party moved to district B.").status_code == 302
    assert reload(case).status == Status.ACCEPTED and not case.shares.exists()
    statuses = list(Referral.objects.filter(case=case).order_by("id").values_list("status", flat=True))
    assert statuses == [ReferralStatus.REVOKED, ReferralStatus.RETURNED]


def test_a_court_referral_is_recorded_by_the_sender(paths: Paths, as_user, report_case) -> None:  # type: ignore[no-untyped-def]
    case = _signed(paths, report_case, category=paths.world.labour, description="老板欠了三个月工资，一共3万元")
    worker = as_user(paths.world.grid_worker)
    assert _refer(worker, case, paths.arbitration, channel="labour_arbitration").status_code == 302
    referred = reload(case)
    assert referred.due_at is None and not case.shares.exists()  # the committee is outside Concord
    assert act(worker, case, "accept_referral").status_code == 400  # their reference is needed
    assert act(worker, case, "accept_referral", reference="锦劳仲案字〔2026〕118号").status_code == 302
    response = act(worker, case, "complete_referral", result="decided", outcome="Award: wages paid in full.")
    assert response.status_code == 302
    done = reload(case)
    assert done.status == Status.RESOLVED and done.outcome == Outcome.DECIDED
    assert Referral.objects.get(case=case).reference == "锦劳仲案字〔2026〕118号"


def test_an_unanswered_referral_is_escalated_by_the_sweep(paths: Paths, report_case) -> None:  # type: ignore[no-untyped-def]
    world = paths.world
    case = _signed(paths, report_case)
    refer_case(
        case,
        actor=world.grid_worker,
        channel="people_mediation",
        unit=world.street_committee.pk,
        reason="r",
        consent="given",
    )
    referral = Referral.objects.get(case=case)
    later = referral.deadline + timedelta(minutes=1)
    assert sweep(now=later) == 1
    moved = Referral.objects.get(pk=referral.pk)
    assert moved.to_unit == world.district_committee and moved.escalations == 1
    assert case.shares.get().unit == world.district_committee
    assert sweep(now=later) == 0  # the new deadline is later: nothing more to do
    # At the top (the city centre has nothing above it serving the channel) the sender is told once.
    assert sweep(now=moved.deadline + timedelta(minutes=1)) == 1
    top = Referral.objects.get(pk=referral.pk)
    assert top.to_unit == world.city_centre
    assert escalate_referral(reload(case), actor=None, now=top.deadline + timedelta(minutes=1)) is not None
    assert reload(case).due_at is None
    assert CaseEvent.objects.filter(case=case, action="referral.overdue_at_top").count() == 1
    assert sweep(now=top.deadline + timedelta(days=30)) == 0
