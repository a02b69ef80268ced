"""Fulfilment: a term past due becomes a task once, however often the sweep runs; a broken term
reopens a resolved case linked to its agreement; every term kept fulfils the agreement; and the
agreement's judicial confirmation at a court."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from concord.cases.models import CaseEvent, Party, PartyKind, PartyRole, Status
from concord.cases.services import accept_case, start_mediation
from concord.dates import day_start
from concord.resolution.fulfilment import sweep_terms
from concord.resolution.mediation import draft_agreement, end_mediation, sign_agreement
from concord.resolution.models import Agreement, AgreementStatus, Referral, Task, TermStatus
from concord.resolution.tests.conftest import Paths, act
from concord.sla.services import other_sweeps
from conftest import reload

pytestmark = pytest.mark.django_db


def _agreed(paths: Paths, report_case, terms: int = 2):  # type: ignore[no-untyped-def]
    worker = paths.world.grid_worker
    case = report_case()
    Party.objects.create(case=case, role=PartyRole.OTHER_PARTY, kind=PartyKind.PERSON, name="Zhao Lei")
    accept_case(case, actor=worker)
    start_mediation(case, actor=worker)
    today = timezone.localdate()
    rows = [(f"Term {n}", None, today + timedelta(days=n)) for n in range(1, terms + 1)]
    draft_agreement(reload(case), actor=worker, facts="Noise.", terms=rows)
    agreement = Agreement.objects.get(case=case)
    for party in (1, 2):
        sign_agreement(reload(case), actor=worker, agreement=agreement.pk, party=party, how="in_person")
    end_mediation(reload(case), actor=worker, outcome="agreement", note="Signed.")
    return reload(case), Agreement.objects.get(pk=agreement.pk)


def test_a_term_past_due_becomes_one_task(paths: Paths, report_case) -> None:  # type: ignore[no-untyped-def]
    case, agreement = _agreed(paths, report_case)
    first = agreement.terms.get(number=1)
    assert sweep_terms() == 0  # nothing is past due yet
    later = day_start(first.due_on + timedelta(days=1)) + timedelta(hours=1)  # the day after term 1 fell due
    assert sweep_terms(later) == 1 and sweep_terms(later) == 0
    assert other_sweeps(later)["agreement terms past due"] == 0
    task = Task.objects.get(case=case)
    first.refresh_from_db()
    assert first.overdue_task == task and task.unit == paths.world.community_office and task.term == first
    assert CaseEvent.objects.filter(case=case, action="agreement.term_overdue").count() == 1


def test_every_term_kept_fulfils_the_agreement(paths: Paths, as_user, report_case) -> None:  # type: ignore[no-untyped-def]
    case, agreement = _agreed(paths, report_case)
    worker = as_user(paths.world.grid_worker)
    for term in agreement.terms.all():
        assert act(worker, case, "record_term", term=term.pk, result="fulfilled").status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.FULFILLED
    assert CaseEvent.objects.get(case=case, action="agreement.fulfilled").is_public
    assert reload(case).status == Status.RESOLVED


def test_a_broken_agreement_reopens_the_case(paths: Paths, as_user, report_case) -> None:  # type: ignore[no-untyped-def]
    case, agreement = _agreed(paths, report_case)
    worker = as_user(paths.world.grid_worker)
    term = agreement.terms.get(number=2)
    response = act(worker, case, "record_term", term=term.pk, result="broken", note="")
    assert response.status_code == 400  # what happened is needed
    assert act(worker, case, "record_term", term=term.pk, result="broken", note="He stopped paying.").status_code == 302
    reopened = reload(case)
    assert reopened.status == Status.REOPENED and reopened.assignee is None
    event = CaseEvent.objects.get(case=case, action="agreement.broken")
    assert event.to_status == Status.REOPENED and event.data["agreement"] == agreement.pk and event.is_public
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.BROKEN
    assert agreement.terms.get(number=2).status == TermStatus.BROKEN


def test_judicial_confirmation_at_the_court(paths: Paths, as_user, report_case) -> None:  # type: ignore[no-untyped-def]
    case, agreement = _agreed(paths, report_case)
    worker = as_user(paths.world.grid_worker)
    response = act(worker, case, "request_confirmation", agreement=agreement.pk, unit=paths.legal_aid.pk)
    assert response.status_code == 400 and "court" in response.content.decode()
    assert act(worker, case, "request_confirmation", agreement=agreement.pk, unit=paths.court.pk).status_code == 302
    request = Referral.objects.get(case=case, purpose="confirmation")
    assert reload(case).status == Status.RESOLVED  # asking the court does not move the case
    assert act(worker, case, "request_confirmation", agreement=agreement.pk, unit=paths.court.pk).status_code == 409
    data = {"referral": request.pk, "reference": "(2026)川0101民特12号", "result": "confirmed"}
    assert act(worker, case, "record_confirmation", **data).status_code == 302
    agreement.refresh_from_db()
    assert agreement.confirmed_at is not None
    recorded = CaseEvent.objects.get(case=case, action="confirmation.recorded")
    assert recorded.is_public and paths.court.name in recorded.note and recorded.data["result"] == "confirmed"
